/** Opening and generating benchmark shops on SQLite files and in PostgreSQL schemas of their own. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type App, openApp } from '../src/app.ts';
import { loadConfig, randomSecrets } from '../src/config.ts';
import type { Preset } from '../src/presets/types.ts';
import { type GeneratedCatalog, generateCatalog } from './generate.ts';

/** The preset every benchmark shop is built from (khatra is not registered in src/presets yet). */
export const BENCH_PRESET: Preset['id'] = 'chotomoni';

export const POSTGRES_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Opens the SQLite shop in `dataDir` the way `amanat serve` does: DATA_DIR/amanat.db, DATA_DIR/keys.db and
 * DATA_DIR/secrets.json (generated on first open). Only DATA_DIR is passed, so a DATABASE_URL in the environment
 * cannot redirect the benchmark to a real shop.
 */
export async function openSqliteShop(dataDir: string): Promise<App> {
  const config = loadConfig({ DATA_DIR: dataDir });
  return openApp({ config, preset: BENCH_PRESET });
}

/** Creates a SQLite shop in `dataDir` with `count` generated products, and closes it. */
export async function createSqliteShop(dataDir: string, count: number): Promise<GeneratedCatalog> {
  const app = await openSqliteShop(dataDir);
  try {
    return await generateCatalog(app.db, app.preset, app.mediaDir, count);
  } finally {
    await app.close();
  }
}

/** A fresh PostgreSQL schema name (its key store goes in `<name>_keys`). */
export function benchSchema(): string {
  return `bench_${randomBytes(5).toString('hex')}`;
}

export async function openPostgresShop(schema: string, dataDir: string): Promise<App> {
  return openApp({
    config: { databaseUrl: POSTGRES_URL, keystoreUrl: POSTGRES_URL, dataDir, secrets: randomSecrets() },
    schema,
    preset: BENCH_PRESET,
  });
}

export async function dropPostgresSchema(schema: string): Promise<void> {
  if (!/^bench_[0-9a-f]+$/.test(schema)) throw new Error(`refusing to drop schema ${schema}`);
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${schema} cascade; drop schema if exists ${schema}_keys cascade`);
  } finally {
    await client.end();
  }
}

/** Null when PostgreSQL answers, otherwise the reason. */
export async function postgresUnreachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => {});
  }
}
