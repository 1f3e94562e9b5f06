import { afterAll, beforeAll, expect, it } from 'vitest';
import { bn } from '../../src/i18n/messages/bn.ts';
import { describeEachDatabase } from '../helpers/shop.ts';
import { checkoutForm, HttpClient, ORDER_CODE, readyToOrder } from './helpers/http-client.ts';
import { record, testPerson } from './helpers/run.ts';
import { ShopProcess } from './helpers/shop-process.ts';

const BUYERS = 200;
const LEFT = 10;

/** Runs `task` over `items`, `width` at a time. */
async function inBatches<T, R>(items: T[], width: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += width)
    results.push(...(await Promise.all(items.slice(i, i + width).map(task))));
  return results;
}

describeEachDatabase('concurrency', (dialect) => {
  let shop: ShopProcess;
  beforeAll(async () => {
    shop = await ShopProcess.create(dialect, 'concurrency');
    await shop.start();
  });
  afterAll(async () => shop?.stop());

  it(`[HK-15] ${BUYERS} buyers press "Order" at once on the last ${LEFT} units: ${LEFT} orders, stock 0, the others told in Bengali it is sold out`, async () => {
    const data = await shop.openData();
    try {
      const product = await data.db
        .selectFrom('products')
        .select('id')
        .where('step_milli', '=', 1000)
        .where('status', '=', 'active')
        .executeTakeFirstOrThrow();
      await data.db
        .updateTable('products')
        .set({ stock_milli: LEFT * 1000 })
        .where('id', '=', product.id)
        .execute();

      // Everyone has the last units in their cart and the checkout form open …
      const people = Array.from({ length: BUYERS }, () => testPerson());
      const buyers = await inBatches(people, 20, async (person) => {
        const client = new HttpClient(() => shop.base);
        const ready = await readyToOrder(client, product.id, 'bn');
        if (ready === 'sold out') throw new Error('sold out before anyone ordered');
        return { client, form: checkoutForm(person, ready.idempotencyKey) };
      });
      // … and presses "Order" at the same moment.
      const answers = await Promise.all(buyers.map((b) => b.client.post('/bn/checkout', b.form)));

      const placed = answers.filter((a) => a.status === 303 && ORDER_CODE.test(a.location ?? ''));
      const refused = answers.filter((a) => a.status === 422);
      expect(answers.filter((a) => a.status >= 500)).toEqual([]);
      expect(placed).toHaveLength(LEFT);
      expect(refused).toHaveLength(BUYERS - LEFT);
      for (const a of refused) expect(a.body).toContain(bn['checkout.errorOutOfStock']);

      const stock = await data.db
        .selectFrom('products')
        .select('stock_milli')
        .where('id', '=', product.id)
        .executeTakeFirstOrThrow();
      expect(stock.stock_milli).toBe(0);
      const lines = await data.db
        .selectFrom('order_lines')
        .select('order_id')
        .where('product_id', '=', product.id)
        .execute();
      expect(lines).toHaveLength(LEFT);

      record({ kind: 'people', people });
      record({
        kind: 'figures',
        file: `concurrency-${dialect}`,
        figures: {
          [`concurrency_${dialect}_buyers`]: BUYERS,
          [`concurrency_${dialect}_orders`]: placed.length,
          [`concurrency_${dialect}_sold_out_answers`]: refused.length,
          orders_checked: placed.length,
        },
      });
    } finally {
      await data.close();
    }
  });
});
