/**
 * Customer accounts in the browser: a Bengali customer of hatkoro registers, confirms the e-mail from the test SMTP
 * inbox and the phone from the SMS sink, signs in by phone, e-mail and username, edits the addresses, resets the
 * password from the e-mailed link and signs another device out; a Persian customer of khakriz does the same first
 * steps right to left. SQLite only: these are browser flows; the database matrix is in test/accounts.test.ts.
 */
import { sql } from 'kysely';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it, type TestContext } from 'vitest';
import type { Locale } from '../../src/i18n/locales.ts';
import { formatPhone } from '../../src/i18n/phone.ts';
import { type MessageKey, translator } from '../../src/i18n/translate.ts';
import type { Preset } from '../../src/presets/types.ts';
import { deviceSummary } from '../../src/server/session.ts';
import { type Inbox, linkIn, startInbox } from '../helpers/mail.ts';
import type { TestShop } from '../helpers/shop.ts';
import { describeBrowser, launchBrowser, newContext, type RunningShop, screenshot, startShop } from './browser.ts';
import { andWait, fact, openHome, pathOf, textOf } from './flows.ts';

interface Customer {
  name: string;
  username: string;
  email: string;
  /** As typed at registration, in the shop country's national format. */
  phone: string;
  phoneE164: string;
  address: string;
  password: string;
}

const NUSRAT: Customer = {
  name: 'নুসরাত জাহান',
  username: 'nusrat_j',
  email: 'nusrat@example.com',
  phone: '01712345678',
  phoneE164: '+8801712345678',
  address: 'বাড়ি ১২, রোড ৫, ধানমন্ডি, ঢাকা',
  password: 'jackfruit monsoon rickshaw',
};
const ZAHRA: Customer = {
  name: 'زهرا احمدی',
  username: 'zahra_a',
  email: 'zahra@example.com',
  phone: '۰۹۱۲۳۴۵۶۷۸۹',
  phoneE164: '+989123456789',
  address: 'تهران، خیابان ولیعصر، کوچه ۱۲، پلاک ۴',
  password: 'pomegranate autumn in shiraz',
};
/** The user agent of the customer's second device, so that the sessions list tells the two apart. */
const ANDROID_UA =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';

const BENGALI_DIGITS = '০১২৩৪৫৬৭৮৯';
const inBengaliDigits = (s: string) => s.replace(/\d/g, (d) => BENGALI_DIGITS[Number(d)]);
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const exactly = (s: string) => new RegExp(`^${escapeRegExp(s)}$`);

describeBrowser('customer accounts in the browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  type Env = Awaited<ReturnType<typeof openShop>>;

  /** A running shop whose mail goes to a test inbox, and a customer's page; all closed when the test ends. */
  async function openShop(test: TestContext, presetId: Preset['id'], locale: Locale) {
    const contexts: BrowserContext[] = [];
    let running: RunningShop | undefined;
    let inbox: Inbox | undefined;
    test.onTestFinished(async () => {
      await Promise.all(contexts.map((c) => c.close()));
      await running?.close();
      await inbox?.close();
    });
    inbox = await startInbox();
    running = await startShop(presetId, { smtpUrl: inbox.url });
    const { shop, baseUrl } = running;
    const t = translator(locale);
    const shopName = shop.app.preset.identity.name[locale];
    const newPage = async (userAgent?: string) => {
      const context = await newContext(browser, userAgent ? { userAgent } : {});
      contexts.push(context);
      return context.newPage();
    };
    return {
      shop,
      baseUrl,
      locale,
      presetId,
      t,
      page: await newPage(),
      newPage,
      /** The newest mail to this address with the subject of this account mail, waiting for it. */
      mail: (to: string, kind: 'confirm' | 'reset') =>
        inbox.waitFor(to, exactly(t(`mail.${kind}.subject`, { shop: shopName }))),
    };
  }

  const notice = (page: Page) => textOf(page.locator('main .notice.success'));

  /** A contact in My Account's facts list, and whether it is confirmed (a button to resend may follow). */
  async function expectContact(env: Env, label: MessageKey, value: string, confirmed: boolean) {
    const state = env.t(confirmed ? 'account.confirmed' : 'account.notConfirmed');
    expect(await textOf(fact(env.page, env.t(label)))).toMatch(new RegExp(`^${escapeRegExp(`${value} — ${state}`)}`));
  }

  /** HK-05, HK-06: from the header's sign-in link to the registration form, which asks every detail; then the mail. */
  async function register(env: Env, customer: Customer) {
    const { page, locale, t } = env;
    await andWait(page, () => page.locator(`header .site-nav a[href="/${locale}/account/signin"]`).click());
    expect(pathOf(page)).toBe(`/${locale}/account/signin`);
    await andWait(page, () => page.locator(`main a[href="/${locale}/account/register"]`).first().click());
    expect(pathOf(page)).toBe(`/${locale}/account/register`);
    expect(await textOf(page.locator('main h1'))).toBe(t('account.register'));
    await page.locator('#f-name').fill(customer.name);
    await page.locator('#f-username').fill(customer.username);
    await page.locator('#f-email').fill(customer.email);
    await page.locator('#f-phone').fill(customer.phone);
    await page.locator('#f-address').fill(customer.address);
    await page.locator('#f-password').fill(customer.password);
    await screenshot(page, env.presetId, 'account-register');
    await andWait(page, () => page.locator(`form[action="/${locale}/account/register"] > button`).click());
    expect(await textOf(page.locator('main h1'))).toBe(t('account.checkEmailTitle'));
    expect(await textOf(page.locator('main h1 + p'))).toBe(t('account.checkEmail'));
  }

  /** KN-05: the link from the inbox confirms the e-mail and signs in; My Account shows it confirmed. */
  async function confirmEmail(env: Env, customer: Customer) {
    const { page, locale, t } = env;
    const mail = await env.mail(customer.email, 'confirm');
    await page.goto(`${env.baseUrl}${new URL(linkIn(mail, `/${locale}/account/confirm/`)).pathname}`);
    expect(await textOf(page.locator('main h1'))).toBe(t('account.confirmEmailTitle'));
    await andWait(page, () => page.getByRole('button', { name: t('account.confirmEmailButton') }).click());
    expect(pathOf(page)).toMatch(new RegExp(`^/${locale}/account/confirm/`));
    expect(await notice(page)).toBe(t('account.emailConfirmed'));
    expect(await textOf(page.locator('main h1'))).toBe(t('account.title'));
    expect(await textOf(fact(page, t('account.username')))).toBe(customer.username);
    await expectContact(env, 'checkout.email', customer.email, true);
    return mail;
  }

  /** KN-05: the phone stays unconfirmed until the code from the SMS is typed (here in Bengali digits). */
  async function confirmPhone(env: Env, customer: Customer) {
    const { page, locale, t } = env;
    const phone = formatPhone(customer.phoneE164, locale, env.shop.app.preset.identity.country);
    await expectContact(env, 'checkout.phone', phone, false);
    const sms = env.shop.sms.sent.findLast((m) => m.to === customer.phoneE164);
    const code = /\b(\d{6})\b/.exec(sms?.text ?? '')?.[1];
    expect(code, `a six-digit code in the SMS: ${sms?.text}`).toBeDefined();
    await page.locator('#f-code').fill(inBengaliDigits(code!));
    await andWait(page, () => page.locator(`form[action="/${locale}/account/phone/confirm"] button`).click());
    expect(await notice(page)).toBe(t('account.phoneConfirmed'));
    await expectContact(env, 'checkout.phone', phone, true);
    expect(await page.locator('#f-code').count()).toBe(0);
  }

  /** From any page: My Account in the header, its sign-out button leads home; My Account then asks to sign in. */
  async function signOut(env: Env) {
    const { page, locale, t } = env;
    await andWait(page, () => page.locator(`header .site-nav a[href="/${locale}/account"]`).click());
    await andWait(page, () => page.locator(`form[action="/${locale}/account/signout"] button`).click());
    expect(pathOf(page)).toBe(`/${locale}/`);
    expect(await textOf(page.locator(`header .site-nav a[href="/${locale}/account/signin"]`))).toBe(t('nav.signIn'));
    await page.goto(`${env.baseUrl}/${locale}/account`);
    expect(pathOf(page)).toBe(`/${locale}/account/signin`);
  }

  /** MS-12: on the sign-in page, a username, e-mail or phone number and the password lead to My Account. */
  async function signIn(env: Env, page: Page, identifier: string, password: string) {
    const { locale, t } = env;
    expect(pathOf(page)).toBe(`/${locale}/account/signin`);
    await page.locator('#f-identifier').fill(identifier);
    await page.locator('#f-password').fill(password);
    await andWait(page, () => page.locator(`form[action="/${locale}/account/signin"] button`).click());
    expect(pathOf(page)).toBe(`/${locale}/account`);
    expect(await textOf(page.locator('main h1'))).toBe(t('account.title'));
    expect(await textOf(page.locator(`header .site-nav a[href="/${locale}/account"]`))).toBe(t('nav.account'));
  }

  /** HK-12: the profile's address is changed and kept; the address book takes another address and gives it back. */
  async function editAddresses(env: Env, newAddress: string, otherAddress: string) {
    const { page, locale, t } = env;
    await page.locator(`form[action="/${locale}/account/profile"] #f-address`).fill(newAddress);
    await andWait(page, () => page.locator(`form[action="/${locale}/account/profile"] button`).click());
    expect(await notice(page)).toBe(t('account.saved'));
    await page.reload();
    expect(await page.locator('#f-address').inputValue()).toBe(newAddress);

    await andWait(page, () => page.locator(`nav.categories a[href="/${locale}/account/addresses"]`).click());
    expect(await textOf(page.locator('main h1'))).toBe(t('account.addresses'));
    await page.locator('#f-address').fill(otherAddress);
    await andWait(page, () => page.locator(`form[action="/${locale}/account/addresses"] button`).click());
    expect(pathOf(page)).toBe(`/${locale}/account/addresses`);
    const saved = page.locator('ul.addresses li');
    expect(await saved.count()).toBe(1);
    expect(await textOf(saved.locator('.address'))).toBe(otherAddress);
    await screenshot(page, env.presetId, 'account-addresses');
    await andWait(page, () => saved.getByRole('button', { name: t('cart.remove') }).click());
    expect(await saved.count()).toBe(0);
    expect(await textOf(page.locator('main > p').first())).toBe(t('account.noAddresses'));
  }

  /** MS-12: forgot password → the e-mailed link → a new password; the link works once and the old password no more. */
  async function resetPassword(env: Env, customer: Customer, newPassword: string) {
    const { page, locale, t } = env;
    await andWait(page, () => page.locator(`main a[href="/${locale}/account/forgot"]`).click());
    expect(await textOf(page.locator('main h1'))).toBe(t('account.forgot'));
    await page.locator('#f-identifier').fill(customer.username);
    await andWait(page, () => page.locator(`form[action="/${locale}/account/forgot"] button`).click());
    expect(await notice(page)).toBe(t('account.resetSent'));

    const link = new URL(linkIn(await env.mail(customer.email, 'reset'), `/${locale}/account/reset/`)).pathname;
    await page.goto(`${env.baseUrl}${link}`);
    expect(await textOf(page.locator('main h1'))).toBe(t('account.newPassword'));
    await page.locator('#f-password').fill(newPassword);
    await andWait(page, () => page.locator(`form[action="${link}"] button`).click());
    expect(await notice(page)).toBe(t('account.passwordChanged'));

    // The sign-in form under the notice refuses the old password and takes the new one.
    await page.locator('#f-identifier').fill(customer.email);
    await page.locator('#f-password').fill(customer.password);
    await andWait(page, () => page.locator(`form[action="/${locale}/account/signin"] button`).click());
    expect(await textOf(page.locator('main p.error[role="alert"]'))).toBe(t('account.signInFailed'));
    await signIn(env, page, customer.email, newPassword);

    await page.goto(`${env.baseUrl}${link}`);
    expect(await textOf(page.locator('main h1'))).toBe(t('account.linkProblemTitle'));
    expect(await textOf(page.locator('main p.error'))).toBe(t('account.link.used'));
  }

  /** HK-13: with a second device signed in, My Account lists two sessions; ending the other signs that device out. */
  async function signOtherSessionOut(env: Env, customer: Customer, password: string) {
    const { page, locale, t } = env;
    const phone = await env.newPage(ANDROID_UA);
    await phone.goto(`${env.baseUrl}/${locale}/account/signin`);
    await signIn(env, phone, customer.username, password);

    await page.goto(`${env.baseUrl}/${locale}/account`);
    await andWait(page, () => page.locator(`nav.categories a[href="/${locale}/account/sessions"]`).click());
    expect(await textOf(page.locator('main h1'))).toBe(t('account.sessions'));
    const sessions = page.locator('ul.sessions li');
    expect(await sessions.count()).toBe(2);
    const here = sessions.filter({ has: page.locator('em') });
    expect(await textOf(here)).toContain(deviceSummary(await page.evaluate(() => navigator.userAgent)));
    expect(await textOf(here.locator('em'))).toBe(`(${t('account.thisSession')})`);
    const other = sessions.filter({ hasText: deviceSummary(ANDROID_UA)! });
    expect(await other.count()).toBe(1);
    await screenshot(page, env.presetId, 'account-sessions');
    await andWait(page, () => other.getByRole('button', { name: t('account.signOutSession') }).click());
    expect(pathOf(page)).toBe(`/${locale}/account/sessions`);
    expect(await sessions.count()).toBe(1);
    expect(await textOf(sessions)).toContain(t('account.thisSession'));

    await phone.goto(`${env.baseUrl}/${locale}/account`);
    expect(pathOf(phone)).toBe(`/${locale}/account/signin`);
    expect(await textOf(phone.locator(`header .site-nav a[href="/${locale}/account/signin"]`))).toBe(t('nav.signIn'));
  }

  /** KN-12: the account keeps an argon2id hash, and no table holds any of the passwords in plain text. */
  async function expectOnlyPasswordHashes(shop: TestShop, customer: Customer, passwords: string[]) {
    const account = await shop.app.db
      .selectFrom('accounts')
      .select('password_hash')
      .where('username_bidx', '=', shop.app.accounts.usernameIndex(customer.username))
      .executeTakeFirstOrThrow();
    expect(account.password_hash).toMatch(/^\$argon2id\$/);
    for (const table of await shop.app.db.introspection.getTables()) {
      const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table.name)}`.execute(shop.app.db);
      const stored = rows
        .flatMap((row) => Object.values(row))
        .map((v) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : String(v)))
        .join('\n');
      for (const password of passwords) expect(stored, `table ${table.name}`).not.toContain(password);
    }
  }

  it('[HK-05] [HK-06] [HK-12] [HK-13] [MS-12] [KN-05] [KN-12] hatkoro: a customer registers in Bengali, confirms e-mail and phone, signs in by phone, edits addresses, resets the password and signs another device out', async (test) => {
    const env = await openShop(test, 'hatkoro', 'bn');
    const { page } = env;
    const newPassword = 'hilsa curry on the padma';
    await openHome(page, env.baseUrl, 'bn', 'ltr');
    await register(env, NUSRAT);
    await confirmEmail(env, NUSRAT);
    await confirmPhone(env, NUSRAT);
    await screenshot(page, 'hatkoro', 'account');
    await signOut(env);

    await signIn(env, page, inBengaliDigits(NUSRAT.phone), NUSRAT.password);
    await editAddresses(env, 'ফ্ল্যাট ৩বি, বাড়ি ৮, রোড ২৭, গুলশান ২, ঢাকা', 'অফিস: ১৪ মতিঝিল বা/এ, ঢাকা');
    await signOut(env);

    await resetPassword(env, NUSRAT, newPassword);
    await signOtherSessionOut(env, NUSRAT, newPassword);
    await expectOnlyPasswordHashes(env.shop, NUSRAT, [NUSRAT.password, newPassword]);
  });

  it('[KN-05] [MS-12] khakriz: a customer registers in Persian, confirms the e-mail and signs in to My Account laid out right to left', async (test) => {
    const env = await openShop(test, 'khakriz', 'fa');
    const { page, t } = env;
    await openHome(page, env.baseUrl, 'fa', 'rtl');
    await register(env, ZAHRA);
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    const mail = await confirmEmail(env, ZAHRA);
    expect(mail.html).toContain('<html lang="fa-IR" dir="rtl">');
    // The phone typed in Persian digits is kept, unconfirmed until the SMS code is entered.
    await expectContact(env, 'checkout.phone', formatPhone(ZAHRA.phoneE164, 'fa', 'IR'), false);
    await signOut(env);

    await signIn(env, page, ZAHRA.email, ZAHRA.password);
    expect(await page.getAttribute('html', 'lang')).toBe('fa-IR');
    expect(await page.evaluate(() => document.dir)).toBe('rtl');
    await expectContact(env, 'checkout.email', ZAHRA.email, true);
    // The e-mail is an isolated left-to-right run; the account menu starts on the right.
    expect(await fact(page, t('checkout.email')).locator('bdi').getAttribute('dir')).toBe('ltr');
    const menu = page.locator('nav.categories a');
    const first = await menu.first().boundingBox();
    const second = await menu.nth(1).boundingBox();
    expect(first!.x).toBeGreaterThan(second!.x);
    expect(await page.locator('#f-name').inputValue()).toBe(ZAHRA.name);
    await screenshot(page, 'khakriz', 'account');
  });
});
