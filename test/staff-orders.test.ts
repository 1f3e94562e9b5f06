import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PaymentMethodCode } from '../src/presets/types.ts';
import { FormClient, textOf } from './helpers/browser.ts';
import { describeEachDatabase, openTestShop, type TestShop, withOutboxPaused } from './helpers/shop.ts';

const PASSWORD = 'counter by the window';

describeEachDatabase('staff order list (hatkoro)', (dialect) => {
  let shop: TestShop;
  let queries = 0;
  let owner: FormClient;
  const codes: Record<string, string> = {};
  beforeAll(async () => {
    shop = await openTestShop(dialect, 'hatkoro', { onQuery: () => queries++ });
    const staff = await shop.app.staff.create({
      username: 'owner',
      displayName: 'Owner',
      role: 'owner',
      password: PASSWORD,
    });
    await shop.app.staff.create({ username: 'packer', displayName: 'Packer', role: 'packer', password: PASSWORD });
    const product = (await shop.app.catalog.list({ locale: 'en' })).items.find((p) => p.stockMilli >= 10_000)!;
    const place = async (
      name: string,
      phone: string,
      email: string,
      method: PaymentMethodCode,
      channel: 'web' | 'phone',
    ) => {
      const result = await shop.app.orders.place({
        lines: [{ productId: product.id, quantityMilli: 1000 }],
        buyer: { name, phone, email, address: 'Mirpur, Dhaka' },
        recipient: null,
        deliveryInstructions: '',
        deliveryDate: null,
        deliveryWindow: null,
        paymentMethod: method,
        paymentReference: method === 'cod' ? null : 'MO-1',
        channel,
        locale: 'en',
        idempotencyKey: randomUUID(),
        actor: channel === 'web' ? 'customer' : `staff:${staff.id}`,
      });
      if (!result.ok) throw new Error('not placed');
      codes[name] = result.code;
      return result;
    };
    await place('Anika', '+8801711000001', 'anika@example.com', 'cod', 'web');
    await place('Babul', '+8801711000002', 'babul@example.com', 'money_order', 'web');
    await place('Chaya', '+8801711000003', '', 'cod', 'phone');
    owner = await signIn('owner');
  });
  afterAll(async () => shop?.close());

  async function signIn(username: string) {
    const client = new FormClient(shop.server);
    await client.get('/en/staff/login');
    await client.post('/en/staff/login', { username, password: PASSWORD });
    return client;
  }

  const listed = (body: string) =>
    [...body.matchAll(/>([0-9A-Z]{5}-[0-9A-Z]{5})<\/bdi><\/a>/g)].map((m) => m[1]).sort();

  it('filters by status, channel and payment, and by the day in the shop’s time zone', async () => {
    expect(listed((await owner.get('/en/staff?status=awaiting_payment')).body)).toEqual([codes.Babul]);
    expect(listed((await owner.get('/en/staff?channel=phone')).body)).toEqual([codes.Chaya]);
    expect(listed((await owner.get('/en/staff?payment=cod')).body)).toEqual([codes.Anika, codes.Chaya].sort());
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: shop.app.preset.timezone }).format(new Date());
    expect(listed((await owner.get(`/en/staff?from=${today}&to=${today}`)).body)).toHaveLength(3);
    expect(listed((await owner.get('/en/staff?to=2020-01-01')).body)).toHaveLength(0);
    const bad = await owner.get('/en/staff?from=yesterday');
    expect(bad.status).toBe(422);
    expect(textOf(bad.body)).toContain('Enter a day as year-month-day');
  });

  it('[HK-08] finds an order by its code, or by the exact phone (in any digits) or e-mail, never by plaintext', async () => {
    expect(listed((await owner.get(`/en/staff?q=${codes.Babul.toLowerCase()}`)).body)).toEqual([codes.Babul]);
    const phone = await owner.get(`/en/staff?q=${encodeURIComponent('০১৭১১০০০০০৩')}`);
    expect(listed(phone.body)).toEqual([codes.Chaya]);
    expect(listed((await owner.get('/en/staff?q=ANIKA@example.com')).body)).toEqual([codes.Anika]);
    // A name is not searchable: the box says what it takes.
    const unreadable = await owner.get('/en/staff?q=anika');
    expect(unreadable.status).toBe(422);
    expect(unreadable.body).toContain('value="anika"');
    // The list itself carries no name, phone or e-mail.
    const all = (await owner.get('/en/staff')).body;
    for (const plain of ['Anika', 'anika@example.com', '1711000001']) expect(all).not.toContain(plain);
  });

  it('the list is a fixed number of queries whatever its length', async () => {
    const count = async (url: string) => {
      await owner.get(url);
      queries = 0;
      await owner.get(url);
      return queries;
    };
    // The outbox worker would count its own queries (a claim is three on PostgreSQL): paused while counting.
    await withOutboxPaused(shop, async () =>
      expect(await count('/en/staff?channel=phone')).toBe(await count('/en/staff')),
    );
  });

  it('moves several orders at once; the lifecycle refuses the ones that cannot go there, and says which', async () => {
    const ids = await Promise.all(
      [codes.Anika, codes.Babul, codes.Chaya].map(async (code) => (await shop.app.orders.byCode(code))!.id),
    );
    const page = await owner.post('/en/staff/orders/bulk-status', { to: 'confirmed', ids });
    const text = textOf(page.body);
    expect(text).toContain('2 orders moved to “Confirmed”.');
    expect(text).toContain(`1 order cannot move there: ${codes.Babul}`);
    expect((await shop.app.orders.byCode(codes.Anika))!.status).toBe('confirmed');
    expect((await shop.app.orders.byCode(codes.Babul))!.status).toBe('awaiting_payment');
    // A packer may pack but not cancel.
    const packer = await signIn('packer');
    expect((await packer.post('/en/staff/orders/bulk-status', { to: 'cancelled', ids })).status).toBe(403);
    expect((await shop.app.orders.byCode(codes.Anika))!.status).toBe('confirmed');
    const packed = await packer.post('/en/staff/orders/bulk-status', { to: 'packed', ids: [ids[0]] });
    expect(textOf(packed.body)).toContain('1 order moved to “Packed”.');
  });
});
