/**
 * `npm run bench [-- --quick] [-- --profile]` — the storefront and checkout benchmarks, with their baselines
 * measured in the same run. See bench/README.md for what each figure means and the targets.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PAGE_SIZE } from '../src/modules/catalog/service.ts';
import { measureCheckout, measureSqliteBaseline, type OpsFigure, orderableProducts } from './checkout.ts';
import { type Child, killAllChildren, ROOT, startChild } from './children.ts';
import { generateCatalog } from './generate.ts';
import { type LoadFigure, measureHttp } from './load.ts';
import { type Interference, waitForQuiet, watched } from './machine.ts';
import { measureOutbox, type OutboxFigure } from './outbox.ts';
import { weighPage } from './page.ts';
import { runProfile } from './profile.ts';
import {
  BENCH_PRESET,
  benchSchema,
  createSqliteShop,
  dropPostgresSchema,
  openPostgresShop,
  openSqliteShop,
  POSTGRES_URL,
  postgresUnreachable,
} from './shop.ts';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    'wait-quiet': { type: 'boolean', default: false },
    /** Where the shops' files go (default: the system's temporary folder), e.g. /dev/shm to take the disk out. */
    dir: { type: 'string' },
  },
  strict: true,
});

const QUICK = args.quick === true;
const SETTINGS = {
  sizes: QUICK ? [1_000] : [1_000, 100_000],
  http: { connections: 10, warmupS: 2, durationS: QUICK ? 3 : 10, runs: 3 },
  checkout: { warmupS: 1, durationS: QUICK ? 2 : 5, runs: 3 },
  /** The category, search and locale measured: the first category of the preset, a common word, Vietnamese. */
  category: 'diapering',
  search: 'khăn',
  locale: 'vi',
};

const RESULTS = join(ROOT, 'bench', 'results');
const work = mkdtempSync(join(args.dir ?? tmpdir(), 'amanat-bench-'));
const schemas = new Set<string>();
const children = new Set<Child>();

async function cleanup(): Promise<void> {
  await Promise.allSettled([...children].map((c) => c.stop(3000)));
  killAllChildren();
  for (const schema of schemas) {
    await dropPostgresSchema(schema).catch((error) =>
      log(`could not drop PostgreSQL schema ${schema}: ${(error as Error).message}`),
    );
  }
  schemas.clear();
  if (!args.keep) rmSync(work, { recursive: true, force: true });
  else log(`kept ${work}`);
}
process.on('exit', () => {
  killAllChildren();
  if (!args.keep) rmSync(work, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  });
}

const interference: Record<string, Interference | null> = {};

/** Measures one figure, recording how much CPU other processes took meanwhile (and waiting for quiet if asked). */
async function figure<T>(name: string, body: () => Promise<T> | T): Promise<T> {
  if (args['wait-quiet']) await waitForQuiet(10, QUICK ? 10_000 : 60_000, log);
  const { value, interference: seen } = await watched(body);
  interference[name] = seen;
  if (seen && seen.othersPct >= 10) {
    log(
      `  WARNING: other processes used ${seen.othersPct}% of the machine's CPU during ${name} (${seen.top.join(', ')})`,
    );
  }
  return value;
}

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

async function server(script: string, arg: string): Promise<Child> {
  const child = await startChild(script, [arg]);
  children.add(child);
  return child;
}

async function stop(child: Child): Promise<void> {
  await child.stop();
  children.delete(child);
}

interface ShopFigures {
  size: number;
  category: LoadFigure;
  product: LoadFigure;
  search: LoadFigure;
  rssMb: number;
  generateS: number;
}

/** Samples product ids for the product-page load (spread over the catalogue, active ones). */
async function sampleProducts(dataDir: string, n: number): Promise<string[]> {
  const app = await openSqliteShop(dataDir);
  try {
    const rows = await app.db
      .selectFrom('products')
      .select('id')
      .where('status', '=', 'active')
      .orderBy('sort')
      .execute();
    const step = Math.max(1, Math.floor(rows.length / n));
    return rows.filter((_, i) => i % step === 0).map((r) => r.id);
  } finally {
    await app.close();
  }
}

async function measureShop(size: number, loadShop: (port: number) => Promise<void>): Promise<ShopFigures> {
  const dataDir = join(work, `shop-${size}`);
  log(`generating a ${BENCH_PRESET} shop with ${size.toLocaleString('en')} products`);
  const generated = await createSqliteShop(dataDir, size);
  log(
    `  ${(generated.ms / 1000).toFixed(1)} s (${SETTINGS.category}: ${generated.perCategory.get(SETTINGS.category)})`,
  );
  const productPaths = (await sampleProducts(dataDir, 100)).map((id) => `/${SETTINGS.locale}/p/${id}`);
  const child = await server('bench/serve-shop.ts', dataDir);
  try {
    await loadShop(child.port);
    const http = SETTINGS.http;
    const categoryPath = `/${SETTINGS.locale}/c/${SETTINGS.category}?page=1`;
    log(`  category page ${categoryPath}`);
    const category = await figure(`category_${size}`, () =>
      measureHttp({ port: child.port, paths: [categoryPath], ...http }),
    );
    log(`  product pages (${productPaths.length} products in turn)`);
    const product = await figure(`product_${size}`, () =>
      measureHttp({ port: child.port, paths: productPaths, ...http }),
    );
    const searchPath = `/${SETTINGS.locale}/search?q=${encodeURIComponent(SETTINGS.search)}`;
    log(`  search ${searchPath}`);
    const search = await figure(`search_${size}`, () =>
      measureHttp({ port: child.port, paths: [searchPath], ...http }),
    );
    const rssMb = child.rssMb();
    for (const [name, f] of Object.entries({ category, product, search })) {
      if (f.non2xx || f.errors) {
        failures[`${name}_${size}`] = `${f.non2xx} non-2xx, ${f.errors} errors/timeouts (10 s) over the runs`;
        log(`  WARNING ${name}: ${failures[`${name}_${size}`]}`);
      }
    }
    return { size, category, product, search, rssMb, generateS: generated.ms / 1000 };
  } finally {
    await stop(child);
  }
}

async function checkoutOnPostgres(): Promise<{ seq: OpsFigure; c8: OpsFigure } | string> {
  const unreachable = await postgresUnreachable();
  if (unreachable) return unreachable;
  const schema = benchSchema();
  schemas.add(schema);
  const app = await openPostgresShop(schema, join(work, 'pg'));
  try {
    await generateCatalog(app.db, app.preset, app.mediaDir, 1_000);
    const products = await orderableProducts(app);
    log('checkout on PostgreSQL, sequential');
    const seq = await figure('checkout_pg_seq', () =>
      measureCheckout(app, products, { ...SETTINGS.checkout, concurrency: 1 }),
    );
    log('checkout on PostgreSQL, 8 in flight');
    const c8 = await figure('checkout_pg_c8', () =>
      measureCheckout(app, products, { ...SETTINGS.checkout, concurrency: 8 }),
    );
    return { seq, c8 };
  } finally {
    await app.close();
    await dropPostgresSchema(schema);
    schemas.delete(schema);
  }
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
/** Three significant digits: 1,234 → 1230, 0.001234 → 0.00123 (a ratio of 0.0004 must not print as 0). */
const sig = (n: number) => (Number.isFinite(n) && n !== 0 ? Number(n.toPrecision(3)) : n);

async function main(): Promise<void> {
  const started = performance.now();
  log(`${QUICK ? 'quick' : 'full'} run in ${work}; ${cpus().length} CPUs, Node ${process.version}`);
  const results: Record<string, unknown> = {};
  let http: LoadFigure | undefined;
  let page: Awaited<ReturnType<typeof weighPage>> | undefined;

  const shops: ShopFigures[] = [];
  for (const size of SETTINGS.sizes) {
    shops.push(
      await measureShop(size, async (port) => {
        if (page) return;
        // The first shop's category page is weighed, and served back by the node:http baseline, byte for byte.
        page = await weighPage(port, `/${SETTINGS.locale}/c/${SETTINGS.category}?page=1`);
        if (page.status !== 200) throw new Error(`category page answered ${page.status}`);
        const file = join(work, 'category.html');
        writeFileSync(file, page.html);
        const baseline = await server('bench/serve-static.ts', file);
        try {
          log(`node:http baseline (${page.rawBytes} bytes)`);
          http = await figure('http_baseline', () =>
            measureHttp({ port: baseline.port, paths: ['/'], ...SETTINGS.http }),
          );
        } finally {
          await stop(baseline);
        }
      }),
    );
  }
  const small = shops[0];
  const large = shops.find((s) => s.size === 100_000);

  log('checkout on SQLite');
  const sqliteDir = join(work, 'checkout-sqlite');
  await createSqliteShop(sqliteDir, 1_000);
  const app = await openSqliteShop(sqliteDir);
  let checkoutSeq: OpsFigure;
  let checkoutC8: OpsFigure;
  let outbox: OutboxFigure;
  try {
    const products = await orderableProducts(app);
    log('  sequential');
    checkoutSeq = await figure('checkout_sqlite_seq', () =>
      measureCheckout(app, products, { ...SETTINGS.checkout, concurrency: 1 }),
    );
    log('  8 in flight');
    checkoutC8 = await figure('checkout_sqlite_c8', () =>
      measureCheckout(app, products, { ...SETTINGS.checkout, concurrency: 8 }),
    );
    log('  outbox delivery of the notifications those orders queued');
    outbox = await figure('outbox_sqlite', () => measureOutbox(app));
  } finally {
    await app.close();
  }

  log('raw better-sqlite3 baseline');
  const baselineDir = join(work, 'baseline-sqlite');
  await createSqliteShop(baselineDir, 1_000);
  const baselineShop = await openSqliteShop(baselineDir);
  const baselineProducts = await orderableProducts(baselineShop);
  await baselineShop.close();
  const sqliteBaseline = await figure('sqlite_baseline', () =>
    measureSqliteBaseline(join(baselineDir, 'amanat.db'), baselineProducts, SETTINGS.checkout),
  );

  const pg = await checkoutOnPostgres();
  if (typeof pg === 'string') log(`PostgreSQL at ${POSTGRES_URL} is unreachable (${pg}): checkout_pg_ops omitted`);

  // Figures.
  const h = http!;
  const p = page!;
  Object.assign(results, {
    category_rps: sig(small.category.rps),
    category_p99_ms: small.category.p99,
    category_1k_p50_ms: small.category.p50,
    product_rps: sig(small.product.rps),
    product_p99_ms: small.product.p99,
    search_rps: sig(small.search.rps),
    search_p99_ms: small.search.p99,
  });
  if (large) {
    Object.assign(results, {
      category_100k_rps: sig(large.category.rps),
      category_100k_p50_ms: large.category.p50,
      category_100k_p99_ms: large.category.p99,
      product_100k_rps: sig(large.product.rps),
      search_100k_rps: sig(large.search.rps),
      search_100k_p50_ms: large.search.p50,
      rss_100k_mb: round(large.rssMb, 1),
      generate_100k_s: round(large.generateS, 1),
    });
  }
  Object.assign(results, {
    http_baseline_rps: sig(h.rps),
    http_baseline_p99_ms: h.p99,
    checkout_sqlite_ops: sig(checkoutC8.ops),
    checkout_sqlite_seq_ops: sig(checkoutSeq.ops),
    checkout_sqlite_c8_ops: sig(checkoutC8.ops),
    outbox_msgs_per_s: sig(outbox.ops),
    outbox_messages: outbox.messages,
  });
  if (typeof pg !== 'string') {
    Object.assign(results, {
      checkout_pg_ops: sig(pg.c8.ops),
      checkout_pg_seq_ops: sig(pg.seq.ops),
      checkout_pg_c8_ops: sig(pg.c8.ops),
    });
  }
  Object.assign(results, {
    sqlite_baseline_ops: sig(sqliteBaseline.ops),
    rss_mb: round(small.rssMb, 1),
    category_page_kb: round(p.rawBytes / 1024, 1),
    category_page_kb_compressed: round(p.gzipBytes / 1024, 1),
    category_page_js_kb: round(p.jsBytes / 1024, 1),
    category_page_products: p.productCards,
    // Ratios.
    category_vs_http: sig(small.category.rps / h.rps),
    product_vs_http: sig(small.product.rps / h.rps),
    search_vs_http: sig(small.search.rps / h.rps),
    checkout_vs_sqlite_baseline: sig(checkoutC8.ops / sqliteBaseline.ops),
    checkout_seq_vs_sqlite_baseline: sig(checkoutSeq.ops / sqliteBaseline.ops),
  });
  if (large) {
    Object.assign(results, {
      category_100k_vs_http: sig(large.category.rps / h.rps),
      category_100k_vs_1k_p50: sig(large.category.p50 / small.category.p50),
      search_100k_vs_http: sig(large.search.rps / h.rps),
    });
  }
  if (typeof pg !== 'string') results.checkout_pg_vs_sqlite_baseline = sig(pg.c8.ops / sqliteBaseline.ops);

  const targets = evaluateTargets(results);
  const meta = {
    date: new Date().toISOString(),
    mode: QUICK ? 'quick' : 'full',
    work_dir: args.dir ?? tmpdir(),
    node: process.version,
    cpus: cpus().length,
    cpu_model: cpus()[0]?.model,
    preset: BENCH_PRESET,
    page_size: PAGE_SIZE,
    settings: SETTINGS,
    postgres: typeof pg === 'string' ? `unreachable: ${pg}` : 'reachable',
    seconds: round((performance.now() - started) / 1000, 1),
    /** CPU share of the whole machine taken by other processes during each figure, in %. */
    interference,
    http_failures: failures,
    runs: {
      http_baseline: h.runs,
      category: small.category.runs,
      category_100k: large?.category.runs,
      checkout_sqlite_seq: checkoutSeq.runs,
      checkout_sqlite_c8: checkoutC8.runs,
      checkout_pg_seq: typeof pg === 'string' ? undefined : pg.seq.runs,
      checkout_pg_c8: typeof pg === 'string' ? undefined : pg.c8.runs,
      sqlite_baseline: sqliteBaseline.runs,
    },
  };
  mkdirSync(RESULTS, { recursive: true });
  const json = { ...results, targets, meta };
  writeFileSync(join(RESULTS, 'latest.json'), `${JSON.stringify(json, null, 2)}\n`);
  process.stdout.write(`\n${table(results, targets, h, p.rawBytes)}\n`);
  const noisy = Object.entries(interference).filter(([, i]) => i && i.othersPct >= 10);
  if (noisy.length) {
    process.stdout.write(
      `\n⚠ Other processes used ≥ 10% of the machine during: ${noisy.map(([n, i]) => `${n} (${i!.othersPct}%)`).join(', ')}.\n` +
        '  Those figures are pessimistic; rerun on a quiet machine (or with --wait-quiet).\n',
    );
  }
  log(`wrote bench/results/latest.json (${meta.seconds} s)`);
}

type Targets = Record<string, { target: string; value: number | null; met: boolean | null }>;

function evaluateTargets(r: Record<string, unknown>): Targets {
  const n = (key: string) => (typeof r[key] === 'number' ? (r[key] as number) : null);
  const check = (value: number | null, ok: (v: number) => boolean) => (value === null ? null : ok(value));
  return {
    category_vs_http: {
      target: '≥ 0.3',
      value: n('category_vs_http'),
      met: check(n('category_vs_http'), (v) => v >= 0.3),
    },
    category_p99_ms: { target: '≤ 25', value: n('category_p99_ms'), met: check(n('category_p99_ms'), (v) => v <= 25) },
    category_100k_vs_1k_p50: {
      target: '≤ 1.3',
      value: n('category_100k_vs_1k_p50'),
      met: check(n('category_100k_vs_1k_p50'), (v) => v <= 1.3),
    },
    checkout_sqlite_ops: {
      target: '≥ 1500',
      value: n('checkout_sqlite_ops'),
      met: check(n('checkout_sqlite_ops'), (v) => v >= 1500),
    },
    outbox_msgs_per_s: {
      target: '≥ 1000',
      value: n('outbox_msgs_per_s'),
      met: check(n('outbox_msgs_per_s'), (v) => v >= 1000),
    },
    checkout_pg_ops: {
      target: '≥ 600',
      value: n('checkout_pg_ops'),
      met: check(n('checkout_pg_ops'), (v) => v >= 600),
    },
    category_page_kb_compressed: {
      target: '≤ 30',
      value: n('category_page_kb_compressed'),
      met: check(n('category_page_kb_compressed'), (v) => v <= 30),
    },
    category_page_js_kb: {
      target: '= 0',
      value: n('category_page_js_kb'),
      met: check(n('category_page_js_kb'), (v) => v === 0),
    },
  };
}

/** Non-2xx answers and errors (timeouts after 10 s included) per HTTP figure, when there were any. */
const failures: Record<string, string> = {};

function table(r: Record<string, unknown>, targets: Targets, h: LoadFigure, pageBytes: number): string {
  const rows: string[][] = [];
  const v = (key: string) => (r[key] === undefined ? '—' : String(r[key]));
  const met = (key: string) => {
    const t = targets[key];
    if (!t) return '';
    return `${t.target} ${t.met === null ? '(not measured)' : t.met ? '✅' : '❌'}`;
  };
  const add = (figure: string, key: string, ratio = '', target = '') => rows.push([figure, v(key), ratio, target]);
  const x = (key: string, of: string) => (r[key] === undefined ? '' : `${v(key)}× ${of}`);
  add('node:http static page, req/s', 'http_baseline_rps', `p99 ${h.p99} ms, ${pageBytes} B`);
  add(`Category page (${PAGE_SIZE}/page), 1k products, req/s`, 'category_rps', x('category_vs_http', 'node:http'));
  rows[rows.length - 1][3] = met('category_vs_http');
  add('Category page, 1k, p50 ms', 'category_1k_p50_ms');
  add('Category page, 1k, p99 ms', 'category_p99_ms', '', met('category_p99_ms'));
  add('Category page, 100k products, req/s', 'category_100k_rps', x('category_100k_vs_http', 'node:http'));
  add('Category page, 100k, p50 ms', 'category_100k_p50_ms', x('category_100k_vs_1k_p50', 'p50 at 1k'));
  rows[rows.length - 1][3] = met('category_100k_vs_1k_p50');
  add('Category page, 100k, p99 ms', 'category_100k_p99_ms');
  add('Product page, 1k, req/s', 'product_rps', x('product_vs_http', 'node:http'));
  add('Product page, 100k, req/s', 'product_100k_rps');
  add('Search, 1k, req/s', 'search_rps', x('search_vs_http', 'node:http'));
  add('Search, 100k, req/s', 'search_100k_rps', x('search_100k_vs_http', 'node:http'));
  add('Search, 100k, p50 ms', 'search_100k_p50_ms', failures.search_100000 ? `${failures.search_100000}` : '');
  add('Raw better-sqlite3 order transaction, ops/s', 'sqlite_baseline_ops');
  add('Checkout SQLite, 8 in flight, orders/s', 'checkout_sqlite_ops', x('checkout_vs_sqlite_baseline', 'raw SQLite'));
  rows[rows.length - 1][3] = met('checkout_sqlite_ops');
  add('Checkout SQLite, sequential, orders/s', 'checkout_sqlite_seq_ops', x('checkout_seq_vs_sqlite_baseline', 'raw'));
  add('Outbox delivery to a sink (SQLite), messages/s', 'outbox_msgs_per_s', `${v('outbox_messages')} messages`);
  rows[rows.length - 1][3] = met('outbox_msgs_per_s');
  add(
    'Checkout PostgreSQL, 8 in flight, orders/s',
    'checkout_pg_ops',
    x('checkout_pg_vs_sqlite_baseline', 'raw SQLite'),
  );
  rows[rows.length - 1][3] = met('checkout_pg_ops');
  add('Checkout PostgreSQL, sequential, orders/s', 'checkout_pg_seq_ops');
  add('Server RSS after load (1k), MB', 'rss_mb');
  add('Server RSS after load (100k), MB', 'rss_100k_mb');
  add('Category page, KB raw', 'category_page_kb', `${v('category_page_products')} products on the page`);
  add('Category page, KB gzip', 'category_page_kb_compressed', '', met('category_page_kb_compressed'));
  add('Category page, KB JavaScript', 'category_page_js_kb', '', met('category_page_js_kb'));
  const lines = [
    '| Figure | Value | Ratio / note | Target |',
    '| --- | ---: | --- | --- |',
    ...rows.filter((row) => row[1] !== '—').map((row) => `| ${row.join(' | ')} |`),
  ];
  return lines.join('\n');
}

try {
  if (args.profile) await runProfile({ quick: QUICK, work, register: (c) => children.add(c), schemas, log });
  else await main();
} catch (error) {
  log(`failed: ${(error as Error).stack ?? String(error)}`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
// pg pools or stray handles must not keep the process alive after the figures are written.
process.exit(process.exitCode ?? 0);
