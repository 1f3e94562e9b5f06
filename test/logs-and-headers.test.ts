import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FormClient, textOf } from './helpers/browser.ts';
import { describeEachDatabase, openTestShop, type TestShop } from './helpers/shop.ts';

const BUYER = {
  name: 'Shirin Akter',
  phone: '01787654321',
  email: 'shirin.akter@example.com',
  address: 'Mirpur DOHS, Road 8, Dhaka',
};

describeEachDatabase('logs and headers', (dialect) => {
  let shop: TestShop;
  const lines: string[] = [];
  const sink = () =>
    new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
  beforeAll(async () => {
    shop = await openTestShop(dialect, 'chotomoni', { logger: pino({ level: 'debug' }, sink()) });
  });
  afterAll(async () => shop?.close());

  it('[HK-10] [CM-04] a whole checkout, a look-up and a staff reveal log no name, phone, e-mail, address or IP', async () => {
    const client = new FormClient(shop.server);
    const product = (await shop.app.catalog.list({ locale: 'bn' })).items[0];
    await client.get(`/bn/p/${product.id}`);
    await client.post('/bn/cart/add', { product: product.id, quantity: '১' });
    const checkout = await client.get('/bn/checkout');
    const key = /name="idempotency_key" value="([^"]+)"/.exec(checkout.body)![1];
    const done = await client.post('/bn/checkout', {
      ...BUYER,
      delivery_instructions: 'Leave with the guard',
      payment_method: 'cod',
      idempotency_key: key,
    });
    const code = /([0-9A-Z]{5}-[0-9A-Z]{5})/.exec(textOf(done.body))![1];
    await new FormClient(shop.server).post('/en/order-status', { code, contact: BUYER.email });
    await new FormClient(shop.server).post('/en/order-status', { code, contact: BUYER.phone });
    await client.get('/en/search?q=Shirin');
    expect(lines.length).toBeGreaterThan(5);
    const all = lines.join('\n');
    for (const secret of [BUYER.name, 'Shirin', '787654321', BUYER.email, 'Mirpur', 'Leave with the guard', code]) {
      expect(all).not.toContain(secret);
    }
    expect(all).not.toMatch(/127\.0\.0\.1|remoteAddress|"ip"/);
    expect(all).not.toContain('?q=');
  });

  it('[CM-12] browsing sets no cookie; the one cookie appears with the cart and is HttpOnly and SameSite=Lax', async () => {
    const client = new FormClient(shop.server);
    const product = (await shop.app.catalog.list({ locale: 'en' })).items[0];
    for (const path of ['/en/', `/en/p/${product.id}`, '/en/privacy', '/en/search?q=a', '/en/cart']) {
      const page = await client.get(path);
      expect(page.headers['set-cookie'], path).toBeUndefined();
    }
    const res = await shop.server.inject({
      method: 'POST',
      url: '/en/cart/add',
      payload: `product=${product.id}&quantity=1`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const cookies = [res.headers['set-cookie']].flat();
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatch(/^amanat_sid=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
  });

  it('pages carry a strict CSP with no inline script, no framing, a strict referrer policy, and no JavaScript', async () => {
    const res = await shop.server.inject({ method: 'GET', url: '/en/' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.body).not.toMatch(/<script|\son[a-z]+=/i);
  });

  it('unknown pages get a localised 404, and nothing reveals a stack trace', async () => {
    const fa = await shop.server.inject({ method: 'GET', url: '/fa/no-such-page' });
    expect(fa.statusCode).toBe(404);
    expect(fa.body).toContain('dir="rtl"');
    expect(fa.body).not.toContain('Page not found');
    const en = await shop.server.inject({ method: 'GET', url: '/en/p/00000000-0000-0000-0000-000000000000' });
    expect(en.statusCode).toBe(404);
    expect(textOf(en.body)).toContain('Page not found');
    const bad = await shop.server.inject({
      method: 'POST',
      url: '/en/cart/add',
      payload: '%%%',
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.statusCode).toBeGreaterThanOrEqual(400);
    expect(bad.statusCode).toBeLessThan(500);
    expect(bad.body).not.toMatch(/at .*\.ts:\d+/);
  });

  it('a malformed URL gets the localised 400 page; "/fa" leads to the Persian home page', async () => {
    const bad = await shop.server.inject({ method: 'GET', url: '/fa/p/%zz' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('text/html');
    expect(bad.body).toContain('dir="rtl"');
    expect(bad.body).not.toContain('FST_ERR');
    const home = await shop.server.inject({ method: 'GET', url: '/fa' });
    expect(home.statusCode).toBe(302);
    expect(home.headers.location).toBe('/fa/');
    expect((await shop.server.inject({ method: 'GET', url: '/xx' })).statusCode).toBe(404);
  });

  it('a URL the router cannot take (bad percent-encoding, an over-long parameter) still gets the security headers', async () => {
    for (const url of ['/fa/p/%zz', `/en/p/${'a'.repeat(200)}`, `/${'x'.repeat(5000)}/notify`]) {
      const res = await shop.server.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(400);
      expect(String(res.headers['content-security-policy']), url).toContain("frame-ancestors 'none'");
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['referrer-policy'], url).toBe('same-origin');
    }
  });

  it('a failure inside the shop gets the localised 500 page, with the details in the log only', async () => {
    const broken = await openTestShop(dialect, 'khakriz', { seed: false, logger: pino({ level: 'error' }, sink()) });
    try {
      await broken.app.db.destroy();
      const page = await broken.server.inject({ method: 'GET', url: '/fa/' });
      expect(page.statusCode).toBe(500);
      expect(page.body).toContain('dir="rtl"');
      expect(page.body).not.toMatch(/at .*\.(ts|js):\d+|driver has already been destroyed/);
    } finally {
      await broken.close(); // destroying the destroyed database again is harmless
    }
  });
});
