import type { MessageKey } from '../../i18n/translate.ts';
import type { PageContext } from '../../server/context.ts';
import { CsrfField, ErrorSummary, Field } from '../../views/components.tsx';
import { Layout } from '../../views/layout.tsx';
import type { MarketingChannel } from './service.ts';

/** Opening the link shows a button; only pressing it confirms (mail scanners open links too). */
export function ConfirmOptInPage({ ctx, action }: { ctx: PageContext; action: string }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('marketing.confirmTitle')} noindex>
      <h1>{t('marketing.confirmTitle')}</h1>
      <p>{t('marketing.confirmBody')}</p>
      <form method="post" action={action}>
        <CsrfField ctx={ctx} />
        <button>{t('marketing.confirmButton')}</button>
      </form>
    </Layout>
  );
}

export function OptInConfirmedPage({ ctx, channel }: { ctx: PageContext; channel: MarketingChannel }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('marketing.confirmedTitle')} noindex>
      <h1>{t('marketing.confirmedTitle')}</h1>
      <p>{t(channel === 'email' ? 'marketing.confirmedEmail' : 'marketing.confirmedSms')}</p>
    </Layout>
  );
}

export function OptInLinkProblemPage({ ctx, reason }: { ctx: PageContext; reason: 'invalid' | 'expired' | 'used' }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('marketing.linkProblemTitle')} noindex>
      <h1>{t('marketing.linkProblemTitle')}</h1>
      <p>{t(`marketing.linkProblem.${reason}`)}</p>
    </Layout>
  );
}

/** The unsubscribe page: one button, no sign-in (CM-15). After it, the page says it is done. */
export function UnsubscribePage({ ctx, action, done }: { ctx: PageContext; action: string; done: boolean }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('marketing.unsubscribeTitle')} noindex>
      <h1>{t('marketing.unsubscribeTitle')}</h1>
      {done ? (
        <p class="notice success" role="status">
          {t('marketing.unsubscribed')}
        </p>
      ) : (
        <form method="post" action={action}>
          <CsrfField ctx={ctx} />
          <p>{t('marketing.unsubscribeBody')}</p>
          <button>{t('marketing.unsubscribeButton')}</button>
        </form>
      )}
    </Layout>
  );
}

export interface CampaignForm {
  channel: MarketingChannel;
  subject: string;
  body: string;
}

/** Staff write a campaign; it goes only to confirmed subscribers, through the outbox (HK-14). */
export function CampaignPage(props: {
  ctx: PageContext;
  channels: MarketingChannel[];
  counts: Record<MarketingChannel, number>;
  values: CampaignForm;
  errors: Record<string, MessageKey>;
  sent?: number;
}) {
  const { ctx, values, errors } = props;
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('marketing.staffTitle')}>
      <h1>{t('marketing.staffTitle')}</h1>
      {props.sent !== undefined ? (
        <p class="notice success" role="status">
          {t('marketing.sent', { count: props.sent })}
        </p>
      ) : null}
      <ul>
        {props.channels.map((c) => (
          <li key={c}>{t(`marketing.subscribers.${c}`, { count: props.counts[c] })}</li>
        ))}
      </ul>
      <ErrorSummary ctx={ctx} errors={errors} />
      <form method="post" action={`/${locale}/staff/marketing`} class="narrow">
        <CsrfField ctx={ctx} />
        <fieldset>
          <legend>{t('marketing.channel')}</legend>
          {props.channels.map((c) => (
            <div class="field checkbox" key={c}>
              <input type="radio" id={`f-channel-${c}`} name="channel" value={c} checked={values.channel === c} />
              <label for={`f-channel-${c}`}>{t(`marketing.channel.${c}`)}</label>
            </div>
          ))}
        </fieldset>
        <Field ctx={ctx} name="subject" label="marketing.subject" value={values.subject} error={errors.subject} />
        <Field
          ctx={ctx}
          name="body"
          label="marketing.body"
          value={values.body}
          error={errors.body}
          required
          multiline
        />
        <p class="hint">{t('marketing.unsubscribeAdded')}</p>
        <button>{t('marketing.send')}</button>
      </form>
    </Layout>
  );
}
