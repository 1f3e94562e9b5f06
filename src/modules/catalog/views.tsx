import { formatNumber, formatUnit, unitName } from '../../i18n/format.ts';
import { milliToDecimal } from '../../i18n/numbers.ts';
import type { MessageKey } from '../../i18n/translate.ts';
import type { PageContext } from '../../server/context.ts';
import { CsrfField, Ltr, Money, Pagination, Phone } from '../../views/components.tsx';
import { Layout } from '../../views/layout.tsx';
import { imageSources } from './images.ts';
import type { CategoryView, ProductCard, ProductDetail, ProductPage } from './service.ts';

/**
 * A stored product photo at most `width` CSS pixels wide; the browser picks the variant for the screen. A card passes
 * an empty alt: its photo sits in a link whose text is already the product's name, which would be read twice.
 */
function ProductImage(props: { file: string | null; width: number; alt: string; lazy?: boolean }) {
  const image = props.file ? imageSources(props.file, props.width) : null;
  return image ? (
    <img
      src={image.src}
      srcset={image.srcset}
      sizes={image.sizes}
      width={image.width}
      height={image.height}
      alt={props.alt}
      loading={props.lazy ? 'lazy' : undefined}
    />
  ) : null;
}

function ProductGrid({ ctx, items, empty }: { ctx: PageContext; items: ProductCard[]; empty?: MessageKey }) {
  if (items.length === 0) return empty ? <p class="empty">{ctx.t(empty)}</p> : null;
  return (
    <ul class="product-grid">
      {items.map((p) => (
        <li key={p.id} class="product-card">
          <a href={`/${ctx.locale}/p/${p.id}`}>
            <ProductImage file={p.image} width={240} alt="" lazy />
            <span class="name">{p.name}</span>
          </a>
          <span class="price">
            <Money ctx={ctx} minor={p.priceMinor} />
            <span class="per-unit"> / {unitName(1, p.unit, ctx.locale)}</span>
          </span>
          {p.stockMilli <= 0 ? <span class="out">{ctx.t('product.outOfStock')}</span> : null}
        </li>
      ))}
    </ul>
  );
}

function CategoryNav({ ctx, categories, current }: { ctx: PageContext; categories: CategoryView[]; current?: string }) {
  return (
    <nav class="categories" aria-label={ctx.t('catalog.categories')}>
      {categories.map((c) => (
        <a key={c.id} href={`/${ctx.locale}/c/${c.slug}`} aria-current={c.slug === current ? 'page' : undefined}>
          {c.name}
        </a>
      ))}
    </nav>
  );
}

/** khatra takes orders by hotline and e-mail (KT-10): its catalogue says how, on every page. */
export function OrderByContact({ ctx }: { ctx: PageContext }) {
  const { identity } = ctx.preset;
  return (
    <aside class="order-by-contact">
      <p>{ctx.t('catalog.orderByContact')}</p>
      <p>
        <a href={`tel:${identity.phone}`}>
          <Phone ctx={ctx} e164={identity.phone} />
        </a>
        {ctx.t('common.separator')}
        <a href={`mailto:${identity.email}`}>
          <Ltr>{identity.email}</Ltr>
        </a>
      </p>
    </aside>
  );
}

export function HomePage({
  ctx,
  categories,
  page,
}: {
  ctx: PageContext;
  categories: CategoryView[];
  page: ProductPage;
}) {
  const { preset, locale, t } = ctx;
  return (
    <Layout ctx={ctx} title={t('home.title')}>
      <section class="hero">
        <h1>{preset.identity.name[locale]}</h1>
        <p>{t(`home.tagline.${preset.storefront}`)}</p>
      </section>
      {preset.storefront === 'catalogue' ? <OrderByContact ctx={ctx} /> : null}
      <CategoryNav ctx={ctx} categories={categories} />
      <ProductGrid ctx={ctx} items={page.items} empty="catalog.empty" />
      <Pagination ctx={ctx} page={page.page} pages={page.pages} href={(p) => `/${locale}/?page=${p}`} />
    </Layout>
  );
}

export function CategoryPage(props: {
  ctx: PageContext;
  categories: CategoryView[];
  category: CategoryView;
  page: ProductPage;
}) {
  const { ctx, category, page } = props;
  return (
    <Layout ctx={ctx} title={category.name}>
      <CategoryNav ctx={ctx} categories={props.categories} current={category.slug} />
      <h1>{category.name}</h1>
      <p class="count">{ctx.t('catalog.productCount', { count: page.total })}</p>
      <ProductGrid ctx={ctx} items={page.items} empty="catalog.empty" />
      <Pagination
        ctx={ctx}
        page={page.page}
        pages={page.pages}
        href={(p) => `/${ctx.locale}/c/${category.slug}?page=${p}`}
      />
    </Layout>
  );
}

export function SearchPage({ ctx, query, page }: { ctx: PageContext; query: string; page: ProductPage }) {
  const title = query ? ctx.t('search.resultsFor', { query }) : ctx.t('search.label');
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      {query && page.total === 0 ? <p>{ctx.t('search.none')}</p> : null}
      {query ? <p class="count">{ctx.t('catalog.productCount', { count: page.total })}</p> : null}
      <ProductGrid ctx={ctx} items={page.items} />
      <Pagination
        ctx={ctx}
        page={page.page}
        pages={page.pages}
        href={(p) => `/${ctx.locale}/search?q=${encodeURIComponent(query)}&page=${p}`}
      />
    </Layout>
  );
}

/** What a refused add-to-cart says: next to the quantity, or next to the choice of variant. */
export type AddToCartError =
  | 'cart.errorQuantity'
  | 'cart.errorStock'
  | 'variant.errorChoose'
  | 'variant.errorInvalid'
  | 'variant.errorOutOfStock';

const VARIANT_ERRORS = new Set<AddToCartError>([
  'variant.errorChoose',
  'variant.errorInvalid',
  'variant.errorOutOfStock',
]);

/**
 * The choice of variant: one radio button per variant, labelled with its options, price and stock; one out of stock
 * is disabled and says so. Works without JavaScript; the server checks the choice again.
 */
function VariantChoice(props: { ctx: PageContext; product: ProductDetail; chosen?: string; error?: AddToCartError }) {
  const { ctx, product: p, error } = props;
  const { t, locale } = ctx;
  return (
    <fieldset
      class={error ? 'variants field-error' : 'variants'}
      aria-describedby={error ? 'f-variant-error' : undefined}
    >
      <legend>{t('variant.choose', { options: p.options.join(t('common.separator')) })}</legend>
      {error ? (
        <p class="error" id="f-variant-error" role="alert">
          {t(error)}
        </p>
      ) : null}
      {p.variants.map((v) => {
        const out = v.stockMilli <= 0 || v.stockMilli < p.stepMilli;
        return (
          <div class="field radio" key={v.id}>
            <input
              type="radio"
              id={`f-variant-${v.id}`}
              name="variant"
              value={v.id}
              disabled={out}
              checked={props.chosen === v.id && !out}
              required
            />
            <label for={`f-variant-${v.id}`}>
              {v.label}
              {t('common.separator')}
              <Money ctx={ctx} minor={v.priceMinor} />
              {out ? (
                <span class="out">
                  {t('common.separator')}
                  {t('product.outOfStock')}
                </span>
              ) : p.unit === 'service' ? null : (
                <span class="stock">
                  {t('common.separator')}
                  {t('variant.inStock', { stock: formatUnit(milliToDecimal(v.stockMilli), p.unit, locale) })}
                </span>
              )}
            </label>
          </div>
        );
      })}
    </fieldset>
  );
}

export function ProductPageView(props: {
  ctx: PageContext;
  product: ProductDetail;
  quantity?: string;
  /** The variant chosen before a refusal, checked again. */
  variant?: string;
  error?: AddToCartError;
}) {
  const { ctx, product: p } = props;
  const { t, locale } = ctx;
  const step = milliToDecimal(p.stepMilli);
  const hasVariants = p.variants.length > 0;
  const prices = p.variants.map((v) => v.priceMinor);
  const lowest = hasVariants ? Math.min(...prices) : p.priceMinor;
  const quantityError = props.error && !VARIANT_ERRORS.has(props.error) ? props.error : undefined;
  const variantError = props.error && VARIANT_ERRORS.has(props.error) ? props.error : undefined;
  return (
    <Layout ctx={ctx} title={p.name}>
      <nav class="breadcrumbs" aria-label={t('catalog.breadcrumbs')}>
        <a href={`/${locale}/`}>{t('home.title')}</a>
        <span aria-hidden="true" class="chevron">
          ›
        </span>
        <a href={`/${locale}/c/${p.categorySlug}`}>{p.categoryName}</a>
      </nav>
      <article class="product">
        <ProductImage file={p.image} width={480} alt={p.imageAlt || p.name} />
        <div class="product-info">
          <h1>{p.name}</h1>
          <p class="price">
            {hasVariants && prices.some((price) => price !== lowest) ? (
              <>
                {t('variant.priceFrom')} <Money ctx={ctx} minor={lowest} />
              </>
            ) : (
              <Money ctx={ctx} minor={lowest} />
            )}
            <span class="per-unit"> / {unitName(1, p.unit, locale)}</span>
          </p>
          <p>{p.description}</p>
          <dl class="facts">
            <dt>{t('product.model')}</dt>
            <dd>
              <Ltr>{p.model}</Ltr>
            </dd>
            <dt>{t('product.sku')}</dt>
            <dd>
              <Ltr>{p.sku}</Ltr>
            </dd>
            <dt>{t('product.category')}</dt>
            <dd>{p.categoryName}</dd>
            <dt>{t('product.quality')}</dt>
            <dd>{p.quality}</dd>
            <dt>{t('product.origin')}</dt>
            <dd>{p.origin}</dd>
            <dt>{t('product.unit')}</dt>
            <dd>
              {t('product.soldBy', { unit: unitName(1, p.unit, locale), step: formatUnit(step, p.unit, locale) })}
            </dd>
            {p.tilesPerBox ? (
              <>
                <dt>{t('product.boxContents')}</dt>
                <dd>{t('product.tilesPerBox', { tiles: formatNumber(p.tilesPerBox, locale) })}</dd>
              </>
            ) : null}
            <dt>{t('product.stock')}</dt>
            <dd>
              {p.stockMilli <= 0
                ? t('product.outOfStock')
                : p.unit === 'service'
                  ? t('product.bookable')
                  : formatUnit(milliToDecimal(p.stockMilli), p.unit, locale)}
            </dd>
          </dl>
          {p.stockMilli > 0 ? (
            <form method="post" action={`/${locale}/cart/add`} class="add-to-cart">
              <CsrfField ctx={ctx} />
              <input type="hidden" name="product" value={p.id} />
              {hasVariants ? <VariantChoice ctx={ctx} product={p} chosen={props.variant} error={variantError} /> : null}
              {quantityError ? (
                <p class="error" id="f-quantity-error" role="alert">
                  {t(quantityError, { step: formatUnit(step, p.unit, locale) })}
                </p>
              ) : null}
              <label for="f-quantity">{t('cart.quantity', { unit: unitName(2, p.unit, locale) })}</label>
              <input
                id="f-quantity"
                name="quantity"
                inputMode="decimal"
                dir="ltr"
                value={props.quantity ?? formatNumber(step, locale)}
                aria-invalid={quantityError ? 'true' : undefined}
                aria-describedby={quantityError ? 'f-quantity-error' : undefined}
              />
              <button>{ctx.preset.storefront === 'catalogue' ? t('cart.addToList') : t('cart.add')}</button>
            </form>
          ) : null}
          {ctx.preset.storefront === 'catalogue' ? <OrderByContact ctx={ctx} /> : null}
        </div>
      </article>
    </Layout>
  );
}
