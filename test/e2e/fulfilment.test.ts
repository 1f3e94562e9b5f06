/**
 * Issue 5, point 8, for Bangladesh: a packer in Bengali prints the packing slip of a packed order (its barcode,
 * photographed from the screen, reads back as the order code), hands the parcel to the Pathao simulator, Pathao
 * reports the delivery to the shop's webhook, and the customer's order page says "delivered".
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { translator } from '../../src/i18n/translate.ts';
import { type PathaoSimulator, startPathaoSimulator } from '../../src/simulators/couriers/pathao.ts';
import { describeBrowser, launchBrowser, newContext, type RunningShop, screenshot, startShop } from './browser.ts';
import { andWait, fact, openStaffOrder, pathOf, printSlip, STAFF_PASSWORD, staffSignIn, textOf } from './flows.ts';

const PATHAO = { clientId: 'e2e-client', clientSecret: 'e2e-secret', username: 'shop@example.test', password: 'pw' };
const WEBHOOK_SECRET = 'e2e-webhook-secret';
const BUYER = {
  name: 'নুসরাত জাহান',
  phone: '+8801712345678',
  email: 'nusrat@example.com',
  address: 'বাড়ি ১২, রোড ৫, ধানমন্ডি, ঢাকা',
};

describeBrowser('fulfilment in the browser (chotomoni, Bengali)', () => {
  let browser: Browser;
  let pathao: PathaoSimulator;
  let running: RunningShop;
  let courierEnv: Record<string, string> = {};

  beforeAll(async () => {
    [browser, pathao] = await Promise.all([launchBrowser(), startPathaoSimulator({ ...PATHAO, storeIds: [7] })]);
    // The shop reads its courier's credentials from the environment when it opens.
    courierEnv = {
      PATHAO_BASE_URL: pathao.url,
      PATHAO_CLIENT_ID: PATHAO.clientId,
      PATHAO_CLIENT_SECRET: PATHAO.clientSecret,
      PATHAO_USERNAME: PATHAO.username,
      PATHAO_PASSWORD: PATHAO.password,
      PATHAO_STORE_ID: '7',
      PATHAO_WEBHOOK_SECRET: WEBHOOK_SECRET,
    };
    Object.assign(process.env, courierEnv);
    running = await startShop('chotomoni');
  });
  afterAll(async () => {
    for (const name of Object.keys(courierEnv)) delete process.env[name];
    await running?.close();
    await Promise.all([browser?.close(), pathao?.close()]);
  });

  /** An order placed through the app and packed by staff: the storefront walk is tested in presets.test.ts. */
  async function packedOrder(): Promise<{ id: string; code: string }> {
    const { app } = running.shop;
    const product = (await app.catalog.list({ locale: 'bn' })).items.find((p) => p.stockMilli >= p.stepMilli)!;
    const placed = await app.orders.place({
      lines: [{ productId: product.id, quantityMilli: product.stepMilli }],
      buyer: BUYER,
      recipient: null,
      deliveryInstructions: 'গেটে ফোন করবেন',
      deliveryDate: null,
      deliveryWindow: null,
      paymentMethod: 'cod',
      paymentReference: null,
      channel: 'web',
      locale: 'bn',
      idempotencyKey: crypto.randomUUID(),
      actor: 'customer',
    });
    if (!placed.ok) throw new Error(`order not placed: ${placed.error}`);
    for (const to of ['confirmed', 'packed'] as const) {
      expect(await app.orders.move(placed.id, to, { kind: 'staff', id: 'e2e' })).toEqual({ ok: true });
    }
    return placed;
  }

  it('[CM-11] a packer prints the slip, its barcode reads back as the order code, Pathao delivers and the customer sees it', async () => {
    const t = translator('bn');
    const { baseUrl, shop } = running;
    const order = await packedOrder();
    await shop.app.staff.create({ username: 'packer', displayName: 'প্যাকার', role: 'packer', password: STAFF_PASSWORD });
    const { context, page } = await staffSignIn(browser, baseUrl, 'bn', 'packer');
    try {
      await openStaffOrder(page, 'bn', order.code);
      expect(await textOf(page.locator('dd.status'))).toBe(t('status.packed'));

      // The slip, as the printer gets it: print media at a printer's resolution (300 dpi is about 3 device pixels per
      // CSS pixel), then the barcode photographed and read by a scanner library.
      await andWait(page, () => page.getByRole('link', { name: t('fulfilment.slip'), exact: true }).click());
      expect(pathOf(page)).toBe(`/bn/staff/orders/${order.id}/slip`);
      expect(await textOf(page.locator('.deliver-to'))).toContain(BUYER.name);
      expect(await page.content()).not.toContain('1712345678');
      await screenshot(page, 'chotomoni', 'packing-slip');
      const printed = await printSlip(browser, context, page);
      expect(printed.codes).toEqual([order.code]);
      expect(printed.pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');

      // Back on the order: hand the parcel to Pathao.
      await page.goto(`${baseUrl}/bn/staff/orders/${order.id}`);
      const courier = shop.app.preset.policy.recipients.find((r) => r.id === 'pathao-courier')!.name.bn;
      await andWait(page, () => page.getByRole('button', { name: t('fulfilment.handOff', { courier }) }).click());
      expect(pathOf(page)).toBe(`/bn/staff/orders/${order.id}`);
      expect(await textOf(page.locator('dd.status'))).toBe(t('status.shipped'));
      const booked = pathao.consignments.at(-1)!;
      expect(booked.body.recipient_name).toBe(BUYER.name);
      expect(await textOf(fact(page, t('fulfilment.trackingCode')))).toBe(booked.consignmentId);
      expect(await textOf(fact(page, t('fulfilment.courierStatus')))).toBe(t('courier.status.created'));

      // Pathao's rider delivers; its panel reports each step to the shop's webhook.
      expect(await pathao.registerWebhook(`${baseUrl}/webhooks/couriers/pathao`, WEBHOOK_SECRET)).toBe(true);
      const answers = await pathao.push(booked.consignmentId, ['order.picked', 'order.delivered']);
      expect(answers.map((a) => a.status)).toEqual([202, 202]);
      await page.reload();
      expect(await textOf(page.locator('dd.status'))).toBe(t('status.delivered'));
      expect(await textOf(fact(page, t('fulfilment.courierStatus')))).toBe(t('courier.status.delivered'));
      await screenshot(page, 'chotomoni', 'staff-order-delivered');
    } finally {
      await context.close();
    }

    // The customer looks the order up with its code and their phone, typed in Bengali digits.
    const customer = await newContext(browser);
    try {
      const page = await customer.newPage();
      await page.goto(`${baseUrl}/bn/order-status`);
      await page.locator('#f-code').fill(order.code);
      await page.locator('#f-contact').fill('০১৭১২৩৪৫৬৭৮');
      await andWait(page, () => page.locator('form[action="/bn/order-status"] button').click());
      expect(await textOf(page.locator('dd.status'))).toBe(t('status.delivered'));
      await screenshot(page, 'chotomoni', 'customer-delivered');
    } finally {
      await customer.close();
    }
  });
});
