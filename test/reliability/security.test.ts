import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Inbox, startInbox } from '../helpers/mail.ts';
import { describeEachDatabase, openTestShop, type TestShop } from '../helpers/shop.ts';
import { Actor, CUSTOMER_PASSWORD, customer, OWNER, owner, visitor } from './helpers/actors.ts';
import { record, testPerson } from './helpers/run.ts';

/** Paths that gateways, couriers and mail clients POST to from their own servers (src/server/index.ts). */
const SERVER_TO_SERVER = /^\/(pay|webhooks|unsubscribe)\//;

/** A raw HTTP request, so that the URL goes out exactly as written (fetch would normalise it). */
function raw(
  port: number,
  method: string,
  path: string,
): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describeEachDatabase('security over HTTP', (dialect) => {
  let shop: TestShop;
  let inbox: Inbox;
  let port: number;
  let productId: string;
  beforeAll(async () => {
    inbox = await startInbox();
    shop = await openTestShop(dialect, 'chotomoni', { smtpUrl: inbox.url });
    await shop.server.listen({ port: 0, host: '127.0.0.1' });
    port = (shop.server.addresses()[0] as AddressInfo).port;
    productId = (await shop.app.catalog.list({ locale: 'en' })).items[0].id;
  });
  afterAll(async () => {
    await shop?.close();
    await inbox?.close();
  });

  it('every route, a 404, an unroutable URL, a static file and an unknown method answer over HTTP with CSP, nosniff, a referrer policy and no framing', async () => {
    const paths = shop.server
      .printRoutes({ commonPrefix: false })
      .split('\n')
      .flatMap((line) => /(\/\S*) \(/.exec(line)?.[1] ?? [])
      .filter((p) => !p.includes('*'))
      .map((p) => p.replace(':locale', 'en').replace(/:\w+/g, productId));
    const extra = ['/en/no-such-page', '/fa/p/%zz', `/en/p/${'a'.repeat(300)}`, '/assets/no-such.css', '/%'];
    let answers = 0;
    for (const path of [...new Set([...paths, ...extra])]) {
      for (const method of ['GET', 'POST', 'PUT']) {
        const res = await raw(port, method, path);
        const what = `${method} ${path} → ${res.status}`;
        expect(res.status, what).toBeLessThan(500);
        expect(String(res.headers['content-security-policy']), what).toContain("frame-ancestors 'none'");
        expect(res.headers['x-content-type-options'], what).toBe('nosniff');
        expect(res.headers['referrer-policy'], what).toBe('same-origin');
        expect(res.headers['x-frame-options'], what).toBe('SAMEORIGIN');
        answers++;
      }
    }
    record({ kind: 'figures', file: `headers-${dialect}`, figures: { [`headers_${dialect}_answers`]: answers } });
  });

  it('[HK-13] session fixation: the cookie a visitor had before signing in (as a customer or as staff) is not the one after, and no longer signs anyone in', async () => {
    const person = testPerson();
    record({ kind: 'people', people: [person] });
    const signedUp = await customer(shop, inbox, person, `fix${Date.now()}`);
    const signInFrom = async (actor: Actor, page: string, form: Record<string, string>, home: string) => {
      const before = actor.cookie;
      expect(before).not.toBe('');
      await actor.get(page);
      expect((await actor.post(page, form)).statusCode).toBe(303);
      expect(actor.cookie).not.toBe(before);
      expect((await actor.get(home)).statusCode).toBe(200);
      const fixed = new Actor(actor.kind, shop.server, async () => {});
      fixed.cookie = before;
      expect((await fixed.get(home)).statusCode).not.toBe(200);
    };
    const buyer = await visitor(shop, productId);
    await signInFrom(
      buyer,
      '/en/account/signin',
      { identifier: person.email, password: CUSTOMER_PASSWORD },
      '/en/account',
    );
    await owner(shop);
    const staff = await visitor(shop, productId);
    await signInFrom(staff, '/en/staff/login', OWNER, '/en/staff');
    // The customer's first session, from registration, is untouched by the second sign-in.
    expect((await signedUp.get('/en/account')).statusCode).toBe(200);
  });

  it('CSRF: every POST route refuses a signed-in customer’s and the owner’s form without the session’s token, and with the token from another site', async () => {
    const posts = shop.server
      .printRoutes({ commonPrefix: false })
      .split('\n')
      .flatMap((line) => {
        const m = /(\/\S*) \(([A-Z, ]+)\)/.exec(line);
        return m?.[2].split(', ').includes('POST') ? [m[1].replace(':locale', 'en').replace(/:\w+/g, productId)] : [];
      })
      .filter((p) => !SERVER_TO_SERVER.test(p));
    expect(posts.length).toBeGreaterThan(50);
    const person = testPerson();
    record({ kind: 'people', people: [person] });
    const actors = [await customer(shop, inbox, person, `csrf${Date.now()}`), await owner(shop)];
    for (const actor of actors) {
      for (const path of posts) {
        const without = await actor.request({
          method: 'POST',
          url: path,
          payload: 'name=x',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        });
        expect(without.statusCode, `${actor.kind} ${path} without a token`).toBe(403);
        const crossSite = await actor.request({
          method: 'POST',
          url: path,
          payload: new URLSearchParams({ _csrf: actor.csrf, name: 'x' }).toString(),
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
        });
        expect(crossSite.statusCode, `${actor.kind} ${path} from another site`).toBe(403);
      }
    }
    record({ kind: 'figures', file: `csrf-${dialect}`, figures: { [`csrf_${dialect}_refusals`]: posts.length * 4 } });
  });
});
