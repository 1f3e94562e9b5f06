import type { Kysely } from 'kysely';
import { type ColumnDeclaration, SYSTEM, type TableDeclaration } from '../../privacy/datamap.ts';

export interface PrivacyRequestTables {
  /** Data-subject requests (MS-10, KT-13, CM-13, CM-14, CM-16): what was asked, by whom, and when it is due. */
  dsr_requests: {
    /** Random (UUID v4): it is the id in staff and customer URLs. */
    id: string;
    /** The short random reference quoted in e-mails and on the phone ("DSR-7K3Q9X"). */
    ref: string;
    kind: string;
    status: string;
    channel: string;
    locale: string;
    /** The request's own data subject: its key seals the requester's contact, the details and the answers. */
    request_subject_id: string;
    /** JSON array of the data subjects the request is about (the requester's customer records). */
    subject_ids: string;
    account_id: string | null;
    contact_kind: string | null;
    contact_enc: string | null;
    details_enc: string | null;
    verified_at: string | null;
    verification_method: string | null;
    received_at: string;
    /** Days in the shop's time zone, YYYY-MM-DD: a deadline is "by the end of that day". */
    ack_due_on: string;
    due_on: string;
    alert_on: string;
    acknowledged_at: string | null;
    closed_at: string | null;
    created_by: string;
    updated_at: string;
  };
  /** The answer trail: who did what, when; `public` entries are what the requester reads. */
  dsr_events: {
    id: string;
    request_id: string;
    at: string;
    actor: string;
    action: string;
    public: number;
    message_enc: string | null;
  };
  /** A guest proving they own an e-mail or phone: a code sent to it, kept only as a keyed hash. */
  dsr_proofs: {
    id: string;
    contact_kind: string;
    contact_bidx: string;
    /** The data subject the request made with this proof will have; its key seals the contact until then. */
    subject_id: string | null;
    contact_enc: string | null;
    code_hash: string;
    attempts: number;
    expires_at: string;
    verified_at: string | null;
    created_at: string;
  };
  /** Single-use download links of an export (CM-13): only the SHA-256 of the token is stored. */
  dsr_export_links: {
    id: string;
    request_id: string;
    expires_at: string;
    used_at: string | null;
    created_at: string;
  };
}

const requestField = (category: string, description: string): ColumnDeclaration => ({
  category,
  description,
  purposes: ['customer.support', 'legal.obligation'],
  retention: 'customer',
  encrypted: true,
});

export const privacyRequestDataMap: TableDeclaration[] = [
  {
    table: 'dsr_requests',
    description: 'Data-subject requests and complaints, with their deadlines (MS-10, KT-13, CM-16)',
    columns: {
      id: SYSTEM('Random id'),
      ref: SYSTEM('Random short reference'),
      kind: SYSTEM('access, rectification, erasure, restriction, marketing_opt_out or complaint'),
      status: SYSTEM('received, acknowledged, completed or rejected'),
      channel: SYSTEM('account, web, email or phone'),
      locale: SYSTEM('Language of the requester'),
      request_subject_id: SYSTEM('Random data-subject id of the request itself (key-store reference)'),
      subject_ids: SYSTEM('Data-subject ids the request is about'),
      account_id: SYSTEM('Account that made the request, if any'),
      contact_kind: SYSTEM('email or phone'),
      contact_enc: requestField('user.contact', 'E-mail or phone the requester is answered at'),
      details_enc: requestField('user.content.self_description', 'What the requester wrote'),
      verified_at: SYSTEM('When the requester was verified'),
      verification_method: SYSTEM('How: signed in, e-mailed code, or the check staff recorded'),
      received_at: SYSTEM('When the request arrived'),
      ack_due_on: SYSTEM('Day by which it must be acknowledged'),
      due_on: SYSTEM('Day by which it must be completed'),
      alert_on: SYSTEM('Day staff are alerted'),
      acknowledged_at: SYSTEM('When it was acknowledged'),
      closed_at: SYSTEM('When it was completed or rejected'),
      created_by: SYSTEM('Who logged it (subject, staff id or system)'),
      updated_at: SYSTEM('Last change'),
    },
  },
  {
    table: 'dsr_events',
    description: 'The answer trail of each request',
    columns: {
      id: SYSTEM('Random id'),
      request_id: SYSTEM('Request'),
      at: SYSTEM('Time'),
      actor: SYSTEM('Who (staff id, subject id or system job)'),
      action: SYSTEM('created, verified, acknowledged, answered, rectified, export_sent, erased …'),
      public: SYSTEM('Whether the requester sees it'),
      message_enc: requestField('user.content.self_description', 'The answer or note written'),
    },
  },
  {
    table: 'dsr_proofs',
    description: 'Codes a guest uses to prove an e-mail or phone is theirs (keyed hash of the code only)',
    columns: {
      id: SYSTEM('Random id'),
      contact_kind: SYSTEM('email or phone'),
      contact_bidx: {
        category: 'user.contact',
        description: 'Keyed blind index of the e-mail or phone being proved',
        purposes: ['account.access', 'customer.support'],
        retention: 'session',
        blindIndex: true,
      },
      subject_id: SYSTEM('Random data-subject id for the request made with this proof'),
      contact_enc: {
        category: 'user.contact',
        description: 'The e-mail or phone being proved, to answer the request at',
        purposes: ['customer.support', 'legal.obligation'],
        retention: 'session',
        encrypted: true,
      },
      code_hash: SYSTEM('Keyed hash of the six-digit code'),
      attempts: SYSTEM('Wrong attempts so far'),
      expires_at: SYSTEM('Expiry (15 minutes)'),
      verified_at: SYSTEM('When the right code was given'),
      created_at: SYSTEM('Creation time'),
    },
  },
  {
    table: 'dsr_export_links',
    description: 'Single-use export download links (SHA-256 of the token only), 72 hours',
    columns: {
      id: SYSTEM('SHA-256 of the token'),
      request_id: SYSTEM('Request'),
      expires_at: SYSTEM('Expiry'),
      used_at: SYSTEM('When it was used; a used link never works again'),
      created_at: SYSTEM('Creation time'),
    },
  },
];

// biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
export async function createPrivacyRequestTables(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('dsr_requests')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('ref', 'varchar(16)', (c) => c.notNull().unique())
    .addColumn('kind', 'varchar(24)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('channel', 'varchar(16)', (c) => c.notNull())
    .addColumn('locale', 'varchar(8)', (c) => c.notNull())
    .addColumn('request_subject_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('subject_ids', 'text', (c) => c.notNull())
    .addColumn('account_id', 'varchar(36)')
    .addColumn('contact_kind', 'varchar(8)')
    .addColumn('contact_enc', 'text')
    .addColumn('details_enc', 'text')
    .addColumn('verified_at', 'varchar(32)')
    .addColumn('verification_method', 'varchar(64)')
    .addColumn('received_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('ack_due_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('due_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('alert_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('acknowledged_at', 'varchar(32)')
    .addColumn('closed_at', 'varchar(32)')
    .addColumn('created_by', 'varchar(80)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('dsr_requests_queue_idx').on('dsr_requests').columns(['status', 'due_on']).execute();
  await db.schema.createIndex('dsr_requests_account_idx').on('dsr_requests').column('account_id').execute();
  await db.schema
    .createTable('dsr_events')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('request_id', 'varchar(36)', (c) => c.notNull().references('dsr_requests.id').onDelete('cascade'))
    .addColumn('at', 'varchar(32)', (c) => c.notNull())
    .addColumn('actor', 'varchar(80)', (c) => c.notNull())
    .addColumn('action', 'varchar(32)', (c) => c.notNull())
    .addColumn('public', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('message_enc', 'text')
    .execute();
  await db.schema.createIndex('dsr_events_request_idx').on('dsr_events').column('request_id').execute();
  await db.schema
    .createTable('dsr_proofs')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('contact_kind', 'varchar(8)', (c) => c.notNull())
    .addColumn('contact_bidx', 'varchar(40)', (c) => c.notNull())
    .addColumn('subject_id', 'varchar(36)')
    .addColumn('contact_enc', 'text')
    .addColumn('code_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('verified_at', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('dsr_export_links')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('request_id', 'varchar(36)', (c) => c.notNull().references('dsr_requests.id').onDelete('cascade'))
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('used_at', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
}
