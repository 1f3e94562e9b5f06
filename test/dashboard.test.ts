import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney, formatNumber } from '../src/i18n/format.ts';
import { thisMonth, today } from '../src/modules/dashboard/periods.ts';
import { FormClient, textOf } from './helpers/browser.ts';
import { placeOrder } from './helpers/orders.ts';
import { describeEachDatabase, openTestShop, type TestShop } from './helpers/shop.ts';

const PASSWORD = 'figures that add up';
const BUYER = { name: 'Maryam', phone: '+989121234567', email: 'maryam@example.com', address: 'Tehran' };

describe('the dashboard periods', () => {
  it('a Persian month is the Jalali month in Tehran: 11 Azar 1405 belongs to Azar, from 1 Azar (22 November) 00:00 Tehran', () => {
    const now = new Date('2026-12-02T10:00:00Z');
    expect(thisMonth('Asia/Tehran', 'fa', now)).toEqual({
      from: '2026-11-21T20:30:00.000Z',
      to: '2026-12-21T20:30:00.000Z',
    });
    expect(thisMonth('Asia/Tehran', 'en', now)).toEqual({
      from: '2026-11-30T20:30:00.000Z',
      to: '2026-12-31T20:30:00.000Z',
    });
    // Esfand ends the Jalali year: the next month is Farvardin of the next year.
    expect(thisMonth('Asia/Tehran', 'fa', new Date('2027-03-10T10:00:00Z')).to).toBe('2027-03-20T20:30:00.000Z');
  });

  it("today is the shop's day, in its time zone", () => {
    expect(today('Asia/Dhaka', new Date('2026-12-02T19:00:00Z'))).toEqual({
      from: '2026-12-02T18:00:00.000Z',
      to: '2026-12-03T18:00:00.000Z',
    });
    expect(today('Asia/Ho_Chi_Minh', new Date('2026-12-02T16:59:00Z')).from).toBe('2026-12-01T17:00:00.000Z');
  });
});

describeEachDatabase('the owner’s dashboard (khakriz, Persian)', (dialect) => {
  let shop: TestShop;
  let owner: FormClient;
  beforeAll(async () => {
    shop = await openTestShop(dialect, 'khakriz');
    const ownerId = (
      await shop.app.staff.create({ username: 'owner1', displayName: 'Sara', role: 'owner', password: PASSWORD })
    ).id;
    await shop.app.staff.create({ username: 'pack1', displayName: 'Reza', role: 'packer', password: PASSWORD });
    owner = new FormClient(shop.server);
    await owner.get('/fa/staff/login');
    expect((await owner.post('/fa/staff/login', { username: 'owner1', password: PASSWORD })).status).toBe(200);

    const now = new Date();
    const month = thisMonth('Asia/Tehran', 'fa', now);
    const day = today('Asia/Tehran', now);
    const cod = await placeOrder(shop, { buyer: BUYER });
    const transfer = await placeOrder(shop, { buyer: BUYER, paymentMethod: 'bank_transfer', paymentReference: 'R-1' });
    const cancelled = await placeOrder(shop, { buyer: BUYER });
    await shop.app.orders.move(cancelled.id, 'cancelled', { kind: 'staff', id: ownerId });
    const asked = await placeOrder(shop, { buyer: BUYER });
    await shop.app.orders.askForDetails(asked.id, 'address', { kind: 'staff', id: ownerId });
    // One order earlier this Jalali month (when today is not its first day), one just before the month began.
    const earlier = await placeOrder(shop, { buyer: BUYER });
    const before = await placeOrder(shop, { buyer: BUYER });
    const earlierAt = new Date(Date.parse(month.from) + 60_000).toISOString();
    await shop.app.db.updateTable('orders').set({ created_at: earlierAt }).where('id', '=', earlier.id).execute();
    await shop.app.db
      .updateTable('orders')
      .set({ created_at: new Date(Date.parse(month.from) - 60_000).toISOString() })
      .where('id', '=', before.id)
      .execute();
    const earlierIsToday = earlierAt >= day.from;
    expected = {
      todayOrders: earlierIsToday ? 5 : 4,
      todayRevenue: cod.totalMinor + transfer.totalMinor + asked.totalMinor + (earlierIsToday ? earlier.totalMinor : 0),
      monthOrders: 5,
      monthRevenue: cod.totalMinor + transfer.totalMinor + asked.totalMinor + earlier.totalMinor,
    };
    // One product nearly sold out.
    await shop.app.db.updateTable('products').set({ stock_milli: 2000 }).where('sku', '=', cod.lines[0].sku).execute();
  });
  let expected: { todayOrders: number; todayRevenue: number; monthOrders: number; monthRevenue: number };
  afterAll(async () => shop?.close());

  it('a packer cannot see the dashboard (403); a signed-out visitor is sent to the sign-in', async () => {
    const packer = new FormClient(shop.server);
    await packer.get('/fa/staff/login');
    await packer.post('/fa/staff/login', { username: 'pack1', password: PASSWORD });
    expect((await packer.get('/fa/staff/dashboard')).status).toBe(403);
    expect((await new FormClient(shop.server).get('/fa/staff/dashboard')).location).toBe('/fa/staff/login');
  });

  it('the figures match the orders placed, in Persian digits, tomans and the Jalali month', async () => {
    const page = await owner.get('/fa/staff/dashboard');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<html lang="fa-IR" dir="rtl">');
    const figure = (name: string) =>
      textOf(new RegExp(`data-figure="${name}"[^>]*>([\\s\\S]*?)</div>`).exec(page.body)![1]).trim();
    const fa = (n: number) => formatNumber(n, 'fa');
    const tomans = (minor: number) => formatMoney(minor, 'IRR', 'fa', 'IRT').replace(/\s+/g, ' ');
    expect(figure('today-orders')).toContain(fa(expected.todayOrders));
    expect(figure('today-revenue')).toContain(tomans(expected.todayRevenue));
    expect(figure('month-orders')).toContain(fa(expected.monthOrders));
    expect(figure('month-revenue')).toContain(tomans(expected.monthRevenue));
    expect(figure('awaiting-payment')).toContain(fa(1));
    expect(figure('awaiting-details')).toContain(fa(1));
    // Native digits only: no Latin digit in any figure.
    for (const name of ['today-orders', 'month-orders', 'awaiting-payment']) expect(figure(name)).not.toMatch(/[0-9]/);
    // The month is named in the Jalali calendar ("آذر ۱۴۰۵"), and today's date too.
    const jalaliMonth = new Intl.DateTimeFormat('fa-IR', {
      month: 'long',
      timeZone: 'Asia/Tehran',
      calendar: 'persian',
    }).format(new Date());
    expect(figure('month-orders')).toContain(jalaliMonth);
    const text = textOf(page.body);
    expect(text).toContain('موجودی کم');
    expect(text).toContain('۲');
    // No privacy request is overdue yet.
    expect(figure('overdue-privacy-requests')).toContain('۰');
  });

  it('overdue privacy requests stand out on the dashboard', async () => {
    await shop.app.privacyRequests.create({
      kind: 'complaint',
      channel: 'phone',
      locale: 'fa',
      subjectIds: [],
      details: 'تماس تلفنی دو هفته پیش',
      verification: null,
      actor: { kind: 'staff', id: 'test' },
      receivedAt: new Date(Date.now() - 14 * 86400_000),
    });
    const page = await owner.get('/fa/staff/dashboard');
    expect(/data-figure="overdue-privacy-requests"(?:(?!<\/div>).)*/s.exec(page.body)?.[0]).toContain('۱');
  });

  it('the same figures in English use the Gregorian month', async () => {
    const page = textOf((await owner.get('/en/staff/dashboard')).body);
    const month = new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'Asia/Tehran' }).format(
      new Date(),
    );
    expect(page).toContain(`Orders in ${month}`);
  });
});
