import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { Kysely } from 'kysely';
import sharp from 'sharp';
import type { DB } from '../../db/schema.ts';
import { MINOR_DIGITS } from '../../i18n/format.ts';
import { LOCALES } from '../../i18n/locales.ts';
import { decimalToMilli } from '../../i18n/numbers.ts';
import type { Preset, PresetProduct } from '../../presets/types.ts';
import { type EncodedImage, encodeImage, IMAGE_WIDTHS, saveImage } from './images.ts';
import { searchText } from './search-text.ts';

/** The side of a generated product photo: as wide as the largest stored variant, so every variant exists. */
export const IMAGE_SIZE = IMAGE_WIDTHS[IMAGE_WIDTHS.length - 1];

/** Loads a preset's categories and products, each with a generated photo of its own; a catalogue with products is kept. */
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
  const categories = preset.categories.map((c) => c.slug);
  const images = await Promise.all(
    preset.products.map(async (p) => {
      const image = await productImage(p, categories.indexOf(p.category));
      await saveImage(image, mediaDir);
      return image;
    }),
  );
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
          file: images[sort].name,
          width: images[sort].width,
          height: images[sort].height,
          sort: 0,
        })
        .execute();
    }
  });
}

/** Category colours, by the category's place in the preset, so that each category's photos share a colour. */
const CATEGORY_COLOURS = ['#b03a2e', '#1f618d', '#1e8449', '#b9770e', '#6c3483', '#117a65', '#a04000', '#2e4053'];

/**
 * A product photo generated from the product (the demo has no real photos) and encoded like an upload: the product's
 * colours as the background, its unit's motif, a shape in its category's colour turned by a hash of the SKU, its
 * initials and its SKU, so that no two products look alike.
 */
function productImage(p: PresetProduct, categoryIndex: number): Promise<EncodedImage> {
  const s = IMAGE_SIZE;
  const [a, b] = p.colors;
  const colour = CATEGORY_COLOURS[categoryIndex % CATEGORY_COLOURS.length];
  const turn = createHash('sha256').update(p.sku).digest().readUInt16BE(0) % 360;
  const initials = (p.name.en.match(/[\p{L}\p{N}]+/gu) ?? [p.sku])
    .slice(0, 2)
    .map((word) => word[0].toUpperCase())
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${s}" height="${s}">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${a}"/><stop offset="1" stop-color="${b}"/></linearGradient></defs>
  <rect width="100%" height="100%" fill="url(#g)"/>
  ${pattern(p)}
  <polygon points="${polygon(3 + (turn % 4), s / 4)}" transform="translate(${s / 2} ${s / 2}) rotate(${turn})" fill="${colour}" stroke="#fff" stroke-width="12"/>
  <text x="50%" y="50%" dy="0.35em" text-anchor="middle" font-family="sans-serif" font-weight="bold" font-size="${s / 6}" fill="#fff">${initials}</text>
  <rect y="${s - s / 10}" width="100%" height="${s / 10}" fill="${colour}"/>
  <text x="50%" y="${s - s / 20}" dy="0.35em" text-anchor="middle" font-family="sans-serif" font-size="${s / 24}" fill="#fff">${escapeXml(p.sku)}</text>
</svg>`;
  return encoded(svg);
}

/** The points of a regular polygon with `sides` corners at `radius` around the origin. */
function polygon(sides: number, radius: number): string {
  return Array.from({ length: sides }, (_, i) => {
    const angle = (2 * Math.PI * i) / sides - Math.PI / 2;
    return `${Math.round(radius * Math.cos(angle))},${Math.round(radius * Math.sin(angle))}`;
  }).join(' ');
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// The same product always yields the same picture: draw and encode each once per process (tests open many shops).
const encodedPhotos = new Map<string, Promise<EncodedImage>>();

function encoded(svg: string): Promise<EncodedImage> {
  let image = encodedPhotos.get(svg);
  if (!image) {
    // Little compression: the PNG only carries the picture to encodeImage, which decodes it straight away.
    image = sharp(Buffer.from(svg)).png({ compressionLevel: 1 }).toBuffer().then(encodeImage);
    encodedPhotos.set(svg, image);
  }
  return image;
}

/** A simple motif per unit of sale: a grid for tiles, stripes for metre goods, rings for services. */
function pattern(p: PresetProduct): string {
  const s = IMAGE_SIZE;
  const stroke = 'stroke="rgba(255,255,255,0.55)" stroke-width="12" fill="none"';
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
        .map((i) => `<rect x="0" y="${(i * s) / 6 - 20}" width="${s}" height="40" fill="rgba(255,255,255,0.35)"/>`)
        .join('');
    case 'service':
      return `<circle cx="${s / 2}" cy="${s / 2}" r="${(s * 3) / 8}" ${stroke}/><circle cx="${s / 2}" cy="${s / 2}" r="${(s * 7) / 16}" ${stroke}/>`;
    default:
      return `<rect x="${s / 8}" y="${s / 8}" width="${(s * 3) / 4}" height="${(s * 3) / 4}" rx="48" ${stroke}/>`;
  }
}
