import { formatIsoDay, formatNumber } from '../../i18n/format.ts';
import type { PageContext } from '../../server/context.ts';
import { Ltr } from '../../views/components.tsx';
import { Layout } from '../../views/layout.tsx';

export interface DayStats {
  day: string;
  views: number;
  uniques: number;
}

export interface PathStats {
  path: string;
  views: number;
  uniques: number;
}

/** The owner's statistics: the last days in the shop's calendar, and the most viewed pages (HK-10). */
export function AnalyticsPage({ ctx, days, paths }: { ctx: PageContext; days: DayStats[]; paths: PathStats[] }) {
  const { t, locale } = ctx;
  const n = (value: number) => formatNumber(value, locale);
  return (
    <Layout ctx={ctx} title={t('analytics.title')}>
      <h1>{t('analytics.title')}</h1>
      <p>{t('analytics.intro')}</p>
      {days.length === 0 ? (
        <p>{t('analytics.none')}</p>
      ) : (
        <>
          <table class="analytics-days">
            <thead>
              <tr>
                <th scope="col">{t('analytics.day')}</th>
                <th scope="col">{t('analytics.views')}</th>
                <th scope="col">{t('analytics.visitors')}</th>
              </tr>
            </thead>
            <tbody>
              {days.map((d) => (
                <tr key={d.day}>
                  <td>
                    <time dateTime={d.day}>{formatIsoDay(d.day, locale, 'medium')}</time>
                  </td>
                  <td>{n(d.views)}</td>
                  <td>{n(d.uniques)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>{t('analytics.topPages')}</h2>
          <table class="analytics-paths">
            <thead>
              <tr>
                <th scope="col">{t('analytics.page')}</th>
                <th scope="col">{t('analytics.views')}</th>
                <th scope="col">{t('analytics.visitorDays')}</th>
              </tr>
            </thead>
            <tbody>
              {paths.map((p) => (
                <tr key={p.path}>
                  <td>
                    <Ltr>{p.path}</Ltr>
                  </td>
                  <td>{n(p.views)}</td>
                  <td>{n(p.uniques)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Layout>
  );
}
