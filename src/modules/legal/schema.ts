import type { Kysely } from 'kysely';
import { SYSTEM, type TableDeclaration } from '../../privacy/datamap.ts';

export interface LegalTables {
  /**
   * The register of requests from authorities (MS-07, KN-13, KT-12): who asked, on what legal basis, who approved,
   * and exactly which fields went out. It names an order and field ids; the values are never stored here.
   */
  legal_requests: {
    /** Random, unguessable: it is the id in the staff URL. */
    id: string;
    /** The declared authority recipient of the preset that sent it. */
    recipient_id: string;
    requesting_unit: string;
    reference: string;
    legal_basis: string;
    /** The day the request arrived (YYYY-MM-DD). */
    received_on: string;
    order_id: string;
    /** Field ids (`orders.buyer_name_enc,…`) the request asks for, and exactly what is disclosed once approved. */
    fields: string;
    /** 0 when the legal order forbids telling the customer: the disclosure is then left out of their data export. */
    subject_may_be_told: number;
    status: string;
    registered_by: string;
    registered_at: string;
    decided_by: string | null;
    decided_at: string | null;
    decision_note: string | null;
    disclosed_by: string | null;
    disclosed_at: string | null;
    /** The `disclosures` rows written when the fields went out (comma-separated ids). */
    disclosure_ids: string | null;
  };
  /** Data kept for legal follow-up (KN-11): while a hold is active, the subject's data is neither erased nor swept. */
  preservation_holds: {
    id: string;
    subject_id: string;
    order_id: string | null;
    legal_request_id: string | null;
    reason: string;
    placed_by: string;
    placed_at: string;
    /** Last day of the hold (YYYY-MM-DD), or null until it is released. */
    until: string | null;
    released_by: string | null;
    released_at: string | null;
  };
}

export const legalDataMap: TableDeclaration[] = [
  {
    table: 'legal_requests',
    description:
      'Register of requests from authorities: requester, legal basis, approver and the field ids disclosed, never values',
    columns: {
      id: SYSTEM('Random id'),
      recipient_id: SYSTEM('The declared authority that sent the request'),
      requesting_unit: SYSTEM('The office or unit of the authority (not a person’s name)'),
      reference: SYSTEM('The authority’s reference (letter, case or order number)'),
      legal_basis: SYSTEM('The law or court order the request relies on'),
      received_on: SYSTEM('Day the request arrived'),
      order_id: SYSTEM('The order the request concerns'),
      fields: SYSTEM('Field ids requested and, once approved, disclosed'),
      subject_may_be_told: SYSTEM('Whether the customer may learn of the disclosure'),
      status: SYSTEM('registered, approved, refused or disclosed'),
      registered_by: SYSTEM('Staff member who registered it'),
      registered_at: SYSTEM('When it was registered'),
      decided_by: SYSTEM('Privacy officer who approved or refused it'),
      decided_at: SYSTEM('When it was decided'),
      decision_note: SYSTEM('Why it was approved or refused'),
      disclosed_by: SYSTEM('Staff member who handed the fields over'),
      disclosed_at: SYSTEM('When the fields were handed over'),
      disclosure_ids: SYSTEM('Rows of the disclosure register written for it'),
    },
  },
  {
    table: 'preservation_holds',
    description: 'Legal holds: a subject whose data is kept for legal follow-up, why, by whom and until when',
    columns: {
      id: SYSTEM('Random id'),
      subject_id: SYSTEM('Whose data is held (random subject id)'),
      order_id: SYSTEM('The order it was placed from'),
      legal_request_id: SYSTEM('The authority’s request it serves, if any'),
      reason: SYSTEM('Why the data is held (a case reference, not personal data)'),
      placed_by: SYSTEM('Staff member who placed it'),
      placed_at: SYSTEM('When it was placed'),
      until: SYSTEM('Last day of the hold'),
      released_by: SYSTEM('Staff member who released it'),
      released_at: SYSTEM('When it was released'),
    },
  },
];

// biome-ignore lint/suspicious/noExplicitAny: migrations run on the untyped database
export async function createLegalTables(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('legal_requests')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('recipient_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('requesting_unit', 'varchar(200)', (c) => c.notNull())
    .addColumn('reference', 'varchar(200)', (c) => c.notNull())
    .addColumn('legal_basis', 'varchar(500)', (c) => c.notNull())
    .addColumn('received_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('order_id', 'varchar(36)', (c) => c.notNull().references('orders.id'))
    .addColumn('fields', 'varchar(1000)', (c) => c.notNull())
    .addColumn('subject_may_be_told', 'integer', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('registered_by', 'varchar(36)', (c) => c.notNull())
    .addColumn('registered_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('decided_by', 'varchar(36)')
    .addColumn('decided_at', 'varchar(32)')
    .addColumn('decision_note', 'varchar(1000)')
    .addColumn('disclosed_by', 'varchar(36)')
    .addColumn('disclosed_at', 'varchar(32)')
    .addColumn('disclosure_ids', 'varchar(1000)')
    .execute();
  await db.schema.createIndex('legal_requests_registered_idx').on('legal_requests').column('registered_at').execute();
  await db.schema
    .createTable('preservation_holds')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('subject_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('order_id', 'varchar(36)')
    .addColumn('legal_request_id', 'varchar(32)')
    .addColumn('reason', 'varchar(500)', (c) => c.notNull())
    .addColumn('placed_by', 'varchar(36)', (c) => c.notNull())
    .addColumn('placed_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('until', 'varchar(10)')
    .addColumn('released_by', 'varchar(36)')
    .addColumn('released_at', 'varchar(32)')
    .execute();
  await db.schema.createIndex('preservation_holds_subject_idx').on('preservation_holds').column('subject_id').execute();
}
