/**
 * bKash Tokenized Checkout v1.2.0-beta (Bangladesh), mode 0011 (one-off URL payment, no stored wallet agreement).
 * grant token → create → browser to bkashURL → callbackURL?paymentID=…&status=success|failure|cancel → execute
 * (the capture) or payment/status. Nothing bKash sends to the browser is signed: trust comes only from calling
 * execute and status with our own token. See gateways.md §1.2; the sources are third-party renderings of the
 * official API.
 *
 * Not built: the optional merchant webhook (AWS SNS, RSA-SHA1) — enrolment is manual at bKash and execute/status
 * already settle every payment, so capabilities.ipn is false.
 */
import { z } from 'zod';
import {
  assertExpectedAmount,
  type GatewayAdapter,
  type InboundRequest,
  type InitiateInput,
  type InitiateResult,
  type PaymentStatus,
  type ReturnHint,
  type StatusHint,
  type Verification,
  type VerifyInput,
} from './adapter.ts';
import { formatDecimal, parseDecimal } from './amounts.ts';
import { GatewayConfigError, GatewayRejected, GatewayUnavailable, PaymentMismatch } from './errors.ts';
import { endpoint, postJson, readAs, stringFields } from './http.ts';

export const BKASH_SANDBOX_URL = 'https://tokenized.sandbox.bka.sh/v1.2.0-beta';
export const BKASH_LIVE_URL = 'https://tokenized.pay.bka.sh/v1.2.0-beta';

export interface BkashConfig {
  appKey: string;
  appSecret: string;
  username: string;
  password: string;
  /** BKASH_SANDBOX_URL or BKASH_LIVE_URL; paths below are under /tokenized/checkout. */
  baseUrl: string;
  timeoutMs?: number;
  /** The clock that ages the cached id_token (tests move it forward). */
  now?: () => number;
}

const GATEWAY = 'bkash';

const tokenAnswer = z.object({
  statusCode: z.string().optional(),
  id_token: z.string().optional(),
  refresh_token: z.string().optional(),
  expires_in: z.coerce.number().optional(),
});

/** Create, execute and status share one shape; older answers carry errorCode instead of statusCode. */
const paymentAnswer = z.object({
  statusCode: z.string().optional(),
  errorCode: z.string().optional(),
  paymentID: z.string().optional(),
  bkashURL: z.string().optional(),
  trxID: z.string().optional(),
  transactionStatus: z.string().optional(),
  amount: z.string().optional(),
  currency: z.string().optional(),
});

type PaymentAnswer = z.infer<typeof paymentAnswer>;

const STATUS: Record<string, PaymentStatus> = {
  Completed: 'paid',
  Initiated: 'pending',
  Cancelled: 'cancelled',
  Failed: 'failed',
  Expired: 'expired',
};

/** 2117 "Payment execution already been called", 2062 "The payment has already been completed". */
const ALREADY_EXECUTED = new Set(['2117', '2062']);

const HINT: Record<string, StatusHint> = { success: 'success', failure: 'failed', cancel: 'cancelled' };

interface Token {
  id: string;
  refresh: string;
  expiresAt: number;
}

export class BkashAdapter implements GatewayAdapter {
  readonly id = GATEWAY;
  readonly kind = 'redirect';
  readonly currencies = ['BDT'] as const;
  readonly capabilities = { ipn: false, query: true, refund: false, signedReturn: false };
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private token: Promise<Token> | null = null;

  constructor(private readonly config: BkashConfig) {
    this.timeoutMs = config.timeoutMs ?? 30_000;
    this.now = config.now ?? Date.now;
  }

  toMinor(gatewayAmount: string | number): number {
    return parseDecimal(GATEWAY, String(gatewayAmount), 2);
  }

  fromMinor(minor: number): string {
    return formatDecimal(minor, 2);
  }

  /** payerReference and merchantInvoiceNumber are the opaque attempt id, never the buyer's phone. */
  async initiate(input: InitiateInput): Promise<InitiateResult> {
    const created = await this.call('/create', {
      mode: '0011',
      payerReference: input.attemptId,
      callbackURL: input.returnUrl,
      amount: this.fromMinor(input.amount.minor),
      currency: input.amount.currency,
      intent: 'sale',
      merchantInvoiceNumber: input.attemptId,
    });
    const code = codeOf(created);
    if (code === '2001') throw new GatewayConfigError(GATEWAY, code);
    if (code !== '0000' || !created.paymentID || !created.bkashURL) throw new GatewayRejected(GATEWAY, code);
    return { gatewayRef: created.paymentID, redirectUrl: created.bkashURL, expiresAt: null };
  }

  parseReturn(request: InboundRequest): ReturnHint {
    const query = stringFields(request.query);
    return {
      gatewayRef: query.paymentID ?? '',
      gatewayTxnId: null,
      statusHint: HINT[query.status ?? ''] ?? 'unknown',
      signatureValid: null,
    };
  }

  /**
   * Status first, so that repeating verify never depends on execute's error codes; execute only a payment still
   * Initiated. A failure or cancel return is only confirmed by status, never executed. If execute times out it is
   * not retried blindly: status tells whether it went through.
   */
  async verify(input: VerifyInput): Promise<Verification> {
    const current = await this.status(input.gatewayRef);
    const mayExecute = input.returnHint !== 'failed' && input.returnHint !== 'cancelled';
    if (current.transactionStatus !== 'Initiated' || !mayExecute) {
      return this.report(current, input, current.transactionStatus === 'Completed');
    }
    let executed: PaymentAnswer;
    try {
      executed = await this.call('/execute', { paymentID: input.gatewayRef });
    } catch (error) {
      if (error instanceof GatewayUnavailable) return this.report(await this.status(input.gatewayRef), input, false);
      throw error;
    }
    const code = codeOf(executed);
    if (code === '0000') return this.report(executed, input, false);
    if (ALREADY_EXECUTED.has(code)) return this.report(await this.status(input.gatewayRef), input, true);
    // Anything else (2056 "invalid payment state": the buyer has not approved yet) leaves it open.
    return { ...this.report(current, input, false), code };
  }

  private async status(paymentID: string): Promise<PaymentAnswer> {
    const answer = await this.call('/payment/status', { paymentID });
    const code = codeOf(answer);
    if (code !== '0000') throw new GatewayRejected(GATEWAY, code);
    return answer;
  }

  private report(answer: PaymentAnswer, input: VerifyInput, alreadyFinal: boolean): Verification {
    if (answer.paymentID && answer.paymentID !== input.gatewayRef) throw new PaymentMismatch(GATEWAY, 'reference');
    if (answer.amount && answer.currency !== 'BDT') throw new PaymentMismatch(GATEWAY, 'currency');
    const amount = answer.amount ? { minor: this.toMinor(answer.amount), currency: 'BDT' as const } : null;
    assertExpectedAmount(GATEWAY, input.expected, amount);
    return {
      gatewayRef: input.gatewayRef,
      gatewayTxnId: answer.trxID || null,
      status: STATUS[answer.transactionStatus ?? ''] ?? 'pending',
      amount,
      code: answer.transactionStatus ?? codeOf(answer),
      alreadyFinal,
    };
  }

  /**
   * One checkout call with the cached id_token. A 401 means the token died before its expires_in (revoked,
   * clock skew): renew once and retry. The 401 answer is the API gateway's, as seen in integrations — assumed.
   */
  private async call(path: string, payload: Record<string, string>): Promise<PaymentAnswer> {
    const send = async (token: Token) =>
      postJson(GATEWAY, endpoint(this.config.baseUrl, `/tokenized/checkout${path}`), payload, {
        timeoutMs: this.timeoutMs,
        headers: { authorization: token.id, 'x-app-key': this.config.appKey },
      });
    let answer = await send(await this.currentToken());
    if (answer.status === 401) answer = await send(await this.renewToken());
    if (answer.status === 401) throw new GatewayConfigError(GATEWAY, '401');
    return readAs(GATEWAY, paymentAnswer, answer.body);
  }

  private async currentToken(): Promise<Token> {
    const token = await this.token;
    return token && this.now() < token.expiresAt ? token : this.renewToken();
  }

  /** Refresh when there is a refresh token (the grant otherwise), falling back to a fresh grant. */
  private renewToken(): Promise<Token> {
    const previous = this.token;
    const next = (async () => {
      const old = await previous?.catch(() => null);
      if (old) {
        const refreshed = await this.tokenCall('/token/refresh', { refresh_token: old.refresh }).catch(() => null);
        if (refreshed) return refreshed;
      }
      return this.tokenCall('/token/grant', {});
    })();
    this.token = next;
    next.catch(() => {
      if (this.token === next) this.token = null;
    });
    return next;
  }

  private async tokenCall(path: string, extra: Record<string, string>): Promise<Token> {
    const answer = await postJson(
      GATEWAY,
      endpoint(this.config.baseUrl, `/tokenized/checkout${path}`),
      { app_key: this.config.appKey, app_secret: this.config.appSecret, ...extra },
      { timeoutMs: this.timeoutMs, headers: { username: this.config.username, password: this.config.password } },
    );
    const token = readAs(GATEWAY, tokenAnswer, answer.body);
    if (token.statusCode !== '0000' || !token.id_token || !token.refresh_token) {
      throw new GatewayConfigError(GATEWAY, token.statusCode ?? String(answer.status));
    }
    // Renew a minute early so a token never expires between the check and bKash reading it.
    const lifetime = Math.max(0, (token.expires_in ?? 3600) - 60) * 1000;
    return { id: token.id_token, refresh: token.refresh_token, expiresAt: this.now() + lifetime };
  }
}

function codeOf(answer: PaymentAnswer): string {
  return answer.statusCode ?? answer.errorCode ?? '';
}
