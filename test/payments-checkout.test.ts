import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Locale } from '../src/i18n/locales.ts';
import { BkashAdapter } from '../src/modules/payments/bkash.ts';
import { SslcommerzAdapter } from '../src/modules/payments/sslcommerz.ts';
import { ZarinpalAdapter } from '../src/modules/payments/zarinpal.ts';
import { type BkashSimulator, startBkashSimulator } from '../src/simulators/payments/bkash.ts';
import { cardDataIn } from '../src/simulators/payments/card-scan.ts';
import { pressPayButton } from '../src/simulators/payments/common.ts';
import { type SslcommerzSimulator, startSslcommerzSimulator } from '../src/simulators/payments/sslcommerz.ts';
import { startZarinpalSimulator, type ZarinpalSimulator } from '../src/simulators/payments/zarinpal.ts';
import { FormClient, textOf } from './helpers/browser.ts';
import { plainDataBackup } from './helpers/dump.ts';
import { type Inbox, startInbox } from './helpers/mail.ts';
import { describeEachDatabase, openTestShop, type TestShop } from './helpers/shop.ts';

const STORE = { storeId: 'testbox', storePassword: 'qwerty' };
const ZARINPAL_MERCHANT = '1344b5d4-0048-11e8-94db-005056a205be';

/** The shop listening on a real port, so that a gateway simulator can call it back. */
async function listen(shop: TestShop): Promise<string> {
  await shop.server.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(shop.server.server.address() as AddressInfo).port}`;
  shop.app.publicUrl.set(url);
  return url;
}

/** Fills the cart and the checkout with the given payment method; returns the answer to the checkout (not followed). */
async function checkOut(shop: TestShop, locale: Locale, method: string, buyer: Record<string, string>) {
  const client = new FormClient(shop.server);
  const product = (await shop.app.catalog.list({ locale })).items.find((p) => p.stockMilli >= 2000)!;
  await client.post(`/${locale}/cart/add`, { product: product.id, quantity: '1' });
  const form = await client.get(`/${locale}/checkout`);
  expect(form.body).toContain(`id="pm-${method}"`);
  const key = /name="idempotency_key" value="([^"]+)"/.exec(form.body)![1];
  const answer = await client.post(
    `/${locale}/checkout`,
    { ...buyer, payment_method: method, idempotency_key: key, delivery_date: '', delivery_window: '' },
    { follow: false },
  );
  return { client, answer };
}

/** Where the shop's "on to the payment page" sends the browser (its meta refresh, which the link repeats). */
function gatewayUrl(page: { status: number; body: string }): string {
  expect(page.status).toBe(200);
  const url = /<meta http-equiv="refresh" content="0;url=([^"]+)"/.exec(page.body)?.[1];
  expect(url, 'a page moving on to the gateway').toBeDefined();
  return url!.replaceAll('&amp;', '&');
}

/** Every value of every table, as text: what a scan of the database sees. */
async function everything(shop: TestShop): Promise<string> {
  const parts: string[] = [];
  for (const table of await shop.app.db.introspection.getTables()) {
    // On PostgreSQL the introspection sees every schema; the shop's own is the one to scan.
    if (shop.app.schema && table.schema !== shop.app.schema) continue;
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table.name)}`.execute(shop.app.db);
    parts.push(JSON.stringify(rows));
  }
  return parts.join('\n');
}

describeEachDatabase('paying online through SSLCommerz and bKash (chotomoni)', (dialect) => {
  let sim: SslcommerzSimulator;
  let bkashSim: BkashSimulator;
  let shop: TestShop;
  let inbox: Inbox;
  const logLines: string[] = [];
  const BKASH = { appKey: 'app-key', appSecret: 'app-secret', username: 'merchant', password: 'merchant-pass' };
  const buyer = {
    name: 'Farzana Haque',
    phone: '01911222333',
    email: 'farzana@example.com',
    address: 'Road 7, Sector 4, Uttara, Dhaka',
  };
  beforeAll(async () => {
    sim = await startSslcommerzSimulator(STORE);
    bkashSim = await startBkashSimulator(BKASH);
    inbox = await startInbox();
    const shopContact = { email: 'shop@example.com', phone: '+8801700000000', city: 'Dhaka' };
    const logs = new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    shop = await openTestShop(dialect, 'chotomoni', {
      smtpUrl: inbox.url,
      logger: pino({ level: 'debug' }, logs),
      gateways: {
        sslcommerz: new SslcommerzAdapter({ ...STORE, baseUrl: sim.url, shopContact, timeoutMs: 5000 }),
        bkash: new BkashAdapter({ ...BKASH, baseUrl: bkashSim.baseUrl, timeoutMs: 5000 }),
      },
    });
    await listen(shop);
  });
  afterAll(async () => {
    await shop?.close();
    await sim?.close();
    await bkashSim?.close();
    await inbox?.close();
  });

  it('[CM-03] the buyer pays on the gateway; the verified notification confirms the order once; no card data is kept', async () => {
    const { answer } = await checkOut(shop, 'bn', 'sslcommerz', buyer);
    const payPage = gatewayUrl(answer);
    expect(payPage.startsWith(sim.url)).toBe(true);
    const landing = await pressPayButton(payPage, 'pay');
    // Back on the shop: the gateway was asked, not the browser believed.
    expect(landing.url).toMatch(/\/pay\/sslcommerz\/return\/[A-Za-z]{20}$/);
    expect(textOf(landing.body)).toContain('ধন্যবাদ: আপনার পেমেন্ট পাওয়া গেছে');
    const attempt = await shop.app.db.selectFrom('payment_attempts').selectAll().executeTakeFirstOrThrow();
    expect(attempt.status).toBe('paid');
    const order = (await shop.app.orders.byId(attempt.order_id))!;
    expect(order.status).toBe('confirmed');
    expect(order.paymentReceivedAt).not.toBeNull();
    expect(order.events.map((e) => [e.status, e.actor])).toEqual([
      ['awaiting_payment', 'customer'],
      ['confirmed', 'system:sslcommerz'],
    ]);
    // The IPN and the return both settled it; it was confirmed once, and the buyer told once.
    await shop.app.outbox.drain();
    const confirmedMails = inbox.messages.filter(
      (m) => m.subject?.includes(order.code) && m.subject.includes('নিশ্চিত'),
    );
    expect(confirmedMails).toHaveLength(1);
    expect(sim.notifications.at(-1)!.status).toBe(200);
    const stored = await everything(shop);
    expect(cardDataIn(stored)).toEqual([]);
    expect(stored).not.toContain('card_no');
    // Nor in the logs, which also carry no name, phone or e-mail of the buyer.
    const logged = logLines.join('');
    expect(logged).toContain('payment notification');
    expect(cardDataIn(logged)).toEqual([]);
    for (const plain of [buyer.name, '1911222333', buyer.email, 'Uttara']) expect(logged).not.toContain(plain);
    // Nor in a backup of the data.
    const backup = await plainDataBackup(shop);
    expect(backup).toContain('payment_attempts');
    expect(cardDataIn(backup)).toEqual([]);
  });

  it('a tampered or replayed notification changes nothing', async () => {
    const before = await shop.app.db.selectFrom('payment_attempts').selectAll().executeTakeFirstOrThrow();
    const genuine = sim.notifications.length - 1;
    const tampered = await sim.resend(genuine, { change: { amount: '1.00' } });
    expect(tampered.status).toBeGreaterThanOrEqual(400);
    const replayed = await sim.resend(genuine);
    expect(replayed.status).toBe(200);
    const after = await shop.app.db
      .selectFrom('payment_attempts')
      .selectAll()
      .where('id', '=', before.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual(before);
    const order = (await shop.app.orders.byId(before.order_id))!;
    expect(order.events).toHaveLength(2);
  });

  it('a cancelled payment leaves the order waiting, and the order page offers to pay again', async () => {
    const { client, answer } = await checkOut(shop, 'en', 'sslcommerz', { ...buyer, email: 'again@example.com' });
    const landing = await pressPayButton(gatewayUrl(answer), 'cancel');
    expect(textOf(landing.body)).toContain('You cancelled the payment');
    const code = /\/en\/order\/([0-9A-Z]{5}-[0-9A-Z]{5})/.exec(landing.body)![1];
    const page = await client.get(`/en/order/${code}`);
    expect(textOf(page.body)).toContain('Awaiting payment');
    const again = gatewayUrl(await client.post(`/en/order/${code}/pay`, {}, { follow: false }));
    expect(again.startsWith(sim.url)).toBe(true);
    await pressPayButton(again, 'pay');
    expect((await shop.app.orders.byCode(code))!.status).toBe('confirmed');
  });

  it('[CM-03] bKash: the buyer approves in the wallet; the return is verified by executing the payment once', async () => {
    const { answer } = await checkOut(shop, 'en', 'bkash', { ...buyer, email: 'bkash@example.com' });
    const payPage = gatewayUrl(answer);
    expect(payPage.startsWith(bkashSim.url)).toBe(true);
    const landing = await pressPayButton(payPage, 'pay');
    expect(textOf(landing.body)).toContain('your payment has been received');
    const attempt = await shop.app.db
      .selectFrom('payment_attempts')
      .selectAll()
      .where('gateway', '=', 'bkash')
      .executeTakeFirstOrThrow();
    expect(attempt.status).toBe('paid');
    expect((await shop.app.orders.byId(attempt.order_id))!.status).toBe('confirmed');
    expect(cardDataIn(await everything(shop))).toEqual([]);
  });

  it('when the gateway is down the order waits and the buyer is told to try again', async () => {
    sim.faults.failNext('/gwprocess/v4/api.php', 1, 503);
    const { client, answer } = await checkOut(shop, 'en', 'sslcommerz', { ...buyer, email: 'down@example.com' });
    expect(answer.location).toMatch(/^\/en\/order\/[0-9A-Z]{5}-[0-9A-Z]{5}\?payment=unavailable$/);
    const page = await client.get(answer.location!);
    expect(textOf(page.body)).toContain('The online payment cannot start right now');
    expect(page.body).toContain('/pay"');
  });
});

describeEachDatabase('paying online through ZarinPal in tomans (khakriz)', (dialect) => {
  let sim: ZarinpalSimulator;
  let shop: TestShop;
  beforeAll(async () => {
    sim = await startZarinpalSimulator({ merchantId: ZARINPAL_MERCHANT });
    shop = await openTestShop(dialect, 'khakriz', {
      gateways: {
        zarinpal: new ZarinpalAdapter({
          merchantId: ZARINPAL_MERCHANT,
          baseUrl: sim.url,
          unit: 'IRT',
          timeoutMs: 5000,
        }),
      },
    });
    await listen(shop);
  });
  afterAll(async () => {
    await shop?.close();
    await sim?.close();
  });

  it('[CM-03] a Persian buyer pays; the return is verified with ZarinPal and the order is confirmed', async () => {
    const { answer } = await checkOut(shop, 'fa', 'zarinpal', {
      name: 'مریم رضایی',
      phone: '09121234567',
      email: 'maryam@example.ir',
      address: 'تهران، خیابان انقلاب، پلاک ۹',
      buyer_type: 'person',
      national_code: '0012345679',
    });
    const payPage = gatewayUrl(answer);
    expect(payPage.startsWith(sim.url)).toBe(true);
    const landing = await pressPayButton(payPage, 'pay');
    expect(landing.body).toContain('dir="rtl"');
    expect(textOf(landing.body)).toContain('پرداخت شما دریافت شد');
    const attempt = await shop.app.db.selectFrom('payment_attempts').selectAll().executeTakeFirstOrThrow();
    expect(attempt).toMatchObject({ status: 'paid', currency: 'IRR' });
    expect((await shop.app.orders.byId(attempt.order_id))!.status).toBe('confirmed');
    expect(cardDataIn(await everything(shop))).toEqual([]);
  });

  it('a buyer who paid and closed the tab: the reconciler asks ZarinPal and confirms the order before ZarinPal refunds it', async () => {
    const { answer } = await checkOut(shop, 'fa', 'zarinpal', {
      name: 'علی محمدی',
      phone: '09351234567',
      email: 'ali@example.ir',
      address: 'شیراز، خیابان زند، پلاک ۳',
      buyer_type: 'person',
      national_code: '1234567891',
    });
    await pressPayButton(gatewayUrl(answer), 'pay', { returnToShop: false });
    const attempt = await shop.app.db
      .selectFrom('payment_attempts')
      .selectAll()
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    // Right after paying the buyer may still come back: nothing is asked yet.
    expect((await shop.app.payments.reconcile()).checked).toBe(0);
    const later = new Date(Date.now() + 5 * 60_000);
    expect(await shop.app.payments.reconcile(later)).toEqual({ checked: 1, settled: 1 });
    expect((await shop.app.orders.byId(attempt.order_id))!.status).toBe('confirmed');
    expect(await shop.app.payments.reconcile(later)).toEqual({ checked: 0, settled: 0 });
  });
});
