import { formatDateTime, formatIsoDay, formatNumber } from '../../i18n/format.ts';
import type { MessageKey } from '../../i18n/translate.ts';
import type { RetentionRun, SweepStep } from '../../privacy/retention.ts';
import { retentionOf } from '../../privacy/retention-settings.ts';
import type { PageContext } from '../../server/context.ts';
import { CsrfField } from '../../views/components.tsx';
import { Layout } from '../../views/layout.tsx';

/** The steps in the order a sweep takes them (the keys of a run's counts). */
const STEPS: readonly SweepStep[] = [
  'sessions',
  'visitor_carts',
  'privacy_proofs',
  'abandoned_messages',
  'delivery_details',
  'expired_legal_holds',
  'sign_in_codes',
  'unconfirmed_marketing',
  'customers',
];

/** One step as the owner reads it, with the shop's own periods filled in. */
function stepText(ctx: PageContext, step: SweepStep): string {
  const { t, locale, preset } = ctx;
  const days = (n: number) => ({ days: formatNumber(n, locale) });
  const settings = retentionOf(preset);
  if (step === 'visitor_carts') return t('retention.step.visitor_carts', days(settings.abandonedCartDays));
  if (step === 'delivery_details') return t('retention.step.delivery_details', days(preset.policy.claimDays));
  if (step === 'customers') {
    const keep = preset.policy.customerDataRetention;
    return keep === 'until_request'
      ? t('retention.step.customersUntilRequest')
      : t('retention.step.customers', days(keep));
  }
  return t(`retention.step.${step}` as MessageKey);
}

/**
 * What the retention sweeper does for this shop, what its latest runs removed, and what legal holds keep after
 * erasures (issue 6 § 4, CM-17): for the owner and the privacy officer, counts only.
 */
export function RetentionPage(props: {
  ctx: PageContext;
  runs: RetentionRun[];
  holds: { basis: string; records: number; until: string }[];
  notice?: string;
}) {
  const { ctx, runs, holds } = props;
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('retention.title')} noindex>
      <h1>{t('retention.title')}</h1>
      {props.notice ? (
        <p class="notice success" role="status">
          {props.notice}
        </p>
      ) : null}
      <p>{t('retention.intro')}</p>
      <form method="post" action={`/${locale}/staff/retention`}>
        <CsrfField ctx={ctx} />
        <button>{t('retention.runNow')}</button>
      </form>

      <h2>{t('retention.rules')}</h2>
      <ul class="retention-rules">
        {STEPS.map((step) => (
          <li key={step}>{stepText(ctx, step)}</li>
        ))}
      </ul>

      <h2>{t('retention.runs')}</h2>
      {runs.length === 0 ? (
        <p>{t('retention.noRuns')}</p>
      ) : (
        <table class="retention-runs">
          <thead>
            <tr>
              <th scope="col">{t('retention.when')}</th>
              <th scope="col">{t('retention.startedBy')}</th>
              <th scope="col">{t('retention.removed')}</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => {
              const removed = STEPS.filter((s) => (run.counts[s] ?? 0) > 0);
              return (
                <tr key={run.startedAt}>
                  <td>{formatDateTime(run.startedAt, locale, ctx.preset.timezone, 'medium')}</td>
                  <td>{t(`retention.trigger.${run.trigger}` as MessageKey)}</td>
                  <td>
                    {removed.length === 0 ? (
                      t('retention.nothing')
                    ) : (
                      <ul>
                        {removed.map((s) => (
                          <li key={s}>
                            {stepText(ctx, s)}: <strong>{formatNumber(run.counts[s], locale)}</strong>
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}

      <h2>{t('retention.holds')}</h2>
      <p>{t('retention.holdsIntro')}</p>
      {holds.length === 0 ? (
        <p>{t('retention.noHolds')}</p>
      ) : (
        <table class="retention-holds">
          <thead>
            <tr>
              <th scope="col">{t('retention.basis')}</th>
              <th scope="col">{t('retention.records')}</th>
              <th scope="col">{t('retention.until')}</th>
            </tr>
          </thead>
          <tbody>
            {holds.map((h) => (
              <tr key={h.basis}>
                <td>{t(`retention.basis.${h.basis}` as MessageKey)}</td>
                <td>{formatNumber(h.records, locale)}</td>
                <td>{formatIsoDay(h.until.slice(0, 10), locale, 'long')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
