import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { textOf } from './helpers/browser.ts';
import { describeEachDatabase, openTestShop, type TestShop } from './helpers/shop.ts';

/** A browser's cookie jar over inject: every cookie kept by name, removals honoured. */
class Browser {
  readonly cookies = new Map<string, string>();
  constructor(
    private readonly server: FastifyInstance,
    private readonly extra: Record<string, string> = {},
  ) {}

  async get(url: string) {
    return this.receive(await this.server.inject({ method: 'GET', url, headers: this.headers() }));
  }

  async post(url: string, form: Record<string, string>) {
    const csrf = this.lastCsrf;
    return this.receive(
      await this.server.inject({
        method: 'POST',
        url,
        payload: new URLSearchParams({ ...(csrf ? { _csrf: csrf } : {}), ...form }).toString(),
        headers: {
          ...this.headers(),
          'content-type': 'application/x-www-form-urlencoded',
          origin: 'http://localhost:80',
        },
      }),
    );
  }

  private lastCsrf = '';
  private headers() {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return { host: 'localhost:80', ...this.extra, ...(cookie ? { cookie } : {}) };
  }

  private receive(res: Awaited<ReturnType<FastifyInstance['inject']>>) {
    for (const c of [res.headers['set-cookie'] ?? []].flat()) {
      const [pair, ...attributes] = c.split(';');
      const [name, value] = pair.split('=');
      const expired = attributes.some((a) => /expires=Thu, 01 Jan 1970/i.test(a) || /max-age=0\b/i.test(a));
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const csrf = /name="_csrf" value="([^"]*)"/.exec(res.body);
    if (csrf) this.lastCsrf = csrf[1];
    return { status: res.statusCode, body: res.body, location: res.headers.location as string | undefined };
  }
}

const BANNER = 'class="consent-banner"';

describeEachDatabase('consent to optional cookies (chotomoni)', (dialect) => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await openTestShop(dialect, 'chotomoni');
  });
  afterAll(async () => shop?.close());

  const records = () => shop.app.db.selectFrom('consent_records').selectAll().orderBy('given_at').execute();

  it('[CM-12] asks with reject as easy as accept, sets nothing before an answer, and records a refusal', async () => {
    const browser = new Browser(shop.server);
    for (const path of ['/bn/', '/en/privacy', '/fa/']) {
      const page = await browser.get(path);
      expect(page.body).toContain(BANNER);
      expect(page.body).toMatch(/<button name="choice" value="accept" class="consent-choice">/);
      expect(page.body).toMatch(/<button name="choice" value="reject" class="consent-choice">/);
      expect(page.body).not.toMatch(/type="checkbox"[^>]*checked/);
    }
    // Nothing at all is set by browsing, before any answer.
    expect(browser.cookies.size).toBe(0);
    expect((await browser.get('/')).location).toBe('/bn/');

    const before = (await records()).length;
    const answered = await browser.post('/en/consent', { choice: 'reject', next: '/privacy' });
    expect(answered.status).toBe(303);
    expect(answered.location).toBe('/en/privacy');
    expect([...browser.cookies.keys()]).toEqual(['amanat_consent']);
    const after = await records();
    expect(after).toHaveLength(before + 1);
    const record = after.at(-1)!;
    expect(JSON.parse(record.choices)).toEqual({ remember_language: false });
    expect(record.given_how).toBe('banner');
    expect(Number(record.policy_version)).toBe(shop.app.policyVersions.current.number);
    expect(record.subject_id).toBeNull();

    // Answered: no more banner, and still no optional cookie.
    expect((await browser.get('/fa/')).body).not.toContain(BANNER);
    expect([...browser.cookies.keys()]).toEqual(['amanat_consent']);
    expect((await browser.get('/')).location).toBe('/bn/');
  });

  it('[CM-12] an agreed feature sets its cookie; withdrawing is one press and is recorded', async () => {
    const browser = new Browser(shop.server);
    await browser.get('/vi/');
    await browser.post('/vi/consent', { choice: 'accept', next: '/' });
    expect(browser.cookies.get('amanat_lang')).toBe('vi');
    await browser.get('/fa/');
    expect(browser.cookies.get('amanat_lang')).toBe('fa');
    expect((await browser.get('/')).location).toBe('/fa/');
    const accepted = (await records()).at(-1)!;
    expect(JSON.parse(accepted.choices)).toEqual({ remember_language: true });

    const settings = await browser.get('/en/cookies');
    expect(settings.body).toMatch(/name="feature_remember_language" value="yes" checked/);
    expect(textOf(settings.body)).toContain('Without it, the main address opens in the shop’s own language');
    await browser.post('/en/consent', { from: 'settings', choice: 'reject', next: '/cookies?saved=1' });
    expect(browser.cookies.has('amanat_lang')).toBe(false);
    expect((await browser.get('/')).location).toBe('/bn/');
    const withdrawn = await shop.app.db
      .selectFrom('consent_records')
      .selectAll()
      .where('id', '=', accepted.id)
      .executeTakeFirstOrThrow();
    expect(withdrawn.withdrawn_at).not.toBeNull();
    expect(withdrawn.withdrawn_how).toBe('settings');
    const latest = (await records()).at(-1)!;
    expect(latest.given_how).toBe('settings');
    expect(JSON.parse(latest.choices)).toEqual({ remember_language: false });
    // A forged consent cookie counts for nothing.
    const forger = new Browser(shop.server);
    forger.cookies.set('amanat_consent', `${'a'.repeat(32)}.remember_language.${'b'.repeat(22)}`);
    expect((await forger.get('/en/')).body).toContain(BANNER);
  });

  it('[CM-12] Sec-GPC: 1 is a refusal on the server: no banner, nothing set, an earlier agreement withdrawn on the record', async () => {
    const gpc = new Browser(shop.server, { 'sec-gpc': '1' });
    const page = await gpc.get('/en/');
    expect(page.body).not.toContain(BANNER);
    expect(gpc.cookies.size).toBe(0);
    expect(textOf((await gpc.get('/en/cookies')).body)).toContain('Your browser sends Global Privacy Control');
    // Pressing accept anyway (an old page) is recorded as the refusal GPC says it is.
    await gpc.post('/en/consent', { choice: 'accept', next: '/' });
    expect(gpc.cookies.has('amanat_lang')).toBe(false);
    const forced = (await records()).at(-1)!;
    expect(forced.given_how).toBe('gpc');
    expect(JSON.parse(forced.choices)).toEqual({ remember_language: false });

    // A visitor who agreed, whose browser then turns GPC on.
    const agreed = new Browser(shop.server);
    await agreed.post('/en/consent', { choice: 'accept', next: '/' });
    expect(agreed.cookies.has('amanat_lang')).toBe(true);
    const agreement = (await records()).at(-1)!;
    const now = new Browser(shop.server, { 'sec-gpc': '1' });
    for (const [k, v] of agreed.cookies) now.cookies.set(k, v);
    const withGpc = await now.get('/en/');
    expect(withGpc.body).not.toContain(BANNER);
    expect(now.cookies.has('amanat_lang')).toBe(false);
    const old = await shop.app.db
      .selectFrom('consent_records')
      .selectAll()
      .where('id', '=', agreement.id)
      .executeTakeFirstOrThrow();
    expect(old.withdrawn_how).toBe('gpc');
    expect((await records()).at(-1)!.given_how).toBe('gpc');
    // And the remembered language is not used while GPC is on.
    expect((await now.get('/')).location).toBe('/bn/');
  });

  it('[CM-12] a signed-in customer’s GPC refusal is on their record, once per policy version', async () => {
    const browser = new Browser(shop.server, { 'sec-gpc': '1' });
    await browser.get('/en/account/register');
    const username = `gpc${dialect}`;
    await browser.post('/en/account/register', {
      name: 'Sumaiya Islam',
      username,
      email: `${username}@example.com`,
      phone: dialect === 'sqlite' ? '01712000601' : '01712000602',
      address: 'House 1, Road 1, Banani, Dhaka',
      password: 'mango season in rajshahi',
    });
    await browser.get('/en/account/signin');
    const signedIn = await browser.post('/en/account/signin', {
      identifier: username,
      password: 'mango season in rajshahi',
    });
    expect(signedIn.status).toBe(303);
    for (const path of ['/en/', '/en/account', '/bn/']) expect((await browser.get(path)).body).not.toContain(BANNER);
    const { account_id: accountId } = await shop.app.db
      .selectFrom('sessions')
      .select('account_id')
      .where('account_id', 'is not', null)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    const subject = await shop.app.accounts.subjectOf(accountId!);
    const theirs = await shop.app.db
      .selectFrom('consent_records')
      .selectAll()
      .where('subject_id', '=', subject)
      .execute();
    expect(theirs).toHaveLength(1);
    expect(theirs[0]).toMatchObject({ given_how: 'gpc', withdrawn_at: null });
    expect(JSON.parse(theirs[0].choices)).toEqual({ remember_language: false });
    expect(browser.cookies.has('amanat_lang')).toBe(false);
  });

  it('[MS-09] the policy says what each optional cookie does and what stops working without it', async () => {
    const text = textOf((await new Browser(shop.server).get('/en/privacy')).body);
    expect(text).toContain('Remember my language');
    expect(text).toContain('Without it, the main address opens in the shop’s own language');
    expect(text).toContain('without them the cart cannot remember items');
    expect(text).toContain('Global Privacy Control');
  });
});

describeEachDatabase('no consent banner where nothing is optional (hatkoro)', (dialect) => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await openTestShop(dialect, 'hatkoro', { seed: false });
  });
  afterAll(async () => shop?.close());

  it('[CM-12] [MS-09] a shop that enables nothing optional asks nothing and says so', async () => {
    const browser = new Browser(shop.server);
    for (const path of ['/bn/', '/en/privacy', '/fa/terms'])
      expect((await browser.get(path)).body).not.toContain(BANNER);
    expect(browser.cookies.size).toBe(0);
    const policy = textOf((await browser.get('/en/privacy')).body);
    expect(policy).toContain('We use no optional cookies, so we never ask you about cookies.');
    expect(textOf((await browser.get('/en/cookies')).body)).toContain('This shop uses no optional cookies');
    // An answer posted anyway records nothing.
    await browser.post('/en/consent', { choice: 'accept', next: '/' });
    expect(await shop.app.db.selectFrom('consent_records').selectAll().execute()).toHaveLength(0);
    expect(browser.cookies.size).toBe(0);
  });
});
