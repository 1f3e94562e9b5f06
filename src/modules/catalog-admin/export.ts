import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Locale } from '../../i18n/locales.ts';
import { milliToDecimal } from '../../i18n/numbers.ts';
import type { Preset } from '../../presets/types.ts';
import { minorToMajor } from './import/woocommerce-row.ts';

/** Our fields that WooCommerce has no column for travel as attributes, which our import reads back. */
const ATTRIBUTES = ['Unit', 'Step', 'Tiles per box', 'Model', 'Quality', 'Origin'] as const;

/** A product's options (size, colour …) follow ours, as attributes 7 to 9. */
const OPTION_COLUMNS = 3;

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
  ...Array.from({ length: ATTRIBUTES.length + OPTION_COLUMNS }, (_, i) => [
    `Attribute ${i + 1} name`,
    `Attribute ${i + 1} value(s)`,
  ]).flat(),
  'Parent',
];

/** An attribute value as WooCommerce writes it: a comma inside a value is "\," (a bare comma separates values). */
const attributeValue = (value: string) => value.replace(/,/g, '\\,');

/** Products read per query while exporting. */
const CHUNK = 1000;

/**
 * The catalogue as a CSV in WooCommerce's product format, texts in one language: what a shop needs to move or to
 * edit its products in a spreadsheet. Products only — the catalogue holds no personal data. Images are the shop's
 * own absolute URLs of the largest stored photo. A product with options is a `variable` row (its options as
 * attributes with all their values) followed by a `variation` row per variant (Parent: the product's SKU). Yields the
 * file in pieces so that a large catalogue is streamed.
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
    const ids = rows.map((r) => r.id);
    const [images, options, variants] = await Promise.all([
      db
        .selectFrom('product_images')
        .select(['product_id', 'file'])
        .where('product_id', 'in', ids)
        .orderBy('sort')
        .execute(),
      db
        .selectFrom('product_options')
        .select(['product_id', 'position', 'locale', 'name'])
        .where('product_id', 'in', ids)
        .where('locale', 'in', [locale, preset.defaultLocale])
        .orderBy('position')
        .execute(),
      db
        .selectFrom('product_variants')
        .selectAll()
        .where('product_id', 'in', ids)
        .orderBy('product_id')
        .orderBy('sort')
        .orderBy('sku')
        .execute(),
    ]);
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
      const own = variants.filter((v) => v.product_id === r.id);
      const optionNames = [1, 2, 3].flatMap((pos) => {
        const mine = options.filter((o) => o.product_id === r.id && Number(o.position) === pos);
        return mine.length ? [(mine.find((o) => o.locale === locale) ?? mine[0]).name] : [];
      });
      const variable = optionNames.length > 0;
      const valuesOf = (v: (typeof own)[number]) => [v.value1, v.value2, v.value3];
      const optionFields = (values: (i: number) => string) =>
        Array.from({ length: OPTION_COLUMNS }, (_, i) =>
          i < optionNames.length ? [optionNames[i], values(i)] : ['', ''],
        ).flat();
      const fields = [
        variable ? 'variable' : 'simple',
        r.sku,
        r.name ?? r.sku,
        r.status === 'active' ? '1' : '0',
        '',
        r.description ?? '',
        minorToMajor(Number(r.price_minor), preset.currency),
        (r.category ?? r.slug).replace(/,/g, '\\,'),
        urls.join(', '),
        milliToDecimal(Number(r.stock_milli)),
        ...ATTRIBUTES.flatMap((name, i) => [name, attributeValue(attributes[i])]),
        ...optionFields((i) =>
          [...new Set(own.map((v) => valuesOf(v)[i]).filter(Boolean))].map(attributeValue).join(', '),
        ),
        '',
      ];
      chunk += `${fields.map(csvField).join(',')}\r\n`;
      if (!variable) continue;
      for (const v of own) {
        const values = valuesOf(v).slice(0, optionNames.length);
        const variation = [
          'variation',
          v.sku,
          `${r.name ?? r.sku} - ${values.join(', ')}`,
          v.status === 'active' ? '1' : '0',
          '',
          '',
          v.price_minor === null ? '' : minorToMajor(Number(v.price_minor), preset.currency),
          '',
          '',
          milliToDecimal(Number(v.stock_milli)),
          ...ATTRIBUTES.flatMap(() => ['', '']),
          ...optionFields((i) => attributeValue(values[i])),
          r.sku,
        ];
        chunk += `${variation.map(csvField).join(',')}\r\n`;
      }
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
