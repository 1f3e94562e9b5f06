import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { inject } from 'vitest';
import type { TestShop } from './shop.ts';

/**
 * What a backup of the shop's data holds, uncompressed, for scans (CM-03, no leaks): SQLite's `VACUUM INTO` copy of
 * the live database, or a plain-SQL `pg_dump` of its schema.
 */
export async function plainDataBackup(shop: TestShop): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'amanat-dump-'));
  try {
    if (shop.dialect === 'sqlite') {
      const file = join(dir, 'data.sqlite');
      await sql`vacuum into ${file}`.execute(shop.app.db);
      return readFileSync(file).toString('latin1');
    }
    const { stdout } = await promisify(execFile)(
      'pg_dump',
      ['--format=plain', '--no-owner', `--schema=${shop.app.schema}`, inject('postgresUrl')!],
      { maxBuffer: 256 * 1024 * 1024 },
    );
    return stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
