import type { Generated, Kysely } from 'kysely';
import type { DialectName } from '../db/database.ts';
import { SYSTEM, type TableDeclaration } from './datamap.ts';

export interface PrivacyTables {
  audit_log: {
    seq: Generated<number>;
    at: string;
    actor: string;
    action: string;
    purpose: string | null;
    subject_id: string | null;
    field: string | null;
    detail: string | null;
    prev_hash: string;
    hash: string;
  };
  disclosures: {
    id: string;
    at: string;
    subject_id: string;
    recipient_id: string;
    fields: string;
    purpose: string;
    order_id: string | null;
    actor: string;
  };
  settings: { key: string; value: string };
}

export const privacyDataMap: TableDeclaration[] = [
  {
    table: 'audit_log',
    description: 'Append-only, hash-chained log of reveals and refusals; holds ids and field names, never values',
    columns: {
      seq: SYSTEM('Sequence'),
      at: SYSTEM('Time'),
      actor: SYSTEM('Who (staff id, subject id or system job)'),
      action: SYSTEM('reveal, disclosure_refused …'),
      purpose: SYSTEM('Declared purpose'),
      subject_id: SYSTEM('Whose data (random subject id)'),
      field: SYSTEM('Which fields'),
      detail: SYSTEM('Order code or recipient id'),
      prev_hash: SYSTEM('Hash of the previous entry'),
      hash: SYSTEM('Hash of this entry'),
    },
  },
  {
    table: 'disclosures',
    description: 'Register of every disclosure of personal data to a recipient (CM-11)',
    columns: {
      id: SYSTEM('Random id'),
      at: SYSTEM('Time'),
      subject_id: SYSTEM('Whose data'),
      recipient_id: SYSTEM('Declared recipient'),
      fields: SYSTEM('Field ids disclosed'),
      purpose: SYSTEM('Purpose'),
      order_id: SYSTEM('Order'),
      actor: SYSTEM('Who disclosed'),
    },
  },
  {
    table: 'settings',
    description: 'Shop settings (the preset and its edits)',
    columns: { key: SYSTEM('Setting name'), value: SYSTEM('JSON value') },
  },
];

// biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
export async function createPrivacyTables(db: Kysely<any>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('audit_log')
    .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
      dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('at', 'varchar(32)', (c) => c.notNull())
    .addColumn('actor', 'varchar(80)', (c) => c.notNull())
    .addColumn('action', 'varchar(64)', (c) => c.notNull())
    .addColumn('purpose', 'varchar(64)')
    .addColumn('subject_id', 'varchar(36)')
    .addColumn('field', 'text')
    .addColumn('detail', 'text')
    .addColumn('prev_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('hash', 'varchar(64)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_subject_idx').on('audit_log').column('subject_id').execute();
  await db.schema
    .createTable('disclosures')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('at', 'varchar(32)', (c) => c.notNull())
    .addColumn('subject_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('recipient_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('purpose', 'varchar(64)', (c) => c.notNull())
    .addColumn('order_id', 'varchar(36)')
    .addColumn('actor', 'varchar(80)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('disclosures_subject_idx').on('disclosures').column('subject_id').execute();
  await db.schema
    .createTable('settings')
    .addColumn('key', 'varchar(100)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}
