/**
 * Paying online in the browser: a Bengali guest of chotomoni chooses SSLCommerz at checkout, pays on the gateway's
 * (simulated) page, comes back to the shop, and finds the order confirmed; the confirmation e-mail arrives.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { translate } from '../../src/i18n/translate.ts';
import { SslcommerzAdapter } from '../../src/modules/payments/sslcommerz.ts';
import { startSslcommerzSimulator } from '../../src/simulators/payments/sslcommerz.ts';
import { startInbox } from '../helpers/mail.ts';
import { describeBrowser, launchBrowser, newContext, screenshot, startShop } from './browser.ts';
import { addToCart, andWait, fact, openHome, openProduct, pathOf, pickProduct, textOf } from './flows.ts';

const STORE = { storeId: 'testbox', storePassword: 'qwerty' };

describeBrowser('paying online in the browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it('[CM-03] [HK-03] chotomoni: a guest pays through SSLCommerz in Bengali; back in the shop the order is confirmed', async (test) => {
    const sim = await startSslcommerzSimulator(STORE);
    const inbox = await startInbox();
    const shopContact = { email: 'shop@example.com', phone: '+8801700000000', city: 'Dhaka' };
    const running = await startShop('chotomoni', {
      smtpUrl: inbox.url,
      gateways: { sslcommerz: new SslcommerzAdapter({ ...STORE, baseUrl: sim.url, shopContact, timeoutMs: 5000 }) },
    });
    const context = await newContext(browser);
    test.onTestFinished(async () => {
      await context.close();
      await running.close();
      await inbox.close();
      await sim.close();
    });
    const { shop, baseUrl } = running;
    const t = (key: Parameters<typeof translate>[1]) => translate('bn', key);
    const page = await context.newPage();

    await openHome(page, baseUrl, 'bn', 'ltr');
    const { category, product } = await pickProduct(shop, 'bn', 1000);
    await openProduct(page, 'bn', category, product);
    await addToCart(page, 'bn', product, '১', '1');
    await andWait(page, () => page.locator('a.button[href="/bn/checkout"]').click());
    await page.locator('#f-name').fill('ফারজানা হক');
    await page.locator('#f-phone').fill('০১৯১১২২২৩৩৩');
    await page.locator('#f-email').fill('farzana@example.com');
    await page.locator('#f-address').fill('রোড ৭, সেক্টর ৪, উত্তরা, ঢাকা');
    await page.locator('#pm-sslcommerz').check();
    await andWait(page, () => page.locator('form.checkout > button').click());

    // The shop's page moves on by itself to the gateway's, outside the shop.
    await page.waitForURL((url) => url.href.startsWith(sim.url));
    await screenshot(page, 'chotomoni', 'gateway');
    await page.locator('button[value="pay"]').click();
    await page.waitForURL(/\/pay\/sslcommerz\/return\/[A-Za-z]{20}$/);
    expect(await textOf(page.locator('main .notice'))).toBe(t('payment.result.paid'));
    await screenshot(page, 'chotomoni', 'payment-return');

    await andWait(page, () => page.getByRole('link', { name: t('payment.viewOrder') }).click());
    expect(pathOf(page)).toMatch(/^\/bn\/order\/[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    expect(await textOf(page.locator('dd.status'))).toBe(t('status.confirmed'));
    expect(await textOf(fact(page, t('checkout.payment')))).toBe(t('payment.sslcommerz'));
    const code = pathOf(page).split('/').at(-1)!;
    const mail = await inbox.waitFor('farzana@example.com', new RegExp(`${code}.*${t('status.confirmed')}`));
    expect(mail.text).toContain(`${baseUrl}/bn/order-status?code=${code}`);
  });
});
