import { formatDateTime } from '../../i18n/format.ts';
import { INTL_TAG, isLocale, LOCALES, type Locale } from '../../i18n/locales.ts';
import { storefrontLocales } from '../../i18n/storefront-locales.ts';
import type { PaymentMethodCode } from '../../presets/types.ts';
import type { PageContext } from '../../server/context.ts';
import { CsrfField } from '../../views/components.tsx';
import { Layout } from '../../views/layout.tsx';
import { DeliveryAreaFields } from './delivery-areas-fields.tsx';
import {
  CheckField,
  ChoiceGroup,
  FormErrorSummary,
  type FormErrors,
  type FormValues,
  LANGUAGE_NAMES,
  TextField,
} from './form-fields.tsx';
import type { SettingsChange } from './service.ts';
import type { SettingKey } from './shop-settings.ts';

export { LANGUAGE_NAMES };

/** The field's language, for its `lang` and direction. */
const langOf = (l: Locale) => ({ lang: INTL_TAG[l], dir: (l === 'fa' ? 'rtl' : 'ltr') as 'rtl' | 'ltr' });

export function SettingsPage(props: {
  ctx: PageContext;
  values: FormValues;
  errors: FormErrors;
  methods: readonly PaymentMethodCode[];
  history: SettingsChange[];
  saved?: SettingKey[];
}) {
  const { ctx, values, errors, methods } = props;
  const { t, locale } = ctx;
  const common = { t, values, errors };
  // Areas are named in the languages ticked on this form (after an error: as the owner left them).
  const formLanguages = storefrontLocales({
    languages: [values.languages ?? []].flat().filter(isLocale),
    defaultLocale: ctx.preset.defaultLocale,
  });
  return (
    <Layout ctx={ctx} title={t('settings.title')} noindex>
      <h1>{t('settings.title')}</h1>
      {props.saved ? (
        <p class="notice success" role="status">
          {props.saved.length
            ? t('settings.saved', {
                settings: props.saved.map((k) => t(`settings.key.${k}`)).join(t('settings.listSeparator')),
              })
            : t('settings.nothingChanged')}
        </p>
      ) : null}
      <FormErrorSummary t={t} errors={errors} />
      <form method="post" action={`/${locale}/staff/settings`} novalidate>
        <CsrfField ctx={ctx} />
        <fieldset>
          <legend>{t('settings.identity')}</legend>
          <p class="hint">{t('settings.identityHint')}</p>
          {LOCALES.map((l) => (
            <TextField
              key={l}
              {...common}
              name={`name_${l}`}
              label={t('settings.nameIn', { language: LANGUAGE_NAMES[l] })}
              required
              {...langOf(l)}
            />
          ))}
          <TextField {...common} name="legal_name" label={t('settings.legalName')} required />
          {LOCALES.map((l) => (
            <TextField
              key={l}
              {...common}
              name={`address_${l}`}
              label={t('settings.addressIn', { language: LANGUAGE_NAMES[l] })}
              multiline
              required
              {...langOf(l)}
            />
          ))}
          <TextField {...common} name="phone" label={t('settings.phone')} type="tel" dir="ltr" required />
          <TextField {...common} name="email" label={t('settings.email')} type="email" dir="ltr" required />
          <TextField {...common} name="website" label={t('settings.website')} dir="ltr" required />
        </fieldset>

        <fieldset id="f-languages">
          <legend>{t('settings.languages')}</legend>
          <p class="hint">{t('settings.languagesHint', { language: LANGUAGE_NAMES[ctx.preset.defaultLocale] })}</p>
          {LOCALES.map((l) => (
            <div class="field checkbox" key={l}>
              <input
                type="checkbox"
                id={`f-languages-${l}`}
                name="languages"
                value={l}
                checked={l === ctx.preset.defaultLocale || [values.languages ?? []].flat().includes(l)}
                disabled={l === ctx.preset.defaultLocale}
              />
              <label for={`f-languages-${l}`} lang={INTL_TAG[l]}>
                {LANGUAGE_NAMES[l]}
              </label>
            </div>
          ))}
        </fieldset>

        <ChoiceGroup
          {...common}
          name="methods"
          type="checkbox"
          legend={t('settings.paymentMethods')}
          options={methods.map((m) => ({ value: m, label: t(`payment.${m}`) }))}
        />
        <fieldset>
          <legend>{t('settings.paymentInstructions')}</legend>
          <p class="hint">{t('settings.paymentInstructionsHint')}</p>
          {methods.map((m) => (
            <fieldset key={m}>
              <legend>{t(`payment.${m}`)}</legend>
              {LOCALES.map((l) => (
                <TextField
                  key={l}
                  {...common}
                  name={`instructions_${m}_${l}`}
                  label={t('settings.instructionsIn', { language: LANGUAGE_NAMES[l] })}
                  multiline
                  {...langOf(l)}
                />
              ))}
            </fieldset>
          ))}
        </fieldset>

        <fieldset>
          <legend>{t('settings.delivery')}</legend>
          <DeliveryAreaFields ctx={ctx} values={values} errors={errors} languages={formLanguages} />
          <TextField
            {...common}
            name="delivery_windows"
            label={t('settings.deliveryWindows')}
            hint={t('settings.deliveryWindowsHint')}
            multiline
            dir="ltr"
          />
        </fieldset>

        <fieldset>
          <legend>{t('settings.checkout')}</legend>
          <CheckField
            name="account_required"
            label={t('settings.accountRequired')}
            hint={t('settings.accountRequiredHint')}
            checked={values.account_required === '1'}
          />
          <CheckField
            name="email_required"
            label={t('settings.emailRequired')}
            checked={values.email_required === '1'}
          />
          <CheckField name="order_sms" label={t('settings.orderSms')} checked={values.order_sms === '1'} />
        </fieldset>

        <fieldset>
          <legend>{t('settings.retention')}</legend>
          <ChoiceGroup
            {...common}
            name="retention"
            type="radio"
            legend={t('settings.retentionRule')}
            options={[
              { value: 'days', label: t('settings.retentionDays') },
              { value: 'until_request', label: t('settings.retentionUntilRequest') },
            ]}
          />
          <TextField
            {...common}
            name="retention_days"
            label={t('settings.retentionDaysCount')}
            hint={t('settings.retentionDaysHint')}
            inputmode="numeric"
            dir="ltr"
          />
          <TextField
            {...common}
            name="claim_days"
            label={t('settings.claimDays')}
            hint={t('settings.claimDaysHint')}
            inputmode="numeric"
            dir="ltr"
            required
          />
        </fieldset>
        <p class="hint">{t('settings.policyNote')}</p>
        <button type="submit">{t('settings.save')}</button>
      </form>

      <h2 id="history">{t('settings.history')}</h2>
      {props.history.length === 0 ? (
        <p>{t('settings.historyEmpty')}</p>
      ) : (
        <table class="settings-history">
          <thead>
            <tr>
              <th scope="col">{t('settings.historyWhen')}</th>
              <th scope="col">{t('settings.historyWho')}</th>
              <th scope="col">{t('settings.historyWhat')}</th>
              <th scope="col">{t('settings.historyChange')}</th>
            </tr>
          </thead>
          <tbody>
            {props.history.map((h, i) => (
              <tr key={i}>
                <td>{formatDateTime(h.at, locale, ctx.preset.timezone, 'short')}</td>
                <td>{h.staffName}</td>
                <td>{t(`settings.key.${h.setting}`)}</td>
                <td>
                  <details>
                    <summary>{t('settings.historyShow')}</summary>
                    <dl>
                      <dt>{t('settings.historyBefore')}</dt>
                      <dd>
                        <code dir="ltr">{JSON.stringify(h.before)}</code>
                      </dd>
                      <dt>{t('settings.historyAfter')}</dt>
                      <dd>
                        <code dir="ltr">{JSON.stringify(h.after)}</code>
                      </dd>
                    </dl>
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
