import { createHmac, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DialectName } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import type { DeclaredRecipient } from '../presets/types.ts';
import { appendAudit } from './audit.ts';
import { type DataMap, type FieldId, isPersonal, type Purpose } from './datamap.ts';
import { type KeyStore, open, seal } from './vault.ts';

/** Who asks to see personal data. A customer reading their own data is the subject themselves. */
export type Actor =
  | { kind: 'staff'; id: string }
  | { kind: 'customer'; subjectId: string }
  | { kind: 'system'; job: string };

export function actorLabel(actor: Actor): string {
  if (actor.kind === 'staff') return `staff:${actor.id}`;
  if (actor.kind === 'customer') return `subject:${actor.subjectId}`;
  return `system:${actor.job}`;
}

/** A bug: code asked for a field for a purpose the data map does not declare for it. */
export class PurposeViolation extends Error {}

export type DisclosureResult =
  | { ok: true; projection: Record<string, string | null> }
  | { ok: false; reason: 'undeclared_recipient' | 'field_not_allowed' };

/**
 * The privacy kernel: the only road to plaintext personal data. Sealing encrypts with the subject's data key;
 * revealing names a purpose and an actor, is checked against the data map and is written to the hash-chained
 * audit log; disclosure to a recipient is checked against the recipients the shop declares and registered.
 */
export class PrivacyKernel {
  constructor(
    private readonly deps: {
      db: Kysely<DB>;
      dialect: DialectName;
      keys: KeyStore;
      blindKey: Buffer;
      dataMap: DataMap;
      recipients: DeclaredRecipient[];
    },
  ) {}

  get dataMap(): DataMap {
    return this.deps.dataMap;
  }

  /** Every recipient this install declares: the preset's, and the providers its configuration sends through. */
  get recipients(): readonly DeclaredRecipient[] {
    return this.deps.recipients;
  }

  /** A new data subject with its own data key. Subject ids are random, never derived from personal data. */
  async newSubject(): Promise<string> {
    const id = randomUUID();
    await this.deps.keys.create(id);
    return id;
  }

  async seal(subjectId: string, field: FieldId, value: string | null | undefined): Promise<string | null> {
    if (value === null || value === undefined || value === '') return null;
    const declared = this.deps.dataMap.field(field);
    if (!declared?.encrypted) throw new Error(`${field} is not declared as an encrypted field`);
    const key = await this.deps.keys.get(subjectId);
    if (!key) throw new Error('cannot seal for a shredded subject');
    return seal(key, value, aad(subjectId, field));
  }

  /** Keyed blind index of a normalised e-mail (lower case) or phone (E.164): look-ups never use plaintext. */
  blindIndex(kind: 'email' | 'phone', normalised: string): string {
    return createHmac('sha256', this.deps.blindKey).update(`${kind}:${normalised}`).digest('hex').slice(0, 40);
  }

  /**
   * Reveals sealed fields of one subject for one purpose. Every field must declare the purpose. Staff and system
   * reveals are audited (one entry per call); a subject reading their own data is not. Shredded values come back
   * as null.
   */
  async reveal<F extends FieldId>(request: {
    actor: Actor;
    purpose: Purpose;
    subjectId: string;
    fields: Partial<Record<F, string | null>>;
    detail?: string;
  }): Promise<Record<F, string | null>> {
    const { actor, purpose, subjectId, fields } = request;
    const names = Object.keys(fields) as F[];
    for (const field of names) this.checkPurpose(field, purpose);
    if (!(actor.kind === 'customer' && actor.subjectId === subjectId)) {
      await appendAudit(this.deps.db, this.deps.dialect, {
        actor: actorLabel(actor),
        action: 'reveal',
        purpose,
        subject_id: subjectId,
        field: names.join(','),
        detail: request.detail ?? null,
      });
    }
    return this.openAll(subjectId, fields);
  }

  /**
   * Discloses fields to a declared recipient (HK-01, CM-11, KT-08): refused and audited when the recipient is not
   * declared or a field is outside its scope; otherwise registered and the projection returned.
   *
   * With `handOver` the kernel itself gives the projection to the recipient (the outbox calling an SMS provider) and
   * registers the disclosure only once the hand-over succeeded, so a message retried after failures is registered
   * once. `handOver` resolves false when nothing was handed over (every value shredded): nothing is registered. A
   * hand-over that throws is audited as a reveal naming the recipient (the plaintext was opened, and a timeout may
   * still have reached the recipient) and the error is rethrown.
   */
  async disclose<F extends FieldId>(request: {
    actor: Actor;
    recipientId: string;
    purpose: Purpose;
    subjectId: string;
    fields: Partial<Record<F, string | null>>;
    orderId?: string;
    handOver?: (projection: Record<F, string | null>) => Promise<boolean>;
  }): Promise<DisclosureResult> {
    const { actor, recipientId, purpose, subjectId, fields } = request;
    const names = Object.keys(fields) as F[];
    const recipient = this.deps.recipients.find((r) => r.id === recipientId);
    const refusal = !recipient
      ? 'undeclared_recipient'
      : names.some((f) => !recipient.fields.includes(f))
        ? 'field_not_allowed'
        : null;
    if (refusal) {
      await appendAudit(this.deps.db, this.deps.dialect, {
        actor: actorLabel(actor),
        action: `disclosure_refused:${refusal}`,
        purpose,
        subject_id: subjectId,
        field: names.join(','),
        detail: recipientId,
      });
      return { ok: false, reason: refusal };
    }
    for (const field of names) this.checkPurpose(field, purpose);
    const projection = await this.openAll(subjectId, fields);
    if (request.handOver) {
      let handedOver: boolean;
      try {
        handedOver = await request.handOver(projection);
      } catch (error) {
        await appendAudit(this.deps.db, this.deps.dialect, {
          actor: actorLabel(actor),
          action: 'reveal',
          purpose,
          subject_id: subjectId,
          field: names.join(','),
          detail: `handover_failed:${recipientId}`,
        });
        throw error;
      }
      if (!handedOver) return { ok: true, projection };
    }
    await this.deps.db
      .insertInto('disclosures')
      .values({
        id: randomUUID(),
        at: new Date().toISOString(),
        subject_id: subjectId,
        recipient_id: recipientId,
        fields: names.join(','),
        purpose,
        order_id: request.orderId ?? null,
        actor: actorLabel(actor),
      })
      .execute();
    return { ok: true, projection };
  }

  /**
   * Discloses fields to a declared authority under an approved legal order (MS-07, KN-13, KT-12). An authority's
   * scope is not a fixed field list: each order names its fields, and the approval of that order (checked by the
   * caller, `LegalRequestService`) is what allows them. Still only a recipient the preset declares, only personal
   * fields of the data map, and always registered with the purpose `legal.obligation`.
   */
  async discloseUnderLegalOrder<F extends FieldId>(request: {
    actor: Actor & { kind: 'staff' };
    recipientId: string;
    legalRequestId: string;
    subjectId: string;
    fields: Partial<Record<F, string | null>>;
    orderId: string;
  }): Promise<DisclosureResult & { disclosureId?: string }> {
    const { actor, recipientId, subjectId, fields } = request;
    const names = Object.keys(fields) as F[];
    const recipient = this.deps.recipients.find((r) => r.id === recipientId && r.kind === 'authority');
    if (!recipient) {
      await appendAudit(this.deps.db, this.deps.dialect, {
        actor: actorLabel(actor),
        action: 'disclosure_refused:undeclared_recipient',
        purpose: 'legal.obligation',
        subject_id: subjectId,
        field: names.join(','),
        detail: recipientId,
      });
      return { ok: false, reason: 'undeclared_recipient' };
    }
    for (const field of names) {
      const declared = this.deps.dataMap.field(field);
      if (!declared || !isPersonal(declared)) throw new PurposeViolation(`${field} is not a declared personal field`);
    }
    const projection = await this.openAll(subjectId, fields);
    const id = randomUUID();
    await this.deps.db
      .insertInto('disclosures')
      .values({
        id,
        at: new Date().toISOString(),
        subject_id: subjectId,
        recipient_id: recipientId,
        fields: names.join(','),
        purpose: 'legal.obligation',
        order_id: request.orderId,
        actor: actorLabel(actor),
      })
      .execute();
    await appendAudit(this.deps.db, this.deps.dialect, {
      actor: actorLabel(actor),
      action: 'legal_disclosure',
      purpose: 'legal.obligation',
      subject_id: subjectId,
      field: names.join(','),
      detail: request.legalRequestId,
    });
    return { ok: true, projection, disclosureId: id };
  }

  /**
   * Moves sealed values from one subject's key to another's without the plaintext leaving the kernel: a legal hold
   * keeps what the law requires of an erased subject under a key of its own (CM-14). Both fields must declare the
   * purpose; the whole batch is one audit entry. A value that cannot be opened (already shredded) comes back null.
   */
  async reseal(request: {
    actor: Actor;
    purpose: Purpose;
    from: { subjectId: string; field: FieldId };
    to: { subjectId: string; field: FieldId };
    values: (string | null)[];
    detail?: string;
  }): Promise<(string | null)[]> {
    const { actor, purpose, from, to, values } = request;
    this.checkPurpose(from.field, purpose);
    this.checkPurpose(to.field, purpose);
    if (!this.deps.dataMap.field(to.field)?.encrypted) throw new Error(`${to.field} is not declared as encrypted`);
    const fromKey = await this.deps.keys.get(from.subjectId);
    const toKey = await this.deps.keys.get(to.subjectId);
    if (!toKey) throw new Error('cannot reseal for a shredded subject');
    await appendAudit(this.deps.db, this.deps.dialect, {
      actor: actorLabel(actor),
      action: 'reseal',
      purpose,
      subject_id: from.subjectId,
      field: `${from.field}>${to.field}`,
      detail: request.detail ?? null,
    });
    return values.map((sealed) => {
      if (!fromKey || !sealed) return null;
      const plaintext = open(fromKey, sealed, aad(from.subjectId, from.field));
      return seal(toKey, plaintext, aad(to.subjectId, to.field));
    });
  }

  private checkPurpose(field: FieldId, purpose: Purpose): void {
    const declared = this.deps.dataMap.field(field);
    if (!declared || !isPersonal(declared)) throw new PurposeViolation(`${field} is not a declared personal field`);
    if (!declared.purposes?.includes(purpose)) throw new PurposeViolation(`${field} is not declared for ${purpose}`);
  }

  private async openAll<F extends FieldId>(
    subjectId: string,
    fields: Partial<Record<F, string | null>>,
  ): Promise<Record<F, string | null>> {
    const key = await this.deps.keys.get(subjectId);
    const out = {} as Record<F, string | null>;
    for (const [field, sealed] of Object.entries(fields) as [F, string | null][]) {
      out[field] = key && sealed ? open(key, sealed, aad(subjectId, field)).toString('utf8') : null;
    }
    return out;
  }
}

function aad(subjectId: string, field: FieldId): Buffer {
  return Buffer.from(`${subjectId}|${field}`);
}
