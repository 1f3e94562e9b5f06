/**
 * Pathao Courier (Bangladesh), merchant "Aladdin" API: OAuth password grant with refresh, create order, order info,
 * and the status webhook. Chosen over Steadfast because Pathao documents a status webhook (Steadfast's V1 API can
 * only be polled) and its panel publishes the webhook handshake.
 *
 * Sources: the Pathao merchant panel's developer page (merchant.pathao.com/courier/developer-api) as copied in public
 * integrations; ../shared/reference/gateways.md §6.1. Verify against the sandbox before going live.
 */
import { MINOR_DIGITS } from '../../i18n/format.ts';
import {
  type Consignment,
  type ConsignmentInput,
  type CourierAdapter,
  CourierError,
  type CourierStatus,
  nationalPhone,
  toCourierStatus,
  type WebhookReply,
  type WebhookRequest,
  type WebhookResult,
  wholeMajorUnits,
} from './courier.ts';
import { headerValue, isRecord, type JsonResponse, requestJson, secretsMatch } from './http.ts';

/**
 * Pathao's panel accepts a webhook URL only if the answer carries this header with this value, which the panel
 * publishes to every merchant. It proves nothing about either side; the shop's own secret does (X-PATHAO-Signature).
 */
export const PATHAO_INTEGRATION_HEADER = 'X-Pathao-Merchant-Webhook-Integration-Secret';
export const PATHAO_INTEGRATION_SECRET = 'f3992ecc-59da-4cbe-a049-a13da2018d51';

export interface PathaoConfig {
  /** https://api-hermes.pathao.com, or the sandbox https://courier-api-sandbox.pathao.com */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** The merchant account's login (e-mail) and password, for the password grant. */
  username: string;
  password: string;
  /** The pickup store (GET /aladdin/api/v1/stores). */
  storeId: number;
  /**
   * Recipient city and zone for a shop that delivers in one place, used when staff choose none at handoff. Without
   * either, Pathao reads them from the address.
   */
  cityId?: number;
  zoneId?: number;
  /** 48 normal delivery (the default), 12 on demand. */
  deliveryType?: 48 | 12;
  /** Override when Pathao's panel shows another handshake value. */
  integrationSecret?: string;
  now?: () => number;
}

interface Token {
  access: string;
  refresh: string;
  expiresAt: number;
}

/** Renew a minute early, so a token does not expire between the check and Pathao reading it. */
const EXPIRY_MARGIN_MS = 60_000;
/** Pathao bills parcels from half a kilogram; lighter ones are declared as 0.5 kg. */
const MIN_WEIGHT_KG = 0.5;

export class PathaoCourier implements CourierAdapter {
  readonly provider = 'pathao';
  private token: Token | null = null;
  /** One token request at a time: concurrent handoffs share it instead of each issuing a token. */
  private pendingToken: Promise<string> | null = null;

  constructor(private readonly config: PathaoConfig) {}

  async createConsignment(input: ConsignmentInput): Promise<Consignment> {
    if (input.currency !== 'BDT') throw new CourierError('config', 'Pathao collects cash in BDT only');
    const phone = nationalPhone(input.recipient.phone, 'BD');
    if (!phone) throw new CourierError('rejected', 'Pathao needs a Bangladeshi recipient phone');
    const ids = input.recipient.locationIds ?? {};
    const city = ids.city ?? this.config.cityId;
    const zone = ids.zone ?? this.config.zoneId;
    const grams = input.weightGrams ?? 0;
    // Only what Pathao requires plus the delivery note: no item description (it names the goods), no second phone.
    const body: Record<string, unknown> = {
      store_id: this.config.storeId,
      merchant_order_id: input.ref,
      recipient_name: input.recipient.name,
      recipient_phone: phone,
      recipient_address: input.recipient.address,
      // Pathao rejects null location ids: an unknown one is left out, not sent empty.
      ...(city === undefined ? {} : { recipient_city: Number(city) }),
      ...(zone === undefined ? {} : { recipient_zone: Number(zone) }),
      ...(ids.area === undefined ? {} : { recipient_area: Number(ids.area) }),
      delivery_type: this.config.deliveryType ?? 48,
      item_type: 2,
      item_quantity: 1,
      item_weight: Math.max(MIN_WEIGHT_KG, Math.round(grams / 100) / 10),
      amount_to_collect: wholeMajorUnits(input.codMinor, MINOR_DIGITS.BDT),
      ...(input.note ? { special_instruction: input.note } : {}),
    };
    const res = await this.authorised('POST', '/aladdin/api/v1/orders', body);
    const data = isRecord(res.json) && isRecord(res.json.data) ? res.json.data : null;
    if (res.status === 200 && data && typeof data.consignment_id === 'string') {
      const fee = Number(data.delivery_fee);
      return {
        consignmentId: data.consignment_id,
        trackingCode: data.consignment_id,
        ...(Number.isFinite(fee) ? { feeMinor: Math.round(fee * 10 ** MINOR_DIGITS.BDT) } : {}),
      };
    }
    throw refusal(res, 'create order');
  }

  async getStatus(consignmentId: string): Promise<{ status: CourierStatus | null; providerStatus: string }> {
    const res = await this.authorised('GET', `/aladdin/api/v1/orders/${encodeURIComponent(consignmentId)}/info`);
    const data = isRecord(res.json) && isRecord(res.json.data) ? res.json.data : null;
    if (res.status !== 200 || !data || typeof data.order_status_slug !== 'string') throw refusal(res, 'order info');
    // Only "Pending" is documented for the info slug; the others are assumed to follow the webhook event names
    // ("In_Transit" → order.in-transit). An unknown slug gives no status rather than a wrong one.
    const event = `order.${data.order_status_slug.toLowerCase().replace(/[\s_]+/g, '-')}`;
    return { status: toCourierStatus('pathao', event), providerStatus: data.order_status_slug };
  }

  parseWebhook(request: WebhookRequest, secret: string): WebhookResult {
    const body = request.body;
    if (!isRecord(body) || typeof body.event !== 'string')
      return this.reply(400, { kind: 'refused', reason: 'malformed' });
    // Pathao's panel sends this when the merchant saves the webhook, and only checks the answer: it carries no
    // data, so it is acknowledged whatever the secret.
    if (body.event === 'webhook_integration') return this.reply(202, { kind: 'ignored', reason: 'handshake' });
    if (!secretsMatch(headerValue(request.headers, 'x-pathao-signature'), secret)) {
      return this.reply(401, { kind: 'refused', reason: 'bad_secret' });
    }
    const status = toCourierStatus('pathao', body.event);
    if (!status) return this.reply(202, { kind: 'ignored', reason: 'not_a_status' });
    if (typeof body.consignment_id !== 'string' || body.consignment_id === '') {
      return this.reply(400, { kind: 'refused', reason: 'malformed' });
    }
    return this.reply(202, {
      kind: 'event',
      event: {
        consignmentId: body.consignment_id,
        ref: typeof body.merchant_order_id === 'string' ? body.merchant_order_id : null,
        status,
        providerStatus: body.event,
        at: typeof body.timestamp === 'string' ? body.timestamp : null,
      },
    });
  }

  /** The handshake header goes on every answer: Pathao's checklist asks for it, and its value is public. */
  private reply(status: number, outcome: WebhookResult['outcome']): WebhookResult {
    const reply: WebhookReply = {
      status,
      headers: { [PATHAO_INTEGRATION_HEADER]: this.config.integrationSecret ?? PATHAO_INTEGRATION_SECRET },
      body: '',
    };
    return { outcome, reply };
  }

  /** A call with the access token; a 401 (expired or revoked early) renews the token and retries once. */
  private async authorised(method: 'GET' | 'POST', path: string, body?: unknown): Promise<JsonResponse> {
    const url = `${this.config.baseUrl}${path}`;
    const send = (token: string) => requestJson(method, url, { headers: { authorization: `Bearer ${token}` }, body });
    const token = await this.accessToken();
    let res = await send(token);
    if (res.status === 401) {
      if (this.token?.access === token) this.token.expiresAt = 0;
      res = await send(await this.accessToken());
    }
    if (res.status === 401) throw new CourierError('config', 'Pathao refused the access token');
    return res;
  }

  private accessToken(): Promise<string> {
    if (this.token && this.now() < this.token.expiresAt) return Promise.resolve(this.token.access);
    this.pendingToken ??= this.renewToken().finally(() => {
      this.pendingToken = null;
    });
    return this.pendingToken;
  }

  /** The refresh token first; the password grant when there is none or Pathao no longer honours it. */
  private async renewToken(): Promise<string> {
    if (this.token) {
      const refreshed = await this.issueToken({ grant_type: 'refresh_token', refresh_token: this.token.refresh });
      if (refreshed) return refreshed;
    }
    const issued = await this.issueToken({
      grant_type: 'password',
      username: this.config.username,
      password: this.config.password,
    });
    if (!issued) throw new CourierError('config', 'Pathao refused the API credentials');
    return issued;
  }

  private async issueToken(grant: Record<string, string>): Promise<string | null> {
    const res = await requestJson('POST', `${this.config.baseUrl}/aladdin/api/v1/issue-token`, {
      body: { client_id: this.config.clientId, client_secret: this.config.clientSecret, ...grant },
    });
    if (res.status >= 500 || res.status === 429)
      throw new CourierError('unavailable', `Pathao token: HTTP ${res.status}`);
    const data = isRecord(res.json) ? res.json : null;
    if (
      res.status !== 200 ||
      !data ||
      typeof data.access_token !== 'string' ||
      typeof data.refresh_token !== 'string' ||
      typeof data.expires_in !== 'number'
    ) {
      this.token = null;
      return null;
    }
    this.token = {
      access: data.access_token,
      refresh: data.refresh_token,
      expiresAt: this.now() + data.expires_in * 1000 - EXPIRY_MARGIN_MS,
    };
    return data.access_token;
  }

  private now(): number {
    return this.config.now?.() ?? Date.now();
  }
}

/** Pathao's answer as an error: field names from a validation failure (never their values), or the HTTP status. */
function refusal(res: JsonResponse, action: string): CourierError {
  if (res.status >= 500 || res.status === 429)
    return new CourierError('unavailable', `Pathao ${action}: HTTP ${res.status}`);
  const errors = isRecord(res.json) && isRecord(res.json.errors) ? Object.keys(res.json.errors) : [];
  const detail = errors.length ? `: ${errors.join(', ')}` : '';
  return new CourierError('rejected', `Pathao ${action} refused (HTTP ${res.status})${detail}`);
}
