import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';
import { describe, inject } from 'vitest';
import { type App, openApp } from '../../src/app.ts';
import { randomSecrets } from '../../src/config.ts';
import { seedCatalog } from '../../src/modules/catalog/seed.ts';
import type { Gateways } from '../../src/modules/payments/gateways.ts';
import { smtpMailer } from '../../src/notify/mailer.ts';
import { DevSmsSink, type SmsPort } from '../../src/notify/sms.ts';
import type { Preset } from '../../src/presets/types.ts';
import { buildServer } from '../../src/server/index.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface TestShop {
  app: App;
  /** The development SMS sink: what the shop sent by SMS (unless the test gave the shop a provider). */
  sms: DevSmsSink;
  dialect: DialectName;
  server: Awaited<ReturnType<typeof buildServer>>;
  close(): Promise<void>;
}

/**
 * Runs a block of tests once per database: SQLite always, PostgreSQL when it answers (see global-setup.ts). Each
 * shop opened inside gets its own database (SQLite in memory, or a PostgreSQL schema of its own), so test files
 * run in parallel without seeing each other.
 */
export function describeEachDatabase(name: string, body: (dialect: DialectName) => void): void {
  const postgresUrl = inject('postgresUrl');
  describe(`${name} [sqlite]`, () => body('sqlite'));
  (postgresUrl ? describe : describe.skip)(`${name} [postgres]`, () => body('postgres'));
}

export async function openTestShop(
  dialect: DialectName,
  presetId: Preset['id'],
  options: {
    logger?: Logger;
    seed?: boolean;
    onQuery?: (sql: string) => void;
    /** Rate limits as in production (1) or relaxed (default: the whole suite comes from 127.0.0.1). */
    rateLimitScale?: number;
    /** An SMTP URL (see helpers/mail.ts); without one, mail goes to .eml files in the temporary data folder. */
    smtpUrl?: string;
    /** Payment gateways pointed at simulators; none by default (online methods are then not offered). */
    gateways?: Gateways;
    /** The shop's public address (a real listener's, when a simulator must call the shop back). */
    publicUrl?: string;
    /** An SMS provider's adapter pointed at its simulator; the development sink by default. */
    sms?: SmsPort;
  } = {},
): Promise<TestShop> {
  const dataDir = mkdtempSync(join(tmpdir(), 'amanat-test-'));
  const postgresUrl = inject('postgresUrl');
  const schema = dialect === 'postgres' ? `t_${randomBytes(6).toString('hex')}` : undefined;
  const url = dialect === 'postgres' ? postgresUrl! : ':memory:';
  const app = await openApp({
    config: { databaseUrl: url, keystoreUrl: url, dataDir, secrets: randomSecrets() },
    schema,
    preset: presetId,
    onQuery: options.onQuery,
    mailer: options.smtpUrl ? smtpMailer(options.smtpUrl, 'Shop <shop@example.test>') : undefined,
    sms: options.sms ?? new DevSmsSink(),
    publicUrl: options.publicUrl ?? 'http://localhost',
    gateways: options.gateways ?? {},
  });
  if (options.seed !== false) await seedCatalog(app.db, app.preset, app.mediaDir);
  app.outbox.start();
  const server = await buildServer(app, {
    logger: options.logger,
    rateLimitScale: options.rateLimitScale ?? 100,
  });
  return {
    app,
    sms: app.sms as DevSmsSink,
    dialect,
    server,
    async close() {
      await server.close();
      await app.close();
      if (schema) {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(`drop schema if exists ${schema} cascade; drop schema if exists ${schema}_keys cascade`);
        await client.end();
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs `work` with the shop's outbox worker paused: its polling would add its own queries to a query count. */
export async function withOutboxPaused<T>(shop: TestShop, work: () => Promise<T>): Promise<T> {
  await shop.app.outbox.stop();
  try {
    return await work();
  } finally {
    shop.app.outbox.start();
  }
}
