/**
 * Issue 5, point 8, for Vietnam: khatra in Vietnamese, a catalogue without online checkout. A customer builds a
 * list (2,5 m of a border, 3 boxes of tiles) and phones it in; support enter the order with the channel recorded
 * (KT-10) and, the address being incomplete, ask the customer for details (KN-06). The customer follows the SMS
 * link, looks the order up by code and phone, and gives the full address; a packer confirms, packs, prints the slip
 * (the barcode reads back as the order code) and hands the parcel to GHN, which receives only the recipient's name,
 * phone and address (KT-08); GHN reports the delivery to the shop's webhook and the customer's page says so. Every
 * status change reaches the buyer by SMS, in Vietnamese (HK-03).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { formatUnit } from '../../src/i18n/format.ts';
import { translator } from '../../src/i18n/translate.ts';
import type { OrderStatus } from '../../src/modules/orders/lifecycle.ts';
import { type GhnSimulator, startGhnSimulator } from '../../src/simulators/couriers/ghn.ts';
import { describeBrowser, launchBrowser, newContext, type RunningShop, screenshot, startShop } from './browser.ts';
import {
  addToCart,
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

const GHN = { token: 'e2e-ghn-token', shopId: 885_512 };
const WEBHOOK_SECRET = 'e2e-ghn-webhook-secret';
const BUYER = {
  name: 'Trần Văn Bình',
  phone: '0912345678',
  phoneE164: '+84912345678',
  /** What support wrote down on the phone: no house number, no street. */
  incompleteAddress: 'Gần chợ Tân Mỹ, Quận 7',
  address: '8 Đường số 17, P. Tân Phong, Quận 7, TP. Hồ Chí Minh',
};
/** GHN's own ids for the delivery area, which staff look up in GHN's panel. */
const GHN_AREA = { districtId: '1449', wardCode: '20706' };

const t = translator('vi');
/**
 * An order's whole life in one test (some forty pages, four browser contexts): more than the suite's 30 s allows on
 * a busy machine.
 */
const WHOLE_LIFE = { timeout: 60_000 };

describeBrowser('order operations in the browser (khatra, Vietnamese)', () => {
  let browser: Browser;
  let ghn: GhnSimulator;
  let running: RunningShop;
  let courierEnv: Record<string, string> = {};

  beforeAll(async () => {
    [browser, ghn] = await Promise.all([launchBrowser(), startGhnSimulator(GHN)]);
    // The shop reads its courier's credentials from the environment when it opens (fulfilment/config.ts).
    courierEnv = {
      GHN_BASE_URL: ghn.apiUrl,
      GHN_TOKEN: GHN.token,
      GHN_SHOP_ID: String(GHN.shopId),
      GHN_WEBHOOK_SECRET: WEBHOOK_SECRET,
    };
    Object.assign(process.env, courierEnv);
    running = await startShop('khatra');
  });
  afterAll(async () => {
    for (const name of Object.keys(courierEnv)) delete process.env[name];
    await running?.close();
    await Promise.all([browser?.close(), ghn?.close()]);
  });

  it(
    '[KT-03] [KT-04] [KT-08] [KT-10] [KN-06] [HK-03] a phoned-in list goes through asking for the address, GHN and its delivered webhook, with an SMS at every step',
    WHOLE_LIFE,
    async () => {
      const { shop, baseUrl } = running;
      const { app } = shop;
      await app.staff.create({ username: 'support', displayName: 'Hỗ trợ', role: 'support', password: STAFF_PASSWORD });
      await app.staff.create({ username: 'packer', displayName: 'Đóng gói', role: 'packer', password: STAFF_PASSWORD });
      const { category, product: border } = await pickProduct(shop, 'vi', 2500, 'metre');
      const { category: tiles, product: box } = await pickProduct(shop, 'vi', 3000, 'box');
      expect(category.slug).toBe('borders-trims');

      // HK-03: the buyer's SMS, one per status change, in the order they happen.
      const shopName = app.preset.identity.name.vi;
      const expectedSms: string[] = [];
      let code = '';
      const smsSays = async (...statuses: OrderStatus[]) => {
        const link = `${baseUrl}/vi/order-status?code=${code}`;
        for (const status of statuses) {
          const sms = t('sms.order', { shop: shopName, code, status: t(`status.${status}`), link });
          // Asked for details, the SMS also says what is missing (the buyer has no e-mail).
          expectedSms.push(status === 'awaiting_details' ? `${sms} ${t('mail.order.request.address')}` : sms);
        }
        await vi.waitFor(
          () => expect(shop.sms.sent.filter((m) => m.to === BUYER.phoneE164).map((m) => m.text)).toEqual(expectedSms),
          { timeout: 5000, interval: 20 },
        );
      };

      // The customer makes a list in the catalogue: 2,5 m of a border, 3 boxes of tiles.
      const customer = await newContext(browser);
      const page = await customer.newPage();
      try {
        await openHome(page, baseUrl, 'vi', 'ltr');
        await openProduct(page, 'vi', category, border);
        await addToCart(page, 'vi', border, '2,5', '2.5');
        await page.goto(`${baseUrl}/vi/`);
        await openProduct(page, 'vi', tiles, box);
        await addToCart(page, 'vi', box, '3', '3');
        expect(await page.locator('table.cart tbody tr').count()).toBe(2);
        // KT-10: no online checkout; the list goes by e-mail or over the hotline.
        expect(await page.locator('a[href="/vi/checkout"]').count()).toBe(0);
        expect(await page.locator(`.catalogue-order a[href="tel:${app.preset.identity.phone}"]`).count()).toBe(1);
        const mailto = decodeURIComponent((await page.locator('.catalogue-order a.button').getAttribute('href'))!);
        expect(mailto).toContain(`${border.sku} — ${border.name}: ${formatUnit('2.5', 'metre', 'vi')}`);
        expect(mailto).toContain(`${box.sku} — ${box.name}: ${formatUnit('3', 'box', 'vi')}`);
        await screenshot(page, 'khatra', 'ops-list');

        // Support take the call and enter the order; the channel is recorded.
        const support = await staffSignIn(browser, baseUrl, 'vi', 'support');
        const sp = support.page;
        let orderUrl = '';
        try {
          await andWait(sp, () =>
            sp
              .locator('header .site-nav')
              .getByRole('link', { name: t('staff.newOrder') })
              .click(),
          );
          expect(pathOf(sp)).toBe('/vi/staff/orders/new');
          await sp.locator('#ch-phone').check();
          await sp.locator('#f-product_0').selectOption(border.id);
          await sp.locator('#f-qty_0').fill('2,5');
          await sp.locator('#f-product_1').selectOption(box.id);
          await sp.locator('#f-qty_1').fill('3');
          await sp.locator('#f-name').fill(BUYER.name);
          await sp.locator('#f-phone').fill(BUYER.phone);
          await sp.locator('#f-address').fill(BUYER.incompleteAddress);
          // KT-04: a delivery day and time window.
          const [day] = await sp.locator('#f-delivery_date').selectOption({ index: 2 });
          const [window] = await sp.locator('#f-delivery_window').selectOption({ index: 1 });
          const dayLabel = await textOf(sp.locator(`#f-delivery_date option[value="${day}"]`));
          const windowLabel = await textOf(sp.locator(`#f-delivery_window option[value="${window}"]`));
          await sp.locator('#pm-cod').check();
          await andWait(sp, () => sp.locator('form[action="/vi/staff/orders/new"] > button').click());
          expect(pathOf(sp)).toMatch(/^\/vi\/staff\/orders\/[0-9a-f-]{36}$/);
          orderUrl = `${baseUrl}${pathOf(sp)}`;
          expect(await textOf(sp.locator('.notice.success'))).toBe(t('staff.orderCreated'));
          code = await textOf(sp.locator('main h1 bdi'));
          expect(code).toMatch(ORDER_CODE);
          expect(await textOf(fact(sp, t('staff.channel')))).toBe(t('channel.phone'));
          expect(await textOf(sp.locator('dd.status'))).toBe(t('status.placed'));
          const delivery = await textOf(fact(sp, t('order.deliveryTime')));
          expect(delivery).toContain(dayLabel);
          expect(delivery).toContain(windowLabel);
          const lines = sp.locator('table.order-lines tbody tr');
          expect(await textOf(lines.filter({ hasText: border.sku }))).toContain(formatUnit('2.5', 'metre', 'vi'));
          expect(await textOf(lines.filter({ hasText: box.sku }))).toContain(formatUnit('3', 'box', 'vi'));
          await smsSays('placed');

          // The list of phone orders has it.
          await sp.goto(`${baseUrl}/vi/staff?channel=phone`);
          expect(await textOf(sp.locator('table.orders tbody tr', { hasText: code }))).toContain(t('channel.phone'));

          // KN-06: the address is incomplete; support ask the customer before the order goes on.
          await openStaffOrder(sp, 'vi', code);
          expect(await textOf(sp.locator('#f-reason option[value="address"]'))).toBe(t('staff.detailRequest.address'));
          await sp.locator('#f-reason').selectOption('address');
          await andWait(sp, () => sp.getByRole('button', { name: t('staff.askDetails') }).click());
          expect(await textOf(sp.locator('dd.status'))).toBe(t('status.awaiting_details'));
          await screenshot(sp, 'khatra', 'ops-asked');
          await smsSays('awaiting_details');
        } finally {
          await support.context.close();
        }

        // The customer opens the SMS link (the code is filled in) and proves it is theirs with the phone.
        const link = /https?:\/\/\S+/.exec(expectedSms.at(-1)!)![0];
        await page.goto(link);
        expect(pathOf(page)).toBe('/vi/order-status');
        expect(await page.locator('#f-code').inputValue()).toBe(code);
        await page.locator('#f-contact').fill(BUYER.phone);
        await andWait(page, () => page.locator('form[action="/vi/order-status"] button').click());
        expect(await textOf(page.locator('main h1 bdi'))).toBe(code);
        expect(await textOf(page.locator('dd.status'))).toBe(t('status.awaiting_details'));
        const asked = page.locator('section.details-request');
        expect(await textOf(asked.locator('h2'))).toBe(t('order.detailsNeeded'));
        expect(await textOf(asked.locator('.notice'))).toBe(t('mail.order.request.address'));
        await page.locator('#f-recipient_name').fill(BUYER.name);
        await page.locator('#f-recipient_phone').fill(BUYER.phone);
        await page.locator('#f-recipient_address').fill(BUYER.address);
        await screenshot(page, 'khatra', 'ops-details-form');
        await andWait(page, () => asked.getByRole('button', { name: t('order.giveDetails') }).click());
        expect(await textOf(page.locator('.notice.success'))).toBe(t('order.detailsThanks'));
        expect(await textOf(page.locator('dd.status'))).toBe(t('status.placed'));
        expect(await page.locator('section.details-request').count()).toBe(0);
        await smsSays('placed');

        // A packer confirms and packs; the order page shows the address as the customer corrected it.
        const packer = await staffSignIn(browser, baseUrl, 'vi', 'packer');
        const pp = packer.page;
        try {
          await pp.goto(orderUrl);
          expect(await textOf(pp.locator('dd.address'))).toBe(BUYER.address);
          await andWait(pp, () => pp.getByRole('button', { name: t('staff.moveTo.confirmed') }).click());
          expect(await textOf(pp.locator('dd.status'))).toBe(t('status.confirmed'));
          await smsSays('confirmed');
          await andWait(pp, () => pp.getByRole('button', { name: t('staff.moveTo.packed') }).click());
          expect(await textOf(pp.locator('dd.status'))).toBe(t('status.packed'));
          await smsSays('packed');

          // The slip, printed at about 300 dpi: the barcode reads back as the order code; no phone on it.
          await andWait(pp, () => pp.getByRole('link', { name: t('fulfilment.slip'), exact: true }).click());
          expect(pp.url()).toBe(`${orderUrl}/slip`);
          const deliverTo = await textOf(pp.locator('.deliver-to'));
          expect(deliverTo).toContain(BUYER.name);
          expect(deliverTo).toContain(BUYER.address);
          expect(await pp.content()).not.toContain(BUYER.phone.slice(1));
          await screenshot(pp, 'khatra', 'ops-packing-slip');
          expect((await printSlip(browser, packer.context, pp)).codes).toEqual([code]);

          // Hand-off to GHN: the form asks for GHN's district id and ward code of the address.
          await pp.goto(orderUrl);
          const courier = app.preset.policy.recipients.find((r) => r.id === 'delivery-contractor')!.name.vi;
          await pp.getByLabel(t('fulfilment.ghnDistrict')).fill(GHN_AREA.districtId);
          await pp.getByLabel(t('fulfilment.ghnWard')).fill(GHN_AREA.wardCode);
          await screenshot(pp, 'khatra', 'ops-handoff');
          await andWait(pp, () => pp.getByRole('button', { name: t('fulfilment.handOff', { courier }) }).click());
          expect(pp.url()).toBe(orderUrl);
          expect(await textOf(pp.locator('dd.status'))).toBe(t('status.shipped'));
          const booked = ghn.orders.at(-1)!;
          expect(await textOf(pp.locator('dd.tracking-code'))).toBe(booked.orderCode);
          expect(await textOf(fact(pp, t('fulfilment.courierStatus')))).toBe(t('courier.status.created'));
          await smsSays('shipped');

          // KT-08: GHN got the recipient's name, phone and address (as corrected) and the cash to collect — not the
          // order code, not what is in the parcel, not the incomplete address; the disclosure is on the register.
          const order = (await app.orders.byCode(code))!;
          expect(booked.body).toMatchObject({
            to_name: BUYER.name,
            to_phone: BUYER.phone,
            to_address: BUYER.address,
            to_district_id: Number(GHN_AREA.districtId),
            to_ward_code: GHN_AREA.wardCode,
            cod_amount: order.totalMinor,
          });
          const sent = JSON.stringify(booked.body);
          for (const hidden of [code, BUYER.incompleteAddress, border.sku, box.sku, border.name]) {
            expect(sent).not.toContain(hidden);
          }
          expect(Object.keys(booked.body)).not.toContain('content');
          expect(Object.keys(booked.body)).not.toContain('items');
          const disclosures = await app.db
            .selectFrom('disclosures')
            .select(['recipient_id', 'fields', 'purpose'])
            .where('order_id', '=', order.id)
            .execute();
          expect(disclosures).toEqual([
            {
              recipient_id: 'delivery-contractor',
              fields: 'orders.recipient_name_enc,orders.recipient_phone_enc,orders.recipient_address_enc',
              purpose: 'order.fulfilment',
            },
          ]);

          // GHN's rider picks up, goes out and delivers; GHN reports each to the shop's real webhook.
          ghn.registerWebhook(`${baseUrl}/webhooks/couriers/ghn`, WEBHOOK_SECRET);
          const answers = await ghn.push(booked.orderCode, ['picked', 'delivering', 'delivered']);
          expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
          // Picked up only confirms "handed to the courier"; out for delivery and delivered each move the order.
          await smsSays('out_for_delivery', 'delivered');
          await pp.reload();
          expect(await textOf(pp.locator('dd.status'))).toBe(t('status.delivered'));
          expect(await textOf(fact(pp, t('fulfilment.courierStatus')))).toBe(t('courier.status.delivered'));
          await screenshot(pp, 'khatra', 'ops-staff-delivered');
        } finally {
          await packer.context.close();
        }

        // The customer's order page (remembered since the look-up) says "delivered".
        await page.goto(`${baseUrl}/vi/order/${code}`);
        expect(await textOf(page.locator('dd.status'))).toBe(t('status.delivered'));
        const history = await textOf(page.locator('ol.history'));
        for (const status of ['awaiting_details', 'confirmed', 'packed', 'delivered'] as const) {
          expect(history).toContain(t(`status.${status}`));
        }
        await screenshot(page, 'khatra', 'ops-customer-delivered');
      } finally {
        await customer.close();
      }
    },
  );
});
