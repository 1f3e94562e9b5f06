import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { MINOR_DIGITS } from '../../i18n/format.ts';
import type { Locale } from '../../i18n/locales.ts';
import type { PaymentMethodCode, Preset } from '../../presets/types.ts';
import type { Actor, PrivacyKernel } from '../../privacy/kernel.ts';
import type { CatalogService } from '../catalog/service.ts';
import type { ContactDetails, CustomerService } from '../customers/service.ts';
import { newOrderCode } from './code.ts';
import { canMove, initialStatus, type OrderStatus, type TransitionRefusal } from './lifecycle.ts';

export type OrderChannel = 'web' | 'phone' | 'email';

/** Who the official invoice is made out to (KN-04): a person by national code, or an organisation. */
export type TaxIdentity =
  | { kind: 'person'; nationalCode: string }
  | { kind: 'organisation'; name: string; nationalId: string; economicCode: string };

export interface CheckoutInput {
  lines: { productId: string; quantityMilli: number }[];
  buyer: ContactDetails;
  /** Someone else receives the parcel (KN-07); their details serve this order only. */
  recipient: { name: string; phone: string; address: string } | null;
  deliveryInstructions: string;
  /** ISO day (KT-04). */
  deliveryDate: string | null;
  deliveryWindow: string | null;
  paymentMethod: PaymentMethodCode;
  /** The reference the customer gives for a money order, transfer or cheque (HK-07). */
  paymentReference: string | null;
  /** For shops that issue official invoices (KN-04); null elsewhere. */
  taxIdentity?: TaxIdentity | null;
  channel: OrderChannel;
  locale: Locale;
  /** Random key of the checkout form: a double submit or a retried request makes one order. */
  idempotencyKey: string;
  /** 'customer' or 'staff:<id>' for the history. */
  actor: string;
  /** The signed-in customer's own record; otherwise the buyer is found or created by phone and e-mail. */
  customerId?: string;
}

export type PlaceOrderResult =
  | { ok: true; id: string; code: string; duplicate: boolean }
  | { ok: false; error: 'empty_cart' }
  | { ok: false; error: 'out_of_stock' | 'invalid_quantity' | 'unavailable'; productIds: string[] }
  | { ok: false; error: 'payment_method_unavailable' };

export interface OrderLineView {
  sku: string;
  name: string;
  unit: string;
  quantityMilli: number;
  unitPriceMinor: number;
  lineTotalMinor: number;
}

export interface OrderView {
  id: string;
  code: string;
  status: OrderStatus;
  channel: OrderChannel;
  locale: string;
  paymentMethod: PaymentMethodCode;
  paymentReceivedAt: string | null;
  hasPaymentReference: boolean;
  hasTaxIdentity: boolean;
  differentRecipient: boolean;
  deliveryDate: string | null;
  deliveryWindow: string | null;
  subtotalMinor: number;
  deliveryFeeMinor: number;
  totalMinor: number;
  currency: string;
  createdAt: string;
  subjectId: string;
  recipientSubjectId: string;
  lines: OrderLineView[];
  events: { status: string; actor: string; note: string | null; createdAt: string }[];
  sealed: Pick<
    DB['orders'],
    | 'buyer_name_enc'
    | 'buyer_phone_enc'
    | 'buyer_email_enc'
    | 'recipient_name_enc'
    | 'recipient_phone_enc'
    | 'recipient_address_enc'
    | 'delivery_instructions_enc'
    | 'payment_reference_enc'
    | 'tax_identity_enc'
  >;
}

export interface OrderSummary {
  id: string;
  code: string;
  status: OrderStatus;
  channel: OrderChannel;
  paymentMethod: PaymentMethodCode;
  totalMinor: number;
  currency: string;
  createdAt: string;
  lineCount: number;
}

class OutOfStock extends Error {
  constructor(readonly productIds: string[]) {
    super('out of stock');
  }
}

/** The preset's delivery fee in the currency's minor unit: what the cart, the checkout and the order all show. */
export function deliveryFeeMinor(preset: Preset): number {
  return Math.round(preset.deliveryFee * 10 ** MINOR_DIGITS[preset.currency]);
}

export class OrderService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly kernel: PrivacyKernel,
    private readonly customers: CustomerService,
    private readonly catalog: CatalogService,
    private readonly preset: Preset,
  ) {}

  /**
   * Places an order in one transaction: stock is reserved with a guarded update (never below zero, however many
   * buy the last unit at once), the order, its lines and its first history entry are written together.
   */
  async place(input: CheckoutInput): Promise<PlaceOrderResult> {
    const previous = await this.byIdempotencyKey(input.idempotencyKey);
    if (previous) return { ok: true, ...previous, duplicate: true };
    if (input.lines.length === 0) return { ok: false, error: 'empty_cart' };
    if (!this.preset.paymentMethods.includes(input.paymentMethod)) {
      return { ok: false, error: 'payment_method_unavailable' };
    }
    const products = new Map(
      (
        await this.catalog.byIds(
          input.lines.map((l) => l.productId),
          input.locale,
        )
      ).map((p) => [p.id, p]),
    );
    const unavailable = input.lines.filter((l) => !products.has(l.productId)).map((l) => l.productId);
    if (unavailable.length) return { ok: false, error: 'unavailable', productIds: unavailable };
    const badQuantity = input.lines
      .filter((l) => {
        const step = products.get(l.productId)!.stepMilli;
        return !Number.isSafeInteger(l.quantityMilli) || l.quantityMilli <= 0 || l.quantityMilli % step !== 0;
      })
      .map((l) => l.productId);
    if (badQuantity.length) return { ok: false, error: 'invalid_quantity', productIds: badQuantity };

    const guest = input.customerId ? undefined : await this.customers.sealGuest(input.buyer);
    const customer = guest ?? (await this.customers.ref(input.customerId!));
    const recipientSubject = input.recipient ? await this.kernel.newSubject() : customer.subjectId;
    const recipient = input.recipient ?? input.buyer;
    const s = customer.subjectId;
    const seal = this.kernel.seal.bind(this.kernel);
    const now = new Date().toISOString();
    const id = randomUUID();
    const code = newOrderCode();
    const lines = input.lines.map((l) => {
      const p = products.get(l.productId)!;
      return {
        id: randomUUID(),
        order_id: id,
        product_id: p.id,
        sku: p.sku,
        name: p.name,
        unit: p.unit,
        quantity_milli: l.quantityMilli,
        unit_price_minor: p.priceMinor,
        // price × quantity, rounded half up to the currency's minor unit
        line_total_minor: Math.round((p.priceMinor * l.quantityMilli) / 1000),
      };
    });
    const subtotal = lines.reduce((sum, l) => sum + l.line_total_minor, 0);
    const deliveryFee = deliveryFeeMinor(this.preset);
    const status = initialStatus(input.paymentMethod);
    const row: DB['orders'] = {
      id,
      code,
      customer_id: customer.id,
      subject_id: s,
      recipient_subject_id: recipientSubject,
      different_recipient: input.recipient ? 1 : 0,
      status,
      channel: input.channel,
      locale: input.locale,
      payment_method: input.paymentMethod,
      payment_reference_enc: await seal(s, 'orders.payment_reference_enc', input.paymentReference),
      payment_received_at: null,
      buyer_name_enc: await seal(s, 'orders.buyer_name_enc', input.buyer.name),
      buyer_phone_enc: await seal(s, 'orders.buyer_phone_enc', input.buyer.phone),
      buyer_email_enc: await seal(s, 'orders.buyer_email_enc', input.buyer.email),
      recipient_name_enc: await seal(recipientSubject, 'orders.recipient_name_enc', recipient.name),
      recipient_phone_enc: await seal(recipientSubject, 'orders.recipient_phone_enc', recipient.phone),
      recipient_address_enc: await seal(recipientSubject, 'orders.recipient_address_enc', recipient.address),
      delivery_instructions_enc: await seal(s, 'orders.delivery_instructions_enc', input.deliveryInstructions),
      tax_identity_enc: input.taxIdentity
        ? await seal(s, 'orders.tax_identity_enc', JSON.stringify(input.taxIdentity))
        : null,
      delivery_date: input.deliveryDate,
      delivery_window: input.deliveryWindow,
      subtotal_minor: subtotal,
      delivery_fee_minor: deliveryFee,
      total_minor: subtotal + deliveryFee,
      currency: this.preset.currency,
      phone_bidx: this.customers.phoneIndex(input.buyer.phone),
      email_bidx: this.customers.emailIndex(input.buyer.email),
      idempotency_key: input.idempotencyKey,
      created_at: now,
      updated_at: now,
    };
    try {
      await this.db.transaction().execute(async (trx) => {
        const short: string[] = [];
        for (const line of lines) {
          const result = await trx
            .updateTable('products')
            .set({ stock_milli: sql`stock_milli - ${line.quantity_milli}` })
            .where('id', '=', line.product_id)
            .where('status', '=', 'active')
            .where('stock_milli', '>=', line.quantity_milli)
            .executeTakeFirst();
          if (Number(result.numUpdatedRows) === 0) short.push(line.product_id);
        }
        if (short.length) throw new OutOfStock(short);
        if (guest) await this.customers.insertGuest(trx, guest);
        await trx.insertInto('orders').values(row).execute();
        await trx.insertInto('order_lines').values(lines).execute();
        await trx
          .insertInto('order_events')
          .values({ id: randomUUID(), order_id: id, status, actor: input.actor, note: null, created_at: now })
          .execute();
      });
    } catch (error) {
      if (error instanceof OutOfStock) return { ok: false, error: 'out_of_stock', productIds: error.productIds };
      // A concurrent submit of the same form won the race: answer with its order.
      const winner = await this.byIdempotencyKey(input.idempotencyKey);
      if (winner) return { ok: true, ...winner, duplicate: true };
      throw error;
    }
    return { ok: true, id, code, duplicate: false };
  }

  /** The order a checkout form made, by the form's idempotency key. */
  async byIdempotencyKey(key: string): Promise<{ id: string; code: string } | undefined> {
    return this.db.selectFrom('orders').select(['id', 'code']).where('idempotency_key', '=', key).executeTakeFirst();
  }

  /** The order with this code, with lines and history: three queries. */
  async byCode(code: string): Promise<OrderView | null> {
    const row = await this.db.selectFrom('orders').selectAll().where('code', '=', code).executeTakeFirst();
    return row ? this.view(row) : null;
  }

  async byId(id: string): Promise<OrderView | null> {
    const row = await this.db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? this.view(row) : null;
  }

  /**
   * The order-status look-up: the code plus the phone or e-mail used. Only the blind indexes are compared, and the
   * answer is the same "not found" whether the code or the contact is wrong, so nothing can be enumerated.
   */
  async lookup(code: string, contact: { phoneE164?: string; email?: string }): Promise<OrderView | null> {
    const row = await this.db.selectFrom('orders').selectAll().where('code', '=', code).executeTakeFirst();
    if (!row) return null;
    const phoneMatch = contact.phoneE164 && row.phone_bidx === this.customers.phoneIndex(contact.phoneE164);
    const emailMatch = contact.email && row.email_bidx && row.email_bidx === this.customers.emailIndex(contact.email);
    return phoneMatch || emailMatch ? this.view(row) : null;
  }

  /** A page of orders for staff, newest first: two queries whatever the page size; no personal data. */
  async list(options: { page?: number; pageSize?: number; status?: OrderStatus }): Promise<{
    items: OrderSummary[];
    total: number;
    page: number;
    pages: number;
  }> {
    const pageSize = options.pageSize ?? 50;
    let base = this.db.selectFrom('orders as o');
    if (options.status) base = base.where('o.status', '=', options.status);
    const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const pages = Math.max(1, Math.ceil(total / pageSize));
    const page = Math.min(Math.max(1, options.page ?? 1), pages);
    const rows = await base
      .select((eb) => [
        'o.id',
        'o.code',
        'o.status',
        'o.channel',
        'o.payment_method',
        'o.total_minor',
        'o.currency',
        'o.created_at',
        eb
          .selectFrom('order_lines as l')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('l.order_id', '=', 'o.id')
          .as('line_count'),
      ])
      .orderBy('o.created_at', 'desc')
      .orderBy('o.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute();
    return {
      items: rows.map((r) => ({
        id: r.id,
        code: r.code,
        status: r.status as OrderStatus,
        channel: r.channel as OrderChannel,
        paymentMethod: r.payment_method as PaymentMethodCode,
        totalMinor: Number(r.total_minor),
        currency: r.currency,
        createdAt: r.created_at,
        lineCount: Number(r.line_count),
      })),
      total,
      page,
      pages,
    };
  }

  /** Staff move an order along its lifecycle; one transaction with its guard and its history entry. */
  async move(
    orderId: string,
    to: OrderStatus,
    actor: Actor & { kind: 'staff' },
    note?: string,
  ): Promise<{ ok: true } | { ok: false; reason: TransitionRefusal }> {
    return this.db.transaction().execute(async (trx) => {
      const order = await trx.selectFrom('orders').select(['status']).where('id', '=', orderId).executeTakeFirst();
      if (!order) return { ok: false as const, reason: 'not_found' as const };
      const refusal = canMove(order.status as OrderStatus, to);
      if (refusal) return { ok: false as const, reason: refusal };
      const now = new Date().toISOString();
      const updated = await trx
        .updateTable('orders')
        .set({ status: to, updated_at: now })
        .where('id', '=', orderId)
        .where('status', '=', order.status)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) return { ok: false as const, reason: 'stale' as const };
      if (to === 'cancelled') await this.restock(trx, orderId);
      await trx
        .insertInto('order_events')
        .values({
          id: randomUUID(),
          order_id: orderId,
          status: to,
          actor: `staff:${actor.id}`,
          note: note ?? null,
          created_at: now,
        })
        .execute();
      return { ok: true as const };
    });
  }

  /** HK-07: staff record that the money order, transfer or cheque arrived; only then does the order move on. */
  async recordPayment(
    orderId: string,
    actor: Actor & { kind: 'staff' },
  ): Promise<{ ok: true } | { ok: false; reason: TransitionRefusal }> {
    return this.db.transaction().execute(async (trx) => {
      const now = new Date().toISOString();
      const updated = await trx
        .updateTable('orders')
        .set({ status: 'confirmed', payment_received_at: now, updated_at: now })
        .where('id', '=', orderId)
        .where('status', '=', 'awaiting_payment')
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) return { ok: false as const, reason: 'not_allowed' as const };
      await trx
        .insertInto('order_events')
        .values({
          id: randomUUID(),
          order_id: orderId,
          status: 'confirmed',
          actor: `staff:${actor.id}`,
          note: 'payment_received',
          created_at: now,
        })
        .execute();
      return { ok: true as const };
    });
  }

  private async restock(trx: Kysely<DB>, orderId: string): Promise<void> {
    const lines = await trx
      .selectFrom('order_lines')
      .select(['product_id', 'quantity_milli'])
      .where('order_id', '=', orderId)
      .execute();
    for (const line of lines) {
      await trx
        .updateTable('products')
        .set({ stock_milli: sql`stock_milli + ${line.quantity_milli}` })
        .where('id', '=', line.product_id)
        .execute();
    }
  }

  private async view(row: DB['orders']): Promise<OrderView> {
    const [lines, events] = await Promise.all([
      this.db.selectFrom('order_lines').selectAll().where('order_id', '=', row.id).execute(),
      this.db.selectFrom('order_events').selectAll().where('order_id', '=', row.id).orderBy('created_at').execute(),
    ]);
    return {
      id: row.id,
      code: row.code,
      status: row.status as OrderStatus,
      channel: row.channel as OrderChannel,
      locale: row.locale,
      paymentMethod: row.payment_method as PaymentMethodCode,
      paymentReceivedAt: row.payment_received_at,
      hasPaymentReference: row.payment_reference_enc !== null,
      hasTaxIdentity: row.tax_identity_enc !== null,
      differentRecipient: row.different_recipient === 1,
      deliveryDate: row.delivery_date,
      deliveryWindow: row.delivery_window,
      subtotalMinor: Number(row.subtotal_minor),
      deliveryFeeMinor: Number(row.delivery_fee_minor),
      totalMinor: Number(row.total_minor),
      currency: row.currency,
      createdAt: row.created_at,
      subjectId: row.subject_id,
      recipientSubjectId: row.recipient_subject_id,
      lines: lines.map((l) => ({
        sku: l.sku,
        name: l.name,
        unit: l.unit,
        quantityMilli: Number(l.quantity_milli),
        unitPriceMinor: Number(l.unit_price_minor),
        lineTotalMinor: Number(l.line_total_minor),
      })),
      events: events.map((e) => ({ status: e.status, actor: e.actor, note: e.note, createdAt: e.created_at })),
      sealed: {
        buyer_name_enc: row.buyer_name_enc,
        buyer_phone_enc: row.buyer_phone_enc,
        buyer_email_enc: row.buyer_email_enc,
        recipient_name_enc: row.recipient_name_enc,
        recipient_phone_enc: row.recipient_phone_enc,
        recipient_address_enc: row.recipient_address_enc,
        delivery_instructions_enc: row.delivery_instructions_enc,
        payment_reference_enc: row.payment_reference_enc,
        tax_identity_enc: row.tax_identity_enc,
      },
    };
  }
}
