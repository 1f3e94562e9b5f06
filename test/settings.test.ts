import { afterAll, beforeAll, expect, it } from 'vitest';
import { formatMoney } from '../src/i18n/format.ts';
import { verifyAuditChain } from '../src/privacy/audit.ts';
import { FormClient, textOf } from './helpers/browser.ts';
import { describeEachDatabase, openTestShop, type TestShop } from './helpers/shop.ts';

const PASSWORD = 'a ledger of small promises';

async function signIn(shop: TestShop, username: string): Promise<FormClient> {
  const client = new FormClient(shop.server);
  await client.get('/en/staff/login');
  expect((await client.post('/en/staff/login', { username, password: PASSWORD })).status).toBe(200);
  return client;
}

/** The form as the settings page fills it, so a test changes only what it means to change. */
function formOf(html: string): Record<string, string | string[]> {
  const form: Record<string, string | string[]> = {};
  for (const m of html.matchAll(/<input([^>]*)>/g)) {
    const attrs = m[1];
    const name = /name="([^"]+)"/.exec(attrs)?.[1];
    if (!name || name === '_csrf') continue;
    const value = (/value="([^"]*)"/.exec(attrs)?.[1] ?? '').replace(/&amp;/g, '&').replace(/&quot;/g, '"');
    const type = /type="([^"]+)"/.exec(attrs)?.[1];
    if (type === 'checkbox' || type === 'radio') {
      if (!/\bchecked\b/.test(attrs)) continue;
      // A disabled box is not sent (the shop's own language).
      if (/\bdisabled\b/.test(attrs)) continue;
      if (type === 'checkbox' && (name === 'methods' || name === 'languages'))
        form[name] = [...[form[name] ?? []].flat(), value];
      else form[name] = value;
    } else form[name] = value;
  }
  for (const m of html.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)<\/textarea>/g)) {
    form[m[1]] = m[2]
      .replace(/&amp;/g, '&')
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>');
  }
  return form;
}

describeEachDatabase('shop settings (khakriz)', (dialect) => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await openTestShop(dialect, 'khakriz');
    await shop.app.staff.create({ username: 'owner1', displayName: 'Sara', role: 'owner', password: PASSWORD });
    await shop.app.staff.create({ username: 'pack1', displayName: 'Reza', role: 'packer', password: PASSWORD });
  });
  afterAll(async () => shop?.close());

  it('a packer cannot see or change the settings (403); the owner can', async () => {
    const packer = await signIn(shop, 'pack1');
    expect((await packer.get('/en/staff/settings')).status).toBe(403);
    expect((await packer.post('/en/staff/settings', { area_0_fee: '1' }, { follow: false })).status).toBe(403);
    const owner = await signIn(shop, 'owner1');
    expect((await owner.get('/en/staff/settings')).status).toBe(200);
    expect((await new FormClient(shop.server).get('/en/staff/settings')).location).toBe('/en/staff/login');
  });

  it('[KT-09] [MS-11] an invalid change is refused next to its field and keeps what was typed; nothing is stored', async () => {
    const owner = await signIn(shop, 'owner1');
    const form = formOf((await owner.get('/fa/staff/settings')).body);
    const page = await owner.post('/fa/staff/settings', {
      ...form,
      phone: '12',
      area_0_fee: 'بسیار',
      delivery_windows: '18:00-09:00',
      name_fa: 'خاکریز تازه',
    });
    expect(page.status).toBe(422);
    expect(page.body).toMatch(/id="f-phone-error"[^>]*>یک شماره تلفن معتبر وارد کنید\./);
    expect(page.body).toMatch(/id="f-area_0_fee-error"/);
    expect(page.body).toMatch(/id="f-delivery_windows-error"/);
    expect(page.body).toContain('value="خاکریز تازه"');
    expect(page.body).toContain('value="بسیار"');
    expect(await shop.app.db.selectFrom('settings_changes').selectAll().execute()).toHaveLength(0);
    expect(shop.app.preset.identity.name.fa).not.toBe('خاکریز تازه');
  });

  it('[KT-09] [MS-11] [CM-18] a valid change is kept in the history (who, when, what) and the audit log; the storefront, checkout and policy use it', async () => {
    const owner = await signIn(shop, 'owner1');
    const form = formOf((await owner.get('/en/staff/settings')).body);
    const page = await owner.post('/en/staff/settings', {
      ...form,
      name_en: 'Khakriz Novin Tools',
      legal_name: 'Khakriz Novin Tools Co.',
      // Persian digits are what a Persian keyboard types.
      area_0_fee: '۲۵۰۰۰۰۰',
      delivery_windows: '10:00-14:00\n16:00-20:00',
      retention: 'days',
      retention_days: '730',
    });
    expect(page.status).toBe(200);
    expect(textOf(page.body)).toContain(
      'Saved: business identity, delivery areas, delivery time windows, customer data retention.',
    );
    const history = await shop.app.settings.history();
    expect(history.map((h) => h.setting).sort()).toEqual(
      ['customerDataRetention', 'deliveryAreas', 'deliveryWindows', 'identity'].sort(),
    );
    expect(history.every((h) => h.staffName === 'Sara')).toBe(true);
    const areas = history.find((h) => h.setting === 'deliveryAreas')!;
    expect([areas.before, areas.after].map((a) => (a as { fee: number }[]).map((x) => x.fee))).toEqual([
      [1000000],
      [2500000],
    ]);
    const audit = await shop.app.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'settings.changed')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].detail).toContain('deliveryAreas');
    expect(await verifyAuditChain(shop.app.db)).toBeNull();

    // The storefront's header and the policy page speak of the new facts, with today's date as the last update.
    const visitor = new FormClient(shop.server);
    expect(textOf((await visitor.get('/en/')).body)).toContain('Khakriz Novin Tools');
    const policy = await visitor.get('/en/privacy');
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tehran' }).format(new Date());
    expect(policy.body).toContain(`datetime="${today}"`);
    expect(textOf(policy.body)).toContain('Khakriz Novin Tools Co.');
    expect(textOf(policy.body)).toContain('730');
    // [CM-18] The change posted a new policy version, in force at once; the one before stays readable.
    const versions = await shop.app.policyVersions.history();
    expect(versions.length).toBeGreaterThanOrEqual(2);
    expect(shop.app.policyVersions.current.id).toBe(versions[0].id);
    expect(textOf((await visitor.get('/en/privacy/history')).body)).toContain('Khakriz Novin Tools Co.');
    // Checkout offers the new windows and charges the new fee.
    expect(shop.app.preset.deliveryWindows).toEqual(['10:00-14:00', '16:00-20:00']);
    expect(shop.app.preset.deliveryAreas.map((a) => a.fee)).toEqual([2500000]);

    // Saved as overrides: a restart of the shop (a new App on the same database) runs with them.
    const stored = await shop.app.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', 'preset.overrides')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(stored.value)).toMatchObject({
      deliveryAreas: [{ fee: 2500000, enabled: true }],
      customerDataRetention: 730,
      policyLastUpdated: today,
    });

    // The history is on the settings page, saying who changed what.
    const again = await owner.get('/en/staff/settings');
    expect(textOf(again.body)).toMatch(/Sara delivery areas/);
  });

  it('saving the same settings again changes nothing and writes no history', async () => {
    const owner = await signIn(shop, 'owner1');
    const before = (await shop.app.settings.history()).length;
    const form = formOf((await owner.get('/en/staff/settings')).body);
    const page = await owner.post('/en/staff/settings', form);
    expect(textOf(page.body)).toContain('Nothing was changed.');
    expect(await shop.app.settings.history()).toHaveLength(before);
  });
});

describeEachDatabase('shop settings across instances (hatkoro)', (dialect) => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await openTestShop(dialect, 'hatkoro');
  });
  afterAll(async () => shop?.close());

  it('a change saved by another instance reaches this one within seconds, without a restart', async () => {
    expect(shop.app.preset.accountRequired).toBe(true);
    // Another instance on the same database saved "guests may order" (written here as it would be there).
    await shop.app.db
      .insertInto('settings')
      .values({ key: 'preset.overrides', value: JSON.stringify({ accountRequired: false }) })
      .execute();
    await shop.app.settings.refreshIfStale(Date.now() + 10_000);
    expect(shop.app.preset.accountRequired).toBe(false);
    expect(shop.app.preset.guestCheckout).toBe(true);
  });
});

describeEachDatabase('delivery areas (hatkoro)', (dialect) => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await openTestShop(dialect, 'hatkoro');
    await shop.app.staff.create({ username: 'owner1', displayName: 'Karim', role: 'owner', password: PASSWORD });
  });
  afterAll(async () => shop?.close());

  it('the preset starts with its areas; the page shows each fee in Bengali digits', async () => {
    expect(shop.app.preset.deliveryAreas.map((a) => [a.name.en, a.fee])).toEqual([
      ['Inside Dhaka', 60],
      ['Outside Dhaka', 120],
    ]);
    const owner = await signIn(shop, 'owner1');
    const page = await owner.get('/bn/staff/settings');
    expect(page.body).toMatch(/name="area_1_fee"[^>]*value="১২০"/);
    expect(page.body).toContain('value="ঢাকার বাইরে"');
    // Blank rows to add areas without JavaScript.
    expect(page.body).toContain('name="area_2_fee"');
    expect(page.body).toContain('name="area_3_fee"');
  });

  it('a new area without a name in every language or with a wrong fee is refused next to its fields, as typed', async () => {
    const owner = await signIn(shop, 'owner1');
    const form = formOf((await owner.get('/bn/staff/settings')).body);
    const page = await owner.post('/bn/staff/settings', {
      ...form,
      area_2_name_bn: 'চট্টগ্রাম শহর',
      area_2_fee: 'একশো',
      area_2_enabled: '1',
    });
    expect(page.status).toBe(422);
    expect(page.body).toMatch(/id="f-area_2_name_en-error"[^>]*>/);
    expect(page.body).toMatch(/id="f-area_2_fee-error"[^>]*>শূন্য বা তার বেশি একটি পরিমাণ দিন।/);
    expect(page.body).toContain('value="চট্টগ্রাম শহর"');
    expect(page.body).toContain('value="একশো"');
    expect(shop.app.preset.deliveryAreas).toHaveLength(2);
    // A fee finer than the poisha cannot be charged.
    const fine = await owner.post('/bn/staff/settings', { ...form, area_0_fee: '৬০.৫৫৫' });
    expect(fine.body).toMatch(/id="f-area_0_fee-error"[^>]*>মুদ্রার যত দশমিক ঘর/);
    // No area left open for delivery is refused too.
    const none = await owner.post('/bn/staff/settings', { ...form, area_0_enabled: '', area_1_enabled: '' });
    expect(none.status).toBe(422);
    expect(textOf(none.body)).toContain('অন্তত একটি এলাকা রাখুন যেখানে আপনি ডেলিভারি দেন।');
  });

  it('the owner adds an area in Bengali with Bengali digits, closes one and removes none; history and checkout follow', async () => {
    const owner = await signIn(shop, 'owner1');
    const form = formOf((await owner.get('/bn/staff/settings')).body);
    const page = await owner.post('/bn/staff/settings', {
      ...form,
      area_1_enabled: '',
      area_2_name_bn: 'চট্টগ্রাম শহর',
      area_2_name_en: 'Chattogram city',
      area_2_name_vi: 'Thành phố Chattogram',
      area_2_name_fa: 'شهر چیتاگانگ',
      area_2_fee: '৯০.৫০',
      area_2_enabled: '1',
    });
    expect(page.status).toBe(200);
    expect(textOf(page.body)).toContain('সংরক্ষিত: ডেলিভারি এলাকা।');
    const areas = shop.app.preset.deliveryAreas;
    expect(areas.map((a) => [a.id, a.name.en, a.fee, a.enabled])).toEqual([
      ['dhaka', 'Inside Dhaka', 60, true],
      ['outside-dhaka', 'Outside Dhaka', 120, false],
      [areas[2].id, 'Chattogram city', 90.5, true],
    ]);
    const [change] = await shop.app.settings.history();
    expect(change.setting).toBe('deliveryAreas');
    expect((change.after as { fee: number }[]).map((a) => a.fee)).toEqual([60, 120, 90.5]);

    // The customer is offered the open areas only, each with its fee.
    const visitor = new FormClient(shop.server);
    const product = (await shop.app.catalog.list({ locale: 'bn' })).items[0];
    await visitor.get(`/bn/p/${product.id}`);
    await visitor.post('/bn/cart/add', { product: product.id, quantity: '1' });
    const cart = textOf((await visitor.get('/bn/cart')).body);
    expect(cart).toContain(`ডেলিভারি চার্জ (চট্টগ্রাম শহর) ${formatMoney(9050, 'BDT', 'bn')}`);
    expect(cart).not.toContain('ঢাকার বাইরে');

    // Saving again keeps every area's id (the new one included) and writes nothing.
    const again = formOf((await owner.get('/bn/staff/settings')).body);
    expect(again.area_2_fee).toBe('৯০.৫');
    const before = (await shop.app.settings.history()).length;
    expect(textOf((await owner.post('/bn/staff/settings', again)).body)).toContain('কিছুই বদলানো হয়নি।');
    expect(await shop.app.settings.history()).toHaveLength(before);

    // Removing an area takes it out of the settings.
    const removed = await owner.post('/bn/staff/settings', { ...again, area_1_remove: '1' });
    expect(removed.status).toBe(200);
    expect(shop.app.preset.deliveryAreas.map((a) => a.name.en)).toEqual(['Inside Dhaka', 'Chattogram city']);
  });
});

describeEachDatabase('claim period (chotomoni)', (dialect) => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await openTestShop(dialect, 'chotomoni');
    await shop.app.staff.create({ username: 'owner1', displayName: 'Shathi', role: 'owner', password: PASSWORD });
  });
  afterAll(async () => shop?.close());

  it('the policy and the terms say within how many days of delivery claims are accepted (the preset’s 7)', async () => {
    const visitor = new FormClient(shop.server);
    expect(textOf((await visitor.get('/en/privacy')).body)).toContain(
      'Until the order is delivered and its claims are settled: claims are accepted within 7 days of delivery',
    );
    expect(textOf((await visitor.get('/bn/terms')).body)).toContain('ডেলিভারির ৭ দিনের মধ্যে আমাদের জানান');
  });

  it('a claim period that is not 1 to 365 days is refused next to its field, as typed', async () => {
    const owner = await signIn(shop, 'owner1');
    const form = formOf((await owner.get('/fa/staff/settings')).body);
    expect(form.claim_days).toBe('۷');
    const page = await owner.post('/fa/staff/settings', { ...form, claim_days: '۰' });
    expect(page.status).toBe(422);
    expect(page.body).toMatch(/id="f-claim_days-error"[^>]*>یک عدد صحیح از ۱ تا ۳۶۵ روز وارد کنید\./);
    expect(page.body).toMatch(/name="claim_days"[^>]*value="۰"/);
    expect(shop.app.preset.policy.claimDays).toBe(7);
  });

  it('[CM-18] [MS-11] changing it (typed in Persian digits) posts a new policy version that says the new period', async () => {
    const owner = await signIn(shop, 'owner1');
    const before = await shop.app.policyVersions.history();
    const form = formOf((await owner.get('/fa/staff/settings')).body);
    const page = await owner.post('/fa/staff/settings', { ...form, claim_days: '۱۴' });
    expect(page.status).toBe(200);
    expect(textOf(page.body)).toContain('مهلت ادعا');
    expect(shop.app.preset.policy.claimDays).toBe(14);
    const [change] = await shop.app.settings.history();
    expect([change.setting, change.before, change.after]).toEqual(['claimDays', 7, 14]);

    const versions = await shop.app.policyVersions.history();
    expect(versions).toHaveLength(before.length + 1);
    expect(shop.app.policyVersions.current.id).toBe(versions[0].id);
    expect(versions[0].changes).toEqual([{ kind: 'retentionChanged' }]);
    const visitor = new FormClient(shop.server);
    expect(textOf((await visitor.get('/en/privacy')).body)).toContain('claims are accepted within 14 days of delivery');
    expect(textOf((await visitor.get('/fa/privacy')).body)).toContain('ادعاها تا ۱۴ روز پس از تحویل پذیرفته می‌شوند');
    expect(textOf((await visitor.get('/vi/terms')).body)).toContain('trong vòng 14 ngày kể từ khi giao hàng');
    // The version before still reads as it was.
    const old = await visitor.get(`/en/privacy/history/${versions[1].id}`);
    expect(textOf(old.body)).toContain('claims are accepted within 7 days of delivery');
  });
});

describeEachDatabase('storefront languages (khatra)', (dialect) => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await openTestShop(dialect, 'khatra');
    await shop.app.staff.create({ username: 'owner1', displayName: 'Tâm', role: 'owner', password: PASSWORD });
  });
  afterAll(async () => shop?.close());

  it('the owner offers Vietnamese and Bengali only: the shop’s own language cannot be switched off', async () => {
    const owner = await signIn(shop, 'owner1');
    const page = await owner.get('/vi/staff/settings');
    // Its box is ticked and disabled, so it is not even sent.
    expect(page.body).toMatch(
      /id="f-languages-vi"[^>]*checked[^>]*disabled|id="f-languages-vi"[^>]*disabled[^>]*checked/,
    );
    const form = formOf(page.body);
    expect(form.languages).toEqual(['bn', 'en', 'fa']);
    const saved = await owner.post('/vi/staff/settings', { ...form, languages: ['bn'] });
    expect(saved.status).toBe(200);
    expect(textOf(saved.body)).toContain('ngôn ngữ cửa hàng');
    expect(shop.app.preset.languages).toEqual(['bn', 'vi']);
    const [change] = await shop.app.settings.history();
    expect([change.setting, change.before, change.after]).toEqual([
      'languages',
      ['bn', 'en', 'vi', 'fa'],
      ['bn', 'vi'],
    ]);
  });

  it('a storefront page in a language not offered moves (302) to the same page in Vietnamese; staff pages stay', async () => {
    const visitor = new FormClient(shop.server);
    const product = (await shop.app.catalog.list({ locale: 'vi' })).items[0];
    const fa = await visitor.get(`/fa/p/${product.id}`);
    expect([fa.status, fa.location]).toEqual([302, `/vi/p/${product.id}`]);
    const en = await visitor.get('/en/search?q=g%E1%BA%A1ch');
    expect([en.status, en.location]).toEqual([302, '/vi/search?q=g%E1%BA%A1ch']);
    expect((await visitor.get('/en/')).location).toBe('/vi/');
    expect((await visitor.get('/bn/privacy')).status).toBe(200);
    expect((await visitor.get('/en/staff/login')).status).toBe(200);
    // A form sent from a page in that language is answered where it was sent: a redirect would drop its body.
    const posted = await visitor.post(
      '/fa/order-status',
      { code: 'ZZZZZ-ZZZZZ', contact: '0901234567' },
      { follow: false },
    );
    expect(posted.status).not.toBe(302);
    const owner = await signIn(shop, 'owner1');
    expect((await owner.get('/fa/staff/settings')).status).toBe(200);
  });

  it('the language switcher and the hreflang alternates list the offered languages only; staff pages all four', async () => {
    const visitor = new FormClient(shop.server);
    const home = (await visitor.get('/vi/')).body;
    const switcher = /<nav class="languages"[\s\S]*?<\/nav>/.exec(home)![0];
    expect([...switcher.matchAll(/href="\/([a-z]{2})\//g)].map((m) => m[1])).toEqual(['bn', 'vi']);
    const alternates = [...home.matchAll(/<link rel="alternate" hreflang="([^"]+)"/gi)].map((m) => m[1]);
    expect(alternates).toEqual(['bn-BD', 'vi-VN', 'x-default']);
    const staff = (await visitor.get('/vi/staff/login')).body;
    const staffSwitcher = /<nav class="languages"[\s\S]*?<\/nav>/.exec(staff)![0];
    expect([...staffSwitcher.matchAll(/href="\/([a-z]{2})\//g)].map((m) => m[1])).toEqual(['bn', 'en', 'vi', 'fa']);
  });

  it('the product form marks missing translations only in the languages offered', async () => {
    const owner = await signIn(shop, 'owner1');
    const page = (await owner.get('/vi/staff/catalog/new')).body;
    const missing = [...page.matchAll(/<fieldset class="translation missing" lang="([^"]+)"/g)].map((m) => m[1]);
    expect(missing).toEqual(['bn-BD', 'vi-VN']);
    // The English and Persian texts can still be written.
    expect(page).toContain('name="name_en"');
    expect(page).toContain('name="name_fa"');
  });
});
