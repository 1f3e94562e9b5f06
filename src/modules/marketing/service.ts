import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Locale } from '../../i18n/locales.ts';
import type { Outbox, SealedMessage } from '../../notify/outbox.ts';
import type { Preset } from '../../presets/types.ts';
import type { PrivacyKernel } from '../../privacy/kernel.ts';
import type { PublicUrl } from '../../public-url.ts';
import type { PolicyVersions } from '../policy/versions.ts';
import { campaignMail, campaignSms, confirmationMail, confirmationSms } from './mail.ts';

export type MarketingChannel = 'email' | 'sms';
export type SubscriptionStatus = 'none' | 'pending' | 'confirmed';
export type OptInSource = 'registration' | 'account' | 'checkout';
/** How a subscription ended; 'replaced' is a pending one superseded by a newer request. */
export type WithdrawnHow = 'one_click' | 'link' | 'account' | 'request' | 'replaced';
export type ConfirmResult =
  | { ok: true; channel: MarketingChannel }
  | { ok: false; reason: 'invalid' | 'expired' | 'used' };

/** A confirmation link is good for a week: the customer may read their mail later than an account link's day. */
const CONFIRM_TTL_MS = 7 * 24 * 3600_000;
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * News and offers only for those who ask (HK-14, KT-06, KN-09): an unticked box starts a pending subscription and
 * sends a confirmation link to that very address or phone (double opt-in); only a confirmed subscription receives
 * campaigns. Every campaign message carries a one-click unsubscribe (an HMAC-signed link; RFC 8058 headers on
 * e-mail) and stopping needs neither a session nor a password (CM-15).
 */
export class MarketingService {
  private readonly unsubscribeKey: Buffer;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly kernel: PrivacyKernel,
    private readonly outbox: Outbox,
    private readonly preset: Preset,
    private readonly publicUrl: PublicUrl,
    private readonly versions: PolicyVersions,
    secret: Buffer,
  ) {
    this.unsubscribeKey = createHmac('sha256', secret).update('marketing-unsubscribe').digest();
  }

  /** E-mail always; SMS where the shop sends SMS at all. */
  get channels(): MarketingChannel[] {
    return this.preset.orderSms ? ['email', 'sms'] : ['email'];
  }

  async status(subjectId: string): Promise<Record<MarketingChannel, SubscriptionStatus>> {
    const rows = await this.db
      .selectFrom('marketing_subscriptions')
      .select(['channel', 'status'])
      .where('subject_id', '=', subjectId)
      .where('status', '!=', 'withdrawn')
      .execute();
    const of = (channel: MarketingChannel): SubscriptionStatus => {
      const statuses = rows.filter((r) => r.channel === channel).map((r) => r.status);
      return statuses.includes('confirmed') ? 'confirmed' : statuses.includes('pending') ? 'pending' : 'none';
    };
    return { email: of('email'), sms: of('sms') };
  }

  /** Starts a double opt-in: a pending subscription and a confirmation sent to the address itself. */
  async requestOptIn(input: {
    subjectId: string;
    channel: MarketingChannel;
    address: string;
    locale: Locale;
    source: OptInSource;
  }): Promise<void> {
    if (!this.channels.includes(input.channel)) return;
    const current = await this.status(input.subjectId);
    if (current[input.channel] === 'confirmed') return;
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    const id = randomUUID();
    const link = this.publicUrl.link(input.locale, `/marketing/confirm/${token}`);
    const message: SealedMessage = await this.outbox.seal(
      input.subjectId,
      'marketing.email',
      `marketing:${id}:confirm`,
      input.channel === 'email'
        ? { kind: 'mail', mail: confirmationMail(input.locale, this.preset, input.address, link) }
        : { kind: 'sms', to: input.address, text: confirmationSms(input.locale, this.preset, link) },
    );
    await this.db.transaction().execute(async (trx) => {
      // A new request replaces one still waiting: only the newest link confirms.
      await trx
        .updateTable('marketing_subscriptions')
        .set({ status: 'withdrawn', withdrawn_at: now.toISOString(), withdrawn_how: 'replaced', address_enc: null })
        .where('subject_id', '=', input.subjectId)
        .where('channel', '=', input.channel)
        .where('status', '=', 'pending')
        .execute();
      await trx
        .insertInto('marketing_subscriptions')
        .values({
          id,
          subject_id: input.subjectId,
          channel: input.channel,
          address_enc: await this.kernel.seal(input.subjectId, 'marketing_subscriptions.address_enc', input.address),
          locale: input.locale,
          source: input.source,
          status: 'pending',
          requested_at: now.toISOString(),
          requested_policy_version: this.versions.current.number,
          confirm_token_hash: hashToken(token),
          confirm_expires_at: new Date(now.getTime() + CONFIRM_TTL_MS).toISOString(),
          confirmed_at: null,
          confirmed_policy_version: null,
          withdrawn_at: null,
          withdrawn_how: null,
        })
        .execute();
      await this.outbox.add(trx, message);
    });
    this.outbox.wake();
  }

  /** What a confirmation link would do, without using it (a mail scanner opening the link confirms nothing). */
  async peek(token: string): Promise<'ok' | 'invalid' | 'expired' | 'used'> {
    const row = await this.byToken(token);
    if (!row) return 'invalid';
    if (row.status !== 'pending') return 'used';
    return (row.confirm_expires_at ?? '') < new Date().toISOString() ? 'expired' : 'ok';
  }

  /** Confirms with the link's token, once: the guarded update is the check. */
  async confirm(token: string): Promise<ConfirmResult> {
    const state = await this.peek(token);
    if (state !== 'ok') return { ok: false, reason: state };
    const now = new Date().toISOString();
    const row = await this.db
      .updateTable('marketing_subscriptions')
      .set({
        status: 'confirmed',
        confirmed_at: now,
        confirmed_policy_version: this.versions.current.number,
      })
      .where('confirm_token_hash', '=', hashToken(token))
      .where('status', '=', 'pending')
      .where('confirm_expires_at', '>=', now)
      .returning(['channel'])
      .executeTakeFirst();
    return row ? { ok: true, channel: row.channel as MarketingChannel } : { ok: false, reason: 'used' };
  }

  /** Stops one channel (or all) for a subject; the address is dropped with it. */
  async withdraw(subjectId: string, how: WithdrawnHow, channel?: MarketingChannel): Promise<number> {
    let query = this.db
      .updateTable('marketing_subscriptions')
      .set({ status: 'withdrawn', withdrawn_at: new Date().toISOString(), withdrawn_how: how, address_enc: null })
      .where('subject_id', '=', subjectId)
      .where('status', '!=', 'withdrawn');
    if (channel) query = query.where('channel', '=', channel);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** The hook the data-subject requests call: stop every marketing message to these subjects (CM-15). */
  async optOutOfMarketing(subjectIds: string[]): Promise<number> {
    let stopped = 0;
    for (const subjectId of subjectIds) stopped += await this.withdraw(subjectId, 'request');
    return stopped;
  }

  /** My Account's boxes: a newly ticked channel starts a double opt-in, an unticked one stops at once. */
  async setPreferences(
    subjectId: string,
    wanted: Record<MarketingChannel, boolean>,
    contacts: { email: string | null; phone: string | null },
    locale: Locale,
  ): Promise<void> {
    const current = await this.status(subjectId);
    for (const channel of this.channels) {
      const address = channel === 'email' ? contacts.email : contacts.phone;
      if (wanted[channel] && current[channel] === 'none' && address)
        await this.requestOptIn({ subjectId, channel, address, locale, source: 'account' });
      if (!wanted[channel] && current[channel] !== 'none') await this.withdraw(subjectId, 'account', channel);
    }
  }

  /** The unsubscribe link of a subscription: its id and an HMAC of it, so no token needs storing. */
  unsubscribeUrl(subscriptionId: string): string {
    return `${this.publicUrl.origin}/unsubscribe/${subscriptionId}/${this.unsubscribeToken(subscriptionId)}`;
  }

  /** The language of a subscription whose unsubscribe link is genuine, or null. */
  async checkUnsubscribe(subscriptionId: string, token: string): Promise<{ locale: Locale; active: boolean } | null> {
    const expected = Buffer.from(this.unsubscribeToken(subscriptionId));
    const given = Buffer.from(token);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    const row = await this.db
      .selectFrom('marketing_subscriptions')
      .select(['locale', 'status'])
      .where('id', '=', subscriptionId)
      .executeTakeFirst();
    return row ? { locale: row.locale as Locale, active: row.status !== 'withdrawn' } : null;
  }

  /** One-click unsubscribe: the genuine link stops the subscription, whoever holds it, without a session. */
  async unsubscribe(subscriptionId: string, token: string, how: WithdrawnHow): Promise<Locale | null> {
    const checked = await this.checkUnsubscribe(subscriptionId, token);
    if (!checked) return null;
    await this.db
      .updateTable('marketing_subscriptions')
      .set({ status: 'withdrawn', withdrawn_at: new Date().toISOString(), withdrawn_how: how, address_enc: null })
      .where('id', '=', subscriptionId)
      .where('status', '!=', 'withdrawn')
      .execute();
    return checked.locale;
  }

  async confirmedCount(channel: MarketingChannel): Promise<number> {
    const row = await this.db
      .selectFrom('marketing_subscriptions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('channel', '=', channel)
      .where('status', '=', 'confirmed')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * Sends a campaign to every confirmed subscriber of a channel, through the outbox: the campaign and its messages
   * are one transaction, each message sealed for its subscriber and carrying their own unsubscribe link.
   */
  async sendCampaign(input: {
    channel: MarketingChannel;
    subject: string;
    body: string;
    staffId: string;
  }): Promise<{ id: string; recipients: number }> {
    const id = randomUUID();
    const subscribers = await this.db
      .selectFrom('marketing_subscriptions')
      .select(['id', 'subject_id', 'address_enc', 'locale'])
      .where('channel', '=', input.channel)
      .where('status', '=', 'confirmed')
      .execute();
    const messages: SealedMessage[] = [];
    for (const s of subscribers) {
      const opened = await this.kernel.reveal({
        actor: { kind: 'system', job: 'marketing-campaign' },
        purpose: 'marketing.email',
        subjectId: s.subject_id,
        fields: { 'marketing_subscriptions.address_enc': s.address_enc },
        detail: `campaign:${id}`,
      });
      const address = opened['marketing_subscriptions.address_enc'];
      if (!address) continue;
      const locale = s.locale as Locale;
      const unsubscribe = this.unsubscribeUrl(s.id);
      messages.push(
        await this.outbox.seal(
          s.subject_id,
          'marketing.email',
          `campaign:${id}:${s.id}`,
          input.channel === 'email'
            ? { kind: 'mail', mail: campaignMail(locale, this.preset, address, input, unsubscribe) }
            : { kind: 'sms', to: address, text: campaignSms(locale, this.preset, input.body, unsubscribe) },
        ),
      );
    }
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('marketing_campaigns')
        .values({
          id,
          channel: input.channel,
          subject: input.subject,
          body: input.body,
          sent_by: input.staffId,
          created_at: new Date().toISOString(),
          recipients: messages.length,
        })
        .execute();
      for (let i = 0; i < messages.length; i += 200) await this.outbox.add(trx, ...messages.slice(i, i + 200));
    });
    this.outbox.wake();
    return { id, recipients: messages.length };
  }

  private unsubscribeToken(subscriptionId: string): string {
    return createHmac('sha256', this.unsubscribeKey).update(subscriptionId).digest('base64url').slice(0, 32);
  }

  private byToken(token: string) {
    return this.db
      .selectFrom('marketing_subscriptions')
      .select(['status', 'confirm_expires_at'])
      .where('confirm_token_hash', '=', hashToken(token))
      .executeTakeFirst();
  }
}
