/**
 * Issue 8, delivery areas: in Chromium with JavaScript off, the owner of chotomoni adds a delivery area in Bengali,
 * typing its fee in Bengali digits (a wrong fee first, shown next to the field with what was typed kept); then a
 * guest chooses that area at checkout and sees its fee in the order's total.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { formatMoney } from '../../src/i18n/format.ts';
import { translator } from '../../src/i18n/translate.ts';
import { describeBrowser, launchBrowser, newContext, type RunningShop, screenshot, startShop } from './browser.ts';
import { addToCart, andWait, pathOf, pickProduct, STAFF_PASSWORD, textOf } from './flows.ts';

describeBrowser('delivery areas in the browser (chotomoni, Bengali)', () => {
  let browser: Browser;
  let running: RunningShop;
  const t = translator('bn');

  beforeAll(async () => {
    [browser, running] = await Promise.all([launchBrowser(), startShop('chotomoni')]);
    await running.shop.app.staff.create({
      username: 'shathi',
      displayName: 'শাথী আক্তার',
      role: 'owner',
      password: STAFF_PASSWORD,
    });
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  it('the owner adds an area with a fee in Bengali digits; a customer chooses it and pays its fee in the total', async () => {
    const { baseUrl, shop } = running;
    const staff = await newContext(browser, { javaScriptEnabled: false });
    const page = await staff.newPage();
    await page.goto(`${baseUrl}/bn/staff/login`);
    await page.locator('#f-username').fill('shathi');
    await page.locator('#f-password').fill(STAFF_PASSWORD);
    await andWait(page, () => page.locator('form.narrow button').click());
    await page.goto(`${baseUrl}/bn/staff/settings`);

    // The first blank row is the new area; a fee in words is refused next to the field, everything typed kept.
    await page.locator('#f-area_1_name_bn').fill('চট্টগ্রাম শহর');
    await page.locator('#f-area_1_name_en').fill('Chattogram city');
    await page.locator('#f-area_1_name_vi').fill('Thành phố Chattogram');
    await page.locator('#f-area_1_name_fa').fill('شهر چیتاگانگ');
    await page.locator('#f-area_1_fee').fill('একশো পঞ্চাশ');
    await andWait(page, () => page.locator('form[action="/bn/staff/settings"] > button').click());
    expect(await textOf(page.locator('#f-area_1_fee-error'))).toBe(t('settings.errorAmount'));
    expect(await page.locator('#f-area_1_name_bn').inputValue()).toBe('চট্টগ্রাম শহর');
    expect(await page.locator('#f-area_1_fee').inputValue()).toBe('একশো পঞ্চাশ');
    await page.locator('#f-area_1_fee').fill('১৫০');
    await andWait(page, () => page.locator('form[action="/bn/staff/settings"] > button').click());
    expect(await textOf(page.locator('p.notice.success'))).toBe(
      t('settings.saved', { settings: t('settings.key.deliveryAreas') }),
    );
    expect(await page.locator('#f-area_1_fee').inputValue()).toBe('১৫০');
    await screenshot(page, 'chotomoni', 'settings-delivery-areas');
    await staff.close();
    expect(shop.app.preset.deliveryAreas.map((a) => a.fee)).toEqual([60, 150]);

    // A guest, without JavaScript either: the checkout now asks for the area and shows each total.
    const customer = await newContext(browser, { javaScriptEnabled: false });
    const buyer = await customer.newPage();
    const { product } = await pickProduct(shop, 'bn', 1000);
    await buyer.goto(`${baseUrl}/bn/p/${product.id}`);
    await addToCart(buyer, 'bn', product, '১', '1');
    await andWait(buyer, () => buyer.locator('a.button[href="/bn/checkout"]').click());
    const taka = (minor: number) => formatMoney(minor, 'BDT', 'bn');
    const total = product.priceMinor + 15000;
    const totalTo = buyer
      .locator('dl.totals dt', { hasText: t('checkout.totalTo', { area: 'চট্টগ্রাম শহর' }) })
      .locator('xpath=following-sibling::dd[1]');
    expect(await textOf(totalTo)).toBe(taka(total));
    await buyer.locator('#f-name').fill('নুসরাত জাহান');
    await buyer.locator('#f-phone').fill('০১৭১২৩৪৫৬৭৮');
    await buyer.locator('#f-email').fill('nusrat@example.com');
    await buyer.locator('#f-address').fill('জিইসি মোড়, চট্টগ্রাম');
    const area = shop.app.preset.deliveryAreas[1];
    expect(await textOf(buyer.locator(`label[for="f-delivery_area-${area.id}"]`))).toBe(`চট্টগ্রাম শহর — ${taka(15000)}`);
    await buyer.locator(`#f-delivery_area-${area.id}`).check();
    await buyer.locator('#pm-cod').check();
    await andWait(buyer, () => buyer.locator('form.checkout > button').click());
    expect(pathOf(buyer)).toMatch(/^\/bn\/order\/[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    const lines = buyer.locator('table.order-lines tfoot');
    const fee = lines.locator('tr', { hasText: t('order.deliveryFeeTo', { area: 'চট্টগ্রাম শহর' }) });
    expect(await textOf(fee.locator('td'))).toBe(taka(15000));
    expect(await textOf(lines.locator('tr.total th'))).toBe(t('order.total'));
    expect(await textOf(lines.locator('tr.total td'))).toBe(taka(total));
    await screenshot(buyer, 'chotomoni', 'order-delivery-area');
    await customer.close();
  });
});
