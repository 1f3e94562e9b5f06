import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { MessageKey } from '../../i18n/translate.ts';
import type { DeclaredRecipient } from '../../presets/types.ts';
import type { FieldId } from '../../privacy/datamap.ts';
import type { PrivacyKernel } from '../../privacy/kernel.ts';
import type { OrderService, OrderView } from '../orders/service.ts';

/** The fields of an order an authority can ask for, and which of the order's two subjects each belongs to. */
export const DISCLOSABLE_FIELDS = [
  { field: 'orders.buyer_name_enc', column: 'buyer_name_enc', subject: 'buyer' },
  { field: 'orders.buyer_phone_enc', column: 'buyer_phone_enc', subject: 'buyer' },
  { field: 'orders.buyer_email_enc', column: 'buyer_email_enc', subject: 'buyer' },
  { field: 'orders.tax_identity_enc', column: 'tax_identity_enc', subject: 'buyer' },
  { field: 'orders.payment_reference_enc', column: 'payment_reference_enc', subject: 'buyer' },
  { field: 'orders.delivery_instructions_enc', column: 'delivery_instructions_enc', subject: 'buyer' },
  { field: 'orders.recipient_name_enc', column: 'recipient_name_enc', subject: 'recipient' },
  { field: 'orders.recipient_phone_enc', column: 'recipient_phone_enc', subject: 'recipient' },
  { field: 'orders.recipient_address_enc', column: 'recipient_address_enc', subject: 'recipient' },
] as const satisfies readonly { field: FieldId; column: keyof OrderView['sealed']; subject: string }[];
export type DisclosableField = (typeof DISCLOSABLE_FIELDS)[number]['field'];

export const LEGAL_STATUSES = ['registered', 'approved', 'refused', 'disclosed'] as const;
export type LegalStatus = (typeof LEGAL_STATUSES)[number];

export interface LegalRequestForm {
  recipientId: string;
  requestingUnit: string;
  reference: string;
  legalBasis: string;
  receivedOn: string;
  orderCode: string;
  fields: string[];
  /** 'yes' | 'no'; nothing is chosen for the staff member. */
  subjectMayBeTold: string;
}

export type FormErrors = Partial<Record<keyof LegalRequestForm, MessageKey>>;

export interface LegalRequest {
  id: string;
  recipientId: string;
  requestingUnit: string;
  reference: string;
  legalBasis: string;
  receivedOn: string;
  orderId: string;
  orderCode: string;
  fields: DisclosableField[];
  subjectMayBeTold: boolean;
  status: LegalStatus;
  registeredBy: string;
  registeredAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  disclosedBy: string | null;
  disclosedAt: string | null;
}

export interface LegalHold {
  id: string;
  subjectId: string;
  orderCode: string | null;
  legalRequestId: string | null;
  reason: string;
  placedBy: string;
  placedAt: string;
  until: string | null;
}

export type DecisionResult = { ok: true } | { ok: false; error: 'not_pending' | 'own_request' | 'note_required' };
export type DisclosureOutcome =
  | { ok: true; values: { field: DisclosableField; value: string | null }[] }
  | { ok: false; error: 'not_approved' | 'undeclared_recipient' };

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const text = (value: string, max: number) => value.trim().slice(0, max);

/**
 * Requests from authorities and legal holds (MS-07, KN-11, KN-13, KT-12). A request is registered by staff, approved
 * or refused by a privacy officer who did not register it, and only then are exactly the approved fields of the named
 * order handed over through the kernel, registered as disclosures. A hold keeps a subject's data from erasure and the
 * retention sweep while it lasts.
 */
export class LegalRequestService {
  constructor(
    private readonly deps: {
      db: Kysely<DB>;
      kernel: PrivacyKernel;
      orders: OrderService;
      recipients: DeclaredRecipient[];
    },
  ) {}

  /** The authorities the shop's policy names: a request from anyone else cannot be registered. */
  authorities(): DeclaredRecipient[] {
    return this.deps.recipients.filter((r) => r.kind === 'authority');
  }

  async register(
    form: LegalRequestForm,
    staffId: string,
    today: string,
  ): Promise<{ ok: true; id: string } | { ok: false; errors: FormErrors }> {
    const errors: FormErrors = {};
    if (!this.authorities().some((a) => a.id === form.recipientId)) errors.recipientId = 'legal.error.authority';
    if (!text(form.requestingUnit, 200)) errors.requestingUnit = 'legal.error.required';
    if (!text(form.reference, 200)) errors.reference = 'legal.error.required';
    if (!text(form.legalBasis, 500)) errors.legalBasis = 'legal.error.required';
    if (!ISO_DAY.test(form.receivedOn) || Number.isNaN(Date.parse(form.receivedOn))) {
      errors.receivedOn = 'legal.error.date';
    } else if (form.receivedOn > today) errors.receivedOn = 'legal.error.future';
    const order = form.orderCode.trim() ? await this.deps.orders.byCode(form.orderCode.trim().toUpperCase()) : null;
    if (!order) errors.orderCode = 'legal.error.order';
    const known = new Set<string>(DISCLOSABLE_FIELDS.map((f) => f.field));
    const fields = [...new Set(form.fields)].filter((f) => known.has(f));
    if (fields.length === 0 || fields.length !== new Set(form.fields).size) errors.fields = 'legal.error.fields';
    if (form.subjectMayBeTold !== 'yes' && form.subjectMayBeTold !== 'no') errors.subjectMayBeTold = 'legal.error.tell';
    if (Object.keys(errors).length > 0 || !order) return { ok: false, errors };
    const id = randomBytes(15).toString('base64url');
    await this.deps.db
      .insertInto('legal_requests')
      .values({
        id,
        recipient_id: form.recipientId,
        requesting_unit: text(form.requestingUnit, 200),
        reference: text(form.reference, 200),
        legal_basis: text(form.legalBasis, 500),
        received_on: form.receivedOn,
        order_id: order.id,
        fields: fields.join(','),
        subject_may_be_told: form.subjectMayBeTold === 'yes' ? 1 : 0,
        status: 'registered',
        registered_by: staffId,
        registered_at: new Date().toISOString(),
        decided_by: null,
        decided_at: null,
        decision_note: null,
        disclosed_by: null,
        disclosed_at: null,
        disclosure_ids: null,
      })
      .execute();
    return { ok: true, id };
  }

  /** The register, newest first (one query, whatever its length). */
  async list(limit = 200): Promise<LegalRequest[]> {
    const rows = await this.selectRequests().orderBy('r.registered_at', 'desc').limit(limit).execute();
    return rows.map(toRequest);
  }

  async byId(id: string): Promise<LegalRequest | null> {
    const row = await this.selectRequests().where('r.id', '=', id).executeTakeFirst();
    return row ? toRequest(row) : null;
  }

  /** A privacy officer decides; never the person who registered the request (four eyes). A refusal says why. */
  async decide(id: string, staffId: string, decision: 'approve' | 'refuse', note: string): Promise<DecisionResult> {
    const request = await this.byId(id);
    if (request?.status !== 'registered') return { ok: false, error: 'not_pending' };
    if (request.registeredBy === staffId) return { ok: false, error: 'own_request' };
    if (decision === 'refuse' && !note.trim()) return { ok: false, error: 'note_required' };
    const updated = await this.deps.db
      .updateTable('legal_requests')
      .set({
        status: decision === 'approve' ? 'approved' : 'refused',
        decided_by: staffId,
        decided_at: new Date().toISOString(),
        decision_note: text(note, 1000) || null,
      })
      .where('id', '=', id)
      .where('status', '=', 'registered')
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1 ? { ok: true } : { ok: false, error: 'not_pending' };
  }

  /**
   * Hands over exactly the approved fields, once: the request is claimed by a guarded update, then each of the
   * order's subjects is disclosed through the kernel and registered. The values are returned for the sheet the
   * authority receives and are not stored.
   */
  async disclose(id: string, staffId: string): Promise<DisclosureOutcome> {
    const request = await this.byId(id);
    if (request?.status !== 'approved') return { ok: false, error: 'not_approved' };
    const order = await this.deps.orders.byId(request.orderId);
    if (!order) return { ok: false, error: 'not_approved' };
    const claimed = await this.deps.db
      .updateTable('legal_requests')
      .set({ status: 'disclosed', disclosed_by: staffId, disclosed_at: new Date().toISOString() })
      .where('id', '=', id)
      .where('status', '=', 'approved')
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return { ok: false, error: 'not_approved' };
    const values: { field: DisclosableField; value: string | null }[] = [];
    const disclosureIds: string[] = [];
    for (const subject of ['buyer', 'recipient'] as const) {
      const wanted = DISCLOSABLE_FIELDS.filter((f) => f.subject === subject && request.fields.includes(f.field));
      if (wanted.length === 0) continue;
      const result = await this.deps.kernel.discloseUnderLegalOrder({
        actor: { kind: 'staff', id: staffId },
        recipientId: request.recipientId,
        legalRequestId: request.id,
        subjectId: subject === 'buyer' ? order.subjectId : order.recipientSubjectId,
        orderId: order.id,
        fields: Object.fromEntries(wanted.map((f) => [f.field, order.sealed[f.column]])),
      });
      if (!result.ok) return { ok: false, error: 'undeclared_recipient' };
      if (result.disclosureId) disclosureIds.push(result.disclosureId);
      for (const f of wanted) values.push({ field: f.field, value: result.projection[f.field] ?? null });
    }
    await this.deps.db
      .updateTable('legal_requests')
      .set({ disclosure_ids: disclosureIds.join(',') })
      .where('id', '=', id)
      .execute();
    return { ok: true, values: DISCLOSABLE_FIELDS.flatMap((f) => values.filter((v) => v.field === f.field)) };
  }

  /** Holds the data of an order's buyer (and separate recipient) for legal follow-up (KN-11). */
  async placeHold(
    input: { orderCode: string; reason: string; until: string; legalRequestId?: string },
    staffId: string,
    today: string,
  ): Promise<{ ok: true } | { ok: false; errors: Partial<Record<'orderCode' | 'reason' | 'until', MessageKey>> }> {
    const errors: Partial<Record<'orderCode' | 'reason' | 'until', MessageKey>> = {};
    const order = input.orderCode.trim() ? await this.deps.orders.byCode(input.orderCode.trim().toUpperCase()) : null;
    if (!order) errors.orderCode = 'legal.error.order';
    if (!text(input.reason, 500)) errors.reason = 'legal.error.required';
    if (input.until && (!ISO_DAY.test(input.until) || Number.isNaN(Date.parse(input.until)))) {
      errors.until = 'legal.error.date';
    } else if (input.until && input.until < today) errors.until = 'legal.error.past';
    if (Object.keys(errors).length > 0 || !order) return { ok: false, errors };
    const subjects = [...new Set([order.subjectId, order.recipientSubjectId])];
    const placedAt = new Date().toISOString();
    await this.deps.db
      .insertInto('preservation_holds')
      .values(
        subjects.map((subjectId) => ({
          id: randomBytes(15).toString('base64url'),
          subject_id: subjectId,
          order_id: order.id,
          legal_request_id: input.legalRequestId ?? null,
          reason: text(input.reason, 500),
          placed_by: staffId,
          placed_at: placedAt,
          until: input.until || null,
          released_by: null,
          released_at: null,
        })),
      )
      .execute();
    return { ok: true };
  }

  async releaseHold(id: string, staffId: string): Promise<boolean> {
    const updated = await this.deps.db
      .updateTable('preservation_holds')
      .set({ released_by: staffId, released_at: new Date().toISOString() })
      .where('id', '=', id)
      .where('released_at', 'is', null)
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1;
  }

  /** Holds in force on `today`: not released and not past their last day. */
  async activeHolds(today: string): Promise<LegalHold[]> {
    const rows = await this.deps.db
      .selectFrom('preservation_holds as h')
      .leftJoin('orders as o', 'o.id', 'h.order_id')
      .select([
        'h.id',
        'h.subject_id',
        'o.code',
        'h.legal_request_id',
        'h.reason',
        'h.placed_by',
        'h.placed_at',
        'h.until',
      ])
      .where('h.released_at', 'is', null)
      .where((w) => w.or([w('h.until', 'is', null), w('h.until', '>=', today)]))
      .orderBy('h.placed_at', 'desc')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      subjectId: r.subject_id,
      orderCode: r.code,
      legalRequestId: r.legal_request_id,
      reason: r.reason,
      placedBy: r.placed_by,
      placedAt: r.placed_at,
      until: r.until,
    }));
  }

  /** The subjects among these whose data a hold keeps: erasure and the retention sweep leave them alone. */
  async heldSubjects(subjectIds: string[], today: string): Promise<Set<string>> {
    if (subjectIds.length === 0) return new Set();
    const rows = await this.deps.db
      .selectFrom('preservation_holds')
      .select('subject_id')
      .where('subject_id', 'in', subjectIds)
      .where('released_at', 'is', null)
      .where((w) => w.or([w('until', 'is', null), w('until', '>=', today)]))
      .execute();
    return new Set(rows.map((r) => r.subject_id));
  }

  private selectRequests() {
    return this.deps.db
      .selectFrom('legal_requests as r')
      .innerJoin('orders as o', 'o.id', 'r.order_id')
      .selectAll('r')
      .select('o.code as order_code');
  }
}

function toRequest(row: DB['legal_requests'] & { order_code: string }): LegalRequest {
  return {
    id: row.id,
    recipientId: row.recipient_id,
    requestingUnit: row.requesting_unit,
    reference: row.reference,
    legalBasis: row.legal_basis,
    receivedOn: row.received_on,
    orderId: row.order_id,
    orderCode: row.order_code,
    fields: row.fields.split(',').filter(Boolean) as DisclosableField[],
    subjectMayBeTold: Number(row.subject_may_be_told) === 1,
    status: row.status as LegalStatus,
    registeredBy: row.registered_by,
    registeredAt: row.registered_at,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    decisionNote: row.decision_note,
    disclosedBy: row.disclosed_by,
    disclosedAt: row.disclosed_at,
  };
}

/**
 * What the customer may not learn of because a legal order forbids telling them: the disclosures made under it and
 * the requests themselves (their audit entries). The data-subject export leaves both out (issue 6, item 2).
 */
export async function concealedFromSubject(
  db: Kysely<DB>,
  subjectIds: string[],
): Promise<{ disclosureIds: Set<string>; requestIds: Set<string> }> {
  if (subjectIds.length === 0) return { disclosureIds: new Set(), requestIds: new Set() };
  const rows = await db
    .selectFrom('legal_requests')
    .select(['id', 'disclosure_ids'])
    .where('subject_may_be_told', '=', 0)
    .where('order_id', 'in', (eb) =>
      eb
        .selectFrom('orders')
        .select('id')
        .where((w) => w.or([w('subject_id', 'in', subjectIds), w('recipient_subject_id', 'in', subjectIds)])),
    )
    .execute();
  return {
    disclosureIds: new Set(rows.flatMap((r) => (r.disclosure_ids ?? '').split(',').filter(Boolean))),
    requestIds: new Set(rows.map((r) => r.id)),
  };
}
