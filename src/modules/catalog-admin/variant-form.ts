import { LOCALES, type Locale } from '../../i18n/locales.ts';
import { normaliseInput } from '../../i18n/numbers.ts';
import type { MessageKey } from '../../i18n/translate.ts';
import type { Preset } from '../../presets/types.ts';
import { parseQuantityMilli } from '../cart/cart.ts';
import { MAX_OPTIONS } from '../catalog/variants-schema.ts';
import { majorToMinor } from './import/woocommerce-row.ts';
import type { ProductForEdit, VariantsInput } from './service.ts';

export type VariantFormValues = Record<string, string>;
export type VariantFormErrors = Record<string, MessageKey>;

/** Rows of a variant form at most (existing variants plus the blank ones). */
export const MAX_VARIANT_ROWS = 200;
/** Blank rows offered for new variants: the form needs no JavaScript to add one. */
export const BLANK_ROWS = 2;

/** The row numbers present in a submitted (or prepared) form. */
export function variantRows(values: VariantFormValues): number[] {
  const rows: number[] = [];
  for (let i = 0; i < MAX_VARIANT_ROWS; i++)
    if (values[`v_${i}_sku`] !== undefined || values[`v_${i}_id`] !== undefined) rows.push(i);
  return rows;
}

/**
 * The options-and-variants form of a product as VariantsInput, or its errors by field name. Option N is used when it
 * has a name in the shop's language; a variant gives a value for each option used, its own SKU, a price (empty: the
 * product's) and, when new, its initial stock. A blank new row is ignored.
 */
export function parseVariantForm(
  body: VariantFormValues,
  preset: Preset,
  locale: Locale,
  existingIds: Set<string>,
): { ok: true; input: VariantsInput } | { ok: false; errors: VariantFormErrors } {
  const errors: VariantFormErrors = {};
  const text = (name: string, max: number) => normaliseInput(body[name] ?? '').slice(0, max);
  const own = preset.defaultLocale;
  const options: Partial<Record<Locale, string>>[] = [];
  let used = 0;
  for (let n = 1; n <= MAX_OPTIONS; n++) {
    const names = Object.fromEntries(
      LOCALES.map((l) => [l, text(`option_${n}_${l}`, 100)]).filter(([, name]) => name),
    ) as Partial<Record<Locale, string>>;
    const any = Object.keys(names).length > 0;
    if (any && !names[own]) errors[`option_${n}_${own}`] = 'variant.errorOptionName';
    else if (names[own] && used < n - 1) errors[`option_${used + 1}_${own}`] = 'variant.errorOptionGap';
    if (names[own]) used = n;
    options.push(names);
  }
  const variants: VariantsInput['variants'] = [];
  const skus = new Map<string, number>();
  const combinations = new Map<string, number>();
  for (const row of variantRows(body)) {
    const key = (field: string) => `v_${row}_${field}`;
    const id = existingIds.has(body[key('id')] ?? '') ? body[key('id')] : undefined;
    const sku = text(key('sku'), 200);
    const values = Array.from({ length: MAX_OPTIONS }, (_, i) => text(key(`value_${i + 1}`), 100));
    const priceText = text(key('price'), 30);
    const stockText = text(key('stock'), 30);
    const remove = body[key('remove')] === '1';
    if (!id && !sku && !priceText && !stockText && values.every((v) => !v)) continue;
    if (remove) {
      if (id) variants.push({ row, id, sku, values, priceMinor: null, stockMilli: 0, archived: true, remove });
      continue;
    }
    if (!sku) errors[key('sku')] = 'adminCatalog.errorSkuRequired';
    else if (sku.length > 64 || /\s/.test(sku)) errors[key('sku')] = 'adminCatalog.errorSkuFormat';
    else if (skus.has(sku)) errors[key('sku')] = 'variant.errorSkuTwice';
    else skus.set(sku, row);
    if (used === 0) errors[`option_1_${own}`] = 'variant.errorNoOptions';
    for (let n = 1; n <= used; n++) if (!values[n - 1]) errors[key(`value_${n}`)] ??= 'variant.errorValue';
    // Values of options no longer used go.
    for (let n = used + 1; n <= MAX_OPTIONS; n++) values[n - 1] = '';
    const combination = values.slice(0, used).join('\u0000').toLowerCase();
    if (used > 0 && values.slice(0, used).every(Boolean)) {
      if (combinations.has(combination)) errors[key('value_1')] = 'variant.errorCombination';
      else combinations.set(combination, row);
    }
    let priceMinor: number | null = null;
    if (priceText) {
      priceMinor = majorToMinor(priceText, preset.currency, locale);
      if (priceMinor === null) errors[key('price')] = 'adminCatalog.errorPrice';
    }
    let stockMilli = 0;
    if (!id && stockText) {
      const stock = parseQuantityMilli(stockText, locale);
      if (stock === null) errors[key('stock')] = 'adminCatalog.errorStock';
      else stockMilli = stock;
    }
    variants.push({ row, id, sku, values, priceMinor, stockMilli, archived: body[key('archived')] === '1', remove });
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, input: { options: options.map((names, i) => (i < used ? names : {})), variants } };
}

/** The form filled from the stored product, with blank rows for new variants after its own. */
export function variantFormValues(
  product: Pick<ProductForEdit, 'options' | 'variants'>,
  money: (minor: number) => string,
): VariantFormValues {
  const values: VariantFormValues = {};
  product.options.forEach((names, i) => {
    for (const l of LOCALES) values[`option_${i + 1}_${l}`] = names[l] ?? '';
  });
  product.variants.forEach((v, row) => {
    values[`v_${row}_id`] = v.id;
    values[`v_${row}_sku`] = v.sku;
    v.values.forEach((value, i) => {
      values[`v_${row}_value_${i + 1}`] = value;
    });
    values[`v_${row}_price`] = v.priceMinor === null ? '' : money(v.priceMinor);
    if (v.status === 'archived') values[`v_${row}_archived`] = '1';
  });
  for (let b = 0; b < BLANK_ROWS; b++) values[`v_${product.variants.length + b}_sku`] = '';
  return values;
}
