/**
 * The privacy request centre in the browser: a Bengali guest of chotomoni proves their e-mail with the code sent to
 * the test SMTP inbox, asks for a copy of their data, downloads the ZIP from the e-mailed link, and the readable page
 * inside it, opened in Chromium, lists their orders; the link works once. SQLite only: the database matrix is in
 * test/privacy-requests.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { translator } from '../../src/i18n/translate.ts';
import { type Inbox, linkIn, startInbox } from '../helpers/mail.ts';
import { placeOrder } from '../helpers/orders.ts';
import { codeIn, subjectOf, unzipExport } from '../helpers/privacy-requests.ts';
import { describeBrowser, launchBrowser, newContext, type RunningShop, screenshot, startShop } from './browser.ts';
import { andWait } from './flows.ts';

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
});
