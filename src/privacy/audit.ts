import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../db/database.ts';
import type { DB } from '../db/schema.ts';

/** One entry of the append-only, hash-chained audit log. */
export interface AuditEntry {
  actor: string;
  action: string;
  purpose: string | null;
  subject_id: string | null;
  field: string | null;
  /** Non-personal context: an order code, a recipient id. Never a personal value. */
  detail: string | null;
}

const GENESIS = '0'.repeat(64);

function entryHash(prev: string, at: string, e: AuditEntry): string {
  const body = JSON.stringify([prev, at, e.actor, e.action, e.purpose, e.subject_id, e.field, e.detail]);
  return createHash('sha256').update(body).digest('hex');
}

/**
 * Appends entries to the audit log. Each entry's hash covers the previous entry's hash, so deleting or altering
 * any entry breaks the chain from there on (`verifyAuditChain`).
 */
export async function appendAudit(db: Kysely<DB>, dialect: DialectName, entry: AuditEntry): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // Serialise writers on PostgreSQL so that two instances never chain from the same predecessor. SQLite
    // transactions are serialised already (one writer).
    if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(727274)`.execute(trx);
    const last = await trx.selectFrom('audit_log').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst();
    const prev = last?.hash ?? GENESIS;
    const at = new Date().toISOString();
    await trx
      .insertInto('audit_log')
      .values({ ...entry, at, prev_hash: prev, hash: entryHash(prev, at, entry) })
      .execute();
  });
}

/** Re-computes the chain; returns the seq of the first broken entry, or null when the chain is intact. */
export async function verifyAuditChain(db: Kysely<DB>): Promise<number | null> {
  const rows = await db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
  let prev = GENESIS;
  for (const row of rows) {
    if (row.prev_hash !== prev || entryHash(prev, row.at, row) !== row.hash) return Number(row.seq);
    prev = row.hash;
  }
  return null;
}
