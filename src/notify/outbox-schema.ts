import type { Kysely } from 'kysely';
import { SYSTEM, type TableDeclaration } from '../privacy/datamap.ts';

export interface OutboxTables {
  /**
   * Messages waiting to be sent: written in the same transaction as what caused them, delivered by a worker with
   * retries. The message (address and text) is sealed under the data key of the person it is for, so erasing them
   * erases what is still waiting too.
   */
  outbox: {
    id: string;
    /** 'mail' or 'sms'. */
    kind: string;
    subject_id: string;
    /** The purpose the worker reveals the message for. */
    purpose: string;
    /** Null once sent: the row stays as a record, the message does not. */
    payload_enc: string | null;
    /** Unique per effect ("order:…:status:packed"): the same effect enqueued twice is one message. */
    dedupe_key: string;
    attempts: number;
    next_attempt_at: string;
    /** A worker holds the message until then; another may take it after (a crashed worker's message). */
    locked_until: string | null;
    /** The last failure's code, never its text (an SMTP error can quote the address). */
    last_error: string | null;
    created_at: string;
    sent_at: string | null;
  };
}

export const outboxDataMap: TableDeclaration[] = [
  {
    table: 'outbox',
    description: 'E-mail and SMS waiting to be sent, sealed; kept after sending only as a record without the message',
    columns: {
      id: SYSTEM('Random id; also the Message-ID of the e-mail, so a receiver can drop a repeated delivery'),
      kind: SYSTEM('mail or sms'),
      subject_id: SYSTEM('Whose data key seals the message'),
      purpose: SYSTEM('Why the message is sent'),
      payload_enc: {
        category: 'user.contact',
        description: 'The address or phone number and the text of a message to the customer (HK-03, HK-14)',
        purposes: ['order.status_updates', 'account.access', 'marketing.email'],
        retention: 'until_sent',
        encrypted: true,
      },
      dedupe_key: SYSTEM('The effect this message is for'),
      attempts: SYSTEM('Delivery attempts so far'),
      next_attempt_at: SYSTEM('When to try again'),
      locked_until: SYSTEM('Held by a worker until'),
      last_error: SYSTEM('Code of the last failure'),
      created_at: SYSTEM('Time'),
      sent_at: SYSTEM('When it was delivered'),
    },
  },
];

// biome-ignore lint/suspicious/noExplicitAny: migrations run on the untyped database
export async function createOutboxTable(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('outbox')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('subject_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('purpose', 'varchar(40)', (c) => c.notNull())
    .addColumn('payload_enc', 'text')
    .addColumn('dedupe_key', 'varchar(200)', (c) => c.notNull().unique())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('locked_until', 'varchar(32)')
    .addColumn('last_error', 'varchar(80)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('sent_at', 'varchar(32)')
    .execute();
  await db.schema.createIndex('outbox_due_idx').on('outbox').columns(['sent_at', 'next_attempt_at']).execute();
}
