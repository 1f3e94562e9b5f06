import type { Locale } from '../../i18n/locales.ts';
import type { Translate } from '../../i18n/translate.ts';
import type { PageContext } from '../../server/context.ts';
import { Layout } from '../../views/layout.tsx';
import type { PolicyChange } from './snapshot.ts';
import type { PolicyVersion } from './versions.ts';
import { categoryMessage, EffectiveDate } from './views.tsx';

/** Every version of the policy, newest first, with what changed and a link to read each as it was (CM-18). */
export function PolicyHistoryPage({ ctx, versions }: { ctx: PageContext; versions: PolicyVersion[] }) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('policyHistory.title')}>
      <article class="policy">
        <h1>{t('policyHistory.title')}</h1>
        <p>{t('policyHistory.intro')}</p>
        <ol class="policy-history" reversed>
          {versions.map((v, i) => (
            <li key={v.id}>
              <h2>
                {t('policyHistory.version', { number: v.number })}
                {i === 0 ? ` (${t('policyHistory.current')})` : ''}
              </h2>
              <p>
                {t('policyHistory.effective')} <EffectiveDate ctx={ctx} iso={v.effectiveAt} />
              </p>
              <ul class="changes">
                {v.changes.map((c) => (
                  <li key={JSON.stringify(c)}>{describeChange(t, locale, c)}</li>
                ))}
              </ul>
              <a href={i === 0 ? `/${locale}/privacy` : `/${locale}/privacy/history/${v.id}`}>
                {t('policyHistory.read', { number: v.number })}
              </a>
            </li>
          ))}
        </ol>
      </article>
    </Layout>
  );
}

export function describeChange(t: Translate, locale: Locale, change: PolicyChange): string {
  switch (change.kind) {
    case 'recipientAdded':
    case 'recipientRemoved':
      return t(`policyHistory.change.${change.kind}`, { name: change.name[locale] });
    case 'purposeAdded':
    case 'purposeRemoved':
      return t(`policyHistory.change.${change.kind}`, { purpose: t(`purpose.${change.purpose}`) });
    case 'dataAdded':
    case 'dataRemoved':
      return t(`policyHistory.change.${change.kind}`, { data: t(categoryMessage(change.category)) });
    default:
      return t(`policyHistory.change.${change.kind}`);
  }
}
