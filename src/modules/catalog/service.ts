import type { ExpressionBuilder, Kysely } from 'kysely';
import type { DialectName } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import type { Locale } from '../../i18n/locales.ts';
import type { Preset, UnitCode } from '../../presets/types.ts';
import { productsMatching } from './search-index.ts';
import { searchText } from './search-text.ts';
import { activeVariantCount, activeVariantStock } from './variant-queries.ts';

export interface ProductCard {
  id: string;
  sku: string;
  model: string;
  name: string;
  unit: UnitCode;
  stepMilli: number;
  tilesPerBox: number | null;
  priceMinor: number;
  stockMilli: number;
  image: string | null;
  /** Active variants: a product with options is bought by choosing one (0: no options). */
  variantCount: number;
}

/** One variant of a product with options, as the storefront shows it. */
export interface VariantView {
  id: string;
  productId: string;
  sku: string;
  /** The value of each of the product's options, in the options' order. */
  values: string[];
  /** "Size: M / Colour: Red" in the page's language. */
  label: string;
  /** Its own price, or the product's. */
  priceMinor: number;
  stockMilli: number;
  active: boolean;
}

export interface ProductDetail extends ProductCard {
  description: string;
  quality: string;
  origin: string;
  categorySlug: string;
  categoryName: string;
  /** The first photo's alternative text in the locale, written by staff (null when there is none). */
  imageAlt: string | null;
  /** The option names (size, colour …) in the locale; empty for a product without options. */
  options: string[];
  /** The variants on sale, in the staff's order; empty for a product without options. */
  variants: VariantView[];
}

/** A line staff can choose on an order they enter: a product without options, or one variant of a product. */
export interface OrderEntryItem {
  key: string;
  product: ProductCard;
  variant: VariantView | null;
}

export interface CategoryView {
  id: string;
  slug: string;
  name: string;
}

export interface ProductPage {
  items: ProductCard[];
  total: number;
  page: number;
  pages: number;
}

export const PAGE_SIZE = 24;

/**
 * How long category names and category product counts are kept in memory. The catalogue changes rarely and only
 * through staff; a writer in this process calls `invalidate()`, and another instance sees the change after this.
 */
const CACHE_MS = 30_000;

/**
 * Reads the catalogue. Every list is a fixed number of queries whatever its length: one for the count and one for
 * the page, joining translations (with the shop's default language as fallback) and the first image.
 */
export class CatalogService {
  private readonly categoryCache = new Map<Locale, { at: number; value: Promise<CategoryView[]> }>();
  private readonly countCache = new Map<string, { at: number; value: Promise<number> }>();

  constructor(
    private readonly db: Kysely<DB>,
    readonly dialect: DialectName,
    private readonly preset: Preset,
  ) {}

  /** Forgets cached category names and counts: call after changing categories or products. */
  invalidate(): void {
    this.categoryCache.clear();
    this.countCache.clear();
  }

  categories(locale: Locale): Promise<CategoryView[]> {
    return cached(this.categoryCache, locale, () => this.readCategories(locale));
  }

  private async readCategories(locale: Locale): Promise<CategoryView[]> {
    const rows = await this.db
      .selectFrom('categories as c')
      .leftJoin('category_translations as t', (j) => j.onRef('t.category_id', '=', 'c.id').on('t.locale', '=', locale))
      .leftJoin('category_translations as f', (j) =>
        j.onRef('f.category_id', '=', 'c.id').on('f.locale', '=', this.preset.defaultLocale),
      )
      .select(['c.id', 'c.slug', 't.name as name', 'f.name as fallback'])
      .orderBy('c.sort')
      .execute();
    return rows.map((r) => ({ id: r.id, slug: r.slug, name: r.name ?? r.fallback ?? r.slug }));
  }

  async list(options: {
    locale: Locale;
    categoryId?: string;
    query?: string;
    page?: number;
    pageSize?: number;
  }): Promise<ProductPage> {
    const pageSize = options.pageSize ?? PAGE_SIZE;
    // LIKE wildcards typed by a visitor are dropped rather than escaped: the two databases escape differently.
    const needle = options.query ? searchText(options.query).replace(/[\\%_]/g, '') : '';
    const filter = (eb: ExpressionBuilder<CardFrom, 'p'>) => {
      const conditions = [eb('p.status', '=', 'active')];
      if (options.categoryId) conditions.push(eb('p.category_id', '=', options.categoryId));
      if (needle) conditions.push(eb('p.id', 'in', productsMatching(this.dialect, needle)));
      return eb.and(conditions);
    };
    const count = async () => {
      const row = await this.db
        .selectFrom('products as p')
        .where(filter)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    };
    // A category's count walks every product in it (20,000 at 100,000 products): it is cached. Searches are not.
    const total = needle ? await count() : await cached(this.countCache, options.categoryId ?? '', count);
    const pages = Math.max(1, Math.ceil(total / pageSize));
    const page = Math.min(Math.max(1, options.page ?? 1), pages);
    const rows = await this.cards(options.locale)
      .where(filter)
      .orderBy('p.sort')
      .orderBy('p.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute();
    return { items: rows.map(toCard), total, page, pages };
  }

  async byIds(ids: string[], locale: Locale): Promise<ProductCard[]> {
    if (ids.length === 0) return [];
    const rows = await this.cards(locale).where('p.id', 'in', ids).execute();
    return rows.map(toCard);
  }

  /** A product the shop sells: an archived one is gone from the storefront, its page and its add-to-cart. */
  async product(id: string, locale: Locale): Promise<ProductDetail | null> {
    const row = await this.cards(locale)
      .where('p.id', '=', id)
      .where('p.status', '=', 'active')
      .innerJoin('categories as c', 'c.id', 'p.category_id')
      .leftJoin('category_translations as ct', (j) =>
        j.onRef('ct.category_id', '=', 'c.id').on('ct.locale', '=', locale),
      )
      .leftJoin('product_image_alts as ia', (j) => j.onRef('ia.image_id', '=', 'i.id').on('ia.locale', '=', locale))
      .select([
        't.description',
        'd.description as fallback_description',
        't.quality',
        'd.quality as fallback_quality',
        't.origin',
        'd.origin as fallback_origin',
        'c.slug as category_slug',
        'ct.name as category_name',
        'ia.alt as image_alt',
      ])
      .executeTakeFirst();
    if (!row) return null;
    const { options, variants } = await this.variantsOf([id], locale, { activeOnly: true });
    return {
      ...toCard(row),
      options: options.get(id) ?? [],
      variants: variants.filter((v) => v.productId === id),
      description: row.description ?? row.fallback_description ?? '',
      quality: row.quality ?? row.fallback_quality ?? '',
      origin: row.origin ?? row.fallback_origin ?? '',
      categorySlug: row.category_slug,
      categoryName: row.category_name ?? row.category_slug,
      imageAlt: row.image_alt ?? null,
    };
  }

  /**
   * The options and variants of several products: two queries whatever their number. Option names fall back to the
   * shop's language, then to any language they have.
   */
  async variantsOf(
    productIds: string[],
    locale: Locale,
    filter: { activeOnly?: boolean; variantIds?: string[] } = {},
  ): Promise<{ options: Map<string, string[]>; variants: VariantView[] }> {
    if (productIds.length === 0) return { options: new Map(), variants: [] };
    let variantQuery = this.db
      .selectFrom('product_variants as v')
      .innerJoin('products as p', 'p.id', 'v.product_id')
      .select([
        'v.id',
        'v.product_id',
        'v.sku',
        'v.value1',
        'v.value2',
        'v.value3',
        'v.price_minor',
        'v.stock_milli',
        'v.status',
        'p.price_minor as product_price',
      ])
      .where('v.product_id', 'in', productIds)
      .orderBy('v.product_id')
      .orderBy('v.sort')
      .orderBy('v.sku');
    if (filter.activeOnly) variantQuery = variantQuery.where('v.status', '=', 'active');
    if (filter.variantIds) variantQuery = variantQuery.where('v.id', 'in', filter.variantIds);
    const [names, rows] = await Promise.all([
      this.db
        .selectFrom('product_options')
        .select(['product_id', 'position', 'locale', 'name'])
        .where('product_id', 'in', productIds)
        .orderBy('position')
        .execute(),
      variantQuery.execute(),
    ]);
    const options = new Map<string, string[]>();
    for (const id of productIds) {
      const own = names.filter((n) => n.product_id === id);
      const positions = [...new Set(own.map((n) => Number(n.position)))].sort();
      if (positions.length === 0) continue;
      options.set(
        id,
        positions.map(
          (pos) =>
            own.find((n) => Number(n.position) === pos && n.locale === locale)?.name ??
            own.find((n) => Number(n.position) === pos && n.locale === this.preset.defaultLocale)?.name ??
            own.find((n) => Number(n.position) === pos)?.name ??
            `${pos}`,
        ),
      );
    }
    const variants = rows.map((r) => {
      const names = options.get(r.product_id) ?? [];
      const values = [r.value1, r.value2, r.value3].slice(0, Math.max(names.length, 1));
      return {
        id: r.id,
        productId: r.product_id,
        sku: r.sku,
        values,
        label: variantLabel(names, values),
        priceMinor: Number(r.price_minor ?? r.product_price),
        stockMilli: Number(r.stock_milli),
        active: r.status === 'active',
      };
    });
    return { options, variants };
  }

  async categoryBySlug(slug: string, locale: Locale): Promise<CategoryView | null> {
    return (await this.categories(locale)).find((c) => c.slug === slug) ?? null;
  }

  /**
   * What staff can put on an order they enter (KT-10): every active product without options, and every variant on
   * sale of those with options, each under a key of its own (`product` or `product:variant`). Two queries.
   */
  async orderEntryItems(locale: Locale): Promise<OrderEntryItem[]> {
    const products = (await this.cards(locale).where('p.status', '=', 'active').orderBy('p.sort').execute()).map(
      toCard,
    );
    const withOptions = products.filter((p) => p.variantCount > 0);
    const { variants } = await this.variantsOf(
      withOptions.map((p) => p.id),
      locale,
      { activeOnly: true },
    );
    return products.flatMap((product): OrderEntryItem[] =>
      product.variantCount === 0
        ? [{ key: product.id, product, variant: null }]
        : variants
            .filter((v) => v.productId === product.id)
            .map((variant) => ({ key: `${product.id}:${variant.id}`, product, variant })),
    );
  }

  /** Products with their name in the locale (falling back to the shop's language) and their first image. */
  private cards(locale: Locale) {
    return this.db
      .selectFrom('products as p')
      .leftJoin('product_translations as t', (j) => j.onRef('t.product_id', '=', 'p.id').on('t.locale', '=', locale))
      .leftJoin('product_translations as d', (j) =>
        j.onRef('d.product_id', '=', 'p.id').on('d.locale', '=', this.preset.defaultLocale),
      )
      .leftJoin('product_images as i', (j) => j.onRef('i.product_id', '=', 'p.id').on('i.sort', '=', 0))
      .select([
        'p.id',
        'p.sku',
        'p.model',
        'p.unit',
        'p.step_milli',
        'p.tiles_per_box',
        'p.price_minor',
        'p.stock_milli',
        't.name',
        'd.name as fallback_name',
        'i.file as image',
        // A product with options is in stock when one of its variants is: their sum stands for its stock.
        (eb) => activeVariantStock(this.db, eb.ref('p.id')).as('variant_stock'),
        (eb) => activeVariantCount(this.db, eb.ref('p.id')).as('variant_count'),
      ]);
  }
}

type CardFrom = DB & { p: DB['products'] };

interface CardRow {
  id: string;
  sku: string;
  model: string;
  unit: string;
  step_milli: number;
  tiles_per_box: number | null;
  price_minor: number;
  stock_milli: number;
  name: string | null;
  fallback_name: string | null;
  image: string | null;
  variant_stock: number | string | null;
  variant_count: number | string | null;
}

function toCard(r: CardRow): ProductCard {
  const variants = Number(r.variant_count ?? 0);
  return {
    id: r.id,
    sku: r.sku,
    model: r.model,
    name: r.name ?? r.fallback_name ?? r.sku,
    unit: r.unit as UnitCode,
    stepMilli: Number(r.step_milli),
    tilesPerBox: r.tiles_per_box,
    priceMinor: Number(r.price_minor),
    stockMilli: variants > 0 ? Number(r.variant_stock ?? 0) : Number(r.stock_milli),
    image: r.image,
    variantCount: variants,
  };
}

/** "Size: M / Colour: Red": each option's name and the variant's value (the value alone where a name is missing). */
export function variantLabel(names: string[], values: string[]): string {
  return values
    .map((value, i) => (names[i] ? `${names[i]}: ${value}` : value))
    .filter(Boolean)
    .join(' / ');
}

function cached<K, V>(cache: Map<K, { at: number; value: Promise<V> }>, key: K, read: () => Promise<V>): Promise<V> {
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && now - hit.at < CACHE_MS) return hit.value;
  const value = read();
  cache.set(key, { at: now, value });
  // A failed read is not kept.
  value.catch(() => cache.delete(key));
  return value;
}
