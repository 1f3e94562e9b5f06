import { Readable } from 'node:stream';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isLocale, LOCALES, type Locale } from '../../i18n/locales.ts';
import { milliToDecimal, normaliseInput, parseDecimal } from '../../i18n/numbers.ts';
import type { MessageKey } from '../../i18n/translate.ts';
import { pageContext, type Services } from '../../server/context.ts';
import { badRequest, localeParam, notFound, seeOther } from '../../server/http.tsx';
import { sendPage } from '../../server/render.tsx';
import { parseQuantityMilli } from '../cart/cart.ts';
import { ImageRejected, MAX_IMAGE_BYTES } from '../catalog/images.ts';
import { requireStaff } from '../staff/guard.ts';
import type { StaffUser } from '../staff/service.ts';
import { exportCatalogCsv } from './export.ts';
import { parseAllowedHosts } from './import/image-source.ts';
import { majorToMinor, minorToMajor } from './import/woocommerce-row.ts';
import { type ProductFormErrors, parseProductForm, productFormValues } from './product-form.ts';
import { type ProductForEdit, STAFF_STOCK_REASONS, type StockReason } from './service.ts';
import { parseVariantForm, type VariantFormErrors, type VariantFormValues, variantFormValues } from './variant-form.ts';
import { CategoriesPage, ImportJobPage, ImportPage, ProductFormPage, ProductListPage } from './views.tsx';

const UUID = /^[0-9a-f-]{36}$/;
const JOB_ID = /^[0-9a-f]{32}$/;
/** The largest import upload (CSV or ZIP of photos). */
const MAX_IMPORT_BYTES = 100 * 1024 * 1024;
const MAX_BULK = 200;

/** What a redirect after a successful POST says on the next page (`?done=…`); nothing else can be shown. */
const NOTICES = {
  saved: 'adminCatalog.saved',
  created: 'adminCatalog.created',
  photo: 'adminCatalog.photoAdded',
  stock: 'adminCatalog.stockAdjusted',
  archived: 'adminCatalog.archivedNotice',
  deleted: 'adminCatalog.deletedNotice',
  bulk: 'adminCatalog.bulkDone',
  variants: 'variant.saved',
} as const satisfies Record<string, MessageKey>;

type Body = Record<string, string | Buffer | undefined>;

/**
 * The staff area's catalogue (`catalog.manage`: owner and manager): products, photos, stock, categories, and the
 * WooCommerce import and export. Photo and import uploads are multipart, parsed only in this plugin; the fields come
 * to the body as values, so the site-wide CSRF check reads `_csrf` from a multipart form too.
 */
export function catalogAdminRoutes(server: FastifyInstance, services: Services): void {
  server.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      attachFieldsToBody: 'keyValues',
      limits: { fileSize: MAX_IMPORT_BYTES, files: 2, fields: 20, fieldSize: 64 * 1024 },
    });
    routes(scope, services);
  });
}

function routes(server: FastifyInstance, services: Services): void {
  const { app } = services;
  const admin = app.catalogAdmin;

  /** The signed-in staff member who may manage the catalogue, or null after answering (sign-in, or 403). */
  function manager(request: FastifyRequest, reply: FastifyReply): { staff: StaffUser; locale: Locale } | null {
    const locale = localeParam(request);
    if (!locale) {
      void notFound(services, request, reply);
      return null;
    }
    const staff = requireStaff(services, request, reply, locale, 'catalog.manage');
    if (!staff) return null;
    return { staff, locale };
  }

  const notice = (request: FastifyRequest): MessageKey | undefined =>
    NOTICES[(request.query as { done?: string }).done as keyof typeof NOTICES];

  async function productPage(
    request: FastifyRequest,
    reply: FastifyReply,
    locale: Locale,
    product: ProductForEdit | null,
    extra: {
      values?: Record<string, string>;
      errors?: ProductFormErrors;
      imageError?: MessageKey;
      uploadAlts?: Partial<Record<Locale, string>>;
      stockError?: MessageKey;
      stockValues?: Record<string, string>;
      variantValues?: VariantFormValues;
      variantErrors?: VariantFormErrors;
    } = {},
    status = 200,
  ) {
    const ctx = pageContext(services, request, locale);
    const actors = new Map<string, string>();
    for (const actor of new Set(product?.history.map((h) => h.actor) ?? []))
      if (actor.startsWith('staff:')) {
        const staff = await app.staff.byId(actor.slice(6));
        if (staff) actors.set(actor, staff.displayName);
      }
    const values =
      extra.values ??
      (product
        ? productFormValues(product, {
            decimal: (milli) => localDecimal(milliToDecimal(milli), locale),
            money: (minor) => localDecimal(minorToMajor(minor, app.preset.currency), locale),
          })
        : { step: '1', unit: 'piece', status: 'active' });
    return sendPage(
      reply,
      <ProductFormPage
        ctx={ctx}
        product={product}
        categories={await admin.categories()}
        values={values}
        errors={extra.errors ?? {}}
        notice={notice(request)}
        imageError={extra.imageError}
        uploadAlts={extra.uploadAlts}
        stockError={extra.stockError}
        stockValues={extra.stockValues}
        variantValues={
          extra.variantValues ??
          (product
            ? variantFormValues(product, (minor) => localDecimal(minorToMajor(minor, app.preset.currency), locale))
            : {})
        }
        variantErrors={extra.variantErrors ?? {}}
        actors={actors}
      />,
      status,
    );
  }

  async function productOf(request: FastifyRequest): Promise<ProductForEdit | null> {
    const { id } = request.params as { id: string };
    return UUID.test(id) ? admin.product(id) : null;
  }

  server.get('/:locale/staff/catalog', async (request, reply) => {
    const who = manager(request, reply);
    if (!who) return reply;
    const { q, after } = request.query as { q?: string; after?: string };
    const query = (q ?? '').slice(0, 200).trim();
    const page = await admin.list({ locale: who.locale, query, after: after?.slice(0, 64) });
    const ctx = pageContext(services, request, who.locale);
    return sendPage(
      reply,
      <ProductListPage
        ctx={ctx}
        items={page.items}
        next={page.next}
        continued={Boolean(after)}
        query={query}
        notice={notice(request)}
      />,
    );
  });

  /** Bulk price and stock edits on the ticked products; each stock change is recorded with the chosen reason. */
  server.post('/:locale/staff/catalog/bulk', async (request, reply) => {
    const who = manager(request, reply);
    if (!who) return reply;
    const body = request.body as Record<string, string | string[] | undefined>;
    const ids = [body.ids ?? []]
      .flat()
      .filter((id) => UUID.test(id))
      .slice(0, MAX_BULK);
    const action = String(body.bulk_action ?? '');
    const raw = normaliseInput(String(body.bulk_value ?? ''));
    const reason = STAFF_STOCK_REASONS.find((r) => r === body.bulk_reason) ?? 'correction';
    const actor = `staff:${who.staff.id}`;
    let error: MessageKey | null = ids.length === 0 ? 'adminCatalog.errorNoneSelected' : null;
    if (!error && action === 'price_set') {
      const minor = majorToMinor(raw, app.preset.currency, who.locale);
      if (minor === null) error = 'adminCatalog.errorPrice';
      else await admin.bulkPrice(ids, { setMinor: minor });
    } else if (!error && action === 'price_percent') {
      const percent = Number(parseDecimal(raw, who.locale, { allowNegative: true }));
      if (!raw || !Number.isFinite(percent) || percent < -100 || percent > 1000) error = 'adminCatalog.errorPercent';
      else await admin.bulkPrice(ids, { percent });
    } else if (!error && (action === 'stock_set' || action === 'stock_add')) {
      const negative = /^[-\u2212]/.test(raw) && action === 'stock_add';
      const milli = parseQuantityMilli(negative ? raw.slice(1) : raw, who.locale);
      if (milli === null) error = 'adminCatalog.errorStock';
      else {
        let refused = 0;
        let withVariants = 0;
        for (const id of ids) {
          const result =
            action === 'stock_set'
              ? await admin.setStock(id, milli, reason, actor)
              : await admin.adjustStock(id, negative ? -milli : milli, reason, actor);
          if (!result.ok && result.error === 'has_variants') withVariants++;
          else if (!result.ok) refused++;
        }
        if (refused) error = 'adminCatalog.errorBelowZeroSome';
        else if (withVariants) error = 'variant.errorBulkStock';
      }
    } else if (!error) return badRequest(services, request, reply);
    if (!error) return seeOther(reply, `/${who.locale}/staff/catalog?done=bulk`);
    const page = await admin.list({ locale: who.locale });
    const ctx = pageContext(services, request, who.locale);
    return sendPage(
      reply,
      <ProductListPage
        ctx={ctx}
        items={page.items}
        next={page.next}
        query=""
        bulkError={error}
        bulkValues={{ bulk_action: action, bulk_value: raw, bulk_reason: reason }}
      />,
      422,
    );
  });

  server.get('/:locale/staff/catalog/new', async (request, reply) => {
    const who = manager(request, reply);
    if (!who) return reply;
    return productPage(request, reply, who.locale, null);
  });

  server.post('/:locale/staff/catalog/new', async (request, reply) => {
    const who = manager(request, reply);
    if (!who) return reply;
    const body = textFields(request.body as Body);
    const parsed = parseProductForm(body, app.preset, who.locale, true);
    if (!parsed.ok) return productPage(request, reply, who.locale, null, { values: body, errors: parsed.errors }, 422);
    const saved = await admin.create(parsed.input, parsed.stockMilli, `staff:${who.staff.id}`);
    if (!saved.ok)
      return productPage(request, reply, who.locale, null, { values: body, errors: saveErrors(saved.errors) }, 422);
    return seeOther(reply, `/${who.locale}/staff/catalog/${saved.id}?done=created`);
  });

  server.get('/:locale/staff/catalog/:id', async (request, reply) => {
    const who = manager(request, reply);
    if (!who) return reply;
    const product = await productOf(request);
    if (!product) return notFound(services, request, reply);
    return productPage(request, reply, who.locale, product);
  });

  server.post('/:locale/staff/catalog/:id', async (request, reply) => {
    const who = manager(request, reply);
    if (!who) return reply;
    const product = await productOf(request);
    if (!product) return notFound(services, request, reply);
    const body = textFields(request.body as Body);
    const parsed = parseProductForm(body, app.preset, who.locale, false);
    if (!parsed.ok)
      return productPage(request, reply, who.locale, product, { values: body, errors: parsed.errors }, 422);
    const saved = await admin.update(product.id, parsed.input);
    if (!saved.ok)
      return productPage(request, reply, who.locale, product, { values: body, errors: saveErrors(saved.errors) }, 422);
    return seeOther(reply, `/${who.locale}/staff/catalog/${product.id}?done=saved`);
  });

  server.post('/:locale/staff/catalog/:id/images', async (request, reply) => {
    const who = manager(request, reply);
    if (!who) return reply;
    const product = await productOf(request);
    if (!product) return notFound(services, request, reply);
    const body = request.body as Body;
    const photo = body.photo;
    let error: MessageKey | null = null;
    if (!Buffer.isBuffer(photo) || photo.length === 0) error = 'adminCatalog.errorPhotoMissing';
    else if (photo.length > MAX_IMAGE_BYTES) error = 'adminCatalog.errorPhotoTooLarge';
    else {
      try {
        await admin.addImage(product.id, photo, alts(body));
      } catch (e) {
        if (!(e instanceof ImageRejected)) throw e;
        error = e.reason === 'too_large' ? 'adminCatalog.errorPhotoTooLarge' : 'adminCatalog.errorNotAPhoto';
      }
    }
    if (error)
      return productPage(request, reply, who.locale, product, { imageError: error, uploadAlts: alts(body) }, 422);
    return seeOther(reply, `/${who.locale}/staff/catalog/${product.id}?done=photo#photos`);
  });

  server.post('/:locale/staff/catalog/:id/images/:imageId', async (request, reply) => {
    const who = manager(request, reply);
    if (!who) return reply;
    const product = await productOf(request);
    const { imageId } = request.params as { imageId: string };
    if (!product || !UUID.test(imageId)) return notFound(services, request, reply);
    const body = request.body as Body;
    const done =
      body.action === 'delete'
        ? await admin.deleteImage(product.id, imageId)
        : await admin.setImageAlts(product.id, imageId, alts(body));
    if (!done) return notFound(services, request, reply);
    return seeOther(reply, `/${who.locale}/staff/catalog/${product.id}?done=saved#photos`);
  });

  /** The product's option names and variants: one form, saved in one transaction. */
  server.post('/:locale/staff/catalog/:id/variants', async (request, reply) => {
    const who = manager(request, reply);
    if (!who) return reply;
    const product = await productOf(request);
    if (!product) return notFound(services, request, reply);
    const body = textFields(request.body as Body);
    const parsed = parseVariantForm(body, app.preset, who.locale, new Set(product.variants.map((v) => v.id)));
    if (!parsed.ok)
      return productPage(
        request,
        reply,
        who.locale,
        product,
        { variantValues: body, variantErrors: parsed.errors },
        422,
      );
    const saved = await admin.saveVariants(product.id, parsed.input, `staff:${who.staff.id}`);
    if (!saved.ok)
      return productPage(
        request,
        reply,
        who.locale,
        product,
        {
          variantValues: body,
          variantErrors: Object.fromEntries(Object.keys(saved.errors).map((k) => [k, 'variant.errorSkuTaken'])),
        },
        409,
      );
    return seeOther(reply, `/${who.locale}/staff/catalog/${product.id}?done=variants#variants`);
  });

  /** A stock change with its reason: "+12", "-3" or "2,5" (added), in any digits. */
  server.post('/:locale/staff/catalog/:id/stock', async (request, reply) => {
    const who = manager(request, reply);
    if (!who) return reply;
    const product = await productOf(request);
    if (!product) return notFound(services, request, reply);
    const body = textFields(request.body as Body);
    const raw = normaliseInput(body.change ?? '');
    const negative = /^[-\u2212]/.test(raw);
    const milli = parseQuantityMilli(raw.replace(/^[-+\u2212]/, ''), who.locale);
    const reason = STAFF_STOCK_REASONS.find((r) => r === body.reason);
    const stockValues = { change: raw, reason: body.reason ?? '', variant: body.variant ?? '' };
    // A product with options has its stock in its variants: the change is of the variant chosen.
    const variant = product.variants.find((v) => v.id === body.variant);
    if (milli === null || milli === 0 || !reason || (product.variants.length > 0 && !variant))
      return productPage(
        request,
        reply,
        who.locale,
        product,
        { stockError: 'adminCatalog.errorStockChange', stockValues },
        422,
      );
    const result = await admin.adjustStock(
      product.id,
      negative ? -milli : milli,
      reason as StockReason,
      `staff:${who.staff.id}`,
      variant?.id,
    );
    if (!result.ok)
      return productPage(
        request,
        reply,
        who.locale,
        (await admin.product(product.id))!,
        { stockError: 'adminCatalog.errorBelowZero', stockValues },
        409,
      );
    return seeOther(reply, `/${who.locale}/staff/catalog/${product.id}?done=stock#stock`);
  });

  /** Deletes a product no order refers to; an ordered product is archived instead (its orders stay intact). */
  server.post('/:locale/staff/catalog/:id/remove', async (request, reply) => {
    const who = manager(request, reply);
    if (!who) return reply;
    const product = await productOf(request);
    if (!product) return notFound(services, request, reply);
    const outcome = await admin.remove(product.id);
    if (outcome === 'archived') return seeOther(reply, `/${who.locale}/staff/catalog/${product.id}?done=archived`);
    return seeOther(reply, `/${who.locale}/staff/catalog?done=deleted`);
  });

  server.get('/:locale/staff/catalog/categories', async (request, reply) => {
    const who = manager(request, reply);
    if (!who) return reply;
    const ctx = pageContext(services, request, who.locale);
    return sendPage(reply, <CategoriesPage ctx={ctx} categories={await admin.categories()} notice={notice(request)} />);
  });

  server.post('/:locale/staff/catalog/categories/:id', async (request, reply) => {
    const who = manager(request, reply);
    if (!who) return reply;
    const { id } = request.params as { id: string };
    const existing = await admin.categories();
    if (id !== 'new' && !existing.some((c) => c.id === id)) return notFound(services, request, reply);
    const body = textFields(request.body as Body);
    const slug = normaliseInput(body.slug ?? '').toLowerCase();
    const names = Object.fromEntries(
      LOCALES.map((l) => [l, normaliseInput(body[`name_${l}`] ?? '').slice(0, 200)]).filter(([, n]) => n),
    );
    const sort = Number.parseInt(String(parseDecimal(body.sort ?? '0', who.locale) ?? '0'), 10) || 0;
    let error: MessageKey | null = null;
    if (!/^[\p{Ll}\p{Lo}\p{N}]+(?:-[\p{Ll}\p{Lo}\p{N}]+)*$/u.test(slug) || slug.length > 100)
      error = 'adminCatalog.errorSlug';
    else if (!names[app.preset.defaultLocale]) error = 'adminCatalog.errorCategoryName';
    else {
      const saved = await admin.saveCategory({ id: id === 'new' ? undefined : id, slug, sort, names });
      if (!saved.ok) error = 'adminCatalog.errorSlugTaken';
    }
    if (!error) return seeOther(reply, `/${who.locale}/staff/catalog/categories?done=saved`);
    const ctx = pageContext(services, request, who.locale);
    return sendPage(
      reply,
      <CategoriesPage ctx={ctx} categories={existing} failed={{ id, values: body, error }} />,
      422,
    );
  });

  server.get('/:locale/staff/catalog/import', async (request, reply) => {
    const who = manager(request, reply);
    if (!who) return reply;
    const ctx = pageContext(services, request, who.locale);
    return sendPage(reply, <ImportPage ctx={ctx} values={{}} errors={{}} />);
  });

  server.post('/:locale/staff/catalog/import', async (request, reply) => {
    const who = manager(request, reply);
    if (!who) return reply;
    const body = request.body as Body;
    const values = textFields(body);
    const csv = body.csv;
    const zip = Buffer.isBuffer(body.images_zip) && body.images_zip.length > 0 ? body.images_zip : null;
    const errors: Record<string, MessageKey> = {};
    if (!Buffer.isBuffer(csv) || csv.length === 0) errors.csv = 'import.errorNoFile';
    else if (!looksLikeWooCommerce(csv)) errors.csv = 'import.errorNotWooCommerce';
    if (zip && !(zip[0] === 0x50 && zip[1] === 0x4b)) errors.images_zip = 'import.errorNotZip';
    if (Object.keys(errors).length) {
      const ctx = pageContext(services, request, who.locale);
      return sendPage(
        reply,
        <ImportPage ctx={ctx} values={{ ...values, dry_run: values.dry_run ?? '0' }} errors={errors} />,
        422,
      );
    }
    const id = await app.catalogImport.createJob({
      csv: csv as Buffer,
      imagesZip: zip,
      allowedHosts: parseAllowedHosts(values.allowed_hosts ?? ''),
      dryRun: values.dry_run === '1',
      locale: isLocale(values.locale) ? values.locale : app.preset.defaultLocale,
      actor: `staff:${who.staff.id}`,
    });
    startInBackground(request, id);
    return seeOther(reply, `/${who.locale}/staff/catalog/import/${id}`);
  });

  /** Works through the job after the answer: the job page shows its progress and refreshes until it is done. */
  function startInBackground(request: FastifyRequest, id: string) {
    app.catalogImport.run(id).catch((error: Error) => {
      request.log.error({ err: { message: error.message, stack: error.stack } }, 'import failed');
    });
  }

  server.get('/:locale/staff/catalog/import/:job', async (request, reply) => {
    const who = manager(request, reply);
    if (!who) return reply;
    const { job: id } = request.params as { job: string };
    const job = JOB_ID.test(id) ? await app.catalogImport.job(id) : null;
    if (!job) return notFound(services, request, reply);
    // A job left unfinished by a restart continues when someone looks at it.
    app.catalogImport.resume(job);
    const ctx = pageContext(services, request, who.locale);
    return sendPage(reply, <ImportJobPage ctx={ctx} job={job} failures={await app.catalogImport.failures(id)} />);
  });

  server.post('/:locale/staff/catalog/import/:job/confirm', async (request, reply) => {
    const who = manager(request, reply);
    if (!who) return reply;
    const { job } = request.params as { job: string };
    const id = JOB_ID.test(job) ? await app.catalogImport.confirm(job, `staff:${who.staff.id}`) : null;
    if (!id) return notFound(services, request, reply);
    startInBackground(request, id);
    return seeOther(reply, `/${who.locale}/staff/catalog/import/${id}`);
  });

  server.get('/:locale/staff/catalog/export.csv', async (request, reply) => {
    const who = manager(request, reply);
    if (!who) return reply;
    const { locale: textLocale } = request.query as { locale?: string };
    const locale = isLocale(textLocale) ? textLocale : who.locale;
    const csv = Readable.from(exportCatalogCsv(app.db, app.preset, locale, app.publicUrl.origin));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="catalogue-${locale}.csv"`)
      .send(csv);
  });
}

/** The text fields of a form (a multipart body also holds file buffers). */
function textFields(body: Body | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(body ?? {}).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v.slice(0, 10_000)]] : [])),
  );
}

function alts(body: Body): Partial<Record<Locale, string>> {
  return Object.fromEntries(
    LOCALES.map((l) => [
      l,
      typeof body[`alt_${l}`] === 'string' ? normaliseInput(body[`alt_${l}`] as string).slice(0, 300) : '',
    ]),
  );
}

function saveErrors(errors: Record<string, 'sku_taken' | 'no_category'>): ProductFormErrors {
  const out: ProductFormErrors = {};
  if (errors.sku) out.sku = 'adminCatalog.errorSkuTaken';
  if (errors.category) out.category = 'adminCatalog.errorCategory';
  return out;
}

/** A WooCommerce product export starts with a header naming at least SKU and Name. */
function looksLikeWooCommerce(csv: Buffer): boolean {
  const head = csv
    .subarray(0, 4096)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  const header = head.split(/\r?\n/)[0] ?? '';
  return /(^|,)"?SKU"?(,|$)/.test(header) && /(^|,)"?Name"?(,|$)/.test(header);
}

/** A plain decimal as typed in the locale: Vietnamese writes the decimal point as a comma. */
function localDecimal(decimal: string, locale: Locale): string {
  return locale === 'vi' ? decimal.replace('.', ',') : decimal;
}
