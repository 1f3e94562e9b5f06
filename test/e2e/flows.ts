/**
 * Browser steps shared by the e2e tests: navigation that waits for the next document, the guest checkout, the staff
 * sign-in and the staff order page. Assertions use the shop's own message catalogues and formatters, so that a test
 * checks what a person in that language reads without copying every translation.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { formatUnit } from '../../src/i18n/format.ts';
import { INTL_TAG, type Locale } from '../../src/i18n/locales.ts';
import { type MessageKey, translator } from '../../src/i18n/translate.ts';
import type { CategoryView, ProductCard } from '../../src/modules/catalog/service.ts';
import { initialStatus } from '../../src/modules/orders/lifecycle.ts';
import type { PaymentMethodCode, UnitCode } from '../../src/presets/types.ts';
import { decodeCode128 } from '../helpers/barcode.ts';
import type { TestShop } from '../helpers/shop.ts';
import { newContext, screenshot } from './browser.ts';

export const STAFF_PASSWORD = 'correct horse battery staple';
export const ORDER_CODE = /^[0-9A-Z]{5}-[0-9A-Z]{5}$/;

/** Runs an action that loads a new document (a link, a form) and waits until that document has loaded. */
export async function andWait(page: Page, action: () => Promise<unknown>): Promise<void> {
  const navigated = page.waitForEvent('framenavigated', {
    predicate: (frame) => frame === page.mainFrame(),
    timeout: 10_000,
  });
  await action();
  try {
    await navigated;
  } catch (error) {
    throw new Error(`no new page loaded after the action (still at ${page.url()})`, { cause: error });
  }
  await page.waitForLoadState('load');
}

export const pathOf = (page: Page) => new URL(page.url()).pathname;

export async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** The <dd> that follows the <dt> with this label in a facts list. */
export function fact(page: Page, label: string): Locator {
  return page.locator('dl.facts dt', { hasText: label }).first().locator('xpath=following-sibling::dd[1]');
}

/** The first category (in nav order) holding an in-stock product that can be bought in this quantity. */
export async function pickProduct(
  shop: TestShop,
  locale: Locale,
  quantityMilli: number,
  unit?: UnitCode,
): Promise<{ category: CategoryView; product: ProductCard }> {
  for (const category of await shop.app.catalog.categories(locale)) {
    const page = await shop.app.catalog.list({ locale, categoryId: category.id });
    const product = page.items.find(
      (p) =>
        p.stockMilli >= quantityMilli && quantityMilli % p.stepMilli === 0 && (unit === undefined || p.unit === unit),
    );
    if (product) return { category, product };
  }
  throw new Error(`no product of ${shop.app.preset.id} can be bought ${quantityMilli / 1000} at a time`);
}

/** `/` lands on the shop's language, with the page's lang and dir set for it. */
export async function openHome(page: Page, baseUrl: string, locale: Locale, dir: 'ltr' | 'rtl'): Promise<void> {
  await page.goto(`${baseUrl}/`);
  expect(pathOf(page)).toBe(`/${locale}/`);
  expect(await page.getAttribute('html', 'lang')).toBe(INTL_TAG[locale]);
  expect(await page.getAttribute('html', 'dir')).toBe(dir);
  expect(await page.evaluate(() => document.dir)).toBe(dir);
}

/** From the page showing the category nav: open the category, then the product in it. */
export async function openProduct(
  page: Page,
  locale: Locale,
  category: CategoryView,
  product: ProductCard,
): Promise<void> {
  await andWait(page, () =>
    page.locator('nav.categories').getByRole('link', { name: category.name, exact: true }).click(),
  );
  expect(pathOf(page)).toBe(`/${locale}/c/${category.slug}`);
  expect(await textOf(page.locator('main h1'))).toBe(category.name);
  await andWait(page, () => page.locator(`.product-grid a[href="/${locale}/p/${product.id}"]`).click());
  expect(pathOf(page)).toBe(`/${locale}/p/${product.id}`);
  expect(await textOf(page.locator('article.product h1'))).toBe(product.name);
}

/** Types the quantity on the product page and adds the product; the cart shows it with its unit. */
export async function addToCart(
  page: Page,
  locale: Locale,
  product: ProductCard,
  typed: string,
  decimal: string,
): Promise<void> {
  await page.locator('#f-quantity').fill(typed);
  await andWait(page, () => page.locator('form.add-to-cart button').click());
  expect(pathOf(page)).toBe(`/${locale}/cart`);
  const row = page.locator('table.cart tbody tr', { hasText: product.name });
  expect(await row.count()).toBe(1);
  const value = await row.locator('input[name="quantity"]').inputValue();
  const unit = await textOf(row.locator('.qty-form > span'));
  expect(`${value} ${unit}`).toBe(formatUnit(decimal, product.unit, locale));
}

export interface Buyer {
  name: string;
  /** As typed, in the shop country's national format. */
  phone: string;
  /** What the shop stores and staff dial. */
  phoneE164: string;
  /** A phone that is not a phone, typed in the first (failing) attempt. */
  wrongPhone: string;
  email: string;
  address: string;
  /** For a shop that issues official invoices (KN-04): the national code, as typed. */
  nationalCode?: string;
}

export interface CheckoutResult {
  code: string;
  status: string;
}

/**
 * From the cart: go to checkout, submit once with no name and a wrong phone (and no e-mail where the shop requires
 * one), check the localized messages and that the address is kept, then fix it, choose a day, a time window and a
 * payment method, and place the order. Returns the order code from the confirmation page.
 */
export async function checkOut(
  page: Page,
  options: {
    shop: TestShop;
    locale: Locale;
    buyer: Buyer;
    payment: PaymentMethodCode;
    reference?: string;
    screenshotAs: string;
    /** Also keep a screenshot of the form with its error messages. */
    screenshotErrors?: boolean;
    /** Leave the e-mail empty in the first attempt and expect the "e-mail required" message. */
    expectEmailRequired?: boolean;
    beforeSubmit?: () => Promise<void>;
    /** The delivery area to choose where the shop has several; the first one otherwise. */
    area?: string;
  },
): Promise<CheckoutResult> {
  const { locale, buyer } = options;
  const t = translator(locale);
  const en = translator('en');
  await andWait(page, () => page.locator(`a.button[href="/${locale}/checkout"]`).click());
  expect(pathOf(page)).toBe(`/${locale}/checkout`);
  await options.beforeSubmit?.();

  await page.locator('#f-name').fill('');
  await page.locator('#f-phone').fill(buyer.wrongPhone);
  await page.locator('#f-email').fill(options.expectEmailRequired ? '' : buyer.email);
  await page.locator('#f-address').fill(buyer.address);
  await andWait(page, () => page.locator('form.checkout > button').click());
  expect(pathOf(page)).toBe(`/${locale}/checkout`);
  const summary = await textOf(page.locator('.error-summary'));
  const expected: MessageKey[] = ['checkout.errorNameRequired', 'checkout.errorPhoneInvalid'];
  if (options.expectEmailRequired) expected.push('checkout.errorEmailRequired');
  if (buyer.nationalCode) expected.push('checkout.errorNationalCodeRequired');
  for (const key of expected) {
    expect(summary).toContain(t(key));
    if (locale !== 'en') expect(t(key)).not.toBe(en(key));
  }
  expect(await textOf(page.locator('#f-name-error'))).toBe(t('checkout.errorNameRequired'));
  expect(await textOf(page.locator('#f-phone-error'))).toBe(t('checkout.errorPhoneInvalid'));
  expect(await page.locator('#f-address').inputValue()).toBe(buyer.address);
  expect(await page.locator('#f-phone').inputValue()).toBe(buyer.wrongPhone);
  if (options.screenshotErrors) await screenshot(page, options.screenshotAs, 'checkout-errors');

  await page.locator('#f-name').fill(buyer.name);
  await page.locator('#f-phone').fill(buyer.phone);
  await page.locator('#f-email').fill(buyer.email);
  if (buyer.nationalCode) {
    // A person is the default buyer; the organisation's fields stay hidden until it is chosen (CSS only).
    expect(await page.locator('#f-buyer_type-person').isChecked()).toBe(true);
    expect(await page.locator('#f-national_id').isVisible()).toBe(false);
    await page.locator('#f-buyer_type-organisation').check();
    expect(await page.locator('#f-national_id').isVisible()).toBe(true);
    expect(await page.locator('#f-national_code').isVisible()).toBe(false);
    await page.locator('#f-buyer_type-person').check();
    await page.locator('#f-national_code').fill(buyer.nationalCode);
  }
  const [day] = await page.locator('#f-delivery_date').selectOption({ index: 2 });
  const [window] = await page.locator('#f-delivery_window').selectOption({ index: 1 });
  expect(day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(options.shop.app.preset.deliveryWindows).toContain(window);
  const dayLabel = await textOf(page.locator(`#f-delivery_date option[value="${day}"]`));
  const windowLabel = await textOf(page.locator(`#f-delivery_window option[value="${window}"]`));
  const areas = page.locator('input[name="delivery_area"]');
  if ((await areas.count()) > 0) {
    const area = options.area ?? (await areas.first().getAttribute('value'));
    await page.locator(`#f-delivery_area-${area}`).check();
  }
  await page.locator(`#pm-${options.payment}`).check();
  if (options.reference) await page.locator('#f-payment_reference').fill(options.reference);
  await andWait(page, () => page.locator('form.checkout > button').click());

  const match = new RegExp(`^/${locale}/order/([0-9A-Z]{5}-[0-9A-Z]{5})$`).exec(pathOf(page));
  expect(match, `the confirmation page, not ${pathOf(page)}`).not.toBeNull();
  const code = match![1];
  expect(await textOf(page.locator('main h1 bdi'))).toBe(code);
  expect(code).toMatch(ORDER_CODE);
  expect(await textOf(page.locator('.notice.success'))).toBe(t('order.thanks'));
  const status = t(`status.${initialStatus(options.payment)}`);
  expect(await textOf(page.locator('dd.status'))).toBe(status);
  expect(await textOf(fact(page, t('checkout.payment')))).toBe(t(`payment.${options.payment}`));
  const delivery = await textOf(fact(page, t('order.deliveryTime')));
  expect(delivery).toContain(dayLabel);
  expect(delivery).toContain(windowLabel);
  await screenshot(page, options.screenshotAs, 'confirmation');
  return { code, status };
}

/** A fresh context in which a staff member signs in; the staff area is behind the sign-in page. */
export async function staffSignIn(
  browser: Browser,
  baseUrl: string,
  locale: Locale,
  username: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(`${baseUrl}/${locale}/staff`);
  expect(pathOf(page)).toBe(`/${locale}/staff/login`);
  await page.locator('#f-username').fill(username);
  await page.locator('#f-password').fill(STAFF_PASSWORD);
  await andWait(page, () => page.locator('form.narrow button').click());
  expect(pathOf(page)).toBe(`/${locale}/staff`);
  return { context, page };
}

/** From the staff order list: open the order with this code. */
export async function openStaffOrder(page: Page, locale: Locale, code: string): Promise<void> {
  const link = page.locator('table.orders a', { hasText: code });
  expect(await link.count()).toBe(1);
  await andWait(page, () => link.click());
  expect(pathOf(page)).toMatch(new RegExp(`^/${locale}/staff/orders/[0-9a-f-]{36}$`));
  expect(await textOf(page.locator('main h1 bdi'))).toBe(code);
}

/** HK-08: the phone is not on the page until a staff member presses the button; then it is a tel: link. */
export async function revealPhone(page: Page, locale: Locale, buyer: Buyer): Promise<void> {
  const t = translator(locale);
  const digits = buyer.phoneE164.slice(-8);
  expect(await page.content()).not.toContain(digits);
  expect(await page.locator('a[href^="tel:"]').count()).toBe(0);
  await andWait(page, () => page.getByRole('button', { name: t('staff.revealPhone') }).click());
  const link = page.locator('a.revealed-phone');
  expect(await link.getAttribute('href')).toBe(`tel:${buyer.phoneE164}`);
  expect((await textOf(link)).replace(/\D/g, '')).toContain(digits);
}

/**
 * The packing slip open in `page`, as the printer gets it: print media at a printer's resolution (300 dpi is about
 * 3 device pixels per CSS pixel), in the same staff session; its barcode photographed and read by a scanner
 * library. Returns what the barcode says, and the page printed as PDF.
 */
export async function printSlip(
  browser: Browser,
  staff: BrowserContext,
  page: Page,
): Promise<{ codes: string[]; pdf: Buffer }> {
  const printer = await newContext(browser, { storageState: await staff.storageState(), deviceScaleFactor: 3 });
  try {
    const slip = await printer.newPage();
    await slip.goto(page.url());
    await slip.emulateMedia({ media: 'print' });
    const codes = await decodeCode128(await slip.locator('.barcode').screenshot());
    return { codes, pdf: await slip.pdf({ preferCSSPageSize: true }) };
  } finally {
    await printer.close();
  }
}
