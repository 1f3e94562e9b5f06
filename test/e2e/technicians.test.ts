/**
 * MS-06 in Chromium, for mistri in Bengali: the dispatcher marks a booking ready and assigns a technician; the
 * technician, on "My jobs", sees the customer's name, phone (a tel: link) and address, registered as a disclosure to
 * `assigned-technician`; "Job done" takes the job off their list and its page answers 404.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { translator } from '../../src/i18n/translate.ts';
import { placeOrder } from '../helpers/orders.ts';
import { describeBrowser, launchBrowser, newContext, type RunningShop, screenshot, startShop } from './browser.ts';
import { andWait, openStaffOrder, pathOf, STAFF_PASSWORD, staffSignIn, textOf } from './flows.ts';

const CUSTOMER = {
  name: 'তাহমিনা বেগম',
  phone: '+8801912345678',
  email: 'tahmina@example.com',
  address: 'বাড়ি ৩০, রোড ২, উত্তরা সেক্টর ৭, ঢাকা',
};

describeBrowser('technicians in the browser (mistri, Bengali)', () => {
  let browser: Browser;
  let running: RunningShop;

  beforeAll(async () => {
    browser = await launchBrowser();
    running = await startShop('mistri');
  });
  afterAll(async () => {
    await running?.close();
    await browser?.close();
  });

  it('[MS-06] a dispatcher assigns a technician, who sees the customer’s details until the job is done', async () => {
    const t = translator('bn');
    const { baseUrl, shop } = running;
    const { app } = shop;
    const service = (await app.catalog.list({ locale: 'bn' })).items[0];
    const placed = await placeOrder(shop, {
      lines: [{ productId: service.id, quantityMilli: service.stepMilli }],
      buyer: CUSTOMER,
      locale: 'bn',
    });
    expect(await app.orders.move(placed.id, 'confirmed', { kind: 'staff', id: 'e2e' })).toEqual({ ok: true });
    await app.staff.create({ username: 'dispatcher', displayName: 'শিরিন', role: 'manager', password: STAFF_PASSWORD });
    const technician = await app.staff.create({
      username: 'karim',
      displayName: 'করিম মিস্ত্রি',
      role: 'courier',
      password: STAFF_PASSWORD,
    });

    const office = await staffSignIn(browser, baseUrl, 'bn', 'dispatcher');
    try {
      const { page } = office;
      await openStaffOrder(page, 'bn', placed.code);
      await andWait(page, () => page.getByRole('button', { name: t('job.markReady'), exact: true }).click());
      await page.locator('#f-courier').selectOption(technician.id);
      expect(await page.locator('label[for="f-courier"]').textContent()).toBe(t('job.technician'));
      await andWait(page, () => page.getByRole('button', { name: t('job.assign'), exact: true }).click());
      expect(await textOf(page.locator('dd.assigned-courier'))).toBe('করিম মিস্ত্রি');
      await screenshot(page, 'mistri', 'technician-assigned');
    } finally {
      await office.context.close();
    }

    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      await page.goto(`${baseUrl}/bn/staff/login`);
      await page.locator('#f-username').fill('karim');
      await page.locator('#f-password').fill(STAFF_PASSWORD);
      await andWait(page, () => page.locator('form.narrow button').click());
      expect(pathOf(page)).toBe('/bn/staff/deliveries');
      expect(await textOf(page.locator('main h1'))).toBe(t('job.title'));
      const card = page.locator('section.delivery');
      expect(await textOf(card.locator('dd.recipient'))).toBe(CUSTOMER.name);
      expect(await textOf(card.locator('dd.address'))).toBe(CUSTOMER.address);
      expect(await card.locator('a.delivery-phone').getAttribute('href')).toBe(`tel:${CUSTOMER.phone}`);
      await screenshot(page, 'mistri', 'my-jobs');
      const disclosed = await app.db
        .selectFrom('disclosures')
        .select(['recipient_id', 'actor'])
        .where('order_id', '=', placed.id)
        .execute();
      expect(disclosed).toEqual([{ recipient_id: 'assigned-technician', actor: `staff:${technician.id}` }]);

      await andWait(page, () => page.getByRole('button', { name: t('job.markDone'), exact: true }).click());
      expect(await textOf(page.locator('main'))).toContain(t('job.done'));
      expect(await page.content()).not.toContain(CUSTOMER.name);
      const gone = await page.goto(`${baseUrl}/bn/staff/deliveries/${placed.id}`);
      expect(gone?.status()).toBe(404);
      expect(
        await app.db.selectFrom('disclosures').select('id').where('order_id', '=', placed.id).execute(),
      ).toHaveLength(1);
    } finally {
      await context.close();
    }
  });
});
