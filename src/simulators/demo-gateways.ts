import { BkashAdapter } from '../modules/payments/bkash.ts';
import type { Gateways } from '../modules/payments/gateways.ts';
import { SslcommerzAdapter } from '../modules/payments/sslcommerz.ts';
import { ZarinpalAdapter } from '../modules/payments/zarinpal.ts';
import type { Preset } from '../presets/types.ts';
import { startBkashSimulator } from './payments/bkash.ts';
import { startSslcommerzSimulator } from './payments/sslcommerz.ts';
import { startZarinpalSimulator } from './payments/zarinpal.ts';

/**
 * For `amanat demo`: the preset's online payment methods, each backed by a local simulator of its gateway on
 * 127.0.0.1, so that someone trying the demo can pay (no real money) and see the order confirmed.
 */
export async function startDemoGateways(preset: Preset): Promise<{ gateways: Gateways; close(): Promise<void> }> {
  const gateways: Gateways = {};
  const closers: (() => Promise<void>)[] = [];
  const timeoutMs = 10_000;
  for (const method of preset.paymentMethods) {
    if (method === 'sslcommerz') {
      const store = { storeId: 'testbox', storePassword: 'qwerty' };
      const sim = await startSslcommerzSimulator(store);
      closers.push(() => sim.close());
      const shopContact = {
        email: preset.identity.email,
        phone: preset.identity.phone,
        city: preset.identity.address.en,
      };
      gateways.sslcommerz = new SslcommerzAdapter({ ...store, baseUrl: sim.url, shopContact, timeoutMs });
    } else if (method === 'bkash') {
      const credentials = { appKey: 'demo-app-key', appSecret: 'demo-app-secret', username: 'demo', password: 'demo' };
      const sim = await startBkashSimulator(credentials);
      closers.push(() => sim.close());
      gateways.bkash = new BkashAdapter({ ...credentials, baseUrl: sim.baseUrl, timeoutMs });
    } else if (method === 'zarinpal') {
      const merchantId = '00000000-0000-4000-8000-000000000000';
      const sim = await startZarinpalSimulator({ merchantId });
      closers.push(() => sim.close());
      gateways.zarinpal = new ZarinpalAdapter({ merchantId, baseUrl: sim.url, unit: 'IRT', timeoutMs });
    }
  }
  return {
    gateways,
    close: async () => {
      await Promise.all(closers.map((close) => close()));
    },
  };
}
