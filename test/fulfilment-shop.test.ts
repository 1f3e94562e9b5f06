/**
 * Fulfilment wired into the running shop: the packer's slip (HTML and PDF), the hand-off form to each preset's
 * courier, and the couriers' webhooks arriving over real HTTP at the shop's own routes, which move the order.
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { translator } from '../src/i18n/translate.ts';
import { seedCatalog } from '../src/modules/catalog/seed.ts';
import { PATHAO_INTEGRATION_HEADER } from '../src/modules/fulfilment/pathao.ts';
import type { OrderView } from '../src/modules/orders/service.ts';
import type { StaffRole } from '../src/modules/staff/permissions.ts';
import type { Preset } from '../src/presets/types.ts';
import { type GhnSimulator, startGhnSimulator } from '../src/simulators/couriers/ghn.ts';
import { type PathaoSimulator, startPathaoSimulator } from '../src/simulators/couriers/pathao.ts';
import { decodeSvgCode128 } from './helpers/barcode.ts';
import { FormClient, textOf } from './helpers/browser.ts';
import { type Inbox, startInbox } from './helpers/mail.ts';
import { placeOrder } from './helpers/orders.ts';
import { type DialectName, describeEachDatabase, openTestShop, type TestShop } from './helpers/shop.ts';

const PASSWORD = 'parcel tape and a marker pen';
const PATHAO = {
  clientId: 'shop-client',
  clientSecret: 'shop-client-secret',
  username: 'shop@example.test',
  password: 'pw',
};
const PATHAO_SECRET = 'pathao-webhook-secret';
const GHN_SECRET = 'ghn-webhook-secret';
const hasChromium = existsSync('/usr/bin/chromium');

interface People {
  buyer: { name: string; phone: string; email: string; address: string };
  recipient: { name: string; phone: string; address: string } | null;
  note: string;
}

const BD: People = {
  buyer: { name: 'Karim Uddin', phone: '+8801812345678', email: 'karim@example.com', address: 'Road 11, Gulshan 2' },
  recipient: { name: 'Rahima Begum', phone: '+8801712345678', address: 'House 7, Road 3, Mirpur 10, Dhaka' },
  note: 'Ring the bell twice',
};

let pathao: PathaoSimulator;
let ghn: GhnSimulator;
let inbox: Inbox;
let courierEnv: Record<string, string> = {};

// The courier credentials come from the environment when the app opens (src/modules/fulfilment/config.ts).
beforeAll(async () => {
  [pathao, ghn, inbox] = await Promise.all([
    startPathaoSimulator({ ...PATHAO, storeIds: [7] }),
    startGhnSimulator({ token: 'ghn-token', shopId: 9 }),
    startInbox(),
  ]);
  courierEnv = {
    PATHAO_BASE_URL: pathao.url,
    PATHAO_CLIENT_ID: PATHAO.clientId,
    PATHAO_CLIENT_SECRET: PATHAO.clientSecret,
    PATHAO_USERNAME: PATHAO.username,
    PATHAO_PASSWORD: PATHAO.password,
    PATHAO_STORE_ID: '7',
    PATHAO_WEBHOOK_SECRET: PATHAO_SECRET,
    GHN_BASE_URL: ghn.apiUrl,
    GHN_TOKEN: 'ghn-token',
    GHN_SHOP_ID: '9',
    GHN_WEBHOOK_SECRET: GHN_SECRET,
  };
  Object.assign(process.env, courierEnv);
});
afterAll(async () => {
  for (const name of Object.keys(courierEnv)) delete process.env[name];
  await Promise.all([pathao?.close(), ghn?.close(), inbox?.close()]);
});

/** A cash-on-delivery order in English, confirmed and packed by staff. */
async function packedOrder(shop: TestShop, people: People): Promise<OrderView> {
  const placed = await placeOrder(shop, {
    buyer: people.buyer,
    recipient: people.recipient,
    deliveryInstructions: people.note,
  });
  for (const to of ['confirmed', 'packed'] as const) {
    expect(await shop.app.orders.move(placed.id, to, { kind: 'staff', id: 'test' })).toEqual({ ok: true });
  }
  return (await shop.app.orders.byId(placed.id))!;
}

/** A staff member of this role, signed in through the form. */
async function signIn(shop: TestShop, role: StaffRole): Promise<{ client: FormClient; id: string }> {
  const username = `${role}-${crypto.randomUUID().slice(0, 8)}`;
  const staff = await shop.app.staff.create({ username, displayName: role, role, password: PASSWORD });
  const client = new FormClient(shop.server);
  await client.get('/en/staff/login');
  expect((await client.post('/en/staff/login', { username, password: PASSWORD })).status).toBe(200);
  return { client, id: staff.id };
}

function disclosures(shop: TestShop, orderId: string) {
  return shop.app.db.selectFrom('disclosures').selectAll().where('order_id', '=', orderId).execute();
}

function consignmentRow(shop: TestShop, orderId: string) {
  return shop.app.db.selectFrom('consignments').selectAll().where('order_id', '=', orderId).executeTakeFirst();
}

async function statusOf(shop: TestShop, orderId: string) {
  return (await shop.app.orders.byId(orderId))!.status;
}

/** Shops of these presets with one product each (each seeded product costs a generated photo), listening on HTTP. */
function shops(dialect: DialectName, ids: Preset['id'][]): Record<string, { shop: TestShop; url: string }> {
  const opened: Record<string, { shop: TestShop; url: string }> = {};
  beforeAll(async () => {
    for (const id of ids) {
      const shop = await openTestShop(dialect, id, { seed: false, smtpUrl: inbox.url });
      const { preset } = shop.app;
      const products = preset.products.filter((p) => p.stock > 0).slice(0, 1);
      await seedCatalog(shop.app.db, { ...preset, products }, shop.app.mediaDir);
      await shop.server.listen({ port: 0, host: '127.0.0.1' });
      const { port } = shop.server
        .addresses()
        .find((a): a is AddressInfo => typeof a !== 'string' && a.family === 'IPv4')!;
      opened[id] = { shop, url: `http://127.0.0.1:${port}` };
    }
  });
  afterAll(async () => {
    for (const { shop } of Object.values(opened)) await shop.close();
  });
  return opened;
}

describeEachDatabase('fulfilment in the shop', (dialect) => {
  const opened = shops(dialect, ['chotomoni', 'khatra', 'khakriz', 'hatkoro']);

  it('[CM-11] chotomoni: the packer’s slip shows who, where and the note — no phone or e-mail — and its barcode reads back as the order code', async () => {
    const { shop } = opened.chotomoni;
    const order = await packedOrder(shop, BD);
    const packer = await signIn(shop, 'packer');
    const slip = await packer.client.get(`/en/staff/orders/${order.id}/slip`);
    expect(slip.status).toBe(200);
    expect(slip.headers['cache-control']).toBe('no-store');
    const text = textOf(slip.body);
    for (const shown of [order.code, 'Rahima Begum', 'House 7, Road 3, Mirpur 10, Dhaka', 'Ring the bell twice']) {
      expect(text).toContain(shown);
    }
    for (const hidden of ['Karim', '1712345678', '1812345678', 'karim@example.com', 'Gulshan']) {
      expect(slip.body).not.toContain(hidden);
    }
    expect(slip.body).not.toMatch(/@|tel:|mailto:/);
    const svg = /<svg[\s\S]*?<\/svg>/.exec(slip.body)![0];
    expect(await decodeSvgCode128(svg)).toEqual([order.code]);
    const css = await shop.server.inject({ method: 'GET', url: '/assets/packing-slip.css' });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);

    // Revealed for fulfilment, and each reveal is in the audit log under the packer's name.
    const reveals = await shop.app.db
      .selectFrom('audit_log')
      .select(['actor', 'purpose', 'field'])
      .where('action', '=', 'reveal')
      .where('actor', '=', `staff:${packer.id}`)
      .orderBy('seq')
      .execute();
    expect(reveals).toEqual([
      {
        actor: `staff:${packer.id}`,
        purpose: 'order.fulfilment',
        field: 'orders.recipient_name_enc,orders.recipient_address_enc',
      },
      { actor: `staff:${packer.id}`, purpose: 'order.fulfilment', field: 'orders.delivery_instructions_enc' },
    ]);

    // Support staff do not pack; a visitor is sent to sign in.
    const support = await signIn(shop, 'support');
    expect((await support.client.get(`/en/staff/orders/${order.id}/slip`)).status).toBe(403);
    expect((await support.client.post(`/en/staff/orders/${order.id}/handoff`, {}, { follow: false })).status).toBe(403);
    const visitor = await new FormClient(shop.server).get(`/en/staff/orders/${order.id}/slip.pdf`);
    expect(visitor.status).toBe(303);
    expect(visitor.location).toBe('/en/staff/login');
    expect(await consignmentRow(shop, order.id)).toBeUndefined();
  });

  it.skipIf(!hasChromium)('chotomoni: the slip prints to a PDF, shown inline', async () => {
    const { shop } = opened.chotomoni;
    const order = await packedOrder(shop, BD);
    const packer = await signIn(shop, 'packer');
    const pdf = await packer.client.get(`/en/staff/orders/${order.id}/slip.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe(`inline; filename="${order.code}.pdf"`);
    expect(pdf.body.startsWith('%PDF-')).toBe(true);
  });

  it('[CM-11] [HK-01] chotomoni: the packer hands the parcel to Pathao; the consignment and the disclosures are recorded, the order is shipped and the buyer told', async () => {
    const { shop } = opened.chotomoni;
    const order = await packedOrder(shop, BD);
    const packer = await signIn(shop, 'packer');
    const before = pathao.consignments.length;
    const done = await packer.client.post(`/en/staff/orders/${order.id}/handoff`, {}, { follow: false });
    expect(done.status).toBe(303);
    expect(done.location).toBe(`/en/staff/orders/${order.id}`);

    expect(pathao.consignments.length).toBe(before + 1);
    const booked = pathao.consignments.at(-1)!;
    expect(booked.body).toMatchObject({ recipient_name: 'Rahima Begum', recipient_phone: '01712345678' });
    expect(JSON.stringify(booked.body)).not.toMatch(/Karim|karim@|1812345678|Gulshan/);
    expect(JSON.stringify(booked.body)).not.toContain(order.code);
    expect(await consignmentRow(shop, order.id)).toMatchObject({
      provider: 'pathao',
      recipient_id: 'pathao-courier',
      ref: booked.body.merchant_order_id,
      consignment_id: booked.consignmentId,
      tracking_code: booked.consignmentId,
      courier_status: 'created',
    });
    expect(Number((await consignmentRow(shop, order.id))!.fee_minor)).toBe(8000);
    const disclosed = await disclosures(shop, order.id);
    expect(disclosed.map((d) => [d.recipient_id, d.subject_id]).sort()).toEqual(
      [
        ['pathao-courier', order.recipientSubjectId],
        ['pathao-courier', order.subjectId],
      ].sort(),
    );

    const shipped = (await shop.app.orders.byId(order.id))!;
    expect(shipped.status).toBe('shipped');
    expect(shipped.events.at(-1)).toMatchObject({ status: 'shipped', actor: `staff:${packer.id}` });
    const mail = await inbox.waitFor(BD.buyer.email, new RegExp(`${order.code}.*On its way`));
    expect(mail.text).toContain(translator('en')('mail.order.shipped', { code: order.code }));

    // A second press books nothing more.
    const again = await packer.client.post(`/en/staff/orders/${order.id}/handoff`, {}, { follow: false });
    expect(again.status).toBe(409);
    expect(textOf(again.body)).toContain(translator('en')('fulfilment.errorHandedOff'));
    expect(pathao.consignments.length).toBe(before + 1);
  });

  it('chotomoni: Pathao’s status webhooks reach the shop over HTTP and take the order to delivered; a wrong secret changes nothing', async () => {
    const { shop, url } = opened.chotomoni;
    const order = await packedOrder(shop, BD);
    const packer = await signIn(shop, 'packer');
    expect((await packer.client.post(`/en/staff/orders/${order.id}/handoff`, {}, { follow: false })).status).toBe(303);
    const { consignmentId } = pathao.consignments.at(-1)!;
    // Pathao's panel saves the URL only after the handshake; the CSRF hook lets it through (no Origin, no session).
    expect(await pathao.registerWebhook(`${url}/webhooks/couriers/pathao`, PATHAO_SECRET)).toBe(true);

    const [forged] = await pathao.push(consignmentId, ['order.delivered'], { secret: 'guessed' });
    expect(forged.status).toBe(401);
    expect(await statusOf(shop, order.id)).toBe('shipped');
    expect((await consignmentRow(shop, order.id))!.courier_status).toBe('created');

    const answers = await pathao.push(consignmentId, [
      'order.picked',
      'order.in-transit',
      'order.assigned-for-delivery',
      'order.delivered',
    ]);
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202]);
    expect(answers.every((a) => a.headers.get(PATHAO_INTEGRATION_HEADER) !== null)).toBe(true);
    const delivered = (await shop.app.orders.byId(order.id))!;
    expect(delivered.status).toBe('delivered');
    expect(delivered.events.slice(-2)).toMatchObject([
      { status: 'out_for_delivery', actor: 'system:courier-pathao' },
      { status: 'delivered', actor: 'system:courier-pathao' },
    ]);
    expect((await consignmentRow(shop, order.id))!.courier_status).toBe('delivered');
    await inbox.waitFor(BD.buyer.email, new RegExp(`${order.code}.*Delivered`));

    // Older news arriving late moves nothing back; another courier's address is not this shop's.
    const events = delivered.events.length;
    expect((await pathao.push(consignmentId, ['order.in-transit']))[0].status).toBe(202);
    expect((await shop.app.orders.byId(order.id))!.events.length).toBe(events);
    expect((await consignmentRow(shop, order.id))!.courier_status).toBe('delivered');
    const ghnHook = await fetch(`${url}/webhooks/couriers/ghn?secret=${GHN_SECRET}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ Type: 'switch_status', OrderCode: consignmentId, Status: 'returned' }),
    });
    expect(ghnHook.status).toBe(404);
    expect(await statusOf(shop, order.id)).toBe('delivered');
  });

  it('[KT-08] khatra: the contractor (GHN) gets the district and ward staff type, never the note; its callbacks move the order', async () => {
    const { shop, url } = opened.khatra;
    const order = await packedOrder(shop, {
      buyer: { name: 'Trần Văn Minh', phone: '+84903123456', email: 'minh@example.com', address: 'Quận 3, TP. HCM' },
      recipient: { name: 'Nguyễn Thị Lan', phone: '+84912345678', address: '12 Nguyễn Trãi, Phường Bến Thành, Quận 1' },
      note: 'Hàng dễ vỡ, cổng sau',
    });
    const packer = await signIn(shop, 'packer');
    const path = `/vi/staff/orders/${order.id}/handoff`;
    const incomplete = await packer.client.post(path, { district_id: '1442', ward_code: '' }, { follow: false });
    expect(incomplete.status).toBe(422);
    expect(textOf(incomplete.body)).toContain(translator('vi')('fulfilment.errorLocation'));
    expect(incomplete.body).toContain('value="1442"');
    expect(await disclosures(shop, order.id)).toEqual([]);

    expect(
      (await packer.client.post(path, { district_id: '1442', ward_code: '20109' }, { follow: false })).status,
    ).toBe(303);
    const sent = ghn.orders.at(-1)!;
    expect(sent.body).toMatchObject({ to_name: 'Nguyễn Thị Lan', to_district_id: 1442, to_ward_code: '20109' });
    expect(sent.body).not.toHaveProperty('note');
    expect((await disclosures(shop, order.id)).map((d) => [d.recipient_id, d.fields])).toEqual([
      ['delivery-contractor', 'orders.recipient_name_enc,orders.recipient_phone_enc,orders.recipient_address_enc'],
    ]);
    expect(await statusOf(shop, order.id)).toBe('shipped');

    ghn.registerWebhook(`${url}/webhooks/couriers/ghn`, GHN_SECRET);
    expect((await ghn.push(sent.orderCode, ['delivered'], { secret: 'guessed' }))[0].status).toBe(401);
    expect(await statusOf(shop, order.id)).toBe('shipped');
    const answers = await ghn.push(sent.orderCode, ['picked', 'delivering', 'delivered']);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(await statusOf(shop, order.id)).toBe('delivered');
    expect((await consignmentRow(shop, order.id))!.courier_status).toBe('delivered');
  });

  it('[HK-01] khakriz: Iran Post / Tipax is a manual courier — the packer types the tracking code in Persian digits', async () => {
    const { shop, url } = opened.khakriz;
    const order = await packedOrder(shop, {
      buyer: { name: 'مریم احمدی', phone: '+989121234567', email: 'maryam@example.com', address: 'تهران، ولیعصر' },
      recipient: { name: 'علی رضایی', phone: '+989351234567', address: 'اصفهان، خیابان چهارباغ، پلاک ۱۲' },
      note: '',
    });
    const packer = await signIn(shop, 'packer');
    const path = `/fa/staff/orders/${order.id}/handoff`;
    const typo = await packer.client.post(path, { tracking_code: '۱۲' }, { follow: false });
    expect(typo.status).toBe(422);
    expect(textOf(typo.body)).toContain(translator('fa')('fulfilment.errorTrackingCode'));
    expect(await disclosures(shop, order.id)).toEqual([]);
    expect(await statusOf(shop, order.id)).toBe('packed');

    const done = await packer.client.post(path, { tracking_code: '۱۲۳۴ ۵۶۷۸ ۹۰۱۲ ۳۴۵۶' }, { follow: false });
    expect(done.status).toBe(303);
    expect(await consignmentRow(shop, order.id)).toMatchObject({
      provider: 'manual',
      recipient_id: 'post-tipax',
      tracking_code: '1234567890123456',
      courier_status: 'created',
    });
    expect((await disclosures(shop, order.id)).map((d) => d.recipient_id)).toEqual(['post-tipax']);
    expect(await statusOf(shop, order.id)).toBe('shipped');
    // No courier API, so no webhook either.
    expect((await fetch(`${url}/webhooks/couriers/pathao`, { method: 'POST' })).status).toBe(404);
  });

  it('[HK-09] [HK-15] hatkoro: the packer prints the slip (revealed for fulfilment, audited), but nothing is handed to any courier', async () => {
    const { shop } = opened.hatkoro;
    const order = await packedOrder(shop, {
      buyer: { name: 'Nusrat Jahan', phone: '+8801712345678', email: 'nusrat@example.com', address: 'Dhanmondi' },
      recipient: null,
      note: 'Call before coming',
    });
    const packer = await signIn(shop, 'packer');
    expect((await packer.client.get(`/bn/staff/orders/${order.id}/slip`)).status).toBe(200);
    const audit = await shop.app.db
      .selectFrom('audit_log')
      .select('purpose')
      .where('actor', '=', `staff:${packer.id}`)
      .where('action', '=', 'reveal')
      .execute();
    expect(audit.map((a) => a.purpose)).toEqual(['order.fulfilment', 'order.fulfilment']);

    const before = pathao.consignments.length;
    const refused = await packer.client.post(`/bn/staff/orders/${order.id}/handoff`, {}, { follow: false });
    expect(refused.status).toBe(409);
    expect(textOf(refused.body)).toContain(translator('bn')('fulfilment.noCourier'));
    expect(pathao.consignments.length).toBe(before);
    expect(await disclosures(shop, order.id)).toEqual([]);
    expect(await consignmentRow(shop, order.id)).toBeUndefined();
    expect(await statusOf(shop, order.id)).toBe('packed');
  });
});
