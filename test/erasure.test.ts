import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FormClient, textOf } from './helpers/browser.ts';
import { placeOrder } from './helpers/orders.ts';
import { describeEachDatabase, openTestShop, type TestShop } from './helpers/shop.ts';

const PASSWORD = 'tiles for the new kitchen';
const STAFF_PASSWORD = 'invoice drawer by the till';

describeEachDatabase('erasure by crypto-shredding (khakriz)', (dialect) => {
  let shop: TestShop;
  let owner: FormClient;
  beforeAll(async () => {
    shop = await openTestShop(dialect, 'khakriz');
    await shop.app.staff.create({ username: 'owner', displayName: 'Owner', role: 'owner', password: STAFF_PASSWORD });
    owner = new FormClient(shop.server);
    await owner.get('/en/staff/login');
    await owner.post('/en/staff/login', { username: 'owner', password: STAFF_PASSWORD });
  });
  afterAll(async () => shop?.close());

  /** A registered customer (signed in by username) with one order placed under their own record. */
  async function customerWithOrder(n: number) {
    const username = `sara${n}`;
    await shop.app.accounts.register({
      name: 'سارا محمدی',
      username,
      email: `sara${n}@example.com`,
      phone: `+98912000${String(n).padStart(4, '0')}`,
      address: 'تهران، خیابان ولیعصر',
      password: PASSWORD,
      marketingEmail: false,
      locale: 'fa',
    });
    const accountId = (await shop.app.accounts.signIn({ username }, PASSWORD))!;
    const profile = (await shop.app.accounts.profile(accountId))!;
    const order = await placeOrder(shop, {
      buyer: { name: 'سارا محمدی', phone: `+98912000${String(n).padStart(4, '0')}`, email: '', address: 'تهران' },
      customerId: profile.customerId,
    });
    return { username, accountId, subjectId: profile.subjectId, order };
  }

  it('[CM-14] the erased customer cannot sign in and staff see the order anonymised, not broken', async () => {
    const sara = await customerWithOrder(1);
    const other = await customerWithOrder(2);
    const report = await shop.app.erasure.erase({
      subjectIds: [sara.subjectId],
      actor: { kind: 'staff', id: 'dpo' },
      reason: 'dsr.erasure',
      requestRef: randomUUID(),
    });
    expect(report.orders).toBe(1);
    expect(await shop.app.accounts.signIn({ username: sara.username }, PASSWORD)).toBeNull();
    expect(await shop.app.keys.get(sara.subjectId)).toBeNull();
    const row = await shop.app.db.selectFrom('orders').selectAll().where('id', '=', sara.order.id).executeTakeFirst();
    expect(row).toMatchObject({ buyer_name_enc: null, phone_bidx: null, tax_identity_enc: null });
    expect(row?.total_minor).toBe(sara.order.totalMinor);
    const page = await owner.get(`/en/staff/orders/${sara.order.id}`);
    expect(page.status).toBe(200);
    expect(textOf(page.body)).toContain('(erased)');
    expect(textOf(page.body)).toContain(sara.order.code);
    // Nobody else is touched.
    expect(await shop.app.accounts.signIn({ username: other.username }, PASSWORD)).toBe(other.accountId);
    // What was erased, when, by whom and for which request is recorded, with ids only.
    const record = await shop.app.db
      .selectFrom('erasures')
      .selectAll()
      .where('id', '=', report.erasureId)
      .executeTakeFirstOrThrow();
    expect(record).toMatchObject({ actor: 'staff:dpo', reason: 'dsr.erasure', orders: 1, legal_holds: 1 });
    expect(JSON.stringify(record)).not.toMatch(/سارا|sara/);
  });

  it('[CM-14] refuses a free-text reason, which could carry personal data into the record', async () => {
    await expect(
      shop.app.erasure.erase({ subjectIds: [], actor: { kind: 'system', job: 't' }, reason: 'Sara asked by phone' }),
    ).rejects.toThrow(/short code/);
  });

  it('[CM-14] erases a customer with 1,000 orders in well under a second, the shred itself within 50 ms', async () => {
    const buyer = await customerWithOrder(3);
    const template = await shop.app.db
      .selectFrom('orders')
      .selectAll()
      .where('id', '=', buyer.order.id)
      .executeTakeFirstOrThrow();
    const copies = Array.from({ length: 999 }, (_, i) => ({
      ...template,
      id: randomUUID(),
      code: `T${String(i).padStart(4, '0')}-${randomUUID().slice(0, 5).toUpperCase()}`,
      idempotency_key: randomUUID(),
    }));
    for (let i = 0; i < copies.length; i += 100) {
      await shop.app.db
        .insertInto('orders')
        .values(copies.slice(i, i + 100))
        .execute();
    }
    const started = performance.now();
    const report = await shop.app.erasure.erase({
      subjectIds: [buyer.subjectId],
      actor: { kind: 'system', job: 'test' },
      reason: 'dsr.erasure',
    });
    const elapsed = performance.now() - started;
    expect(report.orders).toBe(1000);
    expect(report.legalHolds).toBe(1000);
    expect(elapsed).toBeLessThan(1000);
    expect(report.shredMs).toBeLessThan(50);
    const left = await shop.app.db
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('subject_id', '=', buyer.subjectId)
      .where('buyer_name_enc', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(Number(left.n)).toBe(0);
  });
});
