import type { ComponentChildren } from 'preact';
import { DIRECTION, INTL_TAG, LOCALES, type Locale } from '../../i18n/locales.ts';
import type { Translate } from '../../i18n/translate.ts';
import { PRESET_IDS, PRESETS } from '../../presets/index.ts';
import {
  CheckField,
  ChoiceGroup,
  FormErrorSummary,
  type FormErrors,
  type FormValues,
  TextField,
} from '../settings/form-fields.tsx';
import { OFFLINE_METHODS } from '../settings/shop-settings.ts';
import { LANGUAGE_NAMES } from '../settings/views.tsx';
import { COUNTRIES, CURRENCIES, METHODS_WITH_INSTRUCTIONS, STOREFRONT_MODES } from './first-run.ts';

/** The setup runs before there is a shop: its own plain layout, no shop name, no navigation but the languages. */
function SetupLayout({
  locale,
  t,
  title,
  children,
}: {
  locale: Locale;
  t: Translate;
  title: string;
  children: ComponentChildren;
}) {
  return (
    <html lang={INTL_TAG[locale]} dir={DIRECTION[locale]}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{title}</title>
        <link rel="stylesheet" href="/assets/site.css" />
      </head>
      <body class="staff">
        <a class="skip" href="#main">
          {t('common.skipToContent')}
        </a>
        <header class="site-header">
          <span class="brand">Amanat</span>
          <nav class="languages" aria-label={t('common.language')}>
            {LOCALES.map((l) => (
              <a
                key={l}
                href={`/${l}/setup`}
                hrefLang={INTL_TAG[l]}
                lang={INTL_TAG[l]}
                aria-current={l === locale ? 'true' : undefined}
              >
                {LANGUAGE_NAMES[l]}
              </a>
            ))}
          </nav>
        </header>
        <main id="main">{children}</main>
      </body>
    </html>
  );
}

export function SetupPage(props: { locale: Locale; t: Translate; values: FormValues; errors: FormErrors }) {
  const { locale, t, values, errors } = props;
  const common = { t, values, errors };
  // The gateways any preset can offer; the form refuses one its chosen preset does not declare.
  const gateways = [...new Set(PRESET_IDS.flatMap((id) => PRESETS[id].paymentMethods))].filter(
    (m) => !(OFFLINE_METHODS as readonly string[]).includes(m),
  );
  return (
    <SetupLayout locale={locale} t={t} title={t('setup.title')}>
      <h1>{t('setup.title')}</h1>
      <p>{t('setup.intro', { language: LANGUAGE_NAMES[locale] })}</p>
      <FormErrorSummary t={t} errors={errors} />
      <form method="post" action={`/${locale}/setup`} novalidate>
        <TextField
          {...common}
          name="token"
          label={t('setup.token')}
          hint={t('setup.tokenHint')}
          dir="ltr"
          required
          autocomplete="off"
          values={{}}
        />
        <ChoiceGroup
          {...common}
          name="preset"
          type="radio"
          legend={t('setup.preset')}
          options={PRESET_IDS.map((id) => ({
            value: id,
            label: PRESETS[id].identity.name[locale],
            hint: t(`setup.presetHint.${id}`),
          }))}
        />
        <fieldset>
          <legend>{t('setup.business')}</legend>
          <TextField {...common} name="name" label={t('setup.name')} required />
          <TextField {...common} name="legal_name" label={t('settings.legalName')} required />
          <TextField {...common} name="address" label={t('setup.address')} multiline required />
          <TextField {...common} name="phone" label={t('settings.phone')} type="tel" dir="ltr" required />
          <TextField {...common} name="email" label={t('settings.email')} type="email" dir="ltr" required />
          <TextField {...common} name="website" label={t('settings.website')} dir="ltr" required />
          <ChoiceGroup
            {...common}
            name="country"
            type="radio"
            legend={t('setup.country')}
            options={COUNTRIES.map((c) => ({ value: c, label: t(`setup.country.${c}`) }))}
          />
          <ChoiceGroup
            {...common}
            name="currency"
            type="radio"
            legend={t('setup.currency')}
            options={CURRENCIES.map((c) => ({ value: c, label: t(`setup.currency.${c}`) }))}
          />
        </fieldset>
        <fieldset>
          <legend>{t('setup.selling')}</legend>
          <ChoiceGroup
            {...common}
            name="storefront"
            type="radio"
            legend={t('setup.storefront')}
            options={STOREFRONT_MODES.map((m) => ({ value: m, label: t(`setup.storefront.${m}`) }))}
          />
          <TextField
            {...common}
            name="intro"
            label={t('setup.whatYouSell')}
            hint={t('setup.whatYouSellHint')}
            multiline
            required
          />
          <CheckField
            name="sample_catalogue"
            label={t('setup.sampleCatalogue')}
            hint={t('setup.sampleCatalogueHint')}
            checked={values.sample_catalogue === '1'}
          />
        </fieldset>
        <ChoiceGroup
          {...common}
          name="methods"
          type="checkbox"
          legend={t('settings.paymentMethods')}
          options={[...OFFLINE_METHODS, ...gateways].map((m) => ({ value: m, label: t(`payment.${m}`) }))}
        />
        <fieldset>
          <legend>{t('settings.paymentInstructions')}</legend>
          {METHODS_WITH_INSTRUCTIONS.map((m) => (
            <TextField
              key={m}
              {...common}
              name={`instructions_${m}`}
              label={t(`payment.${m}`)}
              hint={t('setup.instructionsHint')}
              multiline
            />
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('settings.delivery')}</legend>
          <TextField
            {...common}
            name="delivery_fee"
            label={t('setup.deliveryFee')}
            inputmode="decimal"
            dir="ltr"
            required
          />
        </fieldset>
        <fieldset>
          <legend>{t('setup.owner')}</legend>
          <TextField {...common} name="owner_name" label={t('setup.ownerName')} required autocomplete="name" />
          <TextField
            {...common}
            name="owner_username"
            label={t('setup.ownerUsername')}
            hint={t('setup.ownerUsernameHint')}
            dir="ltr"
            required
            autocomplete="username"
          />
          <TextField
            {...common}
            name="password"
            label={t('setup.password')}
            type="password"
            dir="ltr"
            required
            autocomplete="new-password"
          />
          <TextField
            {...common}
            name="password_confirm"
            label={t('setup.passwordConfirm')}
            type="password"
            dir="ltr"
            required
            autocomplete="new-password"
          />
        </fieldset>
        <button type="submit">{t('setup.submit')}</button>
      </form>
    </SetupLayout>
  );
}

export function SetupDonePage({ locale, t, shop }: { locale: Locale; t: Translate; shop: string }) {
  return (
    <SetupLayout locale={locale} t={t} title={t('setup.doneTitle')}>
      <h1>{t('setup.doneTitle')}</h1>
      <p class="notice success" role="status">
        {t('setup.done', { shop })}
      </p>
      <ul>
        <li>
          <a href={`/${locale}/staff/login`}>{t('setup.goStaff')}</a>
        </li>
        <li>
          <a href={`/${locale}/`}>{t('setup.goShop')}</a>
        </li>
      </ul>
    </SetupLayout>
  );
}

export function SetupClosedPage({ locale, t }: { locale: Locale; t: Translate }) {
  return (
    <SetupLayout locale={locale} t={t} title={t('setup.closedTitle')}>
      <h1>{t('setup.closedTitle')}</h1>
      <p>{t('setup.closed')}</p>
    </SetupLayout>
  );
}
