/**
 * Issue 5, point 6, last sentence: a shop whose preset names no courier company (hatkoro, HK-09) delivers with its
 * own staff. Staff who fulfil give a packed order to a courier account; the courier sees only their deliveries on
 * the way — the recipient's name, phone and address and the note, revealed for fulfilment and audited with their
 * name (HK-08) — and loses access to each once it is delivered.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { formatMoney } from '../src/i18n/format.ts';
import type { Locale } from '../src/i18n/locales.ts';
import { translate } from '../src/i18n/translate.ts';
import { courierSetup } from '../src/modules/fulfilment/config.ts';
import type { OrderView } from '../src/modules/orders/service.ts';
import type { StaffRole } from '../src/modules/staff/permissions.ts';
import { getPreset } from '../src/presets/index.ts';
import { FormClient, textOf } from './helpers/browser.ts';
import { type Inbox, startInbox } from './helpers/mail.ts';
import { placeOrder } from './helpers/orders.ts';
import { describeEachDatabase, openTestShop, type TestShop } from './helpers/shop.ts';
import { type SignedInStaff, signInNewStaff } from './helpers/staff.ts';

const PASSWORD = 'a bicycle, a bell and a basket';

const BUYER = {
  name: 'Farhana Islam',
  phone: '+8801911222333',
  email: 'farhana.own-delivery@example.com',
  address: 'Road 11, Gulshan 2, Dhaka',
};
const RECIPIENT = { name: 'Jamal Hossain', phone: '+8801712345678', address: 'House 7, Road 3, Mirpur 10, Dhaka' };
const NOTE = 'Leave it with the guard at the gate';

describeEachDatabase('own delivery: the shop’s own couriers (hatkoro)', (dialect) => {
  let shop: TestShop;
  let inbox: Inbox;
  let packer: SignedInStaff;
  let courierA: SignedInStaff;
  let courierB: SignedInStaff;
  /** The order that goes through the whole story, test after test. */
  let order: OrderView;

  const signIn = (role: StaffRole, name: string) => signInNewStaff(shop, role, name, PASSWORD, 'en');

  /** A cash-on-delivery order for someone else than the buyer, moved by staff up to `until`. */
  async function orderUpTo(until: 'confirmed' | 'packed'): Promise<OrderView> {
    const placed = await placeOrder(shop, {
      buyer: BUYER,
      recipient: RECIPIENT,
      deliveryInstructions: NOTE,
      channel: 'phone',
      actor: 'staff:test',
    });
    for (const to of until === 'packed' ? (['confirmed', 'packed'] as const) : (['confirmed'] as const)) {
      expect(await shop.app.orders.move(placed.id, to, { kind: 'staff', id: packer.id })).toEqual({ ok: true });
    }
    return (await shop.app.orders.byId(placed.id))!;
  }

  const assign = (orderId: string, courier: string, client = packer.client) =>
    client.post(`/en/staff/orders/${orderId}/assign`, { courier }, { follow: false });

  const subjectFor = (locale: Locale, code: string, status: string) =>
    translate(locale, 'mail.order.subject', {
      shop: shop.app.preset.identity.name[locale],
      code,
      status: translate(locale, `status.${status}` as 'status.placed'),
    });

  /** The reveals a staff member made, oldest first. */
  function revealsBy(staffId: string) {
    return shop.app.db
      .selectFrom('audit_log')
      .select(['actor', 'action', 'purpose', 'subject_id', 'field', 'detail'])
      .where('actor', '=', `staff:${staffId}`)
      .where('action', '=', 'reveal')
      .orderBy('seq')
      .execute();
  }

  function assignment(orderId: string) {
    return shop.app.db
      .selectFrom('delivery_assignments')
      .selectAll()
      .where('order_id', '=', orderId)
      .executeTakeFirst();
  }

  /** What a person reads on a page, with one name blanked out. */
  const reading = (page: { status: number; body: string }, blank: string) => ({
    status: page.status,
    text: textOf(page.body).replaceAll(blank, '…'),
  });

  beforeAll(async () => {
    inbox = await startInbox();
    shop = await openTestShop(dialect, 'hatkoro', { smtpUrl: inbox.url });
    packer = await signIn('packer', 'Mitu the packer');
    courierA = await signIn('courier', 'Rafiq Courier');
    courierB = await signIn('courier', 'Sumon Courier');
    order = await orderUpTo('packed');
  });
  afterAll(async () => {
    await shop?.close();
    await inbox?.close();
  });

  it('[HK-09] hatkoro names no courier company, so its own couriers deliver; khatra’s contractor (GHN) does not', () => {
    expect(shop.app.fulfilment.courierChoice).toEqual({ kind: 'none' });
    expect(shop.app.fulfilment.ownDelivery).not.toBeNull();
    expect(getPreset('hatkoro')!.policy.recipients).toEqual([]);
    // mistri declares only its technicians, no courier: its own staff deliver too.
    expect(courierSetup(getPreset('mistri')!, {}).kind).toBe('none');
    // khatra declares a delivery contractor under contract HĐ-2024-017 (KT-08): parcels go to it, not to own couriers.
    expect(courierSetup(getPreset('khatra')!, {}).kind).toBe('not_configured');
  });

  it('[HK-09] staff give a packed order to a courier: it goes out for delivery and the buyer is told', async () => {
    const page = await packer.client.get(`/en/staff/orders/${order.id}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain(`action="/en/staff/orders/${order.id}/assign"`);
    expect(page.body).toContain(`<option value="${courierA.id}">${courierA.name}</option>`);
    expect(page.body).toContain(`<option value="${courierB.id}">${courierB.name}</option>`);
    expect(page.body).not.toContain(`<option value="${packer.id}">`);

    const done = await assign(order.id, courierA.id);
    expect(done.status).toBe(303);
    expect(done.location).toBe(`/en/staff/orders/${order.id}`);
    const moved = (await shop.app.orders.byId(order.id))!;
    expect(moved.status).toBe('out_for_delivery');
    expect(moved.events.at(-1)).toMatchObject({ status: 'out_for_delivery', actor: `staff:${packer.id}` });
    expect(await assignment(order.id)).toMatchObject({ staff_id: courierA.id, delivered_at: null });
    await inbox.waitFor(BUYER.email, new RegExp(`^${subjectFor('en', order.code, 'out_for_delivery')}$`));

    // The order page says who carries it, and offers no second assignment; a second one (a double submit) is refused.
    const after = await packer.client.get(`/en/staff/orders/${order.id}`);
    expect(textOf(after.body)).toContain(courierA.name);
    expect(after.body).not.toContain(`/en/staff/orders/${order.id}/assign`);
    const again = await assign(order.id, courierB.id);
    expect(again.status).toBe(409);
    expect(textOf(again.body)).toContain(translate('en', 'delivery.errorAssigned'));
    expect(await assignment(order.id)).toMatchObject({ staff_id: courierA.id });
  });

  it('[HK-09] [HK-08] the courier sees the recipient’s name, phone, address, note and the cash to collect, revealed for fulfilment and audited with their name', async () => {
    expect(courierA.landing.status).toBe(200);
    expect(textOf(courierA.landing.body)).toContain(translate('en', 'delivery.title'));
    const before = (await revealsBy(courierA.id)).length;

    const list = await courierA.client.get('/en/staff/deliveries');
    expect(list.status).toBe(200);
    expect(list.headers['cache-control']).toBe('no-store');
    const text = textOf(list.body);
    for (const shown of [order.code, RECIPIENT.name, RECIPIENT.address, NOTE]) expect(text).toContain(shown);
    expect(list.body).toContain(`href="tel:${RECIPIENT.phone}"`);
    const preset = shop.app.preset;
    expect(text).toContain(formatMoney(order.totalMinor, preset.currency, 'en', preset.displayCurrency));
    // Nothing the courier does not need: not the buyer’s name, phone or e-mail.
    for (const hidden of [BUYER.name, BUYER.email, BUYER.phone]) expect(list.body).not.toContain(hidden);
    // The nav offers the courier their deliveries, not the order list.
    expect(list.body).toContain('href="/en/staff/deliveries"');
    expect(text).not.toContain(translate('en', 'staff.orders'));

    const one = await courierA.client.get(`/en/staff/deliveries/${order.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toContain(`href="tel:${RECIPIENT.phone}"`);
    expect(one.body).toContain(`action="/en/staff/deliveries/${order.id}/delivered"`);

    const reveals = (await revealsBy(courierA.id)).slice(before);
    expect(reveals).toHaveLength(4);
    for (const page of [0, 2]) {
      expect(reveals.slice(page, page + 2)).toEqual([
        {
          actor: `staff:${courierA.id}`,
          action: 'reveal',
          purpose: 'order.fulfilment',
          subject_id: order.recipientSubjectId,
          field: 'orders.recipient_name_enc,orders.recipient_phone_enc,orders.recipient_address_enc',
          detail: order.code,
        },
        {
          actor: `staff:${courierA.id}`,
          action: 'reveal',
          purpose: 'order.fulfilment',
          subject_id: order.subjectId,
          field: 'orders.delivery_instructions_enc',
          detail: order.code,
        },
      ]);
    }
  });

  it('[HK-09] another courier sees nothing of it: their list is empty and its address answers 404, as for no order', async () => {
    const list = await courierB.client.get('/en/staff/deliveries');
    expect(list.status).toBe(200);
    expect(textOf(list.body)).toContain(translate('en', 'delivery.none'));
    for (const hidden of [order.code, RECIPIENT.name, RECIPIENT.address, RECIPIENT.phone, NOTE]) {
      expect(list.body).not.toContain(hidden);
    }
    const theirs = await courierB.client.get(`/en/staff/deliveries/${order.id}`);
    const none = randomUUID();
    const missing = await courierB.client.get(`/en/staff/deliveries/${none}`);
    expect(theirs.status).toBe(404);
    expect(reading(theirs, order.id)).toEqual(reading(missing, none));
    const press = await courierB.client.post(`/en/staff/deliveries/${order.id}/delivered`, {}, { follow: false });
    expect(press.status).toBe(404);
    expect((await shop.app.orders.byId(order.id))!.status).toBe('out_for_delivery');
    expect(await revealsBy(courierB.id)).toEqual([]);
  });

  it('[HK-09] a courier opens no other staff page: orders, slips, order entry, recovery and the audit log answer 403', async () => {
    const before = await revealsBy(courierA.id);
    const base = `/en/staff/orders/${order.id}`;
    for (const url of [
      '/en/staff',
      base,
      `${base}/slip`,
      `${base}/slip.pdf`,
      '/en/staff/orders/new',
      '/en/staff/audit',
      '/en/staff/recovery',
    ]) {
      expect((await courierA.client.get(url)).status, url).toBe(403);
    }
    for (const [url, form] of [
      [`${base}/reveal`, { field: 'phone' }],
      [`${base}/status`, { to: 'delivered' }],
      [`${base}/assign`, { courier: courierA.id }],
      ['/en/staff/orders/bulk-status', { to: 'delivered', ids: order.id }],
    ] as const) {
      expect((await courierA.client.post(url, form, { follow: false })).status, url).toBe(403);
    }
    expect((await shop.app.orders.byId(order.id))!.status).toBe('out_for_delivery');
    expect(await revealsBy(courierA.id)).toEqual(before);
    // And the office does not use the couriers' area.
    expect((await packer.client.get('/en/staff/deliveries')).status).toBe(403);
  });

  it('[HK-09] marking it delivered moves the order on with the courier in its history, tells the buyer, and ends the courier’s access', async () => {
    const done = await courierA.client.post(`/en/staff/deliveries/${order.id}/delivered`, {}, { follow: false });
    expect(done.status).toBe(303);
    expect(done.location).toBe('/en/staff/deliveries?delivered=1');
    const delivered = (await shop.app.orders.byId(order.id))!;
    expect(delivered.status).toBe('delivered');
    expect(delivered.events.at(-1)).toMatchObject({ status: 'delivered', actor: `staff:${courierA.id}` });
    expect((await assignment(order.id))!.delivered_at).not.toBeNull();

    // The buyer's message was written with the move (the outbox) and arrives.
    const event = await shop.app.db
      .selectFrom('order_events')
      .select('id')
      .where('order_id', '=', order.id)
      .where('status', '=', 'delivered')
      .executeTakeFirstOrThrow();
    const outbox = await shop.app.db
      .selectFrom('outbox')
      .select(['kind', 'subject_id', 'purpose'])
      .where('dedupe_key', '=', `order:${order.id}:event:${event.id}:mail`)
      .executeTakeFirst();
    expect(outbox).toEqual({ kind: 'mail', subject_id: order.subjectId, purpose: 'order.status_updates' });
    await inbox.waitFor(BUYER.email, new RegExp(`^${subjectFor('en', order.code, 'delivered')}$`));

    const before = await revealsBy(courierA.id);
    const list = await courierA.client.get('/en/staff/deliveries?delivered=1');
    expect(list.status).toBe(200);
    expect(textOf(list.body)).toContain(translate('en', 'delivery.done'));
    expect(textOf(list.body)).toContain(translate('en', 'delivery.none'));
    for (const hidden of [order.code, RECIPIENT.name, RECIPIENT.address, RECIPIENT.phone, NOTE]) {
      expect(list.body).not.toContain(hidden);
    }
    expect((await courierA.client.get(`/en/staff/deliveries/${order.id}`)).status).toBe(404);
    const twice = await courierA.client.post(`/en/staff/deliveries/${order.id}/delivered`, {}, { follow: false });
    expect(twice.status).toBe(404);
    expect(await revealsBy(courierA.id)).toEqual(before);

    // Staff still see who delivered it and when.
    const page = await packer.client.get(`/en/staff/orders/${order.id}`);
    expect(textOf(page.body)).toContain(courierA.name);
    expect(textOf(page.body)).toContain(translate('en', 'delivery.deliveredAt'));
  });

  it('[HK-09] only a packed order, and only to a courier account; an order staff take back leaves the courier’s list', async () => {
    const confirmed = await orderUpTo('confirmed');
    expect((await assign(confirmed.id, courierA.id)).status).toBe(409);
    expect(await assignment(confirmed.id)).toBeUndefined();

    const packed = await orderUpTo('packed');
    for (const notACourier of [packer.id, randomUUID(), 'nobody']) {
      const refused = await assign(packed.id, notACourier);
      expect(refused.status, notACourier).toBe(422);
      expect(textOf(refused.body)).toContain(translate('en', 'delivery.errorCourier'));
    }
    expect(await assignment(packed.id)).toBeUndefined();
    expect((await shop.app.orders.byId(packed.id))!.status).toBe('packed');

    // Given to B, then brought back by staff: B's access ends with it.
    expect((await assign(packed.id, courierB.id)).status).toBe(303);
    expect((await courierB.client.get(`/en/staff/deliveries/${packed.id}`)).status).toBe(200);
    expect(await shop.app.orders.move(packed.id, 'returned', { kind: 'staff', id: packer.id })).toEqual({ ok: true });
    expect((await courierB.client.get(`/en/staff/deliveries/${packed.id}`)).status).toBe(404);
    expect((await courierB.client.get('/en/staff/deliveries')).body).not.toContain(packed.code);
    const press = await courierB.client.post(`/en/staff/deliveries/${packed.id}/delivered`, {}, { follow: false });
    expect(press.status).toBe(404);
    expect((await shop.app.orders.byId(packed.id))!.status).toBe('returned');
  });
});

describeEachDatabase('own delivery: not in a shop that hands parcels to a courier company (chotomoni)', (dialect) => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await openTestShop(dialect, 'chotomoni');
  });
  afterAll(async () => {
    await shop?.close();
  });

  it('offers no couriers of its own: giving an order to one answers 404', async () => {
    expect(shop.app.fulfilment.ownDelivery).toBeNull();
    const owner = await shop.app.staff.create({
      username: 'owner-cm',
      displayName: 'Owner',
      role: 'owner',
      password: PASSWORD,
    });
    const client = new FormClient(shop.server);
    await client.get('/en/staff/login');
    await client.post('/en/staff/login', { username: 'owner-cm', password: PASSWORD });
    const product = (await shop.app.catalog.list({ locale: 'en' })).items[0];
    const placed = await shop.app.orders.place({
      lines: [{ productId: product.id, quantityMilli: product.stepMilli }],
      buyer: BUYER,
      recipient: null,
      deliveryInstructions: '',
      deliveryDate: null,
      deliveryWindow: null,
      paymentMethod: 'cod',
      paymentReference: null,
      channel: 'web',
      locale: 'en',
      idempotencyKey: randomUUID(),
      actor: 'customer',
    });
    if (!placed.ok) throw new Error(placed.error);
    for (const to of ['confirmed', 'packed'] as const) {
      await shop.app.orders.move(placed.id, to, { kind: 'staff', id: owner.id });
    }
    const page = await client.get(`/en/staff/orders/${placed.id}`);
    expect(page.body).not.toContain('/assign"');
    const refused = await client.post(`/en/staff/orders/${placed.id}/assign`, { courier: owner.id }, { follow: false });
    expect(refused.status).toBe(404);
    expect((await shop.app.orders.byId(placed.id))!.status).toBe('packed');
  });
});
