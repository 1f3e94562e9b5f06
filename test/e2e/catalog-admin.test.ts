/**
 * Issue 8, point 8: in Chromium, the owner of khatra adds a product sold by the metre (KT-03) with its model,
 * quality and origin (KT-02), first making a mistake that is shown next to the field with what was typed kept;
 * then uploads a phone photo through the plain file input, and finds the product with its photo in the storefront.
 * In Persian the staff form is right to left while the Vietnamese texts are typed left to right.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { formatUnit } from '../../src/i18n/format.ts';
import { phonePhoto } from '../helpers/catalog-admin.ts';
import { describeBrowser, launchBrowser, type RunningShop, screenshot, startShop } from './browser.ts';
import { andWait, pathOf, STAFF_PASSWORD, staffSignIn, textOf } from './flows.ts';

describeBrowser('catalogue administration in the browser (khatra)', () => {
  let browser: Browser;
  let running: RunningShop;

  beforeAll(async () => {
    [browser, running] = await Promise.all([launchBrowser(), startShop('khatra')]);
    await running.shop.app.staff.create({
      username: 'tam',
      displayName: 'Nguyễn Minh Tâm',
      role: 'owner',
      password: STAFF_PASSWORD,
    });
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  it('[KT-02][KT-03] the owner adds a product with a photo and a metre unit, and sees it in the storefront', async () => {
    const { context, page } = await staffSignIn(browser, running.baseUrl, 'vi', 'tam');
    await andWait(page, () => page.locator('nav.site-nav a[href="/vi/staff/catalog"]').click());
    await andWait(page, () => page.locator('nav.catalog-nav a[href="/vi/staff/catalog/new"]').click());
    expect(pathOf(page)).toBe('/vi/staff/catalog/new');

    await page.locator('#f-sku').fill('NEP-NHOM-E2E');
    await page.locator('#f-category').selectOption({ index: 4 });
    await page.locator('#f-model').fill('NN-10');
    await page.locator('#f-unit').selectOption('metre');
    await page.locator('#f-step').fill('0,5');
    await page.locator('#f-price').fill('giá?');
    await page.locator('#f-stock').fill('120,5');
    await page.locator('#f-name_vi').fill('Nẹp nhôm chữ T');
    await page.locator('#f-quality_vi').fill('Nhôm 6063, anod hoá');
    await page.locator('#f-origin_vi').fill('Bình Dương, Việt Nam');
    await page.locator('#f-name_en').fill('Aluminium T trim');
    await andWait(page, () => page.locator('form.product-form > button').click());
    // The mistake is next to the price, in Vietnamese; everything typed is still there.
    expect(await textOf(page.locator('#f-price-error'))).toBe('Hãy nhập giá, ví dụ 125000.');
    expect(await page.locator('#f-name_vi').inputValue()).toBe('Nẹp nhôm chữ T');
    expect(await page.locator('#f-step').inputValue()).toBe('0,5');
    await page.locator('#f-price').fill('45000');
    await andWait(page, () => page.locator('form.product-form > button').click());
    expect(pathOf(page)).toMatch(/^\/vi\/staff\/catalog\/[0-9a-f-]{36}$/);
    const id = pathOf(page).split('/').pop()!;

    // The photo goes through the plain file input, which on a phone also offers the camera.
    expect(await page.locator('#f-photo').getAttribute('accept')).toBe('image/*');
    await page.locator('#f-photo').setInputFiles({
      name: 'IMG_2041.jpg',
      mimeType: 'image/jpeg',
      buffer: await phonePhoto('#7d6608'),
    });
    await page.locator('#f-alt_vi').fill('Thanh nẹp nhôm chữ T màu bạc');
    await andWait(page, () => page.locator('form.photo-upload button').click());
    expect(await textOf(page.locator('p.notice'))).toBe('Đã thêm ảnh.');
    expect(await page.locator('ul.photos img').count()).toBe(1);
    await screenshot(page, 'khatra', 'catalog-admin-product');

    // The storefront shows it: name, model, quality, origin, the price per metre and the photo, loaded.
    const shopper = await context.browser()!.newContext();
    const storefront = await shopper.newPage();
    await storefront.goto(`${running.baseUrl}/vi/p/${id}`);
    expect(await textOf(storefront.locator('article.product h1'))).toBe('Nẹp nhôm chữ T');
    const body = await textOf(storefront.locator('main'));
    expect(body).toContain('NN-10');
    expect(body).toContain('Nhôm 6063, anod hoá');
    expect(body).toContain('Bình Dương, Việt Nam');
    expect(body).toContain(formatUnit('1', 'metre', 'vi').replace(/^1 /, ''));
    const image = storefront.locator('article.product img').first();
    expect(await image.getAttribute('alt')).toBe('Thanh nẹp nhôm chữ T màu bạc');
    expect(await image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await screenshot(storefront, 'khatra', 'catalog-admin-storefront');

    // In Persian the staff form runs right to left, while each language's fields keep their own direction.
    await page.goto(`${running.baseUrl}/fa/staff/catalog/${id}`);
    expect(await page.evaluate(() => document.dir)).toBe('rtl');
    expect(await page.locator('#f-name_vi').evaluate((el) => getComputedStyle(el).direction)).toBe('ltr');
    expect(await page.locator('#f-name_fa').evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    await screenshot(page, 'khatra', 'catalog-admin-fa');
    await shopper.close();
    await context.close();
  }, 60_000);
});
