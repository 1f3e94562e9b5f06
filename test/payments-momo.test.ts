import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InitiateInput, Money } from '../src/modules/payments/adapter.ts';
import {
  GatewayConfigError,
  GatewayRejected,
  GatewayUnavailable,
  PaymentMismatch,
} from '../src/modules/payments/errors.ts';
import { MomoAdapter } from '../src/modules/payments/momo.ts';
import { cardDataIn } from '../src/simulators/payments/card-scan.ts';
import { pressPayButton } from '../src/simulators/payments/common.ts';
import { startTestMerchant, type TestMerchant } from '../src/simulators/payments/merchant.ts';
import { type MomoSimulator, startMomoSimulator } from '../src/simulators/payments/momo.ts';

const PARTNER = { partnerCode: 'MOMOAMANAT', accessKey: 'momo-access-key', secretKey: 'momo-secret-key' };
const AMOUNT: Money = { minor: 150_000, currency: 'VND' };

let sim: MomoSimulator;
let merchant: TestMerchant;
let adapter: MomoAdapter;
let serial = 0;

beforeAll(async () => {
  sim = await startMomoSimulator(PARTNER);
  adapter = new MomoAdapter({ ...PARTNER, baseUrl: sim.url, timeoutMs: 2000 });
  merchant = await startTestMerchant(adapter);
});

afterAll(async () => {
  await merchant.close();
  await sim.close();
});

const input = (extra: Partial<InitiateInput> = {}): InitiateInput => ({
  attemptId: `MM${Date.now().toString(36)}${serial++}`,
  orderRef: 'KT-1004',
  amount: AMOUNT,
  returnUrl: merchant.returnUrl,
  notifyUrl: merchant.notifyUrl,
  locale: 'vi',
  customerIp: '203.0.113.7',
  description: 'Thanh toán đơn hàng KT-1004',
  createdAt: new Date(),
  ...extra,
});

async function begin(using = adapter) {
  const started = await using.initiate(input());
  merchant.store.open(started.gatewayRef, AMOUNT);
  return { ref: started.gatewayRef, redirectUrl: started.redirectUrl ?? '' };
}

const attempt = (ref: string) => merchant.store.attempts.get(ref)!;
const verify = (gatewayRef: string, expected = AMOUNT) =>
  adapter.verify({ gatewayRef, expected, createdAt: new Date() });
const lastOutcome = () => merchant.received.at(-1)?.outcome;

async function payWithoutSettling() {
  const started = await begin();
  merchant.faults.failNext('/notify');
  await pressPayButton(started.redirectUrl, 'pay');
  return { ...started, index: sim.notifications.length - 1 };
}

describe('MoMo captureWallet against its simulator', () => {
  it('pays: the IPN is answered 204 and settles it, the redirect is signed, query agrees', async () => {
    const { ref, redirectUrl } = await begin();
    await pressPayButton(redirectUrl, 'pay');
    expect(sim.notifications.at(-1)?.status).toBe(204);
    expect(attempt(ref)).toMatchObject({ status: 'paid', amount: AMOUNT });
    expect(merchant.returns.at(-1)).toMatchObject({ gatewayRef: ref, statusHint: 'success', signatureValid: true });
    const verified = await verify(ref);
    expect(verified).toMatchObject({ status: 'paid', code: '0', amount: AMOUNT });
    expect(verified.gatewayTxnId).toBe(attempt(ref).settled[0].gatewayTxnId);
  });

  it('[CM-03] reports only status, amount, currency and references', async () => {
    const { ref, redirectUrl } = await begin();
    await pressPayButton(redirectUrl, 'pay');
    for (const result of [attempt(ref).settled[0], await verify(ref)]) {
      expect(
        Object.keys(result)
          .filter((k) => k !== 'alreadyFinal')
          .sort(),
      ).toEqual(['amount', 'code', 'gatewayRef', 'gatewayTxnId', 'status']);
      const json = JSON.stringify(result);
      expect(json).not.toMatch(/card|payType|\d{16}/i);
      expect(cardDataIn(json)).toEqual([]);
    }
  });

  it('records a cancel (1006) and a failure (1001); query agrees', async () => {
    const cancelled = await begin();
    await pressPayButton(cancelled.redirectUrl, 'cancel');
    expect(attempt(cancelled.ref).status).toBe('cancelled');
    expect(merchant.returns.at(-1)?.statusHint).toBe('cancelled');
    await expect(verify(cancelled.ref)).resolves.toMatchObject({ status: 'cancelled', code: '1006' });
    const failed = await begin();
    await pressPayButton(failed.redirectUrl, 'fail');
    expect(attempt(failed.ref)).toMatchObject({ status: 'failed', settled: [{ code: '1001' }] });
  });

  it('answers 400 to a tampered IPN (changed amount, flipped signature) and leaves the attempt open', async () => {
    const { ref, index } = await payWithoutSettling();
    const signature = String(sim.notifications[index].payload.signature);
    const flipped = (signature[0] === 'a' ? 'b' : 'a') + signature.slice(1);
    const changes: Record<string, string | number>[] = [
      { amount: 1000 },
      { signature: flipped },
      { resultCode: 0, message: 'x' },
    ];
    for (const change of changes) {
      expect((await sim.resend(index, { change })).status).toBe(400);
      expect(lastOutcome()).toBe('signature_invalid');
    }
    expect(attempt(ref).status).toBe('pending');
  });

  it('acknowledges but does not apply a signed IPN with another amount or for an unknown orderId', async () => {
    const { ref, index } = await payWithoutSettling();
    expect((await sim.resend(index, { change: { amount: 1000 }, resign: true })).status).toBe(204);
    expect(lastOutcome()).toBe('amount_mismatch');
    expect((await sim.resend(index, { change: { orderId: 'NOSUCHORDER' }, resign: true })).status).toBe(204);
    expect(lastOutcome()).toBe('unknown_ref');
    expect(attempt(ref).status).toBe('pending');
    await expect(verify(ref, { minor: 1000, currency: 'VND' })).rejects.toThrow(PaymentMismatch);
  });

  it('acknowledges a replayed IPN with 204 again, and two at once make one transition', async () => {
    const { ref, index } = await payWithoutSettling();
    const both = await Promise.all([sim.resend(index), sim.resend(index)]);
    expect(both.map((d) => d.status)).toEqual([204, 204]);
    expect(
      merchant.received
        .slice(-2)
        .map((r) => r.outcome)
        .sort(),
    ).toEqual(['accepted', 'duplicate']);
    await sim.resend(index);
    expect(lastOutcome()).toBe('duplicate');
    expect(attempt(ref).settled).toHaveLength(1);
  });

  it('settles through query when no IPN arrives; before paying, the order is pending (1000)', async () => {
    sim.setNotificationsEnabled(false);
    try {
      const { ref, redirectUrl } = await begin();
      await expect(verify(ref)).resolves.toMatchObject({ status: 'pending', code: '1000' });
      await pressPayButton(redirectUrl, 'pay');
      expect(attempt(ref).status).toBe('pending');
      await expect(verify(ref)).resolves.toMatchObject({ status: 'paid' });
    } finally {
      sim.setNotificationsEnabled(true);
    }
  });

  it('reports an expired payUrl (1005) as expired', async () => {
    const { ref, redirectUrl } = await begin();
    sim.expire(ref);
    await expect(verify(ref)).resolves.toMatchObject({ status: 'expired' });
    await pressPayButton(redirectUrl, 'pay');
    expect(attempt(ref)).toMatchObject({ status: 'expired', settled: [{ code: '1005' }] });
  });

  it('repeats a create with the same requestId idempotently and refuses amounts below 1,000 đồng', async () => {
    const same = input();
    const first = await adapter.initiate(same);
    await expect(adapter.initiate(same)).resolves.toEqual(first);
    await expect(adapter.initiate(input({ amount: { minor: 999, currency: 'VND' } }))).rejects.toMatchObject({
      code: '21',
    });
    await expect(adapter.initiate(input({ amount: { minor: 999, currency: 'VND' } }))).rejects.toThrow(GatewayRejected);
  });

  it('turns maintenance (10) and a 503 into GatewayUnavailable, and a wrong secret into GatewayConfigError', async () => {
    sim.setMaintenance(true);
    try {
      await expect(begin()).rejects.toMatchObject({ reason: 'maintenance' });
    } finally {
      sim.setMaintenance(false);
    }
    sim.faults.failNext('/v2/gateway/api/create');
    await expect(begin()).rejects.toThrow(GatewayUnavailable);
    const wrong = new MomoAdapter({ ...PARTNER, secretKey: 'wrong', baseUrl: sim.url });
    await expect(begin(wrong)).rejects.toThrow(GatewayConfigError);
  });

  it('sends amounts as whole đồng', () => {
    expect(adapter.fromMinor(150_000)).toBe('150000');
    expect(adapter.toMinor(150_000)).toBe(150_000);
    expect(adapter.toMinor('150000')).toBe(150_000);
    expect(() => adapter.toMinor('1500.5')).toThrow();
  });
});
