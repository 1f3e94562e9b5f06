/**
 * Issue 8, point 8: the first-run setup of an empty shop, in Persian, right to left, in Chromium. The owner opens the
 * shop, switches the setup to Persian, gives the one-time code printed on the console, fills the business identity
 * (digits typed the Persian way), what they sell, how they take payment and deliver, and their own account; then the
 * storefront carries the new name and the owner signs in to the staff area and sees the dashboard.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FirstRun, startFirstRun } from '../../src/modules/setup/server.tsx';
import { emptyShop, PERSIAN_SHOP } from '../helpers/empty-shop.ts';
import { describeBrowser, launchBrowser, newContext, screenshot } from './browser.ts';
import { andWait, pathOf } from './flows.ts';

describeBrowser('first-run setup of an empty shop in Persian (Chromium)', () => {
  let browser: Browser;
  let shop: ReturnType<typeof emptyShop>;
  let firstRun: FirstRun;

  beforeAll(async () => {
    browser = await launchBrowser();
    shop = emptyShop('sqlite');
    firstRun = await startFirstRun({ open: shop.open, port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await browser?.close();
    await firstRun?.close();
    await shop?.drop();
  });

  it('setup code, identity, owner account, then the storefront shows the new name', { timeout: 60_000 }, async () => {
    const context = await newContext(browser);
    const page: Page = await context.newPage();
    const base = firstRun.url.replace(/\/$/, '');

    // Anything but the setup leads to it: there is no staff area to reach yet.
    await page.goto(`${base}/fa/staff/login`);
    expect(pathOf(page)).toBe('/fa/setup');
    await page.goto(`${base}/`);
    expect(pathOf(page)).toBe('/en/setup');
    await andWait(page, () => page.getByRole('link', { name: 'فارسی' }).click());
    expect(pathOf(page)).toBe('/fa/setup');
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('راه‌اندازی فروشگاه');

    // A wrong code first: the error sits next to its field and what was typed stays.
    await page.getByLabel('کد راه‌اندازی').fill('not-the-code');
    await page.getByLabel('نام فروشگاه').fill(PERSIAN_SHOP.name);
    await andWait(page, () => page.getByRole('button', { name: 'راه‌اندازی فروشگاه' }).click());
    await expect(page.locator('#f-token-error').textContent()).resolves.toContain('کد راه‌اندازیِ چاپ‌شده در کنسول نیست');
    expect(await page.getByLabel('نام فروشگاه').inputValue()).toBe(PERSIAN_SHOP.name);

    await page.getByLabel('کد راه‌اندازی').fill(firstRun.token);
    await page.getByLabel('خاکریز نوین').check();
    await page.getByLabel('نام حقوقی').fill(PERSIAN_SHOP.legal_name);
    await page.getByLabel('نشانی').fill(PERSIAN_SHOP.address);
    await page.getByLabel('تلفن').fill(PERSIAN_SHOP.phone);
    await page.getByLabel('ایمیل').fill(PERSIAN_SHOP.email);
    await page.getByLabel('وب‌سایت').fill(PERSIAN_SHOP.website);
    await page.getByLabel('ایران').check();
    await page.getByLabel('ریال (IRR)').check();
    await page.getByLabel('آنلاین، از فروشگاه').check();
    await page.getByLabel('کسب‌وکارتان را در یکی دو جمله شرح دهید').fill(PERSIAN_SHOP.intro);
    await page.getByLabel('پرداخت در محل').check();
    await page.getByRole('checkbox', { name: 'واریز بانکی' }).check();
    await page.getByRole('textbox', { name: 'واریز بانکی' }).fill(PERSIAN_SHOP.instructions_bank_transfer);
    await page.getByLabel('هزینه ارسال').fill(PERSIAN_SHOP.delivery_fee);
    await page.getByLabel('نام شما').fill(PERSIAN_SHOP.owner_name);
    await page.getByLabel('نام کاربری').fill(PERSIAN_SHOP.owner_username);
    await page.getByLabel(/^گذرواژه/).fill(PERSIAN_SHOP.password);
    await page.getByLabel('تکرار گذرواژه').fill(PERSIAN_SHOP.password);
    await screenshot(page, 'setup-fa', '1-form');
    // Sent from the keyboard: Enter in the last field submits the form.
    await andWait(page, () => page.getByLabel('تکرار گذرواژه').press('Enter'));
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('فروشگاه شما آماده است');
    await screenshot(page, 'setup-fa', '2-done');

    await andWait(page, () => page.getByRole('link', { name: 'دیدن فروشگاه' }).click());
    expect(pathOf(page)).toBe('/fa/');
    await expect(page.locator('.brand').textContent()).resolves.toBe(PERSIAN_SHOP.name);
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.goto(`${base}/fa/setup`);
    expect(await page.locator('h1').textContent()).not.toBe('راه‌اندازی فروشگاه');

    await page.goto(`${base}/fa/staff/login`);
    await page.locator('input[name="username"]').fill(PERSIAN_SHOP.owner_username);
    await page.locator('input[name="password"]').fill(PERSIAN_SHOP.password);
    await andWait(page, () => page.locator('input[name="password"]').press('Enter'));
    await andWait(page, () => page.getByRole('link', { name: 'پیشخوان' }).click());
    expect(pathOf(page)).toBe('/fa/staff/dashboard');
    await expect(page.locator('[data-figure="today-orders"] dd').textContent()).resolves.toBe('۰');
    await screenshot(page, 'setup-fa', '3-dashboard');
    await context.close();
  });
});
