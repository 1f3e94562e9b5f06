import { type Expression, type Kysely, sql } from 'kysely';
import type { DialectName } from '../../db/database.ts';

/**
 * The substring index behind product search (storefront and staff list): `product_translations.search_text LIKE
 * '%needle%'` read from a trigram index instead of a scan of every translation (at 100,000 products a search scanned
 * 400,000 rows). SQLite: an FTS5 table with the trigram tokenizer over the translations (external content, kept in
 * step by triggers), whose LIKE uses the index. PostgreSQL: a GIN index with `pg_trgm`, which the planner uses for the
 * same LIKE. Needles under three characters are matched by a scan in both, with the same results.
 *
 * The FTS5 rows are keyed by the translations' rowids. Amanat never runs VACUUM; an operator who does (SQLite keeps
 * rowids across it in practice, without promising to) can run `insert into product_search(product_search) values
 * ('rebuild')` after it.
 */

/** SQLite's FTS5 table and the shadow tables FTS5 keeps for it: an index of `search_text`, no data of its own. */
export const SEARCH_INDEX_TABLES = [
  'product_search',
  'product_search_data',
  'product_search_idx',
  'product_search_docsize',
  'product_search_config',
];

// biome-ignore lint/suspicious/noExplicitAny: migrations run on the untyped database
export async function createProductSearchIndex(db: Kysely<any>, dialect: DialectName): Promise<void> {
  if (dialect === 'sqlite') {
    await sql`create virtual table product_search using fts5(search_text, content='product_translations', tokenize='trigram')`.execute(
      db,
    );
    await sql`create trigger product_search_insert after insert on product_translations begin
      insert into product_search(rowid, search_text) values (new.rowid, new.search_text); end`.execute(db);
    await sql`create trigger product_search_delete after delete on product_translations begin
      insert into product_search(product_search, rowid, search_text) values ('delete', old.rowid, old.search_text); end`.execute(
      db,
    );
    await sql`create trigger product_search_update after update of search_text on product_translations begin
      insert into product_search(product_search, rowid, search_text) values ('delete', old.rowid, old.search_text);
      insert into product_search(rowid, search_text) values (new.rowid, new.search_text); end`.execute(db);
    await sql`insert into product_search(product_search) values ('rebuild')`.execute(db);
    return;
  }
  const schema = await trigramSchema(db);
  // Without pg_trgm (a server that does not offer it) search still works, by a scan.
  if (!schema) return;
  await sql`create index product_translations_search_trgm on product_translations using gin (search_text ${sql.id(schema)}.gin_trgm_ops)`.execute(
    db,
  );
}

/**
 * Where Amanat installs pg_trgm when the database does not have it yet: a schema of its own, so that restoring a
 * shop's schema (`drop schema … cascade`, src/ops/backup.ts) never drops the extension with it, nor the search
 * indexes of other shops in the same database that use it.
 */
export const EXTENSION_SCHEMA = 'amanat_ext';

/** The statements that install pg_trgm where `trigramSchema` would; a restore runs them before `pg_restore`. */
export const INSTALL_TRIGRAM_SQL = [
  `create schema if not exists ${EXTENSION_SCHEMA}`,
  `create extension if not exists pg_trgm with schema ${EXTENSION_SCHEMA}`,
];

/**
 * The schema pg_trgm lives in, installing it if the server offers it. It is installed once a database, so shops in
 * other schemas of the same database share it; a failed attempt (no right to install, or another shop installing it
 * at the same moment) is rolled back to a savepoint and the extension looked up again.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations run on the untyped database
async function trigramSchema(db: Kysely<any>): Promise<string | null> {
  const installed = async () =>
    (
      await sql<{ schema: string }>`select n.nspname as schema from pg_extension e
        join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm'`.execute(db)
    ).rows[0]?.schema ?? null;
  const found = await installed();
  if (found) return found;
  await sql`savepoint install_pg_trgm`.execute(db);
  try {
    for (const statement of INSTALL_TRIGRAM_SQL) await sql.raw(statement).execute(db);
    await sql`release savepoint install_pg_trgm`.execute(db);
  } catch {
    await sql`rollback to savepoint install_pg_trgm`.execute(db);
  }
  return installed();
}

/**
 * The ids of the products one of whose translations contains `needle` (already normalised by `searchText`, LIKE
 * wildcards removed), as a subquery for `p.id in (…)`.
 */
export function productsMatching(dialect: DialectName, needle: string): Expression<string> {
  const pattern = `%${needle}%`;
  if (dialect === 'sqlite')
    return sql<string>`(select t.product_id from product_translations t where t.rowid in
      (select rowid from product_search where search_text like ${pattern}))`;
  return sql<string>`(select t.product_id from product_translations t where t.search_text like ${pattern})`;
}
