import { afterAll, beforeAll, expect, it } from 'vitest';
import { PageViewCounter, SITE } from '../src/modules/analytics/counter.ts';
import { FormClient, textOf } from './helpers/browser.ts';
import { describeEachDatabase, openTestShop, type TestShop } from './helpers/shop.ts';

const CHROME_ANDROID =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36';
const FIREFOX_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
const PASSWORD = 'kerosene lamp at the ghat';

describeEachDatabase('analytics without tracking (khakriz)', (dialect) => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await openTestShop(dialect, 'khakriz');
    await shop.app.staff.create({ username: 'owner', displayName: 'Owner', role: 'owner', password: PASSWORD });
    await shop.app.staff.create({ username: 'packer', displayName: 'Packer', role: 'packer', password: PASSWORD });
  });
  afterAll(async () => shop?.close());

  const visit = (url: string, ip: string, ua: string) =>
    shop.server.inject({ method: 'GET', url, remoteAddress: ip, headers: { 'user-agent': ua } });
  const rows = () => shop.app.db.selectFrom('analytics_daily').selectAll().orderBy('path').execute();

  it('[HK-10] [CM-04] [MS-04] [KN-14] counts views and distinct visitors per day and path, storing no IP, cookie, session or customer id', async () => {
    const product = (await shop.app.catalog.list({ locale: 'fa' })).items[0];
    // One person on two addresses of the same /24 with the same browser; the same network with another browser;
    // another network; an IPv6 visitor on two addresses of one /64.
    const home = [
      await visit('/fa/', '203.0.113.7', CHROME_ANDROID),
      await visit('/fa/', '203.0.113.99', CHROME_ANDROID),
      await visit('/fa/', '203.0.113.7', FIREFOX_WINDOWS),
      await visit('/fa/', '198.51.100.4', CHROME_ANDROID),
      await visit('/fa/?utm_source=x', '2001:db8:1:2::10', CHROME_ANDROID),
      await visit('/fa/', '2001:db8:1:2:aaaa::1', CHROME_ANDROID),
    ];
    for (const page of home) {
      expect(page.statusCode).toBe(200);
      expect(page.headers['set-cookie']).toBeUndefined();
    }
    await visit(`/fa/p/${product.id}`, '203.0.113.7', CHROME_ANDROID);
    // Pages that name an order or a person, and failed pages, are not counted.
    await visit('/fa/order-status', '203.0.113.7', CHROME_ANDROID);
    await visit('/fa/p/00000000-0000-0000-0000-000000000000', '203.0.113.7', CHROME_ANDROID);
    await shop.app.analytics.flush();

    const today = shop.app.analytics.today();
    const all = await rows();
    const byPath = new Map(all.map((r) => [r.path, r]));
    expect(Object.keys(all[0]).sort()).toEqual(['day', 'path', 'uniques', 'views']);
    expect(byPath.get('/fa/')).toMatchObject({ day: today, views: 6, uniques: 4 });
    expect(byPath.get(`/fa/p/${product.id}`)).toMatchObject({ views: 1, uniques: 1 });
    expect(byPath.get(SITE)).toMatchObject({ views: 7, uniques: 4 });
    expect([...byPath.keys()].sort()).toEqual([SITE, '/fa/', `/fa/p/${product.id}`].sort());
    const stored = JSON.stringify(all);
    for (const leak of ['203.0.113', '198.51.100', '2001:db8', 'Chrome', 'utm_source'])
      expect(stored).not.toContain(leak);
    // Counting is batched: more views add to the same rows.
    await visit('/fa/', '203.0.113.7', CHROME_ANDROID);
    await shop.app.analytics.flush();
    expect((await rows()).find((r) => r.path === '/fa/')).toMatchObject({ views: 7, uniques: 4 });
  });

  it('[HK-10] the salt changes with the shop’s day: the same visitor is a new unique tomorrow, under that day', async () => {
    let now = new Date('2026-03-20T10:00:00Z');
    const counter = new PageViewCounter(shop.app.db, 'Asia/Tehran', () => now);
    counter.record('/fa/terms', '192.0.2.1', CHROME_ANDROID);
    counter.record('/fa/terms', '192.0.2.1', CHROME_ANDROID);
    // 21:00 UTC is already the next day in Tehran (UTC+3:30).
    now = new Date('2026-03-20T21:00:00Z');
    counter.record('/fa/terms', '192.0.2.1', CHROME_ANDROID);
    await counter.stop();
    const terms = await shop.app.db
      .selectFrom('analytics_daily')
      .selectAll()
      .where('path', '=', '/fa/terms')
      .where('day', 'in', ['2026-03-20', '2026-03-21'])
      .orderBy('day')
      .execute();
    expect(terms).toEqual([
      { day: '2026-03-20', path: '/fa/terms', views: 2, uniques: 1 },
      { day: '2026-03-21', path: '/fa/terms', views: 1, uniques: 1 },
    ]);
  });

  it('[HK-10] the owner reads the statistics in the staff area, in Persian with the Jalali calendar; others may not', async () => {
    const owner = new FormClient(shop.server);
    await owner.get('/fa/staff/login');
    await owner.post('/fa/staff/login', { username: 'owner', password: PASSWORD });
    const page = await owner.get('/fa/staff/analytics');
    expect(page.status).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('آمار بازدیدکنندگان');
    expect(text).toContain('۱۴۰۵'); // the Jalali year of the test days
    expect(text).toMatch(/[۰-۹]/);
    expect(page.body).toContain('href="/fa/staff/analytics"');
    // Staff browsing is not counted as visits.
    const before = (await rows()).find((r) => r.path === SITE)!.views;
    await owner.get('/fa/');
    await shop.app.analytics.flush();
    expect((await rows()).find((r) => r.path === SITE)!.views).toBe(before);

    const packer = new FormClient(shop.server);
    await packer.get('/fa/staff/login');
    await packer.post('/fa/staff/login', { username: 'packer', password: PASSWORD });
    expect((await packer.get('/fa/staff/analytics')).status).toBe(403);
    expect((await new FormClient(shop.server).get('/fa/staff/analytics')).status).toBe(303);
  });
});
