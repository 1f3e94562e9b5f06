import { formatDateTime } from '../../i18n/format.ts';
import type { MessageKey } from '../../i18n/translate.ts';
import type { PageContext } from '../../server/context.ts';
import { CsrfField, Field, Ltr } from '../../views/components.tsx';
import { Layout } from '../../views/layout.tsx';
import type { OrderView } from '../orders/service.ts';
import { can } from '../staff/permissions.ts';
import { LOCATION_FIELDS } from './handoff-form.ts';
import type { OwnDeliverySummary } from './own-delivery.ts';
import { ownDeliveryMessage } from './own-delivery-wording.ts';
import type { ConsignmentView, CourierChoice, FulfilmentSummary } from './service.ts';

/**
 * The delivery part of the staff order page: the packing slip, the hand-off form while the order is packed, and
 * the consignment once handed off — or, in a shop with its own couriers, the form that gives a packed order to one of
 * them. Packers and managers act; other roles see the courier's status only.
 */
export function FulfilmentActions(props: {
  ctx: PageContext;
  order: Pick<OrderView, 'id' | 'status'>;
  fulfilment: FulfilmentSummary;
  /** A refused hand-off: the reason, and what was typed. */
  error?: MessageKey;
  values?: Record<string, string>;
}) {
  const { ctx, order, fulfilment } = props;
  const { t, locale } = ctx;
  const base = `/${locale}/staff/orders/${order.id}`;
  const mayFulfil = can(ctx.staff?.role ?? '', 'orders.fulfil');
  const courierName = fulfilment.courier.kind === 'none' ? '' : fulfilment.courier.recipient.name[locale];
  return (
    <section class="fulfilment">
      <h2>{t('fulfilment.title')}</h2>
      {mayFulfil ? (
        <p class="slip-links">
          <a href={`${base}/slip`}>{t('fulfilment.slip')}</a>
          {t('common.separator')}
          <a href={`${base}/slip.pdf`}>{t('fulfilment.slipPdf')}</a>
        </p>
      ) : null}
      {props.error ? (
        <p class="error" role="alert">
          {t(ownDeliveryMessage(props.error, ctx.preset.storefront), { courier: courierName })}
        </p>
      ) : null}
      {fulfilment.consignment ? (
        <ConsignmentFacts ctx={ctx} consignment={fulfilment.consignment} />
      ) : order.status === 'packed' && mayFulfil ? (
        <HandoffForm
          ctx={ctx}
          action={`${base}/handoff`}
          courier={fulfilment.courier}
          values={props.values ?? {}}
          explained={props.error !== undefined}
        />
      ) : null}
      {fulfilment.ownDelivery ? (
        <OwnDelivery
          ctx={ctx}
          action={`${base}/assign`}
          summary={fulfilment.ownDelivery}
          mayAssign={order.status === 'packed' && mayFulfil}
        />
      ) : null}
    </section>
  );
}

/**
 * Own delivery (HK-09, KT-01): who carries the order, or — while it is packed — the form that gives it to one of
 * the shop's couriers and sends it out for delivery.
 */
function OwnDelivery(props: { ctx: PageContext; action: string; summary: OwnDeliverySummary; mayAssign: boolean }) {
  const { ctx, summary } = props;
  const { locale } = ctx;
  // A services shop's couriers are its technicians (own-delivery-wording.ts, MS-06).
  const t = (key: MessageKey) => ctx.t(ownDeliveryMessage(key, ctx.preset.storefront));
  const { assignment, couriers } = summary;
  const when = (iso: string) => formatDateTime(iso, locale, ctx.preset.timezone, 'medium');
  if (assignment) {
    return (
      <dl class="facts delivery-assignment">
        <dt>{t('delivery.courier')}</dt>
        <dd class="assigned-courier">{assignment.courierName}</dd>
        <dt>{t('delivery.assignedAt')}</dt>
        <dd>{when(assignment.assignedAt)}</dd>
        {assignment.deliveredAt ? (
          <>
            <dt>{t('delivery.deliveredAt')}</dt>
            <dd>{when(assignment.deliveredAt)}</dd>
          </>
        ) : null}
      </dl>
    );
  }
  if (!props.mayAssign) return null;
  if (couriers.length === 0) return <p class="notice">{t('delivery.noCouriers')}</p>;
  return (
    <form method="post" action={props.action} class="assign-courier">
      <CsrfField ctx={ctx} />
      <label for="f-courier">{t('delivery.courier')}</label>{' '}
      <select id="f-courier" name="courier" required>
        {couriers.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>{' '}
      <button>{t('delivery.assign')}</button>
      <p class="hint">{t('delivery.assignHint')}</p>
    </form>
  );
}

/** The answer to a refused hand-off: the reason above the form, to correct and send again. */
export function HandoffPage(props: {
  ctx: PageContext;
  order: OrderView;
  fulfilment: FulfilmentSummary;
  error: MessageKey;
  values: Record<string, string>;
}) {
  const { ctx, order } = props;
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={`${t('order.title')} ${order.code}`} noindex>
      <h1>
        {t('order.title')} <Ltr>{order.code}</Ltr>
      </h1>
      <FulfilmentActions
        ctx={ctx}
        order={order}
        fulfilment={props.fulfilment}
        error={props.error}
        values={props.values}
      />
      <p>
        <a href={`/${locale}/staff/orders/${order.id}`}>{t('fulfilment.backToOrder')}</a>
      </p>
    </Layout>
  );
}

function ConsignmentFacts({ ctx, consignment }: { ctx: PageContext; consignment: ConsignmentView }) {
  const { t } = ctx;
  const recipient = ctx.preset.policy.recipients.find((r) => r.id === consignment.recipientId);
  return (
    <dl class="facts consignment">
      <dt>{t('fulfilment.courier')}</dt>
      <dd>{recipient ? recipient.name[ctx.locale] : consignment.provider}</dd>
      <dt>{t('fulfilment.trackingCode')}</dt>
      <dd class="tracking-code">{consignment.trackingCode ? <Ltr>{consignment.trackingCode}</Ltr> : '—'}</dd>
      <dt>{t('fulfilment.courierStatus')}</dt>
      <dd class="courier-status">
        {consignment.courierStatus ? t(`courier.status.${consignment.courierStatus}`) : '—'}
      </dd>
    </dl>
  );
}

function HandoffForm(props: {
  ctx: PageContext;
  action: string;
  courier: CourierChoice;
  values: Record<string, string>;
  /** An error above already says why there is no form. */
  explained: boolean;
}) {
  const { ctx, courier, values } = props;
  const { t } = ctx;
  // HK-09, KT-01: nothing to hand over to anyone; the shop's own staff deliver.
  if (courier.kind === 'none') return props.explained ? null : <p class="hint">{t('fulfilment.noCourier')}</p>;
  const name = courier.recipient.name[ctx.locale];
  if (courier.kind === 'not_configured') {
    return props.explained ? null : <p class="notice">{t('fulfilment.notConfigured', { courier: name })}</p>;
  }
  return (
    <form method="post" action={props.action} class="handoff">
      <CsrfField ctx={ctx} />
      {courier.provider === 'manual' ? (
        <Field
          ctx={ctx}
          name="tracking_code"
          label="fulfilment.trackingCode"
          value={values.tracking_code}
          hint={t('fulfilment.trackingCodeHint')}
          required
          dir="ltr"
          autocomplete="off"
        />
      ) : null}
      {LOCATION_FIELDS[courier.provider].map((field) => (
        <Field
          key={field.key}
          ctx={ctx}
          name={field.key}
          label={field.label}
          value={values[field.key]}
          required
          dir="ltr"
          inputmode={field.numeric ? 'numeric' : undefined}
          autocomplete="off"
        />
      ))}
      <p class="hint">{t('fulfilment.handOffHint')}</p>
      <button>{t('fulfilment.handOff', { courier: name })}</button>
    </form>
  );
}
