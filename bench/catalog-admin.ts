/**
 * The catalogue administration's speed targets (issue 8). `bench/run.ts` calls `measureImport` and
 * `measureStaffList`; run alone (adds the import on PostgreSQL when it answers):
 *
 *   node --import tsx bench/catalog-admin.ts [--products 100000] [--rows 10000]
 *
 * 1. Import of a WooCommerce CSV of 10,000 rows without images (`CatalogImporter.importCsv`, the whole job: parse,
 *    check, batches of 500 with their transactions): target ≤ 10 s, on SQLite (a file, as `amanat serve` opens it)
 *    and on PostgreSQL when it answers.
 * 2. The staff product list at 100,000 products (`CatalogAdminService.list`, keyset on SKU): the first page, a page
 *    deep in the list, and a search; 200 calls each after 20 of warm-up, p50 and p99. Target p99 ≤ 50 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { App } from '../src/app.ts';
import { wooCsv, wooProduct } from '../test/helpers/woocommerce-csv.ts';
import {
  benchSchema,
  createSqliteShop,
  dropPostgresSchema,
  openPostgresShop,
  openSqliteShop,
  postgresUnreachable,
} from './shop.ts';

export interface ImportFigures {
  rows: number;
  /** The whole import job, seconds (target for 10,000 rows: ≤ 10 s). */
  seconds: number;
  /** Every row created, none failed. */
  ok: boolean;
  /** The same file imported again: every row unchanged. */
  reimportSeconds: number;
}

/** Imports a WooCommerce CSV of `rows` products (no images) into `app`, then the same file again. */
export async function measureImport(app: App, rows: number): Promise<ImportFigures> {
  const csv = wooCsv(Array.from({ length: rows }, (_, i) => wooProduct(i + 1)));
  const started = performance.now();
  const job = await app.catalogImport.importCsv({ csv, actor: 'bench', locale: app.preset.defaultLocale });
  const seconds = (performance.now() - started) / 1000;
  const again = performance.now();
  await app.catalogImport.importCsv({ csv, actor: 'bench', locale: app.preset.defaultLocale });
  return {
    rows,
    seconds,
    ok: job.created === rows && job.failed === 0,
    reimportSeconds: (performance.now() - again) / 1000,
  };
}

async function percentiles(run: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < 20; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: times[100], p99: times[197] };
}

export type StaffListFigures = Record<'first page' | 'page in the middle' | 'search', { p50: number; p99: number }>;

/** The staff product list of a shop with `products` products: first page, a page in the middle, a search. */
export async function measureStaffList(app: App, products: number): Promise<StaffListFigures> {
  const admin = app.catalogAdmin;
  const middle = (
    await app.db
      .selectFrom('products')
      .select('sku')
      .orderBy('sku')
      .offset(Math.floor(products / 2))
      .limit(1)
      .executeTakeFirst()
  )?.sku;
  return {
    'first page': await percentiles(() => admin.list({ locale: 'bn' })),
    'page in the middle': await percentiles(() => admin.list({ locale: 'bn', after: middle })),
    search: await percentiles(() => admin.list({ locale: 'bn', query: 'mamypoko' })),
  };
}

function printImport(figures: ImportFigures, label: string): void {
  const mark = figures.seconds <= 10 && figures.ok ? '✓' : '✗';
  console.log(`import ${figures.rows} rows (${label}): ${figures.seconds.toFixed(2)} s ${mark} (target ≤ 10 s)`);
  console.log(`re-import, all unchanged (${label}): ${figures.reimportSeconds.toFixed(2)} s`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { products: { type: 'string' }, rows: { type: 'string' } } });
  const PRODUCTS = Number(values.products ?? 100_000);
  const ROWS = Number(values.rows ?? 10_000);
  const dir = mkdtempSync(join(tmpdir(), 'amanat-bench-catalog-'));
  try {
    const importShop = await openSqliteShop(join(dir, 'import'));
    printImport(await measureImport(importShop, ROWS), 'SQLite');
    await importShop.close();

    const unreachable = await postgresUnreachable();
    if (unreachable) console.log(`PostgreSQL left out: ${unreachable}`);
    else {
      const schema = benchSchema();
      const app = await openPostgresShop(schema, join(dir, 'pg'));
      try {
        printImport(await measureImport(app, ROWS), 'PostgreSQL');
      } finally {
        await app.close();
        await dropPostgresSchema(schema);
      }
    }

    const generated = await createSqliteShop(join(dir, 'list'), PRODUCTS);
    console.log(`generated ${generated.products} products in ${(generated.ms / 1000).toFixed(1)} s`);
    const listShop = await openSqliteShop(join(dir, 'list'));
    for (const [name, { p50, p99 }] of Object.entries(await measureStaffList(listShop, PRODUCTS))) {
      console.log(
        `staff list, ${PRODUCTS} products, ${name} (SQLite): p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms ${p99 <= 50 ? '✓' : '✗'} (target p99 ≤ 50 ms)`,
      );
    }
    await listShop.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
