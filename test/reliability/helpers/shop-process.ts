import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { inject } from 'vitest';
import { type Database, openDatabase } from '../../../src/db/database.ts';
import type { DB } from '../../../src/db/schema.ts';
import type { DialectName } from '../../helpers/shop.ts';
import { record, runFolder } from './run.ts';

const AMANAT = fileURLToPath(new URL('../../../bin/amanat.js', import.meta.url));

/** A port free right now, kept for every restart so that clients keep one address across crashes. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** A PostgreSQL database of its own (so that `amanat serve` uses its default schemas, as in production). */
export async function createPostgresDatabase(): Promise<string> {
  const base = inject('postgresUrl');
  if (!base) throw new Error('PostgreSQL is not available');
  const name = `rel_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  record({ kind: 'postgres', url: url.toString() });
  return url.toString();
}

export interface ShopOptions {
  preset?: string;
  /** Mail goes to this SMTP server; without it to .eml files in the data folder. */
  smtpUrl?: string;
  /** A data folder and database to serve (a restored shop); a new one otherwise. */
  dataDir?: string;
  databaseUrl?: string;
}

/**
 * The real shop, `amanat serve --preset …`, as a child process on its own data folder (SQLite) or database
 * (PostgreSQL), with everything it prints appended to a log file of the run. It can be killed and started again.
 */
export class ShopProcess {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  /** The owner's one-time password, printed at the first start. */
  ownerPassword: string | null = null;

  private constructor(
    readonly dialect: DialectName,
    readonly dataDir: string,
    readonly databaseUrl: string | undefined,
    readonly port: number,
    readonly logFile: string,
    private readonly options: ShopOptions,
  ) {}

  static async create(dialect: DialectName, name: string, options: ShopOptions = {}): Promise<ShopProcess> {
    const dataDir = options.dataDir ?? runFolder('shops', `${name}-${dialect}`);
    const databaseUrl = options.databaseUrl ?? (dialect === 'postgres' ? await createPostgresDatabase() : undefined);
    const logFile = join(runFolder('logs', `${name}-${dialect}`), 'server.log');
    return new ShopProcess(dialect, dataDir, databaseUrl, await freePort(), logFile, options);
  }

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The environment `amanat` runs with: the same for serve, backup and restore of this shop. */
  env(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: this.dataDir };
    if (this.databaseUrl) env.DATABASE_URL = this.databaseUrl;
    if (this.options.smtpUrl) env.SMTP_URL = this.options.smtpUrl;
    env.LOG_LEVEL = 'info';
    env.PUBLIC_URL = `${this.base}/`;
    return env;
  }

  async start(): Promise<void> {
    await this.waitUntilServing(this.spawn());
  }

  /** Starts the shop and kills it `ms` later, whether it is serving yet or not. */
  async killWhileStarting(ms: number): Promise<void> {
    this.spawn();
    await new Promise((r) => setTimeout(r, ms));
    await this.kill();
  }

  private spawn(): ChildProcess {
    const child = spawn(
      process.execPath,
      [AMANAT, 'serve', '--preset', this.options.preset ?? 'chotomoni', '--port', String(this.port)],
      { env: this.env(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    let printed = '';
    const keep = (chunk: Buffer) => {
      appendFileSync(this.logFile, chunk);
      if (this.ownerPassword === null) {
        printed += chunk.toString();
        this.ownerPassword = /one-time password "([^"]+)"/.exec(printed)?.[1] ?? null;
      }
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    return child;
  }

  private async waitUntilServing(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`amanat serve exited with ${child.exitCode}; see ${this.logFile}`);
      try {
        const res = await fetch(`${this.base}/healthz`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`amanat serve did not answer within 60 s; see ${this.logFile}`);
  }

  /** A crash: SIGKILL, no shutdown hook runs. */
  async kill(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exited;
    this.child = null;
  }

  /** A clean stop (SIGTERM): the server closes its connections and the databases. */
  async stop(): Promise<void> {
    this.child?.kill('SIGTERM');
    await this.exited;
    this.child = null;
  }

  /** Runs another `amanat` command on this shop (backup, restore), to completion. */
  async command(...args: string[]): Promise<string> {
    const child = spawn(process.execPath, [AMANAT, ...args], { env: this.env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c;
      appendFileSync(this.logFile, c);
    });
    child.stderr.on('data', (c: Buffer) => {
      out += c;
      appendFileSync(this.logFile, c);
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`amanat ${args.join(' ')} failed (${code}): ${out}`);
    return out;
  }

  /** The shop's data database, opened beside the server (SQLite in WAL mode allows it), for the checks. */
  openData(): Promise<Database<DB>> {
    return openDatabase<DB>(this.databaseUrl ?? `sqlite:${join(this.dataDir, 'amanat.db')}`);
  }
}
