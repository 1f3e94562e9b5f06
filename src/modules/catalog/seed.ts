import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import sharp from 'sharp';
import type { DB } from '../../db/schema.ts';
import { MINOR_DIGITS } from '../../i18n/format.ts';
import { LOCALES } from '../../i18n/locales.ts';
import { decimalToMilli } from '../../i18n/numbers.ts';
import type { Preset, PresetProduct } from '../../presets/types.ts';
import { searchText } from './search-text.ts';

export const IMAGE_SIZE = 480;

/** Loads a preset's categories and products, with a generated photo for each product. Idempotent by SKU. */
export async function seedCatalog(db: Kysely<DB>, preset: Preset, mediaDir: string): Promise<void> {
  const existing = await db.selectFrom('products').select('sku').execute();
  if (existing.length > 0) return;
  mkdirSync(mediaDir, { recursive: true });
  const categoryIds = new Map<string, string>();
  await db.transaction().execute(async (trx) => {
    for (const [sort, category] of preset.categories.entries()) {
      const id = randomUUID();
      categoryIds.set(category.slug, id);
      await trx.insertInto('categories').values({ id, slug: category.slug, sort }).execute();
      await trx
        .insertInto('category_translations')
        .values(LOCALES.map((locale) => ({ category_id: id, locale, name: category.name[locale] })))
        .execute();
    }
  });
  const images = await Promise.all(preset.products.map((p) => productImage(p, mediaDir)));
  const scale = 10 ** MINOR_DIGITS[preset.currency];
  await db.transaction().execute(async (trx) => {
    for (const [sort, p] of preset.products.entries()) {
      const id = randomUUID();
      await trx
        .insertInto('products')
        .values({
          id,
          sku: p.sku,
          category_id: categoryIds.get(p.category)!,
          model: p.model,
          unit: p.unit,
          step_milli: Number(decimalToMilli(p.step)),
          tiles_per_box: p.tilesPerBox ?? null,
          price_minor: Math.round(p.price * scale),
          stock_milli: Number(decimalToMilli(String(p.stock))),
          status: 'active',
          sort,
          created_at: new Date().toISOString(),
        })
        .execute();
      await trx
        .insertInto('product_translations')
        .values(
          LOCALES.map((locale) => ({
            product_id: id,
            locale,
            name: p.name[locale],
            description: p.description[locale],
            quality: p.quality[locale],
            origin: p.origin[locale],
            search_text: searchText(`${p.name[locale]} ${p.model} ${p.sku}`),
          })),
        )
        .execute();
      await trx
        .insertInto('product_images')
        .values({
          id: randomUUID(),
          product_id: id,
          file: images[sort],
          width: IMAGE_SIZE,
          height: IMAGE_SIZE,
          sort: 0,
        })
        .execute();
    }
  });
}

/**
 * A product photo generated from the product's colours (the demo has no real photos): a WebP written through sharp,
 * which strips all metadata by default. The file name is the content hash, so the same product yields the same file.
 */
async function productImage(p: PresetProduct, mediaDir: string): Promise<string> {
  const [a, b] = p.colors;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${IMAGE_SIZE}" height="${IMAGE_SIZE}">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${a}"/><stop offset="1" stop-color="${b}"/></linearGradient></defs>
  <rect width="100%" height="100%" fill="url(#g)"/>
  ${pattern(p)}
</svg>`;
  const webp = await renderWebp(svg);
  const file = `${createHash('sha256').update(webp).digest('hex').slice(0, 24)}.webp`;
  const path = join(mediaDir, file);
  if (!existsSync(path)) writeFileSync(path, webp);
  return file;
}

// The same product always yields the same picture: render each once per process (tests open many shops).
const rendered = new Map<string, Promise<Buffer>>();

function renderWebp(svg: string): Promise<Buffer> {
  let webp = rendered.get(svg);
  if (!webp) {
    webp = sharp(Buffer.from(svg)).webp({ quality: 70 }).toBuffer();
    rendered.set(svg, webp);
  }
  return webp;
}

/** A simple motif per unit of sale, so the photos differ: a grid for tiles, stripes for metre goods. */
function pattern(p: PresetProduct): string {
  const s = IMAGE_SIZE;
  const stroke = 'stroke="rgba(255,255,255,0.55)" stroke-width="6" fill="none"';
  switch (p.unit) {
    case 'tile':
    case 'box':
      return [1, 2, 3]
        .map(
          (i) =>
            `<line x1="${(i * s) / 4}" y1="0" x2="${(i * s) / 4}" y2="${s}" ${stroke}/><line x1="0" y1="${(i * s) / 4}" x2="${s}" y2="${(i * s) / 4}" ${stroke}/>`,
        )
        .join('');
    case 'metre':
      return [1, 2, 3, 4, 5]
        .map((i) => `<rect x="0" y="${(i * s) / 6 - 10}" width="${s}" height="20" fill="rgba(255,255,255,0.35)"/>`)
        .join('');
    case 'service':
      return `<circle cx="${s / 2}" cy="${s / 2}" r="${s / 4}" ${stroke}/><circle cx="${s / 2}" cy="${s / 2}" r="${s / 8}" fill="rgba(255,255,255,0.5)"/>`;
    default:
      return `<rect x="${s / 4}" y="${s / 4}" width="${s / 2}" height="${s / 2}" rx="24" ${stroke}/>`;
  }
}
