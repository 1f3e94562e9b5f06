/**
 * MoMo AIO v2 simulator: create (signature, amount limits, requestId idempotency, duplicate orderId 41), the pay
 * page, the signed redirect and IPN (POST JSON, expecting 204), query, expiry (1005) and maintenance (10)
 * (gateways.md §2.2).
 */
import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { createSimulator, type Delivery, deliver, type Faults, listen, payPage, withQuery } from './common.ts';

export interface MomoSimulatorOptions {
  partnerCode: string;
  accessKey: string;
  secretKey: string;
  /** How long a payUrl stays payable; default 100 minutes. */
  orderTtlMs?: number;
}

export interface MomoSimulator {
  url: string;
  faults: Faults;
  notifications: Delivery[];
  /** Sends IPN `index` again; `change` edits fields, `resign` signs the edited fields. */
  resend(index: number, options?: { change?: Record<string, string | number>; resign?: boolean }): Promise<Delivery>;
  setNotificationsEnabled(enabled: boolean): void;
  /** Every create answers resultCode 10 (maintenance) while on. */
  setMaintenance(on: boolean): void;
  expire(orderId: string): void;
  close(): Promise<void>;
}

const CREATE_SIGNED = [
  'accessKey',
  'amount',
  'extraData',
  'ipnUrl',
  'orderId',
  'orderInfo',
  'partnerCode',
  'redirectUrl',
  'requestId',
  'requestType',
];
const RESULT_SIGNED = [
  'accessKey',
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
const QUERY_SIGNED = ['accessKey', 'orderId', 'partnerCode', 'requestId'];

const ORDER_ID = /^[0-9a-zA-Z]([-_.]*[0-9a-zA-Z]+)*$/;

const OUTCOME: Record<string, { resultCode: number; message: string }> = {
  pay: { resultCode: 0, message: 'Thành công.' },
  fail: { resultCode: 1001, message: 'Giao dịch thanh toán thất bại do tài khoản người dùng không đủ tiền.' },
  cancel: { resultCode: 1006, message: 'Giao dịch thất bại do người dùng đã từ chối xác nhận thanh toán.' },
};
const EXPIRED = { resultCode: 1005, message: 'Giao dịch thất bại do url hoặc QR code đã hết hạn.' };

type Fields = Record<string, string | number>;

interface Order {
  request: Fields;
  token: string;
  createdAt: number;
  answer: Fields;
  result?: Fields;
}

export async function startMomoSimulator(options: MomoSimulatorOptions): Promise<MomoSimulator> {
  const { app, faults } = createSimulator();
  const ttl = options.orderTtlMs ?? 100 * 60_000;
  const orders = new Map<string, Order>();
  const byToken = new Map<string, Order>();
  const answersByRequestId = new Map<string, Fields>();
  const expiredIds = new Set<string>();
  const notifications: Delivery[] = [];
  let notify = true;
  let maintenance = false;
  let base = '';

  const sign = (keys: string[], fields: Fields) => {
    const raw = keys.map((key) => `${key}=${key === 'accessKey' ? options.accessKey : (fields[key] ?? '')}`).join('&');
    return createHmac('sha256', options.secretKey).update(raw, 'utf8').digest('hex');
  };
  const refused = (resultCode: number, message: string) => ({ resultCode, message, responseTime: Date.now() });
  const isExpired = (order: Order) =>
    expiredIds.has(String(order.request.orderId)) || Date.now() > order.createdAt + ttl;

  app.post('/v2/gateway/api/create', async (request) => {
    const body = request.body as Fields;
    if (maintenance) return refused(10, 'Hệ thống đang được bảo trì.');
    const text = ['partnerCode', 'requestId', 'orderId', 'orderInfo', 'redirectUrl', 'ipnUrl', 'requestType'];
    if (text.some((key) => typeof body[key] !== 'string' || body[key] === '') || typeof body.amount !== 'number') {
      return refused(20, 'Bad format request.');
    }
    if (body.partnerCode !== options.partnerCode || body.signature !== sign(CREATE_SIGNED, body)) {
      return refused(13, 'Merchant authentication failed.');
    }
    const seen = answersByRequestId.get(String(body.requestId));
    if (seen) return seen;
    if (
      !ORDER_ID.test(String(body.orderId)) ||
      !['captureWallet', 'payWithMethod'].includes(String(body.requestType))
    ) {
      return refused(20, 'Bad format request.');
    }
    if (!Number.isInteger(body.amount) || body.amount < 1000 || body.amount > 50_000_000) {
      return refused(21, 'Invalid amount.');
    }
    if (orders.has(String(body.orderId))) return refused(41, 'Duplicated orderId.');
    const token = randomBytes(18).toString('base64url');
    const answer = {
      partnerCode: options.partnerCode,
      requestId: body.requestId,
      orderId: body.orderId,
      amount: body.amount,
      responseTime: Date.now(),
      message: 'Thành công.',
      resultCode: 0,
      payUrl: `${base}/v2/gateway/pay?t=${token}`,
      deeplink: `momo://app?action=payWithApp&t=${token}`,
      qrCodeUrl: `momo://app?action=payWithApp&isScanQR=true&t=${token}`,
    };
    const order: Order = { request: body, token, createdAt: Date.now(), answer };
    orders.set(String(body.orderId), order);
    byToken.set(token, order);
    answersByRequestId.set(String(body.requestId), answer);
    return answer;
  });

  app.get('/v2/gateway/pay', async (request, reply) => {
    const order = byToken.get((request.query as Record<string, string>).t ?? '');
    if (!order) return reply.code(404).type('text/html').send('<h1>Không tìm thấy giao dịch</h1>');
    return reply.type('text/html').send(
      payPage({
        gateway: 'MoMo',
        amountText: `${order.request.amount} VND — ${order.request.orderInfo}`,
        action: '/v2/gateway/pay',
        hidden: { t: order.token },
        choices: { pay: 'Thanh toán', cancel: 'Hủy', fail: 'Không đủ số dư (1001)' },
        expired: isExpired(order),
      }),
    );
  });

  app.post('/v2/gateway/pay', async (request, reply) => {
    const { t = '', action = '' } = request.body as Record<string, string>;
    const order = byToken.get(t);
    const outcome = OUTCOME[action];
    if (!order || !outcome || order.result) return reply.code(400).type('text/html').send('Bad request');
    const { resultCode, message } = isExpired(order) ? EXPIRED : outcome;
    const fields: Fields = {
      partnerCode: options.partnerCode,
      orderId: order.request.orderId,
      requestId: order.request.requestId,
      amount: order.request.amount,
      orderInfo: order.request.orderInfo,
      orderType: 'momo_wallet',
      transId: randomInt(4_000_000_000, 4_999_999_999),
      resultCode,
      message,
      payType: 'qr',
      responseTime: Date.now(),
      extraData: order.request.extraData ?? '',
    };
    order.result = { ...fields, signature: sign(RESULT_SIGNED, fields) };
    if (notify) notifications.push(await deliver('json', String(order.request.ipnUrl), order.result));
    const query = Object.fromEntries(Object.entries(order.result).map(([k, v]) => [k, String(v)]));
    return reply.redirect(withQuery(String(order.request.redirectUrl), query), 302);
  });

  app.post('/v2/gateway/api/query', async (request) => {
    const body = request.body as Fields;
    if (body.partnerCode !== options.partnerCode || body.signature !== sign(QUERY_SIGNED, body)) {
      return refused(13, 'Merchant authentication failed.');
    }
    const order = orders.get(String(body.orderId));
    if (!order) return refused(42, 'Invalid orderId or orderId is not found.');
    const now = order.result ?? {
      transId: 0,
      payType: '',
      ...(isExpired(order)
        ? EXPIRED
        : { resultCode: 1000, message: 'Giao dịch đã được khởi tạo, chờ người dùng xác nhận thanh toán.' }),
    };
    return {
      partnerCode: options.partnerCode,
      orderId: order.request.orderId,
      requestId: body.requestId,
      extraData: order.request.extraData ?? '',
      amount: order.request.amount,
      transId: now.transId,
      payType: now.payType,
      resultCode: now.resultCode,
      refundTrans: [],
      message: now.message,
      responseTime: Date.now(),
      lastUpdated: Date.now(),
    };
  });

  base = await listen(app);
  return {
    url: base,
    faults,
    notifications,
    async resend(index, { change = {}, resign = false } = {}) {
      const sent = notifications[index];
      const fields = { ...sent.payload, ...change };
      const delivery = await deliver(
        'json',
        sent.url,
        resign ? { ...fields, signature: sign(RESULT_SIGNED, fields) } : fields,
      );
      notifications.push(delivery);
      return delivery;
    },
    setNotificationsEnabled: (enabled) => {
      notify = enabled;
    },
    setMaintenance: (on) => {
      maintenance = on;
    },
    expire: (orderId) => {
      expiredIds.add(orderId);
    },
    close: () => app.close(),
  };
}
