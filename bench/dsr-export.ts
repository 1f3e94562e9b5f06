/**
 * The export of a customer with 1,000 orders (issue #6: ≤ 200 ms), on a SQLite file shop opened as `amanat serve`
 * opens one. Run alone: `node --import tsx bench/dsr-export.ts [--orders N] [--runs N]`; `measureExport` is what
 * `bench/run.ts` can call. The orders are placed through `OrderService.place` (one customer record, as a signed-in
 * customer's orders are), then `buildExport` is timed: queries, decryption, the HTML page, the JSON and the ZIP.
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

async function customerWithOrders(app: App, count: number): Promise<string> {
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
        name: 'Shirin Akter',
        phone: '+8801711000001',
        email: 'shirin@example.com',
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
