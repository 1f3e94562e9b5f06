import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InitiateInput, Money, StatusHint } from '../src/modules/payments/adapter.ts';
import { BkashAdapter, type BkashConfig } from '../src/modules/payments/bkash.ts';
import {
  GatewayConfigError,
  GatewayRejected,
  GatewayUnavailable,
  PaymentMismatch,
} from '../src/modules/payments/errors.ts';
import { type BkashSimulator, startBkashSimulator } from '../src/simulators/payments/bkash.ts';
import { cardDataIn } from '../src/simulators/payments/card-scan.ts';
import { pressPayButton } from '../src/simulators/payments/common.ts';
import { startTestMerchant, type TestMerchant } from '../src/simulators/payments/merchant.ts';

const CREDENTIALS = { appKey: 'app-key', appSecret: 'app-secret', username: 'sandboxUser', password: 'sandboxPass' };
const PREFIX = '/v1.2.0-beta/tokenized/checkout';
const AMOUNT: Money = { minor: 10026, currency: 'BDT' };

let sim: BkashSimulator;
let merchant: TestMerchant;
let adapter: BkashAdapter;
let clock = Date.now();
let serial = 0;

const configure = (extra: Partial<BkashConfig> = {}) =>
  new BkashAdapter({ ...CREDENTIALS, baseUrl: sim.baseUrl, timeoutMs: 2000, now: () => clock, ...extra });

beforeAll(async () => {
  sim = await startBkashSimulator(CREDENTIALS);
  adapter = configure();
  merchant = await startTestMerchant(adapter);
});

afterAll(async () => {
  await merchant.close();
  await sim.close();
});

const input = (): InitiateInput => ({
  attemptId: `BK${Date.now().toString(36)}${serial++}`,
  orderRef: 'HK-1002',
  amount: AMOUNT,
  returnUrl: merchant.returnUrl,
  notifyUrl: merchant.notifyUrl,
  locale: 'bn',
  customerIp: '203.0.113.7',
  description: 'Order HK-1002',
  createdAt: new Date(),
});

async function begin(using = adapter) {
  const started = await using.initiate(input());
  return { ref: started.gatewayRef, redirectUrl: started.redirectUrl ?? '' };
}

const verify = (gatewayRef: string, extra: { returnHint?: StatusHint } = {}, using = adapter) =>
  using.verify({ gatewayRef, expected: AMOUNT, createdAt: new Date(), ...extra });

describe('bKash tokenized checkout against its simulator', () => {
  it('pays: the callback says success, execute captures, status agrees on repeat', async () => {
    const { ref, redirectUrl } = await begin();
    expect(ref).toMatch(/^TR0011/);
    const landing = await pressPayButton(redirectUrl, 'pay');
    expect(new URL(landing.url).pathname).toBe('/return');
    expect(merchant.returns.at(-1)).toMatchObject({ gatewayRef: ref, statusHint: 'success', signatureValid: null });
    const executed = await verify(ref, { returnHint: 'success' });
    expect(executed).toMatchObject({ status: 'paid', alreadyFinal: false, amount: AMOUNT, code: 'Completed' });
    expect(executed.gatewayTxnId).toMatch(/^[0-9A-F]{10}$/);
    const again = await verify(ref);
    expect(again).toMatchObject({ status: 'paid', alreadyFinal: true, gatewayTxnId: executed.gatewayTxnId });
  });

  it('[CM-03] keeps only status, amount, currency and references: never the payer’s MSISDN or reference', async () => {
    const { ref, redirectUrl } = await begin();
    await pressPayButton(redirectUrl, 'pay');
    const result = await verify(ref, { returnHint: 'success' });
    expect(Object.keys(result).sort()).toEqual([
      'alreadyFinal',
      'amount',
      'code',
      'gatewayRef',
      'gatewayTxnId',
      'status',
    ]);
    const json = JSON.stringify(result);
    expect(json).not.toMatch(/01770618575|msisdn|payer|\d{16}/i);
    expect(cardDataIn(json)).toEqual([]);
  });

  it('confirms cancel and failure by status only, never by executing', async () => {
    const cancelled = await begin();
    await pressPayButton(cancelled.redirectUrl, 'cancel');
    expect(merchant.returns.at(-1)?.statusHint).toBe('cancelled');
    await expect(verify(cancelled.ref, { returnHint: 'cancelled' })).resolves.toMatchObject({ status: 'cancelled' });
    const failed = await begin();
    await pressPayButton(failed.redirectUrl, 'fail');
    expect(merchant.returns.at(-1)?.statusHint).toBe('failed');
    await expect(verify(failed.ref, { returnHint: 'failed' })).resolves.toMatchObject({
      status: 'failed',
      code: 'Failed',
    });
  });

  it('does not take a forged success callback on trust: an unapproved payment stays pending', async () => {
    const { ref } = await begin();
    const forged = adapter.parseReturn({ query: { paymentID: ref, status: 'success' }, body: undefined });
    expect(forged.statusHint).toBe('success');
    await expect(verify(ref, { returnHint: forged.statusHint })).resolves.toMatchObject({
      status: 'pending',
      code: '2056',
    });
  });

  it('settles without any callback (the buyer closed the tab) and executes only once when verified twice at once', async () => {
    const { ref, redirectUrl } = await begin();
    await pressPayButton(redirectUrl, 'pay');
    const results = await Promise.all([verify(ref), verify(ref)]);
    expect(results.map((r) => r.status)).toEqual(['paid', 'paid']);
    expect(results[0].gatewayTxnId).toBe(results[1].gatewayTxnId);
  });

  it('refuses a captured amount that is not the attempt’s', async () => {
    const { ref, redirectUrl } = await begin();
    await pressPayButton(redirectUrl, 'pay');
    const expected = { minor: 20000, currency: 'BDT' } as const;
    await expect(adapter.verify({ gatewayRef: ref, expected, createdAt: new Date() })).rejects.toThrow(PaymentMismatch);
  });

  it('reconciles through status when execute times out instead of executing again', async () => {
    const impatient = configure({ timeoutMs: 150 });
    const { ref, redirectUrl } = await begin(impatient);
    await pressPayButton(redirectUrl, 'pay');
    sim.faults.delay(`${PREFIX}/execute`, 400);
    try {
      await expect(verify(ref, { returnHint: 'success' }, impatient)).resolves.toMatchObject({ status: 'paid' });
    } finally {
      sim.faults.delay(`${PREFIX}/execute`, 0);
    }
  });

  it('grants a token once, refreshes it when it ages out, and renews and retries once on a 401', async () => {
    const fresh = configure();
    const before = { ...sim.tokenCalls };
    await begin(fresh);
    await begin(fresh);
    expect(sim.tokenCalls).toEqual({ grant: before.grant + 1, refresh: before.refresh });
    clock += 3600_000;
    await begin(fresh);
    expect(sim.tokenCalls).toEqual({ grant: before.grant + 1, refresh: before.refresh + 1 });
    sim.expireTokens();
    await begin(fresh);
    expect(sim.tokenCalls).toEqual({ grant: before.grant + 1, refresh: before.refresh + 2 });
  });

  it('turns a 503 into GatewayUnavailable and refused credentials into GatewayConfigError', async () => {
    sim.faults.failNext(`${PREFIX}/create`);
    await expect(begin()).rejects.toThrow(GatewayUnavailable);
    await expect(begin(configure({ password: 'wrong' }))).rejects.toThrow(GatewayConfigError);
    await expect(verify('TR0011UNKNOWN')).rejects.toThrow(GatewayRejected);
  });

  it('sends and reads BDT as exact decimal strings', () => {
    expect(adapter.fromMinor(10026)).toBe('100.26');
    expect(adapter.fromMinor(1000)).toBe('10.00');
    expect(adapter.toMinor('100.26')).toBe(10026);
    expect(adapter.toMinor('10')).toBe(1000);
  });
});
