import { formatDateTime, formatIsoDay } from '../../i18n/format.ts';
import type { MessageKey } from '../../i18n/translate.ts';
import type { PageContext } from '../../server/context.ts';
import { CsrfField, ErrorSummary, Field, Ltr, Money, Quantity } from '../../views/components.tsx';
import { Layout } from '../../views/layout.tsx';
import type { CheckoutValues } from '../cart/checkout-form.ts';
import { InvoiceFields, windowLabel } from '../cart/views.tsx';
import { statusMessage } from '../fulfilment/own-delivery-wording.ts';
import { areaName } from './delivery-areas.ts';
import type { DetailRequest, OrderStatus } from './lifecycle.ts';
import type { OrderView } from './service.ts';

export function OrderLines({ ctx, order }: { ctx: PageContext; order: OrderView }) {
  const { t } = ctx;
  return (
    <table class="order-lines">
      <thead>
        <tr>
          <th scope="col">{t('cart.product')}</th>
          <th scope="col">{t('cart.quantityHeader')}</th>
          <th scope="col">{t('cart.price')}</th>
          <th scope="col">{t('cart.lineTotal')}</th>
        </tr>
      </thead>
      <tbody>
        {order.lines.map((l) => (
          <tr key={l.sku}>
            <td>
              {l.name} {l.variantLabel ? <span class="variant-label">{l.variantLabel}</span> : null} <Ltr>{l.sku}</Ltr>
            </td>
            <td>
              <Quantity ctx={ctx} milli={l.quantityMilli} unit={l.unit} />
            </td>
            <td>
              <Money ctx={ctx} minor={l.unitPriceMinor} currency={order.currency} />
            </td>
            <td>
              <Money ctx={ctx} minor={l.lineTotalMinor} currency={order.currency} />
            </td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={3}>
            {t('cart.subtotal')}
          </th>
          <td>
            <Money ctx={ctx} minor={order.subtotalMinor} currency={order.currency} />
          </td>
        </tr>
        <tr>
          <th scope="row" colSpan={3}>
            {order.deliveryArea
              ? t('order.deliveryFeeTo', {
                  area: areaName(order.deliveryArea.name, ctx.locale, ctx.preset.defaultLocale),
                })
              : t('order.deliveryFee')}
          </th>
          <td>
            <Money ctx={ctx} minor={order.deliveryFeeMinor} currency={order.currency} />
          </td>
        </tr>
        <tr class="total">
          <th scope="row" colSpan={3}>
            {t('order.total')}
          </th>
          <td>
            <Money ctx={ctx} minor={order.totalMinor} currency={order.currency} />
          </td>
        </tr>
      </tfoot>
    </table>
  );
}

export function OrderHistory({ ctx, order }: { ctx: PageContext; order: OrderView }) {
  return (
    <ol class="history">
      {order.events.map((e) => (
        <li key={e.createdAt + e.status}>
          <time dateTime={e.createdAt}>{formatDateTime(e.createdAt, ctx.locale, ctx.preset.timezone, 'medium')}</time>{' '}
          {ctx.t(statusMessage(e.status as OrderStatus, ctx.preset.storefront))}
          {e.note === 'payment_received' ? ` — ${ctx.t('order.paymentReceived')}` : ''}
        </li>
      ))}
    </ol>
  );
}

export function DeliveryTime({ ctx, order }: { ctx: PageContext; order: OrderView }) {
  if (!order.deliveryDate && !order.deliveryWindow) return <>{ctx.t('checkout.noPreference')}</>;
  return (
    <>
      {order.deliveryDate ? formatIsoDay(order.deliveryDate, ctx.locale, 'long') : ''}
      {order.deliveryWindow ? ` ${windowLabel(order.deliveryWindow, ctx.locale)}` : ''}
    </>
  );
}

/** The customer's view of their order: status, history, what was ordered. Reached only by its session or code + contact. */
export function OrderPage({
  ctx,
  order,
  justPlaced,
  request,
  details,
  notice,
  payable,
  paymentProblem,
}: {
  ctx: PageContext;
  order: OrderView;
  justPlaced: boolean;
  /** What the shop asked for, while the order waits for the customer's details (KN-06). */
  request?: DetailRequest | null;
  /** The details form as typed, with its errors, after a refused answer. */
  details?: { values: Partial<CheckoutValues>; errors: Partial<Record<string, MessageKey>> };
  notice?: MessageKey;
  /** The order can be paid online now (its gateway is configured); `paymentProblem` when starting failed. */
  payable?: boolean;
  paymentProblem?: boolean;
}) {
  const { t } = ctx;
  const instructions = ctx.preset.paymentInstructions[order.paymentMethod];
  return (
    <Layout ctx={ctx} title={t('order.title')} noindex>
      {justPlaced ? <p class="notice success">{t('order.thanks')}</p> : null}
      {notice ? <p class="notice success">{t(notice)}</p> : null}
      <h1>
        {t('order.title')} <Ltr>{order.code}</Ltr>
      </h1>
      <p>{t('order.keepCode')}</p>
      <dl class="facts">
        <dt>{t('order.status')}</dt>
        <dd class={`status status-${order.status}`}>{t(statusMessage(order.status, ctx.preset.storefront))}</dd>
        <dt>{t('order.placedAt')}</dt>
        <dd>{formatDateTime(order.createdAt, ctx.locale, ctx.preset.timezone, 'medium')}</dd>
        <dt>{t('checkout.payment')}</dt>
        <dd>{t(`payment.${order.paymentMethod}`)}</dd>
        <dt>{t('order.deliveryTime')}</dt>
        <dd>
          <DeliveryTime ctx={ctx} order={order} />
        </dd>
      </dl>
      {order.status === 'awaiting_payment' && instructions ? (
        <p class="notice">
          {t('order.payNow')} {instructions[ctx.locale]}
        </p>
      ) : null}
      {paymentProblem ? (
        <p class="notice error" role="alert">
          {t('payment.unavailable')}
        </p>
      ) : null}
      {payable ? (
        <form method="post" action={`/${ctx.locale}/order/${order.code}/pay`}>
          <CsrfField ctx={ctx} />
          <button>{t('payment.payNow')}</button>
        </form>
      ) : null}
      {request ? <DetailsForm ctx={ctx} order={order} request={request} details={details} /> : null}
      <OrderLines ctx={ctx} order={order} />
      <h2>{t('order.history')}</h2>
      <OrderHistory ctx={ctx} order={order} />
    </Layout>
  );
}

/** KN-06: what the shop asked for, and the form to answer: the delivery details, and the invoice's if asked. */
function DetailsForm({
  ctx,
  order,
  request,
  details,
}: {
  ctx: PageContext;
  order: OrderView;
  request: DetailRequest;
  details?: { values: Partial<CheckoutValues>; errors: Partial<Record<string, MessageKey>> };
}) {
  const { t, locale } = ctx;
  const v = details?.values ?? {};
  const e = details?.errors ?? {};
  return (
    <section class="details-request" aria-labelledby="details-title">
      <h2 id="details-title">{t('order.detailsNeeded')}</h2>
      <p class="notice">{t(`mail.order.request.${request}`)}</p>
      <ErrorSummary ctx={ctx} errors={e as Record<string, MessageKey>} />
      <form method="post" action={`/${locale}/order/${order.code}/details`} class="narrow" novalidate>
        <CsrfField ctx={ctx} />
        <Field
          ctx={ctx}
          name="recipient_name"
          label="checkout.recipientName"
          value={v.recipient_name}
          error={e.recipient_name}
          required
          autocomplete="name"
        />
        <Field
          ctx={ctx}
          name="recipient_phone"
          label="checkout.recipientPhone"
          value={v.recipient_phone}
          error={e.recipient_phone}
          required
          type="tel"
          dir="ltr"
          inputmode="tel"
        />
        <Field
          ctx={ctx}
          name="recipient_address"
          label="checkout.recipientAddress"
          value={v.recipient_address}
          error={e.recipient_address}
          required
          multiline
        />
        {request === 'tax_identity' ? <InvoiceFields ctx={ctx} values={v} errors={e} /> : null}
        <button>{t('order.giveDetails')}</button>
      </form>
    </section>
  );
}

export function StatusLookupPage(props: {
  ctx: PageContext;
  values: { code?: string; contact?: string };
  errors: Record<string, MessageKey>;
}) {
  const { ctx } = props;
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('status.title')} noindex>
      <h1>{t('status.title')}</h1>
      <p>{t('status.intro')}</p>
      <ErrorSummary ctx={ctx} errors={props.errors} />
      <form method="post" action={`/${locale}/order-status`}>
        <CsrfField ctx={ctx} />
        <Field
          ctx={ctx}
          name="code"
          label="status.code"
          value={props.values.code}
          error={props.errors.code}
          required
          dir="ltr"
          autocomplete="off"
        />
        <Field
          ctx={ctx}
          name="contact"
          label="status.contact"
          value={props.values.contact}
          error={props.errors.contact}
          required
          dir="ltr"
        />
        <button>{t('status.submit')}</button>
      </form>
    </Layout>
  );
}
