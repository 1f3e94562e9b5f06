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
import { activeVariantCount, activeVariantIds, activeVariantStock } from '../catalog/variant-queries.ts';
import { MAX_OPTIONS } from '../catalog/variants-schema.ts';

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
  /** The variant whose stock changed, by its SKU; null for the product's own. */
  variantSku: string | null;
  deltaMilli: number;
  stockAfterMilli: number;
  reason: StockReason;
  actor: string;
  createdAt: string;
}

export interface VariantForEdit {
  id: string;
  sku: string;
  /** One value per option position (1–3), '' where unused. */
  values: string[];
  /** Null: the product's price. */
  priceMinor: number | null;
  stockMilli: number;
  status: 'active' | 'archived';
}

/** What staff save of a product's options and variants (stock of an existing variant changes by adjustment only). */
export interface VariantsInput {
  /** Option names by position (index 0 is option 1), per language; an option without a name is unused. */
  options: Partial<Record<Locale, string>>[];
  variants: {
    /** The form's row, for errors next to its fields. */
    row: number;
    id?: string;
    sku: string;
    values: string[];
    priceMinor: number | null;
    /** Initial stock of a new variant. */
    stockMilli: number;
    archived: boolean;
    /** Delete it, or archive it if an order refers to it. */
    remove: boolean;
  }[];
}

export interface ProductForEdit extends ProductInput {
  id: string;
  stockMilli: number;
  images: ImageForEdit[];
  history: StockEntry[];
  options: Partial<Record<Locale, string>>[];
  variants: VariantForEdit[];
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
  /** Variants on sale (0: a product without options) and their stock together. */
  variantCount: number;
  variantStockMilli: number;
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
      // Variant count and stock in the same query: the list stays two queries whatever the page holds.
      .select((eb) => [
        activeVariantCount(this.db, eb.ref('p.id')).as('variant_count'),
        activeVariantStock(this.db, eb.ref('p.id')).as('variant_stock'),
      ])
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
        variantCount: Number(r.variant_count ?? 0),
        variantStockMilli: Number(r.variant_stock ?? 0),
      };
    });
    return { items, next: rows.length > limit ? items[items.length - 1].sku : null };
  }

  async product(id: string): Promise<ProductForEdit | null> {
    const p = await this.db.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst();
    if (!p) return null;
    const [texts, images, history, options, variants] = await Promise.all([
      this.db.selectFrom('product_translations').selectAll().where('product_id', '=', id).execute(),
      this.db.selectFrom('product_images').selectAll().where('product_id', '=', id).orderBy('sort').execute(),
      this.db
        .selectFrom('stock_adjustments as a')
        .leftJoin('product_variants as v', 'v.id', 'a.variant_id')
        .selectAll('a')
        .select('v.sku as variant_sku')
        .where('a.product_id', '=', id)
        .orderBy('a.created_at', 'desc')
        .orderBy('a.id')
        .limit(HISTORY_ROWS)
        .execute(),
      this.db.selectFrom('product_options').selectAll().where('product_id', '=', id).execute(),
      this.db
        .selectFrom('product_variants')
        .selectAll()
        .where('product_id', '=', id)
        .orderBy('sort')
        .orderBy('sku')
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
      options: Array.from({ length: MAX_OPTIONS }, (_, i) =>
        Object.fromEntries(options.filter((o) => Number(o.position) === i + 1).map((o) => [o.locale, o.name])),
      ),
      variants: variants.map((v) => ({
        id: v.id,
        sku: v.sku,
        values: [v.value1, v.value2, v.value3],
        priceMinor: v.price_minor === null ? null : Number(v.price_minor),
        stockMilli: Number(v.stock_milli),
        status: v.status === 'archived' ? 'archived' : 'active',
      })),
      history: history.map((h) => ({
        variantSku: h.variant_sku ?? null,
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
    variantId?: string,
  ): Promise<{ ok: true; stockMilli: number } | { ok: false; error: 'below_zero' | 'not_found' | 'has_variants' }> {
    if (variantId) return this.adjustVariantStock(id, variantId, deltaMilli, reason, actor);
    const result = await this.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('products')
        .set((eb) => ({ stock_milli: eb('stock_milli', '+', deltaMilli) }))
        .where('id', '=', id)
        .where((eb) => eb(eb('stock_milli', '+', deltaMilli), '>=', 0))
        // A product with variants has its stock in them: its own is not what the shop sells.
        .where((eb) => eb.not(eb.exists(activeVariantIds(this.db, eb.ref('products.id')))))
        .returning('stock_milli')
        .executeTakeFirst();
      if (!updated) return null;
      const after = Number(updated.stock_milli);
      await recordStock(trx, id, deltaMilli, after, reason, actor);
      return after;
    });
    if (result === null) {
      const exists = await this.db.selectFrom('products').select('id').where('id', '=', id).executeTakeFirst();
      const variants = await this.db
        .selectFrom('product_variants')
        .select('id')
        .where('product_id', '=', id)
        .where('status', '=', 'active')
        .limit(1)
        .executeTakeFirst();
      return { ok: false, error: !exists ? 'not_found' : variants ? 'has_variants' : 'below_zero' };
    }
    this.catalog.invalidate();
    return { ok: true, stockMilli: result };
  }

  /** A variant's stock, changed as the product's is: one guarded update and a history row naming the variant. */
  private async adjustVariantStock(
    productId: string,
    variantId: string,
    deltaMilli: number,
    reason: StockReason,
    actor: string,
  ): Promise<{ ok: true; stockMilli: number } | { ok: false; error: 'below_zero' | 'not_found' }> {
    const result = await this.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('product_variants')
        .set((eb) => ({ stock_milli: eb('stock_milli', '+', deltaMilli) }))
        .where('id', '=', variantId)
        .where('product_id', '=', productId)
        .where((eb) => eb(eb('stock_milli', '+', deltaMilli), '>=', 0))
        .returning('stock_milli')
        .executeTakeFirst();
      if (!updated) return null;
      const after = Number(updated.stock_milli);
      await recordStock(trx, productId, deltaMilli, after, reason, actor, variantId);
      return after;
    });
    if (result === null) {
      const exists = await this.db
        .selectFrom('product_variants')
        .select('id')
        .where('id', '=', variantId)
        .where('product_id', '=', productId)
        .executeTakeFirst();
      return { ok: false, error: exists ? 'below_zero' : 'not_found' };
    }
    this.catalog.invalidate();
    return { ok: true, stockMilli: result };
  }

  /**
   * Saves a product's option names and variants in one transaction: existing variants are changed (their stock only
   * through adjustments), new ones created with their initial stock recorded, removed ones deleted — or archived,
   * when an order refers to them, so the order keeps its line. A SKU must be unique among products and variants.
   */
  async saveVariants(
    productId: string,
    input: VariantsInput,
    actor: string,
  ): Promise<{ ok: true } | { ok: false; errors: Record<string, 'sku_taken'> }> {
    const skus = input.variants.filter((v) => !v.remove).map((v) => v.sku);
    const [products, variants] = skus.length
      ? await Promise.all([
          this.db.selectFrom('products').select('sku').where('sku', 'in', skus).execute(),
          this.db.selectFrom('product_variants').select(['id', 'sku']).where('sku', 'in', skus).execute(),
        ])
      : [[], []];
    const errors: Record<string, 'sku_taken'> = {};
    for (const v of input.variants) {
      if (v.remove) continue;
      const clash =
        products.some((p) => p.sku === v.sku) || variants.some((other) => other.sku === v.sku && other.id !== v.id);
      if (clash) errors[`v_${v.row}_sku`] = 'sku_taken';
    }
    if (Object.keys(errors).length) return { ok: false, errors };
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('product_options').where('product_id', '=', productId).execute();
      const optionRows = input.options.flatMap((names, i) =>
        LOCALES.filter((l) => names[l]).map((locale) => ({
          product_id: productId,
          position: i + 1,
          locale,
          name: names[locale]!,
        })),
      );
      if (optionRows.length) await trx.insertInto('product_options').values(optionRows).execute();
      const own = await trx
        .selectFrom('product_variants')
        .select(['id', 'sort'])
        .where('product_id', '=', productId)
        .execute();
      let sort = own.reduce((max, v) => Math.max(max, Number(v.sort)), -1) + 1;
      // Removed ones first, so that a new variant may take the SKU of one removed in the same save.
      for (const v of input.variants.filter((row) => row.remove && row.id && own.some((o) => o.id === row.id))) {
        const ordered = await trx
          .selectFrom('order_lines')
          .select('variant_id')
          .where('variant_id', '=', v.id!)
          .limit(1)
          .executeTakeFirst();
        if (ordered)
          await trx.updateTable('product_variants').set({ status: 'archived' }).where('id', '=', v.id!).execute();
        else await trx.deleteFrom('product_variants').where('id', '=', v.id!).execute();
      }
      for (const v of input.variants.filter((row) => !row.remove)) {
        const values = { value1: v.values[0] ?? '', value2: v.values[1] ?? '', value3: v.values[2] ?? '' };
        const status = v.archived ? 'archived' : 'active';
        if (v.id && own.some((o) => o.id === v.id)) {
          await trx
            .updateTable('product_variants')
            .set({ sku: v.sku, ...values, price_minor: v.priceMinor, status })
            .where('id', '=', v.id)
            .execute();
          continue;
        }
        const id = randomUUID();
        await trx
          .insertInto('product_variants')
          .values({
            id,
            product_id: productId,
            sku: v.sku,
            ...values,
            price_minor: v.priceMinor,
            stock_milli: v.stockMilli,
            status,
            sort: sort++,
            created_at: now,
          })
          .execute();
        if (v.stockMilli > 0) await recordStock(trx, productId, v.stockMilli, v.stockMilli, 'initial', actor, id);
      }
    });
    this.catalog.invalidate();
    return { ok: true };
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
  variantId: string | null = null,
): Promise<void> {
  await trx
    .insertInto('stock_adjustments')
    .values({
      id: randomUUID(),
      product_id: productId,
      variant_id: variantId,
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
