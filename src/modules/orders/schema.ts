import type { Kysely } from 'kysely';
import { type ColumnDeclaration, SYSTEM, type TableDeclaration } from '../../privacy/datamap.ts';

export interface OrderTables {
  orders: {
    id: string;
    /** The code customers see and type: random, not sequential, not guessable. */
    code: string;
    customer_id: string;
    /** The buyer's data subject (same as the customer's). */
    subject_id: string;
    /** The subject whose key seals the recipient fields: the buyer, or a separate subject for someone else (KN-07). */
    recipient_subject_id: string;
    different_recipient: number;
    status: string;
    channel: string;
    locale: string;
    payment_method: string;
    payment_reference_enc: string | null;
    payment_received_at: string | null;
    buyer_name_enc: string | null;
    buyer_phone_enc: string | null;
    buyer_email_enc: string | null;
    recipient_name_enc: string | null;
    recipient_phone_enc: string | null;
    recipient_address_enc: string | null;
    delivery_instructions_enc: string | null;
    tax_identity_enc: string | null;
    delivery_date: string | null;
    delivery_window: string | null;
    subtotal_minor: number;
    delivery_fee_minor: number;
    /** The shop's delivery area chosen (null for orders from before areas existed). */
    delivery_area_id: string | null;
    /** The area's names at order time, JSON of a Localized: the order keeps them when the owner renames or removes it. */
    delivery_area_name: string | null;
    total_minor: number;
    currency: string;
    phone_bidx: string | null;
    email_bidx: string | null;
    idempotency_key: string;
    created_at: string;
    updated_at: string;
  };
  order_lines: {
    id: string;
    order_id: string;
    product_id: string;
    sku: string;
    name: string;
    unit: string;
    quantity_milli: number;
    unit_price_minor: number;
    line_total_minor: number;
    /** The variant bought (migration 0018), null for a product without options. */
    variant_id: string | null;
    /** The variant's options and values as they read when the order was placed. */
    variant_label: string | null;
  };
  order_events: {
    id: string;
    order_id: string;
    status: string;
    actor: string;
    note: string | null;
    created_at: string;
  };
}

const sealed = (
  category: string,
  description: string,
  purposes: ColumnDeclaration['purposes'],
  retention: ColumnDeclaration['retention'],
): ColumnDeclaration => ({
  category,
  description,
  purposes,
  retention,
  encrypted: true,
});

export const orderDataMap: TableDeclaration[] = [
  {
    table: 'orders',
    description: 'Orders; personal fields sealed with the buyer’s or the recipient’s data key',
    columns: {
      id: SYSTEM('Random id'),
      code: SYSTEM('Random order code shown to the customer'),
      customer_id: SYSTEM('Customer'),
      subject_id: SYSTEM('Buyer’s data-subject id'),
      recipient_subject_id: SYSTEM('Recipient’s data-subject id'),
      different_recipient: SYSTEM('Whether the parcel goes to someone other than the buyer (KN-07)'),
      status: SYSTEM('Order status'),
      channel: SYSTEM('web, phone or e-mail (KT-10)'),
      locale: SYSTEM('Language of the order'),
      payment_method: SYSTEM('cod, bank_transfer, money_order or cheque (HK-07)'),
      payment_reference_enc: sealed(
        'user.financial',
        'Reference the customer gives for an offline payment (HK-04, HK-07); never card data (CM-03)',
        ['order.billing'],
        'order_accounting',
      ),
      payment_received_at: SYSTEM('When staff recorded receipt of the payment'),
      buyer_name_enc: sealed(
        'user.name',
        'Buyer name (HK-04)',
        ['order.fulfilment', 'order.billing', 'customer.support', 'order.status_updates'],
        'order_accounting',
      ),
      buyer_phone_enc: sealed(
        'user.contact.phone_number',
        'Buyer phone (HK-04, HK-08)',
        ['order.fulfilment', 'customer.support', 'order.status_updates'],
        'order_delivery',
      ),
      buyer_email_enc: sealed(
        'user.contact.email',
        'Buyer e-mail (HK-03, HK-04)',
        ['order.status_updates', 'customer.support'],
        'order_delivery',
      ),
      recipient_name_enc: sealed(
        'user.name',
        'Name of who receives the parcel (KN-07)',
        ['order.fulfilment'],
        'order_delivery',
      ),
      recipient_phone_enc: sealed(
        'user.contact.phone_number',
        'Phone of who receives the parcel (KN-07)',
        ['order.fulfilment', 'customer.support'],
        'order_delivery',
      ),
      recipient_address_enc: sealed(
        'user.contact.address',
        'Delivery address (CM-02, KN-02)',
        ['order.fulfilment', 'order.billing'],
        'order_delivery',
      ),
      delivery_instructions_enc: sealed(
        'user.content.self_description',
        'Delivery instructions (CM-02)',
        ['order.fulfilment'],
        'order_delivery',
      ),
      tax_identity_enc: sealed(
        'user.government_id.national_identification_number',
        'For the official invoice: national code, or an organisation’s name, national ID and economic code (KN-04)',
        ['order.billing', 'legal.obligation'],
        'order_accounting',
      ),
      delivery_date: SYSTEM('Requested delivery or pick-up day (KT-04)'),
      delivery_window: SYSTEM('Requested time window (KT-04)'),
      subtotal_minor: SYSTEM('Sum of lines'),
      delivery_fee_minor: SYSTEM('Delivery fee charged (the fee of the chosen delivery area)'),
      // One of the shop's own delivery zones ("Outside Dhaka"), never the address: as coarse as the fee, which already
      // tells the zone apart, so it is declared like the fee rather than as personal location data.
      delivery_area_id: SYSTEM("Which of the shop's delivery areas the order goes to"),
      delivery_area_name: SYSTEM("That delivery area's names at order time (the shop's own words)"),
      total_minor: SYSTEM('Total'),
      currency: SYSTEM('ISO 4217 currency'),
      phone_bidx: {
        category: 'user.contact.phone_number',
        description: 'Blind index of the buyer phone, for the order-status look-up',
        purposes: ['order.status_updates', 'customer.support'],
        retention: 'order_delivery',
        blindIndex: true,
      },
      email_bidx: {
        category: 'user.contact.email',
        description: 'Blind index of the buyer e-mail, for the order-status look-up',
        purposes: ['order.status_updates', 'customer.support'],
        retention: 'order_delivery',
        blindIndex: true,
      },
      idempotency_key: SYSTEM('Random key of the checkout form, so a double submit makes one order'),
      created_at: SYSTEM('Creation time'),
      updated_at: SYSTEM('Last change'),
    },
  },
  {
    table: 'order_lines',
    description: 'What was ordered (KT-03: quantity in thousandths of the unit)',
    columns: {
      id: SYSTEM('Random id'),
      order_id: SYSTEM('Order'),
      product_id: SYSTEM('Product'),
      sku: SYSTEM('SKU at order time'),
      name: SYSTEM('Product name at order time'),
      unit: SYSTEM('Unit of sale'),
      quantity_milli: SYSTEM('Quantity in thousandths of the unit'),
      unit_price_minor: SYSTEM('Price per unit'),
      line_total_minor: SYSTEM('Line total'),
      variant_id: SYSTEM('Variant bought (product with options)'),
      variant_label: SYSTEM('Variant options and values at order time'),
    },
  },
  {
    table: 'order_events',
    description: 'The order’s history, shown to staff and to the customer',
    columns: {
      id: SYSTEM('Random id'),
      order_id: SYSTEM('Order'),
      status: SYSTEM('Status entered'),
      actor: SYSTEM('customer, staff:<id> or system'),
      note: SYSTEM('Staff note (no personal data by rule)'),
      created_at: SYSTEM('Time'),
    },
  },
];

// biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
export async function createOrderTables(db: Kysely<any>): Promise<void> {
  let t = db.schema
    .createTable('orders')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('code', 'varchar(20)', (c) => c.notNull().unique())
    .addColumn('customer_id', 'varchar(36)', (c) => c.notNull().references('customers.id'))
    .addColumn('subject_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('recipient_subject_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('different_recipient', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'varchar(32)', (c) => c.notNull())
    .addColumn('channel', 'varchar(16)', (c) => c.notNull())
    .addColumn('locale', 'varchar(8)', (c) => c.notNull())
    .addColumn('payment_method', 'varchar(32)', (c) => c.notNull());
  for (const col of [
    'payment_reference_enc',
    'payment_received_at',
    'buyer_name_enc',
    'buyer_phone_enc',
    'buyer_email_enc',
    'recipient_name_enc',
    'recipient_phone_enc',
    'recipient_address_enc',
    'delivery_instructions_enc',
    'delivery_date',
    'delivery_window',
  ]) {
    t = t.addColumn(col, 'text');
  }
  await t
    .addColumn('subtotal_minor', 'bigint', (c) => c.notNull())
    .addColumn('delivery_fee_minor', 'bigint', (c) => c.notNull())
    .addColumn('total_minor', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'varchar(3)', (c) => c.notNull())
    .addColumn('phone_bidx', 'varchar(40)')
    .addColumn('email_bidx', 'varchar(40)')
    .addColumn('idempotency_key', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('orders_created_idx').on('orders').column('created_at').execute();
  await db.schema.createIndex('orders_customer_idx').on('orders').column('customer_id').execute();
  await db.schema
    .createTable('order_lines')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('order_id', 'varchar(36)', (c) => c.notNull().references('orders.id').onDelete('cascade'))
    .addColumn('product_id', 'varchar(36)', (c) => c.notNull().references('products.id'))
    .addColumn('sku', 'varchar(64)', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit', 'varchar(16)', (c) => c.notNull())
    .addColumn('quantity_milli', 'bigint', (c) => c.notNull())
    .addColumn('unit_price_minor', 'bigint', (c) => c.notNull())
    .addColumn('line_total_minor', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('order_lines_order_idx').on('order_lines').column('order_id').execute();
  await db.schema
    .createTable('order_events')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('order_id', 'varchar(36)', (c) => c.notNull().references('orders.id').onDelete('cascade'))
    .addColumn('status', 'varchar(32)', (c) => c.notNull())
    .addColumn('actor', 'varchar(80)', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('order_events_order_idx').on('order_events').column('order_id').execute();
}

/** KN-04: the buyer's tax identity for an official invoice, sealed like the other personal fields. */
// biome-ignore lint/suspicious/noExplicitAny: migrations run on the untyped database
export async function addOrderTaxIdentity(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('orders').addColumn('tax_identity_enc', 'text').execute();
}

/** Staff find orders by the exact phone or e-mail they were placed with, through the blind indexes. */
// biome-ignore lint/suspicious/noExplicitAny: migrations run on the untyped database
export async function createOrderSearchIndexes(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('orders_phone_bidx').on('orders').column('phone_bidx').execute();
  await db.schema.createIndex('orders_email_bidx').on('orders').column('email_bidx').execute();
  await db.schema.createIndex('orders_status_created_idx').on('orders').columns(['status', 'created_at']).execute();
}

/** The delivery area an order goes to and, by its name at the time, what the fee charged was for. */
// biome-ignore lint/suspicious/noExplicitAny: migrations run on the untyped database
export async function addOrderDeliveryArea(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('orders').addColumn('delivery_area_id', 'varchar(40)').execute();
  await db.schema.alterTable('orders').addColumn('delivery_area_name', 'text').execute();
}
