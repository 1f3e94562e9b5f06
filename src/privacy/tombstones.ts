import type { Kysely } from 'kysely';

/**
 * Tombstones: the erased subjects, listed in the key-store database apart from the data (CM-17). They are written
 * before a subject's key is shredded, so an erasure cut short is finished on the next re-application, and they are
 * carried across a restore, so that restoring an older backup re-applies every erasure made since.
 */
export interface TombstoneSchema {
  erasure_tombstones: { subject_id: string; erased_at: string };
}

export class TombstoneStore {
  constructor(private readonly db: Kysely<TombstoneSchema>) {}

  static async migrate(db: Kysely<TombstoneSchema>): Promise<void> {
    await db.schema
      .createTable('erasure_tombstones')
      .ifNotExists()
      .addColumn('subject_id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('erased_at', 'varchar(32)', (c) => c.notNull())
      .execute();
  }

  async add(subjectIds: string[], at = new Date().toISOString()): Promise<void> {
    await this.keep(subjectIds.map((subject_id) => ({ subject_id, erased_at: at })));
  }

  /** Writes tombstones carried from elsewhere (a restore), each with its own erasure time; known subjects are kept. */
  async keep(tombstones: { subject_id: string; erased_at: string }[]): Promise<void> {
    for (let i = 0; i < tombstones.length; i += 500) {
      const rows = tombstones.slice(i, i + 500);
      await this.db
        .insertInto('erasure_tombstones')
        .values(rows)
        .onConflict((oc) => oc.column('subject_id').doNothing())
        .execute();
    }
  }

  async all(): Promise<{ subject_id: string; erased_at: string }[]> {
    return this.db.selectFrom('erasure_tombstones').selectAll().orderBy('erased_at').execute();
  }
}
