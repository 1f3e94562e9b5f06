import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { translate } from '../src/i18n/translate.ts';
import { FormClient, textOf } from './helpers/browser.ts';
import { type Inbox, linkIn, startInbox } from './helpers/mail.ts';
import { describeEachDatabase, openTestShop, type TestShop } from './helpers/shop.ts';

const PASSWORD = 'mango season in rajshahi';
const pathOf = (link: string) => new URL(link).pathname;
const header = (mail: ParsedMail, name: string) => mail.headerLines.find((h) => h.key === name)?.line ?? '';

describeEachDatabase('news and offers after double opt-in (mistri)', (dialect) => {
  let shop: TestShop;
  let inbox: Inbox;
  let owner: FormClient;
  const n = dialect === 'sqlite' ? '1' : '2';
  beforeAll(async () => {
    inbox = await startInbox();
    // Links in mail are https, as the shop's public address is in production (RFC 8058 asks https).
    shop = await openTestShop(dialect, 'mistri', { smtpUrl: inbox.url, publicUrl: 'https://shop.example.test' });
    await shop.app.staff.create({ username: 'owner', displayName: 'Owner', role: 'owner', password: PASSWORD });
    await shop.app.staff.create({ username: 'packer', displayName: 'Packer', role: 'packer', password: PASSWORD });
    owner = new FormClient(shop.server);
    await owner.get('/bn/staff/login');
    await owner.post('/bn/staff/login', { username: 'owner', password: PASSWORD });
  });
  afterAll(async () => {
    await shop?.close();
    await inbox?.close();
  });

  async function register(email: string, phone: string, marketing: boolean) {
    const client = new FormClient(shop.server);
    await client.get('/bn/account/register');
    await client.post('/bn/account/register', {
      name: 'Farhana Akter',
      username: email.split('@')[0].replace(/[^a-z0-9]/g, ''),
      email,
      phone,
      address: 'House 9, Road 2, Mirpur, Dhaka',
      password: PASSWORD,
      ...(marketing ? { marketing_email: 'yes' } : {}),
    });
    const confirm = pathOf(linkIn(await inbox.waitFor(email, /নিশ্চিত করুন$|confirm/i), '/account/confirm/'));
    await client.get(confirm);
    await client.post(confirm, {});
    return client;
  }

  async function subscriptions(channel: string) {
    return shop.app.db
      .selectFrom('marketing_subscriptions')
      .selectAll()
      .where('channel', '=', channel)
      .orderBy('requested_at')
      .execute();
  }

  async function sendCampaign(channel: 'email' | 'sms', subject: string, body: string) {
    const page = await owner.post('/bn/staff/marketing', { channel, subject, body });
    expect(page.status).toBe(200);
    return textOf(page.body);
  }

  it('[HK-14] [KT-06] [CM-15] the unticked box asks, the e-mailed link confirms, a campaign arrives with one-click unsubscribe', async () => {
    const form = await new FormClient(shop.server).get('/bn/account/register');
    expect(form.body).toMatch(/name="marketing_email"/);
    expect(form.body).not.toMatch(/name="marketing_email"[^>]*checked/);

    const email = `farhana${n}@example.com`;
    const quiet = `nazmul${n}@example.com`;
    await register(quiet, `0171200010${n}`, false);
    await register(email, `0171200020${n}`, true);
    const optIn = new RegExp(
      translate('bn', 'marketing.confirmMail.subject', { shop: shop.app.preset.identity.name.bn }),
    );
    const confirmation = await inbox.waitFor(email, optIn);
    expect(inbox.count(quiet, optIn)).toBe(0);
    const link = linkIn(confirmation, '/marketing/confirm/');
    expect(link.startsWith('https://shop.example.test/bn/marketing/confirm/')).toBe(true);

    // Not confirmed yet: a campaign goes to nobody.
    expect(await sendCampaign('email', 'Winter AC service', 'Ten per cent off AC servicing this week.')).toContain(
      translate('bn', 'marketing.sent', { count: 0 }),
    );
    expect(inbox.count(email, /Winter AC service/)).toBe(0);

    // Opening the link (a mail scanner does) confirms nothing; pressing its button does, once.
    const visitor = new FormClient(shop.server);
    expect((await visitor.get(pathOf(link))).status).toBe(200);
    expect((await subscriptions('email')).at(-1)!.status).toBe('pending');
    const confirmed = await visitor.post(pathOf(link), {});
    expect(confirmed.status).toBe(200);
    expect((await visitor.post(pathOf(link), {})).status).toBe(410);
    const subscription = (await subscriptions('email')).at(-1)!;
    expect(subscription.status).toBe('confirmed');
    expect(Number(subscription.confirmed_policy_version)).toBe(shop.app.policyVersions.current.number);
    expect(subscription.address_enc).not.toContain(email);

    expect(await sendCampaign('email', 'Monsoon plumbing check', 'Book a plumbing check before the rains.')).toContain(
      translate('bn', 'marketing.sent', { count: 1 }),
    );
    const campaign = await inbox.waitFor(email, /Monsoon plumbing check/);
    expect(inbox.count(quiet, /Monsoon plumbing check/)).toBe(0);
    const listUnsubscribe = header(campaign, 'list-unsubscribe');
    const url = /<(https:\/\/shop\.example\.test\/unsubscribe\/[^>]+)>/.exec(listUnsubscribe)?.[1];
    expect(url, listUnsubscribe).toBeDefined();
    expect(header(campaign, 'list-unsubscribe-post')).toMatch(/List-Unsubscribe-Post:\s*List-Unsubscribe=One-Click/i);
    expect(campaign.text).toContain(url!);

    // A guessed token does nothing.
    const path = pathOf(url!);
    const forged = path.replace(/[^/]+$/, 'A'.repeat(32));
    const oneClick = (p: string, body = 'List-Unsubscribe=One-Click') =>
      shop.server.inject({
        method: 'POST',
        url: p,
        payload: body,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    expect((await oneClick(forged)).statusCode).toBe(404);
    expect((await subscriptions('email')).at(-1)!.status).toBe('confirmed');
    // The mail client's POST: no session, no CSRF token, only the link.
    const stopped = await oneClick(path);
    expect(stopped.statusCode).toBe(200);
    const after = (await subscriptions('email')).at(-1)!;
    expect(after.status).toBe('withdrawn');
    expect(after.withdrawn_how).toBe('one_click');
    expect(after.address_enc).toBeNull();
    // Multipart, as some mail clients send it, works too (and stays done).
    const multipart = await shop.server.inject({
      method: 'POST',
      url: path,
      payload: '--x\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--x--\r\n',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
    });
    expect(multipart.statusCode).toBe(200);

    const before = inbox.count(email, /Eid offer/);
    expect(await sendCampaign('email', 'Eid offer', 'Free inspection with every booking.')).toContain(
      translate('bn', 'marketing.sent', { count: 0 }),
    );
    await new Promise((r) => setTimeout(r, 200));
    expect(inbox.count(email, /Eid offer/)).toBe(before);
  });

  it('[KN-09] [CM-15] SMS news after a confirmed opt-in from My Account, each with an opt-out link', async () => {
    const email = `rubel${n}@example.com`;
    const phone = `+88017120003${n}0`;
    const client = await register(email, `017120003${n}0`, false);
    const saved = await client.post('/bn/account/marketing', { marketing_sms: 'yes' });
    expect(saved.status).toBe(200);
    expect(textOf(saved.body)).toContain(translate('bn', 'marketing.pendingHint'));
    await shop.app.outbox.drain();
    const confirmSms = shop.sms.sent.filter((m) => m.to === phone && m.text.includes('/marketing/confirm/')).at(-1)!;
    const link = /https:\/\/\S+\/marketing\/confirm\/\S+/.exec(confirmSms.text)![0];
    await client.get(pathOf(link));
    await client.post(pathOf(link), {});
    expect((await subscriptions('sms')).at(-1)!.status).toBe('confirmed');

    await sendCampaign('sms', '', 'AC service 10% off this week');
    await shop.app.outbox.drain();
    const news = shop.sms.sent.filter((m) => m.to === phone && m.text.includes('AC service 10% off')).at(-1)!;
    expect(news).toBeDefined();
    const stop = /https:\/\/shop\.example\.test\/unsubscribe\/\S+/.exec(news.text)![0];
    expect(news.text).toContain(translate('bn', 'marketing.smsStop', { link: stop }));
    // The opt-out link opens a page with one button, in the subscriber's language; pressing it stops the SMS.
    const stranger = new FormClient(shop.server);
    const page = await stranger.get(pathOf(stop));
    expect(page.status).toBe(200);
    expect(page.body).toContain('lang="bn-BD"');
    // Its language links lead to the same page in another language, not to a 404.
    const english = /<a href="(\/en\/unsubscribe\/[^"]+)"/.exec(page.body)![1];
    const inEnglish = await stranger.get(english);
    expect(inEnglish.status).toBe(200);
    expect(inEnglish.body).toContain('lang="en-US"');
    expect((await stranger.get(english.replace(/[^/]+$/, 'x'.repeat(43)))).status).toBe(404);
    await stranger.post(pathOf(stop), {});
    const sms = (await subscriptions('sms')).at(-1)!;
    expect(sms.status).toBe('withdrawn');
    expect(sms.withdrawn_how).toBe('link');
  });

  it('[CM-15] unticking in My Account and a data-subject opt-out both stop news at once', async () => {
    const email = `sadia${n}@example.com`;
    const client = await register(email, `017120004${n}0`, false);
    await client.post('/bn/account/marketing', { marketing_email: 'yes' });
    const link = linkIn(await inbox.waitFor(email, /marketing|খবর/), '/marketing/confirm/');
    await client.get(pathOf(link));
    await client.post(pathOf(link), {});
    const account = await client.get('/bn/account');
    expect(account.body).toMatch(/name="marketing_email" value="yes" checked/);
    await client.post('/bn/account/marketing', {});
    expect((await subscriptions('email')).at(-1)!.withdrawn_how).toBe('account');
    expect((await client.get('/bn/account')).body).not.toMatch(/name="marketing_email" value="yes" checked/);

    await client.post('/bn/account/marketing', { marketing_email: 'yes', marketing_sms: 'yes' });
    const subject = (await subscriptions('email')).at(-1)!.subject_id;
    expect(await shop.app.marketing.optOutOfMarketing([subject])).toBe(2);
    expect(await shop.app.marketing.status(subject)).toEqual({ email: 'none', sms: 'none' });
  });

  it('[HK-14] [KN-09] at checkout the boxes are unticked, kept on an error, and a ticked one starts a double opt-in', async () => {
    const client = new FormClient(shop.server);
    const product = (await shop.app.catalog.list({ locale: 'en' })).items.find((p) => p.stockMilli > 1000)!;
    await client.get(`/en/p/${product.id}`);
    await client.post('/en/cart/add', { product: product.id, quantity: '1' });
    const form = await client.get('/en/checkout');
    expect(form.body).toMatch(/name="marketing_email" value="yes"\/>/);
    expect(form.body).toMatch(/name="marketing_sms" value="yes"\/>/);
    const key = /name="idempotency_key" value="([^"]+)"/.exec(form.body)![1];
    const email = `guest${n}@example.com`;
    const buyer = {
      name: 'Mitu Begum',
      phone: `017120005${n}0`,
      email,
      address: 'House 4, Road 1, Uttara, Dhaka',
      delivery_instructions: '',
      delivery_date: '',
      delivery_window: '',
      payment_method: 'cod',
      payment_reference: '',
      marketing_sms: 'yes',
      idempotency_key: key,
    };
    const refused = await client.post('/en/checkout', { ...buyer, name: '' });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatch(/name="marketing_sms" value="yes" checked/);
    expect(refused.body).not.toMatch(/name="marketing_email" value="yes" checked/);
    const placed = await client.post('/en/checkout', buyer);
    expect(placed.status).toBe(200);
    await shop.app.outbox.drain();
    const sms = (await subscriptions('sms')).at(-1)!;
    expect(sms).toMatchObject({ status: 'pending', source: 'checkout', locale: 'en' });
    expect(
      shop.sms.sent.some((m) => m.to === `+880${buyer.phone.slice(1)}` && m.text.includes('/marketing/confirm/')),
    ).toBe(true);
    // The e-mail box was not ticked: nothing asked for that address.
    expect(inbox.count(email, /news and offers/)).toBe(0);
  });

  it('[HK-14] only staff allowed to market see the campaign page', async () => {
    const packer = new FormClient(shop.server);
    await packer.get('/bn/staff/login');
    await packer.post('/bn/staff/login', { username: 'packer', password: PASSWORD });
    expect((await packer.get('/bn/staff/marketing')).status).toBe(403);
    expect((await packer.post('/bn/staff/marketing', { channel: 'email', subject: 'x', body: 'y' })).status).toBe(403);
    expect((await new FormClient(shop.server).get('/bn/staff/marketing')).status).toBe(303);
    const empty = await owner.post('/bn/staff/marketing', { channel: 'email', subject: '', body: 'Draft' });
    expect(empty.status).toBe(422);
    expect(empty.body).toContain('Draft');
    expect(textOf(empty.body)).toContain(translate('bn', 'marketing.errorSubject'));
  });
});
