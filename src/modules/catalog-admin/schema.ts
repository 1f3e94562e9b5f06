import type { Kysely } from 'kysely';
import { SYSTEM, type TableDeclaration } from '../../privacy/datamap.ts';

/** Tables of the catalogue administration: stock history, alt texts, and WooCommerce import jobs. */
export interface CatalogAdminTables {
  stock_adjustments: {
    id: string;
    product_id: string;
    /** Change in thousandths of the unit (negative for goods out). */
    delta_milli: number;
    stock_after_milli: number;
    reason: string;
    /** `staff:<id>` or `import:<job id>`. */
    actor: string;
    created_at: string;
    /** The variant whose stock changed (migration 0018); null for the product's own stock. */
    variant_id: string | null;
  };
  product_image_alts: { image_id: string; locale: string; alt: string };
  import_jobs: {
    id: string;
    dry_run: number;
    status: string;
    /** The CSV (and optional ZIP of images) under DATA_DIR/imports. */
    file: string;
    images_zip: string | null;
    /** Host names images may be fetched from, comma separated. */
    allowed_hosts: string;
    locale: string;
    total_rows: number;
    processed_rows: number;
    created_count: number;
    updated_count: number;
    unchanged_count: number;
    failed_count: number;
    actor: string;
    created_at: string;
    updated_at: string;
  };
  import_job_failures: { job_id: string; row_number: number; sku: string; reason: string; detail: string };
}

export const catalogAdminDataMap: TableDeclaration[] = [
  {
    table: 'stock_adjustments',
    description: 'Stock changes with their reason (history)',
    columns: {
      id: SYSTEM('Random id'),
      product_id: SYSTEM('Product'),
      delta_milli: SYSTEM('Change in thousandths of the unit'),
      stock_after_milli: SYSTEM('Stock after the change'),
      reason: SYSTEM('Reason code (received, counted, damaged, returned, correction, import)'),
      actor: SYSTEM('staff:<random staff id> or import:<job id>'),
      created_at: SYSTEM('Time of the change'),
      variant_id: SYSTEM('Variant whose stock changed'),
    },
  },
  {
    table: 'product_image_alts',
    description: 'Alternative text of product photos per language',
    columns: { image_id: SYSTEM('Image'), locale: SYSTEM('Language'), alt: SYSTEM('Alternative text') },
  },
  {
    table: 'import_jobs',
    description: 'Catalogue imports from a WooCommerce product CSV, processed in batches (resumable)',
    columns: {
      id: SYSTEM('Random token (also in the URL)'),
      dry_run: SYSTEM('1 for a preview that writes nothing'),
      status: SYSTEM('queued, running, done or failed'),
      file: SYSTEM('File name of the uploaded CSV (product data only)'),
      images_zip: SYSTEM('File name of the uploaded ZIP of product photos'),
      allowed_hosts: SYSTEM('Hosts the owner allows images to be fetched from'),
      locale: SYSTEM('Language of the texts in the CSV'),
      total_rows: SYSTEM('Rows in the CSV'),
      processed_rows: SYSTEM('Rows done so far (the resume point)'),
      created_count: SYSTEM('Products created'),
      updated_count: SYSTEM('Products changed'),
      unchanged_count: SYSTEM('Products already as in the CSV'),
      failed_count: SYSTEM('Rows that could not be imported'),
      actor: SYSTEM('staff:<random staff id> or cli'),
      created_at: SYSTEM('Start time'),
      updated_at: SYSTEM('Last progress'),
    },
  },
  {
    table: 'import_job_failures',
    description: 'Rows of an import that could not be imported, and why',
    columns: {
      job_id: SYSTEM('Import job'),
      row_number: SYSTEM('Line of the CSV'),
      sku: SYSTEM('SKU of the row'),
      reason: SYSTEM('Reason code (localised on the report)'),
      detail: SYSTEM('The offending value or column (product data only)'),
    },
  },
];

// biome-ignore lint/suspicious/noExplicitAny: migrations run on the untyped database
export async function createCatalogAdminTables(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('stock_adjustments')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('product_id', 'varchar(36)', (c) => c.notNull().references('products.id').onDelete('cascade'))
    .addColumn('delta_milli', 'bigint', (c) => c.notNull())
    .addColumn('stock_after_milli', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'varchar(16)', (c) => c.notNull())
    .addColumn('actor', 'varchar(80)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('stock_adjustments_product_idx')
    .on('stock_adjustments')
    .columns(['product_id', 'created_at'])
    .execute();
  await db.schema
    .createTable('product_image_alts')
    .addColumn('image_id', 'varchar(36)', (c) => c.notNull().references('product_images.id').onDelete('cascade'))
    .addColumn('locale', 'varchar(8)', (c) => c.notNull())
    .addColumn('alt', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('product_image_alts_pk', ['image_id', 'locale'])
    .execute();
  await db.schema
    .createTable('import_jobs')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('dry_run', 'integer', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('file', 'varchar(200)', (c) => c.notNull())
    .addColumn('images_zip', 'varchar(200)')
    .addColumn('allowed_hosts', 'text', (c) => c.notNull())
    .addColumn('locale', 'varchar(8)', (c) => c.notNull())
    .addColumn('total_rows', 'integer', (c) => c.notNull())
    .addColumn('processed_rows', 'integer', (c) => c.notNull())
    .addColumn('created_count', 'integer', (c) => c.notNull())
    .addColumn('updated_count', 'integer', (c) => c.notNull())
    .addColumn('unchanged_count', 'integer', (c) => c.notNull())
    .addColumn('failed_count', 'integer', (c) => c.notNull())
    .addColumn('actor', 'varchar(80)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('import_job_failures')
    .addColumn('job_id', 'varchar(36)', (c) => c.notNull().references('import_jobs.id').onDelete('cascade'))
    .addColumn('row_number', 'integer', (c) => c.notNull())
    .addColumn('sku', 'varchar(200)', (c) => c.notNull())
    .addColumn('reason', 'varchar(40)', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('import_job_failures_pk', ['job_id', 'row_number'])
    .execute();
}
