import { afterAll, beforeAll, expect, it } from 'vitest';
import { FormClient, textOf } from './helpers/browser.ts';
import { productsWithoutOptions } from './helpers/orders.ts';
import { describeEachDatabase, openTestShop, type TestShop } from './helpers/shop.ts';

const PASSWORD = 'correct horse battery staple';

async function signIn(shop: TestShop): Promise<FormClient> {
  const client = new FormClient(shop.server);
  await client.get('/vi/staff/login');
  const page = await client.post('/vi/staff/login', { username: 'lan', password: PASSWORD });
  expect(page.status).toBe(200);
  return client;
}

describeEachDatabase('staff area (khatra)', (dialect) => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await openTestShop(dialect, 'khatra');
    await shop.app.staff.create({
      username: 'lan',
      displayName: 'Nguyễn Thị Lan',
      role: 'manager',
      password: PASSWORD,
    });
  });
  afterAll(async () => shop?.close());

  it('[KN-12] only an argon2id hash of the password is stored', async () => {
    const row = await shop.app.db
      .selectFrom('staff_users')
      .selectAll()
      .where('username', '=', 'lan')
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(JSON.stringify(row)).not.toContain(PASSWORD);
  });

  it('the staff area needs a signed-in staff member; a wrong password says so without telling which part was wrong', async () => {
    const client = new FormClient(shop.server);
    const page = await client.get('/vi/staff');
    expect(page.status).toBe(303);
    expect(page.location).toBe('/vi/staff/login');
    const wrongUser = await client.post('/en/staff/login', { username: 'nobody', password: PASSWORD });
    const wrongPassword = await client.post('/en/staff/login', { username: 'lan', password: 'wrong password' });
    expect(wrongUser.status).toBe(401);
    expect(textOf(wrongUser.body)).toContain('The username or password is not correct.');
    expect(textOf(wrongPassword.body)).toContain('The username or password is not correct.');
  });

  it('[KT-10] staff enter an order that came by phone, with a fractional metre quantity; the channel is recorded', async () => {
    const client = await signIn(shop);
    const form = await client.get('/vi/staff/orders/new');
    expect(form.status).toBe(200);
    // Worded for the person taking the call, not for a customer.
    expect(textOf(form.body)).toContain('Thông tin khách hàng');
    expect(textOf(form.body)).not.toContain('Thông tin của bạn');
    const key = /name="idempotency_key" value="([^"]+)"/.exec(form.body)![1];
    const products = await productsWithoutOptions(shop.app.catalog, 'vi');
    const metre = products.find((p) => p.unit === 'metre')!;
    const box = products.find((p) => p.unit === 'box')!;
    const created = await client.post('/vi/staff/orders/new', {
      idempotency_key: key,
      channel: 'phone',
      product_0: metre.id,
      qty_0: '2,5',
      product_1: box.id,
      qty_1: '3',
      name: 'Trần Văn Bình',
      phone: '0912345678',
      email: '',
      address: '12 Nguyễn Huệ, Quận 1, TP. Hồ Chí Minh',
      delivery_instructions: '',
      delivery_date: '',
      delivery_window: '',
      payment_method: shop.app.preset.paymentMethods[0],
      payment_reference: '',
    });
    expect(created.status).toBe(200);
    const order = await shop.app.db
      .selectFrom('orders')
      .selectAll()
      .where('idempotency_key', '=', key)
      .executeTakeFirstOrThrow();
    expect(order.channel).toBe('phone');
    const lines = await shop.app.db.selectFrom('order_lines').selectAll().where('order_id', '=', order.id).execute();
    expect(lines.map((l) => [l.unit, Number(l.quantity_milli)]).sort()).toEqual([
      ['box', 3000],
      ['metre', 2500],
    ]);
    const events = await shop.app.db.selectFrom('order_events').selectAll().where('order_id', '=', order.id).execute();
    expect(events[0].actor).toMatch(/^staff:/);
    const list = await client.get('/vi/staff');
    expect(list.body).toContain(order.code);
  });

  it('[KT-03] a quantity that is not a whole number of steps is refused with a message, keeping what was typed', async () => {
    const client = await signIn(shop);
    const form = await client.get('/en/staff/orders/new');
    const key = /name="idempotency_key" value="([^"]+)"/.exec(form.body)![1];
    const tile = (await productsWithoutOptions(shop.app.catalog, 'en')).find(
      (p) => p.unit === 'tile' || p.unit === 'box',
    )!;
    const page = await client.post('/en/staff/orders/new', {
      idempotency_key: key,
      channel: 'email',
      product_0: tile.id,
      qty_0: '1.5',
      name: 'Lê Thị Hoa',
      phone: '0987654321',
      address: 'Thủ Đức',
      payment_method: shop.app.preset.paymentMethods[0],
    });
    expect(page.status).toBe(422);
    expect(textOf(page.body)).toContain('Enter a quantity in steps of');
    expect(page.body).toContain('value="1.5"');
    expect(page.body).toContain('value="Lê Thị Hoa"');
  });

  it('[HK-08] staff see the phone only on request, for support, and each reveal is audited with their id', async () => {
    const client = await signIn(shop);
    const form = await client.get('/en/staff/orders/new');
    const key = /name="idempotency_key" value="([^"]+)"/.exec(form.body)![1];
    const product = (await productsWithoutOptions(shop.app.catalog, 'en'))[0];
    await client.post('/en/staff/orders/new', {
      idempotency_key: key,
      channel: 'email',
      product_0: product.id,
      qty_0: '1',
      name: 'Phạm Minh Châu',
      phone: '0903123456',
      address: 'Quận 3',
      payment_method: shop.app.preset.paymentMethods[0],
    });
    const order = await shop.app.db
      .selectFrom('orders')
      .selectAll()
      .where('idempotency_key', '=', key)
      .executeTakeFirstOrThrow();
    const page = await client.get(`/en/staff/orders/${order.id}`);
    expect(textOf(page.body)).toContain('Phạm Minh Châu');
    expect(page.body).not.toMatch(/0?903[ .]?123[ .]?456/);
    const revealed = await client.post(`/en/staff/orders/${order.id}/reveal`, { field: 'phone' });
    expect(revealed.body).toContain('tel:+84903123456');
    const staffId = (
      await shop.app.db.selectFrom('staff_users').select('id').where('username', '=', 'lan').executeTakeFirstOrThrow()
    ).id;
    const audit = await shop.app.db
      .selectFrom('audit_log')
      .selectAll()
      .where('subject_id', '=', order.subject_id)
      .execute();
    const phoneReveal = audit.find((a) => a.field === 'orders.buyer_phone_enc')!;
    expect(phoneReveal).toMatchObject({ actor: `staff:${staffId}`, purpose: 'customer.support', detail: order.code });
  });

  it('a form posted without the session’s CSRF token, or from another site, is refused', async () => {
    const client = await signIn(shop);
    const product = (await productsWithoutOptions(shop.app.catalog, 'en'))[0];
    const forged = await client.post('/en/cart/add', { product: product.id, quantity: '1' }, { csrf: 'forged' });
    expect(forged.status).toBe(403);
    const evil = new FormClient(shop.server, 'http://evil.example');
    const cross = await evil.post('/en/staff/login', { username: 'lan', password: PASSWORD });
    expect(cross.status).toBe(403);
  });
});

describeEachDatabase('audit log page', (dialect) => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await openTestShop(dialect, 'chotomoni');
    await shop.app.staff.create({ username: 'owner', displayName: 'Farhana Owner', role: 'owner', password: PASSWORD });
    await shop.app.staff.create({
      username: 'packer',
      displayName: 'Jamal Packer',
      role: 'packer',
      password: PASSWORD,
    });
  });
  afterAll(async () => shop?.close());

  it('[HK-08] the owner sees who revealed what and why, with the chain verified; other staff may not', async () => {
    const subject = await shop.app.kernel.newSubject();
    const sealed = await shop.app.kernel.seal(subject, 'orders.buyer_phone_enc', '+8801712345678');
    const packerId = (
      await shop.app.db
        .selectFrom('staff_users')
        .select('id')
        .where('username', '=', 'packer')
        .executeTakeFirstOrThrow()
    ).id;
    await shop.app.kernel.reveal({
      actor: { kind: 'staff', id: packerId },
      purpose: 'customer.support',
      subjectId: subject,
      fields: { 'orders.buyer_phone_enc': sealed },
      detail: 'ABCDE-12345',
    });
    const packer = new FormClient(shop.server);
    await packer.get('/en/staff/login');
    await packer.post('/en/staff/login', { username: 'packer', password: PASSWORD });
    expect((await packer.get('/en/staff/audit')).status).toBe(403);
    const owner = new FormClient(shop.server);
    await owner.get('/en/staff/login');
    await owner.post('/en/staff/login', { username: 'owner', password: PASSWORD });
    const page = await owner.get('/en/staff/audit');
    expect(page.status).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('The log is intact');
    expect(text).toContain('Jamal Packer');
    expect(text).toContain('Viewed the phone number · ABCDE-12345');
    expect(text).not.toContain('orders.buyer_phone_enc');
    expect(text).toContain('To contact you about a problem with your order');
    expect(page.body).not.toContain('1712345678');
    const persian = textOf((await owner.get('/fa/staff/audit')).body);
    expect(persian).toContain('شماره تلفن را دید');
  });

  it('[HK-08] the audit log pages through every entry, newest first', async () => {
    const subject = await shop.app.kernel.newSubject();
    const sealed = await shop.app.kernel.seal(subject, 'orders.buyer_email_enc', 'someone@example.com');
    for (let i = 0; i < 120; i++) {
      await shop.app.kernel.reveal({
        actor: { kind: 'system', job: 'test' },
        purpose: 'customer.support',
        subjectId: subject,
        fields: { 'orders.buyer_email_enc': sealed },
        detail: `${String(i).padStart(5, '0')}-00000`,
      });
    }
    const owner = new FormClient(shop.server);
    await owner.get('/en/staff/login');
    await owner.post('/en/staff/login', { username: 'owner', password: PASSWORD });
    const first = await owner.get('/en/staff/audit');
    const rows = (body: string) => [...body.matchAll(/<tr>/g)].length - 1;
    expect(rows(first.body)).toBe(100);
    expect(first.body).toContain('href="/en/staff/audit?page=2"');
    const second = await owner.get('/en/staff/audit?page=2');
    expect(rows(second.body)).toBeGreaterThan(0);
    expect(textOf(second.body)).toContain('ABCDE-12345');
    expect((await owner.get('/en/staff/audit?page=x')).status).toBe(200);
  });
});
