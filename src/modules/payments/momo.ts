/**
 * MoMo All-In-One v2 (Vietnam), requestType captureWallet. create → payUrl → browser redirect (GET) and IPN
 * (POST JSON, answered 204) with the same signed fields → query. Signatures are HMAC-SHA256 over "k=v&…" in a
 * fixed, alphabetical field order with raw (not URL-encoded) values. Official docs developers.momo.vn/v3 and
 * momo-wallet/payment (gateways.md §2.2).
 */
import { randomUUID } from 'node:crypto';
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
import { endpoint, postJson, readAs } from './http.ts';
import { hmacHex, sameHex } from './signing.ts';

export const MOMO_SANDBOX_URL = 'https://test-payment.momo.vn';
export const MOMO_LIVE_URL = 'https://payment.momo.vn';

export interface MomoConfig {
  partnerCode: string;
  accessKey: string;
  secretKey: string;
  baseUrl: string;
  /** MoMo: "Minimum timeout when call this API must be 30s" — the default. */
  timeoutMs?: number;
}

const GATEWAY = 'momo';

/** The fields of the create signature, in MoMo's order. */
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
] as const;

/** The fields of the redirect's and the IPN's signature, in MoMo's order. */
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
] as const;

const QUERY_SIGNED = ['accessKey', 'orderId', 'partnerCode', 'requestId'] as const;

/** JSON numbers (IPN) and query-string text (redirect) are both signed as their decimal text. */
const text = z.union([z.string(), z.number().transform(String)]);

const result = z.object({
  partnerCode: text,
  orderId: text,
  requestId: text,
  amount: text,
  orderInfo: text.default(''),
  orderType: text.default(''),
  transId: text.default(''),
  resultCode: text,
  message: text.default(''),
  payType: text.default(''),
  responseTime: text.default(''),
  extraData: text.default(''),
  signature: z.string(),
});

const createAnswer = z.object({ resultCode: text, payUrl: z.string().optional() });

const queryAnswer = z.object({ orderId: text, resultCode: text, amount: text.optional(), transId: text.optional() });

/**
 * In MoMo's table the four-digit codes are about the payment (the buyer, the wallet, the transaction) and the
 * two-digit ones about the request (10 maintenance, 13 authentication, 20 format, 40–43 references): null.
 */
function paymentStatus(resultCode: string): PaymentStatus | null {
  if (resultCode === '0' || resultCode === '9000') return 'paid'; // 9000 is final with autoCapture (the default)
  if (['1000', '7000', '7002', '8000'].includes(resultCode)) return 'pending';
  if (['1003', '1006', '1017'].includes(resultCode)) return 'cancelled';
  if (resultCode === '1005') return 'expired';
  if (resultCode.length === 4) return 'failed';
  return null;
}

export class MomoAdapter implements NotifyingAdapter {
  readonly id = GATEWAY;
  readonly kind = 'redirect';
  readonly currencies = ['VND'] as const;
  readonly capabilities = { ipn: true, query: true, refund: false, signedReturn: true };
  private readonly timeoutMs: number;

  constructor(private readonly config: MomoConfig) {
    this.timeoutMs = config.timeoutMs ?? 30_000;
  }

  /** MoMo amounts are whole đồng. */
  toMinor(gatewayAmount: string | number): number {
    return parseDecimal(GATEWAY, String(gatewayAmount), 0);
  }

  fromMinor(minor: number): string {
    if (!Number.isSafeInteger(minor) || minor < 0) throw new RangeError('amount must be a whole number of đồng');
    return String(minor);
  }

  /** requestId is the attempt id: repeating this create returns MoMo's first answer instead of a new order. */
  async initiate(input: InitiateInput): Promise<InitiateResult> {
    const fields = {
      partnerCode: this.config.partnerCode,
      requestId: input.attemptId,
      amount: this.fromMinor(input.amount.minor),
      orderId: input.attemptId,
      orderInfo: input.description,
      redirectUrl: input.returnUrl,
      ipnUrl: input.notifyUrl,
      requestType: 'captureWallet',
      extraData: '',
    };
    const answer = await postJson(
      GATEWAY,
      endpoint(this.config.baseUrl, '/v2/gateway/api/create'),
      {
        ...fields,
        amount: Number(fields.amount),
        lang: input.locale === 'vi' ? 'vi' : 'en',
        signature: this.sign(CREATE_SIGNED, fields),
      },
      { timeoutMs: this.timeoutMs },
    );
    const created = readAs(GATEWAY, createAnswer, answer.body);
    if (created.resultCode !== '0' || !created.payUrl) throw requestError(created.resultCode);
    return { gatewayRef: input.attemptId, redirectUrl: created.payUrl, expiresAt: null };
  }

  parseReturn(request: InboundRequest): ReturnHint {
    const parsed = result.safeParse(request.query);
    if (!parsed.success) return { gatewayRef: '', gatewayTxnId: null, statusHint: 'unknown', signatureValid: false };
    const fields = parsed.data;
    return {
      gatewayRef: fields.orderId,
      gatewayTxnId: fields.transId || null,
      statusHint: hintFor(paymentStatus(fields.resultCode)),
      signatureValid: this.resultSigned(fields),
    };
  }

  async handleNotification(request: InboundRequest): Promise<PaymentReport> {
    const parsed = result.safeParse(request.body);
    if (!parsed.success) throw new SignatureInvalid(GATEWAY, 'not a MoMo result');
    const fields = parsed.data;
    if (!this.resultSigned(fields)) throw new SignatureInvalid(GATEWAY);
    if (fields.partnerCode !== this.config.partnerCode) throw new SignatureInvalid(GATEWAY, 'another partner');
    return {
      gatewayRef: fields.orderId,
      gatewayTxnId: fields.transId || null,
      status: paymentStatus(fields.resultCode) ?? 'failed',
      amount: { minor: this.toMinor(fields.amount), currency: 'VND' },
      code: fields.resultCode,
    };
  }

  /**
   * MoMo: "respond with HTTP code 204 (No Content)". A genuine notification we cannot match is acknowledged too —
   * sending it again would not change that; only a bad signature (400) or our own failure (500) is not.
   */
  buildAck(outcome: AckOutcome): Ack {
    const httpStatus = outcome === 'signature_invalid' ? 400 : outcome === 'error' ? 500 : 204;
    return { httpStatus, headers: {}, body: '' };
  }

  async verify(input: VerifyInput): Promise<Verification> {
    const fields = { partnerCode: this.config.partnerCode, requestId: randomUUID(), orderId: input.gatewayRef };
    const answer = await postJson(
      GATEWAY,
      endpoint(this.config.baseUrl, '/v2/gateway/api/query'),
      { ...fields, lang: 'en', signature: this.sign(QUERY_SIGNED, fields) },
      { timeoutMs: this.timeoutMs },
    );
    const found = readAs(GATEWAY, queryAnswer, answer.body);
    const status = paymentStatus(found.resultCode);
    if (status === null) throw requestError(found.resultCode);
    if (found.orderId !== input.gatewayRef) throw new PaymentMismatch(GATEWAY, 'reference');
    const amount = found.amount ? { minor: this.toMinor(found.amount), currency: 'VND' as const } : null;
    assertExpectedAmount(GATEWAY, input.expected, amount);
    return {
      gatewayRef: input.gatewayRef,
      gatewayTxnId: found.transId && found.transId !== '0' ? found.transId : null,
      status,
      amount,
      code: found.resultCode,
      alreadyFinal: false,
    };
  }

  private resultSigned(fields: z.infer<typeof result>): boolean {
    return sameHex(this.sign(RESULT_SIGNED, fields), fields.signature);
  }

  /** hex HMAC-SHA256(secretKey, "accessKey=…&…") — accessKey comes from our configuration, never the message. */
  private sign(keys: readonly string[], fields: Record<string, string>): string {
    const values: Record<string, string> = { ...fields, accessKey: this.config.accessKey };
    const raw = keys.map((key) => `${key}=${values[key] ?? ''}`).join('&');
    return hmacHex('sha256', this.config.secretKey, raw);
  }
}

function requestError(resultCode: string): Error {
  if (resultCode === '10') return new GatewayUnavailable(GATEWAY, 'maintenance');
  if (['11', '12', '13'].includes(resultCode)) return new GatewayConfigError(GATEWAY, resultCode);
  if (resultCode === '') return new MalformedMessage(GATEWAY, 'no resultCode');
  return new GatewayRejected(GATEWAY, resultCode);
}
