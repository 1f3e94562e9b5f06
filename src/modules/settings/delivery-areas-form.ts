import { randomUUID } from 'node:crypto';
import { formatNumber } from '../../i18n/format.ts';
import type { Locale } from '../../i18n/locales.ts';
import { normaliseInput, parseDecimal } from '../../i18n/numbers.ts';
import type { MessageKey } from '../../i18n/translate.ts';
import type { DeliveryArea, Localized } from '../../presets/types.ts';

/**
 * The delivery areas on the settings page: one row of fields per area (`area_<n>_id`, `area_<n>_name_<locale>`,
 * `area_<n>_fee`, `area_<n>_enabled`, `area_<n>_remove`), the existing ones first and then blank rows to add new ones,
 * so that adding and removing work without JavaScript. A row left blank is no area.
 */
export const BLANK_AREA_ROWS = 2;
const MAX_ROWS = 50;
const ID = /^[a-z0-9-]{1,40}$/;

type Values = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (typeof v === 'string' ? v : '');

export const areaField = (row: number, field: string) => `area_${row}_${field}`;

/** The areas as form values; fees with the page language's digits, as the owner would type them. */
export function areasToForm(areas: readonly DeliveryArea[], locale: Locale, languages: readonly Locale[]): Values {
  const form: Values = {};
  areas.forEach((a, row) => {
    form[areaField(row, 'id')] = a.id;
    for (const l of languages) form[areaField(row, `name_${l}`)] = a.name[l];
    form[areaField(row, 'fee')] = formatNumber(a.fee, locale, { useGrouping: false, maximumFractionDigits: 2 });
    form[areaField(row, 'enabled')] = a.enabled ? '1' : '';
  });
  return form;
}

/** The rows the form shows: every row that holds something (as typed, after an error), then the blank ones. */
export function areaRows(values: Values, languages: readonly Locale[]): number {
  let last = -1;
  for (let row = 0; row < MAX_ROWS; row++) {
    if (rowHasContent(values, row, languages) || one(values[areaField(row, 'id')])) last = row;
  }
  return last + 1 + BLANK_AREA_ROWS;
}

function rowHasContent(values: Values, row: number, languages: readonly Locale[]): boolean {
  return (
    languages.some((l) => normaliseInput(one(values[areaField(row, `name_${l}`)])) !== '') ||
    normaliseInput(one(values[areaField(row, 'fee')])) !== ''
  );
}

/**
 * Reads the areas from the form. Names are required in each of the shop's languages (`languages`); a language the
 * shop does not offer keeps the area's earlier name, or the first language's. Fees accept any digits the shop's
 * scripts type. Errors are keyed by the field they belong to; `areas` is the whole group's.
 */
export function parseAreas(
  values: Values,
  previous: readonly DeliveryArea[],
  locale: Locale,
  languages: readonly Locale[],
  allLocales: readonly Locale[],
  /** Decimals of the shop currency's minor unit (BDT 2, VND and IRR 0): a fee finer than that cannot be charged. */
  minorDigits: number,
): { areas: DeliveryArea[]; errors: Record<string, MessageKey> } {
  const errors: Record<string, MessageKey> = {};
  const areas: DeliveryArea[] = [];
  const seenIds = new Set<string>();
  const seenNames = new Map<string, number>();
  for (let row = 0; row < MAX_ROWS; row++) {
    const typedId = one(values[areaField(row, 'id')]);
    if (!rowHasContent(values, row, languages)) continue;
    if (one(values[areaField(row, 'remove')]) === '1') continue;
    const before = previous.find((a) => a.id === typedId);
    // A new row, or an id sent twice (a forged form), gets a new id; a known one keeps its own.
    const id = before && ID.test(typedId) && !seenIds.has(typedId) ? typedId : randomUUID().slice(0, 8);
    seenIds.add(id);

    const name = {} as Localized;
    for (const l of languages) {
      const field = areaField(row, `name_${l}`);
      name[l] = normaliseInput(one(values[field]));
      if (!name[l]) errors[field] = 'settings.errorRequired';
      else if (name[l].length > 80) errors[field] = 'settings.errorTooLong';
    }
    for (const l of allLocales) {
      if (!languages.includes(l)) name[l] = before?.name[l] || name[languages[0]];
    }
    const key = name[languages[0]].toLocaleLowerCase();
    const nameField = areaField(row, `name_${languages[0]}`);
    if (key && seenNames.has(key) && !errors[nameField]) errors[nameField] = 'deliveryAreas.errorNameRepeated';
    seenNames.set(key, row);

    const feeField = areaField(row, 'fee');
    const feeText = parseDecimal(one(values[feeField]), locale);
    const fee = feeText === null ? Number.NaN : Number(feeText);
    const fraction = feeText?.split('.')[1] ?? '';
    if (!Number.isFinite(fee) || fee < 0 || fee > 1e12) errors[feeField] = 'settings.errorAmount';
    else if (fraction.length > minorDigits) errors[feeField] = 'deliveryAreas.errorFeeDecimals';

    areas.push({ id, name, fee, enabled: one(values[areaField(row, 'enabled')]) === '1' });
  }
  if (!areas.some((a) => a.enabled) && Object.keys(errors).length === 0) errors.areas = 'deliveryAreas.errorNoArea';
  return { areas, errors };
}
