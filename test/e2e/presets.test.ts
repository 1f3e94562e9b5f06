/**
 * One browser walk per preset: a customer in the shop's language browses, buys (or, in the catalogue shop, makes a
 * list and staff enter the order), and staff find the order, reveal the phone and — for offline payments — record
 * the payment. SQLite only: these are browser flows; the database matrix is in the integration tests.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it, type TestContext } from 'vitest';
import { formatUnit } from '../../src/i18n/format.ts';
import type { Locale } from '../../src/i18n/locales.ts';
import { translator } from '../../src/i18n/translate.ts';
import type { PaymentMethodCode, Preset, UnitCode } from '../../src/presets/types.ts';
import { type Inbox, linkIn, startInbox } from '../helpers/mail.ts';
import { productsWithoutOptions } from '../helpers/orders.ts';
import { describeBrowser, launchBrowser, newContext, type RunningShop, screenshot, startShop } from './browser.ts';
import {
  addToCart,
  andWait,
  type Buyer,
  checkOut,
  fact,
  ORDER_CODE,
  openHome,
  openProduct,
  openStaffOrder,
  pathOf,
  pickProduct,
  revealPhone,
  STAFF_PASSWORD,
  staffSignIn,
  textOf,
} from './flows.ts';

const BD_BUYER: Buyer = {
  name: 'নুসরাত জাহান',
  phone: '01712345678',
  phoneE164: '+8801712345678',
  wrongPhone: '12345',
  email: 'nusrat@example.com',
  address: 'বাড়ি ১২, রোড ৫, ধানমন্ডি, ঢাকা',
};
const VN_BUYER: Buyer = {
  name: 'Trần Văn Bình',
  phone: '0912345678',
  phoneE164: '+84912345678',
  wrongPhone: '12345',
  email: 'binh@example.com',
  address: '12 Nguyễn Huệ, Quận 1, TP. Hồ Chí Minh',
};
const IR_BUYER: Buyer = {
  name: 'زهرا احمدی',
  phone: '09123456789',
  phoneE164: '+989123456789',
  wrongPhone: '۱۲۳۴۵',
  email: 'zahra@example.com',
  address: 'تهران، خیابان ولیعصر، کوچه ۱۲، پلاک ۴',
  nationalCode: '۰۰۱۲۳۴۵۶۷۹',
};

describeBrowser('each preset in the browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });

  type ShopEnv = Awaited<ReturnType<typeof shopFor>>;
  afterAll(async () => browser?.close());

  /**
   * A running shop with an owner account and a customer's page; all closed when the test ends. `inbox` adds an
   * in-process SMTP server that receives the shop's mail.
   */
  async function shopFor(test: TestContext, presetId: Preset['id'], options: { inbox?: boolean } = {}) {
    const contexts: BrowserContext[] = [];
    let running: RunningShop | undefined;
    let inbox: Inbox | undefined;
    test.onTestFinished(async () => {
      await Promise.all(contexts.map((c) => c.close()));
      await running?.close();
      await inbox?.close();
    });
    const track = (c: BrowserContext) => {
      contexts.push(c);
      return c;
    };
    if (options.inbox) inbox = await startInbox();
    const [shop, customer] = await Promise.all([
      startShop(presetId, { smtpUrl: inbox?.url }).then((r) => {
        running = r;
        return r;
      }),
      newContext(browser).then(track),
    ]);
    await shop.shop.app.staff.create({
      username: 'owner',
      displayName: 'Owner',
      role: 'owner',
      password: STAFF_PASSWORD,
    });
    return { ...shop, inbox, customer: await customer.newPage(), track };
  }

  /** Native digits in prices: no ASCII digit in a Bengali or Persian price. */
  async function expectNativePrice(page: Page, locale: Locale) {
    const price = await textOf(page.locator('article.product .price .money'));
    if (locale === 'bn') expect(price).toMatch(/^[^0-9]*[০-৯][^0-9]*$/);
    if (locale === 'fa') expect(price).toMatch(/^[^0-9]*[۰-۹][^0-9]*$/);
  }

  /** The guest walk of a shop that sells online: home → category → product → cart → checkout → confirmation. */
  async function guestOrder(options: {
    test: TestContext;
    presetId: Preset['id'];
    locale: Locale;
    dir: 'ltr' | 'rtl';
    typed: string;
    decimal: string;
    buyer: Buyer;
    payment?: PaymentMethodCode;
    reference?: string;
    expectEmailRequired?: boolean;
    screenshotErrors?: boolean;
    /** Register (with this username) between the cart and the checkout, as a shop that requires accounts asks. */
    registerAs?: string;
    /** Runs on the checkout page before anything is typed. */
    onCheckoutPage?: (page: Page) => Promise<void>;
    unit?: UnitCode;
  }) {
    const { presetId, locale } = options;
    const env = await shopFor(options.test, presetId, { inbox: options.registerAs !== undefined });
    const page = env.customer;
    const { category, product } = await pickProduct(env.shop, locale, Number(options.decimal) * 1000, options.unit);
    await openHome(page, env.baseUrl, locale, options.dir);
    await openProduct(page, locale, category, product);
    await expectNativePrice(page, locale);
    await screenshot(page, presetId, 'product');
    await addToCart(page, locale, product, options.typed, options.decimal);
    if (options.registerAs) await registerFromCart(env, locale, options.buyer, options.registerAs);
    const payment = options.payment ?? env.shop.app.preset.paymentMethods[0];
    const order = await checkOut(page, {
      shop: env.shop,
      locale,
      buyer: options.buyer,
      payment,
      reference: options.reference,
      screenshotAs: presetId,
      expectEmailRequired: options.expectEmailRequired,
      screenshotErrors: options.screenshotErrors,
      beforeSubmit: async () => {
        // The summary shows the quantity as the customer will read it on the order.
        const summary = await textOf(page.locator('section.summary'));
        expect(summary).toContain(formatUnit(options.decimal, product.unit, locale));
        await options.onCheckoutPage?.(page);
      },
    });
    return { env, order, product };
  }

  /**
   * HK-06: from a cart in a shop that requires registration, the way to checkout goes through sign-in; the customer
   * registers, confirms the e-mail by the link sent to them, and comes back to the cart.
   */
  async function registerFromCart(env: ShopEnv, locale: Locale, buyer: Buyer, username: string) {
    const t = translator(locale);
    const page = env.customer;
    expect(await textOf(page.locator('main .notice'))).toBe(t('checkout.signInToOrder'));
    await andWait(page, () => page.locator(`main a.button[href="/${locale}/checkout"]`).click());
    expect(pathOf(page)).toBe(`/${locale}/account/signin`);
    await andWait(page, () => page.locator(`main a[href="/${locale}/account/register"]`).first().click());
    expect(pathOf(page)).toBe(`/${locale}/account/register`);
    await page.locator('#f-name').fill(buyer.name);
    await page.locator('#f-username').fill(username);
    await page.locator('#f-email').fill(buyer.email);
    await page.locator('#f-phone').fill(buyer.phone);
    await page.locator('#f-address').fill(buyer.address);
    await page.locator('#f-password').fill(STAFF_PASSWORD);
    await andWait(page, () => page.locator(`form[action="/${locale}/account/register"] > button`).click());
    expect(await textOf(page.locator('main h1'))).toBe(t('account.checkEmailTitle'));
    // The confirmation link arrives by e-mail (over SMTP, to the test inbox); it signs the customer in.
    const mail = await env.inbox!.waitFor(buyer.email);
    const link = new URL(linkIn(mail, `/${locale}/account/confirm/`));
    await page.goto(`${env.baseUrl}${link.pathname}`);
    await andWait(page, () => page.getByRole('button', { name: t('account.confirmEmailButton') }).click());
    expect(await textOf(page.locator('main .notice').first())).toBe(t('account.emailConfirmed'));
    await andWait(page, () => page.locator(`header a[href="/${locale}/cart"]`).click());
    expect(pathOf(page)).toBe(`/${locale}/cart`);
  }

  /** Staff sign in with a fresh context, find the order in the list, open it and reveal the phone. */
  async function staffFindsOrder(env: ShopEnv, locale: Locale, code: string, buyer: Buyer) {
    const { context, page } = await staffSignIn(browser, env.baseUrl, locale, 'owner');
    env.track(context);
    await openStaffOrder(page, locale, code);
    await revealPhone(page, locale, buyer);
    return page;
  }

  it('[CM-01] [CM-02] chotomoni: a guest browses in Bengali, adds to cart, checks out and staff find the order', async (test) => {
    const { env, order } = await guestOrder({
      test,
      presetId: 'chotomoni',
      locale: 'bn',
      dir: 'ltr',
      typed: '২',
      decimal: '2',
      buyer: BD_BUYER,
      payment: 'cod',
    });
    expect(order.status).toBe('অর্ডার করা হয়েছে');
    const page = await staffFindsOrder(env, 'bn', order.code, BD_BUYER);
    const t = translator('bn');
    expect(await textOf(fact(page, t('checkout.name')))).toBe(BD_BUYER.name);
    expect(await textOf(page.locator('dd.address'))).toBe(BD_BUYER.address);
    await screenshot(page, 'chotomoni', 'staff-order');
  });

  it('[HK-04] [HK-06] [HK-07] [HK-08] hatkoro: a shopper registers, pays by money order; staff reveal the phone and record the payment', async (test) => {
    const t = translator('bn');
    const { env, order } = await guestOrder({
      test,
      presetId: 'hatkoro',
      locale: 'bn',
      dir: 'ltr',
      typed: '২',
      decimal: '2',
      buyer: BD_BUYER,
      payment: 'money_order',
      reference: 'MO-88231',
      registerAs: 'nusrat_j',
      onCheckoutPage: async (page) => {
        // A signed-in customer finds the details given at registration already filled in.
        expect(await page.locator('#f-name').inputValue()).toBe(BD_BUYER.name);
        expect(await page.locator('#f-address').inputValue()).toBe(BD_BUYER.address);
      },
    });
    expect(order.status).toBe(t('status.awaiting_payment'));
    const page = await staffFindsOrder(env, 'bn', order.code, BD_BUYER);
    expect(await textOf(page.locator('dd.status'))).toBe(t('status.awaiting_payment'));
    // The reference is behind its own button, for billing.
    await andWait(page, () => page.getByRole('button', { name: t('staff.revealReference') }).click());
    expect(await textOf(fact(page, t('checkout.paymentReference')))).toBe('MO-88231');
    await andWait(page, () => page.getByRole('button', { name: t('staff.markPaid') }).click());
    expect(await textOf(page.locator('.notice.success'))).toBe(t('staff.paymentRecorded'));
    expect(await textOf(page.locator('dd.status'))).toBe(t('status.confirmed'));
    expect(await textOf(fact(page, t('checkout.payment')))).toContain(t('order.paymentReceived'));
    expect(await page.getByRole('button', { name: t('staff.markPaid') }).count()).toBe(0);
    await screenshot(page, 'hatkoro', 'staff-order-paid');
  });

  it('[MS-01] [MS-03] mistri: a guest books a home service in Bengali, checks out and staff find the booking', async (test) => {
    const { env, order, product } = await guestOrder({
      test,
      presetId: 'mistri',
      locale: 'bn',
      dir: 'ltr',
      typed: '১',
      decimal: '1',
      buyer: BD_BUYER,
      unit: 'service',
    });
    expect(product.unit).toBe('service');
    const page = await staffFindsOrder(env, 'bn', order.code, BD_BUYER);
    expect(await textOf(page.locator('table.order-lines tbody'))).toContain(product.name);
    await screenshot(page, 'mistri', 'staff-order');
  });

  it('[KN-02] [KN-04] khakriz: a shopper browses in Persian, must give an e-mail and a national code, checks out and staff find the order', async (test) => {
    const { env, order } = await guestOrder({
      test,
      presetId: 'khakriz',
      locale: 'fa',
      dir: 'rtl',
      typed: '۲',
      decimal: '2',
      buyer: IR_BUYER,
      expectEmailRequired: true,
      screenshotErrors: true,
    });
    const page = await staffFindsOrder(env, 'fa', order.code, IR_BUYER);
    // KN-04: the invoice details are revealed for billing on request, like the phone.
    const t = translator('fa');
    await andWait(page, () => page.getByRole('button', { name: t('staff.revealInvoice') }).click());
    expect(await textOf(fact(page, t('checkout.invoice')))).toContain('0012345679');
    await screenshot(page, 'khakriz', 'staff-order');
  });

  it('[KT-02] [KT-03] [KT-04] [KT-10] khatra: a customer lists 2,5 m in Vietnamese and is sent to the hotline; staff enter the order by phone', async (test) => {
    const env = await shopFor(test, 'khatra');
    const t = translator('vi');
    const page = env.customer;
    const { category, product: metre } = await pickProduct(env.shop, 'vi', 2500, 'metre');
    const box = (await productsWithoutOptions(env.shop.app.catalog, 'vi')).find(
      (p) => p.unit === 'box' && p.stockMilli >= 3000,
    )!;
    expect(box).toBeDefined();

    await openHome(page, env.baseUrl, 'vi', 'ltr');
    expect(await textOf(page.locator('main .order-by-contact'))).toContain(t('catalog.orderByContact'));
    await openProduct(page, 'vi', category, metre);
    // KT-02: description, model, category, quality and origin on the product page.
    const detail = (await env.shop.app.catalog.product(metre.id, 'vi'))!;
    expect(await textOf(fact(page, t('product.model')))).toBe(detail.model);
    expect(await textOf(fact(page, t('product.category')))).toBe(detail.categoryName);
    expect(await textOf(fact(page, t('product.quality')))).toBe(detail.quality);
    expect(await textOf(fact(page, t('product.origin')))).toBe(detail.origin);
    expect(await textOf(page.locator('.product-info > p').nth(1))).toBe(detail.description);
    await screenshot(page, 'khatra', 'product');
    await addToCart(page, 'vi', metre, '2,5', '2.5');
    const row = page.locator('table.cart tbody tr', { hasText: metre.name });
    expect(
      `${await row.locator('input[name="quantity"]').inputValue()} ${await textOf(row.locator('.qty-form > span'))}`,
    ).toBe('2,5 mét');
    // KT-10: no online checkout; the hotline and e-mail, and a prepared e-mail with the list.
    expect(await page.locator(`a[href="/vi/checkout"]`).count()).toBe(0);
    expect(await textOf(page.locator('.catalogue-order .order-by-contact'))).toContain(t('catalog.orderByContact'));
    expect(await page.locator(`.catalogue-order a[href="tel:${env.shop.app.preset.identity.phone}"]`).count()).toBe(1);
    const mailto = (await page.locator('.catalogue-order a.button').getAttribute('href'))!;
    expect(mailto.startsWith(`mailto:${env.shop.app.preset.identity.email}?`)).toBe(true);
    expect(decodeURIComponent(mailto)).toContain(metre.sku);
    await screenshot(page, 'khatra', 'cart');
    await page.goto(`${env.baseUrl}/vi/checkout`);
    expect(pathOf(page)).toBe('/vi/cart');

    // Staff take the call and enter the order.
    const staff = await staffSignIn(browser, env.baseUrl, 'vi', 'owner');
    env.track(staff.context);
    const sp = staff.page;
    await andWait(sp, () =>
      sp
        .locator('header .site-nav')
        .getByRole('link', { name: t('staff.newOrder') })
        .click(),
    );
    expect(pathOf(sp)).toBe('/vi/staff/orders/new');
    await sp.locator('#f-product_0').selectOption(metre.id);
    await sp.locator('#f-qty_0').fill('2,5');
    await sp.locator('#f-product_1').selectOption(box.id);
    await sp.locator('#f-qty_1').fill('3');
    await sp.locator('#ch-phone').check();
    await sp.locator('#f-name').fill(VN_BUYER.name);
    await sp.locator('#f-phone').fill(VN_BUYER.phone);
    await sp.locator('#f-email').fill(VN_BUYER.email);
    await sp.locator('#f-address').fill(VN_BUYER.address);
    const [day] = await sp.locator('#f-delivery_date').selectOption({ index: 3 });
    const [window] = await sp.locator('#f-delivery_window').selectOption({ index: 2 });
    const dayLabel = await textOf(sp.locator(`#f-delivery_date option[value="${day}"]`));
    const windowLabel = await textOf(sp.locator(`#f-delivery_window option[value="${window}"]`));
    const payment = env.shop.app.preset.paymentMethods[0];
    await sp.locator(`#pm-${payment}`).check();
    await screenshot(sp, 'khatra', 'staff-new-order');
    await andWait(sp, () => sp.locator('form[action="/vi/staff/orders/new"] > button').click());

    expect(pathOf(sp)).toMatch(/^\/vi\/staff\/orders\/[0-9a-f-]{36}$/);
    expect(await textOf(sp.locator('.notice.success'))).toBe(t('staff.orderCreated'));
    const code = await textOf(sp.locator('main h1 bdi'));
    expect(code).toMatch(ORDER_CODE);
    expect(await textOf(fact(sp, t('staff.channel')))).toBe(t('channel.phone'));
    const delivery = await textOf(fact(sp, t('order.deliveryTime')));
    expect(delivery).toContain(dayLabel);
    expect(delivery).toContain(windowLabel);
    const lines = sp.locator('table.order-lines tbody tr');
    expect(await lines.count()).toBe(2);
    const metreLine = await textOf(lines.filter({ hasText: metre.sku }));
    expect(metreLine).toContain(metre.name);
    expect(metreLine).toContain('2,5 mét');
    const boxLine = await textOf(lines.filter({ hasText: box.sku }));
    expect(boxLine).toContain(formatUnit('3', 'box', 'vi'));
    await screenshot(sp, 'khatra', 'staff-order');

    // The order is in the staff list; opening it, staff reveal the phone to call the customer back.
    await andWait(sp, () =>
      sp
        .locator('header .site-nav')
        .getByRole('link', { name: t('staff.orders'), exact: true })
        .click(),
    );
    expect(pathOf(sp)).toBe('/vi/staff');
    const listed = sp.locator('table.orders tbody tr', { hasText: code });
    expect(await textOf(listed)).toContain(t('channel.phone'));
    await openStaffOrder(sp, 'vi', code);
    await revealPhone(sp, 'vi', VN_BUYER);
  });
});
