import type { ComponentChildren } from 'preact';
import { formatDateTime, formatNumber, formatUnit, unitName } from '../../i18n/format.ts';
import { INTL_TAG, LOCALES, type Locale } from '../../i18n/locales.ts';
import { milliToDecimal } from '../../i18n/numbers.ts';
import { storefrontLocales } from '../../i18n/storefront-locales.ts';
import type { MessageKey } from '../../i18n/translate.ts';
import type { PageContext } from '../../server/context.ts';
import { CsrfField, ErrorSummary, Field, Ltr, Money } from '../../views/components.tsx';
import { Layout } from '../../views/layout.tsx';
import { imageSources } from '../catalog/images.ts';
import { MAX_OPTIONS } from '../catalog/variants-schema.ts';
import type { ImportFailure, ImportJob } from './import/importer.ts';
import type { ProductFormErrors, ProductFormValues } from './product-form.ts';
import {
  type CategoryForEdit,
  type ProductForEdit,
  STAFF_STOCK_REASONS,
  type StaffListItem,
  UNITS,
} from './service.ts';
import { type VariantFormErrors, type VariantFormValues, variantRows } from './variant-form.ts';

const LANGUAGE_NAMES = { bn: 'বাংলা', en: 'English', vi: 'Tiếng Việt', fa: 'فارسی' } as const;
const DIRECTION = { bn: 'ltr', en: 'ltr', vi: 'ltr', fa: 'rtl' } as const;

/** The catalogue pages' own stylesheet, and the small drag-and-drop island for photo uploads. */
function AdminHead() {
  return (
    <>
      <link rel="stylesheet" href="/assets/catalog-admin.css" />
      <script src="/assets/catalog-admin-drop.js" defer />
    </>
  );
}

function AdminLayout(props: { ctx: PageContext; title: string; children: ComponentChildren; refresh?: boolean }) {
  const { ctx } = props;
  const base = `/${ctx.locale}/staff/catalog`;
  return (
    <Layout
      ctx={ctx}
      title={props.title}
      noindex
      head={
        <>
          <AdminHead />
          {props.refresh ? <meta http-equiv="refresh" content="2" /> : null}
        </>
      }
    >
      <nav class="catalog-nav" aria-label={ctx.t('adminCatalog.nav')}>
        <a href={base}>{ctx.t('adminCatalog.products')}</a>
        <a href={`${base}/new`}>{ctx.t('adminCatalog.newProduct')}</a>
        <a href={`${base}/categories`}>{ctx.t('adminCatalog.categories')}</a>
        <a href={`${base}/import`}>{ctx.t('import.title')}</a>
        <a href={`${base}/export.csv`}>{ctx.t('adminCatalog.export')}</a>
      </nav>
      {props.children}
    </Layout>
  );
}

function Notice({ ctx, notice }: { ctx: PageContext; notice?: MessageKey }) {
  return notice ? (
    <p class="notice success" role="status">
      {ctx.t(notice)}
    </p>
  ) : null;
}

export function ProductListPage(props: {
  ctx: PageContext;
  items: StaffListItem[];
  query: string;
  next: string | null;
  /** Whether this page continues the list (then it links back to the first page). */
  continued?: boolean;
  notice?: MessageKey;
  bulkError?: MessageKey;
  bulkValues?: Record<string, string>;
}) {
  const { ctx, items } = props;
  const { t, locale } = ctx;
  const base = `/${locale}/staff/catalog`;
  const values = props.bulkValues ?? {};
  return (
    <AdminLayout ctx={ctx} title={t('adminCatalog.products')}>
      <h1>{t('adminCatalog.products')}</h1>
      <Notice ctx={ctx} notice={props.notice} />
      <form method="get" action={base} class="filters">
        <Field ctx={ctx} name="q" label="adminCatalog.search" value={props.query} dir="auto" />
        <button>{t('adminCatalog.searchSubmit')}</button>
      </form>
      <form method="post" action={`${base}/bulk`}>
        <CsrfField ctx={ctx} />
        <table class="catalog-list">
          <thead>
            <tr>
              <th scope="col">
                <span class="visually-hidden">{t('adminCatalog.select')}</span>
              </th>
              <th scope="col">{t('adminCatalog.sku')}</th>
              <th scope="col">{t('adminCatalog.name')}</th>
              <th scope="col">{t('adminCatalog.price')}</th>
              <th scope="col">{t('adminCatalog.stock')}</th>
              <th scope="col">{t('adminCatalog.status')}</th>
              <th scope="col">{t('adminCatalog.translations')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((p) => (
              <tr key={p.id}>
                <td>
                  <input
                    type="checkbox"
                    name="ids"
                    value={p.id}
                    aria-label={t('adminCatalog.selectProduct', { sku: p.sku })}
                  />
                </td>
                <td>
                  <a href={`${base}/${p.id}`}>
                    <Ltr>{p.sku}</Ltr>
                  </a>
                </td>
                <td>{p.name}</td>
                <td>
                  <Money ctx={ctx} minor={p.priceMinor} />
                </td>
                <td>
                  {p.variantCount > 0 ? (
                    <>
                      {formatUnit(milliToDecimal(p.variantStockMilli), p.unit, locale)}
                      <span class="variant-count">{t('variant.count', { count: p.variantCount })}</span>
                    </>
                  ) : (
                    formatUnit(milliToDecimal(p.stockMilli), p.unit, locale)
                  )}
                </td>
                <td>{t(p.status === 'archived' ? 'adminCatalog.archived' : 'adminCatalog.active')}</td>
                <td>
                  {p.missing.length === 0 ? (
                    t('adminCatalog.allTranslated')
                  ) : (
                    <span class="missing">
                      {t('adminCatalog.missingIn', { languages: p.missing.map((l) => LANGUAGE_NAMES[l]).join(', ') })}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {items.length === 0 ? <p>{t('adminCatalog.noProducts')}</p> : null}
        {items.length ? (
          <fieldset class="bulk">
            <legend>{t('adminCatalog.bulkTitle')}</legend>
            {props.bulkError ? (
              <p class="error" id="f-bulk_value-error">
                {t(props.bulkError)}
              </p>
            ) : null}
            <div class="field">
              <label for="f-bulk_action">{t('adminCatalog.bulkAction')}</label>
              <select id="f-bulk_action" name="bulk_action">
                {(['price_set', 'price_percent', 'stock_set', 'stock_add'] as const).map((a) => (
                  <option key={a} value={a} selected={values.bulk_action === a}>
                    {t(`adminCatalog.bulk.${a}`)}
                  </option>
                ))}
              </select>
            </div>
            <div class={props.bulkError ? 'field field-error' : 'field'}>
              <label for="f-bulk_value">{t('adminCatalog.bulkValue')}</label>
              <input
                id="f-bulk_value"
                name="bulk_value"
                value={values.bulk_value ?? ''}
                dir="ltr"
                inputMode="decimal"
                aria-invalid={props.bulkError ? 'true' : undefined}
                aria-describedby={props.bulkError ? 'f-bulk_value-error' : undefined}
              />
            </div>
            <ReasonSelect ctx={ctx} name="bulk_reason" value={values.bulk_reason} />
            <button>{t('adminCatalog.bulkApply')}</button>
          </fieldset>
        ) : null}
      </form>
      {props.next || props.continued ? (
        <nav class="pagination" aria-label={t('common.pagination')}>
          {props.continued ? (
            <a href={props.query ? `${base}?${new URLSearchParams({ q: props.query })}` : base}>
              {t('adminCatalog.firstPage')}
            </a>
          ) : null}{' '}
          {props.next ? (
            <a
              rel="next"
              href={`${base}?${new URLSearchParams({ ...(props.query ? { q: props.query } : {}), after: props.next })}`}
            >
              {t('common.next')}
            </a>
          ) : null}
        </nav>
      ) : null}
    </AdminLayout>
  );
}

function ReasonSelect({ ctx, name, value }: { ctx: PageContext; name: string; value?: string }) {
  return (
    <div class="field">
      <label for={`f-${name}`}>{ctx.t('adminCatalog.stockReason')}</label>
      <select id={`f-${name}`} name={name}>
        {STAFF_STOCK_REASONS.map((r) => (
          <option key={r} value={r} selected={value === r}>
            {ctx.t(`adminCatalog.reason.${r}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

export function ProductFormPage(props: {
  ctx: PageContext;
  product: ProductForEdit | null;
  categories: CategoryForEdit[];
  values: ProductFormValues;
  errors: ProductFormErrors;
  notice?: MessageKey;
  /** Errors of the photo and stock forms, shown next to their fields. */
  imageError?: MessageKey;
  /** The alt texts typed with a photo that was refused, kept for the next try. */
  uploadAlts?: Partial<Record<Locale, string>>;
  stockError?: MessageKey;
  stockValues?: Record<string, string>;
  /** The options-and-variants form: what it holds (typed, or stored) and its errors by field. */
  variantValues?: VariantFormValues;
  variantErrors?: VariantFormErrors;
  actors?: Map<string, string>;
}) {
  const { ctx, product, values, errors } = props;
  const { t, locale, preset } = ctx;
  const base = `/${locale}/staff/catalog`;
  const title = product ? t('adminCatalog.editProduct', { sku: product.sku }) : t('adminCatalog.newProduct');
  return (
    <AdminLayout ctx={ctx} title={title}>
      <h1>{product ? <Ltr>{product.sku}</Ltr> : title}</h1>
      <Notice ctx={ctx} notice={props.notice} />
      <ErrorSummary ctx={ctx} errors={errors} />
      <form method="post" action={product ? `${base}/${product.id}` : `${base}/new`} class="product-form">
        <CsrfField ctx={ctx} />
        <fieldset>
          <legend>{t('adminCatalog.basics')}</legend>
          <Field
            ctx={ctx}
            name="sku"
            label="adminCatalog.sku"
            value={values.sku}
            error={errors.sku}
            required
            dir="ltr"
          />
          <div class={errors.category ? 'field field-error' : 'field'}>
            <label for="f-category">
              {t('adminCatalog.category')}
              <span class="required"> *</span>
            </label>
            {errors.category ? (
              <p class="error" id="f-category-error">
                {t(errors.category)}
              </p>
            ) : null}
            <select id="f-category" name="category" required aria-invalid={errors.category ? 'true' : undefined}>
              <option value="">{t('adminCatalog.chooseCategory')}</option>
              {props.categories.map((c) => (
                <option key={c.id} value={c.id} selected={values.category === c.id}>
                  {c.names[locale] ?? c.names[preset.defaultLocale] ?? c.slug}
                </option>
              ))}
            </select>
          </div>
          <Field
            ctx={ctx}
            name="model"
            label="adminCatalog.model"
            value={values.model}
            error={errors.model}
            dir="ltr"
          />
          <div class={errors.unit ? 'field field-error' : 'field'}>
            <label for="f-unit">{t('adminCatalog.unit')}</label>
            {errors.unit ? <p class="error">{t(errors.unit)}</p> : null}
            <select id="f-unit" name="unit">
              {UNITS.map((u) => (
                <option key={u} value={u} selected={(values.unit || 'piece') === u}>
                  {unitName('1', u, locale)}
                </option>
              ))}
            </select>
          </div>
          <Field
            ctx={ctx}
            name="step"
            label="adminCatalog.step"
            value={values.step ?? '1'}
            error={errors.step}
            dir="ltr"
            inputmode="decimal"
            hint={t('adminCatalog.stepHint')}
          />
          <Field
            ctx={ctx}
            name="tiles_per_box"
            label="adminCatalog.tilesPerBox"
            value={values.tiles_per_box}
            error={errors.tiles_per_box}
            dir="ltr"
            inputmode="numeric"
            hint={t('adminCatalog.tilesPerBoxHint')}
          />
          <Field
            ctx={ctx}
            name="price"
            label="adminCatalog.price"
            value={values.price}
            error={errors.price}
            required
            dir="ltr"
            inputmode="decimal"
            hint={t('adminCatalog.priceHint', { currency: preset.currency })}
          />
          {product ? null : (
            <Field
              ctx={ctx}
              name="stock"
              label="adminCatalog.initialStock"
              value={values.stock}
              error={errors.stock}
              dir="ltr"
              inputmode="decimal"
            />
          )}
          <div class="field">
            <label for="f-status">{t('adminCatalog.status')}</label>
            <select id="f-status" name="status">
              <option value="active" selected={values.status !== 'archived'}>
                {t('adminCatalog.active')}
              </option>
              <option value="archived" selected={values.status === 'archived'}>
                {t('adminCatalog.archived')}
              </option>
            </select>
          </div>
        </fieldset>
        <h2>{t('adminCatalog.translations')}</h2>
        <div class="translations">
          {LOCALES.map((l) => (
            <TranslationFields key={l} ctx={ctx} locale={l} values={values} errors={errors} />
          ))}
        </div>
        <button>{t('adminCatalog.save')}</button>
      </form>
      {product ? <ProductExtras {...props} product={product} /> : null}
    </AdminLayout>
  );
}

/** One language's texts, written in that language's direction; a missing translation is marked as such. */
function TranslationFields(props: {
  ctx: PageContext;
  locale: Locale;
  values: ProductFormValues;
  errors: ProductFormErrors;
}) {
  const { ctx, locale: l, values, errors } = props;
  const { t } = ctx;
  // A language the storefront does not offer is never missing: no customer reads it.
  const missing = !values[`name_${l}`] && storefrontLocales(ctx.preset).includes(l);
  const required = l === ctx.preset.defaultLocale;
  const field = (name: 'name' | 'description' | 'quality' | 'origin', label: MessageKey, multiline = false) => {
    const key = `${name}_${l}`;
    const id = `f-${key}`;
    return (
      <div class={errors[key] ? 'field field-error' : 'field'}>
        <label for={id}>
          {t(label)}
          {required && name === 'name' ? <span class="required"> *</span> : null}
        </label>
        {errors[key] ? (
          <p class="error" id={`${id}-error`}>
            {t(errors[key])}
          </p>
        ) : null}
        {multiline ? (
          <textarea id={id} name={key} rows={4} lang={INTL_TAG[l]} dir={DIRECTION[l]}>
            {values[key] ?? ''}
          </textarea>
        ) : (
          <input
            id={id}
            name={key}
            value={values[key] ?? ''}
            lang={INTL_TAG[l]}
            dir={DIRECTION[l]}
            aria-invalid={errors[key] ? 'true' : undefined}
            aria-describedby={errors[key] ? `${id}-error` : undefined}
          />
        )}
      </div>
    );
  };
  return (
    <fieldset class={missing ? 'translation missing' : 'translation'} lang={INTL_TAG[l]}>
      <legend>
        {LANGUAGE_NAMES[l]}
        {missing ? <span class="badge"> {t('adminCatalog.missing')}</span> : null}
      </legend>
      {field('name', 'adminCatalog.name')}
      {field('description', 'adminCatalog.description', true)}
      {field('quality', 'adminCatalog.quality')}
      {field('origin', 'adminCatalog.origin')}
    </fieldset>
  );
}

/** Photos, stock and removal: each its own form, so that one's errors never lose what was typed in another. */
function ProductExtras(props: Parameters<typeof ProductFormPage>[0] & { product: ProductForEdit }) {
  const { ctx, product } = props;
  const { t, locale } = ctx;
  const base = `/${locale}/staff/catalog/${product.id}`;
  const stockValues = props.stockValues ?? {};
  return (
    <>
      <section aria-labelledby="photos">
        <h2 id="photos">{t('adminCatalog.photos')}</h2>
        <ul class="photos">
          {product.images.map((image) => {
            const src = imageSources(image.file, 240);
            return (
              <li key={image.id}>
                {src ? (
                  <img src={src.src} width={src.width} height={src.height} alt={image.alts[locale] ?? ''} />
                ) : null}
                <form method="post" action={`${base}/images/${image.id}`}>
                  <CsrfField ctx={ctx} />
                  {LOCALES.map((l) => (
                    <div class="field" key={l}>
                      <label for={`alt-${image.id}-${l}`}>
                        {t('adminCatalog.altIn', { language: LANGUAGE_NAMES[l] })}
                      </label>
                      <input
                        id={`alt-${image.id}-${l}`}
                        name={`alt_${l}`}
                        value={image.alts[l] ?? ''}
                        lang={INTL_TAG[l]}
                        dir={DIRECTION[l]}
                      />
                    </div>
                  ))}
                  <button name="action" value="alts">
                    {t('adminCatalog.saveAlts')}
                  </button>{' '}
                  <button name="action" value="delete" class="secondary">
                    {t('adminCatalog.deletePhoto')}
                  </button>
                </form>
              </li>
            );
          })}
        </ul>
        <form method="post" action={`${base}/images`} enctype="multipart/form-data" class="photo-upload">
          <CsrfField ctx={ctx} />
          <div class={props.imageError ? 'field field-error drop-zone' : 'field drop-zone'}>
            <label for="f-photo">{t('adminCatalog.photo')}</label>
            <p class="hint">{t('adminCatalog.photoHint')}</p>
            {props.imageError ? (
              <p class="error" id="f-photo-error">
                {t(props.imageError)}
              </p>
            ) : null}
            <input
              id="f-photo"
              name="photo"
              type="file"
              accept="image/*"
              required
              aria-invalid={props.imageError ? 'true' : undefined}
              aria-describedby={props.imageError ? 'f-photo-error' : undefined}
            />
          </div>
          {LOCALES.map((l) => (
            <div class="field" key={l}>
              <label for={`f-alt_${l}`}>{t('adminCatalog.altIn', { language: LANGUAGE_NAMES[l] })}</label>
              <input
                id={`f-alt_${l}`}
                name={`alt_${l}`}
                value={props.uploadAlts?.[l] ?? ''}
                lang={INTL_TAG[l]}
                dir={DIRECTION[l]}
              />
            </div>
          ))}
          <button>{t('adminCatalog.upload')}</button>
        </form>
      </section>
      <VariantsSection
        ctx={ctx}
        product={product}
        values={props.variantValues ?? {}}
        errors={props.variantErrors ?? {}}
      />
      <section aria-labelledby="stock">
        <h2 id="stock">{t('adminCatalog.stock')}</h2>
        {product.variants.length ? null : (
          <p>
            {t('adminCatalog.stockNow', {
              stock: formatUnit(milliToDecimal(product.stockMilli), product.unit, locale),
            })}
            {product.tilesPerBox && product.unit === 'box'
              ? ` (${formatUnit(String(Number(milliToDecimal(product.stockMilli)) * product.tilesPerBox), 'tile', locale)})`
              : null}
          </p>
        )}
        <form method="post" action={`${base}/stock`} class="stock-form">
          <CsrfField ctx={ctx} />
          {product.variants.length ? (
            <div class="field">
              <label for="f-variant">{t('variant.stockOf')}</label>
              <select id="f-variant" name="variant">
                {product.variants.map((v) => (
                  <option key={v.id} value={v.id} selected={stockValues.variant === v.id}>
                    {v.sku} — {formatUnit(milliToDecimal(v.stockMilli), product.unit, locale)}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <div class={props.stockError ? 'field field-error' : 'field'}>
            <label for="f-change">{t('adminCatalog.stockChange')}</label>
            <p class="hint">{t('adminCatalog.stockChangeHint')}</p>
            {props.stockError ? (
              <p class="error" id="f-change-error">
                {t(props.stockError)}
              </p>
            ) : null}
            <input
              id="f-change"
              name="change"
              value={stockValues.change ?? ''}
              dir="ltr"
              inputMode="decimal"
              required
              aria-invalid={props.stockError ? 'true' : undefined}
              aria-describedby={props.stockError ? 'f-change-error' : undefined}
            />
          </div>
          <ReasonSelect ctx={ctx} name="reason" value={stockValues.reason} />
          <button>{t('adminCatalog.adjust')}</button>
        </form>
        {product.history.length ? (
          <table class="history stock-history">
            <caption>{t('adminCatalog.stockHistory')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('adminCatalog.when')}</th>
                {product.variants.length ? <th scope="col">{t('variant.column')}</th> : null}
                <th scope="col">{t('adminCatalog.stockChange')}</th>
                <th scope="col">{t('adminCatalog.stockAfter')}</th>
                <th scope="col">{t('adminCatalog.stockReason')}</th>
                <th scope="col">{t('adminCatalog.who')}</th>
              </tr>
            </thead>
            <tbody>
              {product.history.map((h, i) => (
                <tr key={`${h.createdAt}-${i}`}>
                  <td>{formatDateTime(h.createdAt, locale, ctx.preset.timezone, 'short')}</td>
                  {product.variants.length ? (
                    <td>{h.variantSku ? <Ltr>{h.variantSku}</Ltr> : t('variant.productItself')}</td>
                  ) : null}
                  <td>
                    <bdi>
                      {h.deltaMilli > 0 ? '+' : ''}
                      {formatNumber(milliToDecimal(h.deltaMilli), locale, { maximumFractionDigits: 3 })}
                    </bdi>
                  </td>
                  <td>{formatUnit(milliToDecimal(h.stockAfterMilli), product.unit, locale)}</td>
                  <td>{t(`adminCatalog.reason.${h.reason}`)}</td>
                  <td>{props.actors?.get(h.actor) ?? t('adminCatalog.importActor')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      <section aria-labelledby="remove">
        <h2 id="remove">{t('adminCatalog.removeTitle')}</h2>
        <p>{t('adminCatalog.removeHint')}</p>
        <form method="post" action={`${base}/remove`}>
          <CsrfField ctx={ctx} />
          <button class="secondary">{t('adminCatalog.remove')}</button>
        </form>
      </section>
    </>
  );
}

/** A labelled input with its error next to it; the label is text (an option's name may be in it). */
function VariantField(props: {
  ctx: PageContext;
  name: string;
  label: string;
  values: VariantFormValues;
  errors: VariantFormErrors;
  dir?: 'ltr' | 'rtl' | 'auto';
  lang?: string;
  inputmode?: 'decimal';
  required?: boolean;
}) {
  const { ctx, name, errors } = props;
  const id = `f-${name}`;
  const error = errors[name];
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for={id}>
        {props.label}
        {props.required ? <span class="required"> *</span> : null}
      </label>
      {error ? (
        <p class="error" id={`${id}-error`}>
          {ctx.t(error)}
        </p>
      ) : null}
      <input
        id={id}
        name={name}
        value={props.values[name] ?? ''}
        dir={props.dir ?? 'auto'}
        lang={props.lang}
        inputMode={props.inputmode}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
    </div>
  );
}

/**
 * The product's options (up to three, named in every language) and its variants, one row of fields each, with blank
 * rows to add new ones: a plain form, so it needs no JavaScript; on an error everything typed comes back, the error
 * next to its field.
 */
function VariantsSection(props: {
  ctx: PageContext;
  product: ProductForEdit;
  values: VariantFormValues;
  errors: VariantFormErrors;
}) {
  const { ctx, product, values, errors } = props;
  const { t, locale, preset } = ctx;
  const own = preset.defaultLocale;
  const optionName = (n: number) => values[`option_${n}_${locale}`] || values[`option_${n}_${own}`] || '';
  const existing = new Map(product.variants.map((v) => [v.id, v]));
  let blank = 0;
  return (
    <section aria-labelledby="variants">
      <h2 id="variants">{t('variant.adminTitle')}</h2>
      <p class="hint">{t('variant.adminIntro')}</p>
      <ErrorSummary ctx={ctx} errors={errors} />
      <form method="post" action={`/${locale}/staff/catalog/${product.id}/variants`} class="variants-form">
        <CsrfField ctx={ctx} />
        <div class="options">
          {Array.from({ length: MAX_OPTIONS }, (_, i) => i + 1).map((n) => (
            <fieldset key={n} class="option">
              <legend>{t('variant.option', { n })}</legend>
              <p class="hint">{t('variant.optionHint')}</p>
              {LOCALES.map((l) => (
                <VariantField
                  key={l}
                  ctx={ctx}
                  name={`option_${n}_${l}`}
                  label={t('adminCatalog.nameIn', { language: LANGUAGE_NAMES[l] })}
                  values={values}
                  errors={errors}
                  dir={DIRECTION[l]}
                  lang={INTL_TAG[l]}
                />
              ))}
            </fieldset>
          ))}
        </div>
        <h3>{t('variant.variants')}</h3>
        {product.variants.length ? <p class="hint">{t('variant.stockHint')}</p> : null}
        {variantRows(values).map((row) => {
          const key = (field: string) => `v_${row}_${field}`;
          const stored = existing.get(values[key('id')] ?? '');
          const legend = stored ? t('variant.row', { sku: stored.sku }) : t('variant.newRow', { n: ++blank });
          return (
            <fieldset key={row} class="variant-row">
              <legend>{legend}</legend>
              {stored ? <input type="hidden" name={key('id')} value={stored.id} /> : null}
              <VariantField
                ctx={ctx}
                name={key('sku')}
                label={t('adminCatalog.sku')}
                values={values}
                errors={errors}
                dir="ltr"
                required={Boolean(stored)}
              />
              {Array.from({ length: MAX_OPTIONS }, (_, i) => i + 1)
                // A value is asked for each option named (typed or stored), the first one always.
                .filter((n) => n === 1 || optionName(n) || values[key(`value_${n}`)])
                .map((n) => (
                  <VariantField
                    key={n}
                    ctx={ctx}
                    name={key(`value_${n}`)}
                    label={optionName(n) ? t('variant.value', { option: optionName(n) }) : t('variant.valueOf', { n })}
                    values={values}
                    errors={errors}
                  />
                ))}
              <VariantField
                ctx={ctx}
                name={key('price')}
                label={t('variant.price')}
                values={values}
                errors={errors}
                dir="ltr"
                inputmode="decimal"
              />
              {stored ? (
                <p class="stock">
                  {t('variant.stock')}: {formatUnit(milliToDecimal(stored.stockMilli), product.unit, locale)}
                </p>
              ) : (
                <VariantField
                  ctx={ctx}
                  name={key('stock')}
                  label={t('variant.initialStock')}
                  values={values}
                  errors={errors}
                  dir="ltr"
                  inputmode="decimal"
                />
              )}
              {stored ? (
                <>
                  <div class="field checkbox">
                    <input
                      type="checkbox"
                      id={`f-${key('archived')}`}
                      name={key('archived')}
                      value="1"
                      checked={values[key('archived')] === '1'}
                    />{' '}
                    <label for={`f-${key('archived')}`}>{t('variant.archived')}</label>
                  </div>
                  <div class="field checkbox">
                    <input
                      type="checkbox"
                      id={`f-${key('remove')}`}
                      name={key('remove')}
                      value="1"
                      checked={values[key('remove')] === '1'}
                      aria-describedby={`f-${key('remove')}-hint`}
                    />{' '}
                    <label for={`f-${key('remove')}`}>{t('variant.remove')}</label>
                    <p class="hint" id={`f-${key('remove')}-hint`}>
                      {t('variant.removeHint')}
                    </p>
                  </div>
                </>
              ) : null}
            </fieldset>
          );
        })}
        <button>{t('variant.save')}</button>
      </form>
    </section>
  );
}

export function CategoriesPage(props: {
  ctx: PageContext;
  categories: CategoryForEdit[];
  /** The form that failed (a category id, or "new"), what was typed in it, and its error. */
  failed?: { id: string; values: Record<string, string>; error: MessageKey };
  notice?: MessageKey;
}) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <AdminLayout ctx={ctx} title={t('adminCatalog.categories')}>
      <h1>{t('adminCatalog.categories')}</h1>
      <Notice ctx={ctx} notice={props.notice} />
      {props.categories.map((c) => (
        <CategoryForm
          key={c.id}
          ctx={ctx}
          id={c.id}
          values={
            props.failed?.id === c.id
              ? props.failed.values
              : { slug: c.slug, sort: String(c.sort), ...prefixed('name_', c.names) }
          }
          error={props.failed?.id === c.id ? props.failed.error : undefined}
        />
      ))}
      <h2>{t('adminCatalog.newCategory')}</h2>
      <CategoryForm
        ctx={ctx}
        id="new"
        values={props.failed?.id === 'new' ? props.failed.values : {}}
        error={props.failed?.id === 'new' ? props.failed.error : undefined}
      />
    </AdminLayout>
  );
}

function prefixed(prefix: string, names: Partial<Record<Locale, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(names).map(([l, n]) => [`${prefix}${l}`, n ?? '']));
}

function CategoryForm(props: { ctx: PageContext; id: string; values: Record<string, string>; error?: MessageKey }) {
  const { ctx, id, values, error } = props;
  const { t, locale } = ctx;
  const fid = (name: string) => `c-${id}-${name}`;
  const offered = storefrontLocales(ctx.preset);
  return (
    <form method="post" action={`/${locale}/staff/catalog/categories/${id}`} class="category-form">
      <CsrfField ctx={ctx} />
      <fieldset>
        <legend>{values.slug ? <Ltr>{values.slug}</Ltr> : t('adminCatalog.newCategory')}</legend>
        <div class={error ? 'field field-error' : 'field'}>
          <label for={fid('slug')}>{t('adminCatalog.slug')}</label>
          {error ? (
            <p class="error" id={`${fid('slug')}-error`}>
              {t(error)}
            </p>
          ) : null}
          <input
            id={fid('slug')}
            name="slug"
            value={values.slug ?? ''}
            dir="ltr"
            required
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? `${fid('slug')}-error` : undefined}
          />
        </div>
        <div class="field">
          <label for={fid('sort')}>{t('adminCatalog.sort')}</label>
          <input id={fid('sort')} name="sort" value={values.sort ?? '0'} dir="ltr" inputMode="numeric" />
        </div>
        {LOCALES.map((l) => (
          <div class={values[`name_${l}`] || !offered.includes(l) ? 'field' : 'field missing'} key={l}>
            <label for={fid(`name_${l}`)}>
              {t('adminCatalog.nameIn', { language: LANGUAGE_NAMES[l] })}
              {values[`name_${l}`] || !offered.includes(l) ? null : (
                <span class="badge"> {t('adminCatalog.missing')}</span>
              )}
            </label>
            <input
              id={fid(`name_${l}`)}
              name={`name_${l}`}
              value={values[`name_${l}`] ?? ''}
              lang={INTL_TAG[l]}
              dir={DIRECTION[l]}
            />
          </div>
        ))}
        <button>{t('adminCatalog.save')}</button>
      </fieldset>
    </form>
  );
}

export function ImportPage(props: {
  ctx: PageContext;
  values: Record<string, string>;
  errors: Record<string, MessageKey>;
}) {
  const { ctx, values, errors } = props;
  const { t, locale } = ctx;
  return (
    <AdminLayout ctx={ctx} title={t('import.title')}>
      <h1>{t('import.title')}</h1>
      <p>{t('import.intro')}</p>
      <ErrorSummary ctx={ctx} errors={errors} />
      <form method="post" action={`/${locale}/staff/catalog/import`} enctype="multipart/form-data">
        <CsrfField ctx={ctx} />
        <div class={errors.csv ? 'field field-error' : 'field'}>
          <label for="f-csv">
            {t('import.csvFile')}
            <span class="required"> *</span>
          </label>
          {errors.csv ? (
            <p class="error" id="f-csv-error">
              {t(errors.csv)}
            </p>
          ) : null}
          <input id="f-csv" name="csv" type="file" accept=".csv,text/csv" required />
        </div>
        <div class="field">
          <label for="f-images_zip">{t('import.zipFile')}</label>
          <p class="hint">{t('import.zipHint')}</p>
          <input id="f-images_zip" name="images_zip" type="file" accept=".zip,application/zip" />
        </div>
        <Field
          ctx={ctx}
          name="allowed_hosts"
          label="import.allowedHosts"
          value={values.allowed_hosts}
          dir="ltr"
          hint={t('import.allowedHostsHint')}
        />
        <div class="field">
          <label for="f-locale">{t('import.language')}</label>
          <select id="f-locale" name="locale">
            {LOCALES.map((l) => (
              <option key={l} value={l} selected={(values.locale || ctx.preset.defaultLocale) === l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <input id="f-dry_run" name="dry_run" type="checkbox" value="1" checked={values.dry_run !== '0'} />{' '}
          <label for="f-dry_run">{t('import.dryRun')}</label>
        </div>
        <button>{t('import.start')}</button>
      </form>
    </AdminLayout>
  );
}

export function ImportJobPage({ ctx, job, failures }: { ctx: PageContext; job: ImportJob; failures: ImportFailure[] }) {
  const { t, locale } = ctx;
  const finished = job.status === 'done' || job.status === 'failed';
  const n = (value: number) => formatNumber(value, locale);
  return (
    <AdminLayout ctx={ctx} title={t('import.jobTitle')} refresh={!finished}>
      <h1>{job.dryRun ? t('import.previewTitle') : t('import.jobTitle')}</h1>
      <p role="status">
        {t(`import.status.${job.status}`)}{' '}
        <progress max={job.totalRows || 1} value={job.processedRows}>
          {n(job.processedRows)} / {n(job.totalRows)}
        </progress>{' '}
        {t('import.progress', { done: n(job.processedRows), total: n(job.totalRows) })}
      </p>
      {finished ? null : <p>{t('import.leaveHint')}</p>}
      {job.imagesEnabled ? null : <p class="notice">{t('import.imagesIgnored')}</p>}
      <dl class="facts import-counts">
        <dt>{t(job.dryRun ? 'import.wouldCreate' : 'import.created')}</dt>
        <dd>{n(job.created)}</dd>
        <dt>{t(job.dryRun ? 'import.wouldUpdate' : 'import.updated')}</dt>
        <dd>{n(job.updated)}</dd>
        <dt>{t('import.unchanged')}</dt>
        <dd>{n(job.unchanged)}</dd>
        <dt>{t('import.failed')}</dt>
        <dd>{n(job.failed)}</dd>
      </dl>
      {job.dryRun && job.status === 'done' ? (
        <form method="post" action={`/${locale}/staff/catalog/import/${job.id}/confirm`}>
          <CsrfField ctx={ctx} />
          <button>{t('import.confirm')}</button>
        </form>
      ) : null}
      {failures.length ? (
        <table class="import-failures">
          <caption>{t('import.failuresTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('import.row')}</th>
              <th scope="col">{t('adminCatalog.sku')}</th>
              <th scope="col">{t('import.reasonColumn')}</th>
              <th scope="col">{t('import.value')}</th>
            </tr>
          </thead>
          <tbody>
            {failures.map((f) => (
              <tr key={f.row}>
                <td>{n(f.row)}</td>
                <td>
                  <Ltr>{f.sku}</Ltr>
                </td>
                <td>{t(`import.reason.${f.reason}`)}</td>
                <td>
                  <bdi>{f.detail}</bdi>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </AdminLayout>
  );
}
