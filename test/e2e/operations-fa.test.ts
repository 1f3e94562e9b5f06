/**
 * Issue 5, point 8, for Iran: khakriz in Persian, right to left, from the cart to "delivered". A guest checks out
 * with a national code typed in Persian digits (the official invoice, KN-03/KN-04), pays through the ZarinPal
 * simulator (the adapter tells ZarinPal the amount in tomans), comes back to a confirmed order and gets the e-mail
 * in Persian; staff reveal the invoice details (the reveal is in the audit log), pack, print the slip (its barcode
 * reads back as the order code), hand the parcel to Iran Post / Tipax by typing the receipt's tracking code in
 * Persian digits (the manual courier: no API), mark it delivered, and the customer's page says so.
 */
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { INTL_TAG } from '../../src/i18n/locales.ts';
import { toAsciiDigits } from '../../src/i18n/numbers.ts';
import { translator } from '../../src/i18n/translate.ts';
import { ZarinpalAdapter } from '../../src/modules/payments/zarinpal.ts';
import { cardDataIn } from '../../src/simulators/payments/card-scan.ts';
import { startZarinpalSimulator, type ZarinpalSimulator } from '../../src/simulators/payments/zarinpal.ts';
import { type Inbox, startInbox } from '../helpers/mail.ts';
import { describeBrowser, launchBrowser, newContext, type RunningShop, screenshot, startShop } from './browser.ts';
import {
  andWait,
  fact,
  ORDER_CODE,
  openHome,
  openProduct,
  openStaffOrder,
  pathOf,
  pickProduct,
  printSlip,
  STAFF_PASSWORD,
  staffSignIn,
  textOf,
} from './flows.ts';

const MERCHANT_ID = '1344b5d4-0048-11e8-94db-005056a205be';
const BUYER = {
  name: 'زهرا احمدی',
  /** Typed in Persian digits, as a Persian keyboard gives them. */
  phone: '۰۹۱۲۳۴۵۶۷۸۹',
  email: 'zahra@example.com',
  address: 'تهران، خیابان ولیعصر، کوچه ۱۲، پلاک ۴',
  nationalCode: '۰۰۱۲۳۴۵۶۷۹',
};
/** From the courier's receipt, typed in Persian digits with the spaces the receipt prints. */
const TRACKING_TYPED = '۳۱۴۱ ۵۹۲۶ ۵۳۵۸ ۹۷۹۳ ۲۳۸۴';

const t = translator('fa');
/**
 * An order's whole life in one test (some forty pages, four browser contexts): more than the suite's 30 s allows on
 * a busy machine.
 */
const WHOLE_LIFE = { timeout: 60_000 };

describeBrowser('order operations in the browser (khakriz, Persian)', () => {
  let browser: Browser;
  let sim: ZarinpalSimulator;
  let inbox: Inbox;
  let running: RunningShop;

  beforeAll(async () => {
    [browser, sim, inbox] = await Promise.all([
      launchBrowser(),
      startZarinpalSimulator({ merchantId: MERCHANT_ID }),
      startInbox(),
    ]);
    running = await startShop('khakriz', {
      smtpUrl: inbox.url,
      gateways: {
        zarinpal: new ZarinpalAdapter({ merchantId: MERCHANT_ID, baseUrl: sim.url, unit: 'IRT', timeoutMs: 5000 }),
      },
    });
  });
  afterAll(async () => {
    await running?.close();
    await Promise.all([browser?.close(), sim?.close(), inbox?.close()]);
  });

  async function expectRtl(page: Page) {
    expect(await page.getAttribute('html', 'lang')).toBe(INTL_TAG.fa);
    expect(await page.evaluate(() => document.dir)).toBe('rtl');
  }

  /** Every row of every table, as text: what a database dump would hold. */
  async function databaseDump(): Promise<string> {
    const { db } = running.shop.app;
    const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db);
    const rows: unknown[] = [];
    for (const { name } of tables.rows) rows.push(...(await sql`select * from ${sql.table(name)}`.execute(db)).rows);
    return JSON.stringify(rows);
  }

  it(
    '[KN-03] [KN-04] [CM-03] [HK-03] [HK-01] a guest pays through ZarinPal, staff pack, print the slip, hand to Iran Post / Tipax and mark it delivered',
    WHOLE_LIFE,
    async () => {
      const { shop, baseUrl } = running;
      await shop.app.staff.create({ username: 'owner', displayName: 'مدیر', role: 'owner', password: STAFF_PASSWORD });
      const customer = await newContext(browser);
      const page = await customer.newPage();
      try {
        // The customer: home → category → product → cart → checkout, all in Persian, right to left.
        await openHome(page, baseUrl, 'fa', 'rtl');
        const { category, product } = await pickProduct(shop, 'fa', 1000);
        await openProduct(page, 'fa', category, product);
        await page.locator('#f-quantity').fill('۱');
        await andWait(page, () => page.locator('form.add-to-cart button').click());
        expect(pathOf(page)).toBe('/fa/cart');
        expect(await page.locator('table.cart tbody tr', { hasText: product.name }).count()).toBe(1);
        await andWait(page, () => page.locator('a.button[href="/fa/checkout"]').click());
        expect(pathOf(page)).toBe('/fa/checkout');
        await expectRtl(page);
        await page.locator('#f-name').fill(BUYER.name);
        await page.locator('#f-phone').fill(BUYER.phone);
        await page.locator('#f-email').fill(BUYER.email);
        await page.locator('#f-address').fill(BUYER.address);
        // KN-04: the official invoice is made out to a person, by national code.
        expect(await textOf(page.locator('fieldset.invoice legend'))).toBe(t('checkout.invoice'));
        await page.locator('#f-buyer_type-person').check();
        await page.locator('#f-national_code').fill(BUYER.nationalCode);
        await page.locator('#f-delivery_date').selectOption({ index: 1 });
        await page.locator('#f-delivery_window').selectOption({ index: 1 });
        expect(await textOf(page.locator('label[for="pm-zarinpal"]'))).toBe(t('payment.zarinpal'));
        await page.locator('#pm-zarinpal').check();
        await screenshot(page, 'khakriz', 'ops-checkout');
        await andWait(page, () => page.locator('form.checkout > button').click());

        // The shop's page moves on by itself to ZarinPal's; the amount went in tomans (IRT), a tenth of the rials.
        await page.waitForURL((url) => url.href.startsWith(`${sim.url}/pg/StartPay/`));
        const placed = (await shop.app.orders.list({})).items[0];
        expect(placed.code).toMatch(ORDER_CODE);
        expect(placed.status).toBe('awaiting_payment');
        expect(placed.totalMinor % 10).toBe(0);
        expect(await textOf(page.locator('strong'))).toBe(`${placed.totalMinor / 10} IRT`);
        await screenshot(page, 'khakriz', 'ops-gateway');
        await page.locator('button[value="pay"]').click();
        await page.waitForURL((url) => url.href.startsWith(`${baseUrl}/pay/zarinpal/return/`));
        expect(await textOf(page.locator('main h1 bdi'))).toBe(placed.code);
        expect(await textOf(page.locator('main .notice'))).toBe(t('payment.result.paid'));
        await expectRtl(page);
        await screenshot(page, 'khakriz', 'ops-payment-return');

        await andWait(page, () => page.getByRole('link', { name: t('payment.viewOrder') }).click());
        expect(pathOf(page)).toBe(`/fa/order/${placed.code}`);
        const code = placed.code;
        expect(await textOf(page.locator('main h1 bdi'))).toBe(code);
        expect(await textOf(page.locator('dd.status'))).toBe(t('status.confirmed'));
        expect(await textOf(fact(page, t('checkout.payment')))).toBe(t('payment.zarinpal'));
        await screenshot(page, 'khakriz', 'ops-confirmed');

        // HK-03: the confirmation e-mail, in Persian, laid out right to left.
        const shopName = shop.app.preset.identity.name.fa;
        const subject = (status: 'confirmed' | 'shipped' | 'delivered') =>
          t('mail.order.subject', { shop: shopName, code, status: t(`status.${status}`) });
        const confirmed = await inbox.waitFor(BUYER.email, exactly(subject('confirmed')));
        expect(confirmed.text).toContain(t('mail.order.confirmed', { shop: shopName, code }));
        expect(confirmed.text).toContain(`${baseUrl}/fa/order-status?code=${code}`);
        expect(confirmed.html).toContain('dir="rtl"');

        // CM-03: the shop kept the gateway's verdict, amount, currency and references — and nothing like a card
        // number, though ZarinPal's verify answer carries a masked card and its hash.
        const attempt = await shop.app.db
          .selectFrom('payment_attempts')
          .innerJoin('orders', 'orders.id', 'payment_attempts.order_id')
          .selectAll('payment_attempts')
          .where('orders.code', '=', code)
          .executeTakeFirstOrThrow();
        expect(attempt).toMatchObject({ gateway: 'zarinpal', status: 'paid', currency: 'IRR' });
        expect(Number(attempt.amount_minor)).toBe(placed.totalMinor);
        expect(attempt.gateway_ref).toMatch(/^S/);
        expect(attempt.gateway_txn_id).toMatch(/^\d{9}$/);
        expect(cardDataIn(await databaseDump())).toEqual([]);

        // Staff, in Persian.
        const staff = await staffSignIn(browser, baseUrl, 'fa', 'owner');
        const sp = staff.page;
        try {
          await expectRtl(sp);
          await openStaffOrder(sp, 'fa', code);
          expect(await textOf(sp.locator('dd.status'))).toBe(t('status.confirmed'));
          expect(await textOf(fact(sp, t('checkout.payment')))).toContain(t('order.paymentReceived'));
          expect(cardDataIn(await sp.content())).toEqual([]);

          // KN-04: the invoice details stay behind a button; pressing it shows the national code, in ASCII digits.
          const asciiCode = toAsciiDigits(BUYER.nationalCode);
          expect(await sp.content()).not.toContain(asciiCode);
          await andWait(sp, () => sp.getByRole('button', { name: t('staff.revealInvoice') }).click());
          const invoice = await textOf(fact(sp, t('checkout.invoice')));
          expect(invoice).toContain(t('checkout.buyerType.person'));
          expect(invoice).toContain(asciiCode);
          await screenshot(sp, 'khakriz', 'ops-staff-invoice');

          // …and the owner's audit log says who saw the invoice details of which order, and why (no value).
          await andWait(sp, () =>
            sp
              .locator('header .site-nav')
              .getByRole('link', { name: t('staff.audit') })
              .click(),
          );
          expect(pathOf(sp)).toBe('/fa/staff/audit');
          const seen = sp.locator('table.audit tbody tr', {
            hasText: t('audit.reveal', { field: t('audit.field.taxIdentity') }),
          });
          expect(await seen.count()).toBe(1);
          const row = await textOf(seen);
          expect(row).toContain(code);
          expect(row).toContain('مدیر');
          expect(row).toContain(t('purpose.order.billing'));
          expect(await sp.content()).not.toContain(asciiCode);

          // Packed.
          await sp.goto(`${baseUrl}/fa/staff?q=${code}`);
          await openStaffOrder(sp, 'fa', code);
          const orderUrl = sp.url();
          await andWait(sp, () => sp.getByRole('button', { name: t('staff.moveTo.packed') }).click());
          expect(await textOf(sp.locator('.notice.success'))).toBe(t('staff.statusChanged'));
          expect(await textOf(sp.locator('dd.status'))).toBe(t('status.packed'));

          // The slip as the printer gets it: print media at about 300 dpi; the barcode reads back as the order code.
          await andWait(sp, () => sp.getByRole('link', { name: t('fulfilment.slip'), exact: true }).click());
          expect(pathOf(sp)).toBe(`${new URL(orderUrl).pathname}/slip`);
          expect(await textOf(sp.locator('.deliver-to'))).toContain(BUYER.name);
          const slipHtml = await sp.content();
          expect(slipHtml).not.toContain('9123456789');
          expect(slipHtml).not.toContain(BUYER.email);
          await screenshot(sp, 'khakriz', 'ops-packing-slip');
          expect((await printSlip(browser, staff.context, sp)).codes).toEqual([code]);

          // HK-01: Iran Post / Tipax has no API: staff book the parcel at the counter and type the receipt's code.
          await sp.goto(orderUrl);
          expect(await sp.getByRole('button', { name: t('staff.moveTo.shipped') }).count()).toBe(0);
          const courier = shop.app.preset.policy.recipients.find((r) => r.id === 'post-tipax')!.name.fa;
          await sp.locator('#f-tracking_code').fill(TRACKING_TYPED);
          await screenshot(sp, 'khakriz', 'ops-handoff');
          await andWait(sp, () => sp.getByRole('button', { name: t('fulfilment.handOff', { courier }) }).click());
          expect(sp.url()).toBe(orderUrl);
          expect(await textOf(sp.locator('dd.status'))).toBe(t('status.shipped'));
          expect(await textOf(fact(sp, t('fulfilment.courier')))).toBe(courier);
          const tracking = toAsciiDigits(TRACKING_TYPED).replace(/\s/g, '');
          expect(await textOf(sp.locator('dd.tracking-code'))).toBe(tracking);
          // The hand-off is on the register of disclosures: to the declared courier, only name, phone and address.
          const orderId = new URL(orderUrl).pathname.split('/').at(-1)!;
          const disclosures = await shop.app.db
            .selectFrom('disclosures')
            .select(['recipient_id', 'fields', 'purpose'])
            .where('order_id', '=', orderId)
            .execute();
          expect(disclosures).toEqual([
            {
              recipient_id: 'post-tipax',
              fields: 'orders.recipient_name_enc,orders.recipient_phone_enc,orders.recipient_address_enc',
              purpose: 'order.fulfilment',
            },
          ]);
          const shipped = await inbox.waitFor(BUYER.email, exactly(subject('shipped')));
          expect(shipped.text).toContain(t('mail.order.shipped', { shop: shopName, code }));

          // No courier webhook to wait for: staff record the delivery.
          await andWait(sp, () => sp.getByRole('button', { name: t('staff.moveTo.delivered') }).click());
          expect(await textOf(sp.locator('dd.status'))).toBe(t('status.delivered'));
          // The manual consignment follows the staff's move: no courier reports back.
          expect(await textOf(sp.locator('dd.courier-status'))).toBe(t('courier.status.delivered'));
          await screenshot(sp, 'khakriz', 'ops-staff-delivered');
        } finally {
          await staff.context.close();
        }

        // The customer's own page (the session that placed it) says "delivered", with the whole history.
        await page.goto(`${baseUrl}/fa/order/${code}`);
        await expectRtl(page);
        expect(await textOf(page.locator('dd.status'))).toBe(t('status.delivered'));
        const history = await textOf(page.locator('ol.history'));
        for (const status of ['awaiting_payment', 'confirmed', 'packed', 'shipped', 'delivered'] as const) {
          expect(history).toContain(t(`status.${status}`));
        }
        await screenshot(page, 'khakriz', 'ops-customer-delivered');
        const delivered = await inbox.waitFor(BUYER.email, exactly(subject('delivered')));
        expect(delivered.text).toContain(t('mail.order.delivered', { shop: shopName, code }));
      } finally {
        await customer.close();
      }
    },
  );
});

/** A regular expression matching exactly this text. */
function exactly(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}
