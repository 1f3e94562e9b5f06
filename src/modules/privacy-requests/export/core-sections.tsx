import { formatDateTime, formatMoney, formatUnit } from '../../../i18n/format.ts';
import { milliToDecimal } from '../../../i18n/numbers.ts';
import type { MessageKey } from '../../../i18n/translate.ts';
import { transportRecipientName } from '../../../notify/recipients.ts';
import type { CurrencyCode, UnitCode } from '../../../presets/types.ts';
import { statusMessage } from '../../fulfilment/own-delivery-wording.ts';
import { concealedFromSubject } from '../../legal/service.ts';
import type { OrderStatus } from '../../orders/lifecycle.ts';
import { openOwn } from './open-own.ts';
import { type ExportContext, type ExportSection, section } from './sections.ts';

/**
 * Formatted values of one export, by what they format: 1,000 orders repeat the same prices, quantities, labels and
 * minutes over and over, and formatting is most of the cost of the readable page.
 */
const formatted = new WeakMap<ExportContext, Map<string, string>>();
function memo(ctx: ExportContext, key: string, format: () => string): string {
  let cache = formatted.get(ctx);
  if (!cache) {
    cache = new Map();
    formatted.set(ctx, cache);
  }
  let value = cache.get(key);
  if (value === undefined) {
    value = format();
    cache.set(key, value);
  }
  return value;
}

// Shown to the minute, so the minute is the key.
const when = (ctx: ExportContext, iso: string) =>
  memo(ctx, `d:${iso.slice(0, 16)}`, () => formatDateTime(iso, ctx.locale, ctx.preset.timezone, 'medium'));
const money = (ctx: ExportContext, minor: number, currency: string) =>
  memo(ctx, `m:${currency}:${minor}`, () => {
    const code = currency as CurrencyCode;
    return formatMoney(minor, code, ctx.locale, code === ctx.preset.currency ? ctx.preset.displayCurrency : code);
  });
const quantity = (ctx: ExportContext, milli: number, unit: string) =>
  memo(ctx, `q:${unit}:${milli}`, () => formatUnit(milliToDecimal(milli), unit as UnitCode, ctx.locale));
const label = (ctx: ExportContext, key: MessageKey) => memo(ctx, `t:${key}`, () => ctx.t(key));

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = out.get(k);
    if (list) list.push(row);
    else out.set(k, [row]);
  }
  return out;
}

/**
 * The customer records of the export's subjects, as a subquery: orders are found by their (indexed) customer, whose
 * data subject is the buyer's.
 */
function customersOf(ctx: ExportContext) {
  return ctx.db.selectFrom('customers').select('id').where('subject_id', 'in', ctx.subjectIds);
}

function Empty({ ctx }: { ctx: ExportContext }) {
  return <p class="empty">{ctx.t('dsr.export.none')}</p>;
}

/** A two-column table of labelled values; empty values are left out. */
function Facts({ ctx, rows }: { ctx: ExportContext; rows: [MessageKey, string | null | undefined][] }) {
  return (
    <dl>
      {rows
        .filter(([, v]) => v)
        .map(([key, value]) => (
          <>
            <dt>{label(ctx, key)}</dt>
            <dd dir="auto">{value}</dd>
          </>
        ))}
    </dl>
  );
}

interface ProfileRecord {
  customerId: string;
  subjectId: string;
  createdAt: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  address: string | null;
  account: {
    username: string | null;
    createdAt: string;
    emailConfirmed: boolean;
    phoneConfirmed: boolean;
    marketingEmail: boolean;
    marketingSms: boolean;
  } | null;
}

export const profileSection = section<ProfileRecord[]>({
  id: 'profile',
  title: 'dsr.export.profile',
  async load(ctx) {
    const rows = await ctx.db
      .selectFrom('customers as c')
      .leftJoin('accounts as a', 'a.customer_id', 'c.id')
      .select([
        'c.id',
        'c.subject_id',
        'c.created_at',
        'c.name_enc',
        'c.email_enc',
        'c.phone_enc',
        'c.address_enc',
        'a.id as account_id',
        'a.username_enc',
        'a.created_at as account_created_at',
        'a.email_confirmed_at',
        'a.phone_confirmed_at',
        'a.marketing_email',
        'a.marketing_sms',
      ])
      .where('c.subject_id', 'in', ctx.subjectIds)
      .orderBy('c.created_at')
      .execute();
    const out: ProfileRecord[] = [];
    for (const r of rows) {
      const o = await openOwn(ctx.kernel, r.subject_id, {
        'customers.name_enc': r.name_enc,
        'customers.email_enc': r.email_enc,
        'customers.phone_enc': r.phone_enc,
        'customers.address_enc': r.address_enc,
        ...(r.account_id ? { 'accounts.username_enc': r.username_enc } : {}),
      });
      out.push({
        customerId: r.id,
        subjectId: r.subject_id,
        createdAt: r.created_at,
        name: o['customers.name_enc'],
        email: o['customers.email_enc'],
        phone: o['customers.phone_enc'],
        address: o['customers.address_enc'],
        account: r.account_id
          ? {
              username: o['accounts.username_enc'] ?? null,
              createdAt: r.account_created_at!,
              emailConfirmed: r.email_confirmed_at !== null,
              phoneConfirmed: r.phone_confirmed_at !== null,
              marketingEmail: r.marketing_email === 1,
              marketingSms: r.marketing_sms === 1,
            }
          : null,
      });
    }
    return out;
  },
  render(records, ctx) {
    if (records.length === 0) return <Empty ctx={ctx} />;
    const yes = (b: boolean) => ctx.t(b ? 'dsr.export.yes' : 'dsr.export.no');
    return records.map((r) => (
      <div class="record" key={r.customerId}>
        <Facts
          ctx={ctx}
          rows={[
            ['dsr.export.since', when(ctx, r.createdAt)],
            ['checkout.name', r.name],
            ['checkout.email', r.email],
            ['checkout.phone', r.phone],
            ['checkout.address', r.address],
            ['account.username', r.account?.username],
            ['dsr.export.marketingEmail', r.account ? yes(r.account.marketingEmail) : null],
            ['dsr.export.marketingSms', r.account ? yes(r.account.marketingSms) : null],
          ]}
        />
      </div>
    ));
  },
});

interface SavedAddress {
  address: string | null;
  createdAt: string;
}

export const addressesSection = section<SavedAddress[]>({
  id: 'addresses',
  title: 'dsr.export.addresses',
  async load(ctx) {
    const rows = await ctx.db
      .selectFrom('addresses as ad')
      .innerJoin('accounts as a', 'a.id', 'ad.account_id')
      .innerJoin('customers as c', 'c.id', 'a.customer_id')
      .select(['c.subject_id', 'ad.address_enc', 'ad.created_at'])
      .where('c.subject_id', 'in', ctx.subjectIds)
      .orderBy('ad.created_at')
      .execute();
    const out: SavedAddress[] = [];
    for (const r of rows) {
      const o = await openOwn(ctx.kernel, r.subject_id, { 'addresses.address_enc': r.address_enc });
      out.push({ address: o['addresses.address_enc'], createdAt: r.created_at });
    }
    return out;
  },
  render(list, ctx) {
    if (list.length === 0) return <Empty ctx={ctx} />;
    return (
      <ul>
        {list.map((a) => (
          <li key={a.createdAt} dir="auto">
            {a.address}
          </li>
        ))}
      </ul>
    );
  },
});

interface ExportedOrder {
  code: string;
  status: string;
  channel: string;
  createdAt: string;
  paymentMethod: string;
  currency: string;
  subtotalMinor: number;
  deliveryFeeMinor: number;
  totalMinor: number;
  buyer: { name: string | null; phone: string | null; email: string | null };
  recipient: { name: string | null; phone: string | null; address: string | null };
  deliveryInstructions: string | null;
  paymentReference: string | null;
  taxIdentity: string | null;
  deliveryDate: string | null;
  deliveryWindow: string | null;
  lines: {
    sku: string;
    name: string;
    /** The variant bought ("Size: M / Colour: Red"), for a product with options. */
    variantLabel?: string;
    unit: string;
    quantityMilli: number;
    unitPriceMinor: number;
    lineTotalMinor: number;
  }[];
  history: { status: string; at: string; by: string }[];
}

/** Who moved an order, as the customer may know it: themselves, the shop's staff, or the system (a courier's report). */
function moverOf(actor: string): string {
  if (actor.startsWith('staff:')) return 'staff';
  if (actor.startsWith('system')) return 'system';
  return 'customer';
}

export const ordersSection = section<ExportedOrder[]>({
  id: 'orders',
  title: 'dsr.export.orders',
  async load(ctx) {
    const orders = await ctx.db
      .selectFrom('orders')
      .selectAll()
      .where('customer_id', 'in', customersOf(ctx))
      .orderBy('created_at')
      .execute();
    const mine = (qb: typeof ctx.db) =>
      qb.selectFrom('orders').select('id').where('customer_id', 'in', customersOf(ctx));
    const lines = await ctx.db
      .selectFrom('order_lines')
      .selectAll()
      .where('order_id', 'in', mine(ctx.db))
      .orderBy('id')
      .execute();
    const events = await ctx.db
      .selectFrom('order_events')
      .selectAll()
      .where('order_id', 'in', mine(ctx.db))
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const linesOf = groupBy(lines, (l) => l.order_id);
    const eventsOf = groupBy(events, (e) => e.order_id);
    const out: ExportedOrder[] = [];
    for (const o of orders) {
      const buyerFields = {
        'orders.buyer_name_enc': o.buyer_name_enc,
        'orders.buyer_phone_enc': o.buyer_phone_enc,
        'orders.buyer_email_enc': o.buyer_email_enc,
        'orders.delivery_instructions_enc': o.delivery_instructions_enc,
        'orders.payment_reference_enc': o.payment_reference_enc,
        'orders.tax_identity_enc': o.tax_identity_enc,
      };
      const recipientFields = {
        'orders.recipient_name_enc': o.recipient_name_enc,
        'orders.recipient_phone_enc': o.recipient_phone_enc,
        'orders.recipient_address_enc': o.recipient_address_enc,
      };
      // Most orders go to the buyer: then one subject's key opens all of it, in as few reveals as possible.
      const sameSubject = o.recipient_subject_id === o.subject_id;
      const own: Record<string, string | null> = await openOwn(
        ctx.kernel,
        o.subject_id,
        sameSubject ? { ...buyerFields, ...recipientFields } : buyerFields,
      );
      const to: Record<string, string | null> = sameSubject
        ? own
        : await openOwn(ctx.kernel, o.recipient_subject_id, recipientFields);
      out.push({
        code: o.code,
        status: o.status,
        channel: o.channel,
        createdAt: o.created_at,
        paymentMethod: o.payment_method,
        currency: o.currency,
        subtotalMinor: Number(o.subtotal_minor),
        deliveryFeeMinor: Number(o.delivery_fee_minor),
        totalMinor: Number(o.total_minor),
        buyer: {
          name: own['orders.buyer_name_enc'],
          phone: own['orders.buyer_phone_enc'],
          email: own['orders.buyer_email_enc'],
        },
        recipient: {
          name: to['orders.recipient_name_enc'],
          phone: to['orders.recipient_phone_enc'],
          address: to['orders.recipient_address_enc'],
        },
        deliveryInstructions: own['orders.delivery_instructions_enc'],
        paymentReference: own['orders.payment_reference_enc'],
        taxIdentity: own['orders.tax_identity_enc'],
        deliveryDate: o.delivery_date,
        deliveryWindow: o.delivery_window,
        lines: (linesOf.get(o.id) ?? []).map((l) => ({
          sku: l.sku,
          name: l.name,
          ...(l.variant_label ? { variantLabel: l.variant_label } : {}),
          unit: l.unit,
          quantityMilli: Number(l.quantity_milli),
          unitPriceMinor: Number(l.unit_price_minor),
          lineTotalMinor: Number(l.line_total_minor),
        })),
        history: (eventsOf.get(o.id) ?? []).map((e) => ({ status: e.status, at: e.created_at, by: moverOf(e.actor) })),
      });
    }
    return out;
  },
  render(orders, ctx) {
    if (orders.length === 0) return <Empty ctx={ctx} />;
    // A thousand orders are tens of thousands of elements: written as text (escaped) rather than as a Preact tree,
    // which is several times faster and keeps a big export within its time.
    return <div class="orders" dangerouslySetInnerHTML={{ __html: orders.map((o) => orderHtml(o, ctx)).join('') }} />;
  },
});

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

function orderHtml(o: ExportedOrder, ctx: ExportContext): string {
  const facts: [MessageKey, string | null][] = [
    ['dsr.export.placedAt', when(ctx, o.createdAt)],
    ['dsr.export.status', label(ctx, statusMessage(o.status as OrderStatus, ctx.preset.storefront))],
    ['dsr.export.total', money(ctx, o.totalMinor, o.currency)],
    ['checkout.name', o.buyer.name],
    ['checkout.phone', o.buyer.phone],
    ['checkout.email', o.buyer.email],
    ['dsr.export.recipient', o.recipient.name],
    ['checkout.address', o.recipient.address],
    ['dsr.export.instructions', o.deliveryInstructions],
  ];
  const dl = facts
    .filter(([, v]) => v)
    .map(([key, v]) => `<dt>${escapeHtml(label(ctx, key))}</dt><dd dir="auto">${escapeHtml(v!)}</dd>`)
    .join('');
  const head = ['cart.product', 'cart.quantityHeader', 'cart.lineTotal']
    .map((k) => `<th scope="col">${escapeHtml(label(ctx, k as MessageKey))}</th>`)
    .join('');
  const lines = o.lines
    .map(
      (l) =>
        `<tr><td dir="auto">${escapeHtml(l.variantLabel ? `${l.name} (${l.variantLabel})` : l.name)}</td><td>${escapeHtml(quantity(ctx, l.quantityMilli, l.unit))}</td><td>${escapeHtml(money(ctx, l.lineTotalMinor, o.currency))}</td></tr>`,
    )
    .join('');
  const history = o.history
    .map(
      (h) =>
        `<li>${escapeHtml(when(ctx, h.at))} — ${escapeHtml(label(ctx, statusMessage(h.status as OrderStatus, ctx.preset.storefront)))}</li>`,
    )
    .join('');
  return `<article class="order"><h3>${escapeHtml(label(ctx, 'dsr.export.order'))} <bdi dir="ltr" class="order-code">${escapeHtml(o.code)}</bdi></h3><dl>${dl}</dl><table><thead><tr>${head}</tr></thead><tbody>${lines}</tbody></table><ol class="history">${history}</ol></article>`;
}

interface PaymentRecord {
  orderCode: string;
  gateway: string;
  status: string;
  amountMinor: number;
  currency: string;
  at: string;
}

/** Online payments: status, amount and gateway only — nothing else is kept (CM-03). */
export const paymentsSection = section<PaymentRecord[]>({
  id: 'payments',
  title: 'dsr.export.payments',
  async load(ctx) {
    const rows = await ctx.db
      .selectFrom('payment_attempts as p')
      .innerJoin('orders as o', 'o.id', 'p.order_id')
      .select(['o.code', 'p.gateway', 'p.status', 'p.amount_minor', 'p.currency', 'p.created_at'])
      .where('o.customer_id', 'in', customersOf(ctx))
      .orderBy('p.created_at')
      .execute();
    return rows.map((r) => ({
      orderCode: r.code,
      gateway: r.gateway,
      status: r.status,
      amountMinor: Number(r.amount_minor),
      currency: r.currency,
      at: r.created_at,
    }));
  },
  render(list, ctx) {
    if (list.length === 0) return <Empty ctx={ctx} />;
    return (
      <table>
        <tbody>
          {list.map((p) => (
            <tr key={p.at}>
              <td>{when(ctx, p.at)}</td>
              <td>
                <bdi dir="ltr">{p.orderCode}</bdi>
              </td>
              <td>{p.gateway}</td>
              <td>{p.status}</td>
              <td>{money(ctx, p.amountMinor, p.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  },
});

export interface DisclosureRecord {
  at: string;
  recipientId: string;
  recipient: string;
  fields: string[];
  purpose: string;
  orderCode: string | null;
}

/**
 * Every disclosure of their data to a recipient: couriers, gateways, partners, authorities (CM-11) — except one made
 * under a legal order that forbids telling them (MS-07, KN-13).
 */
export const disclosuresSection = section<DisclosureRecord[]>({
  id: 'disclosures',
  title: 'dsr.export.disclosures',
  async load(ctx) {
    const [rows, concealed] = await Promise.all([loadDisclosures(ctx), concealedFromSubject(ctx.db, ctx.subjectIds)]);
    return rows
      .filter((r) => !concealed.disclosureIds.has(r.id))
      .map((r) => ({
        at: r.at,
        recipientId: r.recipient_id,
        recipient:
          (ctx.kernel.recipients.find((x) => x.id === r.recipient_id)?.name ??
            transportRecipientName(r.recipient_id))?.[ctx.locale] ?? r.recipient_id,
        fields: r.fields.split(',').filter(Boolean),
        purpose: r.purpose,
        orderCode: r.code,
      }));
  },
  render(list, ctx) {
    if (list.length === 0) return <Empty ctx={ctx} />;
    return (
      <table>
        <tbody>
          {list.map((d) => (
            <tr key={d.at}>
              <td>{when(ctx, d.at)}</td>
              <td dir="auto">{d.recipient}</td>
              <td>{d.orderCode ? <bdi dir="ltr">{d.orderCode}</bdi> : null}</td>
              <td>
                <bdi dir="ltr">{d.fields.join(', ')}</bdi>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  },
});

function loadDisclosures(ctx: ExportContext) {
  return ctx.db
    .selectFrom('disclosures as d')
    .leftJoin('orders as o', 'o.id', 'd.order_id')
    .select(['d.id', 'd.at', 'd.recipient_id', 'd.fields', 'd.purpose', 'o.code'])
    .where((eb) =>
      eb.or([
        eb('d.subject_id', 'in', ctx.subjectIds),
        eb('d.order_id', 'in', eb.selectFrom('orders').select('id').where('customer_id', 'in', customersOf(ctx))),
      ]),
    )
    .orderBy('d.at')
    .execute();
}

interface StaffAccess {
  at: string;
  /** The staff member's role ("support"): who, as far as the shop's roles tell. */
  role: string | null;
  action: string;
  purpose: string | null;
  fields: string[];
  detail: string | null;
}

/** Every time staff opened or changed their data, from the hash-chained audit log (HK-08). */
export const staffAccessSection = section<StaffAccess[]>({
  id: 'staffAccess',
  title: 'dsr.export.staffAccess',
  async load(ctx) {
    const [all, concealed] = await Promise.all([
      ctx.db
        .selectFrom('audit_log')
        .select(['at', 'actor', 'action', 'purpose', 'field', 'detail'])
        .where('subject_id', 'in', ctx.subjectIds)
        .where('actor', 'like', 'staff:%')
        .orderBy('seq')
        .execute(),
      concealedFromSubject(ctx.db, ctx.subjectIds),
    ]);
    // A hand-over under a legal order that forbids telling the customer is not theirs to see (MS-07, KN-13).
    const rows = all.filter((r) => !(r.action === 'legal_disclosure' && concealed.requestIds.has(r.detail ?? '')));
    const staffIds = [...new Set(rows.map((r) => r.actor.slice('staff:'.length)))];
    const roles =
      staffIds.length > 0
        ? await ctx.db.selectFrom('staff_users').select(['id', 'role']).where('id', 'in', staffIds).execute()
        : [];
    const roleOf = new Map(roles.map((r) => [r.id, r.role]));
    return rows.map((r) => ({
      at: r.at,
      role: roleOf.get(r.actor.slice('staff:'.length)) ?? null,
      action: r.action,
      purpose: r.purpose,
      fields: (r.field ?? '').split(',').filter(Boolean),
      detail: r.detail,
    }));
  },
  render(list, ctx) {
    if (list.length === 0) return <Empty ctx={ctx} />;
    return (
      <table>
        <tbody>
          {list.map((a) => (
            <tr key={a.at}>
              <td>{when(ctx, a.at)}</td>
              <td>{a.role}</td>
              <td>{a.action}</td>
              <td>{a.purpose}</td>
              <td>
                <bdi dir="ltr">{a.fields.join(', ')}</bdi>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  },
});

/** The sections every export has, in order. The consent module adds its own at merge. */
export const CORE_SECTIONS: ExportSection[] = [
  profileSection,
  addressesSection,
  ordersSection,
  paymentsSection,
  disclosuresSection,
  staffAccessSection,
];
