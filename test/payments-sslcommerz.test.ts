import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Money } from '../src/modules/payments/adapter.ts';
import { GatewayRejected, GatewayUnavailable, PaymentMismatch } from '../src/modules/payments/errors.ts';
import { SslcommerzAdapter } from '../src/modules/payments/sslcommerz.ts';
import { cardDataIn } from '../src/simulators/payments/card-scan.ts';
import { pressPayButton } from '../src/simulators/payments/common.ts';
import { startTestMerchant, type TestMerchant } from '../src/simulators/payments/merchant.ts';
import { type SslcommerzSimulator, startSslcommerzSimulator } from '../src/simulators/payments/sslcommerz.ts';

const STORE = { storeId: 'testbox', storePassword: 'qwerty' };
const SHOP_CONTACT = { email: 'shop@example.com', phone: '+8800000000000', city: 'Dhaka' };
const STORABLE_KEYS = ['alreadyFinal', 'amount', 'code', 'gatewayRef', 'gatewayTxnId', 'status'];

let sim: SslcommerzSimulator;
let merchant: TestMerchant;
let adapter: SslcommerzAdapter;
let serial = 0;

beforeAll(async () => {
  sim = await startSslcommerzSimulator(STORE);
  adapter = new SslcommerzAdapter({ ...STORE, baseUrl: sim.url, shopContact: SHOP_CONTACT, timeoutMs: 2000 });
  merchant = await startTestMerchant(adapter);
});

afterAll(async () => {
  await merchant.close();
  await sim.close();
});

/** A fresh attempt the shop expects `expected` for (a different amount simulates a merchant-side mix-up). */
async function begin(minor = 10026, expected?: Money) {
  const amount: Money = { minor, currency: 'BDT' };
  const started = await adapter.initiate({
    attemptId: `SSL${Date.now().toString(36)}${serial++}`,
    orderRef: 'HK-1001',
    amount,
    returnUrl: merchant.returnUrl,
    notifyUrl: merchant.notifyUrl,
    locale: 'bn',
    customerIp: '203.0.113.7',
    description: 'Order HK-1001',
    createdAt: new Date(),
  });
  merchant.store.open(started.gatewayRef, expected ?? amount);
  return { ref: started.gatewayRef, amount, redirectUrl: started.redirectUrl ?? '' };
}

const attempt = (ref: string) => merchant.store.attempts.get(ref)!;
const lastReceived = () => merchant.received.at(-1)!;
const lastReturn = () => merchant.returns.at(-1)!;

describe('SSLCommerz against its simulator', () => {
  it('pays: the signed IPN is validated with the Validation API, the return is signed, verify agrees', async () => {
    const { ref, amount, redirectUrl } = await begin();
    const page = await (await fetch(redirectUrl)).text();
    expect(page).toContain('100.26 BDT');
    const landing = await pressPayButton(redirectUrl, 'pay');
    expect(landing.url).toBe(merchant.returnUrl);
    expect(lastReturn()).toMatchObject({ gatewayRef: ref, statusHint: 'success', signatureValid: true });
    expect(lastReceived()).toMatchObject({ outcome: 'accepted', ack: { httpStatus: 200 } });
    expect(attempt(ref)).toMatchObject({ status: 'paid', amount });
    const verified = await adapter.verify({
      gatewayRef: ref,
      gatewayTxnId: lastReturn().gatewayTxnId,
      expected: amount,
      createdAt: new Date(),
    });
    // The IPN already called the Validation API once, so SSLCommerz now says VALIDATED.
    expect(verified).toMatchObject({ status: 'paid', alreadyFinal: true, code: 'VALIDATED', amount });
    expect(verified.gatewayTxnId).toBe(attempt(ref).settled[0].gatewayTxnId);
  });

  it('[CM-03] reports only status, amount, currency and references: the card number and issuer never leave the adapter', async () => {
    const { ref, amount, redirectUrl } = await begin();
    await pressPayButton(redirectUrl, 'pay');
    const sent = sim.notifications.at(-1)!.payload;
    expect(sent.card_no).toBe('432149XXXXXX0667');
    const report = attempt(ref).settled[0];
    const verified = await adapter.verify({ gatewayRef: ref, expected: amount, createdAt: new Date() });
    for (const result of [report, verified]) {
      expect(Object.keys(result).sort()).toEqual(STORABLE_KEYS);
      expect(Object.keys(result.amount!).sort()).toEqual(['currency', 'minor']);
      const json = JSON.stringify(result);
      expect(json).not.toMatch(/card|issuer|\d{16}/i);
      expect(cardDataIn(json)).toEqual([]);
    }
  });

  it('cancel and failure settle the attempt as such, and verify by tran_id agrees', async () => {
    const cancelled = await begin();
    await pressPayButton(cancelled.redirectUrl, 'cancel');
    expect(lastReturn().statusHint).toBe('cancelled');
    expect(attempt(cancelled.ref).status).toBe('cancelled');
    const failed = await begin();
    await pressPayButton(failed.redirectUrl, 'fail');
    expect(lastReturn().statusHint).toBe('failed');
    expect(attempt(failed.ref).status).toBe('failed');
    const verified = await adapter.verify({ gatewayRef: failed.ref, expected: failed.amount, createdAt: new Date() });
    expect(verified).toMatchObject({ status: 'failed', code: 'FAILED' });
  });

  it('refuses a tampered IPN (a changed amount, a flipped verify_sign) without changing the attempt', async () => {
    const { ref, redirectUrl } = await begin();
    merchant.faults.failNext('/notify');
    await pressPayButton(redirectUrl, 'pay');
    const index = sim.notifications.length - 1;
    expect(sim.notifications[index].status).toBe(503);
    const sign = String(sim.notifications[index].payload.verify_sign);
    const flipped = (sign[0] === 'a' ? 'b' : 'a') + sign.slice(1);
    const changes: Record<string, string>[] = [{ amount: '1.00' }, { verify_sign: flipped }, { status: 'FAILED' }];
    for (const change of changes) {
      const delivery = await sim.resend(index, { change });
      expect(delivery.status).toBe(400);
      expect(lastReceived().outcome).toBe('signature_invalid');
    }
    expect(attempt(ref).status).toBe('pending');
  });

  it('refuses a genuine payment whose amount is not the attempt’s, in the IPN and in verify', async () => {
    const { ref, amount, redirectUrl } = await begin(10026, { minor: 50000, currency: 'BDT' });
    await pressPayButton(redirectUrl, 'pay');
    expect(lastReceived().outcome).toBe('amount_mismatch');
    expect(attempt(ref).status).toBe('pending');
    const expected = { minor: 50000, currency: 'BDT' } as const;
    await expect(adapter.verify({ gatewayRef: ref, expected, createdAt: new Date() })).rejects.toThrow(PaymentMismatch);
    await expect(adapter.verify({ gatewayRef: ref, expected: amount, createdAt: new Date() })).resolves.toMatchObject({
      status: 'paid',
    });
  });

  it('acknowledges a replayed IPN and two IPNs at once with one transition', async () => {
    const { ref, redirectUrl } = await begin();
    merchant.faults.failNext('/notify');
    await pressPayButton(redirectUrl, 'pay');
    const index = sim.notifications.length - 1;
    const [first, second] = await Promise.all([sim.resend(index), sim.resend(index)]);
    expect([first.status, second.status]).toEqual([200, 200]);
    const outcomes = merchant.received
      .slice(-2)
      .map((r) => r.outcome)
      .sort();
    expect(outcomes).toEqual(['accepted', 'duplicate']);
    await sim.resend(index);
    expect(lastReceived().outcome).toBe('duplicate');
    expect(attempt(ref).settled).toHaveLength(1);
  });

  it('answers an IPN for an attempt the shop does not know as unknown', async () => {
    const { ref, redirectUrl } = await begin();
    merchant.store.attempts.delete(ref);
    await pressPayButton(redirectUrl, 'pay');
    expect(lastReceived().outcome).toBe('unknown_ref');
  });

  it('settles through verify when no IPN arrives, first VALID then VALIDATED', async () => {
    sim.setNotificationsEnabled(false);
    try {
      const { ref, amount, redirectUrl } = await begin();
      await pressPayButton(redirectUrl, 'pay');
      expect(attempt(ref).status).toBe('pending');
      const hint = lastReturn();
      const first = await adapter.verify({
        gatewayRef: ref,
        gatewayTxnId: hint.gatewayTxnId,
        expected: amount,
        createdAt: new Date(),
      });
      expect(first).toMatchObject({ status: 'paid', alreadyFinal: false, code: 'VALID' });
      const again = await adapter.verify({ gatewayRef: ref, expected: amount, createdAt: new Date() });
      expect(again).toMatchObject({ status: 'paid', alreadyFinal: true, gatewayTxnId: first.gatewayTxnId });
      const nothing = await begin();
      await expect(
        adapter.verify({ gatewayRef: nothing.ref, expected: nothing.amount, createdAt: new Date() }),
      ).resolves.toMatchObject({ status: 'pending', code: 'NOT_FOUND' });
    } finally {
      sim.setNotificationsEnabled(true);
    }
  });

  it('does not trust an unsigned return, nor a val_id the Validation API does not know', async () => {
    const { ref, amount } = await begin();
    const forged = adapter.parseReturn({ query: {}, body: { tran_id: ref, val_id: 'FORGED', status: 'VALID' } });
    expect(forged).toMatchObject({ statusHint: 'success', signatureValid: false });
    await expect(
      adapter.verify({ gatewayRef: ref, gatewayTxnId: 'FORGED', expected: amount, createdAt: new Date() }),
    ).rejects.toThrow(GatewayRejected);
  });

  it('reports an expired session as expired and a risky payment for review', async () => {
    const late = await begin();
    sim.expire(late.ref);
    await pressPayButton(late.redirectUrl, 'pay');
    expect(attempt(late.ref).status).toBe('expired');
    const risky = await begin();
    await pressPayButton(risky.redirectUrl, 'pay_risky');
    expect(attempt(risky.ref).status).toBe('review');
  });

  it('turns 5xx and timeouts into GatewayUnavailable, and asks for the IPN again when validation is down', async () => {
    sim.faults.failNext('/gwprocess/v4/api.php');
    await expect(begin()).rejects.toThrow(GatewayUnavailable);
    const { ref, redirectUrl } = await begin();
    sim.faults.failNext('/validator/api/validationserverAPI.php');
    await pressPayButton(redirectUrl, 'pay');
    expect(lastReceived()).toMatchObject({ outcome: 'error', ack: { httpStatus: 500 } });
    expect(attempt(ref).status).toBe('pending');
    const impatient = new SslcommerzAdapter({ ...STORE, baseUrl: sim.url, shopContact: SHOP_CONTACT, timeoutMs: 100 });
    sim.faults.delay('/gwprocess/v4/api.php', 300);
    const input = {
      attemptId: 'SSLSLOW1',
      orderRef: 'HK-1',
      amount: { minor: 10026, currency: 'BDT' as const },
      returnUrl: merchant.returnUrl,
      notifyUrl: merchant.notifyUrl,
      locale: 'en' as const,
      customerIp: '203.0.113.7',
      description: 'x',
      createdAt: new Date(),
    };
    await expect(impatient.initiate(input)).rejects.toMatchObject({ reason: 'timeout' });
    sim.faults.delay('/gwprocess/v4/api.php', 0);
  });

  it('refuses wrong store credentials and amounts below the gateway minimum at session init', async () => {
    const wrong = new SslcommerzAdapter({
      ...STORE,
      storePassword: 'nope',
      baseUrl: sim.url,
      shopContact: SHOP_CONTACT,
    });
    const input = {
      attemptId: 'SSLWRONG1',
      orderRef: 'HK-1',
      amount: { minor: 10026, currency: 'BDT' as const },
      returnUrl: merchant.returnUrl,
      notifyUrl: merchant.notifyUrl,
      locale: 'en' as const,
      customerIp: '203.0.113.7',
      description: 'x',
      createdAt: new Date(),
    };
    await expect(wrong.initiate(input)).rejects.toThrow(GatewayRejected);
    await expect(begin(999)).rejects.toThrow(GatewayRejected);
  });

  it('converts BDT decimal strings exactly, without floats', () => {
    expect(adapter.toMinor('100.26')).toBe(10026);
    expect(adapter.toMinor('1150.00')).toBe(115000);
    expect(adapter.toMinor('0.29')).toBe(29);
    expect(adapter.fromMinor(10026)).toBe('100.26');
    expect(adapter.fromMinor(5)).toBe('0.05');
    expect(() => adapter.toMinor('100.265')).toThrow();
  });
});
