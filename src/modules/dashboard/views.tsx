import { formatDate, formatNumber } from '../../i18n/format.ts';
import { INTL_TAG } from '../../i18n/locales.ts';
import type { PageContext } from '../../server/context.ts';
import { Ltr, Money, Quantity } from '../../views/components.tsx';
import { Layout } from '../../views/layout.tsx';
import { can } from '../staff/permissions.ts';
import type { DashboardFigures } from './figures.ts';

/** The name of this month in the page's calendar: "December 2026", "آذر ۱۴۰۵". */
function monthName(ctx: PageContext, now: Date): string {
  return new Intl.DateTimeFormat(INTL_TAG[ctx.locale], {
    year: 'numeric',
    month: 'long',
    timeZone: ctx.preset.timezone,
    calendar: ctx.locale === 'fa' ? 'persian' : 'gregory',
    numberingSystem: { bn: 'beng', en: 'latn', vi: 'latn', fa: 'arabext' }[ctx.locale],
  }).format(now);
}

export function DashboardPage(props: {
  ctx: PageContext;
  figures: DashboardFigures;
  /** Overdue privacy requests, once the privacy center answers (null: not wired, the card is not shown). */
  overduePrivacyRequests: number | null;
  now: Date;
}) {
  const { ctx, figures, now } = props;
  const { t, locale } = ctx;
  const n = (value: number) => formatNumber(value, locale);
  const role = ctx.staff?.role ?? '';
  return (
    <Layout ctx={ctx} title={t('dashboard.title')} noindex>
      <h1>{t('dashboard.title')}</h1>
      <p class="today">
        <time dateTime={now.toISOString()}>{formatDate(now, locale, ctx.preset.timezone, 'long')}</time>
      </p>
      <nav aria-label={t('dashboard.manage')}>
        <ul>
          {can(role, 'settings.manage') ? (
            <li>
              <a href={`/${locale}/staff/settings`}>{t('settings.title')}</a>
            </li>
          ) : null}
          {can(role, 'staff.manage') ? (
            <li>
              <a href={`/${locale}/staff/team`}>{t('team.title')}</a>
            </li>
          ) : null}
        </ul>
      </nav>
      <section aria-labelledby="dash-sales">
        <h2 id="dash-sales">{t('dashboard.sales')}</h2>
        <dl class="figures">
          <div class="figure" data-figure="today-orders">
            <dt>{t('dashboard.todayOrders')}</dt>
            <dd>{n(figures.today.orders)}</dd>
          </div>
          <div class="figure" data-figure="today-revenue">
            <dt>{t('dashboard.todayRevenue')}</dt>
            <dd>
              <Money ctx={ctx} minor={figures.today.revenueMinor} />
            </dd>
          </div>
          <div class="figure" data-figure="month-orders">
            <dt>{t('dashboard.monthOrders', { month: monthName(ctx, now) })}</dt>
            <dd>{n(figures.month.orders)}</dd>
          </div>
          <div class="figure" data-figure="month-revenue">
            <dt>{t('dashboard.monthRevenue', { month: monthName(ctx, now) })}</dt>
            <dd>
              <Money ctx={ctx} minor={figures.month.revenueMinor} />
            </dd>
          </div>
        </dl>
        <p class="hint">{t('dashboard.revenueHint')}</p>
      </section>
      <section aria-labelledby="dash-waiting">
        <h2 id="dash-waiting">{t('dashboard.waiting')}</h2>
        <dl class="figures">
          <div class="figure" data-figure="awaiting-payment">
            <dt>
              <a href={`/${locale}/staff?status=awaiting_payment`}>{t('dashboard.awaitingPayment')}</a>
            </dt>
            <dd>{n(figures.awaitingPayment)}</dd>
          </div>
          <div class="figure" data-figure="awaiting-details">
            <dt>
              <a href={`/${locale}/staff?status=awaiting_details`}>{t('dashboard.awaitingDetails')}</a>
            </dt>
            <dd>{n(figures.awaitingDetails)}</dd>
          </div>
          {props.overduePrivacyRequests === null ? null : (
            <div class="figure" data-figure="overdue-privacy-requests">
              <dt>{t('dashboard.overduePrivacyRequests')}</dt>
              <dd>{n(props.overduePrivacyRequests)}</dd>
            </div>
          )}
        </dl>
      </section>
      <section aria-labelledby="dash-stock">
        <h2 id="dash-stock">{t('dashboard.lowStock')}</h2>
        {figures.lowStock.length === 0 ? (
          <p>{t('dashboard.noLowStock')}</p>
        ) : (
          <table class="low-stock">
            <thead>
              <tr>
                <th scope="col">{t('dashboard.product')}</th>
                <th scope="col">{t('dashboard.sku')}</th>
                <th scope="col">{t('dashboard.inStock')}</th>
              </tr>
            </thead>
            <tbody>
              {figures.lowStock.map((p) => (
                <tr key={p.sku}>
                  <td>{p.name}</td>
                  <td>
                    <Ltr>{p.sku}</Ltr>
                  </td>
                  <td>
                    <Quantity ctx={ctx} milli={p.stockMilli} unit={p.unit} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </Layout>
  );
}
