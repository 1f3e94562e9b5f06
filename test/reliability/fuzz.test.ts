import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { plainDataBackup } from '../helpers/dump.ts';
import { type Inbox, startInbox } from '../helpers/mail.ts';
import { placeOrder } from '../helpers/orders.ts';
import { describeEachDatabase, openTestShop, type TestShop } from '../helpers/shop.ts';
import { type Actor, customer, owner, visitor } from './helpers/actors.ts';
import { fieldNames, formValue, HOSTILE, jsonValue, segment, UNESCAPED } from './helpers/hostile.ts';
import { record, runFolder, type TestPerson, testPerson } from './helpers/run.ts';
import { LeakFinder } from './helpers/scan.ts';

/** Runs per route and actor: about 130 routes × 3 actors × RUNS requests per database, within the time budget. */
const RUNS = 12;
const LOCALES = ['en', 'bn', 'vi', 'fa'];
const STAFF_PAGE = /^\/:locale\/staff(\/|$)/;
/** Staff pages anyone may open: signing in, and an invitation (which answers only to its token). */
const PUBLIC_STAFF_PAGE = /^\/:locale\/staff\/(login|invitation\/:token)$/;

/** Every route the server answers, as "METHOD /pattern", from its own route table. */
function routeTable(shop: TestShop): { method: 'GET' | 'POST'; url: string }[] {
  const routes: { method: 'GET' | 'POST'; url: string }[] = [];
  for (const line of shop.server.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /(\/\S*) \(([A-Z, ]+)\)/.exec(line);
    if (!m || m[1].includes('*')) continue; // static files
    for (const method of m[2].split(', '))
      if (method === 'GET' || method === 'POST') routes.push({ method, url: m[1] });
  }
  return routes;
}

/** The answer of a page: never a server error, always the security headers, never injected markup. */
function expectSafe(res: LightMyRequestResponse, what: string): void {
  expect(res.statusCode, what).toBeLessThan(500);
  expect(String(res.headers['content-security-policy']), what).toContain("frame-ancestors 'none'");
  expect(res.headers['x-content-type-options'], what).toBe('nosniff');
  expect(res.headers['referrer-policy'], what).toBe('same-origin');
  expect(res.headers['x-frame-options'], what).toBeDefined();
  expect(UNESCAPED.exec(res.body)?.[0], what).toBeUndefined();
}

describeEachDatabase('hostile input', (dialect) => {
  let shop: TestShop;
  let inbox: Inbox;
  let actors: Actor[];
  /** Real ids for path parameters, so that fuzzed requests reach the code behind a found object. */
  let known: string[];
  const fields = fieldNames();
  let inputs = 0;
  /** Statuses of the fuzzed POSTs: mostly refused by the CSRF check would mean the fuzz never reached a handler. */
  const postAnswers: number[] = [];
  let people: TestPerson[];
  let order: { id: string; code: string };
  let pagesChecked = 0;

  beforeAll(async () => {
    inbox = await startInbox();
    shop = await openTestShop(dialect, 'chotomoni', {
      smtpUrl: inbox.url,
      logger: pino(
        { level: 'info' },
        pino.destination({ dest: join(runFolder('logs', `fuzz-${dialect}`), 'server.log') }),
      ),
    });
    const person = testPerson();
    const buyer = testPerson();
    people = [person, buyer];
    record({ kind: 'people', people });
    order = await placeOrder(shop, { buyer });
    const product = (await shop.app.catalog.list({ locale: 'en' })).items[0];
    known = [order.id, order.code, product.id, randomUUID()];
    actors = [
      await visitor(shop, product.id),
      await customer(shop, inbox, person, `fuzz${randomUUID().slice(0, 8)}`),
      await owner(shop),
    ];
  }, 120_000);
  afterAll(async () => {
    await shop?.close();
    await inbox?.close();
  });

  it('[HK-16] every route of the route table, fuzzed as a visitor, a customer and the owner with a valid CSRF token: no 5xx, the security headers, no markup reflected', async () => {
    const routes = routeTable(shop);
    expect(routes.length).toBeGreaterThan(100);
    const param = fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...known) }, fc.constantFrom(...HOSTILE));
    const body = fc.dictionary(fc.constantFrom(...fields), formValue, { maxKeys: 8 });
    const jsonBody = fc.dictionary(fc.constantFrom(...fields), jsonValue, { maxKeys: 8 });
    for (const actor of actors) {
      for (const route of routes) {
        await actor.ensureSignedIn();
        const names = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]);
        const params = fc.tuple(
          ...names.map((n) =>
            n === 'locale' ? fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...LOCALES) }, param) : param,
          ),
        );
        await fc.assert(
          fc.asyncProperty(params, body, jsonBody, fc.boolean(), fc.string(), async (values, form, json, asJson, q) => {
            let i = 0;
            const url = route.url.replace(/:(\w+)/g, () => segment(String(values[i++])));
            const what = `${actor.kind} ${route.method} ${route.url} → ${url.slice(0, 200)}`;
            inputs++;
            const res =
              route.method === 'GET'
                ? await actor.request({ method: 'GET', url: `${url}?q=${segment(q)}&code=${segment(q)}` })
                : asJson
                  ? await actor.request({
                      method: 'POST',
                      url,
                      payload: JSON.stringify({ ...json, _csrf: actor.csrf }),
                      headers: { 'content-type': 'application/json' },
                    })
                  : await actor.request({
                      method: 'POST',
                      url,
                      payload: new URLSearchParams([
                        ['_csrf', actor.csrf],
                        ...Object.entries(form).flatMap(([k, v]) => [v].flat().map((one) => [k, one])),
                      ]).toString(),
                      headers: { 'content-type': 'application/x-www-form-urlencoded' },
                    });
            expectSafe(res, what);
            if (route.method === 'POST') postAnswers.push(res.statusCode);
            // Access, on top of test/access-matrix.test.ts: whatever the input, a visitor or customer opens no staff
            // page, and nobody opens the order of a buyer who is none of them.
            if (route.method === 'GET' && res.statusCode === 200) {
              if (actor.kind !== 'staff')
                expect(STAFF_PAGE.test(route.url) && !PUBLIC_STAFF_PAGE.test(route.url), what).toBe(false);
              expect(route.url === '/:locale/order/:code' && values.includes(order.code), what).toBe(false);
            }
          }),
          { numRuns: RUNS, endOnFailure: true },
        );
      }
    }

    expect(postAnswers.filter((s) => s === 403).length).toBeLessThan(postAnswers.length / 4);

    // The checkout, past its idempotency key: hostile names, addresses and instructions reach the order itself.
    const product = known[2];
    let placed = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          name: fc.constantFrom(...HOSTILE),
          phone: fc.oneof(fc.constant(testPerson().phone), fc.constantFrom(...HOSTILE)),
          email: fc.oneof(fc.constant(''), fc.constant(testPerson().email), fc.constantFrom(...HOSTILE)),
          address: fc.constantFrom(...HOSTILE),
          delivery_instructions: fc.constantFrom(...HOSTILE),
        }),
        async (typed) => {
          const buyer = await visitor(shop, product);
          const page = await buyer.get('/en/checkout');
          const key = /name="idempotency_key" value="([^"]+)"/.exec(page.body)![1];
          inputs++;
          const res = await buyer.post('/en/checkout', { ...typed, payment_method: 'cod', idempotency_key: key });
          expectSafe(res, `checkout ${JSON.stringify(typed).slice(0, 200)}`);
          if (res.statusCode === 303) placed++;
        },
      ),
      { numRuns: 30, endOnFailure: true },
    );
    expect(placed).toBeGreaterThan(0);

    // What was stored renders as text: every page read back, as each actor, in a left-to-right and a right-to-left
    // language, and the staff page of every order.
    for (const actor of actors) {
      await actor.ensureSignedIn();
      for (const route of routes.filter((r) => r.method === 'GET')) {
        for (const locale of ['en', 'fa']) {
          const ids = route.url.includes(':') && route.url !== '/:locale' ? known : [''];
          for (const id of ids) {
            const url = route.url.replace(':locale', locale).replace(/:(\w+)/g, id);
            expectSafe(await actor.get(url), `${actor.kind} read back ${url}`);
            pagesChecked++;
          }
        }
      }
    }
    const staff = actors.find((a) => a.kind === 'staff')!;
    for (const o of await shop.app.db.selectFrom('orders').select('id').execute()) {
      expectSafe(await staff.get(`/en/staff/orders/${o.id}`), `staff order ${o.id}`);
      pagesChecked++;
    }

    record({
      kind: 'figures',
      file: `fuzz-${dialect}`,
      figures: {
        [`fuzz_${dialect}_routes`]: routes.length,
        [`fuzz_${dialect}_inputs`]: inputs,
        [`fuzz_${dialect}_pages_read_back`]: pagesChecked,
        inputs_tried: inputs,
      },
    });
  }, 240_000);

  // This shop lives in memory or a schema of its own, gone after the file: the suite's leak scan cannot see it.
  it('[HK-16] after the fuzzing, a plain dump of this shop’s database holds neither the customer nor the buyer in the clear', async () => {
    const finder = new LeakFinder(people);
    finder.scan('dump', await plainDataBackup(shop));
    expect(finder.hits).toEqual([]);
  });
});
