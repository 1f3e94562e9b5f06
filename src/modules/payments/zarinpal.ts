/**
 * ZarinPal REST v4 (Iran). request.json → StartPay/{authority} → callback?Authority=…&Status=OK|NOK → verify.json,
 * which is both the only proof (nothing is signed) and the capture: an unverified payment is refunded to the payer
 * after a while. See gateways.md §3.1.
 *
 * Units: the shop keeps rials (IRR minor units). The merchant is configured for rials or tomans (1 toman = 10
 * rials) and the adapter always sends `currency` explicitly; verify must send the same amount in the same unit as
 * request, or ZarinPal answers -50.
 */
import { z } from 'zod';
import type {
  GatewayAdapter,
  InboundRequest,
  InitiateInput,
  InitiateResult,
  ReturnHint,
  Verification,
  VerifyInput,
} from './adapter.ts';
import { parseDecimal } from './amounts.ts';
import { GatewayConfigError, GatewayRejected, PaymentMismatch } from './errors.ts';
import { endpoint, postJson, readAs, stringFields } from './http.ts';

export const ZARINPAL_SANDBOX_URL = 'https://sandbox.zarinpal.com';
export const ZARINPAL_LIVE_URL = 'https://payment.zarinpal.com';

export interface ZarinpalConfig {
  /** 36 characters (the sandbox accepts any UUID-shaped id). */
  merchantId: string;
  baseUrl: string;
  /** The unit ZarinPal is told amounts are in: IRR (rials) or IRT (tomans). Deliberately has no default. */
  unit: 'IRR' | 'IRT';
  timeoutMs?: number;
}

const GATEWAY = 'zarinpal';

/** Every answer is {data, errors}; on failure data is [] and errors is {code, message, validations}. */
const success = z.object({
  code: z.number(),
  authority: z.string().optional(),
  ref_id: z.union([z.number(), z.string()]).optional(),
});

type Success = z.infer<typeof success>;

const envelope = z.object({
  data: z.union([success, z.array(z.unknown())]),
  errors: z.union([z.object({ code: z.number() }), z.array(z.unknown())]),
});

/** Codes that mean the terminal itself is refused (official error list): nothing works until settings change. */
const CONFIG_CODES = new Set([-10, -11, -14, -15, -16, -17]);

export class ZarinpalAdapter implements GatewayAdapter {
  readonly id = GATEWAY;
  readonly kind = 'redirect';
  readonly currencies = ['IRR'] as const;
  readonly capabilities = { ipn: false, query: true, refund: false, signedReturn: false };
  private readonly timeoutMs: number;

  constructor(private readonly config: ZarinpalConfig) {
    this.timeoutMs = config.timeoutMs ?? 30_000;
  }

  toMinor(gatewayAmount: string | number): number {
    const amount = parseDecimal(GATEWAY, String(gatewayAmount), 0);
    return this.config.unit === 'IRT' ? amount * 10 : amount;
  }

  /** Rials to the configured unit; a rial amount that is not a whole number of tomans cannot be sent in tomans. */
  fromMinor(minor: number): string {
    if (!Number.isSafeInteger(minor) || minor < 0) throw new RangeError('amount must be a whole number of rials');
    if (this.config.unit === 'IRR') return String(minor);
    if (minor % 10 !== 0) throw new RangeError('amount is not a whole number of tomans');
    return String(minor / 10);
  }

  async initiate(input: InitiateInput): Promise<InitiateResult> {
    const { code, authority } = await this.call('/pg/v4/payment/request.json', {
      merchant_id: this.config.merchantId,
      amount: Number(this.fromMinor(input.amount.minor)),
      currency: this.config.unit,
      description: input.description,
      callback_url: input.returnUrl,
      metadata: { order_id: input.orderRef },
    });
    if (code !== 100 || !authority) throw new GatewayRejected(GATEWAY, String(code));
    return {
      gatewayRef: authority,
      redirectUrl: endpoint(this.config.baseUrl, `/pg/StartPay/${encodeURIComponent(authority)}`),
      expiresAt: null,
    };
  }

  /** NOK means failed or cancelled — ZarinPal does not say which; it is reported as the customer cancelling. */
  parseReturn(request: InboundRequest): ReturnHint {
    const query = stringFields(request.query);
    return {
      gatewayRef: query.Authority ?? '',
      gatewayTxnId: null,
      statusHint: query.Status === 'OK' ? 'success' : query.Status === 'NOK' ? 'cancelled' : 'unknown',
      signatureValid: null,
    };
  }

  /**
   * 100 verified now, 101 verified before: both paid, and the amount is ours (ZarinPal checked it, answering -50
   * otherwise). -51: no successful payment for this authority. card_pan and card_hash are never read (CM-03).
   */
  async verify(input: VerifyInput): Promise<Verification> {
    const { code, ref_id } = await this.call('/pg/v4/payment/verify.json', {
      merchant_id: this.config.merchantId,
      amount: Number(this.fromMinor(input.expected.minor)),
      authority: input.gatewayRef,
    });
    if (code === -50) throw new PaymentMismatch(GATEWAY, 'amount');
    if (code === -51) {
      const status = input.returnHint === 'cancelled' ? 'cancelled' : 'failed';
      return {
        gatewayRef: input.gatewayRef,
        gatewayTxnId: null,
        status,
        amount: null,
        code: '-51',
        alreadyFinal: false,
      };
    }
    if (code !== 100 && code !== 101) throw new GatewayRejected(GATEWAY, String(code));
    return {
      gatewayRef: input.gatewayRef,
      gatewayTxnId: ref_id === undefined ? null : String(ref_id),
      status: 'paid',
      amount: input.expected,
      code: String(code),
      alreadyFinal: code === 101,
    };
  }

  /** The envelope's code — data.code on success, errors.code on failure — with what success carries. */
  private async call(path: string, payload: Record<string, unknown>): Promise<Success> {
    const reply = await postJson(GATEWAY, endpoint(this.config.baseUrl, path), payload, {
      timeoutMs: this.timeoutMs,
    });
    const { data, errors } = readAs(GATEWAY, envelope, reply.body);
    if (!Array.isArray(data)) return data;
    const code = Array.isArray(errors) ? 0 : errors.code;
    if (CONFIG_CODES.has(code)) throw new GatewayConfigError(GATEWAY, String(code));
    return { code };
  }
}
