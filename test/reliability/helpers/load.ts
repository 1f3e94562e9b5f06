import type { Kysely } from 'kysely';
import type { DB } from '../../../src/db/schema.ts';
import { checkoutForm, HttpClient, ORDER_CODE, readyToOrder } from './http-client.ts';
import { type TestPerson, testPerson } from './run.ts';

/** An order the shop acknowledged to its buyer: a 303 to the order's page. */
export interface Acknowledged {
  code: string;
  idempotencyKey: string;
  buyer: TestPerson;
}

export interface LoadFigures {
  acknowledged: Acknowledged[];
  /** Checkout presses that got no answer (the server died), pressed again once the shop was back. */
  resubmitted: number;
  /** Buyers who got no answer before pressing "Order" and left. */
  abandoned: number;
  soldOut: number;
  people: TestPerson[];
}

/** Products a buyer can take one unit of, with their stock: the checks compare against it. */
export async function stockOfPieces(db: Kysely<DB>): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('products')
    .select(['id', 'stock_milli'])
    .where('status', '=', 'active')
    .where('step_milli', '=', 1000)
    .execute();
  return new Map(rows.map((r) => [r.id, r.stock_milli]));
}

/**
 * Buyers checking out over HTTP, `concurrency` at a time, until `stop` is called. While the shop is down
 * (`isUp()` false) they wait; a buyer whose "Order" got no answer presses it again, with the same form, once the shop
 * is back — as a person would — and the answer to that counts.
 */
export function checkoutLoad(options: {
  base: () => string;
  isUp: () => Promise<void>;
  productIds: string[];
  concurrency: number;
}): { acknowledgedSoFar(): Acknowledged[]; stop(): Promise<LoadFigures> } {
  const figures: LoadFigures = { acknowledged: [], resubmitted: 0, abandoned: 0, soldOut: 0, people: [] };
  let running = true;

  async function oneBuyer(): Promise<void> {
    await options.isUp();
    const client = new HttpClient(options.base);
    const buyer = testPerson();
    figures.people.push(buyer);
    const product = options.productIds[Math.floor(Math.random() * options.productIds.length)];
    let ready: Awaited<ReturnType<typeof readyToOrder>>;
    try {
      ready = await readyToOrder(client, product);
    } catch (error) {
      if (!(error instanceof TypeError)) throw error; // an answer other than the form: a bug, not a crash
      figures.abandoned++;
      return;
    }
    if (ready === 'sold out') {
      figures.soldOut++;
      return;
    }
    const { idempotencyKey } = ready;
    const form = checkoutForm(buyer, idempotencyKey);
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        const answer = await client.post('/en/checkout', form);
        const code = ORDER_CODE.exec(answer.location ?? '')?.[1];
        if (answer.status === 303 && code) figures.acknowledged.push({ code, idempotencyKey, buyer });
        else if (answer.status === 422 && /no longer in stock/.test(answer.body)) figures.soldOut++;
        else throw new Error(`checkout answered ${answer.status}`);
        return;
      } catch (error) {
        if (!(error instanceof TypeError)) throw error; // fetch failed: no answer, the shop is down
        figures.resubmitted++;
        await options.isUp();
      }
    }
    throw new Error('a checkout got no answer five times');
  }

  // A worker's failure is kept for `stop` to throw, not left as an unhandled rejection meanwhile.
  const workers = Array.from({ length: options.concurrency }, async () => {
    while (running) await oneBuyer();
  }).map((w) =>
    w.then(
      () => null,
      (error: unknown) => error,
    ),
  );
  return {
    acknowledgedSoFar: () => [...figures.acknowledged],
    async stop() {
      running = false;
      const failure = (await Promise.all(workers)).find((e) => e !== null);
      if (failure) throw failure;
      return figures;
    },
  };
}
