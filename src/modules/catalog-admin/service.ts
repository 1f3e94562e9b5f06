import { randomUUID } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { LOCALES, type Locale } from '../../i18n/locales.ts';
import { storefrontLocales } from '../../i18n/storefront-locales.ts';
import type { Preset, UnitCode } from '../../presets/types.ts';
import { encodeImage, saveImage } from '../catalog/images.ts';
import { productsMatching } from '../catalog/search-index.ts';
import { searchText } from '../catalog/search-text.ts';
import type { CatalogService } from '../catalog/service.ts';

export const UNITS: readonly UnitCode[] = ['piece', 'metre', 'tile', 'box', 'kg', 'litre', 'bag', 'set', 'service'];
export const STOCK_REASONS = ['received', 'counted', 'damaged', 'returned', 'correction', 'initial', 'import'] as const;
export type StockReason = (typeof STOCK_REASONS)[number];
/** The reasons staff choose from; `initial` and `import` are written by the system. */
export const STAFF_STOCK_REASONS: readonly StockReason[] = ['received', 'counted', 'damaged', 'returned', 'correction'];

export interface ProductTexts {
  name: string;
  description: string;
  quality: string;
  origin: string;
}

/** What staff edit on a product (stock changes only through adjustments, so that each has a reason). */
export interface ProductInput {
  sku: string;
  categoryId: string;
  model: string;
  unit: UnitCode;
  stepMilli: number;
  tilesPerBox: number | null;
  priceMinor: number;
  status: 'active' | 'archived';
  /** A language without a name is missing: it has no row, and the storefront falls back to the shop's language. */
  translations: Partial<Record<Locale, ProductTexts>>;
}

export interface ImageForEdit {
  id: string;
  file: string;
  alts: Partial<Record<Locale, string>>;
}

export interface StockEntry {
  deltaMilli: number;
  stockAfterMilli: number;
  reason: StockReason;
  actor: string;
  createdAt: string;
}

export interface ProductForEdit extends ProductInput {
  id: string;
  stockMilli: number;
  images: ImageForEdit[];
  history: StockEntry[];
}

export interface StaffListItem {
  id: string;
  sku: string;
  name: string;
  unit: UnitCode;
  priceMinor: number;
  stockMilli: number;
  status: string;
  /** Languages this product has no name in. */
  missing: Locale[];
}

export interface CategoryForEdit {
  id: string;
  slug: string;
  sort: number;
  names: Partial<Record<Locale, string>>;
}

export type SaveResult = { ok: true; id: string } | { ok: false; errors: Record<string, 'sku_taken' | 'no_category'> };

export const STAFF_PAGE_SIZE = 50;
const HISTORY_ROWS = 50;

/**
 * Writes the catalogue for staff: products with their translations, photos, stock with a reason for every change,
 * categories. Reads for the storefront stay in CatalogService, whose caches are cleared after every change here.
 */
export class CatalogAdminService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly preset: Preset,
    private readonly catalog: CatalogService,
    private readonly mediaDir: string,
  ) {}

  /**
   * One page of the staff product list, ordered by SKU and continued after the last SKU shown (keyset pagination on
   * the unique SKU index: the 2,000th page costs what the first does). A search keeps the order and filters on the
   * normalised texts of every language.
   */
  async list(options: { locale: Locale; query?: string; after?: string; limit?: number }): Promise<{
    items: StaffListItem[];
    next: string | null;
  }> {
    const limit = options.limit ?? STAFF_PAGE_SIZE;
    const needle = options.query ? searchText(options.query).replace(/[\\%_]/g, '') : '';
    let query = this.db
      .selectFrom('products as p')
      .leftJoin('product_translations as t', (j) =>
        j.onRef('t.product_id', '=', 'p.id').on('t.locale', '=', options.locale),
      )
      .leftJoin('product_translations as d', (j) =>
        j.onRef('d.product_id', '=', 'p.id').on('d.locale', '=', this.preset.defaultLocale),
      )
      .select(['p.id', 'p.sku', 'p.unit', 'p.price_minor', 'p.stock_milli', 'p.status', 't.name', 'd.name as fallback'])
      .orderBy('p.sku')
      .limit(limit + 1);
    if (options.after) query = query.where('p.sku', '>', options.after);
    if (needle) query = query.where('p.id', 'in', productsMatching(this.catalog.dialect, needle));
    const rows = await query.execute();
    const page = rows.slice(0, limit);
    const present = new Map<string, Set<string>>(page.map((r) => [r.id, new Set()]));
    if (page.length)
      for (const t of await this.db
        .selectFrom('product_translations')
        .select(['product_id', 'locale'])
        .where(
          'product_id',
          'in',
          page.map((r) => r.id),
        )
        .execute())
        present.get(t.product_id)?.add(t.locale);
    const items = page.map((r) => {
      const languages = present.get(r.id)!;
      return {
        id: r.id,
        sku: r.sku,
        name: r.name ?? r.fallback ?? r.sku,
        unit: r.unit as UnitCode,
        priceMinor: Number(r.price_minor),
        stockMilli: Number(r.stock_milli),
        status: r.status,
        // Missing only in a language the storefront offers: another one is not shown to anyone.
        missing: storefrontLocales(this.preset).filter((l) => !languages.has(l)),
      };
    });
    return { items, next: rows.length > limit ? items[items.length - 1].sku : null };
  }

  async product(id: string): Promise<ProductForEdit | null> {
    const p = await this.db.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst();
    if (!p) return null;
    const [texts, images, history] = await Promise.all([
      this.db.selectFrom('product_translations').selectAll().where('product_id', '=', id).execute(),
      this.db.selectFrom('product_images').selectAll().where('product_id', '=', id).orderBy('sort').execute(),
      this.db
        .selectFrom('stock_adjustments')
        .selectAll()
        .where('product_id', '=', id)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(HISTORY_ROWS)
        .execute(),
    ]);
    const alts = images.length
      ? await this.db
          .selectFrom('product_image_alts')
          .selectAll()
          .where(
            'image_id',
            'in',
            images.map((i) => i.id),
          )
          .execute()
      : [];
    return {
      id: p.id,
      sku: p.sku,
      categoryId: p.category_id,
      model: p.model,
      unit: p.unit as UnitCode,
      stepMilli: Number(p.step_milli),
      tilesPerBox: p.tiles_per_box === null ? null : Number(p.tiles_per_box),
      priceMinor: Number(p.price_minor),
      stockMilli: Number(p.stock_milli),
      status: p.status === 'archived' ? 'archived' : 'active',
      translations: Object.fromEntries(
        texts.map((t) => [
          t.locale,
          { name: t.name, description: t.description, quality: t.quality, origin: t.origin },
        ]),
      ),
      images: images.map((i) => ({
        id: i.id,
        file: i.file,
        alts: Object.fromEntries(alts.filter((a) => a.image_id === i.id).map((a) => [a.locale, a.alt])),
      })),
      history: history.map((h) => ({
        deltaMilli: Number(h.delta_milli),
        stockAfterMilli: Number(h.stock_after_milli),
        reason: h.reason as StockReason,
        actor: h.actor,
        createdAt: h.created_at,
      })),
    };
  }

  async create(input: ProductInput, stockMilli: number, actor: string): Promise<SaveResult> {
    const problem = await this.checkUnique(input);
    if (problem) return problem;
    const id = randomUUID();
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (trx) => {
      const last = await trx
        .selectFrom('products')
        .select((eb) => eb.fn.max('sort').as('sort'))
        .executeTakeFirst();
      await trx
        .insertInto('products')
        .values({
          id,
          sku: input.sku,
          category_id: input.categoryId,
          model: input.model,
          unit: input.unit,
          step_milli: input.stepMilli,
          tiles_per_box: input.tilesPerBox,
          price_minor: input.priceMinor,
          stock_milli: stockMilli,
          status: input.status,
          sort: Number(last?.sort ?? -1) + 1,
          created_at: now,
        })
        .execute();
      await writeTranslations(trx, id, input);
      if (stockMilli > 0) await recordStock(trx, id, stockMilli, stockMilli, 'initial', actor);
    });
    this.catalog.invalidate();
    return { ok: true, id };
  }

  async update(id: string, input: ProductInput): Promise<SaveResult> {
    const problem = await this.checkUnique(input, id);
    if (problem) return problem;
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('products')
        .set({
          sku: input.sku,
          category_id: input.categoryId,
          model: input.model,
          unit: input.unit,
          step_milli: input.stepMilli,
          tiles_per_box: input.tilesPerBox,
          price_minor: input.priceMinor,
          status: input.status,
        })
        .where('id', '=', id)
        .execute();
      await writeTranslations(trx, id, input);
    });
    this.catalog.invalidate();
    return { ok: true, id };
  }

  private async checkUnique(input: ProductInput, id?: string): Promise<SaveResult | null> {
    const [clash, category] = await Promise.all([
      this.db.selectFrom('products').select('id').where('sku', '=', input.sku).executeTakeFirst(),
      this.db.selectFrom('categories').select('id').where('id', '=', input.categoryId).executeTakeFirst(),
    ]);
    if (clash && clash.id !== id) return { ok: false, errors: { sku: 'sku_taken' } };
    if (!category) return { ok: false, errors: { category: 'no_category' } };
    return null;
  }

  /**
   * Changes stock by `deltaMilli` with a reason, in one guarded update (stock never goes below zero, even against a
   * checkout reserving at the same moment) and a history row with the stock it left.
   */
  async adjustStock(
    id: string,
    deltaMilli: number,
    reason: StockReason,
    actor: string,
  ): Promise<{ ok: true; stockMilli: number } | { ok: false; error: 'below_zero' | 'not_found' }> {
    const result = await this.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('products')
        .set((eb) => ({ stock_milli: eb('stock_milli', '+', deltaMilli) }))
        .where('id', '=', id)
        .where((eb) => eb(eb('stock_milli', '+', deltaMilli), '>=', 0))
        .returning('stock_milli')
        .executeTakeFirst();
      if (!updated) return null;
      const after = Number(updated.stock_milli);
      await recordStock(trx, id, deltaMilli, after, reason, actor);
      return after;
    });
    if (result === null) {
      const exists = await this.db.selectFrom('products').select('id').where('id', '=', id).executeTakeFirst();
      return { ok: false, error: exists ? 'below_zero' : 'not_found' };
    }
    this.catalog.invalidate();
    return { ok: true, stockMilli: result };
  }

  /** Sets stock to a counted amount: the difference from what the shop had is the adjustment. */
  async setStock(id: string, stockMilli: number, reason: StockReason, actor: string) {
    const row = await this.db.selectFrom('products').select('stock_milli').where('id', '=', id).executeTakeFirst();
    if (!row) return { ok: false as const, error: 'not_found' as const };
    const delta = stockMilli - Number(row.stock_milli);
    if (delta === 0) return { ok: true as const, stockMilli };
    return this.adjustStock(id, delta, reason, actor);
  }

  /** Sets the price of several products at once, or changes it by a percentage (rounded to a minor unit). */
  async bulkPrice(ids: string[], change: { setMinor: number } | { percent: number }): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await this.db
      .updateTable('products')
      .set((eb) => ({
        price_minor:
          'setMinor' in change
            ? change.setMinor
            : // The form refuses a cut of more than 100%, so the price stays ≥ 0.
              sql<number>`round(${eb.ref('price_minor')} * ${100 + change.percent} / 100.0)`,
      }))
      .where('id', 'in', ids)
      .executeTakeFirst();
    this.catalog.invalidate();
    return Number(result.numUpdatedRows);
  }

  /** Deletes a product no order refers to; one that was ordered is archived instead, so its orders stay whole. */
  async remove(id: string): Promise<'deleted' | 'archived' | 'not_found'> {
    const outcome = await this.db.transaction().execute(async (trx) => {
      const product = await trx.selectFrom('products').select('id').where('id', '=', id).executeTakeFirst();
      if (!product) return 'not_found' as const;
      if (await isOrdered(trx, id)) {
        await trx.updateTable('products').set({ status: 'archived' }).where('id', '=', id).execute();
        return 'archived' as const;
      }
      // Translations, images, alt texts and stock history go with it (ON DELETE CASCADE).
      await trx.deleteFrom('products').where('id', '=', id).execute();
      return 'deleted' as const;
    });
    this.catalog.invalidate();
    return outcome;
  }

  async setStatus(id: string, status: 'active' | 'archived'): Promise<void> {
    await this.db.updateTable('products').set({ status }).where('id', '=', id).execute();
    this.catalog.invalidate();
  }

  /**
   * Adds a photo: resized to the stored widths, metadata stripped (images.ts), with its alt text per language. Throws
   * ImageRejected for something that is not a picture, which the route shows next to the field.
   */
  async addImage(productId: string, upload: Buffer, alts: Partial<Record<Locale, string>>): Promise<string> {
    const image = await encodeImage(upload);
    await saveImage(image, this.mediaDir);
    return this.attachImage(this.db, productId, image, alts);
  }

  /** Records an encoded, saved image as the product's last photo. */
  async attachImage(
    db: Kysely<DB>,
    productId: string,
    image: { name: string; width: number; height: number },
    alts: Partial<Record<Locale, string>>,
  ): Promise<string> {
    const id = randomUUID();
    await db.transaction().execute(async (trx) => {
      const last = await trx
        .selectFrom('product_images')
        .select((eb) => eb.fn.max('sort').as('sort'))
        .where('product_id', '=', productId)
        .executeTakeFirst();
      await trx
        .insertInto('product_images')
        .values({
          id,
          product_id: productId,
          file: image.name,
          width: image.width,
          height: image.height,
          sort: last?.sort === null || last?.sort === undefined ? 0 : Number(last.sort) + 1,
        })
        .execute();
      await writeAlts(trx, id, alts);
    });
    this.catalog.invalidate();
    return id;
  }

  async setImageAlts(productId: string, imageId: string, alts: Partial<Record<Locale, string>>): Promise<boolean> {
    const image = await this.imageOf(productId, imageId);
    if (!image) return false;
    await this.db.transaction().execute((trx) => writeAlts(trx, imageId, alts));
    return true;
  }

  /** Removes a photo from the product; the next one becomes the first (sort 0 is what the cards show). */
  async deleteImage(productId: string, imageId: string): Promise<boolean> {
    const image = await this.imageOf(productId, imageId);
    if (!image) return false;
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('product_images').where('id', '=', imageId).execute();
      const rest = await trx
        .selectFrom('product_images')
        .select('id')
        .where('product_id', '=', productId)
        .orderBy('sort')
        .execute();
      for (const [sort, r] of rest.entries())
        await trx.updateTable('product_images').set({ sort }).where('id', '=', r.id).execute();
    });
    this.catalog.invalidate();
    return true;
  }

  private imageOf(productId: string, imageId: string) {
    return this.db
      .selectFrom('product_images')
      .select('id')
      .where('id', '=', imageId)
      .where('product_id', '=', productId)
      .executeTakeFirst();
  }

  async categories(): Promise<CategoryForEdit[]> {
    const [rows, names] = await Promise.all([
      this.db.selectFrom('categories').selectAll().orderBy('sort').orderBy('slug').execute(),
      this.db.selectFrom('category_translations').selectAll().execute(),
    ]);
    return rows.map((c) => ({
      id: c.id,
      slug: c.slug,
      sort: Number(c.sort),
      names: Object.fromEntries(names.filter((n) => n.category_id === c.id).map((n) => [n.locale, n.name])),
    }));
  }

  async saveCategory(input: {
    id?: string;
    slug: string;
    sort: number;
    names: Partial<Record<Locale, string>>;
  }): Promise<{ ok: true; id: string } | { ok: false; error: 'slug_taken' }> {
    const clash = await this.db.selectFrom('categories').select('id').where('slug', '=', input.slug).executeTakeFirst();
    if (clash && clash.id !== input.id) return { ok: false, error: 'slug_taken' };
    const id = input.id ?? randomUUID();
    await this.db.transaction().execute(async (trx) => {
      if (input.id)
        await trx.updateTable('categories').set({ slug: input.slug, sort: input.sort }).where('id', '=', id).execute();
      else await trx.insertInto('categories').values({ id, slug: input.slug, sort: input.sort }).execute();
      await writeCategoryNames(trx, id, input.names);
    });
    this.catalog.invalidate();
    return { ok: true, id };
  }
}

async function writeTranslations(trx: Transaction<DB>, id: string, input: ProductInput): Promise<void> {
  await trx.deleteFrom('product_translations').where('product_id', '=', id).execute();
  const rows = LOCALES.flatMap((locale) => {
    const t = input.translations[locale];
    if (!t?.name) return [];
    return [
      {
        product_id: id,
        locale,
        name: t.name,
        description: t.description,
        quality: t.quality,
        origin: t.origin,
        search_text: searchText(`${t.name} ${input.model} ${input.sku}`),
      },
    ];
  });
  if (rows.length) await trx.insertInto('product_translations').values(rows).execute();
}

async function writeAlts(trx: Transaction<DB>, imageId: string, alts: Partial<Record<Locale, string>>) {
  await trx.deleteFrom('product_image_alts').where('image_id', '=', imageId).execute();
  const rows = LOCALES.filter((l) => alts[l]).map((locale) => ({ image_id: imageId, locale, alt: alts[locale]! }));
  if (rows.length) await trx.insertInto('product_image_alts').values(rows).execute();
}

export async function writeCategoryNames(
  trx: Transaction<DB>,
  id: string,
  names: Partial<Record<Locale, string>>,
): Promise<void> {
  await trx.deleteFrom('category_translations').where('category_id', '=', id).execute();
  const rows = LOCALES.filter((l) => names[l]).map((locale) => ({ category_id: id, locale, name: names[locale]! }));
  if (rows.length) await trx.insertInto('category_translations').values(rows).execute();
}

export async function recordStock(
  trx: Transaction<DB>,
  productId: string,
  deltaMilli: number,
  stockAfterMilli: number,
  reason: StockReason,
  actor: string,
): Promise<void> {
  await trx
    .insertInto('stock_adjustments')
    .values({
      id: randomUUID(),
      product_id: productId,
      delta_milli: deltaMilli,
      stock_after_milli: stockAfterMilli,
      reason,
      actor,
      created_at: new Date().toISOString(),
    })
    .execute();
}

/**
 * Whether any order line refers to the product. Order lines keep the product's id (a foreign key), so an ordered
 * product can only be archived. This reads the orders module's table for one yes/no; OrderService has no such
 * question yet.
 */
async function isOrdered(trx: Transaction<DB>, productId: string): Promise<boolean> {
  const line = await trx.selectFrom('order_lines').select('product_id').where('product_id', '=', productId).limit(1);
  return Boolean(await line.executeTakeFirst());
}
