import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Locale } from '../src/i18n/locales.ts';
import { translate } from '../src/i18n/translate.ts';
import { FormClient, textOf } from './helpers/browser.ts';
import { type Inbox, linkIn, startInbox } from './helpers/mail.ts';
import { productsWithoutOptions } from './helpers/orders.ts';
import type { TestShop } from './helpers/shop.ts';
import { describeEachDatabase, openTestShop } from './helpers/shop.ts';

const staffActor = (id: string) => ({ kind: 'staff' as const, id });

/** A guest order through the storefront, in a language, with an e-mail; returns its code and the buyer's client. */
async function guestOrder(shop: TestShop, locale: Locale, email: string, quantity = '1') {
  const client = new FormClient(shop.server);
  const product = (await shop.app.catalog.list({ locale })).items.find((p) => p.stockMilli >= 3000)!;
  await client.post(`/${locale}/cart/add`, { product: product.id, quantity });
  const checkout = await client.get(`/${locale}/checkout`);
  const key = /name="idempotency_key" value="([^"]+)"/.exec(checkout.body)![1];
  const done = await client.post(`/${locale}/checkout`, {
    name: 'Rina Akter',
    phone: '01812345678',
    email,
    address: 'House 4, Road 2, Mirpur 10, Dhaka',
    delivery_instructions: '',
    delivery_date: '',
    delivery_window: '',
    payment_method: 'cod',
    payment_reference: '',
    idempotency_key: key,
  });
  expect(done.status).toBe(200);
  const code = /<bdi dir="ltr" class="ltr">([0-9A-Z]{5}-[0-9A-Z]{5})<\/bdi>/.exec(done.body)![1];
  const order = (await shop.app.orders.byCode(code))!;
  return { client, code, order, product };
}

describeEachDatabase('order operations (chotomoni)', (dialect) => {
  let shop: TestShop;
  let inbox: Inbox;
  let staffId: string;
  beforeAll(async () => {
    inbox = await startInbox();
    shop = await openTestShop(dialect, 'chotomoni', { smtpUrl: inbox.url });
    staffId = (
      await shop.app.staff.create({ username: 'mitu', displayName: 'Mitu', role: 'owner', password: randomUUID() })
    ).id;
  });
  afterAll(async () => {
    await shop?.close();
    await inbox?.close();
  });

  const subjectFor = (locale: Locale, code: string, status: string) =>
    translate(locale, 'mail.order.subject', {
      shop: shop.app.preset.identity.name[locale],
      code,
      status: translate(locale, `status.${status}` as 'status.placed'),
    });

  it('[HK-03] the buyer gets an e-mail in their language when the order is placed and at every status change', async () => {
    const email = 'rina.hk03@example.com';
    const { code, order } = await guestOrder(shop, 'bn', email);
    const placed = await inbox.waitFor(email, new RegExp(code));
    expect(placed.subject).toBe(subjectFor('bn', code, 'placed'));
    expect(placed.html).toContain('lang="bn-BD"');
    expect(linkIn(placed, '/bn/order-status')).toBe(`http://localhost/bn/order-status?code=${code}`);
    for (const status of ['confirmed', 'packed', 'shipped', 'delivered'] as const) {
      expect(await shop.app.orders.move(order.id, status, staffActor(staffId))).toEqual({ ok: true });
      const mail = await inbox.waitFor(email, new RegExp(`^${subjectFor('bn', code, status)}$`));
      expect(mail.text).toContain(
        translate('bn', `mail.order.${status}`, { shop: shop.app.preset.identity.name.bn, code }),
      );
    }
    // Each change is one message, however often the outbox runs.
    await shop.app.outbox.drain();
    expect(inbox.messages.filter((m) => m.subject?.includes(code))).toHaveLength(5);
    // The outbox keeps no message once it is sent.
    const rows = await shop.app.db
      .selectFrom('outbox')
      .selectAll()
      .where('dedupe_key', 'like', `order:${order.id}:%`)
      .execute();
    expect(rows).toHaveLength(5);
    expect(rows.every((r) => r.sent_at !== null && r.payload_enc === null)).toBe(true);
  });

  it('[HK-03] a Persian buyer’s e-mail is right to left, with the order code isolated left to right', async () => {
    const email = 'sara.hk03@example.com';
    const { code } = await guestOrder(shop, 'fa', email);
    const mail = await inbox.waitFor(email, new RegExp(code));
    expect(mail.html).toContain('<html lang="fa-IR" dir="rtl">');
    expect(mail.html).toContain(`<bdi dir="ltr">${code}</bdi>`);
  });

  it('illegal moves are refused with a reason and change nothing; cancelling and returning put the goods back', async () => {
    const { order, product } = await guestOrder(shop, 'en', 'stock@example.com', '3');
    const staff = staffActor(staffId);
    const stock = async () => (await shop.app.catalog.byIds([product.id], 'en'))[0].stockMilli;
    const afterOrder = await stock();
    expect(await shop.app.orders.move(order.id, 'delivered', staff)).toEqual({ ok: false, reason: 'not_allowed' });
    expect((await shop.app.orders.byId(order.id))!.status).toBe('placed');
    for (const status of ['confirmed', 'packed', 'shipped', 'returned', 'refunded'] as const) {
      expect(await shop.app.orders.move(order.id, status, staff)).toEqual({ ok: true });
    }
    expect(await stock()).toBe(afterOrder + 3000);
    expect(await shop.app.orders.move(order.id, 'cancelled', staff)).toEqual({ ok: false, reason: 'not_allowed' });
    const history = (await shop.app.orders.byId(order.id))!.events.map((e) => e.status);
    expect(history).toEqual(['placed', 'confirmed', 'packed', 'shipped', 'returned', 'refunded']);

    const second = await guestOrder(shop, 'en', 'stock@example.com', '2');
    const before = await stock();
    await shop.app.orders.move(second.order.id, 'cancelled', staff);
    expect(await stock()).toBe(before + 2000);
    await shop.app.orders.move(second.order.id, 'refunded', staff);
    expect(await stock()).toBe(before + 2000);
  });

  it('[KN-06] staff ask for a complete address; the order waits until the customer gives it, then goes on', async () => {
    const email = 'kn06@example.com';
    const { client, code, order } = await guestOrder(shop, 'en', email);
    const staff = new FormClient(shop.server);
    await shop.app.staff.create({
      username: 'kn06',
      displayName: 'Support',
      role: 'support',
      password: 'support pass phrase',
    });
    await staff.get('/en/staff/login');
    await staff.post('/en/staff/login', { username: 'kn06', password: 'support pass phrase' });
    const asked = await staff.post(`/en/staff/orders/${order.id}/ask`, { reason: 'address' });
    expect(asked.status).toBe(200);
    expect((await shop.app.orders.byId(order.id))!.status).toBe('awaiting_details');
    // The customer is told what is missing, by e-mail and on the order page.
    const mail = await inbox.waitFor(email, new RegExp(`^${subjectFor('en', code, 'awaiting_details')}$`));
    expect(mail.text).toContain('Your delivery address is not complete');
    const page = await client.get(`/en/order/${code}`);
    expect(textOf(page.body)).toContain('We need a few more details');
    // Staff cannot move it on by hand past the question, except by confirming it themselves.
    expect(await shop.app.orders.move(order.id, 'packed', staffActor(staffId))).toEqual({
      ok: false,
      reason: 'not_allowed',
    });
    // A wrong answer keeps what was typed and says what is wrong.
    const wrong = await client.post(`/en/order/${code}/details`, {
      recipient_name: 'Rina Akter',
      recipient_phone: '12345',
      recipient_address: 'House 4, Road 2, Block C, Mirpur 10, Dhaka 1216',
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body).toContain('value="12345"');
    expect(wrong.body).toContain('Block C, Mirpur 10');
    // Someone else with the code gets nothing and changes nothing.
    const stranger = await new FormClient(shop.server).post(
      `/en/order/${code}/details`,
      { recipient_name: 'X', recipient_phone: '01700000000', recipient_address: 'Elsewhere' },
      { follow: false },
    );
    expect(stranger.status).toBe(303);
    const done = await client.post(`/en/order/${code}/details`, {
      recipient_name: 'Rina Akter',
      recipient_phone: '01812345678',
      recipient_address: 'House 4, Road 2, Block C, Mirpur 10, Dhaka 1216',
    });
    expect(textOf(done.body)).toContain('Thank you: your order goes on.');
    const after = (await shop.app.orders.byId(order.id))!;
    expect(after.status).toBe('placed');
    const opened = await shop.app.kernel.reveal({
      actor: staffActor(staffId),
      purpose: 'order.fulfilment',
      subjectId: after.recipientSubjectId,
      fields: { 'orders.recipient_address_enc': after.sealed.recipient_address_enc },
    });
    expect(opened['orders.recipient_address_enc']).toBe('House 4, Road 2, Block C, Mirpur 10, Dhaka 1216');
    expect(after.events.map((e) => [e.status, e.note])).toEqual([
      ['placed', null],
      ['awaiting_details', 'details:address'],
      ['placed', 'details_given'],
    ]);
    // Answering again, when nothing is asked, changes nothing.
    const again = await client.post(`/en/order/${code}/details`, {
      recipient_name: 'Other',
      recipient_phone: '01812345678',
      recipient_address: 'Other',
    });
    expect(again.status).toBe(409);
  });
});

describeEachDatabase('order updates by SMS (khatra)', (dialect) => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await openTestShop(dialect, 'khatra');
  });
  afterAll(async () => shop?.close());

  it('[HK-03] a shop that sends updates by SMS texts the buyer at every status change, in their language', async () => {
    const staff = await shop.app.staff.create({
      username: 'tam',
      displayName: 'Tâm',
      role: 'owner',
      password: randomUUID(),
    });
    const product = (await productsWithoutOptions(shop.app.catalog, 'vi')).find((p) => p.unit === 'metre')!;
    const placed = await shop.app.orders.place({
      lines: [{ productId: product.id, quantityMilli: 2500 }],
      buyer: { name: 'Phạm Minh Châu', phone: '+84903123456', email: '', address: 'Quận 3, TP.HCM' },
      recipient: null,
      deliveryInstructions: '',
      deliveryDate: null,
      deliveryWindow: null,
      paymentMethod: 'cod',
      paymentReference: null,
      channel: 'phone',
      locale: 'vi',
      idempotencyKey: randomUUID(),
      actor: `staff:${staff.id}`,
    });
    if (!placed.ok) throw new Error('not placed');
    await shop.app.orders.move(placed.id, 'confirmed', staffActor(staff.id));
    await shop.app.outbox.drain();
    const texts = shop.sms.sent.filter((m) => m.to === '+84903123456').map((m) => m.text);
    expect(texts).toEqual([
      `KHATRA: đơn hàng ${placed.code} — ${translate('vi', 'status.placed')}. http://localhost/vi/order-status?code=${placed.code}`,
      `KHATRA: đơn hàng ${placed.code} — ${translate('vi', 'status.confirmed')}. http://localhost/vi/order-status?code=${placed.code}`,
    ]);
  });
});
