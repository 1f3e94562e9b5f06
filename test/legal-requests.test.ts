import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../src/i18n/translate.ts';
import { parseTypedDay } from '../src/modules/legal/routes.tsx';
import { concealedFromSubject } from '../src/modules/legal/service.ts';
import { disclosuresSection, staffAccessSection } from '../src/modules/privacy-requests/export/core-sections.tsx';
import type { Preset } from '../src/presets/types.ts';
import { FormClient, textOf } from './helpers/browser.ts';
import { placeOrder } from './helpers/orders.ts';
import { describeEachDatabase, openTestShop, type TestShop } from './helpers/shop.ts';

const PASSWORD = 'correct horse battery staple 42';

async function signIn(shop: TestShop, username: string): Promise<FormClient> {
  const client = new FormClient(shop.server);
  await client.get('/en/staff/login');
  const page = await client.post('/en/staff/login', { username, password: PASSWORD });
  expect(page.status).toBe(200);
  return client;
}

async function staffMember(shop: TestShop, username: string, role: 'owner' | 'privacy_officer' | 'packer') {
  const staff = await shop.app.staff.create({ username, displayName: `The ${username}`, role, password: PASSWORD });
  return { id: staff.id, client: await signIn(shop, username) };
}

const buyer = {
  name: 'Maryam Ahmadi',
  phone: '+989121234567',
  email: 'maryam@example.ir',
  address: 'Tehran, Valiasr St. 1200',
};

describeEachDatabase('requests from authorities and legal holds (khakriz)', (dialect) => {
  let shop: TestShop;
  let registrar: Awaited<ReturnType<typeof staffMember>>;
  let officer: Awaited<ReturnType<typeof staffMember>>;
  let packer: Awaited<ReturnType<typeof staffMember>>;
  let orderCode: string;
  let orderId: string;
  let subjectId: string;

  beforeAll(async () => {
    shop = await openTestShop(dialect, 'khakriz');
    registrar = await staffMember(shop, 'owner1', 'owner');
    officer = await staffMember(shop, 'officer1', 'privacy_officer');
    packer = await staffMember(shop, 'packer1', 'packer');
    const order = await placeOrder(shop, { buyer });
    orderCode = order.code;
    orderId = order.id;
    subjectId = order.subjectId;
  });
  afterAll(async () => {
    await shop?.close();
  });

  const form = (overrides: Record<string, string | string[]> = {}) => ({
    recipientId: 'judicial-authorities',
    requestingUnit: 'Tehran Cyber Police (FATA), Unit 4',
    reference: 'FATA/1405/778',
    legalBasis: 'Court order 1405-2231, Tehran Criminal Court Branch 12',
    receivedOn: '1405/09/01',
    orderCode: '',
    fields: ['orders.buyer_name_enc', 'orders.buyer_phone_enc'],
    subjectMayBeTold: 'no',
    ...overrides,
  });

  it('[KN-13] without an approved legal order, the judicial authority gets nothing: the kernel refuses and audits', async () => {
    const refused = await shop.app.kernel.disclose({
      actor: { kind: 'staff', id: registrar.id },
      recipientId: 'judicial-authorities',
      purpose: 'legal.obligation',
      subjectId,
      fields: { 'orders.buyer_name_enc': null },
    });
    expect(refused).toEqual({ ok: false, reason: 'field_not_allowed' });
    const disclosures = await shop.app.db
      .selectFrom('disclosures')
      .selectAll()
      .where('subject_id', '=', subjectId)
      .execute();
    expect(disclosures).toEqual([]);
  });

  it('a request with missing or wrong details is refused field by field, keeping what was typed', async () => {
    const page = await registrar.client.post('/en/staff/legal/new', {
      ...form({ recipientId: 'shop-courier', reference: '', orderCode: 'NOPE1-NOPE2', subjectMayBeTold: '' }),
      fields: [],
    });
    expect(page.status).toBe(422);
    const text = textOf(page.body);
    expect(text).toContain('Choose one of the authorities this shop’s policy names.');
    expect(text).toContain('No order has this code.');
    expect(text).toContain('Choose the data the authority asks for.');
    expect(text).toContain('Say whether the customer may be told.');
    expect(page.body).toContain('value="Tehran Cyber Police (FATA), Unit 4"');
    expect(page.body).toContain('value="NOPE1-NOPE2"');
    expect(await shop.app.legal.list()).toEqual([]);
  });

  it('[MS-07] [KN-13] [CM-13] registered with requester and legal basis, approved by another privacy officer, then exactly the approved fields go out once and are registered', async () => {
    const registered = await registrar.client.post('/en/staff/legal/new', form({ orderCode }));
    expect(registered.status).toBe(200);
    expect(textOf(registered.body)).toContain('The request is registered.');
    const id = /\/en\/staff\/legal\/([A-Za-z0-9_-]{20})/.exec(registered.body)?.[1] ?? '';
    const request = (await shop.app.legal.list())[0];
    expect(request).toMatchObject({
      recipientId: 'judicial-authorities',
      requestingUnit: 'Tehran Cyber Police (FATA), Unit 4',
      legalBasis: 'Court order 1405-2231, Tehran Criminal Court Branch 12',
      receivedOn: '2026-11-22', // 1 Azar 1405, typed in the Jalali calendar
      orderCode,
      fields: ['orders.buyer_name_enc', 'orders.buyer_phone_enc'],
      subjectMayBeTold: false,
      status: 'registered',
      registeredBy: registrar.id,
    });
    expect(id === '' || id === request.id).toBe(true);

    // Nothing leaves before approval; the registrar cannot approve their own request.
    const early = await registrar.client.post(`/en/staff/legal/${request.id}/disclose`, {});
    expect(early.status).toBe(409);
    const own = await registrar.client.post(`/en/staff/legal/${request.id}/decide`, { decision: 'approve', note: '' });
    expect(own.status).toBe(409);
    expect(textOf(own.body)).toContain('another privacy officer must decide on it');
    const packerTry = await packer.client.post(`/en/staff/legal/${request.id}/decide`, { decision: 'approve' });
    expect(packerTry.status).toBe(403);

    const approved = await officer.client.post(`/en/staff/legal/${request.id}/decide`, {
      decision: 'approve',
      note: 'Order of Branch 12 checked by telephone with the court clerk',
    });
    expect(approved.status).toBe(200);
    expect(await shop.app.legal.byId(request.id)).toMatchObject({ status: 'approved', decidedBy: officer.id });

    const sheet = await officer.client.post(`/en/staff/legal/${request.id}/disclose`, {});
    expect(sheet.status).toBe(200);
    const sheetText = textOf(sheet.body);
    expect(sheetText).toContain(buyer.name);
    expect(sheetText).toContain(buyer.phone);
    expect(sheetText).not.toContain(buyer.email);
    expect(sheetText).not.toContain(buyer.address);

    const disclosures = await shop.app.db
      .selectFrom('disclosures')
      .selectAll()
      .where('order_id', '=', orderId)
      .execute();
    expect(disclosures).toHaveLength(1);
    expect(disclosures[0]).toMatchObject({
      subject_id: subjectId,
      recipient_id: 'judicial-authorities',
      fields: 'orders.buyer_name_enc,orders.buyer_phone_enc',
      purpose: 'legal.obligation',
      actor: `staff:${officer.id}`,
    });
    expect(await shop.app.legal.byId(request.id)).toMatchObject({ status: 'disclosed', disclosedBy: officer.id });
    const audit = await shop.app.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'legal_disclosure')
      .where('subject_id', '=', subjectId)
      .execute();
    expect(audit.map((a) => a.detail)).toEqual([request.id]);

    // Once only: a second hand-over is refused and registers nothing more.
    const again = await officer.client.post(`/en/staff/legal/${request.id}/disclose`, {});
    expect(again.status).toBe(409);
    expect(
      await shop.app.db.selectFrom('disclosures').selectAll().where('order_id', '=', orderId).execute(),
    ).toHaveLength(1);
    // The register page shows no value, only which fields went out.
    const detail = await registrar.client.get(`/en/staff/legal/${request.id}`);
    expect(textOf(detail.body)).toContain('Buyer’s phone');
    expect(textOf(detail.body)).not.toContain(buyer.phone);

    // The legal order forbids telling the customer: the disclosure is concealed from their data export.
    const concealed = await concealedFromSubject(shop.app.db, [subjectId]);
    expect([...concealed.disclosureIds]).toEqual([disclosures[0].id]);
    expect([...concealed.requestIds]).toEqual([request.id]);
    const ctx = {
      db: shop.app.db,
      kernel: shop.app.kernel,
      preset: shop.app.preset,
      subjectIds: [subjectId],
      locale: 'en' as const,
      t: translator('en'),
    };
    expect(await disclosuresSection.load(ctx)).toEqual([]);
    const access = (await staffAccessSection.load(ctx)) as { action: string }[];
    expect(access.map((a) => a.action)).not.toContain('legal_disclosure');
  });

  it('[KN-13] a refusal needs a reason and discloses nothing', async () => {
    const page = await registrar.client.post('/en/staff/legal/new', form({ orderCode, reference: 'FATA/1405/779' }));
    expect(page.status).toBe(200);
    const request = (await shop.app.legal.list()).find((r) => r.reference === 'FATA/1405/779')!;
    const noReason = await officer.client.post(`/en/staff/legal/${request.id}/decide`, {
      decision: 'refuse',
      note: '',
    });
    expect(noReason.status).toBe(409);
    expect(textOf(noReason.body)).toContain('Say why the request is refused.');
    const refused = await officer.client.post(`/en/staff/legal/${request.id}/decide`, {
      decision: 'refuse',
      note: 'No court order attached',
    });
    expect(refused.status).toBe(200);
    expect(await shop.app.legal.byId(request.id)).toMatchObject({ status: 'refused' });
    const disclose = await officer.client.post(`/en/staff/legal/${request.id}/disclose`, {});
    expect(disclose.status).toBe(409);
    expect(
      await shop.app.db.selectFrom('disclosures').selectAll().where('order_id', '=', orderId).execute(),
    ).toHaveLength(1);
  });

  it('[KN-11] [CM-14] a legal hold keeps the customer’s data for follow-up, even from an erasure request, until its last day or its release', async () => {
    const bad = await registrar.client.post('/en/staff/legal/holds', { orderCode, reason: '', until: '2020-01-01' });
    expect(bad.status).toBe(422);
    expect(textOf(bad.body)).toContain('This date has already passed.');
    const placed = await registrar.client.post('/en/staff/legal/holds', {
      orderCode,
      reason: 'Case 1405-2231',
      until: '2099-12-31',
    });
    expect(placed.status).toBe(200);
    expect(textOf(placed.body)).toContain('The legal hold is in force.');
    expect([...(await shop.app.legal.heldSubjects([subjectId, 'someone-else'], '2026-12-02'))]).toEqual([subjectId]);
    expect(await shop.app.legal.heldSubjects([subjectId], '2100-01-01')).toEqual(new Set());
    const hold = (await shop.app.legal.activeHolds('2026-12-02'))[0];
    expect(hold).toMatchObject({ orderCode, reason: 'Case 1405-2231', until: '2099-12-31', placedBy: registrar.id });
    // Meanwhile the customer asks to be deleted: the held data is not erased, and staff are told why.
    const asked = await shop.app.privacyRequests.create({
      kind: 'erasure',
      channel: 'email',
      locale: 'en',
      subjectIds: [subjectId],
      details: 'Please delete my data',
      verification: 'reply_from_address',
      actor: { kind: 'staff', id: registrar.id },
    });
    const refused = await registrar.client.post(`/en/staff/requests/${asked.id}/erase`, {});
    expect(refused.status).toBe(409);
    expect(textOf(refused.body)).toContain('A legal hold keeps this customer’s data');
    expect((await shop.app.orders.byId(orderId))!.sealed.buyer_name_enc).not.toBeNull();
    const released = await registrar.client.post(`/en/staff/legal/holds/${hold.id}/release`, {});
    expect(textOf(released.body)).toContain('The legal hold is released.');
    expect(await shop.app.legal.heldSubjects([subjectId], '2026-12-02')).toEqual(new Set());
    // Released: the erasure goes through.
    expect((await shop.app.privacyRequests.carryOutErasure(asked.id, { kind: 'staff', id: registrar.id })).ok).toBe(
      true,
    );
  });

  it('the register is for those who answer for it: a packer gets 403, a privacy officer sees no order pages', async () => {
    expect((await packer.client.get('/en/staff/legal')).status).toBe(403);
    expect((await officer.client.get('/en/staff/legal')).status).toBe(200);
    expect((await officer.client.get(`/en/staff/orders/${orderId}`)).status).toBe(403);
    const page = await new FormClient(shop.server).get('/en/staff/legal');
    expect(page.status).toBe(303);
  });

  it('the register reads in Persian, with Jalali dates', async () => {
    const page = await registrar.client.get('/fa/staff/legal');
    expect(page.status).toBe(200);
    expect(page.body).toContain('dir="rtl"');
    expect(textOf(page.body)).toContain('درخواست‌های مراجع');
    expect(textOf(page.body)).toContain('آذر ۱۴۰۵');
  });
});

describe('which shops can answer an authority', () => {
  const shops: TestShop[] = [];
  afterAll(async () => {
    for (const shop of shops) await shop.close();
  });

  async function answer(presetId: Preset['id'], recipientId: string) {
    const shop = await openTestShop('sqlite', presetId);
    shops.push(shop);
    const order = await placeOrder(shop, { buyer: { ...buyer, phone: '+8801711000222' } });
    const registrar = await shop.app.staff.create({
      username: 'r1',
      displayName: 'R',
      role: 'owner',
      password: PASSWORD,
    });
    const officer = await shop.app.staff.create({
      username: 'o1',
      displayName: 'O',
      role: 'privacy_officer',
      password: PASSWORD,
    });
    const registered = await shop.app.legal.register(
      {
        recipientId,
        requestingUnit: 'Unit',
        reference: 'REF-1',
        legalBasis: 'Law',
        receivedOn: '2026-12-01',
        orderCode: order.code,
        fields: ['orders.recipient_address_enc'],
        subjectMayBeTold: 'yes',
      },
      registrar.id,
      '2026-12-02',
    );
    if (!registered.ok) return { registered };
    await shop.app.legal.decide(registered.id, officer.id, 'approve', '');
    return { registered, disclosed: await shop.app.legal.disclose(registered.id, officer.id) };
  }

  it('[MS-07] mistri answers law enforcement: the technician’s customer address goes out, registered', async () => {
    const { disclosed } = await answer('mistri', 'law-enforcement');
    expect(disclosed).toEqual({ ok: true, values: [{ field: 'orders.recipient_address_enc', value: buyer.address }] });
    // The customer may be told: the hand-over is in their copy of their data (CM-13).
    const shop = shops.at(-1)!;
    const order = await shop.app.db.selectFrom('orders').select('subject_id').executeTakeFirstOrThrow();
    const ctx = {
      db: shop.app.db,
      kernel: shop.app.kernel,
      preset: shop.app.preset,
      subjectIds: [order.subject_id],
      locale: 'en' as const,
      t: translator('en'),
    };
    const listed = (await disclosuresSection.load(ctx)) as { recipientId: string; fields: string[] }[];
    expect(listed).toEqual([
      expect.objectContaining({ recipientId: 'law-enforcement', fields: ['orders.recipient_address_enc'] }),
    ]);
    expect(shop.app.privacyRequests.exportSections.map((x) => x.id)).toContain('consents');
  });

  it('[KT-12] khatra answers the legal authorities in a dispute, as its policy says', async () => {
    const { disclosed } = await answer('khatra', 'legal-authorities');
    expect(disclosed?.ok).toBe(true);
  });

  it('[HK-01] hatkoro names no authority: a request cannot even be registered', async () => {
    const { registered } = await answer('hatkoro', 'law-enforcement');
    expect(registered).toMatchObject({ ok: false, errors: { recipientId: 'legal.error.authority' } });
  });
});

describe('typed days', () => {
  it('accepts ISO, slashes, native digits and Jalali years', () => {
    expect(parseTypedDay('2026-12-1')).toBe('2026-12-01');
    expect(parseTypedDay('২০২৬/১২/০১')).toBe('2026-12-01');
    expect(parseTypedDay('۱۴۰۵/۰۹/۱۱')).toBe('2026-12-02');
    expect(parseTypedDay('1405/13/40')).toBe('1405/13/40');
    expect(parseTypedDay('yesterday')).toBe('yesterday');
  });
});
