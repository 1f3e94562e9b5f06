/**
 * The Persian storefront is laid out right to left by CSS logical properties alone: the same page in English and in
 * Persian mirrors, while phone numbers stay left to right and prices use Persian digits.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { formatMoney } from '../../src/i18n/format.ts';
import { formatPhone } from '../../src/i18n/phone.ts';
import { describeBrowser, launchBrowser, newContext, type RunningShop, screenshot, startShop } from './browser.ts';
import { textOf } from './flows.ts';

async function box(page: Page, selector: string) {
  const b = await page.locator(selector).first().boundingBox();
  expect(b, `${selector} is laid out`).not.toBeNull();
  return b!;
}

describeBrowser('right to left', () => {
  let browser: Browser;
  let running: RunningShop;
  beforeAll(async () => {
    [browser, running] = await Promise.all([launchBrowser(), startShop('khakriz')]);
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  it('khakriz: the Persian storefront is laid out right to left', async () => {
    const { shop, baseUrl } = running;
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      const product = (await shop.app.catalog.list({ locale: 'fa' })).items.find((p) => p.image && p.stockMilli > 0)!;
      expect(product).toBeDefined();

      // Header: the brand starts on the right in Persian, on the left in English.
      await page.goto(`${baseUrl}/fa/`);
      expect(await page.getAttribute('html', 'dir')).toBe('rtl');
      expect(await page.getAttribute('html', 'lang')).toBe('fa-IR');
      const faBrand = await box(page, '.brand');
      const faLanguages = await box(page, '.languages');
      expect(faBrand.x).toBeGreaterThan(faLanguages.x);
      await screenshot(page, 'khakriz', 'rtl-home-fa');
      await page.goto(`${baseUrl}/en/`);
      expect(await page.getAttribute('html', 'dir')).toBe('ltr');
      const enBrand = await box(page, '.brand');
      const enLanguages = await box(page, '.languages');
      expect(enBrand.x).toBeLessThan(enLanguages.x);

      // Product page: the image and the information column swap sides.
      await page.goto(`${baseUrl}/en/p/${product.id}`);
      const enImage = await box(page, 'article.product > img');
      const enInfo = await box(page, 'article.product > .product-info');
      expect(enImage.x).toBeLessThan(enInfo.x);
      await screenshot(page, 'khakriz', 'rtl-product-en');
      await page.goto(`${baseUrl}/fa/p/${product.id}`);
      const faImage = await box(page, 'article.product > img');
      const faInfo = await box(page, 'article.product > .product-info');
      expect(faImage.x).toBeGreaterThan(faInfo.x);
      // The breadcrumb chevron points the reading way (mirrored).
      expect(await page.locator('.breadcrumbs .chevron').evaluate((el) => getComputedStyle(el).transform)).toBe(
        'matrix(-1, 0, 0, 1, 0, 0)',
      );

      // Prices in Persian digits, in tomans.
      const price = await textOf(page.locator('article.product .price .money'));
      expect(price).toBe(
        formatMoney(product.priceMinor, shop.app.preset.currency, 'fa', shop.app.preset.displayCurrency).replace(
          /\s+/g,
          ' ',
        ),
      );
      expect(price).toMatch(/[۰-۹]/);
      expect(price).not.toMatch(/[0-9]/);
      expect(price).toContain('تومان');
      await screenshot(page, 'khakriz', 'rtl-product-fa');

      // The controller's phone on the policy page is an isolated left-to-right run, its digits in reading order.
      await page.goto(`${baseUrl}/fa/privacy`);
      const phone = shop.app.preset.identity.phone;
      const bdi = page.locator(`address.controller a[href="tel:${phone}"] bdi[dir="ltr"]`);
      expect(await bdi.count()).toBe(1);
      const shown = formatPhone(phone, 'fa', shop.app.preset.identity.country);
      expect(await bdi.textContent()).toBe(shown);
      const layout = await bdi.evaluate((el) => {
        const text = el.firstChild as Text;
        const xs: { ch: string; x: number }[] = [];
        for (let i = 0; i < text.length; i++) {
          const range = document.createRange();
          range.setStart(text, i);
          range.setEnd(text, i + 1);
          xs.push({ ch: text.data[i], x: range.getBoundingClientRect().x });
        }
        return {
          direction: getComputedStyle(el).direction,
          parentDirection: getComputedStyle(el.closest('address')!).direction,
          xs,
        };
      });
      expect(layout.direction).toBe('ltr');
      expect(layout.parentDirection).toBe('rtl');
      const digits = layout.xs.filter((c) => /\d/.test(c.ch));
      expect(digits.map((c) => c.ch).join('')).toBe(shown.replace(/\D/g, ''));
      for (let i = 1; i < digits.length; i++) expect(digits[i].x).toBeGreaterThan(digits[i - 1].x);
      await screenshot(page, 'khakriz', 'rtl-privacy-fa');
    } finally {
      await context.close();
    }
  });
});
