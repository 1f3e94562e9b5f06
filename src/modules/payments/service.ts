import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Locale } from '../../i18n/locales.ts';
import type { GatewayId } from '../../presets/types.ts';
import type { PublicUrl } from '../../public-url.ts';
import type { OrderService, OrderView } from '../orders/service.ts';
import {
  acceptsNotifications,
  type Currency,
  type InboundRequest,
  type Money,
  type PaymentReport,
  type PaymentStatus,
} from './adapter.ts';
import { PaymentError } from './errors.ts';
import type { Gateways } from './gateways.ts';
import { type AttemptStore, type Received, receiveNotification } from './notification.ts';

const GIVEN_UP: readonly string[] = ['cancelled', 'expired', 'failed'];
/** A buyer who is still on the gateway's page is not asked about; after two minutes they may be gone. */
const RECONCILE_AFTER_MS = 2 * 60_000;
const RECONCILE_EVERY_MS = 3 * 60_000;
const GIVE_UP_AFTER_MS = 24 * 3_600_000;
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';

/** 20 letters, no digits: fits every gateway's reference, and no run of digits can look like a card number. */
function attemptId(): string {
  return [...randomBytes(20)].map((b) => ALPHABET[b % ALPHABET.length]).join('');
}

export type StartResult = { ok: true; redirectUrl: string } | { ok: false; reason: 'not_payable' | 'unavailable' };

/**
 * Online payment of an order (CM-03): an attempt is opened with the gateway and the buyer sent there; the gateway's
 * notification (verified by its signature, and where the signature proves little, by asking the gateway) and the
 * buyer's return (always checked with the gateway, never believed) settle the attempt once, and a paid attempt
 * confirms the order. Only status, amount, currency and the gateway's references are stored.
 */
export class PaymentService implements AttemptStore {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly gateways: Gateways,
    private readonly orders: OrderService,
    private readonly publicUrl: PublicUrl,
  ) {}

  /** Opens an attempt for an order waiting for its online payment, and says where to send the buyer. */
  async start(order: OrderView, locale: Locale, customerIp: string): Promise<StartResult> {
    const gateway = this.gateways[order.paymentMethod as GatewayId];
    if (!gateway || order.status !== 'awaiting_payment') return { ok: false, reason: 'not_payable' };
    const id = attemptId();
    const now = new Date();
    await this.db
      .insertInto('payment_attempts')
      .values({
        id,
        order_id: order.id,
        gateway: gateway.id,
        gateway_ref: null,
        gateway_txn_id: null,
        amount_minor: order.totalMinor,
        currency: order.currency,
        status: 'pending',
        code: null,
        orphaned_payment: 0,
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      })
      .execute();
    const base = this.publicUrl.origin;
    try {
      const started = await gateway.initiate({
        attemptId: id,
        orderRef: order.code,
        amount: { minor: order.totalMinor, currency: order.currency as Currency },
        returnUrl: `${base}/pay/${gateway.id}/return/${id}`,
        notifyUrl: `${base}/pay/${gateway.id}/notify/${id}`,
        locale,
        customerIp,
        description: `Order ${order.code}`,
        createdAt: now,
      });
      await this.db
        .updateTable('payment_attempts')
        .set({ gateway_ref: started.gatewayRef, updated_at: new Date().toISOString() })
        .where('id', '=', id)
        .execute();
      if (!started.redirectUrl) return { ok: false, reason: 'unavailable' };
      return { ok: true, redirectUrl: started.redirectUrl };
    } catch (error) {
      // The gateway is down or refused the session: no attempt is left pending for ever.
      await this.close(id, 'failed', error instanceof PaymentError ? error.name : 'Error');
      if (error instanceof PaymentError) return { ok: false, reason: 'unavailable' };
      throw error;
    }
  }

  /** The gateway's server-to-server notification; answers exactly what that gateway expects to hear. */
  async notify(gatewayId: string, request: InboundRequest): Promise<Received | null> {
    const gateway = this.gateways[gatewayId as GatewayId];
    if (!gateway || !acceptsNotifications(gateway)) return null;
    return receiveNotification(gateway, request, this);
  }

  /**
   * The buyer's browser back from the gateway. What it says is only a hint: the gateway is asked (idempotently)
   * what really happened, and that settles the attempt. A gateway that does not answer leaves it pending.
   */
  async returned(
    gatewayId: string,
    id: string,
    request: InboundRequest,
  ): Promise<{ orderId: string; status: PaymentStatus } | null> {
    const gateway = this.gateways[gatewayId as GatewayId];
    const attempt = await this.db.selectFrom('payment_attempts').selectAll().where('id', '=', id).executeTakeFirst();
    if (!gateway || !attempt || attempt.gateway !== gateway.id || !attempt.gateway_ref) return null;
    if (attempt.status !== 'pending') return { orderId: attempt.order_id, status: attempt.status as PaymentStatus };
    const hint = gateway.parseReturn(request);
    try {
      const verified = await gateway.verify({
        gatewayRef: attempt.gateway_ref,
        gatewayTxnId: hint.signatureValid === false ? null : hint.gatewayTxnId,
        expected: { minor: Number(attempt.amount_minor), currency: attempt.currency as Currency },
        createdAt: new Date(attempt.created_at),
        returnHint: hint.statusHint,
      });
      if (verified.status !== 'pending') await this.settle(gateway.id, verified);
      return { orderId: attempt.order_id, status: verified.status };
    } catch (error) {
      if (!(error instanceof PaymentError)) throw error;
      return { orderId: attempt.order_id, status: 'pending' };
    }
  }

  async find(gateway: string, gatewayRef: string): Promise<{ amount: Money; status: PaymentStatus } | null> {
    const row = await this.db
      .selectFrom('payment_attempts')
      .select(['amount_minor', 'currency', 'status'])
      .where('gateway', '=', gateway)
      .where('gateway_ref', '=', gatewayRef)
      .executeTakeFirst();
    if (!row) return null;
    return {
      amount: { minor: Number(row.amount_minor), currency: row.currency as Currency },
      status: row.status as PaymentStatus,
    };
  }

  /**
   * Records a final report once: a pending attempt takes its status (a guarded update, so two notifications at once
   * make one change); a payment after the attempt was given up is kept as orphaned, to be refunded. A paid attempt
   * confirms its order — also on a repeat, so an interrupted confirmation is completed by the gateway's retry.
   */
  async settle(gateway: string, report: PaymentReport): Promise<'applied' | 'already_final'> {
    const attempt = await this.db
      .selectFrom('payment_attempts')
      .select(['id', 'order_id', 'status'])
      .where('gateway', '=', gateway)
      .where('gateway_ref', '=', report.gatewayRef)
      .executeTakeFirst();
    if (!attempt) return 'already_final';
    const now = new Date().toISOString();
    const changed = await this.db
      .updateTable('payment_attempts')
      .set({ status: report.status, gateway_txn_id: report.gatewayTxnId, code: report.code, updated_at: now })
      .where('id', '=', attempt.id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    let outcome: 'applied' | 'already_final' = Number(changed.numUpdatedRows) > 0 ? 'applied' : 'already_final';
    if (outcome === 'already_final' && report.status === 'paid' && GIVEN_UP.includes(attempt.status)) {
      const orphaned = await this.db
        .updateTable('payment_attempts')
        .set({ orphaned_payment: 1, gateway_txn_id: report.gatewayTxnId, code: report.code, updated_at: now })
        .where('id', '=', attempt.id)
        .where('orphaned_payment', '=', 0)
        .executeTakeFirst();
      if (Number(orphaned.numUpdatedRows) > 0) outcome = 'applied';
    }
    const paid = report.status === 'paid' && (outcome === 'applied' || attempt.status === 'paid');
    if (paid && !GIVEN_UP.includes(attempt.status)) {
      const confirmed = await this.orders.recordOnlinePayment(attempt.order_id, gateway);
      // Paid for an order that was cancelled meanwhile: the money goes back.
      const order = confirmed.ok ? null : await this.orders.byId(attempt.order_id);
      if (order && !order.paymentReceivedAt && order.status === 'cancelled') {
        await this.db
          .updateTable('payment_attempts')
          .set({ orphaned_payment: 1, updated_at: now })
          .where('id', '=', attempt.id)
          .execute();
      }
    }
    return outcome;
  }

  /**
   * Asks the gateways about attempts still pending a while after they began: the buyer may have paid and closed the
   * tab, and a gateway without notifications (ZarinPal, bKash) never tells us otherwise — ZarinPal even refunds a
   * payment nobody verified. An attempt the gateway still calls pending after a day is given up as expired.
   */
  async reconcile(now = new Date()): Promise<{ checked: number; settled: number }> {
    const settledBefore = new Date(now.getTime() - RECONCILE_AFTER_MS).toISOString();
    const pending = await this.db
      .selectFrom('payment_attempts')
      .selectAll()
      .where('status', '=', 'pending')
      .where('gateway_ref', 'is not', null)
      .where('created_at', '<', settledBefore)
      .orderBy('created_at')
      .limit(50)
      .execute();
    let settled = 0;
    for (const attempt of pending) {
      const gateway = this.gateways[attempt.gateway as GatewayId];
      if (!gateway) continue;
      try {
        const verified = await gateway.verify({
          gatewayRef: attempt.gateway_ref!,
          expected: { minor: Number(attempt.amount_minor), currency: attempt.currency as Currency },
          createdAt: new Date(attempt.created_at),
        });
        if (verified.status !== 'pending') {
          if ((await this.settle(gateway.id, verified)) === 'applied') settled++;
        } else if (Date.parse(attempt.created_at) < now.getTime() - GIVE_UP_AFTER_MS) {
          await this.close(attempt.id, 'expired', verified.code);
        }
      } catch (error) {
        // The gateway is down or answered nonsense: ask again next time.
        if (!(error instanceof PaymentError)) throw error;
      }
    }
    return { checked: pending.length, settled };
  }

  /** Reconciles every few minutes while the shop runs (`serve` starts it). */
  startReconciler(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.reconcile().catch((error: unknown) =>
        process.stderr.write(
          `${JSON.stringify({ level: 50, msg: 'payment reconcile failed', code: (error as Error).name })}\n`,
        ),
      );
    }, RECONCILE_EVERY_MS);
    this.timer.unref();
  }

  stopReconciler(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Whether an order can be paid online here (its method's gateway is configured). */
  canPay(order: OrderView): boolean {
    return order.status === 'awaiting_payment' && Boolean(this.gateways[order.paymentMethod as GatewayId]);
  }

  private async close(id: string, status: PaymentStatus, code: string): Promise<void> {
    await this.db
      .updateTable('payment_attempts')
      .set({ status, code, updated_at: new Date().toISOString() })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .execute();
  }
}
