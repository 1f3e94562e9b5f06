/**
 * GHN — Giao Hàng Nhanh (Vietnam): create a shipping order with the required fields only, read its detail, and
 * the status callback. Headers `Token` and `ShopId`; amounts in VND (no minor unit).
 *
 * Sources: integrations that copy https://api.ghn.vn/home/docs/detail; ../shared/reference/gateways.md §6.4. GHN's
 * callback payload and its authentication are not in the documentation consulted: GHN is not known to sign
 * callbacks, so the shop registers a callback URL carrying its own secret (`?secret=…`) and this checks it.
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
  type WebhookRequest,
  type WebhookResult,
  wholeMajorUnits,
} from './courier.ts';
import { isRecord, type JsonResponse, requestJson, secretsMatch } from './http.ts';

/** Required note: whether the recipient may look inside before accepting (KHONGCHOXEMHANG: no). */
export type GhnRequiredNote = 'KHONGCHOXEMHANG' | 'CHOXEMHANGKHONGTHU' | 'CHOTHUHANG';

export interface GhnConfig {
  /** https://online-gateway.ghn.vn/shiip/public-api, or the test https://dev-online-gateway.ghn.vn/shiip/public-api */
  baseUrl: string;
  token: string;
  shopId: number;
  /** 2 light parcels (the default), 5 heavy. */
  serviceTypeId?: 2 | 5;
  requiredNote?: GhnRequiredNote;
  /** GHN requires weight and size on every order; these stand in when the order does not say. */
  parcel: { weightGrams: number; lengthCm: number; widthCm: number; heightCm: number };
}

/** GHN's ceiling for cash on delivery. */
const MAX_COD_VND = 50_000_000;

export class GhnCourier implements CourierAdapter {
  readonly provider = 'ghn';

  constructor(private readonly config: GhnConfig) {}

  async createConsignment(input: ConsignmentInput): Promise<Consignment> {
    if (input.currency !== 'VND') throw new CourierError('config', 'GHN collects cash in VND only');
    const phone = nationalPhone(input.recipient.phone, 'VN');
    if (!phone) throw new CourierError('rejected', 'GHN needs a Vietnamese recipient phone');
    const district = Number(input.recipient.locationIds?.district_id);
    const ward = input.recipient.locationIds?.ward_code;
    if (!Number.isInteger(district) || district <= 0 || ward === undefined || ward === '') {
      throw new CourierError('rejected', 'GHN needs the district and ward of the address');
    }
    const cod = wholeMajorUnits(input.codMinor, MINOR_DIGITS.VND);
    if (cod > MAX_COD_VND) throw new CourierError('rejected', 'GHN collects at most 50,000,000 VND');
    const { parcel } = this.config;
    // The required fields plus cash, reference and note. No `content` or `items` (they name the goods), no return
    // or sender overrides (GHN takes the shop's own from ShopId).
    const body: Record<string, unknown> = {
      payment_type_id: 1, // the shop pays the fee; the customer's delivery charge is inside the cash to collect
      required_note: this.config.requiredNote ?? 'KHONGCHOXEMHANG',
      service_type_id: this.config.serviceTypeId ?? 2,
      client_order_code: input.ref,
      to_name: input.recipient.name,
      to_phone: phone,
      to_address: input.recipient.address,
      to_ward_code: String(ward),
      to_district_id: district,
      cod_amount: cod,
      weight: Math.max(1, Math.round(input.weightGrams ?? parcel.weightGrams)),
      length: parcel.lengthCm,
      width: parcel.widthCm,
      height: parcel.heightCm,
      ...(input.note ? { note: input.note } : {}),
    };
    const res = await this.call('/v2/shipping-order/create', body);
    const data = isRecord(res.json) && isRecord(res.json.data) ? res.json.data : null;
    if (data && typeof data.order_code === 'string') {
      const fee = Number(data.total_fee);
      return {
        consignmentId: data.order_code,
        trackingCode: data.order_code,
        ...(Number.isSafeInteger(fee) ? { feeMinor: fee } : {}),
      };
    }
    throw refusal(res, 'create order');
  }

  async getStatus(consignmentId: string): Promise<{ status: CourierStatus | null; providerStatus: string }> {
    const res = await this.call('/v2/shipping-order/detail', { order_code: consignmentId });
    const data = isRecord(res.json) && isRecord(res.json.data) ? res.json.data : null;
    if (!data || typeof data.status !== 'string') throw refusal(res, 'order detail');
    return { status: toCourierStatus('ghn', data.status), providerStatus: data.status };
  }

  parseWebhook(request: WebhookRequest, secret: string): WebhookResult {
    if (!secretsMatch(request.query?.secret, secret)) return reply(401, { kind: 'refused', reason: 'bad_secret' });
    const body = request.body;
    if (!isRecord(body) || typeof body.Type !== 'string' || typeof body.OrderCode !== 'string') {
      return reply(400, { kind: 'refused', reason: 'malformed' });
    }
    // Weight, fee and COD corrections also arrive here (update_weight, update_fee, update_cod); samples differ on
    // the case of Type ("switch_status", "Switch_status").
    const type = body.Type.toLowerCase();
    const providerStatus = typeof body.Status === 'string' ? body.Status : '';
    const status = toCourierStatus('ghn', providerStatus);
    if ((type !== 'switch_status' && type !== 'create') || !status) {
      return reply(200, { kind: 'ignored', reason: 'not_a_status' });
    }
    return reply(200, {
      kind: 'event',
      event: {
        consignmentId: body.OrderCode,
        ref: typeof body.ClientOrderCode === 'string' && body.ClientOrderCode !== '' ? body.ClientOrderCode : null,
        status,
        providerStatus,
        at: typeof body.Time === 'string' ? body.Time : null,
      },
    });
  }

  private async call(path: string, body: unknown): Promise<JsonResponse> {
    const res = await requestJson('POST', `${this.config.baseUrl}${path}`, {
      headers: { Token: this.config.token, ShopId: String(this.config.shopId) },
      body,
    });
    if (res.status === 401 || res.status === 403) throw new CourierError('config', 'GHN refused the token or shop id');
    return res;
  }
}

function reply(status: number, outcome: WebhookResult['outcome']): WebhookResult {
  return { outcome, reply: { status, headers: {}, body: '' } };
}

/** GHN answers errors as `{code, message, code_message}`; the message can quote what was sent, so only the code is kept. */
function refusal(res: JsonResponse, action: string): CourierError {
  if (res.status >= 500 || res.status === 429)
    return new CourierError('unavailable', `GHN ${action}: HTTP ${res.status}`);
  const code = isRecord(res.json) && typeof res.json.code_message === 'string' ? `: ${res.json.code_message}` : '';
  return new CourierError('rejected', `GHN ${action} refused (HTTP ${res.status})${code}`);
}
