import { describe, expect, it } from 'vitest';
import { initialStatus } from '../src/modules/orders/lifecycle.ts';
import { OFFLINE_METHODS } from '../src/modules/payments/offline.ts';

describe('offline payment methods', () => {
  it('fit the payment-adapter interface: no redirect, the attempt is its own reference, any currency', async () => {
    for (const method of Object.values(OFFLINE_METHODS)) {
      expect(method.kind).toBe('offline');
      expect(method.currencies).toEqual(['BDT', 'VND', 'IRR']);
      const started = await method.initiate({
        attemptId: 'OFF123',
        orderRef: 'HK-1006',
        amount: { minor: 50_000, currency: 'BDT' },
        returnUrl: 'https://shop.example/return',
        notifyUrl: 'https://shop.example/notify',
        locale: 'bn',
        customerIp: '203.0.113.7',
        description: 'Order HK-1006',
        createdAt: new Date(),
      });
      expect(started).toEqual({ gatewayRef: 'OFF123', redirectUrl: null, expiresAt: null });
    }
  });

  it('agree with the order lifecycle: cash on delivery is fulfilled first, the others wait for staff (HK-07)', () => {
    for (const [code, method] of Object.entries(OFFLINE_METHODS)) {
      expect(method.id).toBe(code);
      expect(initialStatus(code)).toBe(method.collectsOnDelivery ? 'placed' : 'awaiting_payment');
    }
    expect(OFFLINE_METHODS.cod.collectsOnDelivery).toBe(true);
  });
});
