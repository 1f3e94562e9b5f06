import type { FastifyInstance, InjectOptions } from 'fastify';
import { expect } from 'vitest';
import { type Inbox, linkIn } from '../../helpers/mail.ts';
import type { TestShop } from '../../helpers/shop.ts';
import type { TestPerson } from './run.ts';

export type ActorKind = 'visitor' | 'customer' | 'staff';

const PASSWORD = 'kite string over the padma';

/**
 * Someone talking to the in-process server (Fastify's inject): a session cookie, its CSRF token, our Origin. A
 * visitor has a cart; a customer registered and confirmed their e-mail; staff is an owner signed in.
 */
export class Actor {
  cookie = '';
  csrf = '';

  constructor(
    readonly kind: ActorKind,
    private readonly server: FastifyInstance,
    private readonly signIn: (actor: Actor) => Promise<void>,
  ) {}

  async request(options: InjectOptions & { method: string; url: string }) {
    const res = await this.server.inject({
      ...options,
      headers: {
        host: 'localhost:80',
        origin: 'http://localhost:80',
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...options.headers,
      },
    });
    for (const c of [res.headers['set-cookie'] ?? []].flat()) {
      const [name, value] = c.split(';')[0].split('=');
      this.cookie = value ? `${name}=${value}` : '';
    }
    const csrf = /name="_csrf" value="([^"]*)"/.exec(res.body);
    if (csrf) this.csrf = csrf[1];
    return res;
  }

  get(url: string) {
    return this.request({ method: 'GET', url });
  }

  post(url: string, form: Record<string, string>) {
    return this.request({
      method: 'POST',
      url,
      payload: new URLSearchParams({ _csrf: this.csrf, ...form }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  }

  /** Signs in again when a fuzzed request ended the session (sign-out, "end other sessions" …). */
  async ensureSignedIn(): Promise<void> {
    if (this.kind === 'visitor') return;
    const home = await this.get(this.kind === 'staff' ? '/en/staff' : '/en/account');
    if (home.statusCode !== 200) await this.signIn(this);
  }
}

export async function visitor(shop: TestShop, productId: string): Promise<Actor> {
  const actor = new Actor('visitor', shop.server, async () => {});
  await actor.get(`/en/p/${productId}`);
  expect((await actor.post('/en/cart/add', { product: productId, quantity: '1' })).statusCode).toBe(303);
  await actor.get('/en/cart');
  return actor;
}

/** Registers through the form and confirms the e-mailed link, which signs the customer in. */
export const CUSTOMER_PASSWORD = PASSWORD;

export async function customer(shop: TestShop, inbox: Inbox, person: TestPerson, username: string): Promise<Actor> {
  const signIn = async (actor: Actor) => {
    actor.cookie = '';
    await actor.get('/en/account/signin');
    const res = await actor.post('/en/account/signin', { identifier: username, password: PASSWORD });
    expect(res.statusCode).toBe(303);
    await actor.get('/en/account');
  };
  const actor = new Actor('customer', shop.server, signIn);
  await actor.get('/en/account/register');
  const registered = await actor.post('/en/account/register', { ...person, username, password: PASSWORD });
  expect(registered.statusCode).toBeLessThan(400);
  const link = new URL(linkIn(await inbox.waitFor(person.email, /Confirm your e-mail/), '/account/confirm/')).pathname;
  await actor.get(link);
  expect((await actor.post(link, {})).statusCode).toBeLessThan(400);
  await actor.ensureSignedIn();
  return actor;
}

export const OWNER = { username: 'fuzz-owner', password: PASSWORD };

/** The shop's owner, signed in (the account is made on first use). */
export async function owner(shop: TestShop): Promise<Actor> {
  if (!(await shop.app.staff.byUsername(OWNER.username))) {
    await shop.app.staff.create({ username: OWNER.username, displayName: 'Owner', role: 'owner', password: PASSWORD });
  }
  const signIn = async (actor: Actor) => {
    actor.cookie = '';
    await actor.get('/en/staff/login');
    const res = await actor.post('/en/staff/login', { username: 'fuzz-owner', password: PASSWORD });
    expect(res.statusCode).toBe(303);
    await actor.get('/en/staff');
  };
  const actor = new Actor('staff', shop.server, signIn);
  await signIn(actor);
  return actor;
}
