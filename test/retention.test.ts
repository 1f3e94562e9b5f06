import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_MAP } from '../src/db/schema.ts';
import { dayIn } from '../src/i18n/format.ts';
import type { FINAL_STATUSES } from '../src/modules/orders/lifecycle.ts';
import { RULE_STEPS, STEP_TABLES } from '../src/privacy/retention.ts';
import { DAY_MS } from '../src/privacy/retention-settings.ts';
import { FormClient, textOf } from './helpers/browser.ts';
import { placeOrder } from './helpers/orders.ts';
import { describeEachDatabase, openTestShop, type TestShop } from './helpers/shop.ts';

const PASSWORD = 'a long walk to the bazaar';
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();

describe('the retention sweeper covers the data map', () => {
  it('[CM-04] every table holding personal data that is not kept for good is swept by a step of its rule', () => {
    for (const table of DATA_MAP.tables) {
      for (const [column, declaration] of Object.entries(table.columns)) {
        const rule = declaration.retention;
        if (!declaration.category.startsWith('user.') || !rule || rule === 'permanent') continue;
        const sweptBy = RULE_STEPS[rule].filter((step) => STEP_TABLES[step].includes(table.table));
        expect(sweptBy, `${table.table}.${column} (${rule}) is swept by no step`).not.toHaveLength(0);
      }
    }
  });
});

/** Moves a customer and their orders back in time, as if they had last ordered `days` ago. */
async function age(shop: TestShop, customerId: string, days: number) {
  const at = daysAgo(days);
  await shop.app.db.updateTable('customers').set({ created_at: at }).where('id', '=', customerId).execute();
  await shop.app.db
    .updateTable('orders')
    .set({ created_at: at, updated_at: at })
    .where('customer_id', '=', customerId)
    .execute();
}

describeEachDatabase('retention sweep (khakriz: 1,825 days after the last order)', (dialect) => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await openTestShop(dialect, 'khakriz');
    await shop.app.staff.create({ username: 'officer', displayName: 'Officer', role: 'owner', password: PASSWORD });
  });
  afterAll(async () => shop?.close());

  let n = 0;
  /** A registered customer with one order, finished (completed) unless said otherwise. */
  async function customer(status: (typeof FINAL_STATUSES)[number] | 'confirmed' = 'completed') {
    n += 1;
    const username = `nasrin${n}`;
    const phone = `+98912555${String(n).padStart(4, '0')}`;
    await shop.app.accounts.register({
      name: 'نسرین کریمی',
      username,
      email: `${username}@example.com`,
      phone,
      address: 'اصفهان، خیابان چهارباغ',
      password: PASSWORD,
      marketingEmail: false,
      locale: 'fa',
    });
    const accountId = (await shop.app.accounts.signIn({ username }, PASSWORD))!;
    const profile = (await shop.app.accounts.profile(accountId))!;
    const order = await placeOrder(shop, {
      buyer: { name: 'نسرین کریمی', phone, email: `${username}@example.com`, address: 'اصفهان' },
      customerId: profile.customerId,
    });
    await shop.app.db.updateTable('orders').set({ status }).where('id', '=', order.id).execute();
    // Signing in left a session; the customer has long gone.
    await shop.app.db.deleteFrom('sessions').where('account_id', '=', accountId).execute();
    return { username, accountId, subjectId: profile.subjectId, customerId: profile.customerId, order };
  }

  it('[CM-14] [CM-17] a customer past the retention is erased like on request, the tax identity kept under a legal hold; no one else is touched', async () => {
    const lapsed = await customer();
    const recent = await customer();
    const openOrder = await customer('confirmed');
    const signedIn = await customer();
    const held = await customer();
    for (const c of [lapsed, openOrder, signedIn, held]) await age(shop, c.customerId, 1900);
    await age(shop, recent.customerId, 1700);
    // Signed in on a phone right now: not lapsed, whatever the last order's date.
    const phone = new FormClient(shop.server);
    await phone.get('/en/account/signin');
    const signin = await phone.post(
      '/en/account/signin',
      { identifier: signedIn.username, password: PASSWORD },
      { follow: false },
    );
    expect(signin.status).toBe(303);
    // A preservation hold for a legal follow-up (KN-11) keeps the data past the retention.
    const officer = (await shop.app.staff.byUsername('officer'))!;
    const placed = await shop.app.legal.placeHold(
      { orderCode: held.order.code, reason: 'Court case 1405/88', until: '' },
      officer.id,
      dayIn(shop.app.preset.timezone),
    );
    expect(placed.ok).toBe(true);

    const report = await shop.app.retention.run('test');

    expect(report.counts.customers).toBe(1);
    expect(await shop.app.keys.get(lapsed.subjectId)).toBeNull();
    expect(await shop.app.accounts.signIn({ username: lapsed.username }, PASSWORD)).toBeNull();
    const order = await shop.app.db
      .selectFrom('orders')
      .selectAll()
      .where('id', '=', lapsed.order.id)
      .executeTakeFirst();
    expect(order).toMatchObject({ buyer_name_enc: null, phone_bidx: null, tax_identity_enc: null });
    expect(order?.total_minor).toBe(lapsed.order.totalMinor);
    const holds = await shop.app.db
      .selectFrom('legal_holds')
      .selectAll()
      .where('order_id', '=', lapsed.order.id)
      .execute();
    expect(holds).toHaveLength(1);
    expect(holds[0]).toMatchObject({ field: 'orders.tax_identity_enc', basis: 'tax_invoice' });
    const erasure = await shop.app.db
      .selectFrom('erasures')
      .selectAll()
      .where('reason', '=', 'retention.customer')
      .executeTakeFirstOrThrow();
    expect(erasure.actor).toBe('system:retention');

    for (const kept of [recent, openOrder, signedIn, held]) {
      expect(await shop.app.keys.get(kept.subjectId), kept.username).not.toBeNull();
    }
    // What the sweep did is recorded with counts and no one named, and in the audit log.
    const runs = await shop.app.retention.recentRuns();
    expect(runs[0]).toMatchObject({ trigger: 'test', counts: { customers: 1 } });
    expect(JSON.stringify(runs)).not.toMatch(/nasrin|نسرین|\+98/);
    const audit = await shop.app.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'retention_run')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.detail).toBe(report.runId);

    // A second sweep finds nothing more to do.
    expect((await shop.app.retention.run('test')).counts.customers).toBe(0);
  });

  it('[CM-17] a legal hold past its end date is deleted and its key shredded; one still running stays readable', async () => {
    const ending = await customer();
    const running = await customer();
    for (const c of [ending, running]) {
      await shop.app.erasure.erase({
        subjectIds: [c.subjectId],
        actor: { kind: 'system', job: 't' },
        reason: 'dsr.erasure',
      });
    }
    const hold = (orderId: string) =>
      shop.app.db.selectFrom('legal_holds').selectAll().where('order_id', '=', orderId).executeTakeFirst();
    const endingHold = (await hold(ending.order.id))!;
    await shop.app.db
      .updateTable('legal_holds')
      .set({ held_until: daysAgo(1) })
      .where('id', '=', endingHold.id)
      .execute();

    const report = await shop.app.retention.run('test');

    expect(report.counts.expired_legal_holds).toBe(1);
    expect(await hold(ending.order.id)).toBeUndefined();
    expect(await shop.app.keys.get(endingHold.hold_subject_id)).toBeNull();
    const runningHold = (await hold(running.order.id))!;
    expect(runningHold.held_until > new Date().toISOString()).toBe(true);
    expect(await shop.app.keys.get(runningHold.hold_subject_id)).not.toBeNull();
  });

  it('[CM-04] expired sessions and visitors’ carts unused for 30 days go; a recent cart and staff sessions stay', async () => {
    const product = (await shop.app.catalog.list({ locale: 'en' })).items.find((p) => p.stockMilli >= p.stepMilli)!;
    const idle = new FormClient(shop.server);
    const active = new FormClient(shop.server);
    for (const visitor of [idle, active]) await visitor.post('/en/cart/add', { product: product.id, quantity: '1' });
    const staff = new FormClient(shop.server);
    await staff.get('/en/staff/login');
    await staff.post('/en/staff/login', { username: 'officer', password: PASSWORD });
    const visitorSessions = await shop.app.db
      .selectFrom('sessions')
      .select(['id', 'last_seen_at'])
      .where('account_id', 'is', null)
      .where('staff_id', 'is', null)
      .orderBy('created_at', 'desc')
      .limit(2)
      .execute();
    // The older of the two is the idle visitor's: it was last seen 31 days ago.
    const idleId = visitorSessions.at(-1)!.id;
    await shop.app.db
      .updateTable('sessions')
      .set({ last_seen_at: daysAgo(31) })
      .where('id', '=', idleId)
      .execute();
    await shop.app.db
      .insertInto('sessions')
      .values({
        id: 'f'.repeat(64),
        staff_id: null,
        account_id: null,
        device: null,
        data: '{}',
        created_at: daysAgo(40),
        last_seen_at: daysAgo(40),
        expires_at: daysAgo(10),
      })
      .execute();

    const report = await shop.app.retention.run('test');

    expect(report.counts.sessions).toBeGreaterThanOrEqual(1);
    expect(report.counts.visitor_carts).toBe(1);
    expect(textOf((await idle.get('/en/cart')).body)).toContain('Your cart is empty.');
    expect(textOf((await active.get('/en/cart')).body)).not.toContain('Your cart is empty.');
    expect((await staff.get('/en/staff')).status).toBe(200);
  });
  it('[CM-17] staff see the rules with the shop’s periods, each run’s counts and what legal holds keep, in Persian; a packer may not', async () => {
    const owner = new FormClient(shop.server);
    await owner.get('/fa/staff/login');
    await owner.post('/fa/staff/login', { username: 'officer', password: PASSWORD });
    const ran = await owner.post('/fa/staff/retention', {});
    expect(ran.status).toBe(200);
    const text = textOf(ran.body);
    expect(text).toMatch(/اجرا شد و [۰-۹]+ سابقه پاک شد/);
    // The shop's own periods, in Persian digits: customers after 1,825 days, delivery details after the claim period.
    expect(text).toContain('مشتریانی که ۱٬۸۲۵ روز سفارشی نداشته‌اند');
    expect(text).toContain('۷ روز پس از پایان آن');
    expect(text).toContain('کارکنان');
    // The holds made by the erasures above: the basis named, and the end date in the Jalali calendar.
    expect(text).toContain('صورتحساب رسمی مالیاتی');
    expect(text).toMatch(/[۰-۹]+ (فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند) [۰-۹]{4}/);
    expect(ran.body).not.toMatch(/nasrin|نسرین/);
    const audit = await shop.app.db
      .selectFrom('audit_log')
      .select('actor')
      .where('action', '=', 'retention_run')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.actor).toMatch(/^staff:/);

    await shop.app.staff.create({ username: 'packer', displayName: 'Packer', role: 'packer', password: PASSWORD });
    const packer = new FormClient(shop.server);
    await packer.get('/fa/staff/login');
    await packer.post('/fa/staff/login', { username: 'packer', password: PASSWORD });
    expect((await packer.get('/fa/staff/retention')).status).toBe(403);
    expect((await packer.post('/fa/staff/retention', {})).status).toBe(403);
  });
});

describeEachDatabase('retention sweep (mistri: the home address goes once the visit is over)', (dialect) => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await openTestShop(dialect, 'mistri');
  });
  afterAll(async () => shop?.close());

  it('[MS-02] a finished order’s address, phone and instructions go after the claim period; the open one keeps them', async () => {
    const buyer = (phone: string) => ({ name: 'রাশেদ হাসান', phone, email: '', address: 'বাড়ি ১২, রোড ৫, ধানমন্ডি, ঢাকা' });
    const done = await placeOrder(shop, { buyer: buyer('+8801711000001'), deliveryInstructions: 'গেটে ফোন দিন' });
    const justDone = await placeOrder(shop, { buyer: buyer('+8801711000002') });
    const open = await placeOrder(shop, { buyer: buyer('+8801711000003') });
    await shop.app.db
      .updateTable('orders')
      .set({ status: 'completed', updated_at: daysAgo(31) })
      .where('id', '=', done.id)
      .execute();
    await shop.app.db
      .updateTable('orders')
      .set({ status: 'completed', updated_at: daysAgo(5) })
      .where('id', '=', justDone.id)
      .execute();
    await shop.app.db
      .updateTable('orders')
      .set({ updated_at: daysAgo(60) })
      .where('id', '=', open.id)
      .execute();

    const report = await shop.app.retention.run('test');

    expect(report.counts.delivery_details).toBe(1);
    const row = (id: string) =>
      shop.app.db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(await row(done.id)).toMatchObject({
      recipient_address_enc: null,
      recipient_phone_enc: null,
      buyer_phone_enc: null,
      delivery_instructions_enc: null,
      phone_bidx: null,
    });
    // The name stays with the order for its accounts, readable through the kernel.
    const kept = await row(done.id);
    expect(kept.buyer_name_enc).not.toBeNull();
    for (const id of [justDone.id, open.id]) expect((await row(id)).recipient_address_enc).not.toBeNull();
    // Staff still open the finished order; its address is simply no longer there.
    expect((await shop.app.orders.byId(done.id))?.code).toBe(done.code);
  });
});

describeEachDatabase('retention sweep (khatra keeps customers until they ask)', (dialect) => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await openTestShop(dialect, 'khatra');
  });
  afterAll(async () => shop?.close());

  it('[KT-07] a customer who last ordered years ago is not erased by the sweep', async () => {
    const order = await placeOrder(shop, {
      buyer: { name: 'Nguyễn Văn An', phone: '+84912345678', email: '', address: '12 Lê Lợi, Quận 1, TP. Hồ Chí Minh' },
    });
    await shop.app.db.updateTable('orders').set({ status: 'completed' }).where('id', '=', order.id).execute();
    const { customer_id, subject_id } = await shop.app.db
      .selectFrom('orders')
      .select(['customer_id', 'subject_id'])
      .where('id', '=', order.id)
      .executeTakeFirstOrThrow();
    await age(shop, customer_id, 3650);

    const report = await shop.app.retention.run('test');

    expect(report.counts.customers).toBe(0);
    expect(await shop.app.keys.get(subject_id)).not.toBeNull();
    const customer = await shop.app.db
      .selectFrom('customers')
      .select('name_enc')
      .where('id', '=', customer_id)
      .executeTakeFirstOrThrow();
    expect(customer.name_enc).not.toBeNull();
  });
});
