import type { MessageKey } from '../../i18n/translate.ts';
import type { PageContext } from '../../server/context.ts';
import { CsrfField, Ltr, Money, Phone } from '../../views/components.tsx';
import { Layout } from '../../views/layout.tsx';
import type { OrderView } from '../orders/service.ts';
import { DeliveryTime } from '../orders/views.tsx';
import type { Delivery } from './own-delivery.ts';
import { ownDeliveryMessage } from './own-delivery-wording.ts';

/** t() in the shop's words: a services shop's courier is a technician, a delivery a job (MS-06). */
function worded(ctx: PageContext) {
  return (key: MessageKey) => ctx.t(ownDeliveryMessage(key, ctx.preset.storefront));
}

export interface DeliveryItem {
  order: OrderView;
  delivery: Delivery;
}

/** The courier's area: their deliveries still on the way, each with what is needed at the door. */
export function DeliveriesPage(props: { ctx: PageContext; items: DeliveryItem[]; notice?: MessageKey }) {
  const { ctx, items } = props;
  const t = worded(ctx);
  return (
    <Layout ctx={ctx} title={t('delivery.title')} noindex>
      <h1>{t('delivery.title')}</h1>
      {props.notice ? <p class="notice success">{t(props.notice)}</p> : null}
      <p class="hint">{t('delivery.intro')}</p>
      {items.length === 0 ? (
        <p class="empty">{t('delivery.none')}</p>
      ) : (
        items.map((item) => <DeliveryCard key={item.delivery.orderId} ctx={ctx} {...item} linked />)
      )}
    </Layout>
  );
}

/** One delivery on a page of its own (a link to keep on the phone); 404 once it is no longer the courier's. */
export function DeliveryPage(props: { ctx: PageContext; item: DeliveryItem; error?: MessageKey }) {
  const { ctx, item } = props;
  const { locale } = ctx;
  const t = worded(ctx);
  return (
    <Layout ctx={ctx} title={`${t('order.title')} ${item.delivery.code}`} noindex>
      {props.error ? (
        <p class="error" role="alert">
          {t(props.error)}
        </p>
      ) : null}
      <DeliveryCard ctx={ctx} {...item} linked={false} />
      <p>
        <a href={`/${locale}/staff/deliveries`}>{t('delivery.title')}</a>
      </p>
    </Layout>
  );
}

function DeliveryCard(props: DeliveryItem & { ctx: PageContext; linked: boolean }) {
  const { ctx, order, delivery } = props;
  const { locale } = ctx;
  const t = worded(ctx);
  const services = ctx.preset.storefront === 'services';
  const url = `/${locale}/staff/deliveries/${delivery.orderId}`;
  const erased = t('staff.erased');
  const heading = (
    <>
      {t('order.title')} <Ltr>{delivery.code}</Ltr>
    </>
  );
  return (
    <section class="delivery">
      <h2>{props.linked ? <a href={url}>{heading}</a> : heading}</h2>
      <dl class="facts">
        {services ? (
          <>
            <dt>{t('job.work')}</dt>
            <dd class="work">{order.lines.map((l) => l.name).join(', ')}</dd>
          </>
        ) : null}
        <dt>{t('staff.deliverTo')}</dt>
        <dd class="recipient">{delivery.name ?? erased}</dd>
        <dt>{t('checkout.phone')}</dt>
        <dd>
          {delivery.phone ? (
            <a href={`tel:${delivery.phone}`} class="delivery-phone">
              <Phone ctx={ctx} e164={delivery.phone} />
            </a>
          ) : (
            erased
          )}
        </dd>
        <dt>{t('checkout.address')}</dt>
        <dd class="address">{delivery.address ?? erased}</dd>
        {/* A technician gets the note only where the policy gives it to them (MS-06): no empty row in its place. */}
        {services && delivery.note === null ? null : (
          <>
            <dt>{t('checkout.instructions')}</dt>
            <dd class="note">{delivery.note ?? '—'}</dd>
          </>
        )}
        <dt>{t('order.deliveryTime')}</dt>
        <dd>
          <DeliveryTime ctx={ctx} order={order} />
        </dd>
        <dt>{t('delivery.collect')}</dt>
        <dd class="cod">
          {delivery.codMinor > 0 ? (
            <Money ctx={ctx} minor={delivery.codMinor} currency={delivery.currency} />
          ) : (
            t('delivery.nothingToCollect')
          )}
        </dd>
      </dl>
      <form method="post" action={`${url}/delivered`}>
        <CsrfField ctx={ctx} />
        <button>{t('delivery.markDelivered')}</button>
      </form>
    </section>
  );
}
