import { createHash, createHmac, randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import type { Locale } from '../../i18n/locales.ts';
import { translate } from '../../i18n/translate.ts';
import type { Outbox, OutboxMessage } from '../../notify/outbox.ts';
import type { Preset } from '../../presets/types.ts';
import { appendAudit } from '../../privacy/audit.ts';
import type { Actor, PrivacyKernel } from '../../privacy/kernel.ts';
import { hashPassword, verifyPassword } from '../../privacy/password-hash.ts';
import type { PublicUrl } from '../../public-url.ts';
import type { CustomerService } from '../customers/service.ts';
import type { MarketingService } from '../marketing/service.ts';
import type { OrderStatus } from '../orders/lifecycle.ts';
import { accountMail } from './mail.ts';

export const RESET_TTL_MS = 3600_000;
export const CONFIRM_TTL_MS = 24 * 3600_000;
export const CODE_TTL_MS = 10 * 60_000;
export const CODE_ATTEMPTS = 5;

/** How a customer names their account at sign-in: one of these is set. */
export type Identifier = { username?: string; email?: string; phone?: string };

export type TokenPurpose = 'confirm_email' | 'reset_password' | 'change_email';
export type TokenResult =
  | { ok: true; accountId: string; newValue: string | null }
  | { ok: false; reason: 'invalid' | 'expired' | 'used' | 'taken' };
export type CodeResult = { ok: true } | { ok: false; reason: 'invalid' | 'expired' | 'too_many' | 'none' | 'taken' };

export interface RegistrationInput {
  name: string;
  username: string;
  email: string;
  phone: string;
  address: string;
  password: string;
  marketingEmail: boolean;
  locale: Locale;
}

export interface Profile {
  id: string;
  customerId: string;
  subjectId: string;
  username: string | null;
  name: string | null;
  email: string | null;
  phone: string | null;
  address: string | null;
  emailConfirmed: boolean;
  phoneConfirmed: boolean;
  /** Asked for news by e-mail / SMS: confirmed, or waiting for the confirmation link (marketing/service.ts). */
  marketingEmail: boolean;
  marketingSms: boolean;
  /** A request for news still waits for its confirmation link to be used. */
  marketingPending: boolean;
}

/**
 * Customer accounts: registration, sign-in by username, e-mail or phone (through blind indexes), confirmation of
 * e-mail and phone, password reset, and the data behind "My Account". Nothing here reveals whether an account
 * exists: a duplicate registration or a reset for an unknown address answers exactly like a successful one.
 */
export class AccountService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly dialect: DialectName,
    private readonly kernel: PrivacyKernel,
    private readonly customers: CustomerService,
    private readonly preset: Preset,
    private readonly codeKey: Buffer,
    private readonly publicUrl: PublicUrl,
    private readonly outbox: Outbox,
    private readonly marketing: MarketingService,
  ) {}

  /**
   * Queues a message to the person with this data subject: sealed with their key, sent by the outbox worker after
   * the answer, so neither the time of the answer nor a mail server's failure tells anything about accounts.
   */
  private async tell(subjectId: string, message: OutboxMessage): Promise<void> {
    await this.outbox.send(subjectId, 'account.access', `account:${randomUUID()}`, message);
  }

  usernameIndex(username: string): string {
    return createHmac('sha256', this.codeKey)
      .update(`username:${username.trim().toLowerCase()}`)
      .digest('hex')
      .slice(0, 40);
  }

  async usernameTaken(username: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('accounts')
      .select('id')
      .where('username_bidx', '=', this.usernameIndex(username))
      .executeTakeFirst();
    return Boolean(row);
  }

  /** The account whose customer has this e-mail or phone (blind index), if any. */
  /**
   * The account whose customer has this e-mail or phone, confirmed (KN-05). An address someone typed but never
   * confirmed names nobody: it neither signs in nor blocks its real owner from registering with it.
   */
  private async accountByContact(kind: 'email' | 'phone', value: string, options: { confirmedOnly?: boolean } = {}) {
    const bidx = kind === 'email' ? this.customers.emailIndex(value) : this.customers.phoneIndex(value);
    if (!bidx) return undefined;
    let query = this.db
      .selectFrom('accounts as a')
      .innerJoin('customers as c', 'c.id', 'a.customer_id')
      .select(['a.id', 'a.password_hash', 'c.subject_id', 'c.email_enc', 'c.phone_enc'])
      .where(kind === 'email' ? 'c.email_bidx' : 'c.phone_bidx', '=', bidx);
    if (options.confirmedOnly !== false) {
      query = query.where(kind === 'email' ? 'a.email_confirmed_at' : 'a.phone_confirmed_at', 'is not', null);
    }
    // Unconfirmed claims are found only by staff, and then the confirmed one comes first.
    const confirmed = kind === 'email' ? 'a.email_confirmed_at' : 'a.phone_confirmed_at';
    return query.orderBy(sql`${sql.ref(confirmed)} is null`).executeTakeFirst();
  }

  /** Whether another account has confirmed this e-mail or phone. */
  private async takenByAnother(kind: 'email' | 'phone', value: string, accountId: string): Promise<boolean> {
    const owner = await this.accountByContact(kind, value);
    return owner !== undefined && owner.id !== accountId;
  }

  /** Whether this e-mail or phone is the account's own (confirmed or not). */
  private async ownsContact(accountId: string, kind: 'email' | 'phone', value: string): Promise<boolean> {
    const bidx = kind === 'email' ? this.customers.emailIndex(value) : this.customers.phoneIndex(value);
    const row = await this.db
      .selectFrom('accounts as a')
      .innerJoin('customers as c', 'c.id', 'a.customer_id')
      .select('a.id')
      .where('a.id', '=', accountId)
      .where(kind === 'email' ? 'c.email_bidx' : 'c.phone_bidx', '=', bidx)
      .executeTakeFirst();
    return Boolean(row);
  }

  /**
   * Registers a new account and sends the e-mail confirmation link and the phone code. When the e-mail or phone
   * already belongs to an account, nothing is created: the owner of that address is told instead, and the caller
   * shows the same "check your e-mail" page either way.
   */
  async register(input: RegistrationInput): Promise<{ ok: true } | { ok: false; error: 'username_taken' }> {
    if (await this.usernameTaken(input.username)) return { ok: false, error: 'username_taken' };
    const email = input.email.trim().toLowerCase();
    const byEmail = await this.accountByContact('email', email);
    const byPhone = byEmail ? undefined : await this.accountByContact('phone', input.phone);
    if (byEmail || byPhone) {
      // The same costly work as a new registration, so the time of the answer does not tell the two apart.
      await hashPassword(input.password);
      if (byEmail) {
        const mail = accountMail(input.locale, this.preset, 'exists', email, {
          link: this.link(input.locale, '/account/forgot'),
        });
        await this.tell(byEmail.subject_id, { kind: 'mail', mail });
      } else if (byPhone) {
        const text = translate(input.locale, 'sms.exists', { shop: this.preset.identity.name[input.locale] });
        await this.tell(byPhone.subject_id, { kind: 'sms', to: input.phone, text });
      }
      return { ok: true };
    }
    const subjectId = await this.kernel.newSubject();
    const customerId = randomUUID();
    const accountId = randomUUID();
    const now = new Date().toISOString();
    const passwordHash = await hashPassword(input.password);
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('customers')
        .values({
          id: customerId,
          subject_id: subjectId,
          name_enc: await this.kernel.seal(subjectId, 'customers.name_enc', input.name),
          email_enc: await this.kernel.seal(subjectId, 'customers.email_enc', email),
          phone_enc: await this.kernel.seal(subjectId, 'customers.phone_enc', input.phone),
          address_enc: await this.kernel.seal(subjectId, 'customers.address_enc', input.address),
          email_bidx: this.customers.emailIndex(email),
          phone_bidx: this.customers.phoneIndex(input.phone),
          created_at: now,
        })
        .execute();
      await trx
        .insertInto('accounts')
        .values({
          id: accountId,
          customer_id: customerId,
          username_bidx: this.usernameIndex(input.username),
          username_enc: (await this.kernel.seal(subjectId, 'accounts.username_enc', input.username.trim()))!,
          password_hash: passwordHash,
          email_confirmed_at: null,
          phone_confirmed_at: null,
          // Superseded by marketing_subscriptions (double opt-in, HK-14); kept at 0 until a migration drops them.
          marketing_email: 0,
          marketing_sms: 0,
          created_at: now,
        })
        .execute();
    });
    const token = await this.issueToken(accountId, 'confirm_email', null);
    const mail = accountMail(input.locale, this.preset, 'confirm', email, {
      link: this.link(input.locale, `/account/confirm/${token}`),
    });
    await this.tell(subjectId, { kind: 'mail', mail });
    await this.sendPhoneCode(accountId, subjectId, input.phone, input.locale);
    // The ticked box asks; the link sent to the address confirms (double opt-in).
    if (input.marketingEmail)
      await this.marketing.requestOptIn({
        subjectId,
        channel: 'email',
        address: email,
        locale: input.locale,
        source: 'registration',
      });
    return { ok: true };
  }

  /** The account a username, e-mail or phone (E.164) names, looked up through its blind index. */
  private async byIdentifier(identifier: Identifier): Promise<{ id: string; password_hash: string } | undefined> {
    if (identifier.email) return this.accountByContact('email', identifier.email.toLowerCase());
    if (identifier.phone) return this.accountByContact('phone', identifier.phone);
    if (!identifier.username) return undefined;
    return this.db
      .selectFrom('accounts')
      .select(['id', 'password_hash'])
      .where('username_bidx', '=', this.usernameIndex(identifier.username))
      .executeTakeFirst();
  }

  /**
   * What sign-in attempts are counted under: the account the identifier names, so that its username, e-mail and
   * phone share one limit; for an unknown identifier, the identifier itself (never told apart by the answer).
   */
  async attemptKey(identifier: Identifier): Promise<string> {
    const account = await this.byIdentifier(identifier);
    if (account) return `account:${account.id}`;
    return `unknown:${identifier.email ?? identifier.phone ?? identifier.username?.trim().toLowerCase() ?? ''}`;
  }

  /** The account for a username, e-mail or phone (E.164) with this password, or null — in constant-ish time. */
  async signIn(identifier: Identifier, password: string): Promise<string | null> {
    const row = await this.byIdentifier(identifier);
    const ok = await verifyPassword(row?.password_hash, password);
    return ok && row ? row.id : null;
  }

  /** Sends a reset link when the identifier belongs to an account; answers the same either way. */
  async requestReset(identifier: Identifier, locale: Locale): Promise<void> {
    const account = await this.byIdentifier(identifier);
    if (!account) return;
    await this.sendResetLink(account.id, locale, { kind: 'system', job: 'password-reset' });
  }

  private async sendResetLink(accountId: string, locale: Locale, actor: Actor): Promise<boolean> {
    const to = (await this.profile(accountId, actor))?.email;
    if (!to) return false;
    const token = await this.issueToken(accountId, 'reset_password', null);
    const mail = accountMail(locale, this.preset, 'reset', to, { link: this.link(locale, `/account/reset/${token}`) });
    await this.tell(await this.subjectOf(accountId), { kind: 'mail', mail });
    return true;
  }

  /** Uses a single-use link: marks it used in the same statement that checks it, so two clicks cannot both win. */
  async useToken(token: string, purpose: TokenPurpose): Promise<TokenResult> {
    const id = hashToken(token);
    const row = await this.db
      .selectFrom('account_tokens')
      .selectAll()
      .where('id', '=', id)
      .where('purpose', '=', purpose)
      .executeTakeFirst();
    if (!row) return { ok: false, reason: 'invalid' };
    if (row.used_at) return { ok: false, reason: 'used' };
    if (row.expires_at < new Date().toISOString()) return { ok: false, reason: 'expired' };
    const claimed = await this.db
      .updateTable('account_tokens')
      .set({ used_at: new Date().toISOString() })
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) return { ok: false, reason: 'used' };
    let newValue: string | null = null;
    if (row.new_value_enc) {
      const subject = await this.subjectOf(row.account_id);
      const opened = await this.kernel.reveal({
        actor: { kind: 'customer', subjectId: subject },
        purpose: 'account.access',
        subjectId: subject,
        fields: { 'account_tokens.new_value_enc': row.new_value_enc },
      });
      newValue = opened['account_tokens.new_value_enc'];
    }
    return { ok: true, accountId: row.account_id, newValue };
  }

  /** Checks a reset link without using it (the form is shown first). */
  async peekToken(token: string, purpose: TokenPurpose): Promise<'ok' | 'invalid' | 'expired' | 'used'> {
    const row = await this.db
      .selectFrom('account_tokens')
      .selectAll()
      .where('id', '=', hashToken(token))
      .where('purpose', '=', purpose)
      .executeTakeFirst();
    if (!row) return 'invalid';
    if (row.used_at) return 'used';
    return row.expires_at < new Date().toISOString() ? 'expired' : 'ok';
  }

  async confirmEmail(token: string): Promise<TokenResult> {
    const result = await this.useToken(token, 'confirm_email');
    // Someone else may have confirmed the same address first: it stays theirs.
    if (result.ok && (await this.confirmedElsewhere(result.accountId, 'email'))) return { ok: false, reason: 'taken' };
    if (result.ok) {
      await this.db
        .updateTable('accounts')
        .set({ email_confirmed_at: new Date().toISOString() })
        .where('id', '=', result.accountId)
        .execute();
    }
    return result;
  }

  /**
   * KN-05: a new e-mail replaces the old one only once the link sent to the new address is used. The account's own
   * address, not yet confirmed, gets a new link too (the first one may have expired).
   */
  async startEmailChange(accountId: string, newEmail: string, locale: Locale): Promise<void> {
    const email = newEmail.trim().toLowerCase();
    if (await this.takenByAnother('email', email, accountId)) return; // taken: answer as if sent, tell nobody
    if (await this.ownsContact(accountId, 'email', email)) {
      const token = await this.issueToken(accountId, 'confirm_email', null);
      const mail = accountMail(locale, this.preset, 'confirm', email, {
        link: this.link(locale, `/account/confirm/${token}`),
      });
      await this.tell(await this.subjectOf(accountId), { kind: 'mail', mail });
      return;
    }
    const subject = await this.subjectOf(accountId);
    const sealed = await this.kernel.seal(subject, 'account_tokens.new_value_enc', email);
    const token = await this.issueToken(accountId, 'change_email', sealed);
    const mail = accountMail(locale, this.preset, 'change', email, {
      link: this.link(locale, `/account/confirm-email/${token}`),
    });
    await this.tell(subject, { kind: 'mail', mail });
  }

  async finishEmailChange(token: string): Promise<TokenResult> {
    const result = await this.useToken(token, 'change_email');
    if (!result.ok || !result.newValue) return result;
    // Someone may have registered the address since the link was sent.
    if (await this.takenByAnother('email', result.newValue, result.accountId)) return { ok: false, reason: 'taken' };
    const account = await this.db
      .selectFrom('accounts')
      .select('customer_id')
      .where('id', '=', result.accountId)
      .executeTakeFirstOrThrow();
    const subject = await this.subjectOf(result.accountId);
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('customers')
        .set({
          email_enc: await this.kernel.seal(subject, 'customers.email_enc', result.newValue),
          email_bidx: this.customers.emailIndex(result.newValue!),
        })
        .where('id', '=', account.customer_id)
        .execute();
      await trx
        .updateTable('accounts')
        .set({ email_confirmed_at: new Date().toISOString() })
        .where('id', '=', result.accountId)
        .execute();
    });
    return result;
  }

  /** Sends a six-digit code to a phone; only a keyed hash of it is kept, for 10 minutes and 5 attempts. */
  async sendPhoneCode(accountId: string, subjectId: string, phone: string, locale: Locale): Promise<void> {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    await this.db.deleteFrom('phone_codes').where('account_id', '=', accountId).where('used_at', 'is', null).execute();
    await this.db
      .insertInto('phone_codes')
      .values({
        id: randomUUID(),
        account_id: accountId,
        code_hash: this.codeHash(accountId, code),
        new_phone_enc: (await this.kernel.seal(subjectId, 'phone_codes.new_phone_enc', phone))!,
        attempts: 0,
        expires_at: new Date(Date.now() + CODE_TTL_MS).toISOString(),
        used_at: null,
        created_at: new Date().toISOString(),
      })
      .execute();
    const text = translate(locale, 'sms.code', { shop: this.preset.identity.name[locale], code });
    await this.tell(subjectId, { kind: 'sms', to: phone, text });
  }

  /** KN-05: a phone becomes the account's confirmed phone only with the code sent to it. */
  async startPhoneChange(accountId: string, phone: string, locale: Locale): Promise<void> {
    if (await this.takenByAnother('phone', phone, accountId)) return; // answer as if sent
    await this.sendPhoneCode(accountId, await this.subjectOf(accountId), phone, locale);
  }

  async confirmPhone(accountId: string, code: string): Promise<CodeResult> {
    const row = await this.db
      .selectFrom('phone_codes')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('used_at', 'is', null)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    if (!row) return { ok: false, reason: 'none' };
    if (row.attempts >= CODE_ATTEMPTS) return { ok: false, reason: 'too_many' };
    if (row.expires_at < new Date().toISOString()) return { ok: false, reason: 'expired' };
    const expected = Buffer.from(row.code_hash);
    const given = Buffer.from(this.codeHash(accountId, code.trim()));
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      await this.db
        .updateTable('phone_codes')
        .set({ attempts: row.attempts + 1 })
        .where('id', '=', row.id)
        .execute();
      return { ok: false, reason: row.attempts + 1 >= CODE_ATTEMPTS ? 'too_many' : 'invalid' };
    }
    const subject = await this.subjectOf(accountId);
    const phone = (
      await this.kernel.reveal({
        actor: { kind: 'customer', subjectId: subject },
        purpose: 'account.access',
        subjectId: subject,
        fields: { 'phone_codes.new_phone_enc': row.new_phone_enc },
      })
    )['phone_codes.new_phone_enc']!;
    if (await this.takenByAnother('phone', phone, accountId)) return { ok: false, reason: 'taken' };
    const account = await this.db
      .selectFrom('accounts')
      .select('customer_id')
      .where('id', '=', accountId)
      .executeTakeFirstOrThrow();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('phone_codes')
        .set({ used_at: new Date().toISOString() })
        .where('id', '=', row.id)
        .execute();
      await trx
        .updateTable('customers')
        .set({
          phone_enc: await this.kernel.seal(subject, 'customers.phone_enc', phone),
          phone_bidx: this.customers.phoneIndex(phone),
        })
        .where('id', '=', account.customer_id)
        .execute();
      await trx
        .updateTable('accounts')
        .set({ phone_confirmed_at: new Date().toISOString() })
        .where('id', '=', accountId)
        .execute();
    });
    return { ok: true };
  }

  async setPassword(accountId: string, password: string): Promise<void> {
    await this.db
      .updateTable('accounts')
      .set({ password_hash: await hashPassword(password) })
      .where('id', '=', accountId)
      .execute();
    // A new password ends every session: whoever knew the old one is signed out.
    await this.db.deleteFrom('sessions').where('account_id', '=', accountId).execute();
  }

  /** The account's data for My Account; a staff actor's reveal is audited, the customer's own is not. */
  async profile(accountId: string, actor?: Actor): Promise<Profile | null> {
    const row = await this.db
      .selectFrom('accounts as a')
      .innerJoin('customers as c', 'c.id', 'a.customer_id')
      .select([
        'a.id',
        'a.customer_id',
        'a.username_enc',
        'a.email_confirmed_at',
        'a.phone_confirmed_at',
        'c.subject_id',
        'c.name_enc',
        'c.email_enc',
        'c.phone_enc',
        'c.address_enc',
      ])
      .where('a.id', '=', accountId)
      .executeTakeFirst();
    if (!row) return null;
    const marketing = await this.marketing.status(row.subject_id);
    const opened = await this.kernel.reveal({
      actor: actor ?? { kind: 'customer', subjectId: row.subject_id },
      purpose: 'account.access',
      subjectId: row.subject_id,
      fields: {
        'accounts.username_enc': row.username_enc,
        'customers.name_enc': row.name_enc,
        'customers.email_enc': row.email_enc,
        'customers.phone_enc': row.phone_enc,
        'customers.address_enc': row.address_enc,
      },
    });
    return {
      id: row.id,
      customerId: row.customer_id,
      subjectId: row.subject_id,
      username: opened['accounts.username_enc'],
      name: opened['customers.name_enc'],
      email: opened['customers.email_enc'],
      phone: opened['customers.phone_enc'],
      address: opened['customers.address_enc'],
      emailConfirmed: row.email_confirmed_at !== null,
      phoneConfirmed: row.phone_confirmed_at !== null,
      marketingEmail: marketing.email !== 'none',
      marketingSms: marketing.sms !== 'none',
      marketingPending: marketing.email === 'pending' || marketing.sms === 'pending',
    };
  }

  async updateProfile(accountId: string, change: { name: string; address: string }): Promise<void> {
    const account = await this.db
      .selectFrom('accounts')
      .select('customer_id')
      .where('id', '=', accountId)
      .executeTakeFirstOrThrow();
    const subject = await this.subjectOf(accountId);
    await this.db
      .updateTable('customers')
      .set({
        name_enc: await this.kernel.seal(subject, 'customers.name_enc', change.name),
        address_enc: await this.kernel.seal(subject, 'customers.address_enc', change.address),
      })
      .where('id', '=', account.customer_id)
      .execute();
  }

  /** A newly ticked channel starts a double opt-in to the account's address; an unticked one stops at once. */
  async setMarketing(accountId: string, email: boolean, sms: boolean, locale: Locale): Promise<void> {
    const profile = await this.profile(accountId);
    if (!profile) return;
    await this.marketing.setPreferences(profile.subjectId, { email, sms }, profile, locale);
  }

  async addresses(accountId: string): Promise<{ id: string; address: string | null }[]> {
    const rows = await this.db
      .selectFrom('addresses')
      .selectAll()
      .where('account_id', '=', accountId)
      .orderBy('created_at')
      .execute();
    const subject = await this.subjectOf(accountId);
    const self: Actor = { kind: 'customer', subjectId: subject };
    const out: { id: string; address: string | null }[] = [];
    for (const r of rows) {
      const opened = await this.kernel.reveal({
        actor: self,
        purpose: 'order.fulfilment',
        subjectId: subject,
        fields: { 'addresses.address_enc': r.address_enc },
      });
      out.push({ id: r.id, address: opened['addresses.address_enc'] });
    }
    return out;
  }

  async addAddress(accountId: string, address: string): Promise<void> {
    const subject = await this.subjectOf(accountId);
    await this.db
      .insertInto('addresses')
      .values({
        id: randomUUID(),
        account_id: accountId,
        address_enc: (await this.kernel.seal(subject, 'addresses.address_enc', address))!,
        created_at: new Date().toISOString(),
      })
      .execute();
  }

  /** Removes one of the account's own addresses; an id of someone else's address changes nothing. */
  async removeAddress(accountId: string, addressId: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('addresses')
      .where('id', '=', addressId)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /**
   * The account's orders: those placed while signed in, and guest orders placed with its confirmed e-mail or
   * confirmed phone (a guest who registers later sees their earlier orders). Two queries.
   */
  async orders(
    accountId: string,
  ): Promise<
    { id: string; code: string; status: OrderStatus; totalMinor: number; currency: string; createdAt: string }[]
  > {
    const a = await this.db
      .selectFrom('accounts as a')
      .innerJoin('customers as c', 'c.id', 'a.customer_id')
      .select(['a.customer_id', 'a.email_confirmed_at', 'a.phone_confirmed_at', 'c.email_bidx', 'c.phone_bidx'])
      .where('a.id', '=', accountId)
      .executeTakeFirstOrThrow();
    const rows = await this.db
      .selectFrom('orders')
      .select(['id', 'code', 'status', 'total_minor', 'currency', 'created_at'])
      .where((eb) =>
        eb.or([
          eb('customer_id', '=', a.customer_id),
          ...(a.email_confirmed_at && a.email_bidx ? [eb('email_bidx', '=', a.email_bidx)] : []),
          ...(a.phone_confirmed_at && a.phone_bidx ? [eb('phone_bidx', '=', a.phone_bidx)] : []),
        ]),
      )
      .orderBy('created_at', 'desc')
      .limit(200)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      code: r.code,
      status: r.status as OrderStatus,
      totalMinor: Number(r.total_minor),
      currency: r.currency,
      createdAt: r.created_at,
    }));
  }

  async exists(accountId: string): Promise<boolean> {
    return Boolean(await this.db.selectFrom('accounts').select('id').where('id', '=', accountId).executeTakeFirst());
  }

  async customerIdOf(accountId: string): Promise<string> {
    return (
      await this.db.selectFrom('accounts').select('customer_id').where('id', '=', accountId).executeTakeFirstOrThrow()
    ).customer_id;
  }

  /** HK-17: staff verified the customer's identity by a recorded method and send a reset link; audited. */
  async assistedRecovery(staffId: string, accountId: string, method: string, locale: Locale): Promise<boolean> {
    const subject = await this.subjectOf(accountId);
    await appendAudit(this.db, this.dialect, {
      actor: `staff:${staffId}`,
      action: 'assisted_recovery',
      purpose: 'account.access',
      subject_id: subject,
      field: null,
      detail: `method:${method}`,
    });
    return this.sendResetLink(accountId, locale, { kind: 'staff', id: staffId });
  }

  /**
   * Staff find an account by the customer's phone or e-mail (blind index), for assisted recovery — also one that was
   * never confirmed: that customer may be exactly the one who needs help.
   */
  async findForStaff(contact: { email?: string; phone?: string }): Promise<string | null> {
    const any = { confirmedOnly: false };
    const row = contact.email
      ? await this.accountByContact('email', contact.email, any)
      : contact.phone
        ? await this.accountByContact('phone', contact.phone, any)
        : undefined;
    return row?.id ?? null;
  }

  /** Whether another account has confirmed the e-mail or phone this account holds. */
  private async confirmedElsewhere(accountId: string, kind: 'email' | 'phone'): Promise<boolean> {
    const column = kind === 'email' ? 'c.email_bidx' : 'c.phone_bidx';
    const own = await this.db
      .selectFrom('accounts as a')
      .innerJoin('customers as c', 'c.id', 'a.customer_id')
      .select(column)
      .where('a.id', '=', accountId)
      .executeTakeFirst();
    const bidx = own ? (kind === 'email' ? own.email_bidx : own.phone_bidx) : null;
    if (!bidx) return false;
    const other = await this.db
      .selectFrom('accounts as a')
      .innerJoin('customers as c', 'c.id', 'a.customer_id')
      .select('a.id')
      .where(column, '=', bidx)
      .where('a.id', '!=', accountId)
      .where(kind === 'email' ? 'a.email_confirmed_at' : 'a.phone_confirmed_at', 'is not', null)
      .executeTakeFirst();
    return Boolean(other);
  }

  async subjectOf(accountId: string): Promise<string> {
    const row = await this.db
      .selectFrom('accounts as a')
      .innerJoin('customers as c', 'c.id', 'a.customer_id')
      .select('c.subject_id')
      .where('a.id', '=', accountId)
      .executeTakeFirstOrThrow();
    return row.subject_id;
  }

  private async issueToken(accountId: string, purpose: TokenPurpose, newValueEnc: string | null): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const ttl = purpose === 'reset_password' ? RESET_TTL_MS : CONFIRM_TTL_MS;
    await this.db
      .insertInto('account_tokens')
      .values({
        id: hashToken(token),
        account_id: accountId,
        purpose,
        new_value_enc: newValueEnc,
        expires_at: new Date(Date.now() + ttl).toISOString(),
        used_at: null,
        created_at: new Date().toISOString(),
      })
      .execute();
    return token;
  }

  private codeHash(accountId: string, code: string): string {
    return createHmac('sha256', this.codeKey).update(`code:${accountId}:${code}`).digest('hex');
  }

  private link(locale: Locale, path: string): string {
    return this.publicUrl.link(locale, path);
  }
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
