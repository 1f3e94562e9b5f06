import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayIn, formatIsoDay } from '../src/i18n/format.ts';
import { translate } from '../src/i18n/translate.ts';
import { runDsrCommand } from '../src/modules/privacy-requests/cli.ts';
import { DEFAULT_DEADLINES, dueDays, GDPR_DEADLINES } from '../src/modules/privacy-requests/deadlines.ts';
import { buildExport } from '../src/modules/privacy-requests/export/build.tsx';
import { EXPORT_LINK_TTL_MS } from '../src/modules/privacy-requests/service.ts';
import { FormClient, textOf } from './helpers/browser.ts';
import { type Inbox, startInbox } from './helpers/mail.ts';
import { placeOrder } from './helpers/orders.ts';
import {
  CUSTOMER_PASSWORD,
  codeIn,
  exportLinkIn,
  registeredCustomer,
  staffClient,
  subjectOf,
  unzipExport,
} from './helpers/privacy-requests.ts';
import { describeEachDatabase, openTestShop, type TestShop } from './helpers/shop.ts';

let counter = 0;
function guest(email: string) {
  counter += 1;
  return {
    name: 'Shirin Akter',
    phone: `+88017110${String(counter).padStart(5, '0')}`,
    email,
    address: 'House 4, Road 2, Mirpur, Dhaka',
  };
}

async function customerIdOf(shop: TestShop, orderId: string): Promise<string> {
  const row = await shop.app.db
    .selectFrom('orders')
    .select('customer_id')
    .where('id', '=', orderId)
    .executeTakeFirstOrThrow();
  return row.customer_id;
}

const requestIdOf = (location: string | undefined) => /\/privacy\/requests\/([0-9a-f-]{36})$/.exec(location ?? '')?.[1];
const staffRequestIdOf = (location: string | undefined) =>
  /\/staff\/requests\/([0-9a-f-]{36})$/.exec(location ?? '')?.[1];

describe('request deadlines', () => {
  it('[MS-10] by default: acknowledged the same day, completed within 10 days, staff alerted on day 7', () => {
    const due = dueDays(DEFAULT_DEADLINES, 'Asia/Dhaka', new Date('2026-03-02T20:00:00Z')); // 3 March in Dhaka
    expect(due).toEqual({
      receivedOn: '2026-03-03',
      ackDueOn: '2026-03-03',
      dueOn: '2026-03-13',
      alertOn: '2026-03-10',
    });
  });

  it('[KT-13] Vietnam (khatra): acknowledged within 2 working days, a weekend not counted', () => {
    const khatra = { acknowledge: { days: 2, working: true }, complete: { days: 10 }, alertAfterDays: 7 };
    // Friday 6 March 2026 in Hanoi → Tuesday 10 March; a Saturday request counts from Monday → Wednesday.
    expect(dueDays(khatra, 'Asia/Ho_Chi_Minh', new Date('2026-03-06T03:00:00Z')).ackDueOn).toBe('2026-03-10');
    expect(dueDays(khatra, 'Asia/Ho_Chi_Minh', new Date('2026-03-07T03:00:00Z')).ackDueOn).toBe('2026-03-11');
  });

  it('the GDPR-style option gives one calendar month, clamped to the end of a shorter month', () => {
    expect(dueDays(GDPR_DEADLINES, 'UTC', new Date('2026-01-31T10:00:00Z')).dueOn).toBe('2026-02-28');
    expect(dueDays(GDPR_DEADLINES, 'UTC', new Date('2026-05-15T10:00:00Z')).dueOn).toBe('2026-06-15');
  });
});

describeEachDatabase('privacy requests of guests and customers (chotomoni)', (dialect) => {
  let shop: TestShop;
  let inbox: Inbox;
  let queries = 0;
  beforeAll(async () => {
    inbox = await startInbox();
    shop = await openTestShop(dialect, 'chotomoni', { smtpUrl: inbox.url, onQuery: () => queries++ });
  });
  afterAll(async () => {
    await shop?.close();
    await inbox?.close();
  });

  it('[CM-13] a guest proves their e-mail with a code and downloads the export once: not twice, not after 72 hours', async () => {
    const email = 'shirin@example.com';
    const first = await placeOrder(shop, { buyer: guest(email) });
    const second = await placeOrder(shop, { buyer: guest(email) });
    const stranger = await placeOrder(shop, { buyer: guest('someone.else@example.com') });

    const client = new FormClient(shop.server);
    const start = await client.get('/en/privacy/requests');
    expect(textOf(start.body)).toContain(translate('en', 'dsr.guest.title'));
    // The answer is the same whether or not the address leads anywhere, and nothing goes to an unknown address.
    const nobody = new FormClient(shop.server);
    await nobody.get('/en/privacy/requests');
    const unknown = await nobody.post('/en/privacy/requests/prove', { contact: 'nobody@example.com' });
    const known = await client.post('/en/privacy/requests/prove', { contact: email.toUpperCase() });
    expect(unknown.status).toBe(200);
    expect(known.status).toBe(200);
    const strip = (html: string) => textOf(html.replace(/name="_csrf" value="[^"]*"/g, ''));
    expect(strip(unknown.body)).toBe(strip(known.body));
    const mail = await inbox.waitFor(email, subjectOf(shop, 'code'));
    const code = codeIn(mail);
    expect(inbox.count('nobody@example.com')).toBe(0);
    // Only a keyed hash of the code is kept, and no plaintext address.
    const proofs = await shop.app.db.selectFrom('dsr_proofs').selectAll().execute();
    expect(JSON.stringify(proofs)).not.toContain(code);
    expect(JSON.stringify(proofs)).not.toContain(email);

    const wrong = await client.post('/en/privacy/requests/code', { code: code === '000000' ? '111111' : '000000' });
    expect(wrong.status).toBe(422);
    expect(textOf(wrong.body)).toContain(translate('en', 'dsr.code.invalid'));
    const proved = await client.post('/en/privacy/requests/code', { code });
    expect(proved.status).toBe(200);
    expect(textOf(proved.body)).toContain(translate('en', 'dsr.proved'));

    const made = await client.post('/en/privacy/requests', { kind: 'access', details: '' }, { follow: false });
    expect(made.status).toBe(303);
    const requestId = requestIdOf(made.location)!;
    const page = await client.get(made.location!);
    expect(textOf(page.body)).toContain(translate('en', 'dsr.action.export_sent'));
    expect(textOf(page.body)).toContain(translate('en', 'dsr.status.completed'));
    // Someone else's session cannot open the request.
    expect((await nobody.get(made.location!)).status).toBe(404);

    const ready = await inbox.waitFor(email, subjectOf(shop, 'export'));
    const link = exportLinkIn(ready);
    const downloader = new FormClient(shop.server);
    // Opening the link (as a mail scanner does) does not use it.
    expect((await downloader.get(link)).status).toBe(200);
    expect((await downloader.get(link)).status).toBe(200);
    const download = await shop.server.inject({
      method: 'POST',
      url: link,
      headers: {
        host: 'localhost:80',
        origin: 'http://localhost:80',
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: '',
    });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/zip');
    const { document, html } = unzipExport(download.rawPayload);
    const orders = document.sections.orders as {
      code: string;
      lines: unknown[];
      history: unknown[];
      buyer: { email: string };
    }[];
    expect(orders.map((o) => o.code).sort()).toEqual([first.code, second.code].sort());
    expect(orders.every((o) => o.lines.length > 0 && o.history.length > 0 && o.buyer.email === email)).toBe(true);
    expect(JSON.stringify(document)).not.toContain(stranger.code);
    expect(html).toContain(first.code);
    expect(html).toContain('lang="en');
    // Once, not twice.
    const again = await downloader.post(link, {});
    expect(again.status).toBe(410);
    expect(textOf(again.body)).toContain(translate('en', 'dsr.link.used'));

    // A new link lives exactly 72 hours, and not a moment longer.
    expect((await shop.app.privacyRequests.sendExport(requestId, { kind: 'system', job: 'test' })).ok).toBe(true);
    const link2 = exportLinkIn(await inbox.waitFor(email, subjectOf(shop, 'export'), 1));
    const row = await shop.app.db
      .selectFrom('dsr_export_links')
      .selectAll()
      .where('used_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(Date.parse(row.expires_at) - Date.parse(row.created_at)).toBe(EXPORT_LINK_TTL_MS);
    expect(row.id).toMatch(/^[0-9a-f]{64}$/);
    expect(link2).not.toContain(row.id);
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();
    await shop.app.db
      .updateTable('dsr_export_links')
      .set({ created_at: hoursAgo(72), expires_at: hoursAgo(0.001) })
      .where('id', '=', row.id)
      .execute();
    const late = await downloader.post(link2, {});
    expect(late.status).toBe(410);
    expect(textOf(late.body)).toContain(translate('en', 'dsr.link.expired'));
  });

  it('[CM-13] the export takes the same number of queries for 1 order as for 20 (no query per order)', async () => {
    const one = await placeOrder(shop, { buyer: guest('one.order@example.com') });
    const subjectOne = [one.subjectId];
    const many = await placeOrder(shop, { buyer: guest('many.orders@example.com') });
    // The same customer record ordering again (a signed-in customer's orders all share it).
    for (let i = 0; i < 19; i++)
      await placeOrder(shop, {
        buyer: guest('many.orders@example.com'),
        customerId: await customerIdOf(shop, many.id),
      });
    // The outbox worker (sending the order e-mails) would count its own queries: pause it while counting.
    await shop.app.outbox.stop();
    const count = async (subjectIds: string[]) => {
      queries = 0;
      const built = await buildExport(shop.app, {
        subjectIds,
        locale: 'bn',
        actor: { kind: 'system', job: 'test' },
        requestRef: null,
      });
      return { queries, built };
    };
    const a = await count(subjectOne);
    const b = await count([many.subjectId]);
    expect((b.built.document.sections.orders as unknown[]).length).toBe(20);
    expect(b.queries).toBe(a.queries);
    shop.app.outbox.start();
    // The readable page is in the requested language, with its digits.
    expect(b.built.html).toContain('lang="bn');
    expect(b.built.html).toContain(translate('bn', 'dsr.export.orders'));
    // In Persian the page reads right to left, with Persian digits.
    const fa = await buildExport(shop.app, {
      subjectIds: subjectOne,
      locale: 'fa',
      actor: { kind: 'system', job: 'test' },
      requestRef: null,
    });
    expect(fa.html).toMatch(/<html lang="fa[^"]*" dir="rtl"/);
    expect(fa.html).toMatch(/[۰-۹]/);
    expect(fa.html).toContain(translate('fa', 'dsr.export.orders'));
  });

  it('[MS-10] a signed-in customer complains from their account; staff answer it and the customer reads the answer', async () => {
    const email = 'rafi@example.com';
    const customer = await registeredCustomer(shop, inbox, {
      name: 'Rafiq Islam',
      username: 'rafiq_i',
      email,
      phone: '01711999001',
      address: 'Road 7, Dhanmondi, Dhaka',
    });
    const form = await customer.get('/en/privacy/requests');
    expect(textOf(form.body)).toContain(translate('en', 'dsr.kind.complaint'));
    const missing = await customer.post('/en/privacy/requests', { kind: 'complaint', details: '' });
    expect(missing.status).toBe(422);
    expect(textOf(missing.body)).toContain(translate('en', 'dsr.error.details'));
    const complaint = 'I received a marketing SMS I never asked for.';
    const made = await customer.post(
      '/en/privacy/requests',
      { kind: 'complaint', details: complaint },
      { follow: false },
    );
    const id = requestIdOf(made.location)!;
    expect(id).toBeDefined();

    const { client: staff } = await staffClient(shop, 'farhana', 'manager');
    const queue = await staff.get('/en/staff/requests');
    expect(queue.status).toBe(200);
    expect(queue.body).toContain(`/en/staff/requests/${id}`);
    const detail = await staff.get(`/en/staff/requests/${id}`);
    expect(textOf(detail.body)).toContain(complaint);
    expect(textOf(detail.body)).toContain(translate('en', 'dsr.verify.signed_in'));
    const answer = 'We are sorry: your number was removed from the SMS list and the campaign stopped.';
    const answered = await staff.post(`/en/staff/requests/${id}/answer`, { message: answer });
    expect(answered.status).toBe(200);
    await staff.post(`/en/staff/requests/${id}/answer`, { message: 'Checked the SMS provider logs.', internal: 'yes' });
    const closed = await staff.post(`/en/staff/requests/${id}/complete`, { message: '' });
    expect(closed.status).toBe(200);

    const mail = await inbox.waitFor(email, subjectOf(shop, 'answer'));
    expect(mail.text).toContain(answer);
    const own = await customer.get(`/en/privacy/requests/${id}`);
    const text = textOf(own.body);
    expect(text).toContain(answer);
    expect(text).toContain(translate('en', 'dsr.status.completed'));
    expect(text).not.toContain('Checked the SMS provider logs.');
    // Staff reading the request is audited; the customer reading their own is not.
    const audited = await shop.app.db
      .selectFrom('audit_log')
      .select(['actor', 'action', 'detail'])
      .where('action', '=', 'reveal')
      .where('purpose', '=', 'customer.support')
      .execute();
    expect(audited.some((a) => a.actor.startsWith('staff:'))).toBe(true);
    expect(audited.every((a) => !a.actor.startsWith('subject:'))).toBe(true);
  });

  it('[CM-15] a signed-in customer stops marketing in one request', async () => {
    const email = 'mitu@example.com';
    const customer = await registeredCustomer(shop, inbox, {
      name: 'Mitu Das',
      username: 'mitu_d',
      email,
      phone: '01711999002',
      address: 'Road 9, Uttara, Dhaka',
    });
    await customer.post('/en/account/marketing', { marketing_email: 'yes', marketing_sms: 'yes' });
    const made = await customer.post('/en/privacy/requests', { kind: 'marketing_opt_out', details: '' });
    expect(textOf(made.body)).toContain(translate('en', 'dsr.action.opted_out'));
    const account = await shop.app.db
      .selectFrom('accounts')
      .select(['marketing_email', 'marketing_sms'])
      .where('username_bidx', '=', shop.app.accounts.usernameIndex('mitu_d'))
      .executeTakeFirstOrThrow();
    expect([account.marketing_email, account.marketing_sms]).toEqual([0, 0]);
  });

  it('[CM-14] a signed-in customer asks to delete their data: staff approve, they can no longer sign in, the order stays anonymised', async () => {
    const email = 'nadia@example.com';
    const customer = await registeredCustomer(shop, inbox, {
      name: 'Nadia Rahman',
      username: 'nadia_r',
      email,
      phone: '01711999003',
      address: 'Road 3, Banani, Dhaka',
    });
    const accountId = (await shop.app.accounts.signIn({ username: 'nadia_r' }, CUSTOMER_PASSWORD))!;
    const profile = (await shop.app.accounts.profile(accountId))!;
    const order = await placeOrder(shop, {
      buyer: { name: 'Nadia Rahman', phone: '+8801711999003', email, address: 'Road 3, Banani, Dhaka' },
      customerId: profile.customerId,
    });
    const made = await customer.post('/en/privacy/requests', { kind: 'erasure', details: '' }, { follow: false });
    const id = requestIdOf(made.location)!;
    const { client: staff } = await staffClient(shop, 'farhana', 'manager');
    const detail = await staff.get(`/en/staff/requests/${id}`);
    expect(textOf(detail.body)).toContain(translate('en', 'dsr.staff.subjects', { count: 1 }));
    const erased = await staff.post(`/en/staff/requests/${id}/erase`, {});
    expect(erased.status).toBe(200);
    expect(textOf(erased.body)).toContain(translate('en', 'dsr.action.erased'));
    expect(textOf(erased.body)).toContain(translate('en', 'dsr.status.completed'));
    // They can no longer sign in, and their signed-in session is gone.
    const signIn = new FormClient(shop.server);
    await signIn.get('/en/account/signin');
    expect(
      (await signIn.post('/en/account/signin', { identifier: 'nadia_r', password: CUSTOMER_PASSWORD })).status,
    ).toBe(401);
    expect((await customer.get('/en/account')).location).toBe('/en/account/signin');
    // Staff see the order, anonymised.
    const orderPage = await staff.get(`/en/staff/orders/${order.id}`);
    expect(orderPage.status).toBe(200);
    expect(textOf(orderPage.body)).toContain(order.code);
    expect(textOf(orderPage.body)).toContain(translate('en', 'staff.erased'));
    expect(textOf(orderPage.body)).not.toContain('Nadia');
    const record = await shop.app.db
      .selectFrom('erasures')
      .selectAll()
      .where('request_ref', '=', id)
      .executeTakeFirstOrThrow();
    expect(record).toMatchObject({ reason: 'dsr.erasure', orders: 1 });
    // The request's trail survives the erasure of the person it was about.
    const view = (await shop.app.privacyRequests.view(id, { requester: true }))!;
    expect(view.trail.map((e) => e.action)).toContain('erased');
  });

  it('only owner and manager reach the request centre', async () => {
    const { client: support } = await staffClient(shop, 'sumi', 'support');
    const { client: packer } = await staffClient(shop, 'pavel', 'packer');
    expect((await support.get('/en/staff/requests')).status).toBe(403);
    expect((await packer.get('/en/staff/requests')).status).toBe(403);
    const before = (await shop.app.privacyRequests.queue()).length;
    await support.get('/en/staff');
    const refused = await support.post(
      '/en/staff/requests/new',
      { kind: 'access', channel: 'email', contact: 'a@example.com' },
      { follow: false },
    );
    expect(refused.status).toBe(403);
    expect((await shop.app.privacyRequests.queue()).length).toBe(before);
    expect((await new FormClient(shop.server).get('/en/staff/requests')).location).toBe('/en/staff/login');
    const { client: owner } = await staffClient(shop, 'owner1', 'owner');
    expect((await owner.get('/en/staff/requests')).status).toBe(200);
  });
});

describeEachDatabase('requests staff log from e-mail and the hotline (khatra)', (dialect) => {
  let shop: TestShop;
  let inbox: Inbox;
  beforeAll(async () => {
    inbox = await startInbox();
    shop = await openTestShop(dialect, 'khatra', { smtpUrl: inbox.url });
  });
  afterAll(async () => {
    await shop?.close();
    await inbox?.close();
  });

  it('[CM-16] [KT-11] staff log an e-mailed request, see its deadline, and an overdue one stands out; the correction is audited', async () => {
    const email = 'tuan@example.vn';
    const order = await placeOrder(shop, {
      buyer: { name: 'Trần Văn Tuấn', phone: '+84912345678', email, address: '12 Lý Thường Kiệt, Hà Nội' },
      channel: 'email',
      locale: 'vi',
    });
    const { client: staff, id: staffId } = await staffClient(shop, 'lan', 'manager', 'vi');
    const form = await staff.get('/vi/staff/requests/new');
    expect(form.status).toBe(200);
    const bad = await staff.post('/vi/staff/requests/new', {
      kind: 'rectification',
      channel: 'email',
      contact: 'not an address',
      details: '',
    });
    expect(bad.status).toBe(422);
    expect(bad.body).toContain('value="not an address"');
    expect(textOf(bad.body)).toContain(translate('vi', 'dsr.error.contact'));

    const logged = await staff.post(
      '/vi/staff/requests/new',
      {
        kind: 'rectification',
        channel: 'email',
        contact: email,
        received: '',
        details: 'Tên đúng là Trần Văn Tuấn Anh.',
        verification: 'reply_from_address',
      },
      { follow: false },
    );
    expect(logged.status).toBe(303);
    const id = staffRequestIdOf(logged.location)!;
    const page = await staff.get(logged.location!);
    const due = dueDays(shop.app.preset.requestDeadlines!, 'Asia/Ho_Chi_Minh', new Date());
    const text = textOf(page.body);
    expect(text).toContain(formatIsoDay(due.ackDueOn, 'vi'));
    expect(text).toContain(formatIsoDay(due.dueOn, 'vi'));
    expect(text).toContain(translate('vi', 'dsr.verify.reply_from_address'));
    expect(text).toContain(translate('vi', 'dsr.staff.subjects', { count: 1 }));

    // An e-mail of two weeks ago, logged late, is overdue and says so in the queue.
    const old = await staff.post(
      '/vi/staff/requests/new',
      {
        kind: 'complaint',
        channel: 'phone',
        contact: '0912345678',
        received: dayIn('UTC', new Date(Date.now() - 14 * 86400_000)),
        details: 'Gọi điện khiếu nại.',
      },
      { follow: false },
    );
    const oldId = staffRequestIdOf(old.location)!;
    const queue = await staff.get('/vi/staff/requests');
    const row = new RegExp(`<tr class="request overdue"[^>]*>(?:(?!</tr>).)*${oldId}`, 's');
    expect(queue.body).toMatch(row);
    expect(textOf(queue.body)).toContain(translate('vi', 'dsr.urgency.overdue'));
    expect(queue.body.indexOf(oldId)).toBeLessThan(queue.body.indexOf(id));
    expect(await shop.app.privacyRequests.overdueCount()).toBeGreaterThanOrEqual(1);

    // The correction, made by staff: sealed into the customer's record and audited.
    const fixed = await staff.post(`/vi/staff/requests/${id}/rectify`, { name: 'Trần Văn Tuấn Anh', address: '' });
    expect(fixed.status).toBe(200);
    expect(textOf(fixed.body)).toContain(translate('vi', 'dsr.action.rectified'));
    const entry = await shop.app.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'rectification')
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({
      actor: `staff:${staffId}`,
      subject_id: order.subjectId,
      field: 'customers.name_enc',
    });
    const customer = (await shop.app.customers.byId(await customerIdOf(shop, order.id)))!;
    const opened = await shop.app.kernel.reveal({
      actor: { kind: 'customer', subjectId: order.subjectId },
      purpose: 'customer.support',
      subjectId: order.subjectId,
      fields: { 'customers.name_enc': customer.name_enc, 'customers.address_enc': customer.address_enc },
    });
    expect(opened).toEqual({
      'customers.name_enc': 'Trần Văn Tuấn Anh',
      'customers.address_enc': '12 Lý Thường Kiệt, Hà Nội',
    });
  });

  it('[KT-13] a complaint by phone is tracked to an answer: unverified first, verified by a call back, answered, closed', async () => {
    const phone = '+84987654321';
    await placeOrder(shop, {
      buyer: { name: 'Lê Thị Hoa', phone, email: '', address: '5 Trần Phú, Đà Nẵng' },
      channel: 'phone',
      locale: 'vi',
    });
    const { client: staff } = await staffClient(shop, 'lan', 'manager', 'vi');
    const logged = await staff.post(
      '/vi/staff/requests/new',
      { kind: 'complaint', channel: 'phone', contact: '0987 654 321', details: 'Số của tôi bị dùng cho quảng cáo.' },
      { follow: false },
    );
    const id = staffRequestIdOf(logged.location)!;
    const refused = await staff.post(`/vi/staff/requests/${id}/rectify`, { name: 'x', address: '' });
    expect(refused.status).toBe(409);
    const verified = await staff.post(`/vi/staff/requests/${id}/verify`, { verification: 'call_back' });
    expect(textOf(verified.body)).toContain(translate('vi', 'dsr.staff.subjects', { count: 1 }));
    await staff.post(`/vi/staff/requests/${id}/acknowledge`, {});
    const answer = 'Chúng tôi đã ngừng gửi tin quảng cáo tới số của chị.';
    await staff.post(`/vi/staff/requests/${id}/complete`, { message: answer });
    const view = (await shop.app.privacyRequests.view(id, { requester: true }))!;
    expect(view.status).toBe('completed');
    expect(view.trail.map((e) => e.action)).toEqual(['created', 'acknowledged', 'completed']);
    expect(view.trail.at(-1)!.message).toBe(answer);
    // The answer went by SMS to the number the complaint came from.
    await expect.poll(() => shop.sms.sent.some((m) => m.to === phone && m.text.includes(view.ref))).toBe(true);
    const closedRow = await shop.app.db
      .selectFrom('dsr_requests')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(closedRow)).not.toContain('654321');
  });

  it('[CM-16] `amanat dsr list|status|export|erase` works the same queue on the command line', async () => {
    const email = 'minh@example.vn';
    await placeOrder(shop, {
      buyer: { name: 'Phạm Văn Minh', phone: '+84911222333', email, address: '8 Hai Bà Trưng, Huế' },
      channel: 'phone',
      locale: 'vi',
    });
    const dsr = shop.app.privacyRequests;
    const actor = { kind: 'system', job: 'test' } as const;
    const access = await dsr.create({
      kind: 'access',
      channel: 'email',
      locale: 'vi',
      subjectIds: await dsr.subjectsOfContact('email', email),
      contact: { kind: 'email', value: email },
      details: '',
      verification: 'staff:reply_from_address',
      actor,
    });
    const erasure = await dsr.create({
      kind: 'erasure',
      channel: 'phone',
      locale: 'vi',
      subjectIds: [],
      contact: { kind: 'phone', value: '+84911222333' },
      details: '',
      verification: null,
      actor,
    });
    const run = async (action: Parameters<typeof runDsrCommand>[1], options: Parameters<typeof runDsrCommand>[2]) => {
      let output = '';
      const code = await runDsrCommand(shop.app, action, options, { write: (s: string) => (output += s) });
      return { code, output };
    };
    const list = await run('list', {});
    expect(list.code).toBe(0);
    expect(list.output).toContain(access.ref);
    expect(list.output).toContain(erasure.ref);
    const status = await run('status', { ref: access.ref.toLowerCase() });
    expect(status.output).toContain('verified (staff:reply_from_address)');
    expect(status.output).not.toContain(email);
    const out = join(mkdtempSync(join(tmpdir(), 'amanat-dsr-')), 'export.zip');
    const exported = await run('export', { ref: access.ref, out });
    expect(exported.code).toBe(0);
    const { document } = unzipExport(new Uint8Array(readFileSync(out)));
    expect((document.sections.profile as { email: string }[])[0].email).toBe(email);
    const refused = await run('erase', { ref: erasure.ref });
    expect(refused).toEqual({ code: 1, output: `${erasure.ref}: not erased (not_verified)\n` });
    expect((await run('status', { ref: 'DSR-NOSUCH' })).code).toBe(1);
  });
});
