import type { PageContext } from '../../server/context.ts';
import { Ltr } from '../../views/components.tsx';
import { Layout } from '../../views/layout.tsx';
import type { PaymentStatus } from './adapter.ts';

/**
 * On the way to the gateway. A redirect straight from the checkout form would be blocked by our own CSP
 * (form-action 'self' covers where a form's answer redirects), so this page of ours moves on by a meta refresh, and
 * offers the link in case the browser does not follow it.
 */
export function ContinueToGatewayPage({ ctx, url }: { ctx: PageContext; url: string }) {
  const { t } = ctx;
  return (
    <Layout
      ctx={ctx}
      title={t('payment.continueTitle')}
      noindex
      head={<meta http-equiv="refresh" content={`0;url=${url}`} />}
    >
      <h1>{t('payment.continueTitle')}</h1>
      <p>
        <a class="button" href={url}>
          {t('payment.continue')}
        </a>
      </p>
    </Layout>
  );
}

/** Back from the gateway: what the gateway itself confirmed, and the way to the order. */
export function PaymentReturnPage({ ctx, code, status }: { ctx: PageContext; code: string; status: PaymentStatus }) {
  const { t, locale } = ctx;
  const outcome =
    status === 'paid'
      ? 'paid'
      : status === 'cancelled'
        ? 'cancelled'
        : status === 'pending' || status === 'review'
          ? 'pending'
          : 'failed';
  return (
    <Layout ctx={ctx} title={t('payment.returnTitle')} noindex>
      <h1>
        {t('payment.returnTitle')}
        {t('common.separator')}
        <Ltr>{code}</Ltr>
      </h1>
      <p class={outcome === 'paid' ? 'notice success' : 'notice'} role="status">
        {t(`payment.result.${outcome}`)}
      </p>
      <p>
        <a class="button" href={`/${locale}/order/${code}`}>
          {t('payment.viewOrder')}
        </a>
      </p>
    </Layout>
  );
}
