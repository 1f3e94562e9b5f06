import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { isLocale, type Locale } from '../../i18n/locales.ts';
import type { Outbox, SealedMessage } from '../../notify/outbox.ts';
import type { Localized, PaymentMethodCode, Preset } from '../../presets/types.ts';
import type { Actor, PrivacyKernel } from '../../privacy/kernel.ts';
import type { PublicUrl } from '../../public-url.ts';
import type { CatalogService } from '../catalog/service.ts';
import type { ContactDetails, CustomerService } from '../customers/service.ts';
import { newOrderCode } from './code.ts';
import { areaFeeMinor, resolveArea } from './delivery-areas.ts';
import {
  canMove,
  DETAIL_REQUESTS,
  type DetailRequest,
  initialStatus,
  type OrderStatus,
  RESTOCKING,
  type TransitionRefusal,
} from './lifecycle.ts';
import { statusMail, statusSms } from './mail.ts';

export type OrderChannel = 'web' | 'phone' | 'email';

/** Who the official invoice is made out to (KN-04): a person by national code, or an organisation. */
export type TaxIdentity =
  | { kind: 'person'; nationalCode: string }
  | { kind: 'organisation'; name: string; nationalId: string; economicCode: string };

export interface CheckoutInput {
  /** A product with options is bought in one of its variants (`variantId`), one without in none. */
  lines: { productId: string; variantId?: string; quantityMilli: number }[];
  buyer: ContactDetails;
  /** Someone else receives the parcel (KN-07); their details serve this order only. */
  recipient: { name: string; phone: string; address: string } | null;
  deliveryInstructions: string;
  /** ISO day (KT-04). */
  deliveryDate: string | null;
  deliveryWindow: string | null;
  /** The delivery area chosen (an id of the preset's areas); none chosen, the first area offered (delivery-areas.ts). */
  deliveryAreaId?: string | null;
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

/** What the staff order list can be narrowed to; dates are instants (the caller turns shop-local days into them). */
export interface OrderFilter {
  status?: OrderStatus;
  channel?: OrderChannel;
  paymentMethod?: PaymentMethodCode;
  /** Placed at or after. */
  from?: string;
  /** Placed before. */
  to?: string;
  code?: string;
  phoneE164?: string;
  email?: string;
}

export type MoveResult = { ok: true } | { ok: false; reason: TransitionRefusal };

export type PlaceOrderResult =
  | { ok: true; id: string; code: string; duplicate: boolean }
  | { ok: false; error: 'empty_cart' }
  | { ok: false; error: 'out_of_stock' | 'invalid_quantity' | 'unavailable'; productIds: string[] }
  | { ok: false; error: 'payment_method_unavailable' }
  | { ok: false; error: 'delivery_area_unavailable' };

export interface OrderLineView {
  sku: string;
  name: string;
  /** The variant's options and values as they read when the order was placed ("Size: M / Colour: Red"). */
  variantLabel?: string | null;
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
  /** The delivery area as it was named when the order was placed; null for orders from before areas. */
  deliveryArea: { id: string; name: Localized } | null;
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

export class OrderService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly kernel: PrivacyKernel,
    private readonly customers: CustomerService,
    private readonly catalog: CatalogService,
    private readonly preset: Preset,
    private readonly outbox: Outbox,
    private readonly publicUrl: PublicUrl,
  ) {}

  /**
   * HK-03: the messages telling the buyer their order is now in `status` — an e-mail when they gave an address, an
   * SMS where the shop sends order updates by SMS — sealed for the buyer, to be written with the change itself.
   */
  private async statusMessages(
    order: { id: string; code: string; locale: string; subjectId: string },
    contact: { email: string | null; phone: string | null },
    eventId: string,
    status: OrderStatus,
    request?: DetailRequest,
  ): Promise<SealedMessage[]> {
    const locale = isLocale(order.locale) ? order.locale : this.preset.defaultLocale;
    const notice = {
      code: order.code,
      status,
      request,
      link: `${this.publicUrl.link(locale, '/order-status')}?code=${order.code}`,
    };
    const messages: SealedMessage[] = [];
    const key = `order:${order.id}:event:${eventId}`;
    if (contact.email) {
      const mail = statusMail(locale, this.preset, contact.email, notice);
      messages.push(
        await this.outbox.seal(order.subjectId, 'order.status_updates', `${key}:mail`, { kind: 'mail', mail }),
      );
    }
    if (contact.phone && this.preset.orderSms) {
      const text = statusSms(locale, this.preset, notice);
      messages.push(
        await this.outbox.seal(order.subjectId, 'order.status_updates', `${key}:sms`, {
          kind: 'sms',
          to: contact.phone,
          text,
        }),
      );
    }
    return messages;
  }

  /** The buyer's e-mail and phone, revealed to send them an update about their order (audited, as every reveal). */
  private async buyerContact(order: OrderView): Promise<{ email: string | null; phone: string | null }> {
    const opened = await this.kernel.reveal({
      actor: { kind: 'system', job: 'order-updates' },
      purpose: 'order.status_updates',
      subjectId: order.subjectId,
      fields: {
        'orders.buyer_email_enc': order.sealed.buyer_email_enc,
        'orders.buyer_phone_enc': order.sealed.buyer_phone_enc,
      },
      detail: order.code,
    });
    return { email: opened['orders.buyer_email_enc'], phone: opened['orders.buyer_phone_enc'] };
  }

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
    // Read once: the fee charged is the one of the area as the shop offers it at this moment.
    const area = resolveArea(this.preset, input.deliveryAreaId);
    if (!area) return { ok: false, error: 'delivery_area_unavailable' };
    const products = new Map(
      (
        await this.catalog.byIds(
          input.lines.map((l) => l.productId),
          input.locale,
        )
      ).map((p) => [p.id, p]),
    );
    const variantIds = input.lines.flatMap((l) => (l.variantId ? [l.variantId] : []));
    const variants = new Map(
      variantIds.length
        ? (
            await this.catalog.variantsOf(
              input.lines.filter((l) => l.variantId).map((l) => l.productId),
              input.locale,
              { activeOnly: true, variantIds },
            )
          ).variants.map((v) => [v.id, v])
        : [],
    );
    // A product with options is sold only in one of its variants on sale; a product without, in none.
    const unavailable = input.lines
      .filter((l) => {
        const product = products.get(l.productId);
        if (!product) return true;
        if (!l.variantId) return product.variantCount > 0;
        return variants.get(l.variantId)?.productId !== l.productId;
      })
      .map((l) => l.productId);
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
      const v = l.variantId ? variants.get(l.variantId)! : null;
      const price = v ? v.priceMinor : p.priceMinor;
      return {
        id: randomUUID(),
        order_id: id,
        product_id: p.id,
        sku: v ? v.sku : p.sku,
        name: p.name,
        unit: p.unit,
        quantity_milli: l.quantityMilli,
        unit_price_minor: price,
        // price × quantity, rounded half up to the currency's minor unit
        line_total_minor: Math.round((price * l.quantityMilli) / 1000),
        variant_id: v ? v.id : null,
        variant_label: v ? v.label : null,
      };
    });
    const subtotal = lines.reduce((sum, l) => sum + l.line_total_minor, 0);
    const deliveryFee = areaFeeMinor(area, this.preset.currency);
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
      delivery_area_id: area.id,
      delivery_area_name: JSON.stringify(area.name),
      total_minor: subtotal + deliveryFee,
      currency: this.preset.currency,
      phone_bidx: this.customers.phoneIndex(input.buyer.phone),
      email_bidx: this.customers.emailIndex(input.buyer.email),
      idempotency_key: input.idempotencyKey,
      created_at: now,
      updated_at: now,
    };
    const firstEvent = randomUUID();
    const messages = await this.statusMessages(
      { id, code, locale: input.locale, subjectId: s },
      { email: input.buyer.email || null, phone: input.buyer.phone },
      firstEvent,
      status,
    );
    try {
      await this.db.transaction().execute(async (trx) => {
        const short: string[] = [];
        for (const line of lines) {
          // A variant's stock is its own; its product must still be on sale.
          const result = line.variant_id
            ? await trx
                .updateTable('product_variants')
                .set({ stock_milli: sql`stock_milli - ${line.quantity_milli}` })
                .where('id', '=', line.variant_id)
                .where('product_id', '=', line.product_id)
                .where('status', '=', 'active')
                .where('stock_milli', '>=', line.quantity_milli)
                .where((eb) =>
                  eb.exists(
                    eb
                      .selectFrom('products as p')
                      .select('p.id')
                      .where('p.id', '=', line.product_id)
                      .where('p.status', '=', 'active'),
                  ),
                )
                .executeTakeFirst()
            : await trx
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
          .values({ id: firstEvent, order_id: id, status, actor: input.actor, note: null, created_at: now })
          .execute();
        await this.outbox.add(trx, ...messages);
      });
      this.outbox.wake();
    } catch (error) {
      if (error instanceof OutOfStock) return { ok: false, error: 'out_of_stock', productIds: error.productIds };
      // A concurrent submit of the same form won the race: answer with its order.
      const winner = await this.byIdempotencyKey(input.idempotencyKey);
      if (winner) return { ok: true, ...winner, duplicate: true };
      throw error;
    }
    return { ok: true, id, code, duplicate: false };
  }

  async codesOf(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    return (await this.db.selectFrom('orders').select('code').where('id', 'in', ids).execute()).map((r) => r.code);
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
  async list(options: { page?: number; pageSize?: number } & OrderFilter): Promise<{
    items: OrderSummary[];
    total: number;
    page: number;
    pages: number;
  }> {
    const pageSize = options.pageSize ?? 50;
    let base = this.db.selectFrom('orders as o');
    if (options.status) base = base.where('o.status', '=', options.status);
    if (options.channel) base = base.where('o.channel', '=', options.channel);
    if (options.paymentMethod) base = base.where('o.payment_method', '=', options.paymentMethod);
    if (options.from) base = base.where('o.created_at', '>=', options.from);
    if (options.to) base = base.where('o.created_at', '<', options.to);
    if (options.code) base = base.where('o.code', '=', options.code);
    // Exact phone or e-mail through the blind index: staff never search plaintext.
    if (options.phoneE164) base = base.where('o.phone_bidx', '=', this.customers.phoneIndex(options.phoneE164));
    if (options.email) base = base.where('o.email_bidx', '=', this.customers.emailIndex(options.email));
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
  async move(orderId: string, to: OrderStatus, actor: Actor & { kind: 'staff' | 'system' }): Promise<MoveResult> {
    const order = await this.byId(orderId);
    if (!order) return { ok: false, reason: 'not_found' };
    const refusal = canMove(order.status, to);
    if (refusal) return { ok: false, reason: refusal };
    return this.transition(order, to, actor.kind === 'staff' ? `staff:${actor.id}` : `system:${actor.job}`);
  }

  /** HK-07: staff record that the money order, transfer or cheque arrived; only then does the order move on. */
  async recordPayment(orderId: string, actor: Actor & { kind: 'staff' }): Promise<MoveResult> {
    const order = await this.byId(orderId);
    if (!order) return { ok: false, reason: 'not_found' };
    if (order.status !== 'awaiting_payment') return { ok: false, reason: 'not_allowed' };
    return this.transition(order, 'confirmed', `staff:${actor.id}`, { note: 'payment_received', paid: true });
  }

  /**
   * CM-03: a gateway confirmed the payment; the order goes on. Refused when the order no longer waits for it (it
   * was cancelled meanwhile): the caller keeps that payment as one to refund.
   */
  async recordOnlinePayment(orderId: string, gateway: string): Promise<MoveResult> {
    const order = await this.byId(orderId);
    if (!order) return { ok: false, reason: 'not_found' };
    if (order.status !== 'awaiting_payment') return { ok: false, reason: 'not_allowed' };
    return this.transition(order, 'confirmed', `system:${gateway}`, { note: 'payment_received', paid: true });
  }

  /** KN-06: the shop asks the customer for what is missing; the order waits until they answer. */
  async askForDetails(orderId: string, request: DetailRequest, actor: Actor & { kind: 'staff' }): Promise<MoveResult> {
    const order = await this.byId(orderId);
    if (!order) return { ok: false, reason: 'not_found' };
    const refusal = canMove(order.status, 'awaiting_details');
    if (refusal) return { ok: false, reason: refusal };
    return this.transition(order, 'awaiting_details', `staff:${actor.id}`, { note: `details:${request}`, request });
  }

  /** What the shop asked for, while the order waits for the customer's details (KN-06). */
  pendingRequest(order: OrderView): DetailRequest | null {
    if (order.status !== 'awaiting_details') return null;
    const asked = order.events.findLast((e) => e.status === 'awaiting_details')?.note?.replace(/^details:/, '');
    return DETAIL_REQUESTS.find((r) => r === asked) ?? null;
  }

  /**
   * KN-06: the customer answers: the delivery details are replaced (sealed as before, the recipient's under their
   * own subject) and the order goes back to where it was before the shop asked.
   */
  async giveDetails(
    orderId: string,
    details: { recipient: { name: string; phone: string; address: string }; taxIdentity: TaxIdentity | null },
  ): Promise<MoveResult> {
    const order = await this.byId(orderId);
    if (!order) return { ok: false, reason: 'not_found' };
    if (order.status !== 'awaiting_details') return { ok: false, reason: 'not_allowed' };
    const before = order.events.findLast((e) => e.status !== 'awaiting_details')?.status as OrderStatus | undefined;
    const back = before && before !== 'awaiting_details' ? before : 'placed';
    const r = order.recipientSubjectId;
    const changes: Partial<DB['orders']> = {
      recipient_name_enc: await this.kernel.seal(r, 'orders.recipient_name_enc', details.recipient.name),
      recipient_phone_enc: await this.kernel.seal(r, 'orders.recipient_phone_enc', details.recipient.phone),
      recipient_address_enc: await this.kernel.seal(r, 'orders.recipient_address_enc', details.recipient.address),
    };
    if (details.taxIdentity) {
      changes.tax_identity_enc = await this.kernel.seal(
        order.subjectId,
        'orders.tax_identity_enc',
        JSON.stringify(details.taxIdentity),
      );
    }
    return this.transition(order, back, 'customer', { note: 'details_given', changes });
  }

  /**
   * One move of the lifecycle, in one transaction: the status changes only if it is still what it was read as, the
   * goods go back on the shelf when the move restocks, the history entry and the buyer's messages are written
   * with it.
   */
  private async transition(
    order: OrderView,
    to: OrderStatus,
    actor: string,
    extra: { note?: string; paid?: boolean; request?: DetailRequest; changes?: Partial<DB['orders']> } = {},
  ): Promise<MoveResult> {
    const eventId = randomUUID();
    const messages = await this.statusMessages(order, await this.buyerContact(order), eventId, to, extra.request);
    const now = new Date().toISOString();
    const moved = await this.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('orders')
        .set({ ...extra.changes, status: to, updated_at: now, ...(extra.paid ? { payment_received_at: now } : {}) })
        .where('id', '=', order.id)
        .where('status', '=', order.status)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) return false;
      if (RESTOCKING.has(to) && !RESTOCKING.has(order.status)) await this.restock(trx, order.id);
      await trx
        .insertInto('order_events')
        .values({ id: eventId, order_id: order.id, status: to, actor, note: extra.note ?? null, created_at: now })
        .execute();
      await this.outbox.add(trx, ...messages);
      return true;
    });
    if (!moved) return { ok: false, reason: 'stale' };
    this.outbox.wake();
    return { ok: true };
  }

  private async restock(trx: Kysely<DB>, orderId: string): Promise<void> {
    const lines = await trx
      .selectFrom('order_lines')
      .select(['product_id', 'variant_id', 'quantity_milli'])
      .where('order_id', '=', orderId)
      .execute();
    for (const line of lines) {
      if (line.variant_id) {
        await trx
          .updateTable('product_variants')
          .set({ stock_milli: sql`stock_milli + ${line.quantity_milli}` })
          .where('id', '=', line.variant_id)
          .execute();
        continue;
      }
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
      deliveryArea:
        row.delivery_area_id && row.delivery_area_name
          ? { id: row.delivery_area_id, name: JSON.parse(row.delivery_area_name) as Localized }
          : null,
      totalMinor: Number(row.total_minor),
      currency: row.currency,
      createdAt: row.created_at,
      subjectId: row.subject_id,
      recipientSubjectId: row.recipient_subject_id,
      lines: lines.map((l) => ({
        sku: l.sku,
        name: l.name,
        variantLabel: l.variant_label ?? null,
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
