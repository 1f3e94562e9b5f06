import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Locale } from '../../i18n/locales.ts';
import { milliToDecimal } from '../../i18n/numbers.ts';
import type { Preset } from '../../presets/types.ts';
import { minorToMajor } from './import/woocommerce-row.ts';

/** Our fields that WooCommerce has no column for travel as attributes, which our import reads back. */
const ATTRIBUTES = ['Unit', 'Step', 'Tiles per box', 'Model', 'Quality', 'Origin'] as const;

const HEADER = [
  'Type',
  'SKU',
  'Name',
  'Published',
  'Short description',
  'Description',
  'Regular price',
  'Categories',
  'Images',
  'Stock',
  ...ATTRIBUTES.flatMap((_, i) => [`Attribute ${i + 1} name`, `Attribute ${i + 1} value(s)`]),
];

/** Products read per query while exporting. */
const CHUNK = 1000;

/**
 * The catalogue as a CSV in WooCommerce's product format, texts in one language: what a shop needs to move or to
 * edit its products in a spreadsheet. Products only — the catalogue holds no personal data. Images are the shop's
 * own absolute URLs of the largest stored photo. Yields the file in pieces so that a large catalogue is streamed.
 */
export async function* exportCatalogCsv(
  db: Kysely<DB>,
  preset: Preset,
  locale: Locale,
  origin: string,
): AsyncGenerator<string> {
  yield `${HEADER.map(csvField).join(',')}\r\n`;
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('products as p')
      .innerJoin('categories as c', 'c.id', 'p.category_id')
      .leftJoin('category_translations as ct', (j) =>
        j.onRef('ct.category_id', '=', 'c.id').on('ct.locale', '=', locale),
      )
      .leftJoin('product_translations as t', (j) => j.onRef('t.product_id', '=', 'p.id').on('t.locale', '=', locale))
      .select([
        'p.id',
        'p.sku',
        'p.model',
        'p.unit',
        'p.step_milli',
        'p.tiles_per_box',
        'p.price_minor',
        'p.stock_milli',
        'p.status',
        'c.slug',
        'ct.name as category',
        't.name',
        't.description',
        't.quality',
        't.origin',
      ])
      .where('p.sku', '>', after)
      .orderBy('p.sku')
      .limit(CHUNK)
      .execute();
    if (rows.length === 0) return;
    const images = await db
      .selectFrom('product_images')
      .select(['product_id', 'file'])
      .where(
        'product_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('sort')
      .execute();
    let chunk = '';
    for (const r of rows) {
      const urls = images
        .filter((i) => i.product_id === r.id)
        .map((i) => `${origin}/media/${i.file.replace(/-(\d+)x\d+$/, '-$1')}.webp`);
      const attributes = [
        r.unit,
        milliToDecimal(Number(r.step_milli)),
        r.tiles_per_box === null ? '' : String(r.tiles_per_box),
        r.model,
        r.quality ?? '',
        r.origin ?? '',
      ];
      const fields = [
        'simple',
        r.sku,
        r.name ?? r.sku,
        r.status === 'active' ? '1' : '0',
        '',
        r.description ?? '',
        minorToMajor(Number(r.price_minor), preset.currency),
        (r.category ?? r.slug).replace(/,/g, '\\,'),
        urls.join(', '),
        milliToDecimal(Number(r.stock_milli)),
        // A comma inside an attribute value is written "\," as WooCommerce does (a bare comma separates values).
        ...ATTRIBUTES.flatMap((name, i) => [name, attributes[i].replace(/,/g, '\\,')]),
      ];
      chunk += `${fields.map(csvField).join(',')}\r\n`;
    }
    yield chunk;
    after = rows[rows.length - 1].sku;
  }
}

/**
 * A CSV field, quoted when it must be. A field that a spreadsheet would run as a formula (=, +, -, @ first) is
 * prefixed with an apostrophe — except plain numbers, which must stay numbers for the import.
 */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
