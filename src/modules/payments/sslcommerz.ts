/**
 * SSLCommerz hosted checkout, API v4 (Bangladesh). Session init → hosted page → browser POST to the return URL and
 * IPN POST to the notify URL, both signed with verify_sign (MD5) → Order Validation API, which alone is proof of
 * payment ("You must validate your transaction and amount by calling our Order Validation API").
 * Paths and fields follow the official PHP library (sslcommerz/SSLCommerz-PHP); see gateways.md §1.1.
 */
import { z } from 'zod';
import {
  type Ack,
  type AckOutcome,
  assertExpectedAmount,
  hintFor,
  type InboundRequest,
  type InitiateInput,
  type InitiateResult,
  type Money,
  type NotifyingAdapter,
  type PaymentReport,
  type PaymentStatus,
  type ReturnHint,
  type Verification,
  type VerifyInput,
} from './adapter.ts';
import { formatDecimal, parseDecimal } from './amounts.ts';
import {
  GatewayConfigError,
  GatewayRejected,
  GatewayUnavailable,
  MalformedMessage,
  PaymentMismatch,
  SignatureInvalid,
} from './errors.ts';
import { endpoint, getJson, postForm, readAs, stringFields } from './http.ts';
import { md5Hex, sameHex } from './signing.ts';

export const SSLCOMMERZ_SANDBOX_URL = 'https://sandbox.sslcommerz.com';
export const SSLCOMMERZ_LIVE_URL = 'https://securepay.sslcommerz.com';

export interface SslcommerzConfig {
  storeId: string;
  storePassword: string;
  /** SSLCOMMERZ_SANDBOX_URL (public sandbox store: testbox / qwerty) or SSLCOMMERZ_LIVE_URL. */
  baseUrl: string;
  /**
   * The vendor's libraries mark the buyer's name, e-mail, phone and city mandatory. Unless the shop enabled
   * disclosure (InitiateInput.contact), SSLCommerz receives the shop's own contact instead — whether SSLCommerz
   * risk-scores such placeholders is not documented.
   */
  shopContact: { email: string; phone: string; city: string };
  timeoutMs?: number;
}

const GATEWAY = 'sslcommerz';

const sessionAnswer = z.object({
  status: z.string(),
  failedreason: z.string().nullish(),
  GatewayPageURL: z.string().nullish(),
});

const transaction = z.object({
  status: z.string(),
  APIConnect: z.string().optional(),
  tran_id: z.string().optional(),
  val_id: z.string().optional(),
  amount: z.string().optional(),
  currency: z.string().optional(),
  currency_type: z.string().optional(),
  currency_amount: z.string().optional(),
  risk_level: z.string().optional(),
});

const queryAnswer = z.object({ APIConnect: z.string(), element: z.array(transaction).optional() });

type Transaction = z.infer<typeof transaction>;

const VALIDATED = new Set(['VALID', 'VALIDATED']);

/** IPN and query statuses other than VALID/VALIDATED. UNATTEMPTED (no channel was ever tried) counts as expired. */
const OTHER_STATUS: Record<string, PaymentStatus> = {
  FAILED: 'failed',
  CANCELLED: 'cancelled',
  EXPIRED: 'expired',
  UNATTEMPTED: 'expired',
};

export class SslcommerzAdapter implements NotifyingAdapter {
  readonly id = GATEWAY;
  readonly kind = 'redirect';
  readonly currencies = ['BDT'] as const;
  readonly capabilities = { ipn: true, query: true, refund: false, signedReturn: true };
  private readonly timeoutMs: number;

  constructor(private readonly config: SslcommerzConfig) {
    this.timeoutMs = config.timeoutMs ?? 30_000;
  }

  toMinor(gatewayAmount: string | number): number {
    return parseDecimal(GATEWAY, String(gatewayAmount), 2);
  }

  fromMinor(minor: number): string {
    return formatDecimal(minor, 2);
  }

  async initiate(input: InitiateInput): Promise<InitiateResult> {
    const contact = { ...this.config.shopContact, ...input.contact };
    const answer = await postForm(
      GATEWAY,
      this.url('/gwprocess/v4/api.php'),
      {
        store_id: this.config.storeId,
        store_passwd: this.config.storePassword,
        total_amount: this.fromMinor(input.amount.minor),
        currency: input.amount.currency,
        tran_id: input.attemptId,
        product_category: 'general',
        success_url: input.returnUrl,
        fail_url: input.returnUrl,
        cancel_url: input.returnUrl,
        ipn_url: input.notifyUrl,
        cus_name: 'Customer',
        cus_email: contact.email,
        cus_phone: contact.phone,
        cus_add1: this.config.shopContact.city,
        cus_city: this.config.shopContact.city,
        cus_country: 'Bangladesh',
        shipping_method: 'NO',
        product_name: input.description,
        product_profile: 'general',
        value_a: input.orderRef,
      },
      this.timeoutMs,
    );
    const session = readAs(GATEWAY, sessionAnswer, answer.body);
    if (session.status !== 'SUCCESS' || !session.GatewayPageURL) {
      throw new GatewayRejected(GATEWAY, session.failedreason || session.status);
    }
    return { gatewayRef: input.attemptId, redirectUrl: session.GatewayPageURL, expiresAt: null };
  }

  /** The browser comes back by POST with the IPN's fields, to the success, fail or cancel URL. */
  parseReturn(request: InboundRequest): ReturnHint {
    const fields = stringFields(request.body);
    const signed = this.signedFields(fields);
    const read = signed ?? fields;
    const status = read.status ?? '';
    return {
      gatewayRef: read.tran_id ?? '',
      gatewayTxnId: read.val_id || null,
      statusHint: hintFor(VALIDATED.has(status) ? 'paid' : (OTHER_STATUS[status] ?? null)),
      signatureValid: signed !== null,
    };
  }

  /** A VALID notification is confirmed with the Validation API before it is reported: MD5 is a tamper filter only. */
  async handleNotification(request: InboundRequest): Promise<PaymentReport> {
    const signed = this.signedFields(stringFields(request.body));
    if (!signed) throw new SignatureInvalid(GATEWAY);
    if (signed.store_id !== undefined && signed.store_id !== this.config.storeId) {
      throw new SignatureInvalid(GATEWAY, 'notification for another store');
    }
    const tranId = required(signed, 'tran_id');
    const status = required(signed, 'status');
    if (VALIDATED.has(status)) {
      const validated = await this.validate(required(signed, 'val_id'));
      if (validated.gatewayRef !== tranId) throw new PaymentMismatch(GATEWAY, 'reference');
      return validated;
    }
    return {
      gatewayRef: tranId,
      gatewayTxnId: signed.val_id || null,
      status: OTHER_STATUS[status] ?? 'pending',
      amount: this.money(signed),
      code: status,
    };
  }

  /** No answer body is documented for the IPN listener; a 5xx invites SSLCommerz to try again. */
  buildAck(outcome: AckOutcome): Ack {
    const [httpStatus, body] =
      outcome === 'signature_invalid' ? [400, 'INVALID'] : outcome === 'error' ? [500, 'ERROR'] : [200, 'OK'];
    return { httpStatus, headers: { 'content-type': 'text/plain; charset=utf-8' }, body };
  }

  async verify(input: VerifyInput): Promise<Verification> {
    const result = input.gatewayTxnId
      ? await this.validate(input.gatewayTxnId)
      : await this.queryByTranId(input.gatewayRef);
    if (result.gatewayRef !== input.gatewayRef) throw new PaymentMismatch(GATEWAY, 'reference');
    assertExpectedAmount(GATEWAY, input.expected, result.amount);
    return result;
  }

  /** Order Validation API: VALID the first time, VALIDATED after; risk_level 1 means hold and check the buyer. */
  private async validate(valId: string): Promise<Verification> {
    const answer = await getJson(
      GATEWAY,
      this.url('/validator/api/validationserverAPI.php', {
        val_id: valId,
        store_id: this.config.storeId,
        store_passwd: this.config.storePassword,
        v: '1',
        format: 'json',
      }),
      this.timeoutMs,
    );
    const found = readAs(GATEWAY, transaction, answer.body);
    checkConnection(found.APIConnect);
    if (!VALIDATED.has(found.status) || !found.tran_id || !found.val_id) {
      throw new GatewayRejected(GATEWAY, found.status);
    }
    return {
      gatewayRef: found.tran_id,
      gatewayTxnId: found.val_id,
      status: found.risk_level === '1' ? 'review' : 'paid',
      amount: this.validatedMoney(found),
      code: found.status,
      alreadyFinal: found.status === 'VALIDATED',
    };
  }

  /**
   * Transaction query by tran_id, for when no notification or return brought a val_id. The answer's `element` list
   * is not described in the reference notes; its field names are taken to be those of the validation answer.
   */
  private async queryByTranId(tranId: string): Promise<Verification> {
    const answer = await getJson(
      GATEWAY,
      this.url('/validator/api/merchantTransIDvalidationAPI.php', {
        tran_id: tranId,
        store_id: this.config.storeId,
        store_passwd: this.config.storePassword,
        format: 'json',
      }),
      this.timeoutMs,
    );
    const { APIConnect, element = [] } = readAs(GATEWAY, queryAnswer, answer.body);
    checkConnection(APIConnect);
    const paid = element.find((t) => VALIDATED.has(t.status) && t.val_id);
    if (paid?.val_id) return this.validate(paid.val_id);
    const last = element.at(-1);
    return {
      gatewayRef: tranId,
      gatewayTxnId: null,
      status: last ? (OTHER_STATUS[last.status] ?? 'pending') : 'pending',
      amount: last ? this.validatedMoney(last) : null,
      code: last?.status ?? 'NOT_FOUND',
      alreadyFinal: false,
    };
  }

  /**
   * Only the fields verify_key lists, when verify_sign matches: md5 of the listed fields plus
   * store_passwd=md5(password), sorted by key, joined k=v with & (the official SSLCOMMERZ_hash_varify).
   * Reading only these means an added, unsigned field can never change what we report.
   */
  private signedFields(fields: Record<string, string>): Record<string, string> | null {
    if (!fields.verify_sign || !fields.verify_key) return null;
    const signed: Record<string, string> = {};
    for (const key of fields.verify_key.split(',')) signed[key] = fields[key] ?? '';
    const hashed: Record<string, string> = { ...signed, store_passwd: md5Hex(this.config.storePassword) };
    const text = Object.keys(hashed)
      .sort()
      .map((key) => `${key}=${hashed[key]}`)
      .join('&');
    return sameHex(md5Hex(text), fields.verify_sign) ? signed : null;
  }

  private money(fields: Record<string, string>): Money | null {
    if (!fields.amount) return null;
    if (fields.currency !== 'BDT') throw new PaymentMismatch(GATEWAY, 'currency');
    return { minor: this.toMinor(fields.amount), currency: 'BDT' };
  }

  /** currency_type/currency_amount are the order's own currency and amount (the official validator's choice). */
  private validatedMoney(found: Transaction): Money | null {
    return this.money({
      amount: found.currency_amount ?? found.amount ?? '',
      currency: found.currency_type ?? found.currency ?? '',
    });
  }

  private url(path: string, query?: Record<string, string>): string {
    return endpoint(this.config.baseUrl, path, query);
  }
}

function required(fields: Record<string, string>, key: string): string {
  const value = fields[key];
  if (!value) throw new MalformedMessage(GATEWAY, `${key} missing or unsigned`);
  return value;
}

function checkConnection(apiConnect: string | undefined): void {
  if (apiConnect === undefined || apiConnect === 'DONE') return;
  if (apiConnect === 'FAILED') throw new GatewayUnavailable(GATEWAY, 'http_5xx', 'APIConnect FAILED');
  throw new GatewayConfigError(GATEWAY, apiConnect);
}
