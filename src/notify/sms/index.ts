/**
 * SMS providers, one per country, each speaking its provider's HTTP API; chosen from the environment.
 *
 *   SMS_PROVIDER=bulksmsbd  BULKSMSBD_API_KEY, BULKSMSBD_SENDER_ID            [BULKSMSBD_BASE_URL]
 *   SMS_PROVIDER=esms       ESMS_API_KEY, ESMS_SECRET_KEY                      [ESMS_BRANDNAME, ESMS_SANDBOX=1,
 *                                                                              ESMS_CALLBACK_URL, ESMS_BASE_URL]
 *   SMS_PROVIDER=kavenegar  KAVENEGAR_API_KEY                                  [KAVENEGAR_SENDER, KAVENEGAR_BASE_URL]
 *   SMS_TIMEOUT_MS          per request, default 10000
 */
import { ConfigError } from '../../config.ts';
import { BulkSmsBdAdapter } from './bulksmsbd.ts';
import { EsmsAdapter } from './esms.ts';
import { KavenegarAdapter } from './kavenegar.ts';
import type { SmsAdapter } from './types.ts';

export { BULKSMSBD_BASE_URL, BulkSmsBdAdapter, type BulkSmsBdOptions } from './bulksmsbd.ts';
export { SmsError, SmsRejected, type SmsRejectReason, SmsUnavailable } from './errors.ts';
export { ESMS_BASE_URL, EsmsAdapter, type EsmsOptions } from './esms.ts';
export { KAVENEGAR_BASE_URL, KavenegarAdapter, type KavenegarLookup, type KavenegarOptions } from './kavenegar.ts';
export type * from './types.ts';

type Env = Record<string, string | undefined>;

const PROVIDERS = ['bulksmsbd', 'esms', 'kavenegar'];

/**
 * The adapter SMS_PROVIDER names, or undefined when it is unset (the app then keeps its development sink).
 * Throws `ConfigError` naming the missing variable — never echoing a value, since most of them are secrets.
 */
export function smsFromEnv(env: Env = process.env): SmsAdapter | undefined {
  const provider = env.SMS_PROVIDER?.trim();
  if (!provider) return undefined;
  const need = (name: string) => required(env, name, provider);
  const http = { timeoutMs: timeout(env) };
  switch (provider) {
    case 'bulksmsbd':
      return new BulkSmsBdAdapter({
        ...http,
        apiKey: need('BULKSMSBD_API_KEY'),
        senderId: need('BULKSMSBD_SENDER_ID'),
        baseUrl: optional(env.BULKSMSBD_BASE_URL),
      });
    case 'esms':
      return new EsmsAdapter({
        ...http,
        apiKey: need('ESMS_API_KEY'),
        secretKey: need('ESMS_SECRET_KEY'),
        brandname: optional(env.ESMS_BRANDNAME),
        sandbox: flag(env, 'ESMS_SANDBOX'),
        callbackUrl: optional(env.ESMS_CALLBACK_URL),
        baseUrl: optional(env.ESMS_BASE_URL),
      });
    case 'kavenegar':
      return new KavenegarAdapter({
        ...http,
        apiKey: need('KAVENEGAR_API_KEY'),
        sender: optional(env.KAVENEGAR_SENDER),
        baseUrl: optional(env.KAVENEGAR_BASE_URL),
      });
    default:
      throw new ConfigError(`SMS_PROVIDER must be one of ${PROVIDERS.join(', ')} (or unset), not "${provider}"`);
  }
}

function required(env: Env, name: string, provider: string): string {
  const value = optional(env[name]);
  if (!value) throw new ConfigError(`SMS_PROVIDER=${provider} needs ${name}, which is not set`);
  return value;
}

function optional(value: string | undefined): string | undefined {
  return value?.trim() || undefined;
}

function flag(env: Env, name: string): boolean {
  const value = optional(env[name])?.toLowerCase();
  if (value === undefined || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true') return true;
  throw new ConfigError(`${name} must be 1 or 0`);
}

function timeout(env: Env): number | undefined {
  const value = optional(env.SMS_TIMEOUT_MS);
  if (value === undefined) return undefined;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms <= 0) throw new ConfigError('SMS_TIMEOUT_MS must be a positive whole number');
  return ms;
}
