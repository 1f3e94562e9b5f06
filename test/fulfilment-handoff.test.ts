import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedCatalog } from '../src/modules/catalog/seed.ts';
import { GhnCourier } from '../src/modules/fulfilment/ghn.ts';
import { codToCollect, handOff } from '../src/modules/fulfilment/handoff.ts';
import { manualCourier } from '../src/modules/fulfilment/manual.ts';
import { PathaoCourier } from '../src/modules/fulfilment/pathao.ts';
import type { CheckoutInput, OrderView } from '../src/modules/orders/service.ts';
import type { Preset } from '../src/presets/types.ts';
import type { Actor } from '../src/privacy/kernel.ts';
import { type GhnSimulator, startGhnSimulator } from '../src/simulators/couriers/ghn.ts';
import { type PathaoSimulator, startPathaoSimulator } from '../src/simulators/couriers/pathao.ts';
import { placeOrder } from './helpers/orders.ts';
import { type DialectName, describeEachDatabase, openTestShop, type TestShop } from './helpers/shop.ts';

const STAFF: Actor = { kind: 'staff', id: 'packer-1' };
const PATHAO = { clientId: 'c', clientSecret: 's', username: 'shop@example.test', password: 'pw' };

/** A cash-on-delivery order placed by one person for another (KN-07), with instructions and an e-mail. */
function placeGift(
  shop: TestShop,
  people: { buyer: CheckoutInput['buyer']; recipient: NonNullable<CheckoutInput['recipient']>; note: string },
): Promise<OrderView> {
  return placeOrder(shop, { buyer: people.buyer, recipient: people.recipient, deliveryInstructions: people.note });
}

async function disclosures(shop: TestShop, orderId: string) {
  return shop.app.db.selectFrom('disclosures').selectAll().where('order_id', '=', orderId).orderBy('fields').execute();
}

function shops(dialect: DialectName, ids: Preset['id'][]): Record<string, TestShop> {
  const opened: Record<string, TestShop> = {};
  beforeAll(async () => {
    for (const id of ids) {
      // One product is enough here, and each seeded product costs a generated photo.
      const shop = await openTestShop(dialect, id, { seed: false });
      const { preset } = shop.app;
      await seedCatalog(
        shop.app.db,
        { ...preset, products: preset.products.filter((p) => p.stock > 0).slice(0, 1) },
        shop.app.mediaDir,
      );
      opened[id] = shop;
    }
  });
  afterAll(async () => {
    for (const shop of Object.values(opened)) await shop.close();
  });
  return opened;
}

describeEachDatabase('courier handoff', (dialect) => {
  const shop = shops(dialect, ['chotomoni', 'khatra', 'khakriz', 'hatkoro']);
  let pathao: PathaoSimulator;
  let ghn: GhnSimulator;
  beforeAll(async () => {
    pathao = await startPathaoSimulator({ ...PATHAO, storeIds: [7] });
    ghn = await startGhnSimulator({ token: 't', shopId: 9 });
  });
  afterAll(async () => {
    await pathao?.close();
    await ghn?.close();
  });

  it('[CM-11] Pathao receives the recipient’s name, phone, address, the cash and the note — nothing of the buyer — and both disclosures are registered', async () => {
    const order = await placeGift(shop.chotomoni, {
      buyer: {
        name: 'Karim Uddin',
        phone: '+8801812345678',
        email: 'karim@example.com',
        address: 'Road 11, Gulshan 2, Dhaka',
      },
      recipient: { name: 'Rahima Begum', phone: '+8801712345678', address: 'House 7, Road 3, Mirpur 10, Dhaka' },
      note: 'Ring the bell twice',
    });
    const courier = new PathaoCourier({ baseUrl: pathao.url, ...PATHAO, storeId: 7 });
    const result = await handOff(shop.chotomoni.app.kernel, {
      order,
      courier,
      recipientId: 'pathao-courier',
      recipients: shop.chotomoni.app.preset.policy.recipients,
      actor: STAFF,
    });
    expect(result).toMatchObject({ ok: true, noteDisclosed: true });
    const sent = pathao.consignments.at(-1)!.body;
    expect(sent).toMatchObject({
      recipient_name: 'Rahima Begum',
      recipient_phone: '01712345678',
      recipient_address: 'House 7, Road 3, Mirpur 10, Dhaka',
      special_instruction: 'Ring the bell twice',
      amount_to_collect: codToCollect(order) / 100,
      merchant_order_id: result.ok ? result.ref : '',
    });
    const text = JSON.stringify(sent);
    for (const secret of ['Karim', 'karim@example.com', '1812345678', 'Gulshan', order.code, order.lines[0].name]) {
      expect(text).not.toContain(secret);
    }
    expect((await disclosures(shop.chotomoni, order.id)).map((d) => [d.recipient_id, d.subject_id, d.fields])).toEqual([
      ['pathao-courier', order.subjectId, 'orders.delivery_instructions_enc'],
      [
        'pathao-courier',
        order.recipientSubjectId,
        'orders.recipient_name_enc,orders.recipient_phone_enc,orders.recipient_address_enc',
      ],
    ]);
  });

  it('[KT-08] the contracted delivery partner gets no delivery note: its contract lists name, phone and address only', async () => {
    const order = await placeGift(shop.khatra, {
      buyer: { name: 'Trần Văn Minh', phone: '+84903123456', email: 'minh@example.com', address: 'Quận 3, TP. HCM' },
      recipient: { name: 'Nguyễn Thị Lan', phone: '+84912345678', address: '12 Nguyễn Trãi, Phường Bến Thành, Quận 1' },
      note: 'Hàng dễ vỡ, cổng sau',
    });
    const courier = new GhnCourier({
      baseUrl: ghn.apiUrl,
      token: 't',
      shopId: 9,
      parcel: { weightGrams: 5000, lengthCm: 40, widthCm: 30, heightCm: 20 },
    });
    const result = await handOff(shop.khatra.app.kernel, {
      order,
      courier,
      recipientId: 'delivery-contractor',
      recipients: shop.khatra.app.preset.policy.recipients,
      actor: STAFF,
      locationIds: { district_id: 1442, ward_code: '20109' },
    });
    expect(result).toMatchObject({ ok: true, noteDisclosed: false });
    const sent = ghn.orders.at(-1)!.body;
    expect(sent).not.toHaveProperty('note');
    expect(sent).toMatchObject({ to_name: 'Nguyễn Thị Lan', to_phone: '0912345678', cod_amount: order.totalMinor });
    expect(JSON.stringify(sent)).not.toMatch(/Minh|minh@example\.com|903123456|dễ vỡ/);
    expect((await disclosures(shop.khatra, order.id)).map((d) => d.fields)).toEqual([
      'orders.recipient_name_enc,orders.recipient_phone_enc,orders.recipient_address_enc',
    ]);
  });

  it('[HK-01] [HK-09] a shop that declares no courier hands nothing over, and the refusal is audited', async () => {
    const order = await placeGift(shop.hatkoro, {
      buyer: {
        name: 'Nusrat Jahan',
        phone: '+8801712345678',
        email: 'nusrat@example.com',
        address: 'Dhanmondi, Dhaka',
      },
      recipient: { name: 'Salma Khatun', phone: '+8801912345678', address: 'House 2, Road 8, Dhanmondi, Dhaka' },
      note: '',
    });
    const before = pathao.consignments.length;
    const result = await handOff(shop.hatkoro.app.kernel, {
      order,
      courier: new PathaoCourier({ baseUrl: pathao.url, ...PATHAO, storeId: 7 }),
      recipientId: 'pathao-courier',
      recipients: shop.hatkoro.app.preset.policy.recipients,
      actor: STAFF,
    });
    expect(result).toEqual({ ok: false, reason: 'undeclared_recipient' });
    expect(pathao.consignments.length).toBe(before);
    expect(await disclosures(shop.hatkoro, order.id)).toEqual([]);
    const audit = await shop.hatkoro.app.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('action', 'like', 'disclosure_refused%')
      .execute();
    expect(audit).toContainEqual({ action: 'disclosure_refused:undeclared_recipient', detail: 'pathao-courier' });
  });

  it('[HK-01] Iran: staff type the tracking code (Persian digits and spaces accepted); the disclosure to Post/Tipax is registered', async () => {
    const order = await placeGift(shop.khakriz, {
      buyer: {
        name: 'مریم احمدی',
        phone: '+989121234567',
        email: 'maryam@example.com',
        address: 'تهران، خیابان ولیعصر',
      },
      recipient: { name: 'علی رضایی', phone: '+989351234567', address: 'اصفهان، خیابان چهارباغ، پلاک ۱۲' },
      note: '',
    });
    const input = {
      order,
      recipientId: 'post-tipax',
      recipients: shop.khakriz.app.preset.policy.recipients,
      actor: STAFF,
    };
    const result = await handOff(shop.khakriz.app.kernel, {
      ...input,
      courier: manualCourier,
      trackingCode: '۱۲۳۴ ۵۶۷۸ ۹۰۱۲ ۳۴۵۶',
    });
    expect(result).toMatchObject({ ok: true, consignment: { trackingCode: '1234567890123456' } });
    expect(await disclosures(shop.khakriz, order.id)).toHaveLength(1);
    const typo = await handOff(shop.khakriz.app.kernel, { ...input, courier: manualCourier, trackingCode: '12' });
    expect(typo).toEqual({ ok: false, reason: 'invalid_tracking_code' });
    expect(await disclosures(shop.khakriz, order.id)).toHaveLength(1);
  });
});
