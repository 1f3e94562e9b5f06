/**
 * The catalogue administration's speed targets (issue 8), apart from `npm run bench` so that it runs on its own:
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

const { values } = parseArgs({ options: { products: { type: 'string' }, rows: { type: 'string' } } });
const PRODUCTS = Number(values.products ?? 100_000);
const ROWS = Number(values.rows ?? 10_000);

async function timeImport(app: App, label: string): Promise<void> {
  const csv = wooCsv(Array.from({ length: ROWS }, (_, i) => wooProduct(i + 1)));
  const started = performance.now();
  const job = await app.catalogImport.importCsv({ csv, actor: 'bench', locale: app.preset.defaultLocale });
  const seconds = (performance.now() - started) / 1000;
  const ok = job.created === ROWS && job.failed === 0;
  console.log(
    `import ${ROWS} rows (${label}): ${seconds.toFixed(2)} s ${seconds <= 10 && ok ? '✓' : '✗'} (target ≤ 10 s)`,
  );
  const again = performance.now();
  const second = await app.catalogImport.importCsv({ csv, actor: 'bench', locale: app.preset.defaultLocale });
  console.log(
    `re-import, all unchanged (${label}): ${((performance.now() - again) / 1000).toFixed(2)} s, ${second.unchanged} unchanged`,
  );
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

async function timeList(app: App, label: string): Promise<void> {
  const admin = app.catalogAdmin;
  const middle = (
    await app.db
      .selectFrom('products')
      .select('sku')
      .orderBy('sku')
      .offset(Math.floor(PRODUCTS / 2))
      .limit(1)
      .executeTakeFirst()
  )?.sku;
  const cases: [string, () => Promise<unknown>][] = [
    ['first page', () => admin.list({ locale: 'bn' })],
    ['page in the middle', () => admin.list({ locale: 'bn', after: middle })],
    ['search', () => admin.list({ locale: 'bn', query: 'mamypoko' })],
  ];
  for (const [name, run] of cases) {
    const { p50, p99 } = await percentiles(run);
    console.log(
      `staff list, ${PRODUCTS} products, ${name} (${label}): p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms ${p99 <= 50 ? '✓' : '✗'} (target p99 ≤ 50 ms)`,
    );
  }
}

const dir = mkdtempSync(join(tmpdir(), 'amanat-bench-catalog-'));
try {
  const importShop = await openSqliteShop(join(dir, 'import'));
  await timeImport(importShop, 'SQLite');
  await importShop.close();

  const unreachable = await postgresUnreachable();
  if (unreachable) console.log(`PostgreSQL left out: ${unreachable}`);
  else {
    const schema = benchSchema();
    const app = await openPostgresShop(schema, join(dir, 'pg'));
    try {
      await timeImport(app, 'PostgreSQL');
    } finally {
      await app.close();
      await dropPostgresSchema(schema);
    }
  }

  const generated = await createSqliteShop(join(dir, 'list'), PRODUCTS);
  console.log(`generated ${generated.products} products in ${(generated.ms / 1000).toFixed(1)} s`);
  const listShop = await openSqliteShop(join(dir, 'list'));
  await timeList(listShop, 'SQLite');
  await listShop.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
