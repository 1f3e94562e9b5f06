import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../../db/schema.ts';
import { LOCALES, type Locale } from '../../../i18n/locales.ts';
import { translate } from '../../../i18n/translate.ts';
import type { Preset } from '../../../presets/types.ts';
import { encodeImage, ImageRejected, saveImage } from '../../catalog/images.ts';
import { searchText } from '../../catalog/search-text.ts';
import type { CatalogService } from '../../catalog/service.ts';
import { writeCategoryNames } from '../service.ts';
import { ImageSource } from './image-source.ts';
import {
  type FailureReason,
  type ImportedProduct,
  type ImportedVariation,
  mapRow,
  type RowFailure,
} from './woocommerce-row.ts';

/** Rows per transaction: each batch commits its products and the job's progress together, so a resume is exact. */
export const BATCH_ROWS = 500;
/** The slug of the category for rows that name none. */
const DEFAULT_CATEGORY_SLUG = 'imported';

export interface ImportJob {
  id: string;
  dryRun: boolean;
  status: 'queued' | 'running' | 'done' | 'failed';
  locale: Locale;
  imagesEnabled: boolean;
  totalRows: number;
  processedRows: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
}

export interface ImportFailure {
  row: number;
  sku: string;
  reason: FailureReason;
  detail: string;
}

export interface ImportOptions {
  csv: Buffer;
  /** A ZIP of the product photos, matched to the Images column by file name. */
  imagesZip?: Buffer | null;
  /** Hosts images may be downloaded from. */
  allowedHosts?: string[];
  dryRun?: boolean;
  /** The language of the CSV's texts (the shop's language by default). */
  locale?: Locale;
  actor: string;
}

type Outcome = 'created' | 'updated' | 'unchanged';

interface ExistingProduct {
  id: string;
  category_id: string;
  model: string;
  unit: string;
  step_milli: number;
  tiles_per_box: number | null;
  price_minor: number;
  stock_milli: number;
  status: string;
  hasImages: boolean;
  text: { name: string; description: string; quality: string; origin: string } | null;
  /** Option names in the import's language, by position. */
  options: string[];
  /** Option names by position in the import's language, else the shop's, else any: what variations are matched to. */
  anyOptions: string[];
}

interface ExistingVariant {
  id: string;
  product_id: string;
  values: string[];
  price_minor: number | null;
  stock_milli: number;
  status: string;
}

/** A variable product a variation row may belong to: of this file (by SKU or ID) or of the shop. */
interface ParentRef {
  sku: string;
  options: string[];
  priceMinor: number;
}

/**
 * Imports WooCommerce's product CSV as a job: the upload is stored under DATA_DIR/imports, a job row counts its
 * progress, and `run` works through it in batches from where it stopped — the owner can leave the page, and a job
 * interrupted by a restart continues when its page is opened again. Re-importing is idempotent by SKU: a product
 * already as the CSV says is counted unchanged and not written.
 */
export class CatalogImporter {
  private readonly running = new Map<string, Promise<void>>();
  private readonly dir: string;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly preset: Preset,
    private readonly catalog: CatalogService,
    dataDir: string,
    private readonly mediaDir: string,
  ) {
    this.dir = join(dataDir, 'imports');
  }

  /** Stores the upload and creates its job; `run` (or `resume`) processes it. */
  async createJob(options: ImportOptions): Promise<string> {
    mkdirSync(this.dir, { recursive: true });
    // The id is in the job page's URL: random, not a sequence.
    const id = randomBytes(16).toString('hex');
    await writeFile(join(this.dir, `${id}.csv`), options.csv);
    if (options.imagesZip) await writeFile(join(this.dir, `${id}.zip`), options.imagesZip);
    const total = readRecords(options.csv).length;
    const now = new Date().toISOString();
    await this.db
      .insertInto('import_jobs')
      .values({
        id,
        dry_run: options.dryRun ? 1 : 0,
        status: 'queued',
        file: `${id}.csv`,
        images_zip: options.imagesZip ? `${id}.zip` : null,
        allowed_hosts: (options.allowedHosts ?? []).join(','),
        locale: options.locale ?? this.preset.defaultLocale,
        total_rows: total,
        processed_rows: 0,
        created_count: 0,
        updated_count: 0,
        unchanged_count: 0,
        failed_count: 0,
        actor: options.actor,
        created_at: now,
        updated_at: now,
      })
      .execute();
    return id;
  }

  /** The same upload again for real, after its dry run was looked at. */
  async confirm(dryRunId: string, actor: string): Promise<string | null> {
    const job = await this.db.selectFrom('import_jobs').selectAll().where('id', '=', dryRunId).executeTakeFirst();
    if (!job?.dry_run || job.status !== 'done') return null;
    const csv = await readFile(join(this.dir, job.file));
    const zip = job.images_zip ? await readFile(join(this.dir, job.images_zip)) : null;
    return this.createJob({
      csv,
      imagesZip: zip,
      allowedHosts: job.allowed_hosts ? job.allowed_hosts.split(',') : [],
      locale: job.locale as Locale,
      actor,
    });
  }

  /** Creates a job and runs it to the end: for the command line and the benchmark. */
  async importCsv(options: ImportOptions): Promise<ImportJob> {
    const id = await this.createJob(options);
    await this.run(id);
    return (await this.job(id))!;
  }

  /** Starts or continues a job in this process, once; resolves when it is done. */
  run(id: string): Promise<void> {
    let run = this.running.get(id);
    if (!run) {
      run = this.process(id).finally(() => this.running.delete(id));
      this.running.set(id, run);
    }
    return run;
  }

  /** Continues an unfinished job that no one in this process is working on (after a restart); does not wait. */
  resume(job: ImportJob): void {
    if ((job.status === 'queued' || job.status === 'running') && !this.running.has(job.id)) {
      this.run(job.id).catch(() => undefined);
    }
  }

  async job(id: string): Promise<ImportJob | null> {
    const row = await this.db.selectFrom('import_jobs').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return null;
    return {
      id: row.id,
      dryRun: Boolean(row.dry_run),
      status: row.status as ImportJob['status'],
      locale: row.locale as Locale,
      imagesEnabled: Boolean(row.images_zip || row.allowed_hosts),
      totalRows: Number(row.total_rows),
      processedRows: Number(row.processed_rows),
      created: Number(row.created_count),
      updated: Number(row.updated_count),
      unchanged: Number(row.unchanged_count),
      failed: Number(row.failed_count),
    };
  }

  async failures(id: string): Promise<ImportFailure[]> {
    const rows = await this.db
      .selectFrom('import_job_failures')
      .selectAll()
      .where('job_id', '=', id)
      .orderBy('row_number')
      .execute();
    return rows.map((r) => ({
      row: Number(r.row_number),
      sku: r.sku,
      reason: r.reason as FailureReason,
      detail: r.detail,
    }));
  }

  private async process(id: string): Promise<void> {
    const row = await this.db.selectFrom('import_jobs').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || row.status === 'done' || row.status === 'failed') return;
    try {
      await this.db.updateTable('import_jobs').set({ status: 'running' }).where('id', '=', id).execute();
      const records = readRecords(await readFile(join(this.dir, row.file)));
      const zip = row.images_zip ? await readFile(join(this.dir, row.images_zip)) : null;
      const images = new ImageSource(row.allowed_hosts ? row.allowed_hosts.split(',') : [], zip);
      const context: BatchContext = {
        jobId: id,
        dryRun: Boolean(row.dry_run),
        locale: row.locale as Locale,
        images,
        categories: await this.categoryIndex(row.locale as Locale),
        firstRowOfSku: firstRows(records),
        parents: variableParents(records, this.preset),
      };
      for (let start = Number(row.processed_rows); start < records.length; start += BATCH_ROWS) {
        await this.batch(context, records, start, Math.min(start + BATCH_ROWS, records.length));
      }
      await this.db
        .updateTable('import_jobs')
        .set({ status: 'done', updated_at: new Date().toISOString() })
        .where('id', '=', id)
        .execute();
      // A finished import needs its upload no more (a dry run keeps it for the import it previews).
      if (!row.dry_run) await this.removeUpload(row.file, row.images_zip);
    } catch (error) {
      await this.db.updateTable('import_jobs').set({ status: 'failed' }).where('id', '=', id).execute();
      throw error;
    } finally {
      this.catalog.invalidate();
    }
  }

  private async removeUpload(file: string, zip: string | null): Promise<void> {
    await rm(join(this.dir, file), { force: true });
    if (zip) await rm(join(this.dir, zip), { force: true });
  }

  /** Category ids by lower-cased name in the import's language and by slug, so that names match existing ones. */
  private async categoryIndex(locale: Locale): Promise<Map<string, string>> {
    const index = new Map<string, string>();
    const [categories, names] = await Promise.all([
      this.db.selectFrom('categories').select(['id', 'slug']).execute(),
      this.db.selectFrom('category_translations').selectAll().where('locale', '=', locale).execute(),
    ]);
    for (const c of categories) index.set(`slug:${c.slug}`, c.id);
    for (const n of names) index.set(`name:${n.name.toLowerCase()}`, n.category_id);
    return index;
  }

  private async batch(context: BatchContext, records: Record<string, string>[], start: number, end: number) {
    const mapped: {
      index: number;
      sku: string;
      failure?: RowFailure;
      product?: ImportedProduct;
      variation?: ImportedVariation;
    }[] = records.slice(start, end).map((record, i) => {
      const index = start + i;
      const result = mapRow(record, this.preset.currency);
      if (!result.ok) return { index, sku: (record.SKU ?? '').trim(), failure: result as RowFailure };
      const sku = result.product?.sku ?? result.variation!.sku;
      if (context.firstRowOfSku.get(sku) !== index)
        return { index, sku, failure: { reason: 'duplicate_sku', detail: sku } };
      if (result.variation) return { index, sku, variation: result.variation };
      if (context.images.enabled)
        for (const url of result.product.images) {
          const refusal = context.images.check(url);
          if (refusal) return { index, sku, failure: { reason: refusal, detail: url } };
        }
      return { index, sku, product: result.product };
    });
    // A SKU is one product's or one variant's, never both.
    const variantsBySku = await this.existingVariants(mapped.flatMap((m) => (m.failure ? [] : [m.sku])));
    for (const m of mapped)
      if (m.product && variantsBySku.has(m.sku)) {
        m.product = undefined;
        m.failure = { reason: 'duplicate_sku', detail: m.sku };
      }
    const skus = mapped.flatMap((m) => (m.product ? [m.product.sku] : []));
    const existing = await this.existing(skus, context.locale);
    const productSkus = await this.productIds(mapped.flatMap((m) => (m.variation ? [m.sku] : [])));
    for (const m of mapped)
      if (m.variation && productSkus.has(m.sku)) {
        m.variation = undefined;
        m.failure = { reason: 'duplicate_sku', detail: m.sku };
      }
    // Parents of this batch's variations that the file does not hold, from the shop.
    const shopParents = await this.existing(
      mapped.flatMap((m) =>
        m.variation && !context.parents.has(parentKey(m.variation.parent)) && !m.variation.parent.startsWith('id:')
          ? [m.variation.parent]
          : [],
      ),
      context.locale,
    );
    // Parents in the file but written by an earlier batch: their ids.
    const fileParentIds = await this.productIds(
      mapped.flatMap((m) => {
        const ref = m.variation ? context.parents.get(parentKey(m.variation.parent)) : undefined;
        return ref ? [ref.sku] : [];
      }),
    );
    // Photos are downloaded (outside the transaction) only for products that have none: a re-import does not fetch
    // them again, and a photo staff replaced is not brought back.
    const photos = new Map<string, { name: string; width: number; height: number }[]>();
    if (context.images.enabled && !context.dryRun) {
      for (const m of mapped) {
        if (!m.product || m.product.images.length === 0 || existing.get(m.product.sku)?.hasImages) continue;
        const encoded = [];
        for (const url of m.product.images) {
          const loaded = await context.images.load(url);
          if (!loaded.ok) {
            Object.assign(m, { product: undefined, failure: { reason: loaded.reason, detail: url } });
            break;
          }
          try {
            const image = await encodeImage(loaded.data);
            await saveImage(image, this.mediaDir);
            encoded.push(image);
          } catch (error) {
            if (!(error instanceof ImageRejected)) throw error;
            Object.assign(m, { product: undefined, failure: { reason: 'image_not_a_picture', detail: url } });
            break;
          }
        }
        if (m.product) photos.set(m.product.sku, encoded);
      }
    }
    const counts = { created: 0, updated: 0, unchanged: 0, failed: 0 };
    await this.db.transaction().execute(async (trx) => {
      const inserts: { product: ImportedProduct; categoryId: string; id?: string }[] = [];
      for (const m of mapped) {
        if (!m.product) continue;
        const categoryId = await this.categoryFor(trx, context, m.product.category);
        const before = existing.get(m.product.sku);
        const outcome: Outcome = !before
          ? 'created'
          : sameAs(before, m.product, categoryId) && !photos.get(m.product.sku)?.length
            ? 'unchanged'
            : 'updated';
        counts[outcome]++;
        if (context.dryRun || outcome === 'unchanged') continue;
        if (outcome === 'created') inserts.push({ product: m.product, categoryId });
        else await this.updateProduct(trx, context, before!, m.product, categoryId);
      }
      if (!context.dryRun && inserts.length) await this.insertProducts(trx, context, inserts);
      for (const m of mapped) {
        if (!m.variation) continue;
        const v = m.variation;
        const fromFile = context.parents.get(parentKey(v.parent));
        const fromShop = fromFile ? undefined : shopParents.get(v.parent);
        const parent: ParentRef | undefined =
          fromFile ??
          (fromShop?.anyOptions.length
            ? { sku: v.parent, options: fromShop.anyOptions, priceMinor: fromShop.price_minor }
            : undefined);
        const parentId =
          inserts.find((i) => i.product.sku === parent?.sku)?.id ??
          (parent ? (fileParentIds.get(parent.sku) ?? fromShop?.id) : undefined);
        // A dry run writes no parent: one of the file is enough.
        if (!parent || (!parentId && !(context.dryRun && fromFile))) {
          m.variation = undefined;
          m.failure = { reason: 'unknown_parent', detail: v.parent };
          continue;
        }
        const values = parent.options.map((o) => v.values.get(o.toLowerCase()) ?? '');
        const missing = parent.options.find((_, i) => !values[i]);
        if (missing !== undefined) {
          m.variation = undefined;
          m.failure = { reason: 'missing_attribute_value', detail: missing };
          continue;
        }
        if (v.priceMinor === null && parent.priceMinor <= 0) {
          m.variation = undefined;
          m.failure = { reason: 'missing_price', detail: '' };
          continue;
        }
        const before = variantsBySku.get(v.sku);
        const padded = [values[0] ?? '', values[1] ?? '', values[2] ?? ''].map((x) => x.slice(0, 100));
        const outcome: Outcome = !before
          ? 'created'
          : before.product_id === parentId &&
              before.values.join('\u0000') === padded.join('\u0000') &&
              before.price_minor === v.priceMinor &&
              before.stock_milli === v.stockMilli &&
              before.status === v.status
            ? 'unchanged'
            : 'updated';
        counts[outcome]++;
        if (context.dryRun || outcome === 'unchanged') continue;
        await this.writeVariant(trx, context, before, parentId!, v, padded, m.index);
      }
      if (!context.dryRun)
        for (const [sku, images] of photos) {
          const productId = inserts.find((i) => i.product.sku === sku)?.id ?? existing.get(sku)?.id;
          if (!productId) continue;
          for (const [sort, image] of images.entries())
            await trx
              .insertInto('product_images')
              .values({ id: randomUUID(), product_id: productId, file: image.name, ...size(image), sort })
              .execute();
        }
      const failures = mapped.flatMap((m) =>
        m.failure
          ? [
              {
                job_id: context.jobId,
                // The row as a spreadsheet numbers it: the header is row 1.
                row_number: m.index + 2,
                sku: m.sku.slice(0, 200),
                reason: m.failure.reason,
                detail: m.failure.detail,
              },
            ]
          : [],
      );
      counts.failed = failures.length;
      if (failures.length) await trx.insertInto('import_job_failures').values(failures).execute();
      await trx
        .updateTable('import_jobs')
        .set((eb) => ({
          processed_rows: end,
          created_count: eb('created_count', '+', counts.created),
          updated_count: eb('updated_count', '+', counts.updated),
          unchanged_count: eb('unchanged_count', '+', counts.unchanged),
          failed_count: eb('failed_count', '+', counts.failed),
          updated_at: new Date().toISOString(),
        }))
        .where('id', '=', context.jobId)
        .execute();
    });
  }

  private async existing(skus: string[], locale: Locale): Promise<Map<string, ExistingProduct>> {
    const found = new Map<string, ExistingProduct>();
    if (skus.length === 0) return found;
    const rows = await this.db
      .selectFrom('products as p')
      .leftJoin('product_translations as t', (j) => j.onRef('t.product_id', '=', 'p.id').on('t.locale', '=', locale))
      .select([
        'p.id',
        'p.sku',
        'p.category_id',
        'p.model',
        'p.unit',
        'p.step_milli',
        'p.tiles_per_box',
        'p.price_minor',
        'p.stock_milli',
        'p.status',
        't.name',
        't.description',
        't.quality',
        't.origin',
        (eb) =>
          eb
            .selectFrom('product_images as i')
            .whereRef('i.product_id', '=', 'p.id')
            .select((e) => e.fn.countAll<number>().as('n'))
            .as('images'),
      ])
      .where('p.sku', 'in', skus)
      .execute();
    const options = rows.length
      ? await this.db
          .selectFrom('product_options')
          .select(['product_id', 'position', 'locale', 'name'])
          .where(
            'product_id',
            'in',
            rows.map((r) => r.id),
          )
          .orderBy('position')
          .execute()
      : [];
    for (const r of rows)
      found.set(r.sku, {
        options: options.filter((o) => o.product_id === r.id && o.locale === locale).map((o) => o.name),
        anyOptions: optionNames(
          options.filter((o) => o.product_id === r.id),
          locale,
          this.preset.defaultLocale,
        ),
        id: r.id,
        category_id: r.category_id,
        model: r.model,
        unit: r.unit,
        step_milli: Number(r.step_milli),
        tiles_per_box: r.tiles_per_box === null ? null : Number(r.tiles_per_box),
        price_minor: Number(r.price_minor),
        stock_milli: Number(r.stock_milli),
        status: r.status,
        hasImages: Number(r.images) > 0,
        text:
          r.name === null
            ? null
            : { name: r.name, description: r.description ?? '', quality: r.quality ?? '', origin: r.origin ?? '' },
      });
    return found;
  }

  /** Variants of the shop by SKU. */
  private async existingVariants(skus: string[]): Promise<Map<string, ExistingVariant>> {
    const found = new Map<string, ExistingVariant>();
    if (skus.length === 0) return found;
    const rows = await this.db.selectFrom('product_variants').selectAll().where('sku', 'in', skus).execute();
    for (const r of rows)
      found.set(r.sku, {
        id: r.id,
        product_id: r.product_id,
        values: [r.value1, r.value2, r.value3],
        price_minor: r.price_minor === null ? null : Number(r.price_minor),
        stock_milli: Number(r.stock_milli),
        status: r.status,
      });
    return found;
  }

  private async productIds(skus: string[]): Promise<Map<string, string>> {
    if (skus.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('products')
      .select(['id', 'sku'])
      .where('sku', 'in', [...new Set(skus)])
      .execute();
    return new Map(rows.map((r) => [r.sku, r.id]));
  }

  /** Creates or changes a variant; a change of stock is recorded as an import adjustment of that variant. */
  private async writeVariant(
    trx: Transaction<DB>,
    context: BatchContext,
    before: ExistingVariant | undefined,
    productId: string,
    v: ImportedVariation,
    values: string[],
    sort: number,
  ) {
    const now = new Date().toISOString();
    const fields = {
      product_id: productId,
      value1: values[0],
      value2: values[1],
      value3: values[2],
      price_minor: v.priceMinor,
      stock_milli: v.stockMilli,
      status: v.status,
    };
    const id = before?.id ?? randomUUID();
    if (before) await trx.updateTable('product_variants').set(fields).where('id', '=', id).execute();
    else
      await trx
        .insertInto('product_variants')
        .values({ id, sku: v.sku, ...fields, sort, created_at: now })
        .execute();
    const delta = v.stockMilli - (before?.stock_milli ?? 0);
    if (delta !== 0)
      await trx
        .insertInto('stock_adjustments')
        .values({
          id: randomUUID(),
          product_id: productId,
          variant_id: id,
          delta_milli: delta,
          stock_after_milli: v.stockMilli,
          reason: 'import',
          actor: `import:${context.jobId}`,
          created_at: now,
        })
        .execute();
  }

  /** A variable product's option names in the import's language (the others stay). */
  private async writeOptions(trx: Transaction<DB>, context: BatchContext, productId: string, options: string[]) {
    await trx
      .deleteFrom('product_options')
      .where('product_id', '=', productId)
      .where('locale', '=', context.locale)
      .execute();
    if (options.length)
      await trx
        .insertInto('product_options')
        .values(options.map((name, i) => ({ product_id: productId, position: i + 1, locale: context.locale, name })))
        .execute();
  }

  /** The category a row names, created (named in the import's language) when the shop has none of that name. */
  private async categoryFor(trx: Transaction<DB>, context: BatchContext, name: string | null): Promise<string> {
    const key = name ? `name:${name.toLowerCase()}` : `slug:${DEFAULT_CATEGORY_SLUG}`;
    const known = context.categories.get(key);
    if (known) return known;
    const id = randomUUID();
    context.categories.set(key, id);
    if (context.dryRun) return id;
    let slug = name ? slugOf(name) : DEFAULT_CATEGORY_SLUG;
    if (!slug || context.categories.has(`slug:${slug}`)) slug = `${slug || 'category'}-${id.slice(0, 8)}`;
    context.categories.set(`slug:${slug}`, id);
    await trx.insertInto('categories').values({ id, slug, sort: 1000 }).execute();
    const names = name
      ? { [context.locale]: name }
      : Object.fromEntries(LOCALES.map((l) => [l, translate(l, 'import.defaultCategory')]));
    await writeCategoryNames(trx, id, names);
    return id;
  }

  private async insertProducts(
    trx: Transaction<DB>,
    context: BatchContext,
    inserts: { product: ImportedProduct; categoryId: string; id?: string }[],
  ) {
    const now = new Date().toISOString();
    const last = await trx
      .selectFrom('products')
      .select((eb) => eb.fn.max('sort').as('sort'))
      .executeTakeFirst();
    let sort = Number(last?.sort ?? -1) + 1;
    for (const insert of inserts) insert.id = randomUUID();
    await trx
      .insertInto('products')
      .values(
        inserts.map(({ product: p, categoryId, id }) => ({
          id: id!,
          sku: p.sku,
          category_id: categoryId,
          model: p.model,
          unit: p.unit,
          step_milli: p.stepMilli,
          tiles_per_box: p.tilesPerBox,
          price_minor: p.priceMinor,
          stock_milli: p.stockMilli,
          status: p.status,
          sort: sort++,
          created_at: now,
        })),
      )
      .execute();
    await trx
      .insertInto('product_translations')
      .values(inserts.map(({ product, id }) => translationRow(id!, context.locale, product)))
      .execute();
    for (const { product, id } of inserts)
      if (product.options.length) await this.writeOptions(trx, context, id!, product.options);
    const stocked = inserts.filter((i) => i.product.stockMilli > 0);
    if (stocked.length)
      await trx
        .insertInto('stock_adjustments')
        .values(
          stocked.map(({ product, id }) => ({
            id: randomUUID(),
            product_id: id!,
            delta_milli: product.stockMilli,
            stock_after_milli: product.stockMilli,
            reason: 'import',
            actor: `import:${context.jobId}`,
            created_at: now,
          })),
        )
        .execute();
  }

  private async updateProduct(
    trx: Transaction<DB>,
    context: BatchContext,
    before: ExistingProduct,
    p: ImportedProduct,
    categoryId: string,
  ) {
    await trx
      .updateTable('products')
      .set({
        category_id: categoryId,
        model: p.model,
        unit: p.unit,
        step_milli: p.stepMilli,
        tiles_per_box: p.tilesPerBox,
        price_minor: p.priceMinor,
        stock_milli: p.stockMilli,
        status: p.status,
      })
      .where('id', '=', before.id)
      .execute();
    // Only the import's language is replaced: the other translations staff wrote stay.
    await trx
      .deleteFrom('product_translations')
      .where('product_id', '=', before.id)
      .where('locale', '=', context.locale)
      .execute();
    await trx
      .insertInto('product_translations')
      .values(translationRow(before.id, context.locale, p))
      .execute();
    if (p.kind === 'variable' || before.options.length) await this.writeOptions(trx, context, before.id, p.options);
    if (p.stockMilli !== before.stock_milli)
      await trx
        .insertInto('stock_adjustments')
        .values({
          id: randomUUID(),
          product_id: before.id,
          delta_milli: p.stockMilli - before.stock_milli,
          stock_after_milli: p.stockMilli,
          reason: 'import',
          actor: `import:${context.jobId}`,
          created_at: new Date().toISOString(),
        })
        .execute();
  }
}

interface BatchContext {
  jobId: string;
  dryRun: boolean;
  locale: Locale;
  images: ImageSource;
  categories: Map<string, string>;
  /** The first row of each SKU: a later row with the same SKU is a duplicate, whichever batch it falls in. */
  firstRowOfSku: Map<string, number>;
  /** The file's variable products, by `sku:SKU` and `id:ID`, for its variation rows. */
  parents: Map<string, ParentRef>;
}

function readRecords(csv: Buffer): Record<string, string>[] {
  return parse(csv, {
    columns: (header: string[]) => header.map((h) => h.trim()),
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
  }) as Record<string, string>[];
}

function firstRows(records: Record<string, string>[]): Map<string, number> {
  const first = new Map<string, number>();
  for (const [i, r] of records.entries()) {
    const sku = (r.SKU ?? '').trim();
    if (sku && !first.has(sku)) first.set(sku, i);
  }
  return first;
}

function sameAs(before: ExistingProduct, p: ImportedProduct, categoryId: string): boolean {
  return (
    before.category_id === categoryId &&
    before.model === p.model &&
    before.unit === p.unit &&
    before.step_milli === p.stepMilli &&
    before.tiles_per_box === p.tilesPerBox &&
    before.price_minor === p.priceMinor &&
    before.stock_milli === p.stockMilli &&
    before.status === p.status &&
    before.text !== null &&
    before.text.name === p.name &&
    before.text.description === p.description &&
    before.text.quality === p.quality &&
    before.text.origin === p.origin &&
    before.options.join('\u0000') === p.options.join('\u0000')
  );
}

/** Option names by position: in the locale, else the shop's language, else whichever language has one. */
function optionNames(
  rows: { position: number; locale: string; name: string }[],
  locale: Locale,
  own: Locale,
): string[] {
  const positions = [...new Set(rows.map((r) => Number(r.position)))].sort();
  return positions.map((pos) => {
    const at = rows.filter((r) => Number(r.position) === pos);
    return (at.find((r) => r.locale === locale) ?? at.find((r) => r.locale === own) ?? at[0]).name;
  });
}

/** The key of a Parent column in the file's index of variable products. */
function parentKey(parent: string): string {
  return /^id:\s*\d+$/i.test(parent) ? `id:${parent.replace(/^id:\s*/i, '')}` : `sku:${parent}`;
}

/** The file's variable products that map (their options and price), by SKU and by WooCommerce ID. */
function variableParents(records: Record<string, string>[], preset: Preset): Map<string, ParentRef> {
  const parents = new Map<string, ParentRef>();
  for (const record of records) {
    if (!/variable/i.test(record.Type ?? '')) continue;
    const mapped = mapRow(record, preset.currency);
    if (!mapped.ok || !mapped.product || mapped.product.kind !== 'variable') continue;
    const ref = { sku: mapped.product.sku, options: mapped.product.options, priceMinor: mapped.product.priceMinor };
    if (!parents.has(`sku:${ref.sku}`)) parents.set(`sku:${ref.sku}`, ref);
    const id = (record.ID ?? '').trim();
    if (id && !parents.has(`id:${id}`)) parents.set(`id:${id}`, ref);
  }
  return parents;
}

function translationRow(productId: string, locale: Locale, p: ImportedProduct) {
  return {
    product_id: productId,
    locale,
    name: p.name,
    description: p.description,
    quality: p.quality,
    origin: p.origin,
    search_text: searchText(`${p.name} ${p.model} ${p.sku}`),
  };
}

function size(image: { width: number; height: number }) {
  return { width: image.width, height: image.height };
}

/** A URL slug from a category name in any script: lower case, letters and digits joined by hyphens. */
function slugOf(name: string): string {
  return searchText(name)
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}
