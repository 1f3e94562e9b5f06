import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatDecimal, parseDecimal } from '../src/modules/payments/amounts.ts';
import { MalformedMessage } from '../src/modules/payments/errors.ts';
import { MomoAdapter } from '../src/modules/payments/momo.ts';
import { receiveNotification } from '../src/modules/payments/notification.ts';
import { cardDataIn } from '../src/simulators/payments/card-scan.ts';
import { MemoryAttemptStore } from '../src/simulators/payments/merchant.ts';

const PARTNER = { partnerCode: 'MOMOAMANAT', accessKey: 'access', secretKey: 'secret' };
const momo = new MomoAdapter({ ...PARTNER, baseUrl: 'http://127.0.0.1:9' });

/** A MoMo IPN signed the way MoMo signs it, for judging notifications without a server. */
function momoIpn(orderId: string, resultCode: number) {
  const fields: Record<string, string | number> = {
    partnerCode: PARTNER.partnerCode,
    orderId,
    requestId: orderId,
    amount: 150_000,
    orderInfo: 'x',
    orderType: 'momo_wallet',
    transId: 4_000_000_001,
    resultCode,
    message: 'm',
    payType: 'qr',
    responseTime: 1_700_000_000_000,
    extraData: '',
  };
  const keys = [
    'amount',
    'extraData',
    'message',
    'orderId',
    'orderInfo',
    'orderType',
    'partnerCode',
    'payType',
    'requestId',
    'responseTime',
    'resultCode',
    'transId',
  ];
  const raw = `accessKey=${PARTNER.accessKey}&${keys.map((k) => `${k}=${fields[k]}`).join('&')}`;
  return {
    query: {},
    body: { ...fields, signature: createHmac('sha256', PARTNER.secretKey).update(raw).digest('hex') },
  };
}

describe('amounts in minor units', () => {
  it('parses decimal strings exactly, without floats', () => {
    expect(parseDecimal('t', '100.26', 2)).toBe(10026);
    expect(parseDecimal('t', '0.07', 2)).toBe(7);
    expect(parseDecimal('t', '1.1', 2)).toBe(110);
    expect(parseDecimal('t', '100.2600', 2)).toBe(10026);
    expect(parseDecimal('t', '9007199254740.99', 2)).toBe(900719925474099);
    for (const bad of ['1.005', '-1', '1e3', '', '10,00', '0x10']) {
      expect(() => parseDecimal('t', bad, 2)).toThrow(MalformedMessage);
    }
  });

  it('formats minor units back', () => {
    expect(formatDecimal(10026, 2)).toBe('100.26');
    expect(formatDecimal(7, 2)).toBe('0.07');
    expect(formatDecimal(10026, 0)).toBe('10026');
    expect(() => formatDecimal(1.5, 2)).toThrow(RangeError);
  });
});

describe('receiving a notification', () => {
  it('keeps a payment that arrives after the shop gave the attempt up, for a refund', async () => {
    const store = new MemoryAttemptStore();
    store.open('LATE1', { minor: 150_000, currency: 'VND' });
    store.giveUp('LATE1', 'expired');
    const received = await receiveNotification(momo, momoIpn('LATE1', 0), store);
    expect(received.outcome).toBe('accepted');
    expect(store.attempts.get('LATE1')).toMatchObject({ status: 'expired', orphanedPayment: true });
  });

  it('acknowledges a non-final result without settling, and asks again when the store fails', async () => {
    const store = new MemoryAttemptStore();
    store.open('WAIT1', { minor: 150_000, currency: 'VND' });
    const waiting = await receiveNotification(momo, momoIpn('WAIT1', 7000), store);
    expect(waiting).toMatchObject({ outcome: 'accepted', report: { status: 'pending' } });
    expect(store.attempts.get('WAIT1')?.status).toBe('pending');
    const broken = { find: store.find.bind(store), settle: async () => Promise.reject(new Error('database down')) };
    const failed = await receiveNotification(momo, momoIpn('WAIT1', 0), broken);
    expect(failed).toMatchObject({ outcome: 'error', ack: { httpStatus: 500 } });
    expect((failed.error as Error).message).toBe('database down');
  });
});

describe('scanning for card data (CM-03)', () => {
  it('finds card numbers, spaced or not, and masked ones as gateways return them', () => {
    expect(cardDataIn('pan 4111 1111 1111 1111 end')).toEqual(['4111 1111 1111 1111']);
    expect(cardDataIn('{"n":"4111111111111111"}')).toEqual(['4111111111111111']);
    expect(cardDataIn('432149XXXXXX0667 and 502229******5995')).toEqual(['432149XXXXXX0667', '502229******5995']);
  });

  it('leaves ordinary identifiers alone', () => {
    expect(cardDataIn('{"gatewayTxnId":"14226112","ref":"4111111111111112","code":"00"}')).toEqual([]);
  });
});
