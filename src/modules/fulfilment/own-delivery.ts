/**
 * Delivery by the shop's own staff, for a shop whose preset names no courier company (HK-09, KT-01: nothing is
 * handed to a third party). Staff who fulfil orders give a packed order to a courier (a staff account of role
 * `courier`), which sends it out for delivery; the courier sees the recipient's name, phone and address and the
 * delivery note — revealed through the kernel for `order.fulfilment`, audited with the courier's name — only while
 * the order is theirs and out for delivery. Marking it delivered ends that: the order leaves their list and its page
 * answers 404 to them. Every status change goes through OrderService.move, which writes the history and tells the
 * buyer.
 *
 * A services shop (MS-06) dispatches technicians with the same flow (worded by own-delivery-wording.ts): when its
 * preset declares a recipient of kind `technician`, the job's customer name, phone and address go to the technician
 * through `kernel.disclose` to that recipient, so every look is registered in `disclosures` with the subject, the
 * order and the technician as actor (the customer's export lists it), and the delivery note only if the recipient
 * declares it. The same rule holds: only the assigned technician, only while the job is out (404 afterwards).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { DeclaredRecipient } from '../../presets/types.ts';
import type { Actor, PrivacyKernel } from '../../privacy/kernel.ts';
import type { OrderService, OrderView } from '../orders/service.ts';
import type { StaffService, StaffUser } from '../staff/service.ts';
import { codToCollect } from './handoff.ts';

/** What the staff order page shows about own delivery (views.tsx FulfilmentActions). */
export interface OwnDeliverySummary {
  /** The couriers the order can be given to. */
  couriers: { id: string; name: string }[];
  assignment: { courierName: string; assignedAt: string; deliveredAt: string | null } | null;
}

export type AssignRefusal = 'not_found' | 'not_packed' | 'assigned' | 'unknown_courier';
export type AssignOutcome = { ok: true } | { ok: false; reason: AssignRefusal };

/** One delivery as its courier reads it; null where a detail was erased (or, for the note, never given). */
export interface Delivery {
  orderId: string;
  code: string;
  name: string | null;
  phone: string | null;
  address: string | null;
  note: string | null;
  /** Cash to take at the door (handoff.ts codToCollect); 0 when nothing is owed. */
  codMinor: number;
  currency: string;
}

export type DeliveredOutcome = 'delivered' | 'not_found' | 'stale';

const NAME = 'orders.recipient_name_enc';
const PHONE = 'orders.recipient_phone_enc';
const ADDRESS = 'orders.recipient_address_enc';
const NOTE = 'orders.delivery_instructions_enc';

export class OwnDeliveryService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly kernel: PrivacyKernel,
    private readonly orders: OrderService,
    private readonly staff: StaffService,
    /**
     * The declared recipient the details are disclosed to (a services shop's technician, MS-06); null for a shop's
     * own couriers, who read them through audited reveals. It must declare the name, phone and address it receives.
     */
    readonly technician: DeclaredRecipient | null = null,
  ) {
    const missing = technician ? [NAME, PHONE, ADDRESS].filter((f) => !technician.fields.includes(f)) : [];
    if (missing.length > 0) throw new Error(`recipient ${technician?.id} does not declare ${missing.join(', ')}`);
  }

  /** The active couriers, for the "give to" form. */
  async couriers(): Promise<StaffUser[]> {
    return this.staff.withRole('courier');
  }

  async summary(orderId: string): Promise<OwnDeliverySummary> {
    const [couriers, row] = await Promise.all([
      this.couriers(),
      this.db.selectFrom('delivery_assignments').selectAll().where('order_id', '=', orderId).executeTakeFirst(),
    ]);
    const courier = row ? await this.staff.byId(row.staff_id) : null;
    return {
      couriers: couriers.map((c) => ({ id: c.id, name: c.displayName })),
      assignment: row
        ? {
            // A courier whose account was disabled since is still the one who carried it.
            courierName: courier?.displayName ?? '—',
            assignedAt: row.assigned_at,
            deliveredAt: row.delivered_at,
          }
        : null,
    };
  }

  /**
   * Gives a packed order to a courier and sends it out for delivery. The assignment row is the claim (one per order,
   * so a double submit assigns once); it is removed again when the order cannot move.
   */
  async assign(orderId: string, courierId: string, actor: Actor & { kind: 'staff' }): Promise<AssignOutcome> {
    const order = await this.orders.byId(orderId);
    if (!order) return { ok: false, reason: 'not_found' };
    const courier = await this.staff.byId(courierId);
    if (courier?.role !== 'courier') return { ok: false, reason: 'unknown_courier' };
    if (await this.assignmentOf(orderId)) return { ok: false, reason: 'assigned' };
    if (order.status !== 'packed') return { ok: false, reason: 'not_packed' };
    try {
      await this.db
        .insertInto('delivery_assignments')
        .values({ order_id: orderId, staff_id: courier.id, assigned_at: new Date().toISOString(), delivered_at: null })
        .execute();
    } catch (error) {
      // The order's one assignment: a concurrent request got there first.
      if (await this.assignmentOf(orderId)) return { ok: false, reason: 'assigned' };
      throw error;
    }
    const moved = await this.orders.move(orderId, 'out_for_delivery', actor);
    if (!moved.ok) {
      await this.db.deleteFrom('delivery_assignments').where('order_id', '=', orderId).execute();
      return { ok: false, reason: 'not_packed' };
    }
    return { ok: true };
  }

  /**
   * The courier's deliveries: given to them, not marked delivered, and still out for delivery (an order staff
   * returned or moved on meanwhile is no longer theirs either).
   */
  async activeOrders(staffId: string): Promise<OrderView[]> {
    const rows = await this.db
      .selectFrom('delivery_assignments')
      .select('order_id')
      .where('staff_id', '=', staffId)
      .where('delivered_at', 'is', null)
      .orderBy('assigned_at')
      .orderBy('order_id')
      .execute();
    const orders = await Promise.all(rows.map((r) => this.orders.byId(r.order_id)));
    return orders.filter((o): o is OrderView => o?.status === 'out_for_delivery');
  }

  /** One of the courier's active deliveries; null for anyone else's, a finished one, or none at all. */
  async activeOrder(staffId: string, orderId: string): Promise<OrderView | null> {
    const row = await this.db
      .selectFrom('delivery_assignments')
      .select('order_id')
      .where('order_id', '=', orderId)
      .where('staff_id', '=', staffId)
      .where('delivered_at', 'is', null)
      .executeTakeFirst();
    if (!row) return null;
    const order = await this.orders.byId(orderId);
    return order?.status === 'out_for_delivery' ? order : null;
  }

  /**
   * What the courier needs at the door, revealed for fulfilment with the courier as the actor (two audit entries:
   * the recipient's details are sealed under the recipient's key, the note under the buyer's, KN-07). For a
   * technician, disclosed to the declared technician recipient instead (technicianDetails).
   */
  async details(order: OrderView, courier: Actor & { kind: 'staff' }): Promise<Delivery> {
    if (this.technician) return this.technicianDetails(order, courier, this.technician);
    const recipient = await this.kernel.reveal({
      actor: courier,
      purpose: 'order.fulfilment',
      subjectId: order.recipientSubjectId,
      fields: {
        [NAME]: order.sealed.recipient_name_enc,
        [PHONE]: order.sealed.recipient_phone_enc,
        [ADDRESS]: order.sealed.recipient_address_enc,
      },
      detail: order.code,
    });
    const buyer = await this.kernel.reveal({
      actor: courier,
      purpose: 'order.fulfilment',
      subjectId: order.subjectId,
      fields: { [NOTE]: order.sealed.delivery_instructions_enc },
      detail: order.code,
    });
    return this.delivery(order, recipient[NAME], recipient[PHONE], recipient[ADDRESS], buyer[NOTE]);
  }

  /**
   * MS-06: the customer's name, phone and address go to the technician doing the job through `kernel.disclose`, which
   * registers the disclosure (subject, order, the technician as actor). Nothing is registered when every value was
   * erased. The note goes only where the recipient declares it. A refusal is a bug (the constructor checked the
   * fields), so it throws.
   */
  private async technicianDetails(
    order: OrderView,
    technician: Actor & { kind: 'staff' },
    recipient: DeclaredRecipient,
  ): Promise<Delivery> {
    const common = { actor: technician, recipientId: recipient.id, purpose: 'order.fulfilment' as const };
    const { sealed } = order;
    const contact = {
      [NAME]: sealed.recipient_name_enc,
      [PHONE]: sealed.recipient_phone_enc,
      [ADDRESS]: sealed.recipient_address_enc,
    };
    let shown: Record<string, string | null> = { [NAME]: null, [PHONE]: null, [ADDRESS]: null };
    if (Object.values(contact).some((v) => v !== null)) {
      const disclosed = await this.kernel.disclose({
        ...common,
        subjectId: order.recipientSubjectId,
        fields: contact,
        orderId: order.id,
      });
      if (!disclosed.ok) throw new Error(`disclosure to ${recipient.id} refused: ${disclosed.reason}`);
      shown = disclosed.projection;
    }
    let note: string | null = null;
    if (recipient.fields.includes(NOTE) && sealed.delivery_instructions_enc) {
      const disclosed = await this.kernel.disclose({
        ...common,
        subjectId: order.subjectId,
        fields: { [NOTE]: sealed.delivery_instructions_enc },
        orderId: order.id,
      });
      if (!disclosed.ok) throw new Error(`disclosure to ${recipient.id} refused: ${disclosed.reason}`);
      note = disclosed.projection[NOTE] ?? null;
    }
    return this.delivery(order, shown[NAME] ?? null, shown[PHONE] ?? null, shown[ADDRESS] ?? null, note);
  }

  private delivery(
    order: OrderView,
    name: string | null,
    phone: string | null,
    address: string | null,
    note: string | null,
  ): Delivery {
    return {
      orderId: order.id,
      code: order.code,
      name,
      phone,
      address,
      note,
      codMinor: codToCollect(order),
      currency: order.currency,
    };
  }

  /** The courier delivered the order: it moves to `delivered` with the courier in its history, and is theirs no more. */
  async markDelivered(orderId: string, courier: Actor & { kind: 'staff' }): Promise<DeliveredOutcome> {
    if (!(await this.activeOrder(courier.id, orderId))) return 'not_found';
    const moved = await this.orders.move(orderId, 'delivered', courier);
    if (!moved.ok) return 'stale';
    await this.db
      .updateTable('delivery_assignments')
      .set({ delivered_at: new Date().toISOString() })
      .where('order_id', '=', orderId)
      .where('staff_id', '=', courier.id)
      .where('delivered_at', 'is', null)
      .execute();
    return 'delivered';
  }

  private async assignmentOf(orderId: string) {
    return this.db
      .selectFrom('delivery_assignments')
      .select('staff_id')
      .where('order_id', '=', orderId)
      .executeTakeFirst();
  }
}
