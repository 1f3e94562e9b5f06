import type { Kysely } from 'kysely';
import { SYSTEM, type TableDeclaration } from './datamap.ts';

export interface RetentionTables {
  /** What each retention sweep removed, as counts per step: the record an auditor asks for (issue 6 § 4). */
  retention_runs: {
    id: string;
    started_at: string;
    finished_at: string;
    /** 'daily' (the serve timer), 'command' (`amanat retention run`), 'staff' (the staff page) or 'test'. */
    trigger: string;
    /** JSON: step → how many rows it deleted or emptied (never which ones). */
    counts: string;
  };
}

export const retentionDataMap: TableDeclaration[] = [
  {
    table: 'retention_runs',
    description: 'Each retention sweep and how many records each of its steps removed (counts only, no one named)',
    columns: {
      id: SYSTEM('Random id, also in the audit log'),
      started_at: SYSTEM('When the sweep started'),
      finished_at: SYSTEM('When it finished'),
      trigger: SYSTEM('daily, command, staff or test'),
      counts: SYSTEM('Rows removed per step'),
    },
  },
];

// biome-ignore lint/suspicious/noExplicitAny: migrations run on the untyped database
export async function createRetentionTables(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('retention_runs')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('started_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('finished_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('trigger', 'varchar(16)', (c) => c.notNull())
    .addColumn('counts', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('retention_runs_started_idx').on('retention_runs').column('started_at').execute();
}
