import type { ComponentChildren } from 'preact';
import { DIRECTION, INTL_TAG, LOCALES } from '../i18n/locales.ts';
import { isStaffPath, storefrontLocales } from '../i18n/storefront-locales.ts';
import { ConsentBanner } from '../modules/consent/views.tsx';
import { ownDeliveryMessage } from '../modules/fulfilment/own-delivery-wording.ts';
import { PolicyChangeNotice } from '../modules/policy/notice.tsx';
import { can } from '../modules/staff/permissions.ts';
import type { PageContext } from '../server/context.ts';

const LANGUAGE_NAMES = { bn: 'বাংলা', en: 'English', vi: 'Tiếng Việt', fa: 'فارسی' } as const;

export function Layout({
  ctx,
  title,
  children,
  noindex,
  head,
}: {
  ctx: PageContext;
  title: string;
  children: ComponentChildren;
  noindex?: boolean;
  /** Extra elements for the head (a page that moves on by itself). */
  head?: ComponentChildren;
}) {
  const { locale, t, preset } = ctx;
  const shop = preset.identity.name[locale];
  const staffArea = isStaffPath(ctx.path);
  // The storefront offers the shop's languages; the staff area keeps all four.
  const languages = staffArea ? LOCALES : storefrontLocales(preset);
  return (
    <html lang={INTL_TAG[locale]} dir={DIRECTION[locale]}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title}${t('common.separator')}${shop}`}</title>
        <link rel="stylesheet" href="/assets/site.css" />
        {noindex || staffArea ? <meta name="robots" content="noindex" /> : null}
        {head}
        {languages.map((l) => (
          <link key={l} rel="alternate" hrefLang={INTL_TAG[l]} href={`${ctx.origin}/${l}${ctx.path}${ctx.listQuery}`} />
        ))}
        <link
          rel="alternate"
          hrefLang="x-default"
          href={`${ctx.origin}/${preset.defaultLocale}${ctx.path}${ctx.listQuery}`}
        />
      </head>
      <body class={staffArea ? 'staff' : undefined}>
        <a class="skip" href="#main">
          {t('common.skipToContent')}
        </a>
        <header class="site-header">
          <a class="brand" href={`/${locale}/`}>
            {shop}
          </a>
          {staffArea ? (
            <nav class="site-nav" aria-label={t('staff.nav')}>
              {can(ctx.staff?.role ?? '', 'orders.view') || !ctx.staff ? (
                <a href={`/${locale}/staff`}>{t('staff.orders')}</a>
              ) : null}
              {can(ctx.staff?.role ?? '', 'deliveries.own') ? (
                <a href={`/${locale}/staff/deliveries`}>
                  {t(ownDeliveryMessage('delivery.nav', ctx.preset.storefront))}
                </a>
              ) : null}
              {can(ctx.staff?.role ?? '', 'orders.create') ? (
                <a href={`/${locale}/staff/orders/new`}>{t('staff.newOrder')}</a>
              ) : null}
              {can(ctx.staff?.role ?? '', 'accounts.recover') ? (
                <a href={`/${locale}/staff/recovery`}>{t('staff.recovery')}</a>
              ) : null}
              {can(ctx.staff?.role ?? '', 'legal.register') ? (
                <a href={`/${locale}/staff/legal`}>{t('legal.nav')}</a>
              ) : null}
              {can(ctx.staff?.role ?? '', 'catalog.manage') ? (
                <a href={`/${locale}/staff/catalog`}>{t('adminCatalog.products')}</a>
              ) : null}
              {can(ctx.staff?.role ?? '', 'privacy.requests') ? (
                <a href={`/${locale}/staff/requests`}>{t('dsr.staff.nav')}</a>
              ) : null}
              {can(ctx.staff?.role ?? '', 'dashboard.view') ? (
                <a href={`/${locale}/staff/dashboard`}>{t('dashboard.nav')}</a>
              ) : null}
              {can(ctx.staff?.role ?? '', 'staff.manage') ? (
                <a href={`/${locale}/staff/team`}>{t('team.nav')}</a>
              ) : null}
              {can(ctx.staff?.role ?? '', 'settings.manage') ? (
                <a href={`/${locale}/staff/settings`}>{t('settings.nav')}</a>
              ) : null}
              {can(ctx.staff?.role ?? '', 'marketing.send') ? (
                <a href={`/${locale}/staff/marketing`}>{t('marketing.nav')}</a>
              ) : null}
              {can(ctx.staff?.role ?? '', 'analytics.view') ? (
                <a href={`/${locale}/staff/analytics`}>{t('analytics.nav')}</a>
              ) : null}
              {can(ctx.staff?.role ?? '', 'audit.view') ? (
                <a href={`/${locale}/staff/audit`}>{t('staff.audit')}</a>
              ) : null}
              {ctx.staff ? (
                <form method="post" action={`/${locale}/staff/logout`} class="inline">
                  <input type="hidden" name="_csrf" value={ctx.csrf} />
                  <button class="link">{t('staff.signOut')}</button>
                </form>
              ) : null}
            </nav>
          ) : (
            <>
              <form class="search" action={`/${locale}/search`} method="get">
                <label class="visually-hidden" for="q">
                  {t('search.label')}
                </label>
                <input id="q" name="q" type="search" dir="auto" placeholder={t('search.placeholder')} />
                <button>{t('search.submit')}</button>
              </form>
              <nav class="site-nav" aria-label={t('common.mainNav')}>
                <a href={`/${locale}/cart`}>
                  {preset.storefront === 'catalogue' ? t('cart.titleList') : t('cart.title')}
                  {ctx.cartCount > 0 ? <span class="badge">{t('cart.count', { count: ctx.cartCount })}</span> : null}
                </a>
                <a href={`/${locale}/order-status`}>{t('status.nav')}</a>
                <a href={`/${locale}/account${ctx.signedIn ? '' : '/signin'}`}>
                  {ctx.signedIn ? t('nav.account') : t('nav.signIn')}
                </a>
              </nav>
            </>
          )}
          <nav class="languages" aria-label={t('common.language')}>
            {languages.map((l) => (
              <a
                key={l}
                href={`/${l}${ctx.path}${ctx.listQuery}`}
                hrefLang={INTL_TAG[l]}
                lang={INTL_TAG[l]}
                aria-current={l === locale ? 'true' : undefined}
              >
                {LANGUAGE_NAMES[l]}
              </a>
            ))}
          </nav>
        </header>
        {ctx.consentBanner && !staffArea ? <ConsentBanner ctx={ctx} /> : null}
        {ctx.policyChangedAt && !staffArea ? <PolicyChangeNotice ctx={ctx} at={ctx.policyChangedAt} /> : null}
        <main id="main">{children}</main>
        <footer class="site-footer">
          <nav aria-label={t('common.footerNav')}>
            <a href={`/${locale}/privacy`}>{t('policy.title')}</a>
            <a href={`/${locale}/terms`}>{t('terms.title')}</a>
            <a href={`/${locale}/privacy/requests`}>{t('dsr.footer')}</a>
            {preset.nonEssential?.length ? <a href={`/${locale}/cookies`}>{t('consent.settingsLink')}</a> : null}
            <a href={`/${locale}/staff`}>{t('staff.area')}</a>
          </nav>
          <p>
            {preset.identity.legalName}
            {t('common.separator')}
            {preset.identity.address[locale]}
          </p>
        </footer>
      </body>
    </html>
  );
}
