import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  Kysely,
  type KyselyConfig,
  PostgresDialect,
  SqliteDialect,
  type SqliteDatabase as SqliteDialectDatabase,
} from 'kysely';
import pg from 'pg';

export type DialectName = 'sqlite' | 'postgres';

export interface Database<Schema> {
  db: Kysely<Schema>;
  dialect: DialectName;
  /** The PostgreSQL schema in use (tests isolate each file in its own); undefined on SQLite. */
  schema?: string;
  close(): Promise<void>;
}

// PostgreSQL returns int8 (bigint) as strings; our bigints are money in minor units and milli-quantities, well
// inside Number.MAX_SAFE_INTEGER, so numbers are what the code expects on both databases.
pg.types.setTypeParser(20, (v) => Number(v));

export function isPostgresUrl(url: string): boolean {
  return url.startsWith('postgres://') || url.startsWith('postgresql://');
}

/** Opens a database from a URL: `postgres://…`, `sqlite:/path/file.db`, a plain file path, or `:memory:`. */
export interface OpenOptions {
  schema?: string;
  /** Called for every query executed (tests count queries to prove list pages are not N+1). */
  onQuery?: (sql: string) => void;
}

/** A database URL this program cannot use (another kind of database). */
export class DatabaseUrlError extends Error {}

export async function openDatabase<Schema>(url: string, options: OpenOptions = {}): Promise<Database<Schema>> {
  if (isPostgresUrl(url)) return openPostgres<Schema>(url, options);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1];
  if (scheme) {
    throw new DatabaseUrlError(
      `"${scheme}" databases are not supported: use postgres://user@host:5432/db or sqlite:/path/to/file.db`,
    );
  }
  return openSqlite<Schema>(url.replace(/^sqlite:/, ''), options);
}

function logger(options: OpenOptions): KyselyConfig['log'] {
  const { onQuery } = options;
  return onQuery
    ? (event) => {
        if (event.level === 'query') onQuery(event.query.sql);
      }
    : undefined;
}

function openSqlite<Schema>(file: string, options: OpenOptions): Database<Schema> {
  if (file !== ':memory:' && !existsSync(dirname(file))) {
    throw new DatabaseUrlError(`cannot open the SQLite database ${file}: the folder ${dirname(file)} does not exist`);
  }
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Schema>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
    log: logger(options),
  });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every statement again on each execution; preparing was 13–17 % of the CPU of a
 * category page and of a checkout (bench/README.md). Kysely's SQL text is stable per query shape (only parameters
 * change), so prepared statements are kept by SQL text, least recently used dropped first.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDialectDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => {
      cache.clear();
      sqlite.close();
    },
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (statement) {
        cache.delete(sql);
      } else {
        statement = sqlite.prepare(sql);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}

async function openPostgres<Schema>(url: string, options: OpenOptions): Promise<Database<Schema>> {
  const { schema } = options;
  const poolOptions: pg.PoolConfig = { connectionString: url, max: 10 };
  if (schema) {
    if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
    const setup = new pg.Client({ connectionString: url });
    await setup.connect();
    try {
      await setup.query(`create schema if not exists ${schema}`);
    } finally {
      await setup.end();
    }
    poolOptions.options = `-c search_path=${schema}`;
  }
  const pool = new pg.Pool(poolOptions);
  // Fail fast with a clear message when the server is unreachable, rather than on the first query.
  const client = await pool.connect();
  client.release();
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }), log: logger(options) });
  return { db, dialect: 'postgres', schema, close: () => db.destroy() };
}

/**
 * Runs a look-up that reads the catalogue of every schema on the server (Kysely's PostgreSQL introspection, which the
 * migrator uses to find its own tables) again when it failed because another schema was dropped while it ran: its
 * `pg_get_serial_sequence` on a table listed a moment before then fails with `schema "…" does not exist`. Shops (and
 * tests) that share a database in schemas of their own drop and create schemas at any time.
 */
export async function whileSchemasAreDropped<T>(lookUp: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await lookUp();
    } catch (error) {
      const code = (error as { code?: string }).code;
      // 3F000: invalid_schema_name.
      if (code !== '3F000' || attempt >= attempts) throw error;
    }
  }
}
