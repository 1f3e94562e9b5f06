/**
 * Receiving a gateway's server-to-server notification, in the order VNPay's own IPN demo checks it: signature →
 * attempt exists → amount → attempt still open → record → answer. The attempt store is the core's (a table with a
 * unique key on the gateway reference); this function only decides, and tells the gateway what it expects to hear.
 */
import {
  type Ack,
  type AckOutcome,
  type InboundRequest,
  type Money,
  type NotifyingAdapter,
  type PaymentReport,
  type PaymentStatus,
  sameMoney,
} from './adapter.ts';
import { MalformedMessage, PaymentError, PaymentMismatch, SignatureInvalid } from './errors.ts';

export interface AttemptStore {
  find(gateway: string, gatewayRef: string): Promise<{ amount: Money; status: PaymentStatus } | null>;
  /**
   * Records a final report atomically and monotonically: a pending attempt takes the reported status; a final one
   * keeps its status ('already_final'), except that a payment reported after the attempt was given up (cancelled,
   * expired, failed) must be kept as paid-but-orphaned for a refund — that counts as 'applied'.
   */
  settle(gateway: string, report: PaymentReport): Promise<'applied' | 'already_final'>;
}

export interface Received {
  outcome: AckOutcome;
  ack: Ack;
  /** The verified report, when the notification was genuine. */
  report: PaymentReport | null;
  /** Why the notification was refused or failed, for a log line (messages never carry payloads). */
  error: unknown;
}

export async function receiveNotification(
  adapter: NotifyingAdapter,
  request: InboundRequest,
  store: AttemptStore,
): Promise<Received> {
  const answer = (outcome: AckOutcome, report: PaymentReport | null, error: unknown = null): Received => ({
    outcome,
    ack: adapter.buildAck(outcome),
    report,
    error,
  });
  let report: PaymentReport;
  try {
    report = await adapter.handleNotification(request);
  } catch (error) {
    return answer(refusal(error), null, error);
  }
  try {
    const attempt = await store.find(adapter.id, report.gatewayRef);
    if (!attempt) return answer('unknown_ref', report);
    if (report.amount && !sameMoney(report.amount, attempt.amount)) return answer('amount_mismatch', report);
    if (report.status === 'pending') return answer('accepted', report);
    const settled = await store.settle(adapter.id, report);
    return answer(settled === 'applied' ? 'accepted' : 'duplicate', report);
  } catch (error) {
    return answer('error', report, error);
  }
}

/** A message we can never accept is refused as unsigned, so the gateway is not invited to send it again. */
function refusal(error: unknown): AckOutcome {
  if (error instanceof SignatureInvalid || error instanceof MalformedMessage) return 'signature_invalid';
  if (error instanceof PaymentMismatch) return error.field === 'reference' ? 'unknown_ref' : 'amount_mismatch';
  if (error instanceof PaymentError) return 'error';
  throw error;
}
