import type { ComponentChildren } from 'preact';
import { formatDateTime, formatNumber, formatUnit, unitName } from '../../i18n/format.ts';
import { milliToDecimal } from '../../i18n/numbers.ts';
import type { MessageKey, Values } from '../../i18n/translate.ts';
import { PURPOSES, type Purpose } from '../../privacy/datamap.ts';
import type { PageContext } from '../../server/context.ts';
import { CsrfField, ErrorSummary, Field, Ltr, Money, Pagination, Phone } from '../../views/components.tsx';
import { Layout } from '../../views/layout.tsx';
import type { CheckoutValues } from '../cart/checkout-form.ts';
import { CheckoutFields } from '../cart/views.tsx';
import type { OrderEntryItem } from '../catalog/service.ts';
import { ownDeliveryMessage, statusMessage } from '../fulfilment/own-delivery-wording.ts';
import type { FulfilmentSummary } from '../fulfilment/service.ts';
import { FulfilmentActions } from '../fulfilment/views.tsx';
import {
  DETAIL_REQUESTS,
  ORDER_STATUSES,
  type OrderStatus,
  STAFF_MOVES,
  STAFF_TRANSITIONS,
  type StaffMove,
} from '../orders/lifecycle.ts';
import type { OrderSummary, OrderView, TaxIdentity } from '../orders/service.ts';
import { DeliveryTime, OrderHistory, OrderLines } from '../orders/views.tsx';
import { adminActionText } from '../team/audit-text.ts';
import type { FilterValues } from './order-filter.ts';
import { can, transitionPermission } from './permissions.ts';

export function LoginPage({ ctx, username, error }: { ctx: PageContext; username?: string; error?: MessageKey }) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('staff.signIn')} noindex>
      <h1>{t('staff.signIn')}</h1>
      {error ? (
        <p class="error" role="alert">
          {t(error)}
        </p>
      ) : null}
      <form method="post" action={`/${locale}/staff/login`} class="narrow">
        <CsrfField ctx={ctx} />
        <Field
          ctx={ctx}
          name="username"
          label="staff.username"
          value={username}
          required
          dir="ltr"
          autocomplete="username"
        />
        <Field
          ctx={ctx}
          name="password"
          label="staff.password"
          type="password"
          required
          dir="ltr"
          autocomplete="current-password"
        />
        <button>{t('staff.signIn')}</button>
      </form>
    </Layout>
  );
}

export function OrderListPage({
  ctx,
  list,
  values,
  errors,
  bulk,
}: {
  ctx: PageContext;
  list: { items: OrderSummary[]; page: number; pages: number; total: number };
  values: FilterValues;
  errors: Partial<Record<keyof FilterValues, MessageKey>>;
  /** The outcome of a bulk status change: how many moved, and the codes of those the lifecycle refused. */
  bulk?: { moved: number; refused: string[]; to: OrderStatus };
}) {
  const { t, locale, preset } = ctx;
  const role = ctx.staff?.role ?? '';
  const kept = new URLSearchParams(Object.entries(values).filter(([, v]) => v) as [string, string][]);
  const moves = STAFF_MOVES.filter((s) => can(role, transitionPermission(s)));
  return (
    <Layout ctx={ctx} title={t('staff.orders')} noindex>
      <h1>{t('staff.orders')}</h1>
      {bulk ? (
        <p class={bulk.refused.length ? 'notice' : 'notice success'} role="status">
          {t('staff.bulk.done', { moved: bulk.moved, status: t(statusMessage(bulk.to, ctx.preset.storefront)) })}
          {bulk.refused.length ? (
            <>
              {' '}
              {t('staff.bulk.refused', { count: bulk.refused.length })}{' '}
              {bulk.refused.map((code, i) => (
                <span key={code}>
                  {i > 0 ? ', ' : ''}
                  <Ltr>{code}</Ltr>
                </span>
              ))}
            </>
          ) : null}
        </p>
      ) : null}
      <ErrorSummary ctx={ctx} errors={errors as Record<string, MessageKey>} />
      <form method="get" action={`/${locale}/staff`} class="filters">
        <Field
          ctx={ctx}
          name="q"
          label="staff.filter.search"
          value={values.q}
          error={errors.q}
          dir="auto"
          hint={t('staff.filter.searchHint')}
        />
        <FilterSelect ctx={ctx} name="status" label="order.status" value={values.status}>
          {ORDER_STATUSES.map((s) => (
            <option key={s} value={s} selected={values.status === s}>
              {t(statusMessage(s, ctx.preset.storefront))}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect ctx={ctx} name="channel" label="staff.channel" value={values.channel}>
          {(['web', 'phone', 'email'] as const).map((c) => (
            <option key={c} value={c} selected={values.channel === c}>
              {t(`channel.${c}`)}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect ctx={ctx} name="payment" label="checkout.payment" value={values.payment}>
          {preset.paymentMethods.map((m) => (
            <option key={m} value={m} selected={values.payment === m}>
              {t(`payment.${m}`)}
            </option>
          ))}
        </FilterSelect>
        <Field ctx={ctx} name="from" label="staff.filter.from" value={values.from} error={errors.from} type="date" />
        <Field ctx={ctx} name="to" label="staff.filter.to" value={values.to} error={errors.to} type="date" />
        <button>{t('staff.filter.apply')}</button> <a href={`/${locale}/staff`}>{t('staff.filter.clear')}</a>
      </form>
      <p>{t('staff.orderCount', { count: list.total })}</p>
      <form method="post" action={`/${locale}/staff/orders/bulk-status`}>
        <CsrfField ctx={ctx} />
        <table class="orders">
          <thead>
            <tr>
              <th scope="col">
                <span class="visually-hidden">{t('staff.bulk.select')}</span>
              </th>
              <th scope="col">{t('status.code')}</th>
              <th scope="col">{t('order.placedAt')}</th>
              <th scope="col">{t('order.status')}</th>
              <th scope="col">{t('staff.channel')}</th>
              <th scope="col">{t('checkout.payment')}</th>
              <th scope="col">{t('staff.lines')}</th>
              <th scope="col">{t('order.total')}</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((o) => (
              <tr key={o.id}>
                <td>
                  <input
                    type="checkbox"
                    name="ids"
                    value={o.id}
                    id={`o-${o.id}`}
                    aria-label={t('staff.bulk.selectOrder', { code: o.code })}
                  />
                </td>
                <td>
                  <a href={`/${locale}/staff/orders/${o.id}`}>
                    <Ltr>{o.code}</Ltr>
                  </a>
                </td>
                <td>{formatDateTime(o.createdAt, locale, ctx.preset.timezone, 'short')}</td>
                <td>{t(statusMessage(o.status, ctx.preset.storefront))}</td>
                <td>{t(`channel.${o.channel}`)}</td>
                <td>{t(`payment.${o.paymentMethod}`)}</td>
                <td>{formatNumber(o.lineCount, locale)}</td>
                <td>
                  <Money ctx={ctx} minor={o.totalMinor} currency={o.currency} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {moves.length && list.items.length ? (
          <p class="bulk">
            <label for="f-bulk-to">{t('staff.bulk.moveTo')}</label>{' '}
            <select id="f-bulk-to" name="to">
              {moves.map((s) => (
                <option key={s} value={s}>
                  {t(statusMessage(s, ctx.preset.storefront))}
                </option>
              ))}
            </select>{' '}
            <button class="secondary">{t('staff.bulk.apply')}</button>
          </p>
        ) : null}
      </form>
      <Pagination
        ctx={ctx}
        page={list.page}
        pages={list.pages}
        href={(p) => `/${locale}/staff?${new URLSearchParams([...kept, ['page', String(p)]])}`}
      />
    </Layout>
  );
}

/** A select of the filter form whose first choice is "all". */
function FilterSelect(props: {
  ctx: PageContext;
  name: string;
  label: MessageKey;
  value?: string;
  children: ComponentChildren;
}) {
  const { t } = props.ctx;
  return (
    <div class="field">
      <label for={`f-${props.name}`}>{t(props.label)}</label>
      <select id={`f-${props.name}`} name={props.name}>
        <option value="">{t('staff.filter.all')}</option>
        {props.children}
      </select>
    </div>
  );
}

export interface RevealedContact {
  buyerName: string | null;
  recipientName: string | null;
  recipientAddress: string | null;
  instructions: string | null;
  /** Present only after staff asked to see it (HK-08). */
  phone?: string | null;
  email?: string | null;
  recipientPhone?: string | null;
  paymentReference?: string | null;
  taxIdentity?: TaxIdentity | null;
}

/** Who the official invoice is made out to (KN-04), as revealed for billing. */
export function TaxIdentityText({
  ctx,
  identity,
  erased,
}: {
  ctx: PageContext;
  identity: TaxIdentity | null;
  erased: string;
}) {
  const { t } = ctx;
  if (!identity) return <>{erased}</>;
  if (identity.kind === 'person') {
    return (
      <>
        {t('checkout.buyerType.person')} — {t('checkout.nationalCode')}: <Ltr>{identity.nationalCode}</Ltr>
      </>
    );
  }
  return (
    <>
      {identity.name} — {t('checkout.nationalId')}: <Ltr>{identity.nationalId}</Ltr>; {t('checkout.economicCode')}:{' '}
      <Ltr>{identity.economicCode}</Ltr>
    </>
  );
}

export function StaffOrderPage(props: {
  ctx: PageContext;
  order: OrderView;
  contact: RevealedContact;
  /** The courier hand-off: what can be done and what was done (the slip, the consignment). */
  fulfilment: FulfilmentSummary;
  notice?: MessageKey;
  error?: MessageKey;
}) {
  const { ctx, order, contact } = props;
  const { t, locale } = ctx;
  const base = `/${locale}/staff/orders/${order.id}`;
  const erased = t('staff.erased');
  const role = ctx.staff?.role ?? '';
  const mayContact = can(role, 'orders.contact');
  return (
    <Layout ctx={ctx} title={`${t('order.title')} ${order.code}`} noindex>
      <h1>
        {t('order.title')} <Ltr>{order.code}</Ltr>
      </h1>
      {props.notice ? <p class="notice success">{t(props.notice)}</p> : null}
      {props.error ? (
        <p class="error" role="alert">
          {t(props.error)}
        </p>
      ) : null}
      <dl class="facts">
        <dt>{t('order.status')}</dt>
        <dd class={`status status-${order.status}`}>{t(statusMessage(order.status, ctx.preset.storefront))}</dd>
        <dt>{t('staff.channel')}</dt>
        <dd>{t(`channel.${order.channel}`)}</dd>
        <dt>{t('order.placedAt')}</dt>
        <dd>{formatDateTime(order.createdAt, locale, ctx.preset.timezone, 'medium')}</dd>
        <dt>{t('checkout.payment')}</dt>
        <dd>
          {t(`payment.${order.paymentMethod}`)}
          {order.paymentReceivedAt ? ` — ${t('order.paymentReceived')}` : ''}
        </dd>
        <dt>{t('order.deliveryTime')}</dt>
        <dd>
          <DeliveryTime ctx={ctx} order={order} />
        </dd>
        <dt>{t('checkout.name')}</dt>
        <dd>{contact.buyerName ?? erased}</dd>
        <dt>{order.differentRecipient ? t('checkout.recipientName') : t('staff.deliverTo')}</dt>
        <dd>{contact.recipientName ?? erased}</dd>
        <dt>{t('checkout.address')}</dt>
        <dd class="address">{contact.recipientAddress ?? erased}</dd>
        <dt>{t('checkout.instructions')}</dt>
        <dd>{contact.instructions ?? '—'}</dd>
        <dt>{t('checkout.phone')}</dt>
        <dd>
          {contact.phone !== undefined ? (
            contact.phone ? (
              <a href={`tel:${contact.phone}`} class="revealed-phone">
                <Phone ctx={ctx} e164={contact.phone} />
              </a>
            ) : (
              erased
            )
          ) : mayContact ? (
            <RevealButton ctx={ctx} action={`${base}/reveal`} field="phone" label="staff.revealPhone" />
          ) : (
            '—'
          )}
          {order.differentRecipient && contact.recipientPhone ? (
            <>
              {t('common.separator')}
              {t('checkout.recipientPhone')}: <Phone ctx={ctx} e164={contact.recipientPhone} />
            </>
          ) : null}
        </dd>
        <dt>{t('checkout.email')}</dt>
        <dd>
          {contact.email !== undefined ? (
            contact.email ? (
              <Ltr>{contact.email}</Ltr>
            ) : (
              '—'
            )
          ) : mayContact ? (
            <RevealButton ctx={ctx} action={`${base}/reveal`} field="email" label="staff.revealEmail" />
          ) : (
            '—'
          )}
        </dd>
        {order.hasPaymentReference ? (
          <>
            <dt>{t('checkout.paymentReference')}</dt>
            <dd>
              {contact.paymentReference !== undefined ? (
                <Ltr>{contact.paymentReference ?? erased}</Ltr>
              ) : (
                <RevealButton
                  ctx={ctx}
                  action={`${base}/reveal`}
                  field="payment_reference"
                  label="staff.revealReference"
                />
              )}
            </dd>
          </>
        ) : null}
        {order.hasTaxIdentity ? (
          <>
            <dt>{t('checkout.invoice')}</dt>
            <dd>
              {contact.taxIdentity !== undefined ? (
                <TaxIdentityText ctx={ctx} identity={contact.taxIdentity} erased={erased} />
              ) : (
                <RevealButton ctx={ctx} action={`${base}/reveal`} field="tax_identity" label="staff.revealInvoice" />
              )}
            </dd>
          </>
        ) : null}
      </dl>
      <p class="hint">{t('staff.revealAudited')}</p>
      <section class="actions">
        <h2>{t('staff.actions')}</h2>
        {order.status === 'awaiting_payment' && can(role, 'orders.payment') ? (
          <form method="post" action={`${base}/payment`} class="inline">
            <CsrfField ctx={ctx} />
            <button>{t('staff.markPaid')}</button>
          </form>
        ) : null}
        {STAFF_TRANSITIONS[order.status]
          // With a courier to book, the hand-off form below moves the order on; a bare "shipped" would book nothing.
          // Without a courier company nothing is shipped, and with couriers of its own the assignment sends it out.
          .filter((to) => !(to === 'shipped' && props.fulfilment.courier.kind !== 'not_configured'))
          .filter((to) => !(to === 'out_for_delivery' && (props.fulfilment.ownDelivery?.couriers.length ?? 0) > 0))
          .filter((to): to is StaffMove => to !== 'awaiting_details' && can(role, transitionPermission(to)))
          .map((to) => (
            <form key={to} method="post" action={`${base}/status`} class="inline">
              <CsrfField ctx={ctx} />
              <input type="hidden" name="to" value={to} />
              <button class={to === 'cancelled' ? 'danger' : undefined}>
                {t(ownDeliveryMessage(`staff.moveTo.${to}`, ctx.preset.storefront))}
              </button>
            </form>
          ))}
        {STAFF_TRANSITIONS[order.status].includes('awaiting_details') && mayContact ? (
          <form method="post" action={`${base}/ask`} class="ask-details">
            <CsrfField ctx={ctx} />
            <label for="f-reason">{t('staff.askDetailsReason')}</label>{' '}
            <select id="f-reason" name="reason">
              {DETAIL_REQUESTS.filter((r) => r !== 'tax_identity' || ctx.preset.taxIdentity).map((r) => (
                <option key={r} value={r}>
                  {t(`staff.detailRequest.${r}`)}
                </option>
              ))}
            </select>{' '}
            <button class="secondary">{t('staff.askDetails')}</button>
          </form>
        ) : null}
      </section>
      <FulfilmentActions ctx={ctx} order={order} fulfilment={props.fulfilment} />
      <OrderLines ctx={ctx} order={order} />
      <h2>{t('order.history')}</h2>
      <OrderHistory ctx={ctx} order={order} />
    </Layout>
  );
}

function RevealButton({
  ctx,
  action,
  field,
  label,
}: {
  ctx: PageContext;
  action: string;
  field: string;
  label: MessageKey;
}) {
  return (
    <form method="post" action={action} class="inline">
      <CsrfField ctx={ctx} />
      <input type="hidden" name="field" value={field} />
      <button class="secondary">{ctx.t(label)}</button>
    </form>
  );
}

export const ENTRY_ROWS = 6;

export function NewOrderPage(props: {
  ctx: PageContext;
  items: OrderEntryItem[];
  values: Partial<CheckoutValues> & Record<string, string>;
  errors: Record<string, MessageKey>;
  idempotencyKey: string;
}) {
  const { ctx, items, values, errors } = props;
  const { t, locale } = ctx;
  // A quantity error names the product's step ("in steps of 0.1 metre").
  const stepValues: Record<string, Values> = {};
  for (let i = 0; i < ENTRY_ROWS; i++) {
    const product = items.find((item) => item.key === values[`product_${i}`])?.product;
    if (product) stepValues[`qty_${i}`] = { step: formatUnit(milliToDecimal(product.stepMilli), product.unit, locale) };
  }
  return (
    <Layout ctx={ctx} title={t('staff.newOrder')} noindex>
      <h1>{t('staff.newOrder')}</h1>
      <p>{t('staff.newOrderIntro')}</p>
      <ErrorSummary ctx={ctx} errors={errors} values={stepValues} />
      <form method="post" action={`/${locale}/staff/orders/new`} novalidate>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="idempotency_key" value={props.idempotencyKey} />
        <fieldset>
          <legend>{t('staff.channel')}</legend>
          {(['phone', 'email'] as const).map((c) => (
            <div class="field radio" key={c}>
              <input type="radio" id={`ch-${c}`} name="channel" value={c} checked={(values.channel || 'phone') === c} />
              <label for={`ch-${c}`}>{t(`channel.${c}`)}</label>
            </div>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('staff.lines')}</legend>
          {errors.lines ? (
            <p class="error" id="f-lines">
              {t(errors.lines)}
            </p>
          ) : null}
          <table class="entry">
            <thead>
              <tr>
                <th scope="col">{t('cart.product')}</th>
                <th scope="col">{t('cart.quantityHeader')}</th>
              </tr>
            </thead>
            <tbody>
              {Array.from({ length: ENTRY_ROWS }, (_, i) => (
                <tr key={i} class={errors[`qty_${i}`] ? 'field-error' : undefined}>
                  <td>
                    <label class="visually-hidden" for={`f-product_${i}`}>
                      {t('cart.product')} {formatNumber(i + 1, locale)}
                    </label>
                    <select id={`f-product_${i}`} name={`product_${i}`}>
                      <option value="">—</option>
                      {items.map(({ key, product: p, variant: v }) => (
                        <option key={key} value={key} selected={values[`product_${i}`] === key}>
                          {v ? `${v.sku} — ${p.name}, ${v.label}` : `${p.sku} — ${p.name}`} (
                          {unitName(1, p.unit, locale)})
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <label class="visually-hidden" for={`f-qty_${i}`}>
                      {t('cart.quantityHeader')} {formatNumber(i + 1, locale)}
                    </label>
                    <input
                      id={`f-qty_${i}`}
                      name={`qty_${i}`}
                      inputMode="decimal"
                      dir="ltr"
                      size={8}
                      value={values[`qty_${i}`] ?? ''}
                      aria-invalid={errors[`qty_${i}`] ? 'true' : undefined}
                    />
                    {errors[`qty_${i}`] ? <p class="error">{t(errors[`qty_${i}`], stepValues[`qty_${i}`])}</p> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </fieldset>
        <CheckoutFields ctx={ctx} values={values} errors={errors} forStaff />
        <button>{t('staff.createOrder')}</button>
      </form>
    </Layout>
  );
}

export interface AuditRow {
  seq: number;
  at: string;
  who: string;
  action: string;
  purpose: string | null;
  field: string | null;
  /** The data category of the field, from the data map. */
  category: string | null;
  detail: string | null;
}

/** The owner's view of the audit log: who saw which fields of whose data, and why (HK-08). No values, ever. */
export function AuditPage({
  ctx,
  rows,
  brokenAt,
  page,
  pages,
}: {
  ctx: PageContext;
  rows: AuditRow[];
  brokenAt: number | null;
  page: number;
  pages: number;
}) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('staff.audit')} noindex>
      <h1>{t('staff.audit')}</h1>
      <p>{t('staff.auditIntro')}</p>
      {brokenAt === null ? (
        <p class="notice success">{t('staff.auditIntact')}</p>
      ) : (
        <p class="error" role="alert">
          {t('staff.auditBroken', { seq: brokenAt })}
        </p>
      )}
      <table class="audit">
        <thead>
          <tr>
            <th scope="col">{t('staff.auditWhen')}</th>
            <th scope="col">{t('staff.auditWho')}</th>
            <th scope="col">{t('staff.auditWhat')}</th>
            <th scope="col">{t('staff.auditWhy')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.seq}>
              <td>{formatDateTime(r.at, locale, ctx.preset.timezone, 'short')}</td>
              <td>{r.who}</td>
              <td>
                <AuditWhat ctx={ctx} row={r} />
              </td>
              <td>{r.purpose && isPurpose(r.purpose) ? t(`purpose.${r.purpose}`) : (r.purpose ?? '')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pagination ctx={ctx} page={page} pages={pages} href={(p) => `/${locale}/staff/audit?page=${p}`} />
    </Layout>
  );
}

/** Staff-facing names of the data categories a reveal can open. */
const AUDIT_FIELDS: Record<string, MessageKey> = {
  'user.name': 'audit.field.name',
  'user.contact.email': 'audit.field.email',
  'user.contact.phone_number': 'audit.field.phone',
  'user.contact.address': 'audit.field.address',
  'user.financial': 'audit.field.paymentReference',
  'user.content.self_description': 'audit.field.instructions',
  'user.account.username': 'audit.field.username',
  'user.government_id.national_identification_number': 'audit.field.taxIdentity',
  'user.contact': 'audit.field.message',
};

/** One audit entry in words: what was seen or done, and for which order. Never a value. */
function AuditWhat({ ctx, row }: { ctx: PageContext; row: AuditRow }) {
  const { t } = ctx;
  const order = row.detail && /^[0-9A-Z]{5}-[0-9A-Z]{5}$/.test(row.detail) ? row.detail : null;
  let what: string;
  if (row.action === 'reveal') {
    what = t('audit.reveal', { field: t((row.category && AUDIT_FIELDS[row.category]) || 'audit.field.other') });
  } else if (row.action === 'assisted_recovery') {
    const method = row.detail?.replace(/^method:/, '');
    what = t('audit.assistedRecovery', {
      method: isRecoveryMethod(method) ? t(`staff.recoveryMethod.${method}`) : (method ?? ''),
    });
  } else if (row.action.startsWith('disclosure_refused')) {
    what = t('audit.disclosureRefused');
  } else {
    // A role in the shop's words: a services shop's courier is its technician.
    const worded: typeof t = (key, values) => t(ownDeliveryMessage(key, ctx.preset.storefront), values);
    what = adminActionText(worded, row.action, row.detail) ?? row.action;
  }
  return (
    <>
      {what}
      {order ? (
        <>
          {t('common.separator')}
          <Ltr>{order}</Ltr>
        </>
      ) : null}
    </>
  );
}

function isRecoveryMethod(value: string | undefined): value is RecoveryMethod {
  return (RECOVERY_METHODS as readonly (string | undefined)[]).includes(value);
}

function isPurpose(value: string): value is Purpose {
  return (PURPOSES as readonly string[]).includes(value);
}

export const RECOVERY_METHODS = ['callback', 'order', 'in_person'] as const;
export type RecoveryMethod = (typeof RECOVERY_METHODS)[number];

/** HK-17: staff-assisted recovery for a customer who forgot both username and e-mail. */
export function RecoveryPage(props: {
  ctx: PageContext;
  contact?: string;
  accountId?: string | null;
  notice?: MessageKey;
  error?: MessageKey;
}) {
  const { ctx, accountId } = props;
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('staff.recovery')} noindex>
      <h1>{t('staff.recovery')}</h1>
      <p>{t('staff.recoveryIntro')}</p>
      {props.notice ? <p class="notice success">{t(props.notice)}</p> : null}
      {props.error ? (
        <p class="error" role="alert">
          {t(props.error)}
        </p>
      ) : null}
      <form method="post" action={`/${locale}/staff/recovery`} class="narrow" novalidate>
        <CsrfField ctx={ctx} />
        <Field ctx={ctx} name="contact" label="staff.recoveryContact" value={props.contact} required dir="ltr" />
        <button>{t('staff.recoveryFind')}</button>
      </form>
      {accountId ? (
        <section>
          <p class="notice">{t('staff.recoveryFound')}</p>
          <form method="post" action={`/${locale}/staff/recovery/send`} class="narrow">
            <CsrfField ctx={ctx} />
            <input type="hidden" name="account" value={accountId} />
            <fieldset>
              <legend>{t('staff.recoveryMethod')}</legend>
              {RECOVERY_METHODS.map((m, i) => (
                <div class="field radio" key={m}>
                  <input type="radio" id={`m-${m}`} name="method" value={m} checked={i === 0} />
                  <label for={`m-${m}`}>{t(`staff.recoveryMethod.${m}`)}</label>
                </div>
              ))}
            </fieldset>
            <button>{t('staff.recoverySend')}</button>
          </form>
        </section>
      ) : null}
    </Layout>
  );
}
