/**
 * Checkout throughput: `app.orders.place(...)` called in-process for a fixed time, sequentially or with N calls in
 * flight, every call a new idempotency key and a new guest buyer (the full path: customer, data key, sealing, the
 * stock-reserving transaction). And its ceiling: the same order transaction in raw better-sqlite3, without Kysely,
 * without the privacy kernel, without encryption.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import SQLite from 'better-sqlite3';
import type { App } from '../src/app.ts';
import type { CheckoutInput } from '../src/modules/orders/service.ts';
import { median } from './load.ts';

export interface Orderable {
  id: string;
  stepMilli: number;
  sku: string;
  name: string;
  unit: string;
  priceMinor: number;
}

class OutOfStock extends Error {}

export interface OpsRun {
  ops: number;
  completed: number;
  failed: number;
}

export interface OpsFigure extends OpsRun {
  runs: OpsRun[];
}

/** Active products in stock, the ones a buyer can put in the cart. */
export async function orderableProducts(app: App, limit = 1000): Promise<Orderable[]> {
  const rows = await app.db
    .selectFrom('products as p')
    .innerJoin('product_translations as t', (j) => j.onRef('t.product_id', '=', 'p.id').on('t.locale', '=', 'vi'))
    .select(['p.id', 'p.step_milli', 'p.sku', 't.name', 'p.unit', 'p.price_minor'])
    .where('p.status', '=', 'active')
    .where('p.stock_milli', '>', 0)
    .orderBy('p.sort')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    stepMilli: Number(r.step_milli),
    sku: r.sku,
    name: r.name,
    unit: r.unit,
    priceMinor: Number(r.price_minor),
  }));
}

// Buyer numbers are unique within the whole benchmark process, so every order is a first-time guest.
let buyerSeq = randomBytes(3).readUIntBE(0, 3) * 10;

export function checkoutInput(products: Orderable[]): CheckoutInput {
  const n = buyerSeq++;
  const a = products[(n * 2) % products.length];
  const b = products[(n * 2 + 1) % products.length];
  return {
    lines: [
      { productId: a.id, quantityMilli: a.stepMilli },
      { productId: b.id, quantityMilli: b.stepMilli * 2 },
    ],
    buyer: {
      name: `Nguyễn Thị Bench ${n}`,
      phone: `+8801${7 + (n % 3)}${String(n % 100_000_000).padStart(8, '0')}`,
      email: `buyer${n}@example.com`,
      address: `Nhà ${n % 500}, Đường 3, Khu 7, Uttara, Dhaka 1230`,
    },
    recipient: null,
    deliveryInstructions: 'Gọi trước khi giao, để ở bảo vệ nếu vắng nhà.',
    deliveryDate: null,
    deliveryWindow: null,
    paymentMethod: 'cod',
    paymentReference: null,
    channel: 'web',
    locale: 'vi',
    idempotencyKey: randomUUID(),
    actor: 'customer',
  };
}

/** Runs `op` for `durationMs` with `concurrency` calls in flight; ops/s counts calls completed successfully. */
export async function runFor(durationMs: number, concurrency: number, op: () => Promise<boolean>): Promise<OpsRun> {
  let completed = 0;
  let failed = 0;
  const started = performance.now();
  const end = started + durationMs;
  const worker = async () => {
    while (performance.now() < end) {
      if (await op()) completed++;
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { ops: completed / seconds, completed, failed };
}

export interface OpsOptions {
  warmupS: number;
  durationS: number;
  runs: number;
  concurrency: number;
}

/** A warm-up (discarded), then `runs` measured runs of `op`; the figure is the median. */
export async function repeat(options: OpsOptions, op: () => Promise<boolean>): Promise<OpsFigure> {
  if (options.warmupS > 0) await runFor(options.warmupS * 1000, options.concurrency, op);
  const runs: OpsRun[] = [];
  for (let i = 0; i < options.runs; i++) runs.push(await runFor(options.durationS * 1000, options.concurrency, op));
  return {
    ops: median(runs.map((r) => r.ops)),
    completed: runs.reduce((s, r) => s + r.completed, 0),
    failed: runs.reduce((s, r) => s + r.failed, 0),
    runs,
  };
}

export async function measureCheckout(app: App, products: Orderable[], options: OpsOptions): Promise<OpsFigure> {
  let firstError: unknown = null;
  const figure = await repeat(options, async () => {
    const result = await app.orders.place(checkoutInput(products));
    if (!result.ok && !firstError) firstError = result;
    return result.ok && !result.duplicate;
  });
  if (figure.failed > 0)
    process.stderr.write(`checkout: ${figure.failed} failed, e.g. ${JSON.stringify(firstError)}\n`);
  return figure;
}

/**
 * The database ceiling: the order transaction of OrderService.place — the guarded stock update per line, the order
 * row, its lines, its first event — as prepared statements on raw better-sqlite3 with the app's pragmas, on a file
 * of the same schema. Plaintext instead of sealed fields, an existing customer, no idempotency look-up.
 */
export function measureSqliteBaseline(
  file: string,
  products: Orderable[],
  options: Omit<OpsOptions, 'concurrency'> & { pragmas?: string[] },
): OpsFigure {
  const db = new SQLite(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // Experiments only (e.g. `wal_autocheckpoint = 0`): the benchmark runs with the app's pragmas above.
    for (const pragma of options.pragmas ?? []) db.pragma(pragma);
    const customerId = randomUUID();
    const now = new Date().toISOString();
    db.prepare('insert into customers (id, subject_id, created_at) values (?, ?, ?)').run(
      customerId,
      randomUUID(),
      now,
    );
    const reserve = db.prepare(
      "update products set stock_milli = stock_milli - ? where id = ? and status = 'active' and stock_milli >= ?",
    );
    const insertOrder = db.prepare(`insert into orders (id, code, customer_id, subject_id, recipient_subject_id,
      different_recipient, status, channel, locale, payment_method, payment_reference_enc, payment_received_at,
      buyer_name_enc, buyer_phone_enc, buyer_email_enc, recipient_name_enc, recipient_phone_enc, recipient_address_enc,
      delivery_instructions_enc, delivery_date, delivery_window, subtotal_minor, delivery_fee_minor, total_minor,
      currency, phone_bidx, email_bidx, idempotency_key, created_at, updated_at)
      values (?, ?, ?, ?, ?, 0, 'pending', 'web', 'vi', 'cod', null, null, ?, ?, ?, ?, ?, ?, ?, null, null, ?, 6000,
      ?, 'BDT', ?, ?, ?, ?, ?)`);
    const insertLine = db.prepare(`insert into order_lines (id, order_id, product_id, sku, name, unit, quantity_milli,
      unit_price_minor, line_total_minor) values (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const insertEvent = db.prepare(
      "insert into order_events (id, order_id, status, actor, note, created_at) values (?, ?, 'pending', 'customer', null, ?)",
    );
    const place = db.transaction((n: number): void => {
      const lines = [
        { p: products[(n * 2) % products.length], q: 1 },
        { p: products[(n * 2 + 1) % products.length], q: 2 },
      ];
      for (const line of lines) {
        // Throwing rolls the transaction back, as OrderService.place does.
        if (reserve.run(line.p.stepMilli * line.q, line.p.id, line.p.stepMilli * line.q).changes === 0) {
          throw new OutOfStock();
        }
      }
      const id = randomUUID();
      const at = new Date().toISOString();
      const subtotal = lines.reduce((s, l) => s + Math.round((l.p.priceMinor * l.p.stepMilli * l.q) / 1000), 0);
      const name = `Nguyễn Thị Bench ${n}`;
      const phone = `+88017${String(n).padStart(8, '0')}`;
      const address = `Nhà ${n % 500}, Đường 3, Khu 7, Uttara, Dhaka 1230`;
      insertOrder.run(
        id,
        randomBytes(6).toString('hex'),
        customerId,
        customerId,
        customerId,
        name,
        phone,
        `buyer${n}@example.com`,
        name,
        phone,
        address,
        'Gọi trước khi giao, để ở bảo vệ nếu vắng nhà.',
        subtotal,
        subtotal + 6000,
        `p${n}`,
        `e${n}`,
        randomUUID(),
        at,
        at,
      );
      for (const line of lines) {
        const qty = line.p.stepMilli * line.q;
        insertLine.run(
          randomUUID(),
          id,
          line.p.id,
          line.p.sku,
          line.p.name,
          line.p.unit,
          qty,
          line.p.priceMinor,
          Math.round((line.p.priceMinor * qty) / 1000),
        );
      }
      insertEvent.run(randomUUID(), id, at);
    });
    let n = 0;
    const loop = (seconds: number): OpsRun => {
      let completed = 0;
      let failed = 0;
      const started = performance.now();
      const end = started + seconds * 1000;
      while (performance.now() < end) {
        try {
          place(n++);
          completed++;
        } catch (error) {
          if (!(error instanceof OutOfStock)) throw error;
          failed++;
        }
      }
      return { ops: completed / ((performance.now() - started) / 1000), completed, failed };
    };
    if (options.warmupS > 0) loop(options.warmupS);
    const runs: OpsRun[] = [];
    for (let i = 0; i < options.runs; i++) runs.push(loop(options.durationS));
    return {
      ops: median(runs.map((r) => r.ops)),
      completed: runs.reduce((s, r) => s + r.completed, 0),
      failed: runs.reduce((s, r) => s + r.failed, 0),
      runs,
    };
  } finally {
    db.close();
  }
}
