/**
 * Fulfilment in the running shop: a packed order goes to the shop's courier (the recipient's details leave only
 * through handOff()'s disclosures), the consignment is kept, and the courier's status reports move the order on —
 * always through OrderService.move, which writes the history and tells the buyer.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { DeclaredRecipient, Preset } from '../../presets/types.ts';
import type { Actor, PrivacyKernel } from '../../privacy/kernel.ts';
import type { OrderStatus } from '../orders/lifecycle.ts';
import type { OrderService } from '../orders/service.ts';
import type { StaffService } from '../staff/service.ts';
import type { ApiProvider, CourierSetup } from './config.ts';
import {
  advanceStatus,
  type ConsignmentInput,
  CourierError,
  type CourierEvent,
  type CourierProvider,
  type CourierStatus,
  type WebhookRequest,
  type WebhookResult,
} from './courier.ts';
import { handOff, newConsignmentRef } from './handoff.ts';
import { OwnDeliveryService, type OwnDeliverySummary } from './own-delivery.ts';

export interface ConsignmentView {
  provider: CourierProvider;
  recipientId: string;
  /** Null while the courier is still being asked. */
  consignmentId: string | null;
  trackingCode: string | null;
  courierStatus: CourierStatus | null;
}

/** The shop's courier as staff pages show it: no adapter, no credentials. */
export type CourierChoice =
  | { kind: 'none' }
  | { kind: 'not_configured'; recipient: DeclaredRecipient }
  | { kind: 'ready'; provider: CourierProvider; recipient: DeclaredRecipient };

/** What the staff order page needs to show about delivery (views.tsx FulfilmentActions). */
export interface FulfilmentSummary {
  courier: CourierChoice;
  consignment: ConsignmentView | null;
  /** Delivery by the shop's own couriers, when it names no courier company (own-delivery.ts); else absent or null. */
  ownDelivery?: OwnDeliverySummary | null;
}

export type HandoffRefusal =
  | 'not_found'
  | 'not_packed'
  | 'handed_off'
  | 'no_courier'
  | 'not_configured'
  | 'invalid_tracking_code'
  | 'erased'
  | 'undeclared_recipient'
  | 'field_not_allowed'
  | `courier_${CourierError['kind']}`;

export type HandoffOutcome =
  | {
      ok: true;
      consignment: ConsignmentView;
      /** False when the order changed under the hand-off (cancelled meanwhile): staff decide what happens next. */
      shipped: boolean;
    }
  | { ok: false; reason: HandoffRefusal };

export type CourierEventOutcome = 'applied' | 'stale' | 'unknown_consignment';

/**
 * A hand-off's claim on the order (a consignment row without the courier's id yet) older than this belongs to a
 * request that died mid-call; a new hand-off may take over. Well above the courier calls' own time limits.
 */
const CLAIM_TTL_MS = 2 * 60_000;

/** The courier status a manual consignment takes when staff move its order. */
const MANUAL_FOLLOWS: Partial<Record<OrderStatus, CourierStatus>> = {
  out_for_delivery: 'out_for_delivery',
  delivered: 'delivered',
  returned: 'returned',
};

/**
 * Where a courier status takes the order. Pick-up and transit only confirm "handed to the courier"; a hold or a
 * cancellation needs a person (the courier retries, returns, or the shop rebooks), so it moves nothing.
 */
const ORDER_STATUS_FOR: Partial<Record<CourierStatus, OrderStatus>> = {
  picked: 'shipped',
  in_transit: 'shipped',
  out_for_delivery: 'out_for_delivery',
  delivered: 'delivered',
  partial: 'delivered',
  returned: 'returned',
};

type ConsignmentRow = DB['consignments'];

export class FulfilmentService {
  readonly courierChoice: CourierChoice;
  /** The shop's own couriers, in a shop that hands nothing to a courier company (HK-09, KT-01); otherwise null. */
  readonly ownDelivery: OwnDeliveryService | null;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly kernel: PrivacyKernel,
    private readonly orders: OrderService,
    private readonly preset: Preset,
    private readonly setup: CourierSetup,
    staff: StaffService,
  ) {
    // A services shop's own staff are its technicians (MS-06): the details go to its declared technician recipient.
    const technician =
      preset.storefront === 'services' ? (preset.policy.recipients.find((r) => r.kind === 'technician') ?? null) : null;
    this.ownDelivery = setup.kind === 'none' ? new OwnDeliveryService(db, kernel, orders, staff, technician) : null;
    this.courierChoice =
      setup.kind === 'ready'
        ? { kind: 'ready', provider: setup.courier.provider, recipient: setup.recipient }
        : setup.kind === 'not_configured'
          ? { kind: 'not_configured', recipient: setup.recipient }
          : { kind: 'none' };
  }

  async consignment(orderId: string): Promise<ConsignmentView | null> {
    const row = await this.db.selectFrom('consignments').selectAll().where('order_id', '=', orderId).executeTakeFirst();
    return row ? view(row) : null;
  }

  async summary(orderId: string): Promise<FulfilmentSummary> {
    const [consignment, ownDelivery] = await Promise.all([
      this.consignment(orderId),
      this.ownDelivery ? this.ownDelivery.summary(orderId) : null,
    ]);
    return { courier: this.courierChoice, consignment, ownDelivery };
  }

  /**
   * Hands a packed order to the shop's courier: claims the order (so a double submit books one parcel), discloses and
   * books through handOff(), stores the consignment and moves the order to `shipped`. Refusals change nothing.
   */
  async handOff(
    orderId: string,
    staff: Actor & { kind: 'staff' },
    input: { trackingCode?: string; locationIds?: ConsignmentInput['recipient']['locationIds'] },
  ): Promise<HandoffOutcome> {
    const { setup } = this;
    if (setup.kind === 'none') return { ok: false, reason: 'no_courier' };
    if (setup.kind === 'not_configured') return { ok: false, reason: 'not_configured' };
    const order = await this.orders.byId(orderId);
    if (!order) return { ok: false, reason: 'not_found' };
    if ((await this.consignment(orderId))?.consignmentId) return { ok: false, reason: 'handed_off' };
    if (order.status !== 'packed') return { ok: false, reason: 'not_packed' };
    const claim = await this.claim(orderId, setup.courier.provider, setup.recipient.id);
    if (!claim) return { ok: false, reason: 'handed_off' };

    let result: Awaited<ReturnType<typeof handOff>>;
    try {
      result = await handOff(this.kernel, {
        order,
        courier: setup.courier,
        recipientId: setup.recipient.id,
        recipients: this.preset.policy.recipients,
        actor: staff,
        ref: claim.ref,
        ...input,
      });
    } catch (error) {
      await this.release(claim.id);
      // A timeout can come after the courier booked the parcel: a retry then books it twice, and staff cancel one in
      // the courier's panel. Nothing here can tell the two cases apart.
      if (error instanceof CourierError) return { ok: false, reason: `courier_${error.kind}` };
      throw error;
    }
    if (!result.ok) {
      await this.release(claim.id);
      return { ok: false, reason: result.reason };
    }
    const { consignment } = result;
    await this.db
      .updateTable('consignments')
      .set({
        consignment_id: consignment.consignmentId,
        tracking_code: consignment.trackingCode,
        courier_status: 'created',
        fee_minor: consignment.feeMinor ?? null,
        updated_at: new Date().toISOString(),
      })
      .where('id', '=', claim.id)
      .execute();
    const moved = await this.orders.move(orderId, 'shipped', staff);
    return { ok: true, consignment: (await this.consignment(orderId))!, shipped: moved.ok };
  }

  /** Checks and reads a courier's webhook with the shop's secret; null when this shop does not use that courier. */
  readWebhook(provider: ApiProvider, request: WebhookRequest): WebhookResult | null {
    const { setup } = this;
    if (setup.kind !== 'ready' || setup.courier.provider !== provider || !setup.webhookSecret) return null;
    return setup.courier.parseWebhook(request, setup.webhookSecret);
  }

  /**
   * A courier's status report: the consignment's status moves forward only (advanceStatus: webhooks are retried and
   * arrive out of order), and the order follows where a status says where the parcel is. Moves the lifecycle refuses
   * (the order was cancelled or returned by staff meanwhile) are left alone.
   */
  async applyCourierEvent(provider: ApiProvider, event: CourierEvent): Promise<CourierEventOutcome> {
    // A concurrent report for the same parcel may win the guarded update; read again and decide again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const row = await this.find(provider, event);
      if (!row) return 'unknown_consignment';
      const current = row.courier_status as CourierStatus | null;
      const next = advanceStatus(current, event.status);
      if (!next) return 'stale';
      const updated = await this.db
        .updateTable('consignments')
        .set({ courier_status: next, updated_at: new Date().toISOString() })
        .where('id', '=', row.id)
        .where('courier_status', current === null ? 'is' : '=', current)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) continue;
      const to = ORDER_STATUS_FOR[next];
      const order = to ? await this.orders.byId(row.order_id) : null;
      if (to && order && order.status !== to) {
        await this.orders.move(order.id, to, { kind: 'system', job: `courier-${provider}` });
      }
      return 'applied';
    }
    return 'stale';
  }

  /**
   * The consignment a report is about: by the courier's id, or — while the hand-off has not stored that id yet — by
   * the merchant order id we sent. A report whose two ids point at different parcels is not trusted.
   */
  /**
   * A manual courier (Iran Post, Tipax) reports nothing back: when staff move such an order on by hand, its
   * consignment follows, so the order page does not keep saying "registered" after delivery.
   */
  async followStaffMove(orderId: string, to: OrderStatus): Promise<void> {
    const status = MANUAL_FOLLOWS[to];
    if (!status) return;
    await this.db
      .updateTable('consignments')
      .set({ courier_status: status, updated_at: new Date().toISOString() })
      .where('order_id', '=', orderId)
      .where('provider', '=', 'manual')
      .execute();
  }

  private async find(provider: ApiProvider, event: CourierEvent): Promise<ConsignmentRow | undefined> {
    const byId = await this.db
      .selectFrom('consignments')
      .selectAll()
      .where('provider', '=', provider)
      .where('consignment_id', '=', event.consignmentId)
      .executeTakeFirst();
    if (byId) return event.ref === null || event.ref === byId.ref ? byId : undefined;
    if (event.ref === null) return undefined;
    return this.db
      .selectFrom('consignments')
      .selectAll()
      .where('provider', '=', provider)
      .where('ref', '=', event.ref)
      .where('consignment_id', 'is', null)
      .executeTakeFirst();
  }

  /** Writes the hand-off's claim on the order; null when another hand-off holds it or has finished. */
  private async claim(
    orderId: string,
    provider: CourierProvider,
    recipientId: string,
  ): Promise<{ id: string; ref: string } | null> {
    const now = new Date();
    await this.db
      .deleteFrom('consignments')
      .where('order_id', '=', orderId)
      .where('consignment_id', 'is', null)
      .where('created_at', '<', new Date(now.getTime() - CLAIM_TTL_MS).toISOString())
      .execute();
    const claim = { id: randomUUID(), ref: newConsignmentRef() };
    try {
      await this.db
        .insertInto('consignments')
        .values({
          ...claim,
          order_id: orderId,
          provider,
          recipient_id: recipientId,
          consignment_id: null,
          tracking_code: null,
          courier_status: null,
          fee_minor: null,
          created_at: now.toISOString(),
          updated_at: now.toISOString(),
        })
        .execute();
    } catch (error) {
      // The order's unique consignment: a concurrent hand-off got there first.
      if (await this.consignment(orderId)) return null;
      throw error;
    }
    return claim;
  }

  private async release(claimId: string): Promise<void> {
    await this.db.deleteFrom('consignments').where('id', '=', claimId).where('consignment_id', 'is', null).execute();
  }
}

function view(row: ConsignmentRow): ConsignmentView {
  return {
    provider: row.provider as CourierProvider,
    recipientId: row.recipient_id,
    consignmentId: row.consignment_id,
    trackingCode: row.tracking_code,
    courierStatus: row.courier_status as CourierStatus | null,
  };
}
