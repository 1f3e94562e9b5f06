import { ConfigError } from '../../config.ts';
import type { GatewayId, Preset } from '../../presets/types.ts';
import type { GatewayAdapter } from './adapter.ts';
import { BKASH_SANDBOX_URL, BkashAdapter } from './bkash.ts';
import { MOMO_SANDBOX_URL, MomoAdapter } from './momo.ts';
import { SSLCOMMERZ_SANDBOX_URL, SslcommerzAdapter } from './sslcommerz.ts';
import { VNPAY_SANDBOX_API_URL, VNPAY_SANDBOX_PAY_URL, VnpayAdapter } from './vnpay.ts';
import { ZARINPAL_SANDBOX_URL, ZarinpalAdapter } from './zarinpal.ts';

export type Gateways = Partial<Record<GatewayId, GatewayAdapter>>;

const GATEWAY_IDS: readonly GatewayId[] = ['sslcommerz', 'bkash', 'vnpay', 'momo', 'zarinpal'];

export function isGateway(method: string): method is GatewayId {
  return (GATEWAY_IDS as readonly string[]).includes(method);
}

/**
 * The gateways this install can take payments through: each one the preset offers whose credentials are in the
 * environment (SSLCOMMERZ_STORE_ID …). Base URLs default to each gateway's sandbox; set the *_BASE_URL variables to
 * the live addresses to take real money. A gateway without credentials is simply not offered at checkout.
 */
export function gatewaysFromEnv(preset: Preset, env: NodeJS.ProcessEnv = process.env): Gateways {
  const gateways: Gateways = {};
  const offered = preset.paymentMethods.filter(isGateway);
  const need = (gateway: string, name: string) => {
    const value = env[name]?.trim();
    if (!value)
      throw new ConfigError(`${gateway} needs ${name} (or remove the other ${gateway.toUpperCase()}_ variables)`);
    return value;
  };
  const configured = (prefix: string) => Object.keys(env).some((k) => k.startsWith(prefix) && env[k]);
  const contact = { email: preset.identity.email, phone: preset.identity.phone, city: preset.identity.address.en };
  for (const id of offered) {
    if (id === 'sslcommerz' && configured('SSLCOMMERZ_')) {
      gateways.sslcommerz = new SslcommerzAdapter({
        storeId: need(id, 'SSLCOMMERZ_STORE_ID'),
        storePassword: need(id, 'SSLCOMMERZ_STORE_PASSWORD'),
        baseUrl: env.SSLCOMMERZ_BASE_URL || SSLCOMMERZ_SANDBOX_URL,
        shopContact: contact,
      });
    } else if (id === 'bkash' && configured('BKASH_')) {
      gateways.bkash = new BkashAdapter({
        appKey: need(id, 'BKASH_APP_KEY'),
        appSecret: need(id, 'BKASH_APP_SECRET'),
        username: need(id, 'BKASH_USERNAME'),
        password: need(id, 'BKASH_PASSWORD'),
        baseUrl: env.BKASH_BASE_URL || BKASH_SANDBOX_URL,
      });
    } else if (id === 'vnpay' && configured('VNPAY_')) {
      gateways.vnpay = new VnpayAdapter({
        tmnCode: need(id, 'VNPAY_TMN_CODE'),
        hashSecret: need(id, 'VNPAY_HASH_SECRET'),
        payUrl: env.VNPAY_PAY_URL || VNPAY_SANDBOX_PAY_URL,
        apiUrl: env.VNPAY_API_URL || VNPAY_SANDBOX_API_URL,
        serverIp: need(id, 'VNPAY_SERVER_IP'),
      });
    } else if (id === 'momo' && configured('MOMO_')) {
      gateways.momo = new MomoAdapter({
        partnerCode: need(id, 'MOMO_PARTNER_CODE'),
        accessKey: need(id, 'MOMO_ACCESS_KEY'),
        secretKey: need(id, 'MOMO_SECRET_KEY'),
        baseUrl: env.MOMO_BASE_URL || MOMO_SANDBOX_URL,
      });
    } else if (id === 'zarinpal' && configured('ZARINPAL_')) {
      const unit = env.ZARINPAL_UNIT || 'IRR';
      if (unit !== 'IRR' && unit !== 'IRT') throw new ConfigError('ZARINPAL_UNIT must be IRR (rials) or IRT (tomans)');
      gateways.zarinpal = new ZarinpalAdapter({
        merchantId: need(id, 'ZARINPAL_MERCHANT_ID'),
        baseUrl: env.ZARINPAL_BASE_URL || ZARINPAL_SANDBOX_URL,
        unit,
      });
    }
  }
  return gateways;
}

/** The preset as this install runs it: online methods only where their gateway is configured. */
export function withAvailableMethods(preset: Preset, gateways: Gateways): Preset {
  return { ...preset, paymentMethods: preset.paymentMethods.filter((m) => !isGateway(m) || gateways[m]) };
}
