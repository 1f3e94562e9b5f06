/**
 * Issue 8, point 8, in Chromium, for khatra in Vietnamese: the owner imports a WooCommerce product export of 1,000
 * products (5 of them broken) — a dry run whose report names each broken row and why, then the import itself, whose
 * page refreshes itself until it is done — and finds an imported product in the storefront. Then the owner invites a
 * packer by e-mail; the packer opens the single-use link in their own browser, chooses a password, signs in, and sees
 * the orders and packing pages a packer may use and the refusal page (403) on the settings, which the owner opens.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { formatDateTime, formatMoney, formatNumber, formatUnit } from '../../src/i18n/format.ts';
import { translator } from '../../src/i18n/translate.ts';
import { type Inbox, linkIn, startInbox } from '../helpers/mail.ts';
import { placeOrder } from '../helpers/orders.ts';
import { thousandWithFiveBroken } from '../helpers/woocommerce-csv.ts';
import { describeBrowser, launchBrowser, newContext, type RunningShop, screenshot, startShop } from './browser.ts';
import { andWait, fact, openStaffOrder, pathOf, STAFF_PASSWORD, staffSignIn, textOf } from './flows.ts';

const t = translator('vi');
const n = (value: number) => formatNumber(value, 'vi');

const BROKEN = [
  { row: 101, sku: '', reason: 'missing_sku', value: '' },
  { row: 201, sku: 'WC-00200', reason: 'bad_price', value: 'giá liên hệ' },
  { row: 301, sku: 'WC-00300', reason: 'unsupported_type', value: 'grouped' },
  { row: 401, sku: 'WC-00001', reason: 'duplicate_sku', value: 'WC-00001' },
  { row: 501, sku: 'WC-00500', reason: 'bad_stock', value: '-4' },
] as const;

const PACKER = { name: 'Lê Thị Hoa', email: 'hoa@example.com', username: 'hoa', password: 'boxes tape and string' };

describeBrowser('running the shop in the browser (khatra, Vietnamese)', () => {
  let browser: Browser;
  let inbox: Inbox;
  let running: RunningShop;

  beforeAll(async () => {
    [browser, inbox] = await Promise.all([launchBrowser(), startInbox()]);
    running = await startShop('khatra', { smtpUrl: inbox.url });
    await running.shop.app.staff.create({
      username: 'tam',
      displayName: 'Nguyễn Minh Tâm',
      role: 'owner',
      password: STAFF_PASSWORD,
    });
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await inbox?.close();
  });

  /**
   * Holds every import job back until the test lets it go, so that the job page is seen unfinished (and refreshing)
   * however fast the machine is. Returns the function that lets the jobs waiting so far run.
   */
  function holdImports(): () => void {
    const importer = running.shop.app.catalogImport;
    const run = importer.run.bind(importer);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    importer.run = (id) => gate.then(() => run(id));
    return () => {
      importer.run = run;
      release();
    };
  }

  /**
   * On a job page held back by `holdImports`: it says it is waiting, with its progress and the hint that the owner may
   * leave, and refreshes itself; let go, it reloads itself until it says done, and then stops refreshing.
   */
  async function watchUntilDone(page: Page, release: () => void, total: number): Promise<number> {
    let loads = 0;
    const count = () => {
      loads++;
    };
    page.on('load', count);
    try {
      expect(await page.locator('meta[http-equiv="refresh"]').count()).toBe(1);
      try {
        const status = await textOf(page.locator('main p[role="status"]'));
        expect(status).toContain(t('import.status.queued'));
        expect(status).toContain(t('import.progress', { done: n(0), total: n(total) }));
        expect(await page.locator('progress').getAttribute('max')).toBe(String(total));
        expect(await textOf(page.locator('main'))).toContain(t('import.leaveHint'));
      } finally {
        release();
      }
      await page
        .locator('main p[role="status"]', { hasText: t('import.status.done') })
        .waitFor({ state: 'attached', timeout: 20_000 });
      await page.waitForLoadState('load');
    } finally {
      page.off('load', count);
    }
    expect(loads, 'the page reloaded itself while the job ran').toBeGreaterThanOrEqual(1);
    expect(await textOf(page.locator('main p[role="status"]'))).toContain(
      t('import.progress', { done: n(total), total: n(total) }),
    );
    expect(await page.locator('meta[http-equiv="refresh"]').count()).toBe(0);
    expect(await textOf(page.locator('main'))).not.toContain(t('import.leaveHint'));
    return loads;
  }

  it('the owner imports 1,000 WooCommerce products: a dry run reports the 5 broken rows and why, the import shows its progress until done, and a product is in the storefront', async () => {
    const { shop, baseUrl } = running;
    const before = (await shop.app.catalog.list({ locale: 'vi' })).total;
    const { context, page } = await staffSignIn(browser, baseUrl, 'vi', 'tam');
    await andWait(page, () => page.locator('nav.site-nav a[href="/vi/staff/catalog"]').click());
    await andWait(page, () =>
      page
        .locator('nav.catalog-nav')
        .getByRole('link', { name: t('import.title'), exact: true })
        .click(),
    );
    expect(pathOf(page)).toBe('/vi/staff/catalog/import');
    expect(await textOf(page.locator('main h1'))).toBe(t('import.title'));

    // The dry run is what the form offers first; the file's texts are in the shop's language.
    await page.locator('#f-csv').setInputFiles({
      name: 'wc-product-export-2024-05-01.csv',
      mimeType: 'text/csv',
      buffer: thousandWithFiveBroken(),
    });
    expect(await page.locator('#f-dry_run').isChecked()).toBe(true);
    expect(await page.locator('#f-locale').inputValue()).toBe('vi');
    let release = holdImports();
    await andWait(page, () => page.getByRole('button', { name: t('import.start'), exact: true }).click());
    expect(pathOf(page)).toMatch(/^\/vi\/staff\/catalog\/import\/[0-9a-f]{32}$/);
    expect(await textOf(page.locator('main h1'))).toBe(t('import.previewTitle'));
    await watchUntilDone(page, release, 1000);

    // The preview: what would be created, and the report of the 5 rows that cannot be, in Vietnamese.
    expect(await textOf(fact(page, t('import.wouldCreate')))).toBe(n(995));
    expect(await textOf(fact(page, t('import.wouldUpdate')))).toBe(n(0));
    expect(await textOf(fact(page, t('import.failed')))).toBe(n(5));
    const report = page.locator('table.import-failures');
    expect(await textOf(report.locator('caption'))).toBe(t('import.failuresTitle'));
    const rows = report.locator('tbody tr');
    expect(await rows.count()).toBe(BROKEN.length);
    for (const [i, broken] of BROKEN.entries()) {
      const cells = (await rows.nth(i).locator('td').allTextContents()).map((c) => c.replace(/\s+/g, ' ').trim());
      expect(cells).toEqual([n(broken.row), broken.sku, t(`import.reason.${broken.reason}`), broken.value]);
    }
    expect(t('import.reason.bad_price')).not.toBe(translator('en')('import.reason.bad_price'));
    expect((await shop.app.catalog.list({ locale: 'vi' })).total, 'a dry run changes nothing').toBe(before);
    await screenshot(page, 'khatra', 'import-preview');

    // The owner imports the same file for real and watches it to the end.
    release = holdImports();
    await andWait(page, () => page.getByRole('button', { name: t('import.confirm'), exact: true }).click());
    expect(pathOf(page)).toMatch(/^\/vi\/staff\/catalog\/import\/[0-9a-f]{32}$/);
    expect(await textOf(page.locator('main h1'))).toBe(t('import.jobTitle'));
    await watchUntilDone(page, release, 1000);
    expect(await textOf(fact(page, t('import.created')))).toBe(n(995));
    expect(await textOf(fact(page, t('import.failed')))).toBe(n(5));
    expect(await page.locator('table.import-failures tbody tr').count()).toBe(BROKEN.length);
    // Nothing left to confirm: this was the import itself.
    expect(await page.getByRole('button', { name: t('import.confirm') }).count()).toBe(0);
    await screenshot(page, 'khatra', 'import-done');

    // A shopper finds an imported product by its name: a metre unit, its price and model, in Vietnamese.
    const shopper = await newContext(browser);
    try {
      const storefront = await shopper.newPage();
      await storefront.goto(`${baseUrl}/vi/`);
      await storefront.locator('#q').fill('Gạch thử 777');
      await andWait(storefront, () => storefront.locator('form.search button').click());
      expect(pathOf(storefront)).toBe('/vi/search');
      const card = storefront.locator('.product-grid li', { hasText: 'Gạch thử 777' });
      expect(await card.count()).toBe(1);
      // The money as the shop formats it (its spaces are no-break spaces), per metre.
      const price = formatMoney(100_777, 'VND', 'vi');
      expect(await card.locator('.price .money').textContent()).toBe(price);
      expect(await textOf(card.locator('.per-unit'))).toBe(`/ ${formatUnit('1', 'metre', 'vi').replace(/^1 /, '')}`);
      await andWait(storefront, () => card.locator('a').click());
      expect(pathOf(storefront)).toMatch(/^\/vi\/p\/[0-9a-f-]{36}$/);
      expect(await textOf(storefront.locator('article.product h1'))).toBe('Gạch thử 777');
      const body = await textOf(storefront.locator('main'));
      expect(body).toContain('M-777');
      expect(await storefront.locator('article.product .price .money').first().textContent()).toBe(price);
      expect(body).toContain('Gạch men số 777, "bóng", chống trơn.');
      await screenshot(storefront, 'khatra', 'import-storefront');
    } finally {
      await shopper.close();
    }
    expect((await shop.app.catalog.list({ locale: 'vi' })).total).toBe(before + 995);
    await context.close();
  }, 60_000);

  it('[HK-08] the owner invites a packer by e-mail; the packer sets a password through the single-use link, signs in, sees the orders and the packing slip but no phone, and gets the refusal page on the settings, which the owner opens', async () => {
    const { shop, baseUrl } = running;
    const order = await placeOrder(shop, {
      buyer: { name: 'Trần Văn Bình', phone: '+84912345678', email: '', address: '8 Đường số 17, Quận 7' },
      locale: 'vi',
    });

    // The owner goes from the dashboard to the team page and sends the invitation.
    const owner = await staffSignIn(browser, baseUrl, 'vi', 'tam');
    const op = owner.page;
    await andWait(op, () =>
      op
        .locator('nav.site-nav')
        .getByRole('link', { name: t('dashboard.nav') })
        .click(),
    );
    await andWait(op, () => op.getByRole('link', { name: t('team.title'), exact: true }).click());
    expect(pathOf(op)).toBe('/vi/staff/team');
    expect(await textOf(op.locator('main h1'))).toBe(t('team.title'));
    await op.locator('#f-name').fill(PACKER.name);
    await op.locator('#f-email').fill(PACKER.email);
    expect(await op.locator('#f-role').inputValue()).toBe('packer');
    await andWait(op, () => op.getByRole('button', { name: t('team.sendInvitation'), exact: true }).click());
    expect(pathOf(op)).toBe('/vi/staff/team');
    expect(await textOf(op.locator('main .notice.success'))).toBe(t('team.notice.invited'));
    const pending = await textOf(op.locator('ul.invitations li'));
    const [invitation] = await shop.app.team.pendingInvitations();
    const expires = formatDateTime(invitation.expiresAt, 'vi', shop.app.preset.timezone, 'short');
    expect(pending).toContain(t('team.invitation', { name: PACKER.name, role: t('team.role.packer'), expires }));
    await screenshot(op, 'khatra', 'team-invited');

    // The invitation arrives over SMTP, in Vietnamese, with the link.
    const mail = await inbox.waitFor(PACKER.email);
    expect(mail.subject).toBe(t('team.mail.subject', { shop: shop.app.preset.identity.name.vi }));
    expect(mail.text).toContain(PACKER.name);
    expect(mail.text).toContain(t('team.role.packer'));
    const link = linkIn(mail, '/staff/invitation/');
    expect(new URL(link).pathname).toMatch(/^\/vi\/staff\/invitation\/[A-Za-z0-9_-]{32}$/);

    // The packer, in their own browser: a mistake is shown next to the field, with the username kept.
    const packer = await newContext(browser);
    const pp = await packer.newPage();
    try {
      await pp.goto(link);
      expect(await textOf(pp.locator('main h1'))).toBe(t('team.joinTitle'));
      expect(await textOf(pp.locator('main'))).toContain(
        t('team.joinIntro', { name: PACKER.name, role: t('team.role.packer') }),
      );
      await pp.locator('#f-username').fill(PACKER.username);
      await pp.locator('#f-password').fill(PACKER.password);
      await pp.locator('#f-password_confirm').fill(`${PACKER.password}!`);
      await andWait(pp, () => pp.getByRole('button', { name: t('team.join'), exact: true }).click());
      expect(await textOf(pp.locator('#f-password_confirm-error'))).toBe(t('setup.errorPasswordsDiffer'));
      expect(await pp.locator('#f-username').inputValue()).toBe(PACKER.username);
      await pp.locator('#f-password').fill(PACKER.password);
      await pp.locator('#f-password_confirm').fill(PACKER.password);
      await andWait(pp, () => pp.getByRole('button', { name: t('team.join'), exact: true }).click());
      expect(pathOf(pp)).toBe('/vi/staff');

      // Signed out and in again with the new password.
      await andWait(pp, () => pp.getByRole('button', { name: t('staff.signOut'), exact: true }).click());
      await pp.goto(`${baseUrl}/vi/staff`);
      expect(pathOf(pp)).toBe('/vi/staff/login');
      await pp.locator('#f-username').fill(PACKER.username);
      await pp.locator('#f-password').fill(PACKER.password);
      await andWait(pp, () => pp.locator('form.narrow button').click());
      expect(pathOf(pp)).toBe('/vi/staff');

      // HK-08: the staff menu offers only the orders; the order page shows what to pack and where, never the phone.
      const menu = (await pp.locator('nav.site-nav a').allTextContents()).map((s) => s.trim());
      expect(menu).toEqual([t('staff.orders')]);
      await openStaffOrder(pp, 'vi', order.code);
      expect(await textOf(pp.locator('dd.address'))).toBe('8 Đường số 17, Quận 7');
      expect(await textOf(fact(pp, t('checkout.phone')))).toBe('—');
      expect(await pp.getByRole('button', { name: t('staff.revealPhone') }).count()).toBe(0);
      expect(await pp.content()).not.toContain('912345678');
      await screenshot(pp, 'khatra', 'team-packer-order');
      await andWait(pp, () => pp.getByRole('link', { name: t('fulfilment.slip'), exact: true }).click());
      expect(pathOf(pp)).toBe(`/vi/staff/orders/${order.id}/slip`);
      expect(await textOf(pp.locator('.deliver-to'))).toContain('8 Đường số 17, Quận 7');

      // The settings and the team are refused, in Vietnamese.
      for (const path of ['/vi/staff/settings', '/vi/staff/team', '/vi/staff/catalog/import']) {
        const refused = await pp.goto(`${baseUrl}${path}`);
        expect(refused?.status(), path).toBe(403);
        expect(await textOf(pp.locator('main h1'))).toBe(t('error.forbiddenTitle'));
      }
      await screenshot(pp, 'khatra', 'team-packer-refused');

      // The link was for one use only.
      const again = await newContext(browser);
      try {
        const ap = await again.newPage();
        expect((await ap.goto(link))?.status()).toBe(404);
        expect(await textOf(ap.locator('main .error'))).toBe(t('team.linkInvalid'));
      } finally {
        await again.close();
      }
    } finally {
      await packer.close();
    }

    // The owner opens the settings; the team page lists the packer as an active member.
    const settings = await op.goto(`${baseUrl}/vi/staff/settings`);
    expect(settings?.status()).toBe(200);
    expect(await textOf(op.locator('main h1'))).toBe(t('settings.title'));
    await op.goto(`${baseUrl}/vi/staff/team`);
    const member = op.locator('table.team tbody tr', { hasText: PACKER.name });
    expect((await member.locator('td').allTextContents()).slice(1, 4).map((s) => s.trim())).toEqual([
      PACKER.username,
      t('team.role.packer'),
      t('team.active'),
    ]);
    expect(await textOf(op.locator('main'))).toContain(t('team.noInvitations'));
    await owner.context.close();
  }, 60_000);
});
