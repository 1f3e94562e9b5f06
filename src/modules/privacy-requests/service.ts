import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DialectName } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import { dayIn } from '../../i18n/format.ts';
import type { Locale } from '../../i18n/locales.ts';
import { translate } from '../../i18n/translate.ts';
import type { Outbox, OutboxMessage } from '../../notify/outbox.ts';
import type { Preset } from '../../presets/types.ts';
import { appendAudit } from '../../privacy/audit.ts';
import { type Actor, actorLabel, type PrivacyKernel } from '../../privacy/kernel.ts';
import type { PublicUrl } from '../../public-url.ts';
import type { CustomerService } from '../customers/service.ts';
import type { MarketingService } from '../marketing/service.ts';
import { deadlinesOf, dueDays, type Urgency, urgencyOf } from './deadlines.ts';
import { CORE_SECTIONS } from './export/core-sections.tsx';
import type { ExportSection } from './export/sections.ts';
import { requestMail } from './mail.ts';
import { type ContactKind, GuestProofs, type ProvedContact } from './proofs.ts';
import { accountProof, reachableSubjects } from './subjects.ts';

export const REQUEST_KINDS = [
  'access',
  'rectification',
  'erasure',
  'restriction',
  'marketing_opt_out',
  'complaint',
] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];
export type RequestStatus = 'received' | 'acknowledged' | 'completed' | 'rejected';
export type RequestChannel = 'account' | 'web' | 'email' | 'phone';
/** How staff checked that whoever asked by e-mail or phone is the person the data is about (CM-16). */
export const STAFF_VERIFICATIONS = ['reply_from_address', 'call_back', 'order_details', 'in_person'] as const;
export type StaffVerification = (typeof STAFF_VERIFICATIONS)[number];

export const EXPORT_LINK_TTL_MS = 72 * 3600_000;

/**
 * The erasure service built on the `erasure` branch (src/privacy/erasure.ts, `app.erasure`). Only what this module
 * calls is named here, so the two can be built apart and joined by wiring.
 */
export interface ErasurePort {
  erase(input: { subjectIds: string[]; actor: Actor; reason: string; requestRef?: string }): Promise<unknown>;
}

export interface TrailEntry {
  at: string;
  actor: string;
  action: string;
  public: boolean;
  message: string | null;
}

export interface RequestSummary {
  id: string;
  ref: string;
  kind: RequestKind;
  status: RequestStatus;
  channel: RequestChannel;
  verified: boolean;
  receivedAt: string;
  ackDueOn: string;
  dueOn: string;
  alertOn: string;
  /** For a request still open: overdue, at its alert day, or on time; null once closed. */
  urgency: Urgency | null;
}

export interface RequestView extends RequestSummary {
  locale: Locale;
  contactKind: ContactKind | null;
  contact: string | null;
  details: string | null;
  verificationMethod: string | null;
  acknowledgedAt: string | null;
  closedAt: string | null;
  subjectIds: string[];
  accountId: string | null;
  trail: TrailEntry[];
}

export interface NewRequest {
  kind: RequestKind;
  channel: RequestChannel;
  locale: Locale;
  accountId?: string | null;
  subjectIds: string[];
  /** The data subject the request's own fields are sealed with (a guest's proof made it); new when absent. */
  requestSubjectId?: string;
  contact?: { kind: ContactKind; value: string } | null;
  details: string;
  /** How the requester was verified, or null when staff have not yet. */
  verification: string | null;
  actor: Actor;
  /** When it arrived (staff logging an e-mail of yesterday); now by default. */
  receivedAt?: Date;
}

export type ActionResult =
  | { ok: true }
  | {
      ok: false;
      reason: 'not_found' | 'closed' | 'not_verified' | 'wrong_kind' | 'unavailable' | 'no_contact' | 'legal_hold';
    };

type Row = DB['dsr_requests'];

const OPEN: RequestStatus[] = ['received', 'acknowledged'];
const REF_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/**
 * Data-subject requests (issue #6): access, rectification, erasure, restriction or objection, marketing opt-out and
 * complaints. Each is a tracked request with its deadlines from the preset's jurisdiction, the way the requester was
 * verified, and an answer trail; staff see a queue by due day. A request's own fields (contact, details, answers)
 * are sealed with a data subject of the request, so the trail survives the erasure of the customer it is about.
 */
export class PrivacyRequestService {
  readonly proofs: GuestProofs;
  /** The erasure service, once wired (`app.erasure`). */
  erasure: ErasurePort | null = null;
  /** Legal holds (`app.legal`), once wired: a held subject's data is not erased while the hold lasts (KN-11). */
  legalHolds: { heldSubjects(subjectIds: string[], today: string): Promise<Set<string>> } | null = null;
  /** The sections of every export; another module adds its own (the consent module: consents and policy versions). */
  readonly exportSections: ExportSection[] = [...CORE_SECTIONS];

  constructor(
    private readonly deps: {
      db: Kysely<DB>;
      dialect: DialectName;
      kernel: PrivacyKernel;
      customers: CustomerService;
      marketing: MarketingService;
      outbox: Outbox;
      preset: Preset;
      publicUrl: PublicUrl;
      codeKey: Buffer;
    },
  ) {
    this.proofs = new GuestProofs(deps.db, deps.customers, deps.outbox, deps.preset, deps.kernel, deps.codeKey);
  }

  /** Stops marketing to these data subjects at once (CM-15): every subscription, by e-mail and by SMS. */
  optOutOfMarketing = async (subjectIds: string[]): Promise<void> => {
    await this.deps.marketing.optOutOfMarketing(subjectIds);
  };

  today(): string {
    return dayIn(this.deps.preset.timezone, new Date());
  }

  /** The subjects a signed-in customer owns: their own record and guest orders through confirmed contacts. */
  async subjectsOfAccount(accountId: string): Promise<string[]> {
    const proof = await accountProof(this.deps.db, accountId);
    return proof ? reachableSubjects(this.deps.db, proof) : [];
  }

  async subjectsOfContact(kind: ContactKind, value: string): Promise<string[]> {
    const bidx = this.proofs.bidxOf(kind, value);
    return reachableSubjects(this.deps.db, kind === 'email' ? { emailBidx: bidx } : { phoneBidx: bidx });
  }

  async subjectsOfProof(proof: ProvedContact): Promise<string[]> {
    return reachableSubjects(
      this.deps.db,
      proof.kind === 'email' ? { emailBidx: proof.bidx } : { phoneBidx: proof.bidx },
    );
  }

  async create(input: NewRequest): Promise<{ id: string; ref: string }> {
    const { db, kernel, preset } = this.deps;
    const received = input.receivedAt ?? new Date();
    const due = dueDays(deadlinesOf(preset), preset.timezone, received);
    const subject = input.requestSubjectId ?? (await kernel.newSubject());
    const id = randomUUID();
    const ref = newRef();
    const now = new Date().toISOString();
    const verifiedAt = input.verification ? now : null;
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('dsr_requests')
        .values({
          id,
          ref,
          kind: input.kind,
          status: 'received',
          channel: input.channel,
          locale: input.locale,
          request_subject_id: subject,
          subject_ids: JSON.stringify(input.subjectIds),
          account_id: input.accountId ?? null,
          contact_kind: input.contact?.kind ?? null,
          contact_enc: await kernel.seal(subject, 'dsr_requests.contact_enc', input.contact?.value),
          details_enc: await kernel.seal(subject, 'dsr_requests.details_enc', input.details),
          verified_at: verifiedAt,
          verification_method: input.verification,
          received_at: received.toISOString(),
          ack_due_on: due.ackDueOn,
          due_on: due.dueOn,
          alert_on: due.alertOn,
          acknowledged_at: null,
          closed_at: null,
          created_by: actorLabel(input.actor),
          updated_at: now,
        })
        .execute();
      await trx
        .insertInto('dsr_events')
        .values(await this.event(id, subject, input.actor, 'created', true))
        .execute();
      if (verifiedAt)
        await trx
          .insertInto('dsr_events')
          .values(await this.event(id, subject, input.actor, 'verified', false, input.verification))
          .execute();
    });
    return { id, ref };
  }

  /**
   * What a verified requester's request does at once, without waiting for staff: an access request e-mails the
   * export link (CM-13), a marketing opt-out takes effect (CM-15). Other kinds wait for staff.
   */
  async carryOutAutomatically(id: string): Promise<void> {
    const row = await this.row(id);
    if (!row?.verified_at || !OPEN.includes(row.status as RequestStatus)) return;
    const system: Actor = { kind: 'system', job: 'privacy-requests' };
    if (row.kind === 'access') await this.sendExport(id, system);
    if (row.kind === 'marketing_opt_out') await this.optOut(id, system);
  }

  /** The queue staff work through: open requests, the soonest due first. */
  async queue(): Promise<RequestSummary[]> {
    const rows = await this.deps.db
      .selectFrom('dsr_requests')
      .selectAll()
      .where('status', 'in', OPEN)
      .orderBy('due_on')
      .orderBy('received_at')
      .execute();
    const today = this.today();
    return rows.map((r) => summary(r, today));
  }

  /** Recently closed requests, newest first, for the staff page below the queue. */
  async closed(limit = 50): Promise<RequestSummary[]> {
    const rows = await this.deps.db
      .selectFrom('dsr_requests')
      .selectAll()
      .where('status', 'not in', OPEN)
      .orderBy('closed_at', 'desc')
      .limit(limit)
      .execute();
    const today = this.today();
    return rows.map((r) => summary(r, today));
  }

  /** How many open requests are past a deadline: for the owner's dashboard. */
  async overdueCount(): Promise<number> {
    return (await this.dueSummary()).overdue;
  }

  /** Open requests by urgency, and the next due day: for the owner's dashboard. */
  async dueSummary(): Promise<{ open: number; overdue: number; alert: number; nextDueOn: string | null }> {
    const queue = await this.queue();
    return {
      open: queue.length,
      overdue: queue.filter((r) => r.urgency === 'overdue').length,
      alert: queue.filter((r) => r.urgency === 'alert').length,
      nextDueOn: queue[0]?.dueOn ?? null,
    };
  }

  async forAccount(accountId: string): Promise<RequestSummary[]> {
    const rows = await this.deps.db
      .selectFrom('dsr_requests')
      .selectAll()
      .where('account_id', '=', accountId)
      .orderBy('received_at', 'desc')
      .execute();
    const today = this.today();
    return rows.map((r) => summary(r, today));
  }

  async byIds(ids: string[]): Promise<RequestSummary[]> {
    if (ids.length === 0) return [];
    const rows = await this.deps.db
      .selectFrom('dsr_requests')
      .selectAll()
      .where('id', 'in', ids)
      .orderBy('received_at', 'desc')
      .execute();
    const today = this.today();
    return rows.map((r) => summary(r, today));
  }

  async byRef(ref: string): Promise<string | null> {
    const row = await this.deps.db
      .selectFrom('dsr_requests')
      .select('id')
      .where('ref', '=', ref.trim().toUpperCase())
      .executeTakeFirst();
    return row?.id ?? null;
  }

  /**
   * One request with its trail. Staff reading it is audited (the contact and what was written are personal data);
   * the requester reading their own (`viewer` of kind customer with the request's subject) sees the public trail.
   */
  async view(id: string, viewer: { staff: Actor } | { requester: true }): Promise<RequestView | null> {
    const row = await this.row(id);
    if (!row) return null;
    const subject = row.request_subject_id;
    const actor: Actor = 'staff' in viewer ? viewer.staff : { kind: 'customer', subjectId: subject };
    const opened = await this.deps.kernel.reveal({
      actor,
      purpose: 'customer.support',
      subjectId: subject,
      fields: { 'dsr_requests.contact_enc': row.contact_enc, 'dsr_requests.details_enc': row.details_enc },
      detail: row.ref,
    });
    let events = await this.deps.db
      .selectFrom('dsr_events')
      .selectAll()
      .where('request_id', '=', id)
      .orderBy('at')
      .orderBy('id')
      .execute();
    if ('requester' in viewer) events = events.filter((e) => e.public === 1);
    const trail: TrailEntry[] = [];
    for (const e of events) {
      const message = e.message_enc
        ? (
            await this.deps.kernel.reveal({
              actor,
              purpose: 'customer.support',
              subjectId: subject,
              fields: { 'dsr_events.message_enc': e.message_enc },
              detail: row.ref,
            })
          )['dsr_events.message_enc']
        : null;
      trail.push({ at: e.at, actor: e.actor, action: e.action, public: e.public === 1, message });
    }
    return {
      ...summary(row, this.today()),
      locale: row.locale as Locale,
      contactKind: row.contact_kind as ContactKind | null,
      contact: opened['dsr_requests.contact_enc'],
      details: opened['dsr_requests.details_enc'],
      verificationMethod: row.verification_method,
      acknowledgedAt: row.acknowledged_at,
      closedAt: row.closed_at,
      subjectIds: JSON.parse(row.subject_ids) as string[],
      accountId: row.account_id,
      trail,
    };
  }

  /** Staff record how they verified someone who asked by e-mail or phone, and whose data it is (CM-16). */
  async verify(id: string, actor: Actor, method: StaffVerification, subjectIds: string[]): Promise<ActionResult> {
    const row = await this.row(id);
    if (!row) return { ok: false, reason: 'not_found' };
    if (!OPEN.includes(row.status as RequestStatus)) return { ok: false, reason: 'closed' };
    const now = new Date().toISOString();
    await this.deps.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('dsr_requests')
        .set({
          verified_at: now,
          verification_method: `staff:${method}`,
          subject_ids: JSON.stringify(subjectIds),
          updated_at: now,
        })
        .where('id', '=', id)
        .execute();
      await trx
        .insertInto('dsr_events')
        .values(await this.event(id, row.request_subject_id, actor, 'verified', false, `staff:${method}`))
        .execute();
    });
    return { ok: true };
  }

  /**
   * Staff verified someone who asked by e-mail or phone: from now on the request is about the customer records of
   * the contact it came from (the contact is revealed for it, audited).
   */
  async verifyByStaff(id: string, actor: Actor & { kind: 'staff' }, method: StaffVerification): Promise<ActionResult> {
    const row = await this.row(id);
    if (!row) return { ok: false, reason: 'not_found' };
    if (!row.contact_enc || !row.contact_kind) return { ok: false, reason: 'no_contact' };
    const contact = (
      await this.deps.kernel.reveal({
        actor,
        purpose: 'customer.support',
        subjectId: row.request_subject_id,
        fields: { 'dsr_requests.contact_enc': row.contact_enc },
        detail: row.ref,
      })
    )['dsr_requests.contact_enc'];
    const subjects = contact ? await this.subjectsOfContact(row.contact_kind as ContactKind, contact) : [];
    return this.verify(id, actor, method, subjects);
  }

  async acknowledge(id: string, actor: Actor): Promise<ActionResult> {
    const row = await this.row(id);
    if (!row) return { ok: false, reason: 'not_found' };
    if (row.status !== 'received') return { ok: false, reason: 'closed' };
    const now = new Date().toISOString();
    await this.deps.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('dsr_requests')
        .set({ status: 'acknowledged', acknowledged_at: now, updated_at: now })
        .where('id', '=', id)
        .where('status', '=', 'received')
        .execute();
      await trx
        .insertInto('dsr_events')
        .values(await this.event(id, row.request_subject_id, actor, 'acknowledged', true))
        .execute();
    });
    return { ok: true };
  }

  /**
   * Staff write to the request's trail: an answer the requester reads (and is sent by e-mail or SMS), or an
   * internal note. Answering also counts as acknowledging.
   */
  async answer(id: string, actor: Actor, message: string, visibility: 'public' | 'internal'): Promise<ActionResult> {
    const row = await this.row(id);
    if (!row) return { ok: false, reason: 'not_found' };
    const isPublic = visibility === 'public';
    await this.deps.db
      .insertInto('dsr_events')
      .values(await this.event(id, row.request_subject_id, actor, isPublic ? 'answered' : 'note', isPublic, message))
      .execute();
    if (isPublic) {
      if (row.status === 'received') await this.acknowledge(id, actor);
      await this.tell(row, 'answer', { message });
    }
    return { ok: true };
  }

  async complete(id: string, actor: Actor, message?: string): Promise<ActionResult> {
    return this.close(id, actor, 'completed', message);
  }

  async reject(id: string, actor: Actor, message?: string): Promise<ActionResult> {
    return this.close(id, actor, 'rejected', message);
  }

  /** Makes a single-use download link of the export (72 hours) and sends it to the requester (CM-13). */
  async sendExport(id: string, actor: Actor): Promise<ActionResult> {
    const row = await this.row(id);
    if (!row) return { ok: false, reason: 'not_found' };
    if (row.kind !== 'access') return { ok: false, reason: 'wrong_kind' };
    if (!row.verified_at) return { ok: false, reason: 'not_verified' };
    if (!row.contact_kind) return { ok: false, reason: 'no_contact' };
    const token = randomBytes(32).toString('base64url');
    const now = Date.now();
    await this.deps.db
      .insertInto('dsr_export_links')
      .values({
        id: hashToken(token),
        request_id: id,
        expires_at: new Date(now + EXPORT_LINK_TTL_MS).toISOString(),
        used_at: null,
        created_at: new Date(now).toISOString(),
      })
      .execute();
    const link = this.deps.publicUrl.link(row.locale as Locale, `/privacy/export/${token}`);
    await this.tell(row, 'export', { link });
    await this.deps.db
      .insertInto('dsr_events')
      .values(await this.event(id, row.request_subject_id, actor, 'export_sent', true))
      .execute();
    // A new link for a request already completed (the first one expired) leaves it completed.
    if (OPEN.includes(row.status as RequestStatus)) await this.close(id, actor, 'completed');
    return { ok: true };
  }

  /** Whether an export link can still be used, without using it (mail scanners open links too). */
  async peekExportLink(token: string): Promise<'ok' | 'invalid' | 'used' | 'expired'> {
    const row = await this.deps.db
      .selectFrom('dsr_export_links')
      .selectAll()
      .where('id', '=', hashToken(token))
      .executeTakeFirst();
    if (!row) return 'invalid';
    if (row.used_at) return 'used';
    if (row.expires_at <= new Date().toISOString()) return 'expired';
    return 'ok';
  }

  /** Uses an export link once (a guarded update: two clicks at once download once) and says whose data to export. */
  async useExportLink(
    token: string,
  ): Promise<
    | { ok: true; requestId: string; ref: string; subjectIds: string[]; locale: Locale }
    | { ok: false; reason: 'invalid' | 'used' | 'expired' }
  > {
    const state = await this.peekExportLink(token);
    if (state !== 'ok') return { ok: false, reason: state };
    const now = new Date().toISOString();
    const claimed = await this.deps.db
      .updateTable('dsr_export_links')
      .set({ used_at: now })
      .where('id', '=', hashToken(token))
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return { ok: false, reason: 'used' };
    const link = await this.deps.db
      .selectFrom('dsr_export_links as l')
      .innerJoin('dsr_requests as r', 'r.id', 'l.request_id')
      .select(['r.id', 'r.ref', 'r.subject_ids', 'r.locale'])
      .where('l.id', '=', hashToken(token))
      .executeTakeFirstOrThrow();
    return {
      ok: true,
      requestId: link.id,
      ref: link.ref,
      subjectIds: JSON.parse(link.subject_ids) as string[],
      locale: link.locale as Locale,
    };
  }

  /** Carries out a marketing opt-out request (CM-15) through the one hook the consent module takes over. */
  async optOut(id: string, actor: Actor): Promise<ActionResult> {
    const row = await this.row(id);
    if (!row) return { ok: false, reason: 'not_found' };
    if (row.kind !== 'marketing_opt_out') return { ok: false, reason: 'wrong_kind' };
    if (!row.verified_at) return { ok: false, reason: 'not_verified' };
    await this.optOutOfMarketing(JSON.parse(row.subject_ids) as string[]);
    await this.deps.db
      .insertInto('dsr_events')
      .values(await this.event(id, row.request_subject_id, actor, 'opted_out', true))
      .execute();
    return this.close(id, actor, 'completed');
  }

  /** Staff approve a verified erasure request and it is carried out by the erasure service (CM-14). */
  async carryOutErasure(id: string, actor: Actor): Promise<ActionResult> {
    const row = await this.row(id);
    if (!row) return { ok: false, reason: 'not_found' };
    if (row.kind !== 'erasure') return { ok: false, reason: 'wrong_kind' };
    if (!OPEN.includes(row.status as RequestStatus)) return { ok: false, reason: 'closed' };
    if (!row.verified_at) return { ok: false, reason: 'not_verified' };
    if (!this.erasure) return { ok: false, reason: 'unavailable' };
    const subjectIds = JSON.parse(row.subject_ids) as string[];
    // Data kept for legal follow-up is not erased until the hold ends or is released; the request stays open.
    if ((await this.legalHolds?.heldSubjects(subjectIds, this.today()))?.size)
      return { ok: false, reason: 'legal_hold' };
    // The erasure records codes and ids only: the reason as a code, the request by its random id.
    await this.erasure.erase({ subjectIds, actor, reason: 'dsr.erasure', requestRef: row.id });
    await this.deps.db
      .insertInto('dsr_events')
      .values(await this.event(id, row.request_subject_id, actor, 'erased', true))
      .execute();
    return this.close(id, actor, 'completed');
  }

  /**
   * A rectification made by staff (KT-11): the corrected name and/or address are sealed into the customer records
   * the request is about, and each change is written to the audit log and the request's trail. Blank keeps a field.
   */
  async rectify(
    id: string,
    actor: Actor & { kind: 'staff' },
    change: { name: string; address: string },
  ): Promise<ActionResult> {
    const row = await this.row(id);
    if (!row) return { ok: false, reason: 'not_found' };
    if (row.kind !== 'rectification') return { ok: false, reason: 'wrong_kind' };
    if (!OPEN.includes(row.status as RequestStatus)) return { ok: false, reason: 'closed' };
    if (!row.verified_at) return { ok: false, reason: 'not_verified' };
    const { db, dialect, kernel } = this.deps;
    const subjects = JSON.parse(row.subject_ids) as string[];
    const fields = [change.name ? 'customers.name_enc' : null, change.address ? 'customers.address_enc' : null].filter(
      (f): f is string => f !== null,
    );
    if (fields.length === 0 || subjects.length === 0) return { ok: true };
    const records = await db
      .selectFrom('customers')
      .select(['id', 'subject_id'])
      .where('subject_id', 'in', subjects)
      .execute();
    // CustomerService has no update of its own yet: the correction is sealed here, through the kernel, one record at
    // a time (a person has few records) and audited like a reveal.
    for (const record of records) {
      const set: Partial<DB['customers']> = {};
      if (change.name) set.name_enc = await kernel.seal(record.subject_id, 'customers.name_enc', change.name);
      if (change.address)
        set.address_enc = await kernel.seal(record.subject_id, 'customers.address_enc', change.address);
      await db.updateTable('customers').set(set).where('id', '=', record.id).execute();
      await appendAudit(db, dialect, {
        actor: actorLabel(actor),
        action: 'rectification',
        purpose: 'customer.support',
        subject_id: record.subject_id,
        field: fields.join(','),
        detail: row.ref,
      });
    }
    await db
      .insertInto('dsr_events')
      .values(await this.event(id, row.request_subject_id, actor, 'rectified', true, fields.join(', ')))
      .execute();
    return { ok: true };
  }

  private async close(
    id: string,
    actor: Actor,
    status: 'completed' | 'rejected',
    message?: string,
  ): Promise<ActionResult> {
    const row = await this.row(id);
    if (!row) return { ok: false, reason: 'not_found' };
    if (!OPEN.includes(row.status as RequestStatus)) return { ok: false, reason: 'closed' };
    const now = new Date().toISOString();
    const moved = await this.deps.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('dsr_requests')
        .set({ status, closed_at: now, acknowledged_at: row.acknowledged_at ?? now, updated_at: now })
        .where('id', '=', id)
        .where('status', 'in', OPEN)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return false;
      await trx
        .insertInto('dsr_events')
        .values(await this.event(id, row.request_subject_id, actor, status, true, message || null))
        .execute();
      return true;
    });
    if (!moved) return { ok: false, reason: 'closed' };
    if (message) await this.tell(row, 'answer', { message });
    return { ok: true };
  }

  /** Sends the requester a message at the contact on the request, sealed for the request's own subject. */
  private async tell(row: Row, kind: 'export' | 'answer', values: { link?: string; message?: string }): Promise<void> {
    if (!row.contact_enc || !row.contact_kind) return;
    const subject = row.request_subject_id;
    const contact = (
      await this.deps.kernel.reveal({
        actor: { kind: 'system', job: 'privacy-requests' },
        purpose: 'customer.support',
        subjectId: subject,
        fields: { 'dsr_requests.contact_enc': row.contact_enc },
        detail: row.ref,
      })
    )['dsr_requests.contact_enc'];
    if (!contact) return;
    const locale = row.locale as Locale;
    const { preset } = this.deps;
    const message: OutboxMessage =
      row.contact_kind === 'email'
        ? { kind: 'mail', mail: requestMail(locale, preset, kind, contact, { ...values, ref: row.ref }) }
        : {
            kind: 'sms',
            to: contact,
            text: translate(locale, kind === 'export' ? 'dsr.sms.export' : 'dsr.sms.answer', {
              shop: preset.identity.name[locale],
              ref: row.ref,
              link: values.link ?? '',
            }),
          };
    await this.deps.outbox.send(subject, 'account.access', `dsr:${row.id}:${randomUUID()}`, message);
  }

  private async row(id: string): Promise<Row | undefined> {
    return this.deps.db.selectFrom('dsr_requests').selectAll().where('id', '=', id).executeTakeFirst();
  }

  private async event(
    requestId: string,
    subjectId: string,
    actor: Actor,
    action: string,
    isPublic: boolean,
    message?: string | null,
  ): Promise<DB['dsr_events']> {
    return {
      id: randomUUID(),
      request_id: requestId,
      at: new Date().toISOString(),
      actor: actorLabel(actor),
      action,
      public: isPublic ? 1 : 0,
      message_enc: await this.deps.kernel.seal(subjectId, 'dsr_events.message_enc', message),
    };
  }
}

function summary(r: Row, today: string): RequestSummary {
  const open = OPEN.includes(r.status as RequestStatus);
  return {
    id: r.id,
    ref: r.ref,
    kind: r.kind as RequestKind,
    status: r.status as RequestStatus,
    channel: r.channel as RequestChannel,
    verified: r.verified_at !== null,
    receivedAt: r.received_at,
    ackDueOn: r.ack_due_on,
    dueOn: r.due_on,
    alertOn: r.alert_on,
    urgency: open
      ? urgencyOf(
          { dueOn: r.due_on, alertOn: r.alert_on, ackDueOn: r.ack_due_on, acknowledged: r.acknowledged_at !== null },
          today,
        )
      : null,
  };
}

function newRef(): string {
  let s = 'DSR-';
  for (let i = 0; i < 6; i++) s += REF_ALPHABET[randomInt(REF_ALPHABET.length)];
  return s;
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
