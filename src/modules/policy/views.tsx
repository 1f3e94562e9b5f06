import { dayIn, formatDate } from '../../i18n/format.ts';
import type { MessageKey } from '../../i18n/translate.ts';
import type { NonEssentialFeature, StorefrontMode } from '../../presets/types.ts';
import type { Purpose, RetentionRule } from '../../privacy/datamap.ts';
import type { PageContext } from '../../server/context.ts';
import { ExternalLink, Ltr, Phone } from '../../views/components.tsx';
import { Layout } from '../../views/layout.tsx';
import { OptionalCookies } from '../consent/views.tsx';
import type { PolicyVersion } from './versions.ts';

/** fideslang categories → the message that names them for a customer. */
const CATEGORY_MESSAGES: Record<string, MessageKey> = {
  'user.name': 'policy.category.name',
  'user.contact.email': 'policy.category.email',
  'user.contact.phone_number': 'policy.category.phone',
  'user.contact.address': 'policy.category.address',
  'user.financial': 'policy.category.payment',
  'user.content.self_description': 'policy.category.instructions',
  'user.behavior.browsing_history': 'policy.category.cart',
  'user.account.username': 'policy.category.username',
  'user.device': 'policy.category.device',
  'user.authorization.credentials': 'policy.category.password',
  'user.government_id.national_identification_number': 'policy.category.taxIdentity',
  'user.contact': 'policy.category.messages',
};

/**
 * The privacy policy, rendered from one version's snapshot (CM-18): what is collected and why, who receives it
 * (HK-01, HK-09), how long it is kept, the optional cookies and what stops working without them (CM-12, MS-09), the
 * rights and how to use them, who the controller is (KT-09), when this version took effect (MS-11), that it covers
 * this site only (HK-18), and a link to the terms (CM-19). An old version says so at the top.
 */
export function PolicyPage({ ctx, version, current }: { ctx: PageContext; version: PolicyVersion; current: boolean }) {
  const { t, locale } = ctx;
  const policy = version.snapshot;
  const { identity } = policy;
  const retention = (rule: RetentionRule) =>
    rule === 'customer'
      ? policy.customerDataRetention === 'until_request'
        ? t('policy.retention.untilRequest')
        : t('policy.retention.days', { days: policy.customerDataRetention })
      : rule === 'order_delivery' && policy.claimDays !== undefined
        ? t('policy.retention.order_deliveryDays', { days: policy.claimDays })
        : t(`policy.retention.${rule}`);
  const effective = <EffectiveDate ctx={ctx} iso={version.effectiveAt} />;
  return (
    <Layout ctx={ctx} title={t('policy.title')} noindex={!current}>
      <article class="policy">
        <h1>{t('policy.title')}</h1>
        {current ? null : (
          <p class="notice old-version">
            {t('policyHistory.oldNotice', { number: version.number })} {effective}.{' '}
            <a href={`/${locale}/privacy`}>{t('policyHistory.readCurrent')}</a>
          </p>
        )}
        <p class="updated">
          {t('policy.lastUpdated')} {effective}
          {t('common.separator')}
          <a href={`/${locale}/privacy/history`}>{t('policyHistory.historyLink')}</a>
        </p>
        <p>{policy.intro[locale]}</p>
        <p class="scope">{t('policy.scope', { shop: identity.name[locale], website: identity.website })}</p>

        <h2>{t('policy.collectedTitle')}</h2>
        <table class="policy-table">
          <thead>
            <tr>
              <th scope="col">{t('policy.data')}</th>
              <th scope="col">{t('policy.kept')}</th>
            </tr>
          </thead>
          <tbody>
            {policy.collected.map(({ category, retention: rules }) => (
              <tr key={category}>
                <td>{t(categoryMessage(category))}</td>
                <td>{rules.map(retention).join('; ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>{t('policy.noCards')}</p>
        <p>{t('policy.noRawIp')}</p>

        <h2>{t('policy.purposesTitle')}</h2>
        <ul class="purposes">
          {policy.purposes.map((p) => (
            <li key={p}>{t(purposeMessage(p, policy.storefront ?? ctx.preset.storefront))}</li>
          ))}
          {(policy.statisticsPurposes ?? []).map((p) => (
            <li key={p} class="from-statistics">
              {t(purposeMessage(p, policy.storefront ?? ctx.preset.storefront))} {t('policy.fromStatisticsOnly')}
            </li>
          ))}
        </ul>

        <h2>{t('policy.recipientsTitle')}</h2>
        {policy.recipients.length === 0 ? (
          <p class="no-recipients">{t('policy.noRecipients', { shop: identity.name[locale] })}</p>
        ) : (
          <>
            <p>{t('policy.recipientsIntro')}</p>
            <ul class="recipients">
              {policy.recipients.map((r) => (
                <li key={r.id}>
                  <strong>{r.name[locale]}</strong> — {t(`recipient.${r.kind}`)}
                  {r.contract ? (
                    <>
                      {' '}
                      ({t('policy.contract')} <Ltr>{r.contract}</Ltr>)
                    </>
                  ) : null}
                  {r.fields.length ? `: ${[...new Set(r.fields.map((f) => t(fieldMessage(f))))].join(', ')}` : ''}
                </li>
              ))}
            </ul>
          </>
        )}
        <p>{t('policy.neverSold')}</p>

        <h2>{t('policy.protectionTitle')}</h2>
        <p>{t('policy.protection')}</p>

        <h2>{t('policy.cookiesTitle')}</h2>
        <p>{t('policy.cookies')}</p>
        <OptionalCookies ctx={ctx} features={policy.nonEssential as NonEssentialFeature[]} />

        <h2>{t('policy.rightsTitle')}</h2>
        <p>{t('policy.rights')}</p>

        <h2>{t('policy.controllerTitle')}</h2>
        <address class="controller">
          <strong>{identity.legalName}</strong>
          <br />
          {identity.address[locale]}
          <br />
          {t('policy.phone')}:{' '}
          <a href={`tel:${identity.phone}`}>
            <Phone ctx={ctx} e164={identity.phone} />
          </a>
          <br />
          {t('policy.email')}:{' '}
          <a href={`mailto:${identity.email}`}>
            <Ltr>{identity.email}</Ltr>
          </a>
          <br />
          {t('policy.website')}:{' '}
          <ExternalLink ctx={ctx} href={`https://${identity.website.replace(/^https?:\/\//, '')}`}>
            <Ltr>{identity.website}</Ltr>
          </ExternalLink>
        </address>

        <p>
          {t('policy.termsLink')} <a href={`/${locale}/terms`}>{t('terms.title')}</a>
        </p>
      </article>
    </Layout>
  );
}

/** The day a version took effect, in the shop's calendar (Jalali in Persian). */
export function EffectiveDate({ ctx, iso }: { ctx: PageContext; iso: string }) {
  return (
    <time dateTime={dayIn(ctx.preset.timezone, new Date(iso))}>
      {formatDate(iso, ctx.locale, ctx.preset.timezone, 'long')}
    </time>
  );
}

/**
 * A purpose in the words of how the shop sells: a services shop's order is a booking done by a technician at the
 * customer's home (MS-05); a catalogue shop takes orders by phone and e-mail and answers questions about its products
 * (KT-05). The purpose itself, and what it allows, is the same.
 */
const PURPOSE_WORDING: Partial<Record<StorefrontMode, Partial<Record<Purpose, MessageKey>>>> = {
  services: {
    'order.fulfilment': 'purpose.services.order.fulfilment',
    'order.status_updates': 'purpose.services.order.status_updates',
    'customer.support': 'purpose.services.customer.support',
  },
  catalogue: {
    'order.fulfilment': 'purpose.catalogue.order.fulfilment',
    'customer.support': 'purpose.catalogue.customer.support',
  },
};

export function purposeMessage(purpose: Purpose, storefront: StorefrontMode): MessageKey {
  return PURPOSE_WORDING[storefront]?.[purpose] ?? `purpose.${purpose}`;
}

export function categoryMessage(category: string): MessageKey {
  return CATEGORY_MESSAGES[category] ?? 'policy.category.other';
}

/** Fields a recipient may receive that are not personal data, named for a customer. */
const FIELD_MESSAGES: Record<string, MessageKey> = {
  'orders.code': 'policy.field.orderCode',
};

/** A recipient's field, named by its data category (the field ids themselves mean nothing to a customer). */
function fieldMessage(field: { id: string; category: string | null }): MessageKey {
  return FIELD_MESSAGES[field.id] ?? ((field.category && CATEGORY_MESSAGES[field.category]) || 'policy.category.other');
}

export function TermsPage({ ctx }: { ctx: PageContext }) {
  const { t, locale, preset } = ctx;
  return (
    <Layout ctx={ctx} title={t('terms.title')}>
      <article class="policy">
        <h1>{t('terms.title')}</h1>
        <p>{t('terms.intro', { shop: preset.identity.name[locale] })}</p>
        <h2>{t('terms.ordersTitle')}</h2>
        <p>{t(`terms.orders.${preset.storefront}`)}</p>
        <h2>{t('terms.paymentTitle')}</h2>
        <ul>
          {preset.paymentMethods.map((m) => (
            <li key={m}>{t(`payment.${m}`)}</li>
          ))}
        </ul>
        {preset.storefront === 'services' ? null : (
          <>
            <h2>{t('terms.claimsTitle')}</h2>
            <p class="claims">{t('terms.claims', { days: preset.policy.claimDays })}</p>
          </>
        )}
        <h2>{t('terms.privacyTitle')}</h2>
        <p>
          {t('terms.privacy')} <a href={`/${locale}/privacy`}>{t('policy.title')}</a>
        </p>
      </article>
    </Layout>
  );
}
