import { afterAll, beforeAll, expect, it } from 'vitest';
import { setupFromCommandLine } from '../src/modules/setup/command.ts';
import { type FirstRun, needsFirstRun, startFirstRun } from '../src/modules/setup/server.tsx';
import { FormClient, textOf } from './helpers/browser.ts';
import { emptyShop, PERSIAN_SHOP } from './helpers/empty-shop.ts';
import { productsWithoutOptions } from './helpers/orders.ts';
import { describeEachDatabase } from './helpers/shop.ts';

describeEachDatabase('first-run setup of an empty shop', (dialect) => {
  let shop: ReturnType<typeof emptyShop>;
  let firstRun: FirstRun;
  beforeAll(async () => {
    shop = emptyShop(dialect);
    expect(await needsFirstRun(shop.open)).toBe(true);
    firstRun = await startFirstRun({ open: shop.open, port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await firstRun?.close();
    await shop?.drop();
  });

  it('before the setup, nothing but the setup answers: no staff area, no shop', async () => {
    const client = new FormClient(firstRun.listener.app!);
    for (const path of ['/fa/staff', '/fa/staff/login', '/fa/', '/']) {
      const page = await client.get(path);
      expect(page.status, path).toBe(302);
      expect(page.location, path).toMatch(/^\/(fa|en)\/setup$/);
    }
    const form = await client.get('/fa/setup');
    expect(form.status).toBe(200);
    expect(form.body).toContain('<html lang="fa-IR" dir="rtl">');
    expect(textOf(form.body)).toContain('راه‌اندازی فروشگاه');
    expect(form.body).not.toContain(firstRun.token);
  });

  it('without the setup code printed on the console, the setup is refused next to the field and keeps what was typed', async () => {
    const client = new FormClient(firstRun.listener.app!);
    const page = await client.post('/fa/setup', { ...PERSIAN_SHOP, token: 'guess' });
    expect(page.status).toBe(403);
    expect(page.body).toMatch(/id="f-token-error"[^>]*>این کد راه‌اندازیِ چاپ‌شده در کنسول نیست\./);
    expect(page.body).toContain('value="ابزار امید"');
    expect(page.body).not.toContain(PERSIAN_SHOP.password);
    expect(await needsFirstRun(shop.open)).toBe(true);
  });

  it('invalid answers are refused next to their fields, in Persian, and nothing is created', async () => {
    const client = new FormClient(firstRun.listener.app!);
    const page = await client.post('/fa/setup', {
      ...PERSIAN_SHOP,
      token: firstRun.token,
      phone: '۱۲',
      currency: 'BDT',
      password_confirm: 'something else entirely',
    });
    expect(page.status).toBe(422);
    expect(page.body).toMatch(/id="f-phone-error"[^>]*>یک شماره تلفن معتبر وارد کنید\./);
    expect(page.body).toMatch(/id="f-currency-error"/);
    expect(page.body).toMatch(/id="f-password_confirm-error"[^>]*>دو گذرواژه یکسان نیستند\./);
    expect(page.body).toContain('value="omid"');
    expect(await needsFirstRun(shop.open)).toBe(true);
  });

  it('a valid setup creates the owner and the shop; the storefront shows the new name; the setup never runs again', async () => {
    const client = new FormClient(firstRun.listener.app!);
    const done = await client.post('/fa/setup', { ...PERSIAN_SHOP, token: firstRun.token });
    expect(done.status).toBe(200);
    expect(textOf(done.body)).toContain('ابزار امید راه‌اندازی شد');
    const { app, server } = await firstRun.done;
    expect(firstRun.listener.app).toBe(server);

    expect(app.preset.identity.name.fa).toBe('ابزار امید');
    expect(app.preset.identity.phone).toBe('+983132224455');
    // The one fee the setup asks for is one delivery area at that fee.
    expect(app.preset.deliveryAreas.map((a) => [a.fee, a.enabled])).toEqual([[500000, true]]);
    expect(app.preset.defaultLocale).toBe('fa');
    expect(app.preset.paymentMethods).toEqual(['cod', 'bank_transfer']);
    const owner = await app.staff.verify('omid', PERSIAN_SHOP.password);
    expect(owner?.role).toBe('owner');
    expect(owner?.displayName).toBe('امید رضایی');
    const row = await app.db
      .selectFrom('staff_users')
      .select('password_hash')
      .where('username', '=', 'omid')
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);

    const visitor = new FormClient(server);
    const home = await visitor.get('/fa/');
    expect(home.status).toBe(200);
    expect(textOf(home.body)).toContain('ابزار امید');
    expect((await productsWithoutOptions(app.catalog, 'fa')).length).toBeGreaterThan(0);
    const policy = textOf((await visitor.get('/fa/privacy')).body);
    expect(policy).toContain('ابزار امید ابزار دستی و برقی را به سراسر ایران می‌فرستد.');
    expect(policy).toContain('شرکت ابزار امید');
    expect((await visitor.get('/fa/setup')).status).toBe(404);

    const staff = new FormClient(server);
    await staff.get('/fa/staff/login');
    expect((await staff.post('/fa/staff/login', { username: 'omid', password: PERSIAN_SHOP.password })).status).toBe(
      200,
    );
    expect((await staff.get('/fa/staff/settings')).status).toBe(200);

    // Refused a second time: by the web setup, by the command line, by the shop's own check.
    expect(await needsFirstRun(shop.open)).toBe(false);
    await expect(startFirstRun({ open: shop.open, port: 0, host: '127.0.0.1' })).rejects.toThrow(
      /only on an empty one/,
    );
    const again = await setupFromCommandLine(shop.open, {
      preset: 'hatkoro',
      name: 'Another',
      'legal-name': 'Another Ltd',
      address: 'Dhaka',
      phone: '01711000000',
      email: 'a@example.com',
      website: 'example.com',
      country: 'BD',
      currency: 'BDT',
      storefront: 'shop',
      about: 'Anything',
      methods: 'cod',
      'delivery-fee': '60',
      'owner-name': 'Intruder',
      'owner-username': 'intruder',
    });
    expect(again).toEqual({ ok: false, problems: ['this database has a shop already: the setup runs only once'] });
    expect(await app.staff.byUsername('intruder')).toBeNull();
    const audit = await app.db
      .selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('action', '=', 'setup.completed')
      .execute();
    expect(audit).toEqual([{ action: 'setup.completed', actor: `staff:${owner!.id}` }]);
  });
});

describeEachDatabase('amanat setup from the command line', (dialect) => {
  let shop: ReturnType<typeof emptyShop>;
  beforeAll(() => {
    shop = emptyShop(dialect);
  });
  afterAll(async () => shop?.drop());

  it('sets up an empty shop with a generated owner password, and lists what is wrong otherwise', async () => {
    const options = {
      preset: 'khatra',
      language: 'vi',
      name: 'Gạch Minh Long',
      'legal-name': 'Công ty TNHH Minh Long',
      address: '12 Nguyễn Trãi, Hà Nội',
      phone: '0912345678',
      email: 'ban@minhlong.vn',
      website: 'minhlong.vn',
      country: 'VN',
      currency: 'VND',
      storefront: 'catalogue',
      about: 'Gạch ốp lát và vật liệu xây dựng.',
      methods: 'cod,bank_transfer',
      'delivery-fee': '30000',
      'owner-name': 'Minh',
      'owner-username': 'minh',
    };
    const wrong = await setupFromCommandLine(shop.open, { ...options, phone: '12', methods: 'bank_transfer' });
    expect(wrong.ok).toBe(false);
    expect(!wrong.ok && wrong.problems).toEqual([
      '--phone: Enter a valid phone number.',
      '--transfer-instructions: Customers paying this way need instructions: where to send the money.',
    ]);
    const result = await setupFromCommandLine(shop.open, {
      ...options,
      'transfer-instructions': 'Vietcombank 0011 0000 1234, Công ty TNHH Minh Long',
    });
    expect(result.ok).toBe(true);
    expect(await needsFirstRun(shop.open)).toBe(false);
  });
});
