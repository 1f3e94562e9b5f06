import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isPostgresUrl } from './db/database.ts';

export interface Secrets {
  /** Wraps the per-subject data keys in the key store. */
  masterKey: Buffer;
  /** Keys the blind indexes of e-mails and phones, and the network hashes of rate limits. */
  blindIndexKey: Buffer;
  /** Signs CSRF tokens. */
  sessionSecret: Buffer;
}

export interface Config {
  dataDir: string;
  databaseUrl: string;
  keystoreUrl: string;
  /** PostgreSQL schema of the key store when it shares the server with the data. */
  keystoreSchema?: string;
  host: string;
  port: number;
  secrets: Secrets;
  /** Set when secrets were generated just now, so the caller can warn the owner to back them up. */
  generatedSecretsFile?: string;
}

const SECRET_NAMES = {
  masterKey: 'AMANAT_MASTER_KEY',
  blindIndexKey: 'AMANAT_BLIND_INDEX_KEY',
  sessionSecret: 'AMANAT_SESSION_SECRET',
} as const;

export class ConfigError extends Error {}

/**
 * Reads the configuration from the environment. Secrets come from the environment (base64, 32 bytes) or, on first
 * run, are generated into DATA_DIR/secrets.json with mode 0600.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const dataDir = resolve(overrides.dataDir ?? env.DATA_DIR ?? 'data');
  mkdirSync(dataDir, { recursive: true });
  const databaseUrl = overrides.databaseUrl ?? env.DATABASE_URL ?? `sqlite:${join(dataDir, 'amanat.db')}`;
  const onPostgres = isPostgresUrl(databaseUrl);
  const keystoreUrl =
    overrides.keystoreUrl ?? env.KEYSTORE_URL ?? (onPostgres ? databaseUrl : `sqlite:${join(dataDir, 'keys.db')}`);
  const keystoreSchema = isPostgresUrl(keystoreUrl) ? (env.KEYSTORE_SCHEMA ?? 'amanat_keys') : undefined;
  const port = Number(overrides.port ?? env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`PORT must be 0–65535, got ${env.PORT}`);
  const { secrets, generatedFile } = loadSecrets(env, dataDir);
  return {
    dataDir,
    databaseUrl,
    keystoreUrl,
    keystoreSchema,
    host: overrides.host ?? env.HOST ?? '127.0.0.1',
    port,
    secrets,
    generatedSecretsFile: generatedFile,
  };
}

function loadSecrets(env: NodeJS.ProcessEnv, dataDir: string): { secrets: Secrets; generatedFile?: string } {
  const file = join(dataDir, 'secrets.json');
  const fromEnv = Object.entries(SECRET_NAMES).map(([key, name]) => [key, env[name]] as const);
  if (fromEnv.every(([, v]) => v)) {
    return {
      secrets: Object.fromEntries(fromEnv.map(([k, v]) => [k, decodeKey(v as string, k)])) as unknown as Secrets,
    };
  }
  let generatedFile: string | undefined;
  if (!existsSync(file)) {
    const fresh = Object.fromEntries(Object.keys(SECRET_NAMES).map((k) => [k, randomBytes(32).toString('base64')]));
    writeFileSync(file, `${JSON.stringify(fresh, null, 2)}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
    generatedFile = file;
  }
  const stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  const secrets = {} as Record<keyof Secrets, Buffer>;
  for (const [key, name] of Object.entries(SECRET_NAMES) as [keyof Secrets, string][]) {
    secrets[key] = decodeKey(env[name] ?? stored[key], key);
  }
  return { secrets, generatedFile };
}

function decodeKey(value: string, name: string): Buffer {
  const key = Buffer.from(value ?? '', 'base64');
  if (key.length !== 32) throw new ConfigError(`${name} must be 32 bytes, base64-encoded`);
  return key;
}

export function randomSecrets(): Secrets {
  return { masterKey: randomBytes(32), blindIndexKey: randomBytes(32), sessionSecret: randomBytes(32) };
}
