import { expect, it } from 'vitest';
import { openApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { describeEachDatabase } from '../helpers/shop.ts';
import { HttpClient } from './helpers/http-client.ts';
import { checkoutLoad, stockOfPieces } from './helpers/load.ts';
import { record, runFolder } from './helpers/run.ts';
import { ShopProcess } from './helpers/shop-process.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Issue 7, reliability 3, on the real server: `amanat backup` while buyers check out, `amanat restore` with the shop
 * stopped, the restored shop served again. test/backup-restore.test.ts proves the same commands on a quiet shop.
 * The restore is in place: the tombstones of erasures made since the backup live in the shop's current key store.
 */
describeEachDatabase('backup under load', (dialect) => {
  it(`[CM-17] [HK-16] an online backup under checkout load is consistent, the restored shop serves its orders, and a customer erased after it stays erased [${dialect}]`, async () => {
    const shop = await ShopProcess.create(dialect, 'backup');
    await shop.start();
    const data = await shop.openData();
    const initial = await stockOfPieces(data.db);
    await data.close();

    const load = checkoutLoad({
      base: () => shop.base,
      isUp: async () => {},
      productIds: [...initial.keys()],
      concurrency: 4,
    });
    await sleep(1500);
    const before = load.acknowledgedSoFar();
    const backedUp = await shop.command('backup', '--dir', runFolder('backups', `backup-${dialect}`));
    const after = load.acknowledgedSoFar();
    await sleep(500);
    const all = await load.stop();
    expect(before.length).toBeGreaterThan(0);
    expect(all.acknowledged.length).toBeGreaterThan(after.length);
    const backupDir = /backed up to (\S+)/.exec(backedUp)![1];

    // A customer whose order is in the backup is erased afterwards, the shop stopped.
    await shop.stop();
    const erased = before[0];
    const kept = before[1] ?? before[0];
    const app = await openApp({ config: loadConfig(shop.env()) });
    try {
      const order = (await app.orders.byCode(erased.code))!;
      await app.erasure.erase({
        subjectIds: [order.subjectId],
        actor: { kind: 'system', job: 'test' },
        reason: 'test',
      });
    } finally {
      await app.close();
    }

    await shop.command('restore', backupDir);
    await shop.start();
    const restored = await shop.openData();
    try {
      // Consistent: everything acknowledged before the backup began is in it, nothing placed after it ended …
      const orders = await restored.db.selectFrom('orders').select(['id', 'code']).execute();
      const codes = new Set(orders.map((o) => o.code));
      for (const a of before) expect(codes.has(a.code), a.code).toBe(true);
      const later = all.acknowledged.slice(after.length).filter((a) => codes.has(a.code));
      expect(later).toEqual([]);
      // … every order whole (its lines, its first history entry, its e-mail), and the stock matches the orders in it.
      const lines = await restored.db
        .selectFrom('order_lines')
        .select(['order_id', 'product_id', 'quantity_milli'])
        .execute();
      const events = new Set(
        (await restored.db.selectFrom('order_events').select('order_id').execute()).map((e) => e.order_id),
      );
      const mails = new Set(
        (
          await restored.db.selectFrom('outbox').select('dedupe_key').where('dedupe_key', 'like', 'order:%').execute()
        ).map((m) => m.dedupe_key.split(':')[1]),
      );
      for (const o of orders) {
        expect(
          lines.some((l) => l.order_id === o.id),
          o.code,
        ).toBe(true);
        expect(events.has(o.id) && mails.has(o.id), o.code).toBe(true);
      }
      const now = await stockOfPieces(restored.db);
      for (const [id, stock] of initial) {
        const sold = lines.filter((l) => l.product_id === id).reduce((sum, l) => sum + l.quantity_milli, 0);
        expect(now.get(id), id).toBe(stock - sold);
      }

      // The restored shop serves every order to staff; the erased buyer's name is gone, the others' is there.
      const staff = new HttpClient(() => shop.base);
      await staff.get('/en/staff/login');
      const signedIn = await staff.post('/en/staff/login', { username: 'owner', password: shop.ownerPassword! });
      expect(signedIn.status).toBe(303);
      for (const o of orders) {
        const page = await staff.get(`/en/staff/orders/${o.id}`);
        expect(page.status, o.code).toBe(200);
        expect(page.body).toContain(o.code);
      }
      const pageOf = async (code: string) =>
        (await staff.get(`/en/staff/orders/${orders.find((o) => o.code === code)!.id}`)).body;
      expect(await pageOf(erased.code)).not.toContain(erased.buyer.name);
      if (kept !== erased) expect(await pageOf(kept.code)).toContain(kept.buyer.name);

      record({ kind: 'people', people: all.people });
      record({
        kind: 'figures',
        file: `backup-${dialect}`,
        figures: {
          [`backup_${dialect}_orders_in_backup`]: orders.length,
          [`backup_${dialect}_orders_placed_during_backup`]: after.length - before.length,
          orders_checked: orders.length,
        },
      });
    } finally {
      await restored.close();
      await shop.stop();
    }
  }, 180_000);
});
