/**
 * The privacy request centre in the browser, in Bengali (chotomoni): a guest proves their e-mail with the code sent to
 * the test SMTP inbox, asks for a copy of their data, downloads the ZIP from the e-mailed link, and the readable page
 * inside it, opened in Chromium, lists their orders; the link works once. A signed-in customer asks to be deleted,
 * a manager carries it out, and the customer can no longer sign in while staff see the order anonymised. Staff log a
 * request that came by e-mail and see its deadlines. SQLite only: the database matrix is in
 * test/privacy-requests.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { formatIsoDay } from '../../src/i18n/format.ts';
import { translator } from '../../src/i18n/translate.ts';
import { deadlinesOf, dueDays } from '../../src/modules/privacy-requests/deadlines.ts';
import { type Inbox, linkIn, startInbox } from '../helpers/mail.ts';
import { placeOrder } from '../helpers/orders.ts';
import { CUSTOMER_PASSWORD, codeIn, registeredCustomer, subjectOf, unzipExport } from '../helpers/privacy-requests.ts';
import { describeBrowser, launchBrowser, newContext, type RunningShop, screenshot, startShop } from './browser.ts';
import { andWait, pathOf, STAFF_PASSWORD, staffSignIn, textOf } from './flows.ts';

const BENGALI_DIGITS = '০১২৩৪৫৬৭৮৯';
const inBengaliDigits = (s: string) => s.replace(/\d/g, (d) => BENGALI_DIGITS[Number(d)]);

describeBrowser('privacy requests in the browser (chotomoni)', () => {
  let browser: Browser;
  let running: RunningShop;
  let inbox: Inbox;
  beforeAll(async () => {
    browser = await launchBrowser();
    inbox = await startInbox();
    running = await startShop('chotomoni', { smtpUrl: inbox.url });
    await running.shop.app.staff.create({
      username: 'farhana',
      displayName: 'ফারহানা',
      role: 'manager',
      password: STAFF_PASSWORD,
    });
  });
  afterAll(async () => {
    await running?.close();
    await inbox?.close();
    await browser?.close();
  });

  it('[CM-13] a guest proves their e-mail by code, downloads the export once, and its page lists their orders', async () => {
    const { shop, baseUrl } = running;
    const t = translator('bn');
    const email = 'sumaiya@example.com';
    const buyer = { name: 'সুমাইয়া খাতুন', phone: '+8801711222333', email, address: 'বাড়ি ৭, রোড ৩, মিরপুর, ঢাকা' };
    const orders = [await placeOrder(shop, { buyer, locale: 'bn' }), await placeOrder(shop, { buyer, locale: 'bn' })];

    const context = await newContext(browser, { acceptDownloads: true });
    const dir = mkdtempSync(join(tmpdir(), 'amanat-export-'));
    try {
      const page = await context.newPage();
      await page.goto(`${baseUrl}/bn/`);
      await andWait(page, () => page.getByRole('link', { name: t('dsr.footer') }).click());
      await page.getByLabel(t('dsr.guest.contact')).fill(email);
      await andWait(page, () => page.getByRole('button', { name: t('dsr.guest.send') }).click());
      expect(await page.locator('h1').textContent()).toBe(t('dsr.code.title'));
      const code = codeIn(await inbox.waitFor(email, subjectOf(shop, 'code', 'bn')));
      // Typed in Bengali digits, as a Bengali keyboard gives them.
      await page.getByLabel(t('dsr.code.field')).fill(inBengaliDigits(code));
      await andWait(page, () => page.getByRole('button', { name: t('dsr.code.submit') }).click());
      await expect.poll(() => page.locator('body').textContent()).toContain(t('dsr.proved'));
      await page.getByLabel(t('dsr.kind.access')).check();
      await andWait(page, () => page.getByRole('button', { name: t('dsr.submit') }).click());
      expect(await page.locator('.trail').textContent()).toContain(t('dsr.action.export_sent'));
      await screenshot(page, 'chotomoni', 'privacy-request');

      const link = linkIn(await inbox.waitFor(email, subjectOf(shop, 'export', 'bn')), '/privacy/export/');
      await page.goto(link);
      const downloading = page.waitForEvent('download');
      await page.getByRole('button', { name: t('dsr.export.download') }).click();
      const download = await downloading;
      const zipPath = join(dir, 'export.zip');
      await download.saveAs(zipPath);
      const { document, html } = unzipExport(new Uint8Array(await readFile(zipPath)));
      expect((document.sections.orders as unknown[]).length).toBe(2);

      // The readable page, opened as the customer would open it from the ZIP.
      const htmlPath = join(dir, 'index.html');
      writeFileSync(htmlPath, html);
      const readable = await context.newPage();
      await readable.goto(pathToFileURL(htmlPath).href);
      expect(await readable.locator('html').getAttribute('lang')).toBe('bn-BD');
      const codes = await readable.locator('.order-code').allTextContents();
      expect(codes.sort()).toEqual(orders.map((o) => o.code).sort());
      expect(await readable.locator('#orders h2').textContent()).toBe(t('dsr.export.orders'));
      expect(await readable.locator('#profile').textContent()).toContain(buyer.name);
      await screenshot(readable, 'chotomoni', 'privacy-export');

      // Once, not twice.
      await page.goto(link);
      expect(await page.locator('main').textContent()).toContain(t('dsr.link.used'));
    } finally {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('[CM-14] a signed-in customer asks to be deleted; after a manager carries it out they cannot sign in, and staff see the order anonymised', async () => {
    const { shop, baseUrl } = running;
    const t = translator('bn');
    const email = 'rokeya@example.com';
    const buyer = { name: 'রোকেয়া বেগম', phone: '+8801711444555', email, address: 'বাড়ি ১২, ধানমন্ডি, ঢাকা' };
    await registeredCustomer(shop, inbox, { ...buyer, username: 'rokeya_b', phone: '01711444555' });
    const accountId = (await shop.app.accounts.signIn({ username: 'rokeya_b' }, CUSTOMER_PASSWORD))!;
    const { customerId } = (await shop.app.accounts.profile(accountId))!;
    const order = await placeOrder(shop, { buyer, customerId, locale: 'bn' });

    const customerContext = await newContext(browser);
    const staff = await staffSignIn(browser, baseUrl, 'bn', 'farhana');
    try {
      const page = await customerContext.newPage();
      const signIn = async () => {
        await page.goto(`${baseUrl}/bn/account/signin`);
        await page.locator('form[action="/bn/account/signin"] input[name="identifier"]').fill('rokeya_b');
        await page.locator('form[action="/bn/account/signin"] input[name="password"]').fill(CUSTOMER_PASSWORD);
        await andWait(page, () => page.locator('form[action="/bn/account/signin"] button').click());
      };
      await signIn();
      expect(pathOf(page)).toBe('/bn/account');
      // Signed in, the customer needs no code: the request form is there at once.
      await andWait(page, () => page.getByRole('link', { name: t('dsr.footer') }).click());
      await page.getByLabel(t('dsr.kind.erasure')).check();
      await andWait(page, () => page.getByRole('button', { name: t('dsr.submit') }).click());
      const id = /\/bn\/privacy\/requests\/([0-9a-f-]{36})$/.exec(pathOf(page))![1];
      const { ref } = (await shop.app.privacyRequests.view(id, { requester: true }))!;
      expect(await textOf(page.locator('main'))).toContain(ref);
      await screenshot(page, 'chotomoni', 'erasure-requested');

      // The manager finds it in the queue, by its reference, and carries it out.
      await andWait(staff.page, () => staff.page.locator('nav.site-nav a[href="/bn/staff/requests"]').click());
      const row = staff.page.locator(`table.requests tr[data-ref="${ref}"]`);
      expect(await row.count()).toBe(1);
      await andWait(staff.page, () => row.locator('a').first().click());
      await andWait(staff.page, () => staff.page.getByRole('button', { name: t('dsr.staff.erase') }).click());
      const done = await textOf(staff.page.locator('main'));
      expect(done).toContain(t('dsr.action.erased'));
      expect(done).toContain(t('dsr.status.completed'));

      // The customer's session is gone, and their password opens nothing any more.
      await page.goto(`${baseUrl}/bn/account`);
      expect(pathOf(page)).toBe('/bn/account/signin');
      await signIn();
      expect(pathOf(page)).toBe('/bn/account/signin');
      expect(await textOf(page.locator('main'))).toContain(t('account.signInFailed'));

      // Staff still have the order for the accounts, without the person.
      await staff.page.goto(`${baseUrl}/bn/staff/orders/${order.id}`);
      const orderPage = await textOf(staff.page.locator('main'));
      expect(orderPage).toContain(order.code);
      expect(orderPage).toContain(t('staff.erased'));
      expect(orderPage).not.toContain('রোকেয়া');
      await screenshot(staff.page, 'chotomoni', 'erased-order');
    } finally {
      await customerContext.close();
      await staff.context.close();
    }
  });

  it('[CM-16] staff log a request that came by e-mail and see when it must be acknowledged and answered', async () => {
    const { shop, baseUrl } = running;
    const t = translator('bn');
    const email = 'habib@example.com';
    const buyer = { name: 'হাবিব উল্লাহ', phone: '+8801711666777', email, address: 'বাড়ি ৩, উত্তরা, ঢাকা' };
    await placeOrder(shop, { buyer, locale: 'bn', channel: 'email' });
    const staff = await staffSignIn(browser, baseUrl, 'bn', 'farhana');
    try {
      const { page } = staff;
      await andWait(page, () => page.locator('nav.site-nav a[href="/bn/staff/requests"]').click());
      await andWait(page, () => page.getByRole('link', { name: t('dsr.staff.new') }).click());
      // A mistyped address is refused next to the field, with what was typed kept.
      await page.getByLabel(t('dsr.kind.rectification')).check();
      await page.locator('#f-channel').selectOption('email');
      await page.locator('#f-contact').fill('habib at example');
      await page.locator('#f-details').fill('ঠিকানা বদলেছে: বাড়ি ৫, উত্তরা।');
      await andWait(page, () => page.getByRole('button', { name: t('dsr.staff.create') }).click());
      expect(await textOf(page.locator('main'))).toContain(t('dsr.error.contact'));
      expect(await page.locator('#f-contact').inputValue()).toBe('habib at example');
      expect(await page.locator('#f-details').inputValue()).toBe('ঠিকানা বদলেছে: বাড়ি ৫, উত্তরা।');

      await page.locator('#f-contact').fill(email);
      await page.locator('#f-verification').selectOption('reply_from_address');
      await andWait(page, () => page.getByRole('button', { name: t('dsr.staff.create') }).click());
      const requestId = /^\/bn\/staff\/requests\/([0-9a-f-]{36})$/.exec(pathOf(page))![1];
      const due = dueDays(deadlinesOf(shop.app.preset), shop.app.preset.timezone, new Date());
      const facts = await textOf(page.locator('main'));
      expect(facts).toContain(formatIsoDay(due.ackDueOn, 'bn'));
      expect(facts).toContain(formatIsoDay(due.dueOn, 'bn'));
      expect(facts).toContain(t('dsr.verify.reply_from_address'));
      // Found among the requests of the person's order: one person.
      expect(facts).toContain(t('dsr.staff.subjects', { count: 1 }));
      await screenshot(page, 'chotomoni', 'request-logged');

      // The queue shows it with its due day, in Bengali.
      await andWait(page, () => page.locator('nav.site-nav a[href="/bn/staff/requests"]').click());
      const { ref } = (await shop.app.privacyRequests.view(requestId, { requester: true }))!;
      const row = page.locator(`table.requests tr[data-ref="${ref}"]`);
      expect(await textOf(row)).toContain(formatIsoDay(due.dueOn, 'bn'));
      expect(await textOf(row)).toContain(t('dsr.kind.rectification'));
    } finally {
      await staff.context.close();
    }
  });
});
