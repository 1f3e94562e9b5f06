import { type Kysely, sql } from 'kysely';
import { SYSTEM, type TableDeclaration } from '../../privacy/datamap.ts';

export interface CatalogTables {
  categories: { id: string; slug: string; sort: number };
  category_translations: { category_id: string; locale: string; name: string };
  products: {
    id: string;
    sku: string;
    category_id: string;
    model: string;
    unit: string;
    /** The smallest orderable quantity, in thousandths of the unit. */
    step_milli: number;
    tiles_per_box: number | null;
    price_minor: number;
    /** Stock in thousandths of the unit, so that 2.5 metres is 2500; never below zero (a CHECK and a guarded update). */
    stock_milli: number;
    status: string;
    sort: number;
    created_at: string;
  };
  product_translations: {
    product_id: string;
    locale: string;
    name: string;
    description: string;
    quality: string;
    origin: string;
    /** Lower-cased, digit-normalised name, model and SKU for search across all four scripts. */
    search_text: string;
  };
  product_images: { id: string; product_id: string; file: string; width: number; height: number; sort: number };
}

export const catalogDataMap: TableDeclaration[] = [
  {
    table: 'categories',
    description: 'Product categories',
    columns: { id: SYSTEM('Random id'), slug: SYSTEM('URL slug'), sort: SYSTEM('Display order') },
  },
  {
    table: 'category_translations',
    description: 'Category names per language',
    columns: { category_id: SYSTEM('Category'), locale: SYSTEM('Language'), name: SYSTEM('Name') },
  },
  {
    table: 'products',
    description: 'Products and services for sale',
    columns: {
      id: SYSTEM('Random id'),
      sku: SYSTEM('Stock-keeping unit'),
      category_id: SYSTEM('Category'),
      model: SYSTEM('Model (KT-02)'),
      unit: SYSTEM('Unit of sale (KT-03)'),
      step_milli: SYSTEM('Smallest orderable quantity'),
      tiles_per_box: SYSTEM('Box-to-tile conversion (KT-03)'),
      price_minor: SYSTEM('Price per unit in minor units'),
      stock_milli: SYSTEM('Stock in thousandths of the unit'),
      status: SYSTEM('active or archived'),
      sort: SYSTEM('Display order'),
      created_at: SYSTEM('Creation time'),
    },
  },
  {
    table: 'product_translations',
    description: 'Product texts per language',
    columns: {
      product_id: SYSTEM('Product'),
      locale: SYSTEM('Language'),
      name: SYSTEM('Name'),
      description: SYSTEM('Description (KT-02)'),
      quality: SYSTEM('Quality requirement (KT-02)'),
      origin: SYSTEM('Origin (KT-02)'),
      search_text: SYSTEM('Normalised text for search'),
    },
  },
  {
    table: 'product_images',
    description: 'Product photos (resized WebP, metadata stripped)',
    columns: {
      id: SYSTEM('Random id'),
      product_id: SYSTEM('Product'),
      file: SYSTEM('File name under the media folder'),
      width: SYSTEM('Pixels'),
      height: SYSTEM('Pixels'),
      sort: SYSTEM('Display order'),
    },
  },
];

// biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
export async function createCatalogTables(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('categories')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('slug', 'varchar(100)', (c) => c.notNull().unique())
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('category_translations')
    .addColumn('category_id', 'varchar(36)', (c) => c.notNull().references('categories.id').onDelete('cascade'))
    .addColumn('locale', 'varchar(8)', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('category_translations_pk', ['category_id', 'locale'])
    .execute();
  await db.schema
    .createTable('products')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('sku', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('category_id', 'varchar(36)', (c) => c.notNull().references('categories.id'))
    .addColumn('model', 'varchar(100)', (c) => c.notNull())
    .addColumn('unit', 'varchar(16)', (c) => c.notNull())
    .addColumn('step_milli', 'integer', (c) => c.notNull())
    .addColumn('tiles_per_box', 'integer')
    .addColumn('price_minor', 'bigint', (c) => c.notNull())
    .addColumn('stock_milli', 'bigint', (c) => c.notNull().check(sql`stock_milli >= 0`))
    .addColumn('status', 'varchar(16)', (c) => c.notNull().defaultTo('active'))
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('products_category_idx').on('products').columns(['category_id', 'sort']).execute();
  await db.schema
    .createTable('product_translations')
    .addColumn('product_id', 'varchar(36)', (c) => c.notNull().references('products.id').onDelete('cascade'))
    .addColumn('locale', 'varchar(8)', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('quality', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('product_translations_pk', ['product_id', 'locale'])
    .execute();
  await db.schema
    .createTable('product_images')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('product_id', 'varchar(36)', (c) => c.notNull().references('products.id').onDelete('cascade'))
    .addColumn('file', 'varchar(200)', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('product_images_product_idx').on('product_images').column('product_id').execute();
}

/**
 * A category page filters on category and status and orders by sort: with all four in one index, the page and its
 * count are read from the index alone (measured at 100,000 products: the count went from 11.5 ms to 1.2 ms).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run on the untyped database
export async function createCatalogListingIndexes(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('products_category_idx').execute();
  await db.schema
    .createIndex('products_category_listing_idx')
    .on('products')
    .columns(['category_id', 'status', 'sort', 'id'])
    .execute();
  await db.schema.createIndex('products_listing_idx').on('products').columns(['status', 'sort', 'id']).execute();
}
