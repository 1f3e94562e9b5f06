import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Money } from '../src/modules/payments/adapter.ts';
import { GatewayConfigError, GatewayUnavailable, PaymentMismatch } from '../src/modules/payments/errors.ts';
import { VnpayAdapter, vnpDate, vnpEncode, vnpSignedText } from '../src/modules/payments/vnpay.ts';
import { cardDataIn } from '../src/simulators/payments/card-scan.ts';
import { pressPayButton } from '../src/simulators/payments/common.ts';
import { startTestMerchant, type TestMerchant } from '../src/simulators/payments/merchant.ts';
import { startVnpaySimulator, type VnpaySimulator } from '../src/simulators/payments/vnpay.ts';

const TERMINAL = { tmnCode: 'AMANAT01', hashSecret: 'VNPAYSANDBOXSECRETKEY0123456789' };
const AMOUNT: Money = { minor: 250_000, currency: 'VND' };
const ORDER_INFO = 'Thanh toán đơn hàng KT-1003: áo dài (size M) & nón lá';

let sim: VnpaySimulator;
let merchant: TestMerchant;
let adapter: VnpayAdapter;
let serial = 0;

const configure = (extra: Partial<typeof TERMINAL> = {}) =>
  new VnpayAdapter({ ...TERMINAL, payUrl: sim.payUrl, apiUrl: sim.apiUrl, serverIp: '127.0.0.1', ...extra });

beforeAll(async () => {
  sim = await startVnpaySimulator(TERMINAL);
  adapter = configure();
  merchant = await startTestMerchant(adapter);
  sim.setIpnUrl(merchant.notifyUrl);
});

afterAll(async () => {
  await merchant.close();
  await sim.close();
});

async function begin(createdAt = new Date()) {
  const started = await adapter.initiate({
    attemptId: `VN${Date.now().toString(36)}${serial++}`,
    orderRef: 'KT-1003',
    amount: AMOUNT,
    returnUrl: merchant.returnUrl,
    notifyUrl: merchant.notifyUrl,
    locale: 'vi',
    customerIp: '203.0.113.7',
    description: ORDER_INFO,
    createdAt,
  });
  merchant.store.open(started.gatewayRef, AMOUNT);
  return { ref: started.gatewayRef, redirectUrl: started.redirectUrl ?? '', createdAt };
}

const attempt = (ref: string) => merchant.store.attempts.get(ref)!;
const rspCode = (body: string) => (JSON.parse(body) as { RspCode: string }).RspCode;
const lastNotification = () => sim.notifications.length - 1;

/** Pays with the shop's IPN route down once, so the attempt is still open and the IPN can be replayed at will. */
async function payWithoutSettling() {
  const started = await begin();
  merchant.faults.failNext('/notify');
  await pressPayButton(started.redirectUrl, 'pay');
  return { ...started, index: lastNotification() };
}

describe('VNPay against its simulator', () => {
  it('pays: the IPN settles it (RspCode 00), the return is signed, querydr agrees', async () => {
    const { ref, redirectUrl, createdAt } = await begin();
    const landing = await pressPayButton(redirectUrl, 'pay');
    expect(landing.status).toBe(200);
    expect(rspCode(sim.notifications.at(-1)!.body)).toBe('00');
    expect(attempt(ref)).toMatchObject({ status: 'paid', amount: AMOUNT });
    expect(merchant.returns.at(-1)).toMatchObject({ gatewayRef: ref, statusHint: 'success', signatureValid: true });
    const verified = await adapter.verify({ gatewayRef: ref, expected: AMOUNT, createdAt });
    expect(verified).toMatchObject({ status: 'paid', amount: AMOUNT, code: '00' });
    expect(verified.gatewayTxnId).toBe(attempt(ref).settled[0].gatewayTxnId);
  });

  it('hashes Vietnamese vnp_OrderInfo as VNPay’s PHP demo encodes it, on both sides', async () => {
    expect(vnpEncode('Thanh toán (M)*~!')).toBe('Thanh+to%C3%A1n+%28M%29%2A%7E%21');
    expect(vnpSignedText({ vnp_b: 'x y', vnp_a: 'đ', vnp_c: '', other: 'z' })).toBe('vnp_a=%C4%91&vnp_b=x+y');
    const { ref, redirectUrl } = await begin();
    expect(redirectUrl).toContain(
      'vnp_OrderInfo=Thanh+to%C3%A1n+%C4%91%C6%A1n+h%C3%A0ng+KT-1003%3A+%C3%A1o+d%C3%A0i+%28size+M%29+%26',
    );
    const page = await (await fetch(redirectUrl)).text();
    expect(page).toContain('áo dài (size M) &amp; nón lá');
    await pressPayButton(redirectUrl, 'pay');
    expect(attempt(ref).status).toBe('paid');
  });

  it('[CM-03] reports only status, amount, currency and references, nothing about the card or bank', async () => {
    const { ref, redirectUrl, createdAt } = await begin();
    await pressPayButton(redirectUrl, 'pay');
    const verified = await adapter.verify({ gatewayRef: ref, expected: AMOUNT, createdAt });
    for (const result of [attempt(ref).settled[0], verified]) {
      expect(
        Object.keys(result)
          .filter((k) => k !== 'alreadyFinal')
          .sort(),
      ).toEqual(['amount', 'code', 'gatewayRef', 'gatewayTxnId', 'status']);
      const json = JSON.stringify(result);
      expect(json).not.toMatch(/card|bank|\d{16}/i);
      expect(cardDataIn(json)).toEqual([]);
    }
  });

  it('cancel (24) and failure (51) are recorded and acknowledged with 00; querydr with the hint agrees', async () => {
    const cancelled = await begin();
    await pressPayButton(cancelled.redirectUrl, 'cancel');
    expect(rspCode(sim.notifications.at(-1)!.body)).toBe('00');
    expect(attempt(cancelled.ref).status).toBe('cancelled');
    expect(merchant.returns.at(-1)?.statusHint).toBe('cancelled');
    const queried = await adapter.verify({
      gatewayRef: cancelled.ref,
      expected: AMOUNT,
      createdAt: cancelled.createdAt,
      returnHint: 'cancelled',
    });
    expect(queried.status).toBe('cancelled');
    const failed = await begin();
    await pressPayButton(failed.redirectUrl, 'fail');
    expect(attempt(failed.ref)).toMatchObject({ status: 'failed', settled: [{ code: '51' }] });
  });

  it('answers 97 to a tampered IPN: an altered vnp_Amount under the old hash, or a flipped hash', async () => {
    const { ref, index } = await payWithoutSettling();
    const hash = String(sim.notifications[index].payload.vnp_SecureHash);
    const flipped = (hash[0] === 'a' ? 'b' : 'a') + hash.slice(1);
    const changes: Record<string, string>[] = [
      { vnp_Amount: '100000' },
      { vnp_SecureHash: flipped },
      { vnp_SecureHash: '' },
    ];
    for (const change of changes) {
      expect(rspCode((await sim.resend(index, { change })).body)).toBe('97');
    }
    expect(attempt(ref).status).toBe('pending');
  });

  it('answers 04 to a correctly signed IPN whose amount is not the attempt’s, and verify refuses it too', async () => {
    const { ref, index, createdAt } = await payWithoutSettling();
    const delivery = await sim.resend(index, { change: { vnp_Amount: '100000' }, resign: true });
    expect(rspCode(delivery.body)).toBe('04');
    expect(attempt(ref).status).toBe('pending');
    const expected = { minor: 1000, currency: 'VND' } as const;
    await expect(adapter.verify({ gatewayRef: ref, expected, createdAt })).rejects.toThrow(PaymentMismatch);
  });

  it('answers 02 to a replayed IPN, and two IPNs at once make one transition', async () => {
    const { ref, index } = await payWithoutSettling();
    const both = await Promise.all([sim.resend(index), sim.resend(index)]);
    expect(both.map((d) => rspCode(d.body)).sort()).toEqual(['00', '02']);
    expect(rspCode((await sim.resend(index)).body)).toBe('02');
    expect(attempt(ref).settled).toHaveLength(1);
  });

  it('answers 01 to an IPN for an unknown vnp_TxnRef and 97 to one from another terminal', async () => {
    const { index } = await payWithoutSettling();
    const unknown = await sim.resend(index, { change: { vnp_TxnRef: 'NOSUCHREF' }, resign: true });
    expect(rspCode(unknown.body)).toBe('01');
    const other = await sim.resend(index, { change: { vnp_TmnCode: 'OTHER001' }, resign: true });
    expect(rspCode(other.body)).toBe('97');
  });

  it('settles through querydr when no IPN arrives; not found is pending, then expired after vnp_ExpireDate', async () => {
    sim.setNotificationsEnabled(false);
    try {
      const { ref, redirectUrl, createdAt } = await begin();
      await pressPayButton(redirectUrl, 'pay');
      expect(attempt(ref).status).toBe('pending');
      await expect(adapter.verify({ gatewayRef: ref, expected: AMOUNT, createdAt })).resolves.toMatchObject({
        status: 'paid',
      });
    } finally {
      sim.setNotificationsEnabled(true);
    }
    const unopened = await begin();
    await expect(
      adapter.verify({ gatewayRef: unopened.ref, expected: AMOUNT, createdAt: unopened.createdAt }),
    ).resolves.toMatchObject({ status: 'pending', code: '91' });
    const old = await begin(new Date(Date.now() - 20 * 60_000));
    await expect(
      adapter.verify({ gatewayRef: old.ref, expected: AMOUNT, createdAt: old.createdAt }),
    ).resolves.toMatchObject({ status: 'expired' });
  });

  it('retries an IPN the shop failed to answer, and the retry settles it', async () => {
    sim.setIpnRetries(2);
    try {
      const { ref, redirectUrl } = await begin();
      merchant.faults.failNext('/notify');
      await pressPayButton(redirectUrl, 'pay');
      expect(sim.notifications.slice(-2).map((d) => d.status)).toEqual([503, 200]);
      expect(attempt(ref).status).toBe('paid');
    } finally {
      sim.setIpnRetries(0);
    }
  });

  it('reports an expired session (11) as expired and a suspicious payment (07) for review', async () => {
    const late = await begin();
    sim.expire(late.ref);
    await pressPayButton(late.redirectUrl, 'pay');
    expect(attempt(late.ref)).toMatchObject({ status: 'expired', settled: [{ code: '11' }] });
    const suspicious = await begin();
    await pressPayButton(suspicious.redirectUrl, 'suspicious');
    expect(attempt(suspicious.ref).status).toBe('review');
  });

  it('turns a querydr 5xx into GatewayUnavailable and a wrong hash secret into GatewayConfigError', async () => {
    const { ref, createdAt } = await begin();
    sim.faults.failNext('/merchant_webapi/api/transaction');
    await expect(adapter.verify({ gatewayRef: ref, expected: AMOUNT, createdAt })).rejects.toThrow(GatewayUnavailable);
    const wrong = configure({ hashSecret: 'WRONG' });
    await expect(wrong.verify({ gatewayRef: ref, expected: AMOUNT, createdAt })).rejects.toThrow(GatewayConfigError);
  });

  it('converts vnp_Amount (VND × 100) and writes dates in GMT+7', () => {
    expect(adapter.fromMinor(10_000)).toBe('1000000');
    expect(adapter.toMinor('1000000')).toBe(10_000);
    expect(() => adapter.toMinor('1000050')).toThrow();
    expect(vnpDate(new Date('2024-01-31T18:30:05Z'))).toBe('20240201013005');
  });
});
