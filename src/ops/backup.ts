import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { isPostgresUrl, openDatabase } from '../db/database.ts';
import { INSTALL_TRIGRAM_SQL } from '../modules/catalog/search-index.ts';
import { type TombstoneSchema, TombstoneStore } from '../privacy/tombstones.ts';

const run = promisify(execFile);

/** Where the shop's two databases are: the data, and the key store kept apart from it (HK-16, CM-17). */
export interface StoreLocation {
  databaseUrl: string;
  keystoreUrl: string;
  /** The PostgreSQL schema of the data (`public` when none is set). */
  dataSchema?: string;
  /** The PostgreSQL schema of the key store. */
  keystoreSchema?: string;
}

export interface BackupManifest {
  createdAt: string;
  data: { kind: 'sqlite' | 'postgres'; file: string; schema?: string };
  keys: { kind: 'sqlite' | 'postgres'; file: string; schema?: string };
  /** The erased subjects when the backup was taken, readable without restoring anything (absent in older backups). */
  tombstones?: { file: string; count: number };
}

type Tombstone = { subject_id: string; erased_at: string };

const MANIFEST = 'manifest.json';
const TOMBSTONES = 'tombstones.json';

/**
 * A consistent online backup (issue 7, item 3): the data and, in a file of its own, the key store. SQLite through its
 * backup API (pages copied from a live database, writers are not blocked); PostgreSQL through `pg_dump` of the
 * schema, one snapshot per schema. The data file alone is unreadable without the key store (HK-16).
 */
export async function backup(store: StoreLocation, backupsDir: string, now = new Date()): Promise<string> {
  const dir = join(backupsDir, now.toISOString().replace(/[:.]/g, '-'));
  mkdirSync(dir, { recursive: true });
  const data = await dumpOne(store.databaseUrl, store.dataSchema ?? 'public', join(dir, 'data'));
  const keys = await dumpOne(store.keystoreUrl, store.keystoreSchema, join(dir, 'keys'));
  // The tombstones also go beside the dumps as plain JSON (random subject ids, no personal data): a restore of an
  // older backup onto a new machine reads them from every newer backup in the folder (CM-17).
  const tombstones = await readTombstones(store);
  writeFileSync(join(dir, TOMBSTONES), `${JSON.stringify(tombstones)}\n`, { mode: 0o600 });
  const manifest: BackupManifest = {
    createdAt: now.toISOString(),
    data,
    keys,
    tombstones: { file: TOMBSTONES, count: tombstones.length },
  };
  writeFileSync(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  return dir;
}

async function dumpOne(url: string, schema: string | undefined, base: string): Promise<BackupManifest['data']> {
  if (isPostgresUrl(url)) {
    const file = `${base}.pgdump`;
    await run('pg_dump', ['--format=custom', '--no-owner', `--schema=${schema ?? 'public'}`, `--file=${file}`, url]);
    return { kind: 'postgres', file: file.split('/').at(-1)!, schema: schema ?? 'public' };
  }
  const file = `${base}.sqlite`;
  const source = new SQLite(url.replace(/^sqlite:/, ''), { fileMustExist: true });
  try {
    await source.backup(file);
  } finally {
    source.close();
  }
  return { kind: 'sqlite', file: file.split('/').at(-1)! };
}

/** The backups in a folder, newest first. */
export function listBackups(backupsDir: string): { dir: string; manifest: BackupManifest }[] {
  if (!existsSync(backupsDir)) return [];
  return readdirSync(backupsDir)
    .map((name) => join(backupsDir, name))
    .filter((dir) => existsSync(join(dir, MANIFEST)))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as BackupManifest }))
    .sort((a, b) => b.manifest.createdAt.localeCompare(a.manifest.createdAt));
}

/**
 * Deletes backups older than the preset's backup retention, which stays below its erasure limit: no copy of a key
 * outlives the time within which an erasure must reach every copy (CM-17, chotomoni: 90 days).
 */
export function pruneBackups(backupsDir: string, keepDays: number, now = new Date()): string[] {
  const oldest = now.getTime() - keepDays * 86_400_000;
  const removed: string[] = [];
  for (const { dir, manifest } of listBackups(backupsDir)) {
    if (Date.parse(manifest.createdAt) < oldest) {
      rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    }
  }
  return removed;
}

/**
 * Brings a backup back in place of the current databases (the shop must be stopped). The erasures recorded since
 * the backup was taken are carried across: the tombstones of the current key store, if there is one, and those
 * listed in every backup of the same folder are written into the restored key store, and the caller then re-applies
 * them (`ErasureService.reapplyTombstones`). So a customer erased after the backup stays erased, also when the
 * backup is restored onto a new machine from a folder that holds newer backups (CM-17).
 */
export async function restore(store: StoreLocation, dir: string): Promise<{ carriedTombstones: number }> {
  const manifest = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as BackupManifest;
  const carried = unionOf([...(await readTombstones(store)), ...listBackups(dirname(dir)).flatMap(tombstonesOf)]);
  await restoreOne(store.databaseUrl, manifest.data, dir);
  await restoreOne(store.keystoreUrl, manifest.keys, dir);
  const keys = await openDatabase<TombstoneSchema>(store.keystoreUrl, { schema: store.keystoreSchema });
  try {
    await TombstoneStore.migrate(keys.db);
    await new TombstoneStore(keys.db).keep(carried);
  } finally {
    await keys.close();
  }
  return { carriedTombstones: carried.length };
}

/** The tombstones a backup lists beside its dumps. */
function tombstonesOf(backup: { dir: string; manifest: BackupManifest }): Tombstone[] {
  if (!backup.manifest.tombstones) return [];
  return JSON.parse(readFileSync(join(backup.dir, backup.manifest.tombstones.file), 'utf8')) as Tombstone[];
}

/** One tombstone a subject, the earliest erasure time kept. */
function unionOf(tombstones: Tombstone[]): Tombstone[] {
  const bySubject = new Map<string, Tombstone>();
  for (const t of tombstones) {
    const seen = bySubject.get(t.subject_id);
    if (!seen || t.erased_at < seen.erased_at) bySubject.set(t.subject_id, t);
  }
  return [...bySubject.values()];
}

async function readTombstones(store: StoreLocation): Promise<Tombstone[]> {
  const file = store.keystoreUrl.replace(/^sqlite:/, '');
  if (!isPostgresUrl(store.keystoreUrl) && !existsSync(file)) return [];
  const keys = await openDatabase<TombstoneSchema>(store.keystoreUrl, { schema: store.keystoreSchema });
  try {
    await TombstoneStore.migrate(keys.db);
    return await new TombstoneStore(keys.db).all();
  } finally {
    await keys.close();
  }
}

async function restoreOne(url: string, part: BackupManifest['data'], dir: string): Promise<void> {
  const file = join(dir, part.file);
  if (part.kind === 'postgres') {
    if (!isPostgresUrl(url)) throw new Error('a PostgreSQL backup can only be restored into PostgreSQL');
    const schema = part.schema ?? 'public';
    if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name in the backup: ${schema}`);
    // The schema is emptied first so that tables created after the backup do not survive it.
    await run('psql', [
      '--quiet',
      '--no-psqlrc',
      url,
      '-c',
      `drop schema if exists ${schema} cascade; create schema ${schema}`,
    ]);
    // The search index needs pg_trgm, which a dump of one schema does not carry: a new server gets it here. A server
    // that cannot install it fails at the index below, with pg_restore's own message.
    await run('psql', ['--quiet', '--no-psqlrc', url, ...INSTALL_TRIGRAM_SQL.flatMap((s) => ['-c', s])]).catch(
      () => {},
    );
    await run('pg_restore', ['--no-owner', '--clean', '--if-exists', '--exit-on-error', `--dbname=${url}`, file]);
    return;
  }
  if (isPostgresUrl(url)) throw new Error('a SQLite backup can only be restored into SQLite');
  const target = url.replace(/^sqlite:/, '');
  for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
  copyFileSync(file, target);
}
