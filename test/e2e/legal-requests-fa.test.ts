/**
 * A request from a judicial authority in Persian, in Chromium (MS-07, KN-13): the owner registers it as it arrived,
 * typing a Jalali date in Persian digits; a privacy officer approves it; only then are exactly the requested fields
 * handed over, once, on a printable sheet.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { translate } from '../../src/i18n/translate.ts';
import { placeOrder } from '../helpers/orders.ts';
import { describeBrowser, launchBrowser, newContext, type RunningShop, screenshot, startShop } from './browser.ts';
import { andWait, pathOf, STAFF_PASSWORD } from './flows.ts';

const t = (key: Parameters<typeof translate>[1]) => translate('fa', key);

describeBrowser('requests from authorities in Persian', () => {
  let browser: Browser;
  let running: RunningShop;
  beforeAll(async () => {
    [browser, running] = await Promise.all([launchBrowser(), startShop('khakriz')]);
    for (const [username, role] of [
      ['owner', 'owner'],
      ['officer', 'privacy_officer'],
    ] as const) {
      await running.shop.app.staff.create({ username, displayName: username, role, password: STAFF_PASSWORD });
    }
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  async function signIn(username: string): Promise<Page> {
    const context = await newContext(browser, { locale: 'fa-IR' });
    const page = await context.newPage();
    await page.goto(`${running.baseUrl}/fa/staff/login`);
    await page.locator('#f-username').fill(username);
    await page.locator('#f-password').fill(STAFF_PASSWORD);
    await andWait(page, () => page.locator('form.narrow button').click());
    return page;
  }

  it('[MS-07] [KN-13] khakriz: registered by the owner, approved by the privacy officer, handed over once', async () => {
    const order = await placeOrder(running.shop, {
      buyer: { name: 'مریم احمدی', phone: '+989121234567', email: 'maryam@example.ir', address: 'تهران، ولیعصر' },
    });

    const owner = await signIn('owner');
    await andWait(owner, () => owner.getByRole('link', { name: t('legal.nav') }).click());
    expect(await owner.getAttribute('html', 'dir')).toBe('rtl');
    await andWait(owner, () => owner.getByRole('link', { name: t('legal.register') }).click());
    await owner.locator('#f-recipientId').selectOption('judicial-authorities');
    await owner.locator('#f-requestingUnit').fill('پلیس فتا، واحد ۴');
    await owner.locator('#f-reference').fill('۱۴۰۵/۷۷۸');
    await owner.locator('#f-legalBasis').fill('حکم شعبه ۱۲ دادگاه کیفری تهران');
    await owner.locator('#f-receivedOn').fill('۱۴۰۵/۰۹/۰۱');
    await owner.locator('#f-orderCode').fill(order.code);
    await owner.getByLabel(t('legal.field.buyerName')).check();
    await owner.getByLabel(t('legal.mayTellNo')).check();
    await andWait(owner, () => owner.getByRole('button', { name: t('legal.registerSubmit') }).click());
    expect(await owner.locator('main').innerText()).toContain(t('legal.registered'));
    // The owner registered it, so the owner may not decide on it.
    expect(await owner.getByRole('button', { name: t('legal.approve') }).count()).toBe(0);
    expect(await owner.locator('main').innerText()).toContain('۱ آذر ۱۴۰۵');
    const requestPath = pathOf(owner);

    const officer = await signIn('officer');
    expect(pathOf(officer)).toBe('/fa/staff/legal');
    await officer.goto(`${running.baseUrl}${requestPath}`);
    await officer.locator('#f-note').fill('حکم با دفتر دادگاه تطبیق داده شد');
    await andWait(officer, () => officer.getByRole('button', { name: t('legal.approve') }).click());
    expect(await officer.locator('main').innerText()).toContain(t('legal.approved'));

    await owner.goto(`${running.baseUrl}${requestPath}`);
    await andWait(owner, () => owner.getByRole('button', { name: t('legal.disclose') }).click());
    const sheet = owner.locator('.legal-sheet');
    expect(await sheet.innerText()).toContain('مریم احمدی');
    expect(await sheet.innerText()).not.toContain('+989121234567');
    await screenshot(owner, 'khakriz', 'legal-sheet-fa');
    // Shown once: the page no longer offers to hand over again, and the register says it was handed over.
    await owner.goto(`${running.baseUrl}${requestPath}`);
    expect(await owner.getByRole('button', { name: t('legal.disclose') }).count()).toBe(0);
    expect(await owner.locator('main').innerText()).not.toContain('مریم احمدی');
    await owner.goto(`${running.baseUrl}/fa/staff/legal`);
    expect(await owner.locator('table.legal-requests').innerText()).toContain(t('legal.status.disclosed'));
  });
});
