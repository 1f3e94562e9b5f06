/**
 * VNPay 2.1.0 simulator: the signed pay URL (checked), the pay page, the signed browser return and IPN (both GET,
 * the IPN to the URL registered for the terminal, with configurable retries), and querydr (gateways.md §2.1).
 * It encodes with its own PHP-urlencode so that a difference from the adapter's encoder shows up as a bad hash.
 */
import { createHmac, randomInt } from 'node:crypto';
import { createSimulator, type Delivery, deliver, type Faults, listen, payPage } from './common.ts';

export interface VnpaySimulatorOptions {
  tmnCode: string;
  hashSecret: string;
}

export interface VnpaySimulator {
  url: string;
  payUrl: string;
  apiUrl: string;
  faults: Faults;
  /** The terminal's IPN URL, as registered with VNPay (not a request parameter). */
  setIpnUrl(url: string): void;
  /** IPNs answered with anything but RspCode 00 or 02 are sent again this many times (the real schedule: not found). */
  setIpnRetries(retries: number): void;
  setNotificationsEnabled(enabled: boolean): void;
  notifications: Delivery[];
  /** Sends IPN `index` again; `change` edits parameters, `resign` signs the edited parameters. */
  resend(index: number, options?: { change?: Record<string, string>; resign?: boolean }): Promise<Delivery>;
  expire(txnRef: string): void;
  close(): Promise<void>;
}

interface Transaction {
  request: Record<string, string>;
  result?: Record<string, string>;
}

/** PHP urlencode over UTF-8 bytes: A–Z a–z 0–9 - _ . as they are, space as +, everything else %XX. */
function phpUrlencode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    if (/[A-Za-z0-9_.-]/.test(char)) out += char;
    else if (byte === 0x20) out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const OUTCOME: Record<string, { response: string; status: string }> = {
  pay: { response: '00', status: '00' },
  suspicious: { response: '07', status: '07' },
  fail: { response: '51', status: '02' },
  cancel: { response: '24', status: '02' },
};

/** yyyyMMddHHmmss, GMT+7. */
const vnpNow = () => new Date(Date.now() + 7 * 3600_000).toISOString().replace(/\D/g, '').slice(0, 14);

function parseVnpDate(text: string): number {
  const [y, mo, d, h, mi, s] = [0, 4, 6, 8, 10, 12].map((at, i) => Number(text.slice(at, at + (i ? 2 : 4))));
  return Date.UTC(y, mo - 1, d, h - 7, mi, s);
}

export async function startVnpaySimulator(options: VnpaySimulatorOptions): Promise<VnpaySimulator> {
  const { app, faults } = createSimulator();
  const transactions = new Map<string, Transaction>();
  const requestIds = new Set<string>();
  const expiredRefs = new Set<string>();
  const notifications: Delivery[] = [];
  let ipnUrl = '';
  let retries = 0;
  let notify = true;

  const hmac = (data: string) => createHmac('sha512', options.hashSecret).update(data, 'utf8').digest('hex');
  const query = (params: Record<string, string>) =>
    Object.keys(params)
      .filter((key) => key.startsWith('vnp_') && key !== 'vnp_SecureHash' && key !== 'vnp_SecureHashType')
      .filter((key) => params[key] !== '')
      .sort()
      .map((key) => `${phpUrlencode(key)}=${phpUrlencode(params[key])}`)
      .join('&');
  const signed = (params: Record<string, string>) => ({ ...params, vnp_SecureHash: hmac(query(params)) });
  const isExpired = (sent: Record<string, string>) =>
    expiredRefs.has(sent.vnp_TxnRef) || (!!sent.vnp_ExpireDate && parseVnpDate(sent.vnp_ExpireDate) < Date.now());

  const errorPage = (code: string, text: string) =>
    `<!doctype html><html lang="vi"><meta charset="utf-8"><title>Lỗi</title><h1>Lỗi ${code}</h1><p>${text}</p></html>`;

  const sendIpn = async (payload: Record<string, string>): Promise<Delivery> => {
    let delivery = await deliver('get', ipnUrl, payload);
    for (let retry = 0; retry < retries && !/"RspCode":"0[02]"/.test(delivery.body); retry++) {
      notifications.push(delivery);
      delivery = await deliver('get', ipnUrl, payload);
    }
    notifications.push(delivery);
    return delivery;
  };

  app.get('/paymentv2/vpcpay.html', async (request, reply) => {
    const params = request.query as Record<string, string>;
    reply.type('text/html');
    if (params.vnp_SecureHash?.toLowerCase() !== hmac(query(params))) return errorPage('70', 'Sai chữ ký');
    if (params.vnp_TmnCode !== options.tmnCode) return errorPage('02', 'Website chưa được phê duyệt');
    if (params.vnp_Version !== '2.1.0' || params.vnp_Command !== 'pay' || params.vnp_CurrCode !== 'VND') {
      return errorPage('03', 'Dữ liệu gửi sang không đúng định dạng');
    }
    const hundredths = /^\d+$/.test(params.vnp_Amount ?? '') ? Number(params.vnp_Amount) : Number.NaN;
    if (!(hundredths % 100 === 0 && hundredths >= 500_000 && hundredths < 100_000_000_000)) {
      return errorPage('03', 'Số tiền không hợp lệ');
    }
    const missing = ['vnp_TxnRef', 'vnp_OrderInfo', 'vnp_ReturnUrl', 'vnp_IpAddr', 'vnp_CreateDate'].find(
      (field) => !params[field],
    );
    if (missing) return errorPage('03', `Thiếu ${missing}`);
    const existing = transactions.get(params.vnp_TxnRef);
    if (existing && existing.request.vnp_CreateDate !== params.vnp_CreateDate) {
      return errorPage('01', 'Giao dịch đã tồn tại');
    }
    const transaction = existing ?? { request: params };
    transactions.set(params.vnp_TxnRef, transaction);
    return payPage({
      gateway: 'VNPay',
      amountText: `${hundredths / 100} VND — ${params.vnp_OrderInfo}`,
      action: '/paymentv2/vpcpay.html',
      hidden: { vnp_TxnRef: params.vnp_TxnRef },
      choices: {
        pay: 'Thanh toán (NCB 9704198526191432198)',
        suspicious: 'Thanh toán — nghi ngờ (07)',
        fail: 'Không đủ số dư (51)',
        cancel: 'Hủy (24)',
      },
      expired: isExpired(params),
    });
  });

  app.post('/paymentv2/vpcpay.html', async (request, reply) => {
    const { vnp_TxnRef = '', action = '' } = request.body as Record<string, string>;
    const transaction = transactions.get(vnp_TxnRef);
    const outcome = OUTCOME[action];
    if (!transaction || !outcome || transaction.result) return reply.code(400).type('text/html').send('Bad request');
    const { request: sent } = transaction;
    const { response, status } = isExpired(sent) ? { response: '11', status: '02' } : outcome;
    const debited = status === '00' || status === '07';
    transaction.result = signed({
      vnp_Amount: sent.vnp_Amount,
      vnp_BankCode: 'NCB',
      vnp_BankTranNo: debited ? `VNP${randomInt(10_000_000, 99_999_999)}` : '',
      vnp_CardType: debited ? 'ATM' : '',
      vnp_OrderInfo: sent.vnp_OrderInfo,
      vnp_PayDate: vnpNow(),
      vnp_ResponseCode: response,
      vnp_TmnCode: sent.vnp_TmnCode,
      vnp_TransactionNo: debited ? String(randomInt(10_000_000, 99_999_999)) : '0',
      vnp_TransactionStatus: status,
      vnp_TxnRef: sent.vnp_TxnRef,
    });
    if (notify && ipnUrl) await sendIpn(transaction.result);
    const back = `${query(transaction.result)}&vnp_SecureHash=${transaction.result.vnp_SecureHash}`;
    return reply.redirect(`${sent.vnp_ReturnUrl}${sent.vnp_ReturnUrl.includes('?') ? '&' : '?'}${back}`, 302);
  });

  app.post('/merchant_webapi/api/transaction', async (request) => {
    const body = request.body as Record<string, string>;
    const answer = (fields: Record<string, string>) => {
      const full = {
        vnp_ResponseId: String(randomInt(100_000_000, 999_999_999)),
        vnp_Command: body.vnp_Command ?? '',
        vnp_ResponseCode: '00',
        vnp_Message: 'QueryDR Success',
        vnp_TmnCode: options.tmnCode,
        vnp_TxnRef: body.vnp_TxnRef ?? '',
        vnp_Amount: '',
        vnp_BankCode: '',
        vnp_PayDate: '',
        vnp_TransactionNo: '',
        vnp_TransactionType: '',
        vnp_TransactionStatus: '',
        vnp_OrderInfo: '',
        vnp_PromotionCode: '',
        vnp_PromotionAmount: '',
        ...fields,
      };
      return { ...full, vnp_SecureHash: hmac(Object.values(full).join('|')) };
    };
    const order = [
      'vnp_RequestId',
      'vnp_Version',
      'vnp_Command',
      'vnp_TmnCode',
      'vnp_TxnRef',
      'vnp_TransactionDate',
      'vnp_CreateDate',
      'vnp_IpAddr',
      'vnp_OrderInfo',
    ];
    if (body.vnp_Command !== 'querydr' || order.some((field) => !body[field])) {
      return answer({ vnp_ResponseCode: '03', vnp_Message: 'Invalid data format' });
    }
    if (body.vnp_TmnCode !== options.tmnCode) return answer({ vnp_ResponseCode: '02', vnp_Message: 'Invalid TmnCode' });
    if (body.vnp_SecureHash?.toLowerCase() !== hmac(order.map((field) => body[field]).join('|'))) {
      return answer({ vnp_ResponseCode: '97', vnp_Message: 'Invalid Checksum' });
    }
    if (requestIds.has(body.vnp_RequestId)) return answer({ vnp_ResponseCode: '94', vnp_Message: 'Duplicate request' });
    requestIds.add(body.vnp_RequestId);
    const transaction = transactions.get(body.vnp_TxnRef);
    if (!transaction || transaction.request.vnp_CreateDate !== body.vnp_TransactionDate) {
      return answer({ vnp_ResponseCode: '91', vnp_Message: 'Transaction not found' });
    }
    const result = transaction.result;
    return answer({
      vnp_Amount: transaction.request.vnp_Amount,
      vnp_BankCode: result?.vnp_BankCode ?? '',
      vnp_PayDate: result?.vnp_PayDate ?? '',
      vnp_TransactionNo: result?.vnp_TransactionNo ?? '0',
      vnp_TransactionType: '01',
      vnp_TransactionStatus: result?.vnp_TransactionStatus ?? '01',
      vnp_OrderInfo: transaction.request.vnp_OrderInfo,
    });
  });

  const url = await listen(app);
  return {
    url,
    payUrl: `${url}/paymentv2/vpcpay.html`,
    apiUrl: `${url}/merchant_webapi/api/transaction`,
    faults,
    setIpnUrl: (target) => {
      ipnUrl = target;
    },
    setIpnRetries: (count) => {
      retries = count;
    },
    setNotificationsEnabled: (enabled) => {
      notify = enabled;
    },
    notifications,
    async resend(index, { change = {}, resign = false } = {}) {
      const params = { ...(notifications[index].payload as Record<string, string>), ...change };
      const delivery = await deliver('get', ipnUrl, resign ? signed(params) : params);
      notifications.push(delivery);
      return delivery;
    },
    expire: (txnRef) => {
      expiredRefs.add(txnRef);
    },
    close: () => app.close(),
  };
}
