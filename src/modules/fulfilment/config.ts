/**
 * Which courier a shop hands its parcels to: the courier recipient its preset declares (so the privacy policy names
 * it, HK-01) and, for a courier with an API, the credentials from the environment.
 *
 *   Pathao (chotomoni)       PATHAO_CLIENT_ID, PATHAO_CLIENT_SECRET, PATHAO_USERNAME, PATHAO_PASSWORD,
 *                            PATHAO_STORE_ID, PATHAO_WEBHOOK_SECRET
 *                            [PATHAO_BASE_URL, PATHAO_CITY_ID, PATHAO_ZONE_ID, PATHAO_DELIVERY_TYPE (48|12),
 *                            PATHAO_INTEGRATION_SECRET]
 *   GHN (khatra's contractor) GHN_TOKEN, GHN_SHOP_ID, GHN_WEBHOOK_SECRET
 *                            [GHN_BASE_URL, GHN_SERVICE_TYPE_ID (2|5), GHN_REQUIRED_NOTE, GHN_PARCEL_GRAMS,
 *                            GHN_PARCEL_CM ("30x20x10")]
 *   Iran Post / Tipax        nothing: staff type the tracking code (manual.ts)
 *
 * A shop whose API courier lacks a required variable still runs; the courier is "not configured" and staff are told
 * so when they try to hand a parcel over. A variable that is set but malformed stops the start (ConfigError), naming
 * the variable and never its value — most are secrets.
 */
import { ConfigError } from '../../config.ts';
import type { DeclaredRecipient, Preset } from '../../presets/types.ts';
import type { CourierAdapter, CourierProvider } from './courier.ts';
import { GhnCourier, type GhnRequiredNote } from './ghn.ts';
import { manualCourier } from './manual.ts';
import { PathaoCourier } from './pathao.ts';

export type ApiProvider = Exclude<CourierProvider, 'manual'>;

export type CourierSetup =
  /** The preset declares no courier: the shop's own staff deliver (HK-09, KT-01). */
  | { kind: 'none' }
  | { kind: 'not_configured'; provider: ApiProvider; recipient: DeclaredRecipient; missing: string[] }
  | {
      kind: 'ready';
      recipient: DeclaredRecipient;
      courier: CourierAdapter;
      /** What the courier's status webhooks must present; null for the manual courier, which has none. */
      webhookSecret: string | null;
    };

/** The presets' courier recipients and the adapter that speaks to each. */
const COURIER_OF_RECIPIENT: Readonly<Record<string, CourierProvider>> = {
  'pathao-courier': 'pathao',
  'post-tipax': 'manual',
  // khatra's contractor under HĐ-2024-017 delivers through GHN's network.
  'delivery-contractor': 'ghn',
};

const PATHAO_BASE_URL = 'https://api-hermes.pathao.com';
const GHN_BASE_URL = 'https://online-gateway.ghn.vn/shiip/public-api';
const GHN_REQUIRED_NOTES: readonly GhnRequiredNote[] = ['KHONGCHOXEMHANG', 'CHOXEMHANGKHONGTHU', 'CHOTHUHANG'];

/** What an API courier cannot work without. */
const REQUIRED: Record<ApiProvider, readonly string[]> = {
  pathao: [
    'PATHAO_CLIENT_ID',
    'PATHAO_CLIENT_SECRET',
    'PATHAO_USERNAME',
    'PATHAO_PASSWORD',
    'PATHAO_STORE_ID',
    'PATHAO_WEBHOOK_SECRET',
  ],
  ghn: ['GHN_TOKEN', 'GHN_SHOP_ID', 'GHN_WEBHOOK_SECRET'],
};

type Env = Readonly<Record<string, string | undefined>>;

export function courierSetup(preset: Preset, env: Env = process.env): CourierSetup {
  const recipient = preset.policy.recipients.find((r) => Object.hasOwn(COURIER_OF_RECIPIENT, r.id));
  if (!recipient) return { kind: 'none' };
  const provider = COURIER_OF_RECIPIENT[recipient.id];
  if (provider === 'manual') return { kind: 'ready', recipient, courier: manualCourier, webhookSecret: null };
  const missing = REQUIRED[provider].filter((name) => !value(env, name));
  if (missing.length > 0) return { kind: 'not_configured', provider, recipient, missing };
  const courier = provider === 'pathao' ? pathaoFromEnv(env) : ghnFromEnv(env);
  return { kind: 'ready', recipient, courier, webhookSecret: value(env, `${provider.toUpperCase()}_WEBHOOK_SECRET`)! };
}

function pathaoFromEnv(env: Env): PathaoCourier {
  const deliveryType = optionalInteger(env, 'PATHAO_DELIVERY_TYPE');
  if (deliveryType !== undefined && deliveryType !== 48 && deliveryType !== 12) {
    throw new ConfigError('PATHAO_DELIVERY_TYPE must be 48 (normal) or 12 (on demand)');
  }
  const cityId = optionalInteger(env, 'PATHAO_CITY_ID');
  const zoneId = optionalInteger(env, 'PATHAO_ZONE_ID');
  const integrationSecret = value(env, 'PATHAO_INTEGRATION_SECRET');
  return new PathaoCourier({
    baseUrl: baseUrl(env, 'PATHAO_BASE_URL', PATHAO_BASE_URL),
    clientId: value(env, 'PATHAO_CLIENT_ID')!,
    clientSecret: value(env, 'PATHAO_CLIENT_SECRET')!,
    username: value(env, 'PATHAO_USERNAME')!,
    password: value(env, 'PATHAO_PASSWORD')!,
    storeId: optionalInteger(env, 'PATHAO_STORE_ID')!,
    ...(cityId === undefined ? {} : { cityId }),
    ...(zoneId === undefined ? {} : { zoneId }),
    ...(deliveryType === undefined ? {} : { deliveryType }),
    ...(integrationSecret ? { integrationSecret } : {}),
  });
}

function ghnFromEnv(env: Env): GhnCourier {
  const serviceTypeId = optionalInteger(env, 'GHN_SERVICE_TYPE_ID');
  if (serviceTypeId !== undefined && serviceTypeId !== 2 && serviceTypeId !== 5) {
    throw new ConfigError('GHN_SERVICE_TYPE_ID must be 2 (light) or 5 (heavy)');
  }
  const requiredNote = value(env, 'GHN_REQUIRED_NOTE');
  if (requiredNote !== undefined && !GHN_REQUIRED_NOTES.includes(requiredNote as GhnRequiredNote)) {
    throw new ConfigError(`GHN_REQUIRED_NOTE must be one of ${GHN_REQUIRED_NOTES.join(', ')}`);
  }
  const size = value(env, 'GHN_PARCEL_CM') ?? '30x20x10';
  const dimensions = /^(\d{1,3})x(\d{1,3})x(\d{1,3})$/.exec(size)?.slice(1).map(Number);
  if (!dimensions || dimensions.some((cm) => cm === 0)) {
    throw new ConfigError('GHN_PARCEL_CM must be length x width x height in whole centimetres, like 30x20x10');
  }
  const [lengthCm, widthCm, heightCm] = dimensions;
  return new GhnCourier({
    baseUrl: baseUrl(env, 'GHN_BASE_URL', GHN_BASE_URL),
    token: value(env, 'GHN_TOKEN')!,
    shopId: optionalInteger(env, 'GHN_SHOP_ID')!,
    ...(serviceTypeId === undefined ? {} : { serviceTypeId }),
    ...(requiredNote === undefined ? {} : { requiredNote: requiredNote as GhnRequiredNote }),
    // GHN needs a weight and size on every order; the shop's usual parcel stands in (GHN re-weighs at pickup).
    parcel: { weightGrams: optionalInteger(env, 'GHN_PARCEL_GRAMS') ?? 1000, lengthCm, widthCm, heightCm },
  });
}

function value(env: Env, name: string): string | undefined {
  return env[name]?.trim() || undefined;
}

function optionalInteger(env: Env, name: string): number | undefined {
  const text = value(env, name);
  if (text === undefined) return undefined;
  if (!/^\d{1,15}$/.test(text) || Number(text) === 0) throw new ConfigError(`${name} must be a positive whole number`);
  return Number(text);
}

/** The courier's API address without a trailing slash; couriers are reached over HTTPS, or HTTP on this machine. */
function baseUrl(env: Env, name: string, fallback: string): string {
  const text = value(env, name) ?? fallback;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`${name} must be a URL`);
  }
  const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    throw new ConfigError(`${name} must be an https:// address`);
  }
  return text.replace(/\/+$/, '');
}
