/**
 * Issue 8, product variants: in Chromium with JavaScript off, a customer of chotomoni (Bengali) opens a T-shirt sold
 * in sizes and colours, sees each variant with its price in Bengali digits and the sold-out one disabled, picks one,
 * and orders it; the cart and the order show the variant, and its stock drops.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { formatMoney } from '../../src/i18n/format.ts';
import { translator } from '../../src/i18n/translate.ts';
import { describeBrowser, launchBrowser, newContext, type RunningShop, screenshot, startShop } from './browser.ts';
import { andWait, pathOf, textOf } from './flows.ts';

describeBrowser('product variants in the browser (chotomoni, Bengali)', () => {
  let browser: Browser;
  let running: RunningShop;
  let productId: string;
  const t = translator('bn');

  beforeAll(async () => {
    [browser, running] = await Promise.all([launchBrowser(), startShop('chotomoni')]);
    const admin = running.shop.app.catalogAdmin;
    const categoryId = (await admin.categories())[0].id;
    const created = await admin.create(
      {
        sku: 'PANJABI',
        categoryId,
        model: 'PJ-1',
        unit: 'piece',
        stepMilli: 1000,
        tilesPerBox: null,
        priceMinor: 120000,
        status: 'active',
        translations: {
          bn: { name: 'সুতি পাঞ্জাবি', description: 'হাতে সেলাই', quality: '', origin: 'টাঙ্গাইল' },
          en: { name: 'Cotton panjabi', description: 'Hand stitched', quality: '', origin: 'Tangail' },
        },
      },
      0,
      'test',
    );
    if (!created.ok) throw new Error('product not created');
    productId = created.id;
    const saved = await admin.saveVariants(
      productId,
      {
        options: [{ bn: 'সাইজ', en: 'Size' }, { bn: 'রং', en: 'Colour' }, {}],
        variants: [
          {
            row: 0,
            sku: 'PJ-M-WHITE',
            values: ['M', 'সাদা', ''],
            priceMinor: null,
            stockMilli: 4000,
            archived: false,
            remove: false,
          },
          {
            row: 1,
            sku: 'PJ-L-BLUE',
            values: ['L', 'নীল', ''],
            priceMinor: 135000,
            stockMilli: 3000,
            archived: false,
            remove: false,
          },
          {
            row: 2,
            sku: 'PJ-XL-BLUE',
            values: ['XL', 'নীল', ''],
            priceMinor: 135000,
            stockMilli: 0,
            archived: false,
            remove: false,
          },
        ],
      },
      'test',
    );
    expect(saved).toEqual({ ok: true });
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  it('a customer picks a variant and orders it; the cart and the order show it, and its stock drops', async () => {
    const { baseUrl, shop } = running;
    const variant = async (sku: string) =>
      shop.app.db.selectFrom('product_variants').selectAll().where('sku', '=', sku).executeTakeFirstOrThrow();
    const [blue, sold] = [await variant('PJ-L-BLUE'), await variant('PJ-XL-BLUE')];
    const taka = (minor: number) => formatMoney(minor, 'BDT', 'bn');
    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/bn/p/${productId}`);

    // Every variant is a labelled radio button; prices differ, so the page says "from" the lowest.
    expect(await textOf(page.locator('p.price'))).toContain(taka(120000));
    expect(await textOf(page.locator('fieldset.variants legend'))).toBe(t('variant.choose', { options: 'সাইজ · রং' }));
    expect(await textOf(page.locator(`label[for="f-variant-${blue.id}"]`))).toBe(
      `সাইজ: L / রং: নীল · ${taka(135000)} · ${t('variant.inStock', { stock: '৩ পিস' })}`,
    );
    expect(await page.locator(`#f-variant-${sold.id}`).isDisabled()).toBe(true);
    expect(await textOf(page.locator(`label[for="f-variant-${sold.id}"]`))).toContain(t('product.outOfStock'));
    await screenshot(page, 'chotomoni', 'product-variants');

    // The keyboard reaches the choice: the radio is focusable and checked by pressing Space.
    await page.locator(`#f-variant-${blue.id}`).focus();
    await page.keyboard.press('Space');
    expect(await page.locator(`#f-variant-${blue.id}`).isChecked()).toBe(true);
    await page.locator('#f-quantity').fill('২');
    await andWait(page, () => page.locator('form.add-to-cart button').click());
    expect(pathOf(page)).toBe('/bn/cart');
    const row = page.locator('table.cart tbody tr', { hasText: 'সুতি পাঞ্জাবি' });
    expect(await textOf(row.locator('.variant-label'))).toBe('সাইজ: L / রং: নীল');
    expect(await textOf(row.locator('td').nth(3))).toBe(taka(270000));

    await andWait(page, () => page.locator('a.button[href="/bn/checkout"]').click());
    await page.locator('#f-name').fill('নুসরাত জাহান');
    await page.locator('#f-phone').fill('০১৭১২৩৪৫৬৭৮');
    await page.locator('#f-email').fill('nusrat@example.com');
    await page.locator('#f-address').fill('বাড়ি ১২, সড়ক ৫, ধানমন্ডি, ঢাকা');
    await page.locator('#pm-cod').check();
    await andWait(page, () => page.locator('form.checkout > button').click());
    expect(pathOf(page)).toMatch(/^\/bn\/order\/[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    expect(await textOf(page.locator('table.order-lines tbody .variant-label'))).toBe('সাইজ: L / রং: নীল');
    expect(await textOf(page.locator('table.order-lines tbody'))).toContain('PJ-L-BLUE');
    await screenshot(page, 'chotomoni', 'order-variant');
    await context.close();
    expect(Number((await variant('PJ-L-BLUE')).stock_milli)).toBe(1000);
    expect(Number((await variant('PJ-M-WHITE')).stock_milli)).toBe(4000);
  });
});
