import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ProductCard } from '../src/modules/catalog/service.ts';
import { PERMISSIONS, type Permission, STAFF_ROLES, type StaffRole } from '../src/modules/staff/permissions.ts';
import { FormClient, type Page, textOf } from './helpers/browser.ts';
import { type Inbox, linkIn, startInbox } from './helpers/mail.ts';
import { productsWithoutOptions } from './helpers/orders.ts';
import { describeEachDatabase, openTestShop, type TestShop } from './helpers/shop.ts';

/**
 * Issue 4, points 6 and 7: every staff route against every role, and every customer-facing route that reads or
 * changes an order, address, session or account against its owner, another customer, a guest and a signed-out
 * visitor. Each table is checked against the routes its source file declares, so a new route cannot slip past.
 */

const PASSWORD = 'monsoon rain on a tin roof';

interface Person {
  name: string;
  username: string;
  email: string;
  phone: string;
  address: string;
}

/** "METHOD /path" for every route a module's routes file declares (HEAD comes with GET). */
function declaredRoutes(...files: string[]): string[] {
  return files.flatMap((file) => {
    const source = readFileSync(new URL(`../src/modules/${file}`, import.meta.url), 'utf8');
    return [...source.matchAll(/server\.(get|post)\('([^']+)'/g)].map((m) => `${m[1].toUpperCase()} ${m[2]}`);
  });
}

/** A GET, or a POST of a form whose answer is not followed: the matrix looks at the first answer. */
function send(client: FormClient, method: string, url: string, form: Record<string, string> = {}): Promise<Page> {
  return method === 'GET' ? client.get(url) : client.post(url, form, { follow: false });
}

/** Registers through the form, opens the e-mailed link and presses its button, which signs the new customer in. */
async function register(shop: TestShop, inbox: Inbox, p: Person): Promise<{ client: FormClient; accountId: string }> {
  const client = new FormClient(shop.server);
  await client.get('/en/account/register');
  expect((await client.post('/en/account/register', { ...p, password: PASSWORD })).status).toBe(200);
  const link = new URL(linkIn(await inbox.waitFor(p.email, /Confirm your e-mail/), '/account/confirm/')).pathname;
  expect((await client.get(link)).status).toBe(200);
  expect((await client.post(link, {})).status).toBe(200);
  const account = await shop.app.db
    .selectFrom('accounts')
    .select('id')
    .where('username_bidx', '=', shop.app.accounts.usernameIndex(p.username))
    .executeTakeFirstOrThrow();
  return { client, accountId: account.id };
}

/** One step of the product, as a customer types it. */
const oneStep = (product: ProductCard) => String(product.stepMilli / 1000);

describeEachDatabase('access matrix: staff roles on every staff route (hatkoro)', (dialect) => {
  type Actor = StaffRole | 'customer' | 'signed out';
  type OrderState = 'placed' | 'awaiting_payment' | 'confirmed';
  /** What one request names: an order, and the idempotency key of an order it may create. */
  interface Target {
    orderId: string;
    key: string;
  }
  interface StaffRoute {
    method: 'GET' | 'POST';
    /** As declared in staff/routes.tsx. */
    path: string;
    /** Which of several requests to the same route (a field to reveal, a status to move to). */
    variant?: string;
    promise?: string;
    /** Every permission the route checks; a role may when PERMISSIONS gives it all of them. */
    needs: Permission[];
    /** What a permitted request answers. */
    ok: 200 | 303;
    /** A fresh order in this state for each request; otherwise the shared order. */
    order?: OrderState;
    form?: (t: Target) => Record<string, string>;
    /** What the request changes or reads with an audit entry: a permitted request changes it, a refused one not. */
    effect?: (t: Target) => Promise<unknown>;
  }

  const ACTORS: Actor[] = [...STAFF_ROLES, 'customer', 'signed out'];
  const customer: Person = {
    name: 'Nasima Akter',
    username: 'nasima',
    email: 'nasima@example.com',
    phone: '01711000101',
    address: 'House 9, Road 4, Dhanmondi, Dhaka',
  };
  let shop: TestShop;
  let inbox: Inbox;
  let product: ProductCard;
  let accountId: string;
  let sharedOrderId: string;
  let ownerId: string;
  const clients = new Map<Actor, FormClient>();

  /** An order placed by phone: awaiting payment by transfer, or cash on delivery, optionally confirmed. */
  async function placeOrder(state: OrderState): Promise<string> {
    const paymentMethod = state === 'awaiting_payment' ? 'bank_transfer' : 'cod';
    const placed = await shop.app.orders.place({
      lines: [{ productId: product.id, quantityMilli: product.stepMilli }],
      buyer: { name: 'Rahim Mia', phone: '+8801911222333', email: 'rahim@example.com', address: 'Mirpur 10, Dhaka' },
      recipient: null,
      deliveryInstructions: 'Call before coming',
      deliveryDate: null,
      deliveryWindow: null,
      paymentMethod,
      paymentReference: paymentMethod === 'cod' ? null : 'TRX-4471',
      channel: 'phone',
      locale: 'en',
      idempotencyKey: randomUUID(),
      actor: 'staff:test',
    });
    if (!placed.ok) throw new Error(`order not placed: ${placed.error}`);
    if (state === 'confirmed') await shop.app.orders.move(placed.id, 'confirmed', { kind: 'staff', id: ownerId });
    return placed.id;
  }

  /** The order's status, payment, history and every audit entry about its buyer and recipient. */
  async function orderTrail(t: Target) {
    const order = (await shop.app.orders.byId(t.orderId))!;
    const audit = await shop.app.db
      .selectFrom('audit_log')
      .select(['seq', 'actor', 'field'])
      .where('subject_id', 'in', [order.subjectId, order.recipientSubjectId])
      .orderBy('seq')
      .execute();
    return { status: order.status, paid: order.paymentReceivedAt, events: order.events.length, audit };
  }

  async function ordersWithKey(t: Target) {
    return shop.app.db.selectFrom('orders').select('id').where('idempotency_key', '=', t.key).execute();
  }

  /** Assisted recoveries in the audit log and reset links issued to the customer's account (HK-17). */
  async function recoveryTrail() {
    const [audit, links] = await Promise.all([
      shop.app.db.selectFrom('audit_log').select('seq').where('action', '=', 'assisted_recovery').execute(),
      shop.app.db
        .selectFrom('account_tokens')
        .select('id')
        .where('account_id', '=', accountId)
        .where('purpose', '=', 'reset_password')
        .execute(),
    ]);
    return { audit: audit.length, links: links.length };
  }

  const routes: StaffRoute[] = [
    { method: 'GET', path: '/:locale/staff', needs: ['orders.view'], ok: 200 },
    { method: 'GET', path: '/:locale/staff/orders/new', needs: ['orders.create'], ok: 200 },
    {
      method: 'POST',
      path: '/:locale/staff/orders/new',
      promise: 'KT-10',
      needs: ['orders.create'],
      ok: 303,
      form: (t) => ({
        idempotency_key: t.key,
        channel: 'phone',
        product_0: product.id,
        qty_0: oneStep(product),
        name: 'Karim Sheikh',
        phone: '01911333444',
        email: 'karim@example.com',
        address: 'Agrabad, Chattogram',
        delivery_area: 'outside-dhaka',
        payment_method: 'cod',
      }),
      effect: ordersWithKey,
    },
    { method: 'GET', path: '/:locale/staff/orders/:id', needs: ['orders.view'], ok: 200, effect: orderTrail },
    ...(['phone', 'email', 'payment_reference'] as const).map(
      (field): StaffRoute => ({
        method: 'POST',
        path: '/:locale/staff/orders/:id/reveal',
        variant: field,
        promise: field === 'phone' ? 'HK-08' : undefined,
        needs: ['orders.contact'],
        ok: 200,
        form: () => ({ field }),
        effect: orderTrail,
      }),
    ),
    {
      method: 'POST',
      path: '/:locale/staff/orders/:id/payment',
      promise: 'HK-07',
      needs: ['orders.payment'],
      ok: 200,
      order: 'awaiting_payment',
      effect: orderTrail,
    },
    {
      method: 'POST',
      path: '/:locale/staff/orders/:id/status',
      variant: 'to packed',
      needs: ['orders.view', 'orders.fulfil'],
      ok: 200,
      order: 'confirmed',
      form: () => ({ to: 'packed' }),
      effect: orderTrail,
    },
    {
      method: 'POST',
      path: '/:locale/staff/orders/:id/status',
      variant: 'to cancelled',
      needs: ['orders.view', 'orders.cancel'],
      ok: 200,
      order: 'placed',
      form: () => ({ to: 'cancelled' }),
      effect: orderTrail,
    },
    {
      method: 'POST',
      path: '/:locale/staff/orders/bulk-status',
      needs: ['orders.view', 'orders.fulfil'],
      ok: 200,
      order: 'confirmed',
      form: (t) => ({ to: 'packed', ids: t.orderId }),
      effect: orderTrail,
    },
    {
      method: 'POST',
      path: '/:locale/staff/orders/:id/ask',
      promise: 'KN-06',
      needs: ['orders.contact'],
      ok: 200,
      order: 'placed',
      form: () => ({ reason: 'address' }),
      effect: orderTrail,
    },
    { method: 'GET', path: '/:locale/staff/audit', promise: 'HK-08', needs: ['audit.view'], ok: 200 },
    { method: 'GET', path: '/:locale/staff/recovery', promise: 'HK-17', needs: ['accounts.recover'], ok: 200 },
    {
      method: 'POST',
      path: '/:locale/staff/recovery',
      variant: 'find the account',
      promise: 'HK-17',
      needs: ['accounts.recover'],
      ok: 200,
      form: () => ({ contact: customer.email }),
    },
    {
      method: 'POST',
      path: '/:locale/staff/recovery/send',
      promise: 'HK-17',
      needs: ['accounts.recover'],
      ok: 200,
      form: () => ({ account: accountId, method: 'callback' }),
      effect: recoveryTrail,
    },
  ];
  /** The staff routes open to everyone: signing in and out. */
  const SIGN_IN_ROUTES = ['GET /:locale/staff/login', 'POST /:locale/staff/login', 'POST /:locale/staff/logout'];

  const may = (role: StaffRole, route: StaffRoute) => route.needs.every((p) => PERMISSIONS[role].includes(p));

  /** What an actor should get: the route's answer or 403 for staff, by permission; the staff sign-in for anyone else. */
  function expected(actor: Actor, route: StaffRoute): { permitted: boolean; status: number; location?: string } {
    if (actor === 'customer' || actor === 'signed out')
      return { permitted: false, status: 303, location: '/en/staff/login' };
    return may(actor, route) ? { permitted: true, status: route.ok } : { permitted: false, status: 403 };
  }

  function title(route: StaffRoute): string {
    const allowed = STAFF_ROLES.filter((role) => may(role, route));
    const refused = STAFF_ROLES.filter((role) => !may(role, route));
    return [
      route.promise ? `[${route.promise}] ` : '',
      `${route.method} ${route.path}${route.variant ? ` (${route.variant})` : ''} needs ${route.needs.join(' + ')}: `,
      `${allowed.join(', ')} may; ${refused.length ? `403 for ${refused.join(', ')}; ` : ''}`,
      'a customer and a signed-out visitor are sent to the staff sign-in',
      route.effect ? '; a refused request changes and reveals nothing' : '',
    ].join('');
  }

  beforeAll(async () => {
    inbox = await startInbox();
    shop = await openTestShop(dialect, 'hatkoro', { smtpUrl: inbox.url });
    product = (await productsWithoutOptions(shop.app.catalog, 'en'))[0];
    const registered = await register(shop, inbox, customer);
    accountId = registered.accountId;
    clients.set('customer', registered.client);
    for (const role of STAFF_ROLES) {
      const staff = await shop.app.staff.create({
        username: `${role}1`,
        displayName: `The ${role}`,
        role,
        password: PASSWORD,
      });
      if (role === 'owner') ownerId = staff.id;
      const client = new FormClient(shop.server);
      await client.get('/en/staff/login');
      const signedIn = await client.post('/en/staff/login', { username: `${role}1`, password: PASSWORD });
      expect(signedIn.status, role).toBe(200);
      clients.set(role, client);
    }
    sharedOrderId = await placeOrder('awaiting_payment');
  });
  afterAll(async () => {
    await shop?.close();
    await inbox?.close();
  });

  it('the table names every staff route but signing in and out', () => {
    const inTable = new Set(routes.map((r) => `${r.method} ${r.path}`));
    expect([...inTable, ...SIGN_IN_ROUTES].sort()).toEqual(declaredRoutes('staff/routes.tsx').sort());
  });

  for (const route of routes) {
    it(title(route), async () => {
      for (const actor of ACTORS) {
        const target: Target = {
          orderId: route.order ? await placeOrder(route.order) : sharedOrderId,
          key: randomUUID(),
        };
        const url = route.path.replace(':locale', 'en').replace(':id', target.orderId);
        const before = await route.effect?.(target);
        // A signed-out visitor has no cookie at all: a new client for each request.
        const client = clients.get(actor) ?? new FormClient(shop.server);
        const page = await send(client, route.method, url, route.form?.(target));
        const want = expected(actor, route);
        expect(page.status, actor).toBe(want.status);
        if (want.location) expect(page.location, actor).toBe(want.location);
        if (route.effect) {
          const after = await route.effect(target);
          if (want.permitted) expect(after, `${actor}: a permitted request has its effect`).not.toEqual(before);
          else expect(after, `${actor}: a refused request changes nothing`).toEqual(before);
        }
      }
    });
  }
});

describeEachDatabase('access matrix: customers, guests and visitors on customer objects (chotomoni)', (dialect) => {
  /** A owns the objects; B is another signed-in customer; the guest placed a guest order in their own session. */
  type Actor = 'A' | 'B' | 'guest' | 'signed out';
  /**
   * An answer: a status, the account sign-in (303), or the order look-up form for the code asked about (303) —
   * what the shop says to anyone for an order that is not theirs and for one that does not exist.
   */
  type Outcome = 200 | 303 | 404 | 409 | 422 | 'sign-in' | 'order look-up';
  interface CustomerRoute {
    /** "METHOD /path" as declared in the routes file. */
    route: string;
    promise?: string;
    /** The object of A's the request names (made afresh for each route), put for :id or :code. */
    target?: () => Promise<string>;
    /** A well-formed name of nothing: a refusal must read exactly like the answer for it. */
    absent?: string;
    form?: (target: string, who: Actor) => Record<string, string>;
    /** What A gets; what B gets (refused, or served from B's own account); what a guest and a visitor get. */
    owner: Outcome;
    other: Outcome;
    visitor: Outcome;
    /** What A's answer shows and nobody else's may. */
    shows?: (target: string) => string;
    /** A's data the request reads or changes: A's request changes it, nobody else's does. */
    state?: (target: string) => Promise<unknown>;
  }

  const people: Record<Actor, Person> = {
    A: {
      name: 'Ayesha Siddika',
      username: 'ayesha',
      email: 'ayesha@example.com',
      phone: '01711000101',
      address: 'House 7, Road 2, Banani, Dhaka',
    },
    B: {
      name: 'Bashir Uddin',
      username: 'bashir',
      email: 'bashir@example.com',
      phone: '01711000202',
      address: 'Sector 4, Uttara, Dhaka',
    },
    guest: {
      name: 'Gulnahar Begum',
      username: 'gulnahar',
      email: 'gulnahar@example.com',
      phone: '01811000303',
      address: 'Zindabazar, Sylhet',
    },
    'signed out': {
      name: 'Sohel Rana',
      username: 'sohel',
      email: 'sohel@example.com',
      phone: '01911000404',
      address: 'Shaheb Bazar, Rajshahi',
    },
  };
  /** New phone numbers each actor asks for, never anyone's yet. */
  const NEW_PHONE: Record<Actor, string> = {
    A: '01711000111',
    B: '01711000212',
    guest: '01811000313',
    'signed out': '01911000414',
  };
  const A_PHONE_TO_CONFIRM = '01711000122';
  const SECRET_ADDRESS = 'Flat 4B, Lake Road, Gulshan 2';
  const REFUSED: Actor[] = ['B', 'guest', 'signed out'];

  let shop: TestShop;
  let inbox: Inbox;
  let product: ProductCard;
  let alice: { client: FormClient; accountId: string };
  let bob: { client: FormClient; accountId: string };
  let guest: FormClient;
  let aliceOrder: string;
  let guestOrder: string;

  /** Puts one step of the product in the cart and checks out paying cash on delivery; returns the order code. */
  async function checkout(client: FormClient, p: Person): Promise<string> {
    await client.post('/en/cart/add', { product: product.id, quantity: oneStep(product) });
    const form = await client.get('/en/checkout');
    const key = /name="idempotency_key" value="([^"]+)"/.exec(form.body)![1];
    const done = await client.post(
      '/en/checkout',
      {
        name: p.name,
        phone: p.phone,
        email: p.email,
        address: p.address,
        payment_method: 'cod',
        idempotency_key: key,
      },
      { follow: false },
    );
    expect(done.status).toBe(303);
    return /\/en\/order\/([0-9A-Z]{5}-[0-9A-Z]{5})$/.exec(done.location ?? '')![1];
  }

  /** A signs in on another device; returns that session's id as the sessions page names it. */
  async function newSessionOfA(): Promise<string> {
    const before = await sessionsOfA();
    const device = new FormClient(shop.server);
    await device.get('/en/account/signin');
    await device.post('/en/account/signin', { identifier: people.A.email, password: PASSWORD });
    return (await sessionsOfA()).find((id) => !before.includes(id))!;
  }

  async function sessionsOfA(): Promise<string[]> {
    const rows = await shop.app.db
      .selectFrom('sessions')
      .select('id')
      .where('account_id', '=', alice.accountId)
      .execute();
    return rows.map((r) => r.id).sort();
  }

  async function addressesOfA() {
    return shop.app.accounts.addresses(alice.accountId);
  }

  async function newAddressOfA(): Promise<string> {
    const before = (await addressesOfA()).map((a) => a.id);
    await shop.app.accounts.addAddress(alice.accountId, `Spare address ${before.length}`);
    return (await addressesOfA()).find((a) => !before.includes(a.id))!.id;
  }

  /** A asks to change the phone; returns the code the shop sent to the new number. */
  async function phoneCodeOfA(): Promise<string> {
    await alice.client.post('/en/account/phone', { phone: A_PHONE_TO_CONFIRM });
    await shop.app.outbox.drain();
    const sms = shop.sms.sent.findLast((m) => m.to === `+880${A_PHONE_TO_CONFIRM.slice(1)}`)!;
    return /(\d{6})/.exec(sms.text)![1];
  }

  async function phoneCodesOfA() {
    return shop.app.db
      .selectFrom('phone_codes')
      .select(['id', 'attempts', 'used_at'])
      .where('account_id', '=', alice.accountId)
      .orderBy('id')
      .execute();
  }

  async function accountRowOfA() {
    return shop.app.db
      .selectFrom('accounts as a')
      .innerJoin('customers as c', 'c.id', 'a.customer_id')
      .select(['a.marketing_email', 'a.marketing_sms', 'a.phone_confirmed_at', 'c.phone_bidx', 'c.email_bidx'])
      .where('a.id', '=', alice.accountId)
      .executeTakeFirstOrThrow();
  }

  async function emailChangesOfA() {
    return shop.app.db
      .selectFrom('account_tokens')
      .select('id')
      .where('account_id', '=', alice.accountId)
      .where('purpose', '=', 'change_email')
      .orderBy('id')
      .execute();
  }

  const routes: CustomerRoute[] = [
    {
      route: 'GET /:locale/account',
      promise: 'HK-12',
      owner: 200,
      other: 200,
      visitor: 'sign-in',
      shows: () => people.A.email,
    },
    {
      route: 'POST /:locale/account/profile',
      promise: 'HK-12',
      form: (_, who) => ({ name: people[who].name, address: `${who} moved to Khulna` }),
      owner: 200,
      other: 200,
      visitor: 'sign-in',
      state: async () => {
        const profile = (await shop.app.accounts.profile(alice.accountId))!;
        return { name: profile.name, address: profile.address };
      },
    },
    {
      route: 'POST /:locale/account/email',
      promise: 'KN-05',
      form: (_, who) => ({ email: `new.${people[who].email}` }),
      owner: 200,
      other: 200,
      visitor: 'sign-in',
      state: emailChangesOfA,
    },
    {
      route: 'POST /:locale/account/phone',
      promise: 'KN-05',
      form: (_, who) => ({ phone: NEW_PHONE[who] }),
      owner: 200,
      other: 200,
      visitor: 'sign-in',
      state: phoneCodesOfA,
    },
    {
      // Everyone sends the very code the shop sent for A's new number: it confirms nothing but A's own request.
      route: 'POST /:locale/account/phone/confirm',
      promise: 'KN-05',
      target: phoneCodeOfA,
      form: (code) => ({ code }),
      owner: 200,
      other: 422,
      visitor: 'sign-in',
      state: async () => ({ codes: await phoneCodesOfA(), account: await accountRowOfA() }),
    },
    {
      route: 'POST /:locale/account/marketing',
      form: () => ({ marketing_email: 'yes', marketing_sms: 'yes' }),
      owner: 200,
      other: 200,
      visitor: 'sign-in',
      // News and offers live in the marketing subscriptions (double opt-in, HK-14).
      state: async () => shop.app.marketing.status((await shop.app.accounts.profile(alice.accountId))!.subjectId),
    },
    {
      route: 'GET /:locale/account/orders',
      promise: 'HK-12',
      owner: 200,
      other: 200,
      visitor: 'sign-in',
      shows: () => aliceOrder,
    },
    {
      route: 'GET /:locale/account/addresses',
      promise: 'HK-12',
      owner: 200,
      other: 200,
      visitor: 'sign-in',
      shows: () => SECRET_ADDRESS,
    },
    {
      route: 'POST /:locale/account/addresses',
      promise: 'HK-12',
      form: (_, who) => ({ address: `${who}: Road 11, Nikunja` }),
      owner: 303,
      other: 303,
      visitor: 'sign-in',
      state: addressesOfA,
    },
    {
      route: 'POST /:locale/account/addresses/:id/remove',
      promise: 'HK-12',
      target: newAddressOfA,
      absent: randomUUID(),
      owner: 303,
      other: 404,
      visitor: 'sign-in',
      state: addressesOfA,
    },
    {
      route: 'GET /:locale/account/sessions',
      promise: 'HK-13',
      target: newSessionOfA,
      owner: 200,
      other: 200,
      visitor: 'sign-in',
      shows: (session) => session,
    },
    {
      route: 'POST /:locale/account/sessions/:id/signout',
      promise: 'HK-13',
      target: newSessionOfA,
      absent: '0'.repeat(64),
      owner: 303,
      other: 404,
      visitor: 'sign-in',
      state: sessionsOfA,
    },
    {
      route: 'POST /:locale/account/sessions/signout-others',
      promise: 'HK-13',
      target: newSessionOfA,
      owner: 303,
      other: 303,
      visitor: 'sign-in',
      state: sessionsOfA,
    },
    {
      route: 'GET /:locale/order/:code',
      target: async () => aliceOrder,
      absent: 'ZZZZZ-ZZZZZ',
      owner: 200,
      other: 'order look-up',
      visitor: 'order look-up',
      shows: () => product.sku,
    },
    {
      // The look-up needs the code and the order's phone or e-mail; each actor gives their own contact.
      route: 'POST /:locale/order-status',
      target: async () => aliceOrder,
      absent: 'ZZZZZ-ZZZZZ',
      form: (code, who) => ({ code, contact: who === 'A' ? people.A.email : people[who].phone }),
      owner: 200,
      other: 422,
      visitor: 422,
      shows: () => product.sku,
    },
    {
      // Nothing was asked of A, so even A is answered 409 with the order page; everyone else is sent to the look-up.
      route: 'POST /:locale/order/:code/details',
      promise: 'KN-06',
      target: async () => aliceOrder,
      absent: 'ZZZZZ-ZZZZZ',
      form: () => ({ recipient_name: 'X', recipient_phone: '01711111111', recipient_address: 'Y' }),
      owner: 409,
      other: 'order look-up',
      visitor: 'order look-up',
      shows: () => product.sku,
    },
  ];

  /** Customer routes outside the matrix, and why: they name nobody's order, address, session or account. */
  const NO_OBJECT: Record<string, string[]> = {
    'the visitor’s own session and cart only': [
      'GET /:locale/cart',
      'POST /:locale/cart/add',
      'POST /:locale/cart/update',
      'POST /:locale/cart/remove',
      'GET /:locale/checkout',
      'POST /:locale/checkout',
      'POST /:locale/account/signout',
    ],
    'blank forms and signing in': [
      'GET /:locale/account/register',
      'POST /:locale/account/register',
      'GET /:locale/account/signin',
      'POST /:locale/account/signin',
      'GET /:locale/account/forgot',
      'POST /:locale/account/forgot',
      'GET /:locale/order-status',
    ],
    'e-mailed links, whose secret token is the key': [
      'GET /:locale/account/confirm/:token',
      'POST /:locale/account/confirm/:token',
      'GET /:locale/account/reset/:token',
      'POST /:locale/account/reset/:token',
      'GET /:locale/account/confirm-email/:token',
      'POST /:locale/account/confirm-email/:token',
    ],
  };

  function answer(outcome: Outcome, target: string): { status: number; location?: string } {
    if (outcome === 'sign-in') return { status: 303, location: '/en/account/signin' };
    if (outcome === 'order look-up') return { status: 303, location: `/en/order-status?code=${target}` };
    return { status: outcome };
  }

  /** Sends an actor's request; a signed-out visitor has no cookie, so a new client each time. */
  function request(row: CustomerRoute, who: Actor, target: string): Promise<Page> {
    const [method, path] = row.route.split(' ');
    const url = path.replace(':locale', 'en').replace(/:id|:code/, target);
    const client = who === 'signed out' ? new FormClient(shop.server) : { A: alice.client, B: bob.client, guest }[who];
    return send(client, method, url, row.form?.(target, who));
  }

  /** A page as a person reads it, with the name of the object asked about blanked out. */
  const reading = (page: Page, name: string) => ({
    status: page.status,
    location: page.location?.replaceAll(name, '…'),
    text: textOf(page.body).replaceAll(name, '…'),
  });

  const describeOutcome = (o: Outcome) => (typeof o === 'number' ? String(o) : `the ${o} page`);
  function title(row: CustomerRoute): string {
    return [
      row.promise ? `[${row.promise}] ` : '',
      `${row.route}: A gets ${describeOutcome(row.owner)}; B gets ${describeOutcome(row.other)}`,
      row.other === row.owner ? ' (from their own account)' : '',
      `; a guest and a signed-out visitor get ${describeOutcome(row.visitor)}`,
      row.absent ? ', exactly as for something that does not exist' : '',
      row.state ? '; only A’s request changes A’s data' : '',
    ].join('');
  }

  beforeAll(async () => {
    inbox = await startInbox();
    shop = await openTestShop(dialect, 'chotomoni', { smtpUrl: inbox.url });
    product = (await productsWithoutOptions(shop.app.catalog, 'en'))[0];
    alice = await register(shop, inbox, people.A);
    bob = await register(shop, inbox, people.B);
    await alice.client.post('/en/account/addresses', { address: SECRET_ADDRESS });
    aliceOrder = await checkout(alice.client, people.A);
    guest = new FormClient(shop.server);
    guestOrder = await checkout(guest, people.guest);
  });
  afterAll(async () => {
    await shop?.close();
    await inbox?.close();
  });

  it('the table names every customer route that reads or changes an object; the rest name none', () => {
    const covered = [...routes.map((r) => r.route), ...Object.values(NO_OBJECT).flat()];
    expect(covered.sort()).toEqual(
      declaredRoutes('accounts/routes.tsx', 'orders/routes.tsx', 'cart/routes.tsx').sort(),
    );
  });

  for (const row of routes) {
    it(title(row), async () => {
      const target = (await row.target?.()) ?? '';
      for (const who of REFUSED) {
        const before = await row.state?.(target);
        const page = await request(row, who, target);
        const want = answer(who === 'B' ? row.other : row.visitor, target);
        expect(page.status, who).toBe(want.status);
        if (want.location) expect(page.location, who).toBe(want.location);
        for (const secret of [people.A.name, people.A.email, SECRET_ADDRESS, row.shows?.(target)]) {
          if (secret) expect(page.body, `${who} reads nothing of A’s`).not.toContain(secret);
        }
        if (row.state) expect(await row.state(target), `${who} changes nothing of A’s`).toEqual(before);
        if (row.absent) {
          const missing = await request(row, who, row.absent);
          expect(reading(page, target), `${who}: A’s object reads like a missing one`).toEqual(
            reading(missing, row.absent),
          );
        }
      }
      const before = await row.state?.(target);
      const page = await request(row, 'A', target);
      expect(page.status, 'A').toBe(answer(row.owner, target).status);
      if (row.shows) expect(page.body).toContain(row.shows(target));
      if (row.state) expect(await row.state(target), 'A’s own request takes effect').not.toEqual(before);
      expect((await alice.client.get('/en/account')).status, 'A is still signed in').toBe(200);
    });
  }

  it('a guest order is seen only in the session that placed it: not by A, B or a signed-out visitor', async () => {
    const url = `/en/order/${guestOrder}`;
    expect((await guest.get(url)).status).toBe(200);
    for (const [who, client] of [
      ['A', alice.client],
      ['B', bob.client],
      ['signed out', new FormClient(shop.server)],
    ] as const) {
      const page = await client.get(url);
      expect(page.status, who).toBe(303);
      expect(page.location, who).toBe(`/en/order-status?code=${guestOrder}`);
    }
  });
});
