import { afterAll, beforeAll, expect, it } from 'vitest';
import { LOCALES } from '../src/i18n/locales.ts';
import { FormClient, textOf } from './helpers/browser.ts';
import { productsWithoutOptions } from './helpers/orders.ts';
import { describeEachDatabase, openTestShop, type TestShop, withOutboxPaused } from './helpers/shop.ts';

describeEachDatabase('storefront (khatra)', (dialect) => {
  let shop: TestShop;
  let queries = 0;
  beforeAll(async () => {
    shop = await openTestShop(dialect, 'khatra', { onQuery: () => queries++ });
  });
  afterAll(async () => shop?.close());

  it('list pages use a fixed number of queries whatever their length', async () => {
    // The outbox worker would count its own queries: paused while counting.
    const count = (url: string) =>
      withOutboxPaused(shop, async () => {
        queries = 0;
        const res = await shop.server.inject({ method: 'GET', url });
        expect(res.statusCode).toBe(200);
        return queries;
      });
    const { categories } = shop.app.preset;
    const sizes = await Promise.all(
      categories.map(async (c) => ({
        slug: c.slug,
        n: (
          await shop.app.catalog.list({
            locale: 'vi',
            categoryId: (await shop.app.catalog.categoryBySlug(c.slug, 'vi'))!.id,
          })
        ).total,
      })),
    );
    const small = sizes.reduce((a, b) => (a.n <= b.n ? a : b));
    const large = sizes.reduce((a, b) => (a.n >= b.n ? a : b));
    expect(large.n).toBeGreaterThan(small.n);
    expect(await count(`/vi/c/${small.slug}`)).toBe(await count(`/vi/c/${large.slug}`));
    expect(await count('/vi/')).toBeLessThanOrEqual(4);
    expect(await count('/vi/search?q=g')).toBeLessThanOrEqual(3);
  });

  it('[KT-02] a product page shows description, model, category, quality requirement and origin', async () => {
    const product = (await shop.app.catalog.list({ locale: 'vi' })).items[0];
    const detail = (await shop.app.catalog.product(product.id, 'vi'))!;
    const text = textOf((await shop.server.inject({ method: 'GET', url: `/vi/p/${product.id}` })).body);
    for (const fact of [detail.description, detail.model, detail.categoryName, detail.quality, detail.origin]) {
      expect(text).toContain(fact);
    }
    for (const label of ['Mẫu', 'Xuất xứ']) expect(text.toLowerCase()).toContain(label.toLowerCase());
  });

  it('[KT-03] metres are sold in fractions, tiles whole, boxes with their tile count; a wrong step is refused', async () => {
    const all = await productsWithoutOptions(shop.app.catalog, 'en');
    const metre = all.find((p) => p.unit === 'metre')!;
    const box = all.find((p) => p.unit === 'box' && p.tilesPerBox)!;
    const client = new FormClient(shop.server);
    await client.get(`/en/p/${metre.id}`);
    const ok = await client.post('/en/cart/add', { product: metre.id, quantity: '2.5' });
    expect(ok.body).toMatch(/name="quantity"[^>]*value="2\.5"/);
    expect(textOf(ok.body)).toContain('metres');
    const boxPage = await client.get(`/en/p/${box.id}`);
    expect(textOf(boxPage.body)).toContain(`1 box = ${box.tilesPerBox} tiles`);
    const boxes = await client.post('/en/cart/add', { product: box.id, quantity: '3' });
    expect(textOf(boxes.body)).toContain(`= ${3 * box.tilesPerBox!} tiles`);
    const half = await client.post('/en/cart/add', { product: box.id, quantity: '0.5' });
    expect(half.status).toBe(422);
    expect(textOf(half.body)).toContain('Enter a quantity in steps of 1 box');
    expect(half.body).toContain('value="0.5"');
    // Vietnamese comma decimals and the cart in Vietnamese units
    await client.post('/vi/cart/add', { product: metre.id, quantity: '1,5' });
    const cart = textOf((await client.get('/vi/cart')).body);
    expect(cart).toContain('mét');
    expect(cart).toContain('thùng');
  });

  it('[KT-10] the catalogue shop takes orders by hotline and e-mail: no online checkout, the list goes by e-mail', async () => {
    const client = new FormClient(shop.server);
    const product = (await shop.app.catalog.list({ locale: 'vi' })).items[0];
    await client.get(`/vi/p/${product.id}`);
    const cart = await client.post('/vi/cart/add', { product: product.id, quantity: '1' });
    expect(cart.body).toContain(`mailto:${shop.app.preset.identity.email}?subject=`);
    expect(cart.body).toContain(`tel:${shop.app.preset.identity.phone}`);
    expect(cart.body).not.toContain('/vi/checkout');
    // The prepared e-mail lists what is in the cart, with quantities written the Vietnamese way (2,5 mét).
    const metre = (await productsWithoutOptions(shop.app.catalog, 'vi')).find(
      (p) => p.unit === 'metre' && p.stockMilli >= 2500,
    )!;
    const listed = await client.post('/vi/cart/add', { product: metre.id, quantity: '2,5' });
    const mailto = /class="button" href="(mailto:[^"]+)"/.exec(listed.body)![1].replaceAll('&amp;', '&');
    const body = decodeURIComponent(new URL(mailto).searchParams.get('body') ?? '');
    expect(body).toContain(`${metre.sku} — ${metre.name}: 2,5 mét`);
    const checkout = await client.get('/vi/checkout');
    expect(checkout.status).toBe(303);
  });

  it('search finds products in every script, without Vietnamese tones, and in native digits', async () => {
    const product = (await shop.app.catalog.list({ locale: 'vi' })).items[0];
    const detail = (await shop.app.catalog.product(product.id, 'vi'))!;
    const toneless = detail.name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/g, 'd')
      .replace(/Đ/g, 'D');
    for (const locale of LOCALES) {
      const name = (await shop.app.catalog.product(product.id, locale))!.name;
      const found = await shop.app.catalog.list({ locale, query: name.split(' ').slice(0, 2).join(' ') });
      expect(
        found.items.map((p) => p.id),
        `${locale}: ${name}`,
      ).toContain(product.id);
    }
    const found = await shop.app.catalog.list({ locale: 'vi', query: toneless.toLowerCase() });
    expect(found.items.map((p) => p.id)).toContain(product.id);
  });

  it('every page says its language and direction, links its other languages, and the Persian one is right to left', async () => {
    for (const locale of LOCALES) {
      const res = await shop.server.inject({ method: 'GET', url: `/${locale}/` });
      expect(res.body).toContain(`dir="${locale === 'fa' ? 'rtl' : 'ltr'}"`);
      for (const other of LOCALES)
        expect(res.body).toMatch(
          new RegExp(`rel="alternate" hrefLang="[a-z]{2}-[A-Z]{2}" href="http://localhost/${other}/"`, 'i'),
        );
      expect(res.body).toContain('rel="alternate" hreflang="x-default" href="http://localhost/vi/"');
    }
    // Switching language keeps the search and the page, and nothing else of the query.
    const search = await shop.server.inject({ method: 'GET', url: '/vi/search?q=g%E1%BA%A1ch&page=2&utm=x' });
    expect(search.body).toContain('href="/fa/search?q=g%E1%BA%A1ch&amp;page=2"');
    expect(search.body).toContain('hreflang="bn-BD" href="http://localhost/bn/search?q=g%E1%BA%A1ch&amp;page=2"');
    expect(search.body).not.toContain('utm=');
    const root = await shop.server.inject({ method: 'GET', url: '/' });
    expect(root.statusCode).toBe(302);
    expect(root.headers.location).toBe('/vi/');
  });

  it('prices and quantities use native digits: Bengali and Persian, and Vietnamese dong formatting', async () => {
    const product = (await shop.app.catalog.list({ locale: 'vi' })).items[0];
    const vi = textOf((await shop.server.inject({ method: 'GET', url: `/vi/p/${product.id}` })).body);
    expect(vi).toMatch(/\d{1,3}(\.\d{3})+\s₫/);
    const bn = textOf((await shop.server.inject({ method: 'GET', url: `/bn/p/${product.id}` })).body);
    expect(bn).toMatch(/[০-৯]/);
    const fa = textOf((await shop.server.inject({ method: 'GET', url: `/fa/p/${product.id}` })).body);
    expect(fa).toMatch(/[۰-۹]/);
  });
});

describeEachDatabase('storefront of a service business and of a new shop', (dialect) => {
  let mistri: TestShop;
  let empty: TestShop;
  beforeAll(async () => {
    mistri = await openTestShop(dialect, 'mistri');
    empty = await openTestShop(dialect, 'chotomoni', { seed: false });
  });
  afterAll(async () => {
    await mistri?.close();
    await empty?.close();
  });

  it('a service says it can be booked, not how many "services" are in stock', async () => {
    const service = (await mistri.app.catalog.list({ locale: 'en' })).items.find((p) => p.unit === 'service')!;
    const page = textOf((await mistri.server.inject({ method: 'GET', url: `/en/p/${service.id}` })).body);
    expect(page).toContain('Available to book');
    expect(page).not.toMatch(/In stock [\d,]+ services/);
  });

  it('a shop with no products yet says so instead of showing an empty page', async () => {
    const home = await empty.server.inject({ method: 'GET', url: '/en/' });
    expect(home.statusCode).toBe(200);
    expect(textOf(home.body)).toContain('There is nothing here yet.');
  });
});
