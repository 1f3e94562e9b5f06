/**
 * CM-12: the storefront needs neither JavaScript nor cookies to browse, and sets its one essential cookie only when
 * the visitor starts a cart. The whole purchase then works in a browser with JavaScript switched off.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { translator } from '../../src/i18n/translate.ts';
import { describeBrowser, launchBrowser, newContext, type RunningShop, screenshot, startShop } from './browser.ts';
import { addToCart, andWait, checkOut, openHome, openProduct, pathOf, pickProduct, textOf } from './flows.ts';

describeBrowser('without JavaScript', () => {
  let browser: Browser;
  let running: RunningShop;
  beforeAll(async () => {
    [browser, running] = await Promise.all([launchBrowser(), startShop('chotomoni')]);
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  /** No script on the page, inline or linked, and no cookie in the browser. */
  async function expectNoScriptNoCookie(page: Page, context: BrowserContext) {
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('[onclick], [onload], [onsubmit]').count()).toBe(0);
    expect(await context.cookies()).toEqual([]);
  }

  it('[CM-12] the whole purchase works with JavaScript disabled and cookies blocked until the cart', async () => {
    const { shop, baseUrl } = running;
    const context = await newContext(browser, { javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      const { category, product } = await pickProduct(shop, 'bn', 2000);

      // Browsing: home, a category, a product, the policy — no cookie at all.
      await openHome(page, baseUrl, 'bn', 'ltr');
      await expectNoScriptNoCookie(page, context);
      await openProduct(page, 'bn', category, product);
      await expectNoScriptNoCookie(page, context);
      await andWait(page, () =>
        page
          .locator('footer')
          .getByRole('link', { name: translator('bn')('policy.title') })
          .click(),
      );
      expect(pathOf(page)).toBe('/bn/privacy');
      await expectNoScriptNoCookie(page, context);
      await page.goto(`${baseUrl}/bn/c/${category.slug}`);
      await expectNoScriptNoCookie(page, context);
      await screenshot(page, 'chotomoni', 'nojs-category');

      // The cart is the first thing that needs the session cookie: one, HttpOnly, SameSite=Lax.
      await page.goto(`${baseUrl}/bn/p/${product.id}`);
      await addToCart(page, 'bn', product, '২', '2');
      const cookies = await context.cookies();
      expect(cookies.map((c) => c.name)).toEqual(['amanat_sid']);
      expect(cookies[0]).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });

      const order = await checkOut(page, {
        shop,
        locale: 'bn',
        buyer: {
          name: 'রফিক ইসলাম',
          phone: '০১৮১২৩৪৫৬৭৮',
          phoneE164: '+8801812345678',
          wrongPhone: '০১২৩',
          email: 'rafiq@example.com',
          address: 'ফ্ল্যাট ৩বি, সেক্টর ৭, উত্তরা, ঢাকা',
        },
        payment: 'cod',
        screenshotAs: 'chotomoni-nojs',
        screenshotErrors: true,
      });
      expect(await page.locator('script').count()).toBe(0);
      const stored = (await shop.app.orders.byCode(order.code))!;
      expect(stored.channel).toBe('web');
      expect(stored.lines.map((l) => [l.sku, l.quantityMilli])).toEqual([[product.sku, 2000]]);
      // The cart is empty after the order; the badge is gone.
      await page.goto(`${baseUrl}/bn/cart`);
      expect(await page.locator('header .badge').count()).toBe(0);
      expect(await textOf(page.locator('main p').first())).toBe(translator('bn')('cart.empty'));
    } finally {
      await context.close();
    }
  });
});
