import type { Kysely } from 'kysely';
import { SYSTEM, type TableDeclaration } from './datamap.ts';

export interface ErasureTables {
  /** One row per erasure: what was erased, when, by whom and for which request; never a personal value. */
  erasures: {
    id: string;
    at: string;
    actor: string;
    /** A short code ("dsr.erasure", "retention"), never free text. */
    reason: string;
    request_ref: string | null;
    subjects: number;
    orders: number;
    legal_holds: number;
  };
  /** The subjects each erasure shredded: random ids, a copy in the data of the tombstones in the key store. */
  erasure_subjects: {
    erasure_id: string;
    subject_id: string;
  };
  /**
   * What the law makes the shop keep of an erased subject's order (an official invoice's tax identity), sealed
   * under a key of its own (`hold_subject_id`), with its legal basis and the day after which it is shredded too.
   */
  legal_holds: {
    id: string;
    hold_subject_id: string;
    order_id: string;
    /** The order field that was held, e.g. orders.tax_identity_enc. */
    field: string;
    value_enc: string | null;
    basis: string;
    held_until: string;
    erasure_id: string;
    created_at: string;
  };
}

export const erasureDataMap: TableDeclaration[] = [
  {
    table: 'erasures',
    description: 'Record of every erasure (CM-14): ids, counts and who asked, no personal data',
    columns: {
      id: SYSTEM('Random id'),
      at: SYSTEM('Time'),
      actor: SYSTEM('staff:<id>, subject:<id> or system:<job>'),
      reason: SYSTEM('Reason code'),
      request_ref: SYSTEM('The data-subject request it answers'),
      subjects: SYSTEM('How many subjects were shredded'),
      orders: SYSTEM('How many orders were anonymised'),
      legal_holds: SYSTEM('How many values went under a legal hold'),
    },
  },
  {
    table: 'erasure_subjects',
    description: 'The random subject ids each erasure shredded, re-applied after a restore (CM-17)',
    columns: {
      erasure_id: SYSTEM('Erasure'),
      subject_id: SYSTEM('Random data-subject id whose key was shredded'),
    },
  },
  {
    table: 'legal_holds',
    description: 'What the law requires to keep of an erased customer’s orders, under its own key until an end date',
    columns: {
      id: SYSTEM('Random id'),
      hold_subject_id: SYSTEM('Key-store id of the hold’s own key'),
      order_id: SYSTEM('Order'),
      field: SYSTEM('Which order field is held'),
      value_enc: {
        category: 'user.government_id.national_identification_number',
        description: 'The held value, e.g. the official invoice’s tax identity (KN-04), sealed under the hold’s key',
        purposes: ['legal.obligation'],
        retention: 'order_accounting',
        encrypted: true,
      },
      basis: SYSTEM('Legal basis code'),
      held_until: SYSTEM('End of the hold: the retention sweeper shreds it after'),
      erasure_id: SYSTEM('The erasure that created the hold'),
      created_at: SYSTEM('Time'),
    },
  },
];

// biome-ignore lint/suspicious/noExplicitAny: migrations run on the untyped database
export async function createErasureTables(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('erasures')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('at', 'varchar(32)', (c) => c.notNull())
    .addColumn('actor', 'varchar(80)', (c) => c.notNull())
    .addColumn('reason', 'varchar(64)', (c) => c.notNull())
    .addColumn('request_ref', 'varchar(64)')
    .addColumn('subjects', 'integer', (c) => c.notNull())
    .addColumn('orders', 'integer', (c) => c.notNull())
    .addColumn('legal_holds', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('erasure_subjects')
    .addColumn('erasure_id', 'varchar(36)', (c) => c.notNull().references('erasures.id'))
    .addColumn('subject_id', 'varchar(36)', (c) => c.notNull())
    .addPrimaryKeyConstraint('erasure_subjects_pk', ['erasure_id', 'subject_id'])
    .execute();
  await db.schema.createIndex('erasure_subjects_subject_idx').on('erasure_subjects').column('subject_id').execute();
  await db.schema
    .createTable('legal_holds')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('hold_subject_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('order_id', 'varchar(36)', (c) => c.notNull().references('orders.id'))
    .addColumn('field', 'varchar(64)', (c) => c.notNull())
    .addColumn('value_enc', 'text')
    .addColumn('basis', 'varchar(32)', (c) => c.notNull())
    .addColumn('held_until', 'varchar(32)', (c) => c.notNull())
    .addColumn('erasure_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('legal_holds_order_idx').on('legal_holds').column('order_id').execute();
  await db.schema.createIndex('legal_holds_until_idx').on('legal_holds').column('held_until').execute();
}
