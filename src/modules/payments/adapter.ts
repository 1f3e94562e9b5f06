/**
 * The one interface every way of paying fits: the redirect gateways (SSLCommerz, bKash, VNPay, MoMo, ZarinPal) and
 * the offline methods (cash on delivery, bank transfer, money order, cheque). Adapters are stateless apart from a
 * gateway's access-token cache; the core keeps the payment attempt and passes what it stored back in.
 *
 * What an adapter returns is what may be stored (CM-03): a status, an amount, its currency and the gateway's
 * references. Nothing else a gateway sends — masked card numbers, card hashes, payer phone numbers — leaves the
 * adapter, so there is nothing to redact downstream.
 */
import type { Locale } from '../../i18n/locales.ts';
import type { OfflineMethod } from '../../presets/types.ts';
import { PaymentMismatch } from './errors.ts';

export type Currency = 'BDT' | 'VND' | 'IRR';

/** Digits after the decimal point of each currency's minor unit: BDT in poisha, VND in đồng, IRR in rials. */
export const MINOR_DIGITS: Record<Currency, number> = { BDT: 2, VND: 0, IRR: 0 };

/** An amount in integer minor units (always a safe integer; prices here never come near 2^53). */
export interface Money {
  readonly minor: number;
  readonly currency: Currency;
}

export type PaymentStatus = 'paid' | 'pending' | 'failed' | 'cancelled' | 'expired' | 'review';

/** What the browser's return says. Never authoritative: the return can be forged or replayed by anyone. */
export type StatusHint = 'success' | 'failed' | 'cancelled' | 'unknown';

export interface InitiateInput {
  /** Fresh per attempt, 1–30 characters of [A-Za-z0-9]: fits SSLCommerz tran_id, MoMo orderId, VNPay TxnRef. */
  attemptId: string;
  /** The order's code as the customer sees it; never personal data. */
  orderRef: string;
  amount: Money;
  returnUrl: string;
  /** Where the gateway posts its notification; carries the per-attempt token. VNPay ignores it (see vnpay.ts). */
  notifyUrl: string;
  locale: Locale;
  /** The buyer's IP, sent only where the protocol requires it (VNPay vnp_IpAddr); never stored. */
  customerIp: string;
  /** Free text shown by the gateway; no personal data. */
  description: string;
  /** The attempt's creation time as the core stores it: VNPay's querydr needs it back (see VerifyInput). */
  createdAt: Date;
  /** Only when the shop enabled disclosure of the buyer's contact to this gateway. */
  contact?: { phone?: string; email?: string };
}

export interface InitiateResult {
  /** The key every later message from the gateway carries; the core stores the attempt under it. */
  gatewayRef: string;
  /** Where to send the browser, or null for offline methods. */
  redirectUrl: string | null;
  expiresAt: Date | null;
}

/** A request the gateway (or the buyer's browser) made to the shop, as Fastify parsed it. */
export interface InboundRequest {
  query: unknown;
  body: unknown;
}

export interface ReturnHint {
  gatewayRef: string;
  gatewayTxnId: string | null;
  statusHint: StatusHint;
  /** For gateways that sign the return (SSLCommerz, VNPay, MoMo); null where nothing is signed. */
  signatureValid: boolean | null;
}

/** A verified statement about one payment: exactly what the core may store. */
export interface PaymentReport {
  gatewayRef: string;
  /** The gateway's own transaction id (unique per gateway; the core's idempotency key), when there is one. */
  gatewayTxnId: string | null;
  status: PaymentStatus;
  /** As the gateway reports it, converted to minor units; null when the gateway reports none. */
  amount: Money | null;
  /** The gateway's result code (e.g. VNPay "24", MoMo "1006"), for logs and staff; never personal. */
  code: string;
}

export interface Verification extends PaymentReport {
  /** The gateway says an earlier call already finalised it (SSLCommerz VALIDATED, bKash 2117/2062, ZarinPal 101). */
  alreadyFinal: boolean;
}

export interface VerifyInput {
  gatewayRef: string;
  /** From an earlier notification or return, when known (SSLCommerz val_id skips a look-up). */
  gatewayTxnId?: string | null;
  expected: Money;
  /** The attempt's creation time, as given to initiate. */
  createdAt: Date;
  /** Used only to tell "cancelled" from "failed" where the gateway's own answer cannot (VNPay, ZarinPal, bKash). */
  returnHint?: StatusHint;
}

/** How the core judged a notification; each gateway turns it into the answer it expects. */
export type AckOutcome = 'accepted' | 'duplicate' | 'unknown_ref' | 'amount_mismatch' | 'signature_invalid' | 'error';

export interface Ack {
  httpStatus: number;
  headers: Record<string, string>;
  body: string;
}

export interface Capabilities {
  /** The gateway sends server-to-server notifications. */
  ipn: boolean;
  /** verify works from the gateway reference alone, so a reconciler can settle attempts nobody returned from. */
  query: boolean;
  refund: boolean;
  signedReturn: boolean;
}

export interface GatewayAdapter {
  readonly id: string;
  readonly kind: 'redirect';
  readonly currencies: readonly Currency[];
  readonly capabilities: Capabilities;
  initiate(input: InitiateInput): Promise<InitiateResult>;
  parseReturn(request: InboundRequest): ReturnHint;
  /** The authoritative server-side check. Safe to call repeatedly; throws PaymentMismatch on a wrong amount. */
  verify(input: VerifyInput): Promise<Verification>;
  /** Minor units from the gateway's amount (VNPay ×100, ZarinPal tomans or rials, BDT decimal strings). */
  toMinor(gatewayAmount: string | number): number;
  /** The gateway's textual amount for minor units. */
  fromMinor(minor: number): string;
}

export interface NotifyingAdapter extends GatewayAdapter {
  /**
   * Checks the notification's signature (and, where the gateway says the signature is no proof, asks the gateway)
   * and reports it. Throws SignatureInvalid, MalformedMessage, PaymentMismatch or GatewayUnavailable.
   */
  handleNotification(request: InboundRequest): Promise<PaymentReport>;
  /** The exact HTTP answer the gateway expects for the core's judgement of a notification. */
  buildAck(outcome: AckOutcome): Ack;
}

export interface OfflineAdapter {
  readonly id: OfflineMethod;
  readonly kind: 'offline';
  readonly currencies: readonly Currency[];
  /** COD: fulfil now, collect on delivery; the others wait for staff to record the money. */
  readonly collectsOnDelivery: boolean;
  initiate(input: InitiateInput): Promise<InitiateResult>;
}

export type PaymentAdapter = GatewayAdapter | OfflineAdapter;

export function acceptsNotifications(adapter: GatewayAdapter): adapter is NotifyingAdapter {
  return adapter.capabilities.ipn;
}

/** What the browser may be told while the server-side check runs; null is a status the return did not name. */
export function hintFor(status: PaymentStatus | null): StatusHint {
  if (status === 'paid') return 'success';
  if (status === 'cancelled') return 'cancelled';
  if (status === 'failed' || status === 'expired') return 'failed';
  return 'unknown';
}

export function sameMoney(a: Money, b: Money): boolean {
  return a.minor === b.minor && a.currency === b.currency;
}

/** Binds a gateway's report to the attempt: a different currency or amount is refused, never stored. */
export function assertExpectedAmount(gateway: string, expected: Money, reported: Money | null): void {
  if (reported === null) return;
  if (reported.currency !== expected.currency) throw new PaymentMismatch(gateway, 'currency');
  if (reported.minor !== expected.minor) throw new PaymentMismatch(gateway, 'amount');
}
