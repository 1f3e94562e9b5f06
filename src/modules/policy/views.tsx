import { formatIsoDay } from '../../i18n/format.ts';
import type { MessageKey } from '../../i18n/translate.ts';
import type { DataMap, FieldId, RetentionRule } from '../../privacy/datamap.ts';
import type { PageContext } from '../../server/context.ts';
import { ExternalLink, Ltr, Phone } from '../../views/components.tsx';
import { Layout } from '../../views/layout.tsx';

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
 * The privacy policy, generated from the data map and the shop's facts: what is collected and why, who receives it
 * (HK-01, HK-09), how long it is kept, the rights and how to use them, who the controller is (KT-09), when it was
 * last updated (MS-11), that it covers this site only (HK-18), and a link to the terms (CM-19).
 */
export function PolicyPage({ ctx, dataMap }: { ctx: PageContext; dataMap: DataMap }) {
  const { t, locale, preset } = ctx;
  const { identity, policy } = preset;
  const retention = (rule: RetentionRule) =>
    rule === 'customer'
      ? policy.customerDataRetention === 'until_request'
        ? t('policy.retention.untilRequest')
        : t('policy.retention.days', { days: policy.customerDataRetention })
      : t(`policy.retention.${rule}`);
  const fieldsByCategory = new Map<string, Set<RetentionRule>>();
  for (const { column } of dataMap.customerFields()) {
    // Password hashes are covered by the protection paragraph; they are nobody's readable data.
    if (column.category.startsWith('user.authorization')) continue;
    // Only a shop that issues official invoices asks for a national code (KN-04).
    if (column.category.startsWith('user.government_id') && !preset.taxIdentity) continue;
    const set = fieldsByCategory.get(column.category) ?? new Set();
    if (column.retention) set.add(column.retention);
    fieldsByCategory.set(column.category, set);
  }
  return (
    <Layout ctx={ctx} title={t('policy.title')}>
      <article class="policy">
        <h1>{t('policy.title')}</h1>
        <p class="updated">
          {t('policy.lastUpdated')}{' '}
          <time dateTime={policy.lastUpdated}>{formatIsoDay(policy.lastUpdated, locale, 'long')}</time>
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
            {[...fieldsByCategory].map(([category, rules]) => (
              <tr key={category}>
                <td>{t(CATEGORY_MESSAGES[category] ?? 'policy.category.other')}</td>
                <td>{[...rules].map(retention).join('; ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>{t('policy.noCards')}</p>
        <p>{t('policy.noRawIp')}</p>

        <h2>{t('policy.purposesTitle')}</h2>
        <ul>
          {dataMap.purposesInUse().map((p) => (
            <li key={p}>{t(`purpose.${p}`)}</li>
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
                  {r.fields.length
                    ? `: ${[...new Set(r.fields.map((f) => fieldLabel(ctx, dataMap, f as FieldId)))].join(', ')}`
                    : ''}
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

/** Fields a recipient may receive that are not personal data, named for a customer. */
const FIELD_MESSAGES: Partial<Record<FieldId, MessageKey>> = {
  'orders.code': 'policy.field.orderCode',
};

/** A recipient's field, named by its data category (the field ids themselves mean nothing to a customer). */
function fieldLabel(ctx: PageContext, dataMap: DataMap, field: FieldId): string {
  const category = dataMap.field(field)?.category;
  return ctx.t(FIELD_MESSAGES[field] ?? ((category && CATEGORY_MESSAGES[category]) || 'policy.category.other'));
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
        <h2>{t('terms.privacyTitle')}</h2>
        <p>
          {t('terms.privacy')} <a href={`/${locale}/privacy`}>{t('policy.title')}</a>
        </p>
      </article>
    </Layout>
  );
}
