import { join } from 'node:path';
import { openApp } from '../app.ts';
import type { Config } from '../config.ts';
import { retentionOf } from '../privacy/retention-settings.ts';
import { backup, listBackups, pruneBackups, restore, type StoreLocation } from './backup.ts';

type StoreConfig = Pick<Config, 'databaseUrl' | 'keystoreUrl' | 'keystoreSchema' | 'dataDir' | 'secrets'>;

function locationOf(config: StoreConfig, dataSchema?: string): StoreLocation {
  return {
    databaseUrl: config.databaseUrl,
    keystoreUrl: config.keystoreUrl,
    dataSchema,
    keystoreSchema: dataSchema ? `${dataSchema}_keys` : config.keystoreSchema,
  };
}

export const defaultBackupsDir = (config: Pick<Config, 'dataDir'>) => join(config.dataDir, 'backups');

/** `amanat backup`: a backup of data and key store, then the backups past the preset's retention are deleted. */
export async function backupShop(
  config: StoreConfig,
  options: { dir?: string; dataSchema?: string; now?: Date } = {},
): Promise<{ dir: string; pruned: string[] }> {
  const backupsDir = options.dir ?? defaultBackupsDir(config);
  // Opening the shop migrates it and tells which preset's retention applies.
  const app = await openApp({ config, schema: options.dataSchema });
  try {
    const dir = await backup(locationOf(config, options.dataSchema), backupsDir, options.now);
    const pruned = pruneBackups(backupsDir, retentionOf(app.preset).backupDays, options.now);
    return { dir, pruned };
  } finally {
    await app.close();
  }
}

/**
 * `amanat restore DIR` (the shop stopped): the backup replaces both databases, the schema is brought up to date, and
 * every erasure made since the backup is applied again (CM-17).
 */
export async function restoreShop(
  config: StoreConfig,
  dir: string,
  options: { dataSchema?: string } = {},
): Promise<{ reapplied: number; carriedTombstones: number }> {
  const { carriedTombstones } = await restore(locationOf(config, options.dataSchema), dir);
  const app = await openApp({ config, schema: options.dataSchema });
  try {
    const { reapplied } = await app.erasure.reapplyTombstones();
    return { reapplied, carriedTombstones };
  } finally {
    await app.close();
  }
}

export { listBackups };
