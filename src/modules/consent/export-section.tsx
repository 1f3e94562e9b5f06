import { formatDateTime, formatNumber } from '../../i18n/format.ts';
import type { MessageKey } from '../../i18n/translate.ts';
import type { NonEssentialFeature } from '../../presets/types.ts';
import { type ExportContext, section } from '../privacy-requests/export/sections.ts';
import { type ConsentExport, consentExport } from './export.ts';
import { FEATURES } from './features.ts';

const STATUS: Record<string, MessageKey> = {
  pending: 'consent.export.status.pending',
  confirmed: 'consent.export.status.confirmed',
  withdrawn: 'consent.export.status.withdrawn',
};

/**
 * The consents of a data-subject export (CM-13): every answer about optional cookies and every request for news and
 * offers, each with the version of the policy it was given under (CM-18).
 */
export const consentSection = section<ConsentExport>({
  id: 'consents',
  title: 'consent.export.title',
  load: (ctx) => consentExport(ctx.db, ctx.subjectIds),
  render(data, ctx) {
    const { t, locale } = ctx;
    const when = (iso: string | null) => (iso ? formatDateTime(iso, locale, ctx.preset.timezone, 'medium') : '');
    const version = (n: number | null) =>
      n === null ? '' : t('consent.export.policyVersion', { version: formatNumber(n, locale) });
    if (data.cookieConsents.length === 0 && data.marketingSubscriptions.length === 0) {
      return <p class="empty">{t('dsr.export.none')}</p>;
    }
    return (
      <>
        <h3>{t('consent.export.cookies')}</h3>
        <table>
          <tbody>
            {data.cookieConsents.map((c) => (
              <tr key={c.givenAt}>
                <td>{when(c.givenAt)}</td>
                <td>
                  {Object.entries(c.choices)
                    .map(
                      ([feature, yes]) =>
                        `${featureName(ctx, feature)}: ${t(yes ? 'consent.accept' : 'consent.reject')}`,
                    )
                    .join(t('common.separator'))}
                </td>
                <td>{version(c.policyVersion)}</td>
                <td>{c.withdrawnAt ? t('consent.export.withdrawnAt', { when: when(c.withdrawnAt) }) : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3>{t('consent.export.subscriptions')}</h3>
        <table>
          <tbody>
            {data.marketingSubscriptions.map((s) => (
              <tr key={`${s.channel}-${s.requestedAt}`}>
                <td>{when(s.requestedAt)}</td>
                <td>{t(s.channel === 'sms' ? 'marketing.channel.sms' : 'marketing.channel.email')}</td>
                <td>{STATUS[s.status] ? t(STATUS[s.status]) : s.status}</td>
                <td>{version(s.confirmedPolicyVersion ?? s.requestedPolicyVersion)}</td>
                <td>{s.withdrawnAt ? t('consent.export.withdrawnAt', { when: when(s.withdrawnAt) }) : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </>
    );
  },
});

function featureName(ctx: ExportContext, feature: string): string {
  return Object.hasOwn(FEATURES, feature) ? ctx.t(`consent.feature.${feature as NonEssentialFeature}.name`) : feature;
}
