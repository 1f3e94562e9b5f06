import { INTL_TAG, type Locale } from '../../i18n/locales.ts';
import type { PageContext } from '../../server/context.ts';
import { areaField, areaRows } from './delivery-areas-form.ts';
import { CheckField, type FormErrors, type FormValues, LANGUAGE_NAMES, TextField } from './form-fields.tsx';

const one = (v: string | string[] | undefined) => (typeof v === 'string' ? v : '');

/**
 * The delivery areas as rows of fields: the existing areas, then blank rows for new ones. Removing is a ticked box,
 * so the page needs no JavaScript; a new row is open for delivery unless its box is unticked.
 */
export function DeliveryAreaFields(props: {
  ctx: PageContext;
  values: FormValues;
  errors: FormErrors;
  languages: readonly Locale[];
}) {
  const { ctx, values, errors, languages } = props;
  const { t } = ctx;
  const rows = areaRows(values, languages);
  const common = { t, values, errors };
  return (
    <fieldset id="f-areas" class="delivery-areas" aria-describedby={errors.areas ? 'f-areas-error' : undefined}>
      <legend>{t('deliveryAreas.legend')}</legend>
      <p class="hint">{t('deliveryAreas.hint', { currency: ctx.preset.currency })}</p>
      {errors.areas ? (
        <p class="error" id="f-areas-error">
          {t(errors.areas)}
        </p>
      ) : null}
      {Array.from({ length: rows }, (_, row) => {
        const id = one(values[areaField(row, 'id')]);
        const isNew = !id;
        const enabled =
          isNew && !rowTyped(values, row, languages) ? true : one(values[areaField(row, 'enabled')]) === '1';
        return (
          <fieldset key={row} class="delivery-area">
            <legend>{isNew ? t('deliveryAreas.newArea') : t('deliveryAreas.area', { number: row + 1 })}</legend>
            {id ? <input type="hidden" name={areaField(row, 'id')} value={id} /> : null}
            {languages.map((l) => (
              <TextField
                key={l}
                {...common}
                name={areaField(row, `name_${l}`)}
                label={t('deliveryAreas.nameIn', { language: LANGUAGE_NAMES[l] })}
                lang={INTL_TAG[l]}
                dir={l === 'fa' ? 'rtl' : 'ltr'}
              />
            ))}
            <TextField
              {...common}
              name={areaField(row, 'fee')}
              label={t('deliveryAreas.fee', { currency: ctx.preset.currency })}
              inputmode="decimal"
              dir="ltr"
            />
            <CheckField name={areaField(row, 'enabled')} label={t('deliveryAreas.enabled')} checked={enabled} />
            {isNew ? null : (
              <CheckField
                name={areaField(row, 'remove')}
                label={t('deliveryAreas.remove')}
                checked={one(values[areaField(row, 'remove')]) === '1'}
              />
            )}
          </fieldset>
        );
      })}
    </fieldset>
  );
}

/** A new row the owner typed into (after an error): its box shows what they chose, not the default. */
function rowTyped(values: FormValues, row: number, languages: readonly Locale[]): boolean {
  return (
    languages.some((l) => one(values[areaField(row, `name_${l}`)]) !== '') || one(values[areaField(row, 'fee')]) !== ''
  );
}
