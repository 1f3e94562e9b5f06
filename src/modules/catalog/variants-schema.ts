import { type Kysely, sql } from 'kysely';
import { SYSTEM, type TableDeclaration } from '../../privacy/datamap.ts';

/** At most this many options (size, colour, finish) per product, as WooCommerce and Shopify allow. */
export const MAX_OPTIONS = 3;

/**
 * Products with options: the option names per language (like the product's other texts), and the variants, each with
 * its value of every option, its own SKU, price (none: the product's), stock and status.
 */
export interface VariantTables {
  product_options: {
    product_id: string;
    /** 1, 2 or 3: the option's place, which is also the variant's value column. */
    position: number;
    locale: string;
    name: string;
  };
  product_variants: {
    id: string;
    product_id: string;
    sku: string;
    value1: string;
    value2: string;
    value3: string;
    /** Null: the product's price. */
    price_minor: number | null;
    /** Thousandths of the product's unit; never below zero (a CHECK and a guarded update). */
    stock_milli: number;
    status: string;
    sort: number;
    created_at: string;
  };
}

export const variantDataMap: TableDeclaration[] = [
  {
    table: 'product_options',
    description: 'Option names of a product with variants (size, colour, finish), per language',
    columns: {
      product_id: SYSTEM('Product'),
      position: SYSTEM('Option 1, 2 or 3'),
      locale: SYSTEM('Language'),
      name: SYSTEM('Option name'),
    },
  },
  {
    table: 'product_variants',
    description: 'Variants of a product: one value per option, own SKU, price and stock',
    columns: {
      id: SYSTEM('Random id'),
      product_id: SYSTEM('Product'),
      sku: SYSTEM('Stock-keeping unit of the variant'),
      value1: SYSTEM('Value of option 1'),
      value2: SYSTEM('Value of option 2'),
      value3: SYSTEM('Value of option 3'),
      price_minor: SYSTEM('Price per unit in minor units (empty: the product’s)'),
      stock_milli: SYSTEM('Stock in thousandths of the unit'),
      status: SYSTEM('active or archived'),
      sort: SYSTEM('Display order'),
      created_at: SYSTEM('Creation time'),
    },
  },
];

/**
 * 0018: option names and variants; order lines name the variant bought (with its label at that moment), and a stock
 * adjustment may be of one variant.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run on the untyped database
export async function createVariantTables(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('product_options')
    .addColumn('product_id', 'varchar(36)', (c) => c.notNull().references('products.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('locale', 'varchar(8)', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('product_options_pk', ['product_id', 'position', 'locale'])
    .execute();
  await db.schema
    .createTable('product_variants')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('product_id', 'varchar(36)', (c) => c.notNull().references('products.id').onDelete('cascade'))
    .addColumn('sku', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('value1', 'varchar(100)', (c) => c.notNull().defaultTo(''))
    .addColumn('value2', 'varchar(100)', (c) => c.notNull().defaultTo(''))
    .addColumn('value3', 'varchar(100)', (c) => c.notNull().defaultTo(''))
    .addColumn('price_minor', 'bigint')
    .addColumn('stock_milli', 'bigint', (c) => c.notNull().check(sql`stock_milli >= 0`))
    .addColumn('status', 'varchar(16)', (c) => c.notNull().defaultTo('active'))
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('product_variants_product_idx')
    .on('product_variants')
    .columns(['product_id', 'sort'])
    .execute();
  await db.schema
    .alterTable('order_lines')
    .addColumn('variant_id', 'varchar(36)', (c) => c.references('product_variants.id'))
    .execute();
  await db.schema.alterTable('order_lines').addColumn('variant_label', 'text').execute();
  await db.schema
    .alterTable('stock_adjustments')
    .addColumn('variant_id', 'varchar(36)', (c) => c.references('product_variants.id').onDelete('cascade'))
    .execute();
}
