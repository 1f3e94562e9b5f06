import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Money, StatusHint } from '../src/modules/payments/adapter.ts';
import {
  GatewayConfigError,
  GatewayRejected,
  GatewayUnavailable,
  PaymentMismatch,
} from '../src/modules/payments/errors.ts';
import { ZarinpalAdapter } from '../src/modules/payments/zarinpal.ts';
import { cardDataIn } from '../src/simulators/payments/card-scan.ts';
import { pressPayButton } from '../src/simulators/payments/common.ts';
import { startTestMerchant, type TestMerchant } from '../src/simulators/payments/merchant.ts';
import { startZarinpalSimulator, type ZarinpalSimulator } from '../src/simulators/payments/zarinpal.ts';

const MERCHANT_ID = '1344b5d4-0048-11e8-94db-005056a205be';
const AMOUNT: Money = { minor: 1_250_000, currency: 'IRR' };

let sim: ZarinpalSimulator;
let merchant: TestMerchant;
let inRials: ZarinpalAdapter;
let inTomans: ZarinpalAdapter;
let serial = 0;

beforeAll(async () => {
  sim = await startZarinpalSimulator({ merchantId: MERCHANT_ID });
  inRials = new ZarinpalAdapter({ merchantId: MERCHANT_ID, baseUrl: sim.url, unit: 'IRR', timeoutMs: 2000 });
  inTomans = new ZarinpalAdapter({ merchantId: MERCHANT_ID, baseUrl: sim.url, unit: 'IRT', timeoutMs: 2000 });
  merchant = await startTestMerchant(inRials);
});

afterAll(async () => {
  await merchant.close();
  await sim.close();
});

async function begin(adapter = inRials, amount = AMOUNT) {
  const started = await adapter.initiate({
    attemptId: `ZP${Date.now().toString(36)}${serial++}`,
    orderRef: 'KN-1005',
    amount,
    returnUrl: merchant.returnUrl,
    notifyUrl: merchant.notifyUrl,
    locale: 'fa',
    customerIp: '203.0.113.7',
    description: 'سفارش KN-1005',
    createdAt: new Date(),
  });
  return { ref: started.gatewayRef, redirectUrl: started.redirectUrl ?? '' };
}

const verify = (gatewayRef: string, adapter = inRials, returnHint?: StatusHint, expected = AMOUNT) =>
  adapter.verify({ gatewayRef, expected, createdAt: new Date(), returnHint });

describe('ZarinPal v4 against its simulator', () => {
  it('pays: Status=OK comes back unsigned, verify captures (100), a second verify says 101', async () => {
    const { ref, redirectUrl } = await begin();
    expect(ref).toMatch(/^S.{35}$/);
    expect(redirectUrl).toBe(`${sim.url}/pg/StartPay/${ref}`);
    await pressPayButton(redirectUrl, 'pay');
    expect(merchant.returns.at(-1)).toMatchObject({ gatewayRef: ref, statusHint: 'success', signatureValid: null });
    const first = await verify(ref);
    expect(first).toMatchObject({ status: 'paid', code: '100', alreadyFinal: false, amount: AMOUNT });
    expect(first.gatewayTxnId).toMatch(/^\d{9}$/);
    const second = await verify(ref);
    expect(second).toMatchObject({ status: 'paid', code: '101', alreadyFinal: true, gatewayTxnId: first.gatewayTxnId });
  });

  it('[CM-03] drops card_pan and card_hash: only status, amount, currency and the reference remain', async () => {
    const { ref, redirectUrl } = await begin();
    await pressPayButton(redirectUrl, 'pay');
    const result = await verify(ref);
    expect(Object.keys(result).sort()).toEqual([
      'alreadyFinal',
      'amount',
      'code',
      'gatewayRef',
      'gatewayTxnId',
      'status',
    ]);
    const json = JSON.stringify(result);
    expect(json).not.toMatch(/card|[0-9A-F]{64}|\d{16}/i);
    expect(cardDataIn(json)).toEqual([]);
  });

  it('reads NOK as a cancel, and verify (-51) confirms nothing was paid', async () => {
    const cancelled = await begin();
    await pressPayButton(cancelled.redirectUrl, 'cancel');
    const hint = merchant.returns.at(-1)!;
    expect(hint.statusHint).toBe('cancelled');
    await expect(verify(cancelled.ref, inRials, hint.statusHint)).resolves.toMatchObject({
      status: 'cancelled',
      code: '-51',
    });
    const failed = await begin();
    await pressPayButton(failed.redirectUrl, 'fail');
    await expect(verify(failed.ref)).resolves.toMatchObject({ status: 'failed', code: '-51' });
  });

  it('does not take a forged Status=OK on trust: verify of an unpaid authority is not a payment', async () => {
    const { ref } = await begin();
    const forged = inRials.parseReturn({ query: { Authority: ref, Status: 'OK' }, body: undefined });
    await expect(verify(ref, inRials, forged.statusHint)).resolves.toMatchObject({ status: 'failed' });
  });

  it('refuses an amount that is not the requested one (-50)', async () => {
    const { ref, redirectUrl } = await begin();
    await pressPayButton(redirectUrl, 'pay');
    await expect(verify(ref, inRials, undefined, { minor: 1_000_000, currency: 'IRR' })).rejects.toThrow(
      PaymentMismatch,
    );
    await expect(verify(ref)).resolves.toMatchObject({ status: 'paid' });
  });

  it('sends tomans when configured for tomans, and verify must use the same unit as the request', async () => {
    const { ref, redirectUrl } = await begin(inTomans);
    expect(await (await fetch(redirectUrl)).text()).toContain('125000 IRT');
    await pressPayButton(redirectUrl, 'pay');
    await expect(verify(ref, inRials)).rejects.toThrow(PaymentMismatch);
    await expect(verify(ref, inTomans)).resolves.toMatchObject({ status: 'paid', amount: AMOUNT });
  });

  it('converts rials and tomans exactly and refuses a rial amount that is not whole tomans', () => {
    expect(inTomans.fromMinor(1_250_000)).toBe('125000');
    expect(inTomans.toMinor(125_000)).toBe(1_250_000);
    expect(inRials.fromMinor(1_250_000)).toBe('1250000');
    expect(inRials.toMinor('1250000')).toBe(1_250_000);
    expect(() => inTomans.fromMinor(1_250_005)).toThrow(RangeError);
  });

  it('refuses an unknown authority, an unknown merchant and reports a 5xx as GatewayUnavailable', async () => {
    await expect(verify('S00000000000000000000000000000000000')).rejects.toThrow(GatewayRejected);
    const stranger = new ZarinpalAdapter({
      merchantId: '00000000-0000-0000-0000-000000000000',
      baseUrl: sim.url,
      unit: 'IRR',
    });
    await expect(begin(stranger)).rejects.toThrow(GatewayConfigError);
    await expect(begin(inRials, { minor: 5_000, currency: 'IRR' })).rejects.toMatchObject({ code: '-9' });
    sim.faults.failNext('/pg/v4/payment/request.json');
    await expect(begin()).rejects.toThrow(GatewayUnavailable);
  });
});
