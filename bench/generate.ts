/**
 * Generates a realistic catalogue for a benchmark shop: N products spread over a preset's categories, each derived
 * from one of the preset's products plus a number, with translations in all four locales and one image row. A few
 * image files are generated once and shared (100,000 photos would only measure the disk). Rows go in directly
 * through Kysely in batched transactions, which is what makes 100,000 products take seconds, not minutes.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { Kysely } from 'kysely';
import sharp from 'sharp';
import type { DB } from '../src/db/schema.ts';
import { MINOR_DIGITS } from '../src/i18n/format.ts';
import { LOCALES } from '../src/i18n/locales.ts';
import { decimalToMilli } from '../src/i18n/numbers.ts';
import { type EncodedImage, encodeImage, saveImage } from '../src/modules/catalog/images.ts';
import { searchText } from '../src/modules/catalog/search-text.ts';
import { IMAGE_SIZE } from '../src/modules/catalog/seed.ts';
import type { Preset } from '../src/presets/types.ts';

/** Distinct image files shared by all generated products. */
const IMAGE_FILES = 8;
/** Products per INSERT statement (translations: 4 rows × 7 columns each, well under both databases' limits). */
const ROWS_PER_INSERT = 500;
/** Products per transaction. */
const ROWS_PER_TRANSACTION = 10_000;

export interface GeneratedCatalog {
  products: number;
  /** Category slug → number of active products in it. */
  perCategory: Map<string, number>;
  /** Generation time in milliseconds. */
  ms: number;
}

/**
 * The i-th generated product: the preset's product i mod 30 with a number, its price varied ±15 %, about 2 %
 * archived and 1 % sold out, as a real shop's catalogue has. The Vendure peer's catalogue (vendure.ts) is derived
 * by the same rule, so both shops hold the same products.
 */
export function derivedProduct(preset: Preset, i: number) {
  const base = preset.products[i % preset.products.length];
  const n = Math.floor(i / preset.products.length) + 1;
  const scale = 10 ** MINOR_DIGITS[preset.currency];
  return {
    base,
    n,
    sku: `${base.sku}-${n}`,
    model: `${base.model}-${n}`,
    status: i % 50 === 49 ? ('archived' as const) : ('active' as const),
    stockUnits: i % 100 === 37 ? 0 : 100_000,
    priceMinor: Math.round(base.price * (0.85 + ((i * 7919) % 31) / 100) * scale),
  };
}

export async function generateCatalog(
  db: Kysely<DB>,
  preset: Preset,
  mediaDir: string,
  count: number,
): Promise<GeneratedCatalog> {
  const started = performance.now();
  const images = await generateImages(mediaDir);
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
  const now = new Date().toISOString();
  const perCategory = new Map<string, number>();
  for (let start = 0; start < count; start += ROWS_PER_TRANSACTION) {
    const end = Math.min(count, start + ROWS_PER_TRANSACTION);
    await db.transaction().execute(async (trx) => {
      for (let from = start; from < end; from += ROWS_PER_INSERT) {
        const to = Math.min(end, from + ROWS_PER_INSERT);
        const products: DB['products'][] = [];
        const translations: DB['product_translations'][] = [];
        const imageRows: DB['product_images'][] = [];
        for (let i = from; i < to; i++) {
          const { base, n, sku, model, status, stockUnits, priceMinor } = derivedProduct(preset, i);
          const id = randomUUID();
          if (status === 'active') perCategory.set(base.category, (perCategory.get(base.category) ?? 0) + 1);
          products.push({
            id,
            sku,
            category_id: categoryIds.get(base.category)!,
            model,
            unit: base.unit,
            step_milli: Number(decimalToMilli(base.step)),
            tiles_per_box: base.tilesPerBox ?? null,
            price_minor: priceMinor,
            stock_milli: stockUnits * 1000,
            status,
            sort: i,
            created_at: now,
          });
          for (const locale of LOCALES) {
            const name = `${base.name[locale]} ${n}`;
            translations.push({
              product_id: id,
              locale,
              name,
              description: base.description[locale],
              quality: base.quality[locale],
              origin: base.origin[locale],
              search_text: searchText(`${name} ${model} ${sku}`),
            });
          }
          imageRows.push({
            id: randomUUID(),
            product_id: id,
            file: images[i % images.length].name,
            width: images[i % images.length].width,
            height: images[i % images.length].height,
            sort: 0,
          });
        }
        await trx.insertInto('products').values(products).execute();
        await trx.insertInto('product_translations').values(translations).execute();
        await trx.insertInto('product_images').values(imageRows).execute();
      }
    });
  }
  return { products: count, perCategory, ms: performance.now() - started };
}

/**
 * A handful of gradient pictures, stored through the same encoder as uploads and the seed (so pages carry the same
 * srcset), shared by every generated product.
 */
async function generateImages(mediaDir: string): Promise<EncodedImage[]> {
  mkdirSync(mediaDir, { recursive: true });
  const palette = ['#f4a261', '#2a9d8f', '#e76f51', '#264653', '#e9c46a', '#8ab17d', '#b5838d', '#6d597a'];
  const images: EncodedImage[] = [];
  for (let i = 0; i < IMAGE_FILES; i++) {
    const a = palette[i % palette.length];
    const b = palette[(i + 3) % palette.length];
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${IMAGE_SIZE}" height="${IMAGE_SIZE}">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${a}"/><stop offset="1" stop-color="${b}"/></linearGradient></defs>
  <rect width="100%" height="100%" fill="url(#g)"/></svg>`;
    const image = await encodeImage(await sharp(Buffer.from(svg)).png().toBuffer());
    await saveImage(image, mediaDir);
    images.push(image);
  }
  return images;
}
