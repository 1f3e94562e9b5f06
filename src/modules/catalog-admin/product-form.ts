import { LOCALES, type Locale } from '../../i18n/locales.ts';
import { normaliseInput } from '../../i18n/numbers.ts';
import type { MessageKey } from '../../i18n/translate.ts';
import type { Preset, UnitCode } from '../../presets/types.ts';
import { parseQuantityMilli } from '../cart/cart.ts';
import { majorToMinor } from './import/woocommerce-row.ts';
import type { ProductInput, ProductTexts } from './service.ts';
import { UNITS } from './service.ts';

export type ProductFormValues = Record<string, string>;
export type ProductFormErrors = Record<string, MessageKey>;

export type ParsedProductForm =
  | { ok: true; input: ProductInput; stockMilli: number }
  | { ok: false; errors: ProductFormErrors };

const TEXT_FIELDS = ['name', 'description', 'quality', 'origin'] as const;

/**
 * The product form as a ProductInput, or the errors by field name. Numbers are read as typed in the staff member's
 * language and digits; the name is required in the shop's language, other languages may be missing. `withStock`
 * when creating: afterwards stock changes only through an adjustment with a reason.
 */
export function parseProductForm(
  body: ProductFormValues,
  preset: Preset,
  locale: Locale,
  withStock: boolean,
): ParsedProductForm {
  const errors: ProductFormErrors = {};
  const text = (name: string, max: number, multiline = false) =>
    normaliseInput(body[name] ?? '', { multiline }).slice(0, max);
  const sku = text('sku', 200);
  if (!sku) errors.sku = 'adminCatalog.errorSkuRequired';
  else if (sku.length > 64 || /\s/.test(sku)) errors.sku = 'adminCatalog.errorSkuFormat';
  const categoryId = text('category', 36);
  if (!categoryId) errors.category = 'adminCatalog.errorCategory';
  const unit = text('unit', 16) as UnitCode;
  if (!UNITS.includes(unit)) errors.unit = 'adminCatalog.errorUnit';
  const stepMilli = parseQuantityMilli(body.step ?? '', locale);
  if (stepMilli === null || stepMilli <= 0) errors.step = 'adminCatalog.errorStep';
  const tilesText = text('tiles_per_box', 10);
  let tilesPerBox: number | null = null;
  if (tilesText) {
    const tiles = parseQuantityMilli(tilesText, locale);
    if (tiles === null || tiles <= 0 || tiles % 1000 !== 0) errors.tiles_per_box = 'adminCatalog.errorTilesPerBox';
    else tilesPerBox = tiles / 1000;
  }
  const priceMinor = majorToMinor(text('price', 30), preset.currency, locale);
  if (priceMinor === null) errors.price = 'adminCatalog.errorPrice';
  let stockMilli = 0;
  if (withStock) {
    const stock = text('stock', 30) ? parseQuantityMilli(body.stock, locale) : 0;
    if (stock === null) errors.stock = 'adminCatalog.errorStock';
    else stockMilli = stock;
  }
  const translations: Partial<Record<Locale, ProductTexts>> = {};
  for (const l of LOCALES) {
    const texts = {
      name: text(`name_${l}`, 200),
      description: text(`description_${l}`, 5000, true),
      quality: text(`quality_${l}`, 500),
      origin: text(`origin_${l}`, 200),
    };
    if (texts.name) translations[l] = texts;
    else if (TEXT_FIELDS.some((f) => texts[f])) errors[`name_${l}`] = 'adminCatalog.errorNameForTexts';
  }
  if (!translations[preset.defaultLocale]) errors[`name_${preset.defaultLocale}`] = 'adminCatalog.errorNameRequired';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    input: {
      sku,
      categoryId,
      model: text('model', 100),
      unit,
      stepMilli: stepMilli!,
      tilesPerBox,
      priceMinor: priceMinor!,
      status: body.status === 'archived' ? 'archived' : 'active',
      translations,
    },
    stockMilli,
  };
}

/** The form's fields filled from a stored product, for the edit page. */
export function productFormValues(
  p: ProductInput & { stockMilli?: number },
  format: { decimal: (milli: number) => string; money: (minor: number) => string },
): ProductFormValues {
  const values: ProductFormValues = {
    sku: p.sku,
    category: p.categoryId,
    model: p.model,
    unit: p.unit,
    step: format.decimal(p.stepMilli),
    tiles_per_box: p.tilesPerBox === null ? '' : String(p.tilesPerBox),
    price: format.money(p.priceMinor),
    status: p.status,
  };
  for (const l of LOCALES) {
    const t = p.translations[l];
    for (const f of TEXT_FIELDS) values[`${f}_${l}`] = t?.[f] ?? '';
  }
  return values;
}
