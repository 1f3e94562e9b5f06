import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Locale } from '../src/i18n/locales.ts';
import { translate } from '../src/i18n/translate.ts';
import { FormClient, textOf } from './helpers/browser.ts';
import { type Inbox, linkIn, startInbox } from './helpers/mail.ts';
import { describeEachDatabase, openTestShop, type TestShop } from './helpers/shop.ts';

const PASSWORD = 'mango season in rajshahi';

interface Person {
  name: string;
  username: string;
  email: string;
  phone: string;
  address: string;
}

let counter = 0;
function person(): Person {
  counter += 1;
  const n = String(counter).padStart(3, '0');
  return {
    name: 'তানভীর আহমেদ',
    username: `tanvir${n}`,
    email: `tanvir${n}@example.com`,
    phone: `01711000${n}`,
    address: 'বাড়ি ১২, রোড ৫, ধানমন্ডি, ঢাকা',
  };
}

/** The path of a link in an e-mail, to open with the test client. */
const pathOf = (link: string) => new URL(link).pathname;

/** Opens an e-mailed confirmation link and presses its button, as a customer does. */
async function confirmLink(client: FormClient, link: string) {
  const path = pathOf(link);
  const page = await client.get(path);
  if (page.status !== 200) return page;
  expect(page.body).toContain(`<form method="post" action="${path}"`);
  return client.post(path, {});
}

describeEachDatabase('customer accounts (hatkoro)', (dialect) => {
  let shop: TestShop;
  let inbox: Inbox;
  beforeAll(async () => {
    inbox = await startInbox();
    shop = await openTestShop(dialect, 'hatkoro', { smtpUrl: inbox.url });
  });
  afterAll(async () => {
    await shop?.close();
    await inbox?.close();
  });

  /** Registers through the form and confirms the e-mail link; returns the signed-in client. */
  async function register(p: Person, locale: Locale = 'bn'): Promise<FormClient> {
    const client = new FormClient(shop.server);
    await client.get(`/${locale}/account/register`);
    const shopName = shop.app.preset.identity.name[locale];
    const subject = new RegExp(
      `^${translate(locale, 'mail.confirm.subject', { shop: shopName }).replaceAll('.', '\\.')}$`,
    );
    const before = inbox.count(p.email, subject);
    const page = await client.post(`/${locale}/account/register`, { ...p, password: PASSWORD });
    expect(page.status).toBe(200);
    const mail = await inbox.waitFor(p.email, subject, before);
    const confirmed = await confirmLink(client, linkIn(mail, '/account/confirm/'));
    expect(confirmed.status).toBe(200);
    return client;
  }

  it('[HK-05] [HK-06] [KN-12] registration asks name, e-mail, address, phone, username and password; the e-mailed link confirms and signs in', async () => {
    const p = person();
    const client = new FormClient(shop.server);
    const form = await client.get('/bn/account/register');
    const fields = [...form.body.matchAll(/<(?:input|textarea)\b[^>]*\bname="([a-z_]+)"/g)]
      .map((m) => m[1])
      .filter((n) => n !== '_csrf' && n !== 'q');
    expect(fields.sort()).toEqual(['address', 'email', 'marketing_email', 'name', 'password', 'phone', 'username']);
    expect(form.body).not.toMatch(/name="marketing_email"[^>]*checked/);
    const done = await client.post('/bn/account/register', { ...p, password: PASSWORD });
    expect(textOf(done.body)).toContain('ইমেইল দেখুন');
    const mail = await inbox.waitFor(p.email, /নিশ্চিত/);
    expect(mail.text).toContain('২৪ ঘণ্টা');
    expect(mail.html).toContain('lang="bn-BD"');
    // A mail scanner that opens the link neither uses it up nor signs itself in.
    const scanner = new FormClient(shop.server);
    const scanned = await scanner.get(pathOf(linkIn(mail, '/account/confirm/')));
    expect(scanned.status).toBe(200);
    expect(scanner.hasCookie).toBe(false);
    const signedIn = await confirmLink(client, linkIn(mail, '/account/confirm/'));
    expect(textOf(signedIn.body)).toContain(p.username);
    const account = await shop.app.db
      .selectFrom('accounts')
      .selectAll()
      .where('username_bidx', '=', shop.app.accounts.usernameIndex(p.username))
      .executeTakeFirstOrThrow();
    expect(account.password_hash).toMatch(/^\$argon2id\$/);
    expect(account.email_confirmed_at).not.toBeNull();
    expect(JSON.stringify(account)).not.toContain(p.username);
    expect(JSON.stringify(account)).not.toContain(PASSWORD);
    // The SMS code confirms the phone (KN-05).
    const sms = shop.sms.sent.findLast((m) => m.to === `+880${p.phone.slice(1)}`)!;
    const code = /(\d{6})/.exec(sms.text)![1];
    const wrong = await client.post('/bn/account/phone/confirm', { code: code === '000000' ? '111111' : '000000' });
    expect(wrong.status).toBe(422);
    const right = await client.post('/bn/account/phone/confirm', {
      code: [...code].map((d) => '০১২৩৪৫৬৭৮৯'[Number(d)]).join(''),
    });
    expect(right.status).toBe(200);
    const confirmed = await shop.app.db
      .selectFrom('accounts')
      .select('phone_confirmed_at')
      .where('id', '=', account.id)
      .executeTakeFirstOrThrow();
    expect(confirmed.phone_confirmed_at).not.toBeNull();
  });

  it('a duplicate registration shows the same page and tells the address owner instead; a taken username says so', async () => {
    const p = person();
    await register(p);
    const before = inbox.messages.length;
    const again = new FormClient(shop.server);
    await again.get('/en/account/register');
    const page = await again.post('/en/account/register', { ...p, username: `${p.username}x`, password: PASSWORD });
    expect(page.status).toBe(200);
    expect(textOf(page.body)).toContain('We have sent a link to the e-mail address you gave.');
    const notice = await inbox.waitFor(p.email, /tried to register/);
    expect(notice.text).toContain('/en/account/forgot');
    expect(inbox.messages.length).toBe(before + 1);
    const taken = await again.post('/en/account/register', {
      ...person(),
      username: p.username.toUpperCase(),
      password: PASSWORD,
    });
    expect(taken.status).toBe(422);
    expect(textOf(taken.body)).toContain('This username is taken.');
  });

  it('a weak password gets a clear message, and the form keeps everything but the password', async () => {
    const p = person();
    const client = new FormClient(shop.server);
    await client.get('/en/account/register');
    const common = await client.post('/en/account/register', { ...p, password: 'password1' });
    expect(common.status).toBe(422);
    expect(textOf(common.body)).toContain('one of the most common ones');
    expect(common.body).toContain(`value="${p.username}"`);
    expect(common.body).not.toContain('password1');
    const short = await client.post('/en/account/register', { ...p, password: 'abc' });
    expect(textOf(short.body)).toContain('at least 8 characters');
  });

  /** Confirms the account's phone with the code the shop texted to it. */
  async function confirmPhone(client: FormClient, p: Person) {
    await shop.app.outbox.drain();
    const sms = shop.sms.sent.findLast((m) => m.to === `+880${p.phone.slice(1)}`)!;
    const code = /(\d{6})/.exec(sms.text)![1];
    const page = await client.post('/en/account/phone/confirm', { code });
    expect(textOf(page.body)).toContain('phone number is confirmed');
  }

  it('[MS-12] [KN-05] signs in by username, or by the e-mail or phone once confirmed; a wrong password and an unknown user read the same', async () => {
    const p = person();
    const registered = await register(p);
    // The phone is not confirmed yet: it names no account.
    const early = new FormClient(shop.server);
    await early.get('/en/account/signin');
    expect((await early.post('/en/account/signin', { identifier: p.phone, password: PASSWORD })).status).toBe(401);
    await confirmPhone(registered, p);
    for (const identifier of [
      p.username,
      p.email.toUpperCase(),
      p.phone,
      `+880 ${p.phone.slice(1)}`,
      [...p.phone].map((d) => '০১২৩৪৫৬৭৮৯'[Number(d)]).join(''),
    ]) {
      const client = new FormClient(shop.server);
      await client.get('/en/account/signin');
      const page = await client.post('/en/account/signin', { identifier, password: PASSWORD });
      expect(page.status, identifier).toBe(200);
      expect(textOf(page.body)).toContain('My Account');
    }
    const client = new FormClient(shop.server);
    await client.get('/en/account/signin');
    const wrong = await client.post('/en/account/signin', { identifier: p.username, password: 'not the password' });
    const unknown = await client.post('/en/account/signin', { identifier: 'nobody-here', password: PASSWORD });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const strip = (b: string) =>
      textOf(b)
        .replace(/value="[^"]*"/g, '')
        .replace(p.username, '')
        .replace('nobody-here', '');
    expect(strip(wrong.body)).toBe(strip(unknown.body));
  });

  it('[MS-12] a forgotten password is reset through an e-mailed link that works once, for one hour', async () => {
    const p = person();
    const first = await register(p, 'en');
    const stranger = new FormClient(shop.server);
    await stranger.get('/en/account/forgot');
    const known = await stranger.post('/en/account/forgot', { identifier: p.email });
    const unknown = await stranger.post('/en/account/forgot', { identifier: 'nobody@example.com' });
    expect(textOf(known.body)).toBe(textOf(unknown.body));
    const mail = await inbox.waitFor(p.email, /Reset your password/);
    const path = pathOf(linkIn(mail, '/account/reset/'));
    const form = await stranger.get(path);
    expect(form.status).toBe(200);
    const done = await stranger.post(path, { password: 'a brand new passphrase' });
    expect(textOf(done.body)).toContain('Your password has been changed');
    // Every session of the account ended with the change.
    expect((await first.get('/en/account')).status).toBe(303);
    const reused = await stranger.post(path, { password: 'another new passphrase' });
    expect(reused.status).toBe(410);
    expect(textOf(reused.body)).toContain('already been used');
    const old = new FormClient(shop.server);
    await old.get('/en/account/signin');
    expect((await old.post('/en/account/signin', { identifier: p.username, password: PASSWORD })).status).toBe(401);
    expect(
      (await old.post('/en/account/signin', { identifier: p.username, password: 'a brand new passphrase' })).status,
    ).toBe(200);
    // An expired link says so.
    const resets = inbox.count(p.email, /Reset your password/);
    await stranger.post('/en/account/forgot', { identifier: p.username });
    const second = await inbox.waitFor(p.email, /Reset your password/, resets);
    const secondPath = pathOf(linkIn(second, '/account/reset/'));
    await shop.app.db
      .updateTable('account_tokens')
      .set({ expires_at: '2000-01-01T00:00:00.000Z' })
      .where('used_at', 'is', null)
      .execute();
    const expired = await stranger.get(secondPath);
    expect(expired.status).toBe(410);
    expect(textOf(expired.body)).toContain('This link has expired');
  });

  it('[KN-05] a new e-mail or phone replaces the old one only once confirmed; five wrong codes end the code', async () => {
    const p = person();
    const client = await register(p, 'en');
    await client.post('/en/account/email', { email: `new.${p.email}` });
    let profile = await shop.app.db
      .selectFrom('customers')
      .select('email_bidx')
      .where('email_bidx', '=', shop.app.customers.emailIndex(p.email))
      .executeTakeFirst();
    expect(profile).toBeDefined();
    const mail = await inbox.waitFor(`new.${p.email}`, /new e-mail/);
    await confirmLink(client, linkIn(mail, '/account/confirm-email/'));
    profile = await shop.app.db
      .selectFrom('customers')
      .select('email_bidx')
      .where('email_bidx', '=', shop.app.customers.emailIndex(`new.${p.email}`))
      .executeTakeFirst();
    expect(profile).toBeDefined();
    await client.post('/en/account/phone', { phone: '01899999999' });
    for (let i = 0; i < 5; i++) await client.post('/en/account/phone/confirm', { code: '999999' });
    const code = /(\d{6})/.exec(shop.sms.sent.findLast((m) => m.to === '+8801899999999')!.text)![1];
    const late = await client.post('/en/account/phone/confirm', { code });
    expect(textOf(late.body)).toContain('Too many wrong codes');
    const stillOld = await shop.app.db
      .selectFrom('customers')
      .select('id')
      .where('phone_bidx', '=', shop.app.customers.phoneIndex('+8801899999999'))
      .executeTakeFirst();
    expect(stillOld).toBeUndefined();
  });

  it('[KN-05] an unconfirmed e-mail or phone gets a new link or code on request; an address taken meanwhile is refused', async () => {
    const p = person();
    const client = await register(p, 'en');
    // The phone code sent at registration has expired: the account page offers a new one.
    await shop.app.db.updateTable('phone_codes').set({ expires_at: '2000-01-01T00:00:00.000Z' }).execute();
    const account = await client.get('/en/account');
    expect(textOf(account.body)).toContain('Send a new code');
    expect(textOf(account.body)).not.toContain('Send the confirmation link again');
    const e164 = `+880${p.phone.slice(1)}`;
    const before = shop.sms.sent.filter((m) => m.to === e164).length;
    await client.post('/en/account/phone', { phone: e164 });
    await shop.app.outbox.drain();
    const sent = shop.sms.sent.filter((m) => m.to === e164);
    expect(sent).toHaveLength(before + 1);
    const code = /(\d{6})/.exec(sent.at(-1)!.text)![1];
    const confirmed = await client.post('/en/account/phone/confirm', { code });
    expect(textOf(confirmed.body)).toContain('phone number is confirmed');

    // The e-mail confirmation link expired unused: the customer asks again and the new link confirms.
    await shop.app.db.updateTable('accounts').set({ email_confirmed_at: null }).execute();
    expect(textOf((await client.get('/en/account')).body)).toContain('Send the confirmation link again');
    const links = inbox.count(p.email, /Confirm your e-mail/);
    await client.post('/en/account/email', { email: p.email });
    const again = await inbox.waitFor(p.email, /Confirm your e-mail/, links);
    const done = await confirmLink(client, linkIn(again, '/account/confirm/'));
    expect(textOf(done.body)).toContain('e-mail address is confirmed');

    // A change to an address that someone registers before the link is used is refused, and nothing changes.
    const wanted = `wanted.${p.email}`;
    await client.post('/en/account/email', { email: wanted });
    const change = await inbox.waitFor(wanted, /new e-mail/);
    await register({ ...person(), email: wanted }, 'en');
    const refused = await confirmLink(client, linkIn(change, '/account/confirm-email/'));
    expect(refused.status).toBe(410);
    expect(textOf(refused.body)).toContain('belongs to another account');
    const owners = await shop.app.db
      .selectFrom('customers')
      .select('id')
      .where('email_bidx', '=', shop.app.customers.emailIndex(wanted))
      .execute();
    expect(owners).toHaveLength(1);
  });

  it('[HK-13] a session past the 30-day limit is neither usable nor listed', async () => {
    const p = person();
    const old = await register(p, 'en');
    const accountId = (await shop.app.accounts.attemptKey({ username: p.username })).replace('account:', '');
    await shop.app.db
      .updateTable('sessions')
      .set({ created_at: new Date(Date.now() - 31 * 86_400_000).toISOString() })
      .where('account_id', '=', accountId)
      .execute();
    expect((await old.get('/en/account')).status).toBe(303);
    const fresh = new FormClient(shop.server);
    await fresh.get('/en/account/signin');
    await fresh.post('/en/account/signin', { identifier: p.username, password: PASSWORD });
    const list = await fresh.get('/en/account/sessions');
    expect([...list.body.matchAll(/\/account\/sessions\/[0-9a-f]{64}\/signout/g)]).toHaveLength(0);
    expect(textOf(list.body)).toContain('this browser');
  });

  it('a form sent after the session ended asks to sign in, then leads to My Account', async () => {
    const p = person();
    await register(p, 'en');
    const expired = new FormClient(shop.server);
    const refused = await expired.post('/en/account/profile', { name: 'X', address: 'Y' }, { follow: false });
    expect(refused.location).toBe('/en/account/signin');
    await expired.get('/en/account/signin');
    const signedIn = await expired.post(
      '/en/account/signin',
      { identifier: p.username, password: PASSWORD },
      { follow: false },
    );
    expect(signedIn.location).toBe('/en/account');
  });

  it('[KN-05] an address typed but never confirmed blocks nobody: its real owner registers and confirms it', async () => {
    const victim = person();
    // Someone registers with the victim's e-mail and phone, and never confirms them.
    const squatter = { ...person(), email: victim.email, phone: victim.phone };
    const client = new FormClient(shop.server);
    await client.get('/en/account/register');
    await client.post('/en/account/register', { ...squatter, password: PASSWORD });
    await inbox.waitFor(victim.email, /Confirm your e-mail/);
    // The real owner registers with them: a new account, confirmed by their own link and code.
    const owner = await register(victim, 'en');
    await confirmPhone(owner, victim);
    const signIn = new FormClient(shop.server);
    await signIn.get('/en/account/signin');
    const page = await signIn.post('/en/account/signin', { identifier: victim.email, password: PASSWORD });
    expect(textOf(page.body)).toContain(victim.username);
    // The squatter's link, used later, cannot take the address: it is confirmed by someone else.
    const first = inbox.messages.find(
      (m) => JSON.stringify(m.to).includes(victim.email) && /Confirm your e-mail/.test(m.subject ?? ''),
    )!;
    const late = await confirmLink(new FormClient(shop.server), linkIn(first, '/account/confirm/'));
    expect(late.status).toBe(410);
    expect(textOf(late.body)).toContain('belongs to another account');
  });

  it('[HK-12] My Account shows and changes the profile and the address book', async () => {
    const p = person();
    const client = await register(p, 'en');
    const page = await client.get('/en/account');
    expect(page.body).toContain(p.address);
    await client.post('/en/account/profile', { name: 'Tanvir A.', address: 'Gulshan 2, Dhaka' });
    expect((await client.get('/en/account')).body).toContain('Gulshan 2, Dhaka');
    const empty = await client.post('/en/account/profile', { name: '', address: 'x' });
    expect(empty.status).toBe(422);
    await client.post('/en/account/addresses', { address: 'Office: Motijheel C/A, Dhaka' });
    const book = await client.get('/en/account/addresses');
    expect(book.body).toContain('Motijheel');
    const id = /\/account\/addresses\/([0-9a-f-]{36})\/remove/.exec(book.body)![1];
    await client.post(`/en/account/addresses/${id}/remove`, {});
    expect((await client.get('/en/account/addresses')).body).not.toContain('Motijheel');
  });

  it('[HK-13] the customer sees where they are signed in and signs another session out', async () => {
    const p = person();
    const phone = await register(p, 'en');
    const laptop = new FormClient(shop.server);
    await laptop.get('/en/account/signin');
    await laptop.post('/en/account/signin', { identifier: p.username, password: PASSWORD });
    const list = await laptop.get('/en/account/sessions');
    const ids = [...list.body.matchAll(/\/account\/sessions\/([0-9a-f]{64})\/signout/g)].map((m) => m[1]);
    expect(ids).toHaveLength(1);
    expect(textOf(list.body)).toContain('this browser');
    await laptop.post(`/en/account/sessions/${ids[0]}/signout`, {});
    expect((await phone.get('/en/account')).status).toBe(303);
    expect((await laptop.get('/en/account')).status).toBe(200);
  });

  it('[HK-06] hatkoro lets only signed-in customers check out; the order joins the account, and earlier guest orders appear once the e-mail is confirmed', async () => {
    const p = person();
    // A guest order placed by phone with the same e-mail, before registering.
    const product = (await shop.app.catalog.list({ locale: 'en' })).items[0];
    await shop.app.orders.place({
      lines: [{ productId: product.id, quantityMilli: product.stepMilli }],
      buyer: { name: p.name, phone: '+8801911222333', email: p.email, address: p.address },
      recipient: null,
      deliveryInstructions: '',
      deliveryDate: null,
      deliveryWindow: null,
      paymentMethod: 'cod',
      paymentReference: null,
      channel: 'phone',
      locale: 'en',
      idempotencyKey: crypto.randomUUID(),
      actor: 'staff:test',
    });
    const guest = new FormClient(shop.server);
    await guest.get(`/en/p/${product.id}`);
    await guest.post('/en/cart/add', { product: product.id, quantity: '1' });
    const blocked = await guest.get('/en/checkout');
    expect(blocked.status).toBe(303);
    expect(blocked.location).toBe('/en/account/signin');
    const client = await register(p, 'en');
    const history = await client.get('/en/account/orders');
    expect([...history.body.matchAll(/\/en\/order\/([0-9A-Z]{5}-[0-9A-Z]{5})/g)]).toHaveLength(1);
    await client.get(`/en/p/${product.id}`);
    await client.post('/en/cart/add', { product: product.id, quantity: '1' });
    const checkout = await client.get('/en/checkout');
    expect(checkout.body).toContain(`value="${p.email}"`);
    const key = /name="idempotency_key" value="([^"]+)"/.exec(checkout.body)![1];
    const done = await client.post('/en/checkout', {
      name: p.name,
      phone: p.phone,
      email: p.email,
      address: p.address,
      payment_method: 'money_order',
      payment_reference: 'MO-1',
      delivery_area: 'dhaka',
      idempotency_key: key,
    });
    expect(done.status).toBe(200);
    const after = await client.get('/en/account/orders');
    expect([...after.body.matchAll(/\/en\/order\/([0-9A-Z]{5}-[0-9A-Z]{5})/g)]).toHaveLength(2);
  });

  it('[HK-17] staff check identity by a recorded method and send a reset link; audited; a packer may not', async () => {
    const p = person();
    await register(p, 'en');
    const support = await shop.app.staff.create({
      username: `support${counter}`,
      displayName: 'Rina Support',
      role: 'support',
      password: PASSWORD,
    });
    await shop.app.staff.create({
      username: `packer${counter}`,
      displayName: 'Babu Packer',
      role: 'packer',
      password: PASSWORD,
    });
    const packer = new FormClient(shop.server);
    await packer.get('/en/staff/login');
    await packer.post('/en/staff/login', { username: `packer${counter}`, password: PASSWORD });
    expect((await packer.get('/en/staff/recovery')).status).toBe(403);
    const staff = new FormClient(shop.server);
    await staff.get('/en/staff/login');
    await staff.post('/en/staff/login', { username: `support${counter}`, password: PASSWORD });
    const found = await staff.post('/en/staff/recovery', { contact: p.phone });
    expect(found.status).toBe(200);
    const accountId = /name="account" value="([0-9a-f-]{36})"/.exec(found.body)![1];
    const sent = await staff.post('/en/staff/recovery/send', { account: accountId, method: 'callback' });
    expect(textOf(sent.body)).toContain('A reset link was sent');
    // A stale form for an account that no longer exists is a page not found, not a failure.
    const stale = await staff.post('/en/staff/recovery/send', {
      account: '00000000-0000-4000-8000-000000000000',
      method: 'callback',
    });
    expect(stale.status).toBe(404);
    await inbox.waitFor(p.email, /Reset your password/);
    const audit = await shop.app.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'assisted_recovery')
      .execute();
    expect(audit.at(-1)).toMatchObject({
      actor: `staff:${support.id}`,
      purpose: 'account.access',
      detail: 'method:callback',
    });
  });

  it('access control: another customer, a guest and a signed-out visitor are refused every account object', async () => {
    const alice = person();
    const bob = person();
    const a = await register(alice, 'en');
    const b = await register(bob, 'en');
    await a.post('/en/account/addresses', { address: 'Alice secret address' });
    const aliceAddress = /\/account\/addresses\/([0-9a-f-]{36})\/remove/.exec(
      (await a.get('/en/account/addresses')).body,
    )![1];
    const aliceId = (
      await shop.app.db
        .selectFrom('accounts')
        .select('id')
        .where('username_bidx', '=', shop.app.accounts.usernameIndex(alice.username))
        .executeTakeFirstOrThrow()
    ).id;
    const aliceSessions = await shop.app.db
      .selectFrom('sessions')
      .select('id')
      .where('account_id', '=', aliceId)
      .execute();
    expect(aliceSessions.length).toBeGreaterThan(0);
    const anonymous = new FormClient(shop.server);
    for (const path of ['/en/account', '/en/account/orders', '/en/account/addresses', '/en/account/sessions']) {
      const res = await anonymous.get(path);
      expect(res.status, path).toBe(303);
      expect(res.location).toBe('/en/account/signin');
      expect((await b.get(path)).body).not.toContain('Alice secret address');
    }
    expect((await b.post(`/en/account/addresses/${aliceAddress}/remove`, {})).status).toBe(404);
    expect([303, 403]).toContain((await anonymous.post(`/en/account/addresses/${aliceAddress}/remove`, {})).status);
    expect((await a.get('/en/account/addresses')).body).toContain('Alice secret address');
    for (const s of aliceSessions) expect((await b.post(`/en/account/sessions/${s.id}/signout`, {})).status).toBe(404);
    expect((await a.get('/en/account')).status).toBe(200);
    // Alice's orders: Bob's session cannot open them, nor can a stranger without the contact.
    const product = (await shop.app.catalog.list({ locale: 'en' })).items[0];
    await a.get(`/en/p/${product.id}`);
    await a.post('/en/cart/add', { product: product.id, quantity: '1' });
    const checkout = await a.get('/en/checkout');
    const key = /name="idempotency_key" value="([^"]+)"/.exec(checkout.body)![1];
    const done = await a.post('/en/checkout', {
      ...alice,
      payment_method: 'cod',
      delivery_area: 'dhaka',
      idempotency_key: key,
    });
    const code = /([0-9A-Z]{5}-[0-9A-Z]{5})/.exec(textOf(done.body))![1];
    expect((await b.get(`/en/order/${code}`)).status).toBe(303);
    expect((await anonymous.get(`/en/order/${code}`)).status).toBe(303);
    expect((await a.get(`/en/order/${code}`)).status).toBe(200);
    // Customers are not staff.
    expect((await anonymous.get('/en/staff')).status).toBe(303);
    expect((await a.get('/en/staff')).location).toBe('/en/staff/login');
  });
});

describeEachDatabase('rate limits', (dialect) => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await openTestShop(dialect, 'khakriz', { seed: false, rateLimitScale: 1 });
  });
  afterAll(async () => shop?.close());

  it('[MS-12] repeated sign-in attempts are slowed down with a localised message, whether or not the account exists', async () => {
    const client = new FormClient(shop.server);
    await client.get('/fa/account/signin');
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      statuses.push(
        (await client.post('/fa/account/signin', { identifier: `someone${i % 2}`, password: 'wrong password here' }))
          .status,
      );
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    const page = await client.post('/fa/account/signin', { identifier: 'x', password: 'y' });
    expect(page.body).toContain('dir="rtl"');
    expect(page.body).not.toContain('Too many attempts');
  });
});
