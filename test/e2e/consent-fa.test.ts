/**
 * The consent banner in Persian, in Chromium (CM-12): right to left, "reject" the same button as "accept" in the same
 * row, no cookie at all before an answer, and no optional cookie after a refusal, with JavaScript off.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { translate } from '../../src/i18n/translate.ts';
import { describeBrowser, launchBrowser, newContext, type RunningShop, screenshot, startShop } from './browser.ts';

describeBrowser('consent banner in Persian', () => {
  let browser: Browser;
  let running: RunningShop;
  beforeAll(async () => {
    [browser, running] = await Promise.all([launchBrowser(), startShop('khakriz')]);
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  const accept = translate('fa', 'consent.accept');
  const reject = translate('fa', 'consent.reject');

  it('[CM-12] khakriz: reject is as easy as accept, right to left, and nothing is set before or after a refusal', async () => {
    const { baseUrl } = running;
    // Without JavaScript: the banner is a plain form.
    const context = await newContext(browser, { javaScriptEnabled: false, locale: 'fa-IR' });
    try {
      const page = await context.newPage();
      await page.goto(`${baseUrl}/fa/`);
      expect(await page.getAttribute('html', 'dir')).toBe('rtl');
      const banner = page.locator('.consent-banner');
      await expect.poll(() => banner.isVisible()).toBe(true);
      expect(await banner.locator('input[type="checkbox"]').count()).toBe(0);
      const acceptBox = (await banner.getByRole('button', { name: accept, exact: true }).boundingBox())!;
      const rejectBox = (await banner.getByRole('button', { name: reject, exact: true }).boundingBox())!;
      // The same size, in the same row: one press either way.
      expect(Math.abs(acceptBox.width - rejectBox.width)).toBeLessThanOrEqual(1);
      expect(Math.abs(acceptBox.height - rejectBox.height)).toBeLessThanOrEqual(1);
      expect(Math.abs(acceptBox.y - rejectBox.y)).toBeLessThanOrEqual(1);
      // Right to left: the first button (accept) stands on the right.
      expect(acceptBox.x).toBeGreaterThan(rejectBox.x);
      await screenshot(page, 'khakriz', 'consent-banner-fa');
      expect(await context.cookies()).toEqual([]);

      await page.getByRole('button', { name: reject, exact: true }).click();
      await page.waitForURL(`${baseUrl}/fa/`);
      expect(await page.locator('.consent-banner').count()).toBe(0);
      await page.goto(`${baseUrl}/en/privacy`);
      await page.goto(`${baseUrl}/`);
      expect(page.url()).toBe(`${baseUrl}/fa/`);
      expect((await context.cookies()).map((c) => c.name)).toEqual(['amanat_consent']);
    } finally {
      await context.close();
    }
  });

  it('[CM-12] agreeing sets the optional cookie only then; Global Privacy Control is never asked', async () => {
    const { baseUrl } = running;
    const context = await newContext(browser, { locale: 'fa-IR' });
    try {
      const page = await context.newPage();
      await page.goto(`${baseUrl}/en/`);
      expect(await context.cookies()).toEqual([]);
      await page.getByRole('button', { name: 'Accept', exact: true }).click();
      await page.waitForURL(`${baseUrl}/en/`);
      const names = (await context.cookies()).map((c) => c.name).sort();
      expect(names).toEqual(['amanat_consent', 'amanat_lang']);
      await page.goto(`${baseUrl}/`);
      expect(page.url()).toBe(`${baseUrl}/en/`);
    } finally {
      await context.close();
    }

    const gpc = await newContext(browser, { extraHTTPHeaders: { 'Sec-GPC': '1' } });
    try {
      const page = await gpc.newPage();
      await page.goto(`${baseUrl}/fa/`);
      expect(await page.locator('.consent-banner').count()).toBe(0);
      expect(await gpc.cookies()).toEqual([]);
    } finally {
      await gpc.close();
    }
  });
});
