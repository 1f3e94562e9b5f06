/**
 * The export of a customer with 1,000 orders (issue #6: ≤ 200 ms), on a SQLite file shop opened as `amanat serve`
 * opens one. Run alone: `node --import tsx bench/dsr-export.ts [--orders N] [--runs N]`; `bench/run.ts` calls
 * `measureExport` and `measureErase` (erasure of such a customer, issue #6: key shred ≤ 50 ms). The orders are placed
 * through `OrderService.place` (one customer record, as a signed-in customer's orders are), then `buildExport` is
 * timed: queries, decryption, the HTML page, the JSON and the ZIP.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { App } from '../src/app.ts';
import { seedCatalog } from '../src/modules/catalog/seed.ts';
import { buildExport } from '../src/modules/privacy-requests/export/build.tsx';
import { openSqliteShop } from './shop.ts';

export interface ExportFigures {
  orders: number;
  /** Median of the runs, milliseconds of wall time. */
  export_ms: number;
  /** Median CPU time of the process during a run (user + system), milliseconds: steadier on a shared machine. */
  export_cpu_ms: number;
  runs_ms: number[];
  zip_kb: number;
}

/** A customer with `count` orders; `buyer` numbers the customer, so that several are different people. */
async function customerWithOrders(app: App, count: number, buyer = 1): Promise<string> {
  const products = (await app.catalog.list({ locale: 'en', pageSize: 50 })).items.filter((p) => p.stockMilli > 0);
  let customerId: string | undefined;
  let subjectId = '';
  for (let i = 0; i < count; i++) {
    const a = products[i % products.length];
    const b = products[(i + 1) % products.length];
    const placed = await app.orders.place({
      lines: [
        { productId: a.id, quantityMilli: a.stepMilli },
        { productId: b.id, quantityMilli: b.stepMilli },
      ],
      buyer: {
        name: `Shirin Akter ${buyer}`,
        phone: `+88017110${String(buyer).padStart(5, '0')}`,
        email: `shirin${buyer}@example.com`,
        address: 'House 4, Mirpur, Dhaka',
      },
      recipient: null,
      deliveryInstructions: 'Call before coming',
      deliveryDate: null,
      deliveryWindow: null,
      paymentMethod: 'cod',
      paymentReference: null,
      channel: 'web',
      locale: 'bn',
      idempotencyKey: randomUUID(),
      actor: 'customer',
      customerId,
    });
    if (!placed.ok) throw new Error(`order not placed: ${placed.error}`);
    if (!customerId) {
      const row = await app.db
        .selectFrom('orders')
        .select(['customer_id', 'subject_id'])
        .where('id', '=', placed.id)
        .executeTakeFirstOrThrow();
      customerId = row.customer_id;
      subjectId = row.subject_id;
    }
  }
  return subjectId;
}

export async function measureExport(app: App, orders: number, runs: number): Promise<ExportFigures> {
  // Enough stock for every order.
  await app.db.updateTable('products').set({ stock_milli: 1_000_000_000 }).execute();
  const subjectId = await customerWithOrders(app, orders);
  const times: number[] = [];
  const cpu: number[] = [];
  let zipBytes = 0;
  for (let i = 0; i < runs + 1; i++) {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const built = await buildExport(app, {
      subjectIds: [subjectId],
      locale: 'bn',
      actor: { kind: 'system', job: 'bench' },
      requestRef: null,
    });
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpuBefore);
    zipBytes = built.zip.length;
    // The first run warms up.
    if (i > 0) {
      times.push(ms);
      cpu.push((used.user + used.system) / 1000);
    }
  }
  const median = (list: number[]) => Math.round([...list].sort((x, y) => x - y)[Math.floor(list.length / 2)] * 10) / 10;
  return {
    orders,
    export_ms: median(times),
    export_cpu_ms: median(cpu),
    runs_ms: times.map((t) => Math.round(t * 10) / 10),
    zip_kb: Math.round(zipBytes / 102.4) / 10,
  };
}

export interface EraseFigures {
  orders: number;
  customers: number;
  /** Median over the customers of the key shred alone (`ErasureReport.shredMs`; issue #6: ≤ 50 ms). */
  shred_ms: number;
  /** Median of the whole `app.erasure.erase` call, wall time: tombstone, scrub of the orders, shred, audit. */
  total_ms: number;
  runs: { shred_ms: number; total_ms: number }[];
}

/**
 * Erasure of customers with `orders` orders each (one fresh customer per run, as an erased one cannot be erased
 * again): `app.erasure.erase` as a verified erasure request calls it.
 */
export async function measureErase(app: App, orders: number, customers: number): Promise<EraseFigures> {
  await app.db.updateTable('products').set({ stock_milli: 1_000_000_000 }).execute();
  const runs: EraseFigures['runs'] = [];
  for (let i = 0; i < customers; i++) {
    // Numbers 1,001 and up: measureExport's customer is number 1, should both run on one shop.
    const subjectId = await customerWithOrders(app, orders, 1001 + i);
    const started = performance.now();
    const report = await app.erasure.erase({
      subjectIds: [subjectId],
      actor: { kind: 'system', job: 'bench' },
      reason: 'dsr.erasure',
    });
    const total = performance.now() - started;
    if (report.orders !== orders) throw new Error(`erasure scrubbed ${report.orders} orders, not ${orders}`);
    runs.push({ shred_ms: Math.round(report.shredMs * 100) / 100, total_ms: Math.round(total * 10) / 10 });
  }
  const median = (list: number[]) => [...list].sort((x, y) => x - y)[Math.floor(list.length / 2)];
  return {
    orders,
    customers,
    shred_ms: median(runs.map((r) => r.shred_ms)),
    total_ms: median(runs.map((r) => r.total_ms)),
    runs,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { orders: { type: 'string' }, runs: { type: 'string' } } });
  const dir = mkdtempSync(join(tmpdir(), 'amanat-bench-dsr-'));
  const app = await openSqliteShop(dir);
  try {
    await seedCatalog(app.db, app.preset, app.mediaDir);
    const figures = await measureExport(app, Number(values.orders ?? 1000), Number(values.runs ?? 5));
    process.stdout.write(`${JSON.stringify(figures)}\n`);
    process.stdout.write(
      `export of ${figures.orders} orders: ${figures.export_ms} ms wall, ${figures.export_cpu_ms} ms CPU (target ≤ 200 ms)\n`,
    );
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
