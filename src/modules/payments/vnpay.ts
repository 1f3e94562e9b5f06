/**
 * VNPay payment gateway v2.1.0 (Vietnam). The redirect URL is built and signed locally (no server call); the
 * browser return and the IPN (both GET) carry the same signed parameters; querydr is the server-side check.
 * Follows VNPay's own PHP demo and the lehuygiang28/vnpay library (gateways.md §2.1); the official documentation
 * site was not among the sources, so details below marked "not found" are built to the demos.
 *
 * The IPN URL is not a request parameter: it is registered with VNPay for the terminal, so the core serves one
 * fixed IPN route per terminal and finds the attempt by vnp_TxnRef. InitiateInput.notifyUrl is unused.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import {
  type Ack,
  type AckOutcome,
  assertExpectedAmount,
  hintFor,
  type InboundRequest,
  type InitiateInput,
  type InitiateResult,
  type NotifyingAdapter,
  type PaymentReport,
  type PaymentStatus,
  type ReturnHint,
  type StatusHint,
  type Verification,
  type VerifyInput,
} from './adapter.ts';
import { parseDecimal } from './amounts.ts';
import {
  GatewayConfigError,
  GatewayRejected,
  GatewayUnavailable,
  MalformedMessage,
  PaymentMismatch,
  SignatureInvalid,
} from './errors.ts';
import { postJson, readAs, stringFields } from './http.ts';
import { hmacHex, sameHex } from './signing.ts';

export const VNPAY_SANDBOX_PAY_URL = 'https://sandbox.vnpayment.vn/paymentv2/vpcpay.html';
export const VNPAY_SANDBOX_API_URL = 'https://sandbox.vnpayment.vn/merchant_webapi/api/transaction';
/** As configured in integrations; the production querydr URL is given by VNPay at go-live (not found). */
export const VNPAY_LIVE_PAY_URL = 'https://pay.vnpay.vn/vpcpay.html';

export interface VnpayConfig {
  tmnCode: string;
  hashSecret: string;
  payUrl: string;
  apiUrl: string;
  /** The shop server's own IP, sent as vnp_IpAddr on querydr. */
  serverIp: string;
  /** vnp_OrderType; default "other". */
  orderType?: string;
  /** How long the pay page stays valid (vnp_ExpireDate); default 15 minutes. */
  sessionMinutes?: number;
  timeoutMs?: number;
}

const GATEWAY = 'vnpay';
const VERSION = '2.1.0';

/**
 * PHP urlencode, as in VNPay's official demo: UTF-8 percent-encoding, space as "+", only A–Z a–z 0–9 - _ . left
 * as they are. The hash is over this encoded text, so Vietnamese in vnp_OrderInfo hashes the same on both sides
 * as long as both encode it this way. (VNPay reportedly asks for text without diacritics — official wording not
 * found; the text is sent as given.)
 */
export function vnpEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** The signed text: every non-empty vnp_* parameter but the hash itself, sorted by key, encoded, joined with &. */
export function vnpSignedText(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((key) => key.startsWith('vnp_') && key !== 'vnp_SecureHash' && key !== 'vnp_SecureHashType')
    .filter((key) => params[key] !== '')
    .sort()
    .map((key) => `${vnpEncode(key)}=${vnpEncode(params[key])}`)
    .join('&');
}

/** yyyyMMddHHmmss in GMT+7, whatever the server's time zone. */
export function vnpDate(at: Date): string {
  return new Date(at.getTime() + 7 * 3600_000).toISOString().replace(/\D/g, '').slice(0, 14);
}

const queryAnswer = z.object({
  vnp_ResponseId: z.string().default(''),
  vnp_Command: z.string().default(''),
  vnp_ResponseCode: z.string(),
  vnp_Message: z.string().default(''),
  vnp_TmnCode: z.string().default(''),
  vnp_TxnRef: z.string().default(''),
  vnp_Amount: z.string().default(''),
  vnp_BankCode: z.string().default(''),
  vnp_PayDate: z.string().default(''),
  vnp_TransactionNo: z.string().default(''),
  vnp_TransactionType: z.string().default(''),
  vnp_TransactionStatus: z.string().default(''),
  vnp_OrderInfo: z.string().default(''),
  vnp_PromotionCode: z.string().default(''),
  vnp_PromotionAmount: z.string().default(''),
  vnp_SecureHash: z.string().default(''),
});

type QueryAnswer = z.infer<typeof queryAnswer>;

/** The querydr answer's signed fields, in the order they are pipe-joined. */
const ANSWER_SIGNED: (keyof QueryAnswer)[] = [
  'vnp_ResponseId',
  'vnp_Command',
  'vnp_ResponseCode',
  'vnp_Message',
  'vnp_TmnCode',
  'vnp_TxnRef',
  'vnp_Amount',
  'vnp_BankCode',
  'vnp_PayDate',
  'vnp_TransactionNo',
  'vnp_TransactionType',
  'vnp_TransactionStatus',
  'vnp_OrderInfo',
  'vnp_PromotionCode',
  'vnp_PromotionAmount',
];

const RSP: Record<AckOutcome, [string, string]> = {
  accepted: ['00', 'Confirm Success'],
  duplicate: ['02', 'Order already confirmed'],
  unknown_ref: ['01', 'Order not found'],
  amount_mismatch: ['04', 'Invalid amount'],
  signature_invalid: ['97', 'Invalid signature'],
  error: ['99', 'Unknown error'],
};

/** vnp_ResponseCode 07 (debited but suspicious) and TransactionStatus 07 (suspected fraud) are held for review. */
function paymentStatus(responseCode: string, transactionStatus: string): PaymentStatus {
  if (responseCode === '07' || transactionStatus === '07') return 'review';
  if (responseCode === '00' && transactionStatus === '00') return 'paid';
  if (responseCode === '24') return 'cancelled';
  if (responseCode === '11') return 'expired';
  return 'failed';
}

/**
 * querydr's vnp_TransactionStatus: 00 paid, 01 not completed, 02 error, 04 reversed, 05/06/09 refund states (the
 * money was taken), 07 suspected fraud. It cannot tell a customer's cancel from a failure; the return's hint does.
 */
function queriedStatus(transactionStatus: string, hint: StatusHint | undefined): PaymentStatus {
  if (['00', '05', '06', '09'].includes(transactionStatus)) return 'paid';
  if (transactionStatus === '07') return 'review';
  if (transactionStatus === '02') return hint === 'cancelled' ? 'cancelled' : 'failed';
  if (transactionStatus === '04') return 'failed';
  return 'pending';
}

export class VnpayAdapter implements NotifyingAdapter {
  readonly id = GATEWAY;
  readonly kind = 'redirect';
  readonly currencies = ['VND'] as const;
  readonly capabilities = { ipn: true, query: true, refund: false, signedReturn: true };
  private readonly timeoutMs: number;
  private readonly sessionMs: number;

  constructor(private readonly config: VnpayConfig) {
    this.timeoutMs = config.timeoutMs ?? 30_000;
    this.sessionMs = (config.sessionMinutes ?? 15) * 60_000;
  }

  /** vnp_Amount is VND × 100; VND has no subunit, so anything not a multiple of 100 is malformed. */
  toMinor(gatewayAmount: string | number): number {
    const hundredths = parseDecimal(GATEWAY, String(gatewayAmount), 0);
    if (hundredths % 100 !== 0) throw new MalformedMessage(GATEWAY, 'vnp_Amount is not whole đồng');
    return hundredths / 100;
  }

  fromMinor(minor: number): string {
    const hundredths = minor * 100;
    if (!Number.isSafeInteger(hundredths) || minor < 0) throw new RangeError('amount must be a whole number of đồng');
    return String(hundredths);
  }

  async initiate(input: InitiateInput): Promise<InitiateResult> {
    const expiresAt = new Date(input.createdAt.getTime() + this.sessionMs);
    const params: Record<string, string> = {
      vnp_Version: VERSION,
      vnp_Command: 'pay',
      vnp_TmnCode: this.config.tmnCode,
      vnp_Amount: this.fromMinor(input.amount.minor),
      vnp_CurrCode: 'VND',
      vnp_TxnRef: input.attemptId,
      vnp_OrderInfo: input.description,
      vnp_OrderType: this.config.orderType ?? 'other',
      vnp_Locale: input.locale === 'vi' ? 'vn' : 'en',
      vnp_ReturnUrl: input.returnUrl,
      vnp_IpAddr: input.customerIp,
      vnp_CreateDate: vnpDate(input.createdAt),
      vnp_ExpireDate: vnpDate(expiresAt),
    };
    const signed = vnpSignedText(params);
    const hash = hmacHex('sha512', this.config.hashSecret, signed);
    return {
      gatewayRef: input.attemptId,
      redirectUrl: `${this.config.payUrl}?${signed}&vnp_SecureHash=${hash}`,
      expiresAt,
    };
  }

  parseReturn(request: InboundRequest): ReturnHint {
    const fields = stringFields(request.query);
    return {
      gatewayRef: fields.vnp_TxnRef ?? '',
      gatewayTxnId: txnNo(fields.vnp_TransactionNo),
      statusHint: hintFor(paymentStatus(fields.vnp_ResponseCode ?? '', fields.vnp_TransactionStatus ?? '')),
      signatureValid: this.signatureValid(fields),
    };
  }

  async handleNotification(request: InboundRequest): Promise<PaymentReport> {
    const fields = stringFields(request.query);
    if (!this.signatureValid(fields)) throw new SignatureInvalid(GATEWAY);
    if (fields.vnp_TmnCode !== this.config.tmnCode) throw new SignatureInvalid(GATEWAY, 'another terminal');
    if (!fields.vnp_TxnRef || !fields.vnp_Amount || !fields.vnp_ResponseCode) {
      throw new MalformedMessage(GATEWAY, 'vnp_TxnRef, vnp_Amount or vnp_ResponseCode missing');
    }
    return {
      gatewayRef: fields.vnp_TxnRef,
      gatewayTxnId: txnNo(fields.vnp_TransactionNo),
      status: paymentStatus(fields.vnp_ResponseCode, fields.vnp_TransactionStatus ?? ''),
      amount: { minor: this.toMinor(fields.vnp_Amount), currency: 'VND' },
      code: fields.vnp_ResponseCode,
    };
  }

  /** HTTP 200 with {RspCode, Message}; 02 is VNPay's "already confirmed", which it treats as acknowledged. */
  buildAck(outcome: AckOutcome): Ack {
    const [RspCode, Message] = RSP[outcome];
    return {
      httpStatus: 200,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ RspCode, Message }),
    };
  }

  /** querydr: its hash is HMAC-SHA512 over pipe-joined values in a fixed order, unlike the redirect's. */
  async verify(input: VerifyInput): Promise<Verification> {
    // Written in the order the hash joins them.
    const request = {
      vnp_RequestId: randomBytes(16).toString('hex'),
      vnp_Version: VERSION,
      vnp_Command: 'querydr',
      vnp_TmnCode: this.config.tmnCode,
      vnp_TxnRef: input.gatewayRef,
      vnp_TransactionDate: vnpDate(input.createdAt),
      vnp_CreateDate: vnpDate(new Date()),
      vnp_IpAddr: this.config.serverIp,
      vnp_OrderInfo: `Truy van giao dich ${input.gatewayRef}`,
    };
    const vnp_SecureHash = hmacHex('sha512', this.config.hashSecret, Object.values(request).join('|'));
    const answer = await postJson(
      GATEWAY,
      this.config.apiUrl,
      { ...request, vnp_SecureHash },
      { timeoutMs: this.timeoutMs },
    );
    const found = readAs(GATEWAY, queryAnswer, answer.body);
    const code = found.vnp_ResponseCode;
    if (code === '91') return this.notFound(input);
    if (code === '02' || code === '97') throw new GatewayConfigError(GATEWAY, code);
    if (code === '99') throw new GatewayUnavailable(GATEWAY, 'http_5xx', 'querydr 99');
    if (code !== '00') throw new GatewayRejected(GATEWAY, code);
    const text = ANSWER_SIGNED.map((key) => found[key]).join('|');
    if (!sameHex(hmacHex('sha512', this.config.hashSecret, text), found.vnp_SecureHash)) {
      throw new SignatureInvalid(GATEWAY, 'querydr answer signature does not verify');
    }
    if (found.vnp_TxnRef !== input.gatewayRef) throw new PaymentMismatch(GATEWAY, 'reference');
    const amount = { minor: this.toMinor(found.vnp_Amount), currency: 'VND' as const };
    assertExpectedAmount(GATEWAY, input.expected, amount);
    return {
      gatewayRef: input.gatewayRef,
      gatewayTxnId: txnNo(found.vnp_TransactionNo),
      status: queriedStatus(found.vnp_TransactionStatus, input.returnHint),
      amount,
      code: found.vnp_TransactionStatus,
      alreadyFinal: false,
    };
  }

  /** 91: VNPay has no transaction yet — the buyer never paid; after vnp_ExpireDate they no longer can. */
  private notFound(input: VerifyInput): Verification {
    const expired = Date.now() > input.createdAt.getTime() + this.sessionMs;
    return {
      gatewayRef: input.gatewayRef,
      gatewayTxnId: null,
      status: expired ? 'expired' : 'pending',
      amount: null,
      code: '91',
      alreadyFinal: false,
    };
  }

  private signatureValid(fields: Record<string, string>): boolean {
    const received = fields.vnp_SecureHash;
    return !!received && sameHex(hmacHex('sha512', this.config.hashSecret, vnpSignedText(fields)), received);
  }
}

/** vnp_TransactionNo is "0" when nothing was paid. */
function txnNo(value: string | undefined): string | null {
  return value && value !== '0' ? value : null;
}
