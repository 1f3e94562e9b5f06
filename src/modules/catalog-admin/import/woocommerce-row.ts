import { MINOR_DIGITS } from '../../../i18n/format.ts';
import type { Locale } from '../../../i18n/locales.ts';
import { decimalToMilli, parseDecimal } from '../../../i18n/numbers.ts';
import type { CurrencyCode, UnitCode } from '../../../presets/types.ts';
import { UNITS } from '../service.ts';

/**
 * One row of WooCommerce's product CSV export (Products → Export) as a product of ours, or the reason it cannot be.
 * The columns read are WooCommerce's own headers: Type, SKU, Name, Published, Short description, Description,
 * Regular price, Categories, Images, Stock and "Attribute N name" / "Attribute N value(s)". Attributes named Unit,
 * Step, Tiles per box, Model, Quality and Origin fill those fields of ours (KT-02, KT-03); our export writes them so.
 * Sale price, weight and tags have nowhere to go and are not read, except a variation's Sale price (below).
 *
 * A `variable` product's other attributes (up to three: Size, Colour …) are its options; each `variation` row (its
 * Parent column the parent's SKU, or `id:NN` with the parent's ID) is a variant with one value of each option, its
 * own SKU, price (a Sale price lower than the Regular price is the price it sells at; none: the parent's) and stock.
 */
export interface ImportedProduct {
  sku: string;
  name: string;
  description: string;
  /** The category's name as in the CSV (the last level of "Parent > Child"), or null for none. */
  category: string | null;
  model: string;
  quality: string;
  origin: string;
  unit: UnitCode;
  stepMilli: number;
  tilesPerBox: number | null;
  priceMinor: number;
  stockMilli: number;
  status: 'active' | 'archived';
  images: string[];
  /** `variable`: sold in variants of these options (in the CSV's order, at most three). */
  kind: 'simple' | 'variable';
  options: string[];
}

/** A `variation` row: one variant of a variable product of the same file or of the shop. */
export interface ImportedVariation {
  sku: string;
  /** The Parent column as written: the parent's SKU, or `id:NN`. */
  parent: string;
  /** Attribute values by lower-cased attribute name. */
  values: Map<string, string>;
  /** Null: the parent's price. */
  priceMinor: number | null;
  stockMilli: number;
  status: 'active' | 'archived';
}

export const FAILURE_REASONS = [
  'unsupported_type',
  'missing_sku',
  'sku_too_long',
  'duplicate_sku',
  'missing_name',
  'missing_price',
  'bad_price',
  'bad_stock',
  'bad_unit',
  'bad_step',
  'bad_tiles_per_box',
  'image_host_not_allowed',
  'image_unavailable',
  'image_not_a_picture',
  'unknown_parent',
  'missing_attribute_value',
  'too_many_options',
  'no_options',
] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

export interface RowFailure {
  reason: FailureReason;
  /** The value or column at fault, shown as is on the report (product data only). */
  detail: string;
}

export type MappedRow =
  | { ok: true; product: ImportedProduct; variation?: undefined }
  | { ok: true; variation: ImportedVariation; product?: undefined }
  | ({ ok: false } & RowFailure);

/** Attributes that fill our own fields rather than name an option. */
const OUR_ATTRIBUTES = new Set(['unit', 'step', 'tiles per box', 'model', 'quality', 'origin']);
const MAX_OPTIONS = 3;

/** Unit names as shops write them in an attribute, in the four languages, to our unit codes. */
const UNIT_WORDS: Record<string, UnitCode> = {
  m: 'metre',
  meter: 'metre',
  mét: 'metre',
  মিটার: 'metre',
  متر: 'metre',
  viên: 'tile',
  টাইল: 'tile',
  کاشی: 'tile',
  thùng: 'box',
  hộp: 'box',
  বক্স: 'box',
  کارتن: 'box',
  pcs: 'piece',
  cái: 'piece',
  পিস: 'piece',
  عدد: 'piece',
};

/** Goods sold by length, weight or volume are ordered in tenths unless the CSV says otherwise. */
const FRACTIONAL_UNITS = new Set<UnitCode>(['metre', 'kg', 'litre']);

export function mapRow(record: Record<string, string>, currency: CurrencyCode): MappedRow {
  const get = (column: string) => (record[column] ?? '').trim();
  const types = get('Type')
    .toLowerCase()
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  // "simple, virtual" and "simple, downloadable" are simple products too.
  const variable = types.includes('variable');
  const variation = types.includes('variation');
  if (types.length > 0 && !types.includes('simple') && !variable && !variation)
    return fail('unsupported_type', get('Type'));
  const sku = get('SKU');
  if (!sku) return fail('missing_sku', '');
  if (sku.length > 64) return fail('sku_too_long', sku);
  if (variation) return mapVariation(record, sku, currency);
  const name = get('Name');
  if (!name) return fail('missing_name', '');
  const priceText = get('Regular price');
  // A variable product's price is its variants' (WooCommerce leaves the parent's empty): 0 then, and a variation
  // without a price of its own is refused.
  if (!priceText && !variable) return fail('missing_price', '');
  const priceMinor = priceText ? majorToMinor(priceText, currency) : 0;
  if (priceMinor === null) return fail('bad_price', priceText);
  const stockText = get('Stock');
  // An empty Stock is a product whose stock WooCommerce did not manage: it arrives with none.
  const stockMilli = stockText ? toMilli(stockText) : 0;
  if (stockMilli === null || stockMilli < 0) return fail('bad_stock', stockText);

  const attributes = readAttributes(record);
  const unitText = attributes.get('unit');
  let unit: UnitCode = 'piece';
  if (unitText !== undefined) {
    const word = unitText.toLowerCase();
    const found = (UNITS as readonly string[]).includes(word) ? (word as UnitCode) : UNIT_WORDS[word];
    if (!found) return fail('bad_unit', unitText);
    unit = found;
  }
  const stepText = attributes.get('step');
  const stepMilli = stepText !== undefined ? toMilli(stepText) : FRACTIONAL_UNITS.has(unit) ? 100 : 1000;
  if (stepMilli === null || stepMilli <= 0) return fail('bad_step', stepText ?? '');
  const tilesText = attributes.get('tiles per box');
  let tilesPerBox: number | null = null;
  if (tilesText) {
    tilesPerBox = /^\d{1,6}$/.test(tilesText) ? Number(tilesText) : 0;
    if (tilesPerBox <= 0) return fail('bad_tiles_per_box', tilesText);
  }
  const options = variable ? attributeNames(record).filter((n) => !OUR_ATTRIBUTES.has(n.toLowerCase())) : [];
  if (variable && options.length === 0) return fail('no_options', '');
  if (options.length > MAX_OPTIONS) return fail('too_many_options', options.join(', '));
  return {
    ok: true,
    product: {
      sku,
      name,
      description: plainText(get('Description') || get('Short description')),
      category: firstCategory(get('Categories')),
      model: (attributes.get('model') ?? '').slice(0, 100),
      quality: attributes.get('quality') ?? '',
      origin: attributes.get('origin') ?? '',
      unit,
      stepMilli,
      tilesPerBox,
      priceMinor,
      stockMilli,
      // WooCommerce writes 1 for published, 0 for private and -1 for a draft: only published products are on sale.
      status: get('Published') === '1' || get('Published') === '' ? 'active' : 'archived',
      images: get('Images')
        .split(',')
        .map((u) => u.trim())
        .filter(Boolean),
      kind: variable ? 'variable' : 'simple',
      options: options.map((o) => o.slice(0, 100)),
    },
  };
}

function mapVariation(record: Record<string, string>, sku: string, currency: CurrencyCode): MappedRow {
  const get = (column: string) => (record[column] ?? '').trim();
  const parent = get('Parent');
  if (!parent) return fail('unknown_parent', '');
  const regularText = get('Regular price');
  const saleText = get('Sale price');
  const regular = regularText ? majorToMinor(regularText, currency) : null;
  if (regularText && regular === null) return fail('bad_price', regularText);
  const sale = saleText ? majorToMinor(saleText, currency) : null;
  if (saleText && sale === null) return fail('bad_price', saleText);
  const priceMinor = sale !== null && (regular === null || sale < regular) ? sale : regular;
  const stockText = get('Stock');
  const stockMilli = stockText ? toMilli(stockText) : 0;
  if (stockMilli === null || stockMilli < 0) return fail('bad_stock', stockText);
  return {
    ok: true,
    variation: {
      sku,
      parent,
      values: readAttributes(record),
      priceMinor,
      stockMilli,
      status: get('Published') === '1' || get('Published') === '' ? 'active' : 'archived',
    },
  };
}

/** The attribute names of a row, as written, in their order. */
function attributeNames(record: Record<string, string>): string[] {
  const names: string[] = [];
  for (let i = 1; record[`Attribute ${i} name`] !== undefined; i++) {
    const name = record[`Attribute ${i} name`].trim();
    if (name && !names.some((n) => n.toLowerCase() === name.toLowerCase())) names.push(name);
  }
  return names;
}

function fail(reason: FailureReason, detail: string): MappedRow {
  return { ok: false, reason, detail: detail.slice(0, 200) };
}

/**
 * "Attribute 1 name" / "Attribute 1 value(s)" pairs, by lower-cased name; the first value of each. WooCommerce
 * separates values with commas and writes a comma inside a value as "\,".
 */
function readAttributes(record: Record<string, string>): Map<string, string> {
  const attributes = new Map<string, string>();
  for (let i = 1; record[`Attribute ${i} name`] !== undefined; i++) {
    const name = record[`Attribute ${i} name`].trim().toLowerCase();
    const value = (record[`Attribute ${i} value(s)`] ?? '')
      .split(/(?<!\\),/)[0]
      .replace(/\\,/g, ',')
      .trim();
    if (name && !attributes.has(name)) attributes.set(name, value);
  }
  return attributes;
}

/** WooCommerce writes a category path as "Parent > Child", several separated by commas (a comma in a name as "\,"). */
function firstCategory(text: string): string | null {
  const first = text.split(/(?<!\\),/)[0]?.trim();
  if (!first) return null;
  const levels = first.split('>').map((level) => level.trim().replace(/\\,/g, ','));
  return levels[levels.length - 1] || null;
}

/** WooCommerce descriptions are HTML: tags dropped, entities of the common kind decoded, blank lines collapsed. */
function plainText(html: string): string {
  return html
    .replace(/<br\s*\/?>|<\/p>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A CSV number (WooCommerce writes a plain "1234.5") in thousandths, or null. */
function toMilli(text: string): number | null {
  const decimal = parseDecimal(text);
  const milli = decimal === null ? null : decimalToMilli(decimal);
  return milli === null || milli > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(milli);
}

/** A price in major units ("1890.50", or as typed in `locale`) in minor units of the currency, or null (not a number, or too many decimals). */
export function majorToMinor(text: string, currency: CurrencyCode, locale?: Locale): number | null {
  const decimal = parseDecimal(text, locale);
  if (decimal === null) return null;
  const [int, frac = ''] = decimal.split('.');
  const digits = MINOR_DIGITS[currency];
  if (frac.replace(/0+$/, '').length > digits) return null;
  const minor = BigInt(int) * 10n ** BigInt(digits) + BigInt(frac.padEnd(digits, '0').slice(0, digits) || '0');
  return minor > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(minor);
}

/** Minor units as the plain decimal WooCommerce writes ("1890.5"). */
export function minorToMajor(minor: number, currency: CurrencyCode): string {
  const digits = MINOR_DIGITS[currency];
  if (digits === 0) return String(minor);
  const scale = 10 ** digits;
  const frac = String(minor % scale)
    .padStart(digits, '0')
    .replace(/0+$/, '');
  return frac ? `${Math.floor(minor / scale)}.${frac}` : String(Math.floor(minor / scale));
}
