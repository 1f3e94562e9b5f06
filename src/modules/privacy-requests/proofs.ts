import { createHmac, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Locale } from '../../i18n/locales.ts';
import { translate } from '../../i18n/translate.ts';
import type { Outbox } from '../../notify/outbox.ts';
import type { Preset } from '../../presets/types.ts';
import type { PrivacyKernel } from '../../privacy/kernel.ts';
import type { CustomerService } from '../customers/service.ts';
import { requestMail } from './mail.ts';
import { reachableSubjects } from './subjects.ts';

export const PROOF_TTL_MS = 15 * 60_000;
export const PROOF_ATTEMPTS = 5;
/** How long a proved contact lets the guest make requests in that browser session. */
export const PROOF_VALID_MS = 60 * 60_000;

export type ContactKind = 'email' | 'phone';
export interface ProvedContact {
  kind: ContactKind;
  bidx: string;
  /** The data subject for the request, whose key seals `contactEnc` (field dsr_proofs.contact_enc). */
  subjectId: string;
  contactEnc: string | null;
}

export type ProofCheck = { ok: true } | { ok: false; reason: 'invalid' | 'expired' | 'too_many' };

/**
 * A guest proves an e-mail or phone is theirs with a six-digit code sent to it (as accounts confirm a phone: only a
 * keyed hash of the code is kept, 15 minutes, 5 attempts). The code is sent only when the address leads to some
 * customer record, but the proof row is made and the answer is the same either way: the page tells nobody whether
 * the shop knows an address.
 */
export class GuestProofs {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly customers: CustomerService,
    private readonly outbox: Outbox,
    private readonly preset: Preset,
    private readonly kernel: PrivacyKernel,
    private readonly codeKey: Buffer,
  ) {}

  bidxOf(kind: ContactKind, value: string): string {
    return kind === 'email' ? this.customers.emailIndex(value)! : this.customers.phoneIndex(value);
  }

  async start(kind: ContactKind, value: string, locale: Locale): Promise<string> {
    const id = randomUUID();
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const bidx = this.bidxOf(kind, value);
    const now = Date.now();
    const subjects = await reachableSubjects(this.db, kind === 'email' ? { emailBidx: bidx } : { phoneBidx: bidx });
    // The request made with this proof gets a data subject of its own; the contact waits sealed under its key.
    const subjectId = subjects.length > 0 ? await this.kernel.newSubject() : null;
    await this.db
      .insertInto('dsr_proofs')
      .values({
        id,
        contact_kind: kind,
        contact_bidx: bidx,
        subject_id: subjectId,
        contact_enc: subjectId ? await this.kernel.seal(subjectId, 'dsr_proofs.contact_enc', value) : null,
        code_hash: this.codeHash(id, code),
        attempts: 0,
        expires_at: new Date(now + PROOF_TTL_MS).toISOString(),
        verified_at: null,
        created_at: new Date(now).toISOString(),
      })
      .execute();
    if (subjectId) {
      const shop = this.preset.identity.name[locale];
      const message =
        kind === 'email'
          ? { kind: 'mail' as const, mail: requestMail(locale, this.preset, 'code', value, { code }) }
          : { kind: 'sms' as const, to: value, text: translate(locale, 'dsr.sms.code', { shop, code }) };
      await this.outbox.send(subjectId, 'account.access', `dsr-proof:${id}`, message);
    }
    return id;
  }

  async check(id: string, code: string): Promise<ProofCheck> {
    const row = await this.db.selectFrom('dsr_proofs').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || row.verified_at) return { ok: false, reason: 'invalid' };
    if (row.attempts >= PROOF_ATTEMPTS) return { ok: false, reason: 'too_many' };
    if (row.expires_at < new Date().toISOString()) return { ok: false, reason: 'expired' };
    const expected = Buffer.from(row.code_hash);
    const given = Buffer.from(this.codeHash(id, code.trim()));
    if (!timingSafeEqual(expected, given)) {
      await this.db
        .updateTable('dsr_proofs')
        .set({ attempts: row.attempts + 1 })
        .where('id', '=', id)
        .execute();
      return { ok: false, reason: row.attempts + 1 >= PROOF_ATTEMPTS ? 'too_many' : 'invalid' };
    }
    const claimed = await this.db
      .updateTable('dsr_proofs')
      .set({ verified_at: new Date().toISOString() })
      .where('id', '=', id)
      .where('verified_at', 'is', null)
      .executeTakeFirst();
    return Number(claimed.numUpdatedRows) === 1 ? { ok: true } : { ok: false, reason: 'invalid' };
  }

  /** What a verified, still fresh proof stands for, or null. */
  async proved(id: string): Promise<ProvedContact | null> {
    const row = await this.db
      .selectFrom('dsr_proofs')
      .select(['contact_kind', 'contact_bidx', 'verified_at', 'subject_id', 'contact_enc'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row?.verified_at || !row.subject_id || Date.parse(row.verified_at) + PROOF_VALID_MS < Date.now()) return null;
    return {
      kind: row.contact_kind as ContactKind,
      bidx: row.contact_bidx,
      subjectId: row.subject_id,
      contactEnc: row.contact_enc,
    };
  }

  private codeHash(id: string, code: string): string {
    return createHmac('sha256', this.codeKey).update(`dsr-proof:${id}:${code}`).digest('hex');
  }
}
