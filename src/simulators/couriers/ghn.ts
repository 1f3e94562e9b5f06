/**
 * A local GHN (Giao Hàng Nhanh) API for tests and the demo: `Token` and `ShopId` headers, create and detail of a
 * shipping order under /shiip/public-api, validation of the required fields, and a control that posts status
 * callbacks to the shop. GHN's error bodies and callback payload are modelled on public integrations (not verified
 * against GHN's own documentation).
 */
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { listenLocally, postWebhook, randomCode, type WebhookDelivery } from './common.ts';

export interface GhnSimulatorOptions {
  token: string;
  shopId: number;
}

export interface RecordedShippingOrder {
  orderCode: string;
  body: Record<string, unknown>;
  status: string;
}

export interface GhnSimulator {
  url: string;
  /** Base URL for the adapter: `${url}/shiip/public-api`. */
  apiUrl: string;
  orders: RecordedShippingOrder[];
  /** The callback URL in GHN's shop settings: the shop registers `url?secret=<secret>`. */
  registerWebhook(url: string, secret: string): void;
  /** Posts a `switch_status` callback per status, in this order; `secret` overrides the registered one. */
  push(orderCode: string, statuses: string[], options?: { secret?: string }): Promise<WebhookDelivery[]>;
  close(): Promise<void>;
}

const PREFIX = '/shiip/public-api';
const VN_PHONE = /^0\d{9}$/;
const REQUIRED_NOTES = ['KHONGCHOXEMHANG', 'CHOXEMHANGKHONGTHU', 'CHOTHUHANG'];

export async function startGhnSimulator(options: GhnSimulatorOptions): Promise<GhnSimulator> {
  const orders: RecordedShippingOrder[] = [];
  const server = Fastify();

  const authorised = (request: FastifyRequest, reply: FastifyReply): boolean => {
    if (request.headers.token !== options.token) {
      reply.code(401).send({ code: 401, message: 'Token is not valid', data: null });
      return false;
    }
    if (request.headers.shopid !== String(options.shopId)) {
      reply.code(401).send({ code: 401, message: 'ShopId is not valid for this token', data: null });
      return false;
    }
    return true;
  };

  server.post(`${PREFIX}/v2/shipping-order/create`, async (request, reply) => {
    if (!authorised(request, reply)) return reply;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const invalid = invalidField(body);
    if (invalid) {
      return reply
        .code(400)
        .send({ code: 400, message: `${invalid} is invalid`, data: null, code_message: 'USER_ERR_COMMON' });
    }
    const orderCode = `G${randomCode(7)}`;
    orders.push({ orderCode, body, status: 'ready_to_pick' });
    const expected = new Date(Date.now() + 2 * 86_400_000).toISOString();
    return {
      code: 200,
      message: 'Success',
      data: { order_code: orderCode, sort_code: '000-A-00-00', total_fee: 33_000, expected_delivery_time: expected },
    };
  });

  server.post(`${PREFIX}/v2/shipping-order/detail`, async (request, reply) => {
    if (!authorised(request, reply)) return reply;
    const code = ((request.body ?? {}) as Record<string, unknown>).order_code;
    const found = orders.find((o) => o.orderCode === code);
    if (!found) return reply.code(400).send({ code: 400, message: 'Order not found', data: null });
    return {
      code: 200,
      message: 'Success',
      data: { order_code: found.orderCode, client_order_code: found.body.client_order_code, status: found.status },
    };
  });

  const url = await listenLocally(server);
  let webhook: { url: string; secret: string } | null = null;
  return {
    url,
    apiUrl: `${url}${PREFIX}`,
    orders,
    registerWebhook(hookUrl, secret) {
      webhook = { url: hookUrl, secret };
    },
    async push(orderCode, statuses, pushOptions = {}) {
      if (!webhook) throw new Error('no webhook registered with the GHN simulator');
      const found = orders.find((o) => o.orderCode === orderCode);
      if (!found) throw new Error(`no shipping order ${orderCode}`);
      const target = new URL(webhook.url);
      target.searchParams.set('secret', pushOptions.secret ?? webhook.secret);
      const deliveries: WebhookDelivery[] = [];
      for (const status of statuses) {
        found.status = status;
        deliveries.push(
          await postWebhook(target.toString(), {
            CODAmount: found.body.cod_amount,
            ClientOrderCode: found.body.client_order_code ?? '',
            OrderCode: orderCode,
            ShopID: options.shopId,
            Status: status,
            Time: new Date().toISOString(),
            Type: 'switch_status',
            Weight: found.body.weight,
          }),
        );
      }
      return deliveries;
    },
    close: () => server.close(),
  };
}

/** The first required field that is missing or out of range, as GHN checks a create request. */
function invalidField(body: Record<string, unknown>): string | null {
  const positiveInt = (v: unknown) => Number.isInteger(v) && (v as number) > 0;
  const text = (v: unknown) => typeof v === 'string' && v.trim() !== '';
  const checks: [string, boolean][] = [
    ['to_name', text(body.to_name)],
    ['to_phone', typeof body.to_phone === 'string' && VN_PHONE.test(body.to_phone)],
    ['to_address', text(body.to_address)],
    ['to_ward_code', text(body.to_ward_code)],
    ['to_district_id', positiveInt(body.to_district_id)],
    ['payment_type_id', body.payment_type_id === 1 || body.payment_type_id === 2],
    ['required_note', REQUIRED_NOTES.includes(body.required_note as string)],
    ['service_type_id', body.service_type_id === 2 || body.service_type_id === 5],
    ['weight', positiveInt(body.weight)],
    ['length', positiveInt(body.length)],
    ['width', positiveInt(body.width)],
    ['height', positiveInt(body.height)],
    [
      'cod_amount',
      body.cod_amount === undefined ||
        (Number.isInteger(body.cod_amount) &&
          (body.cod_amount as number) >= 0 &&
          (body.cod_amount as number) <= 50_000_000),
    ],
  ];
  return checks.find(([, ok]) => !ok)?.[0] ?? null;
}
