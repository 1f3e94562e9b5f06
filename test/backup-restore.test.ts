import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { type App, openApp } from '../src/app.ts';
import { randomSecrets } from '../src/config.ts';
import { seedCatalog } from '../src/modules/catalog/seed.ts';
import { DevSmsSink } from '../src/notify/sms.ts';
import { listBackups, pruneBackups } from '../src/ops/backup.ts';
import { backupShop, restoreShop } from '../src/ops/backup-command.ts';
import type { DialectName } from './helpers/shop.ts';

const secrets = randomSecrets();
const folders: string[] = [];
afterAll(() => {
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});

/** A shop on real files (SQLite) or its own PostgreSQL schemas, so that it can be backed up and restored. */
function storeFor(dialect: DialectName) {
  const dataDir = mkdtempSync(join(tmpdir(), 'amanat-backup-'));
  folders.push(dataDir);
  const postgresUrl = inject('postgresUrl');
  if (dialect === 'postgres') {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    return { config: { databaseUrl: postgresUrl!, keystoreUrl: postgresUrl!, dataDir, secrets }, schema };
  }
  return {
    config: {
      databaseUrl: `sqlite:${join(dataDir, 'amanat.db')}`,
      keystoreUrl: `sqlite:${join(dataDir, 'keys.db')}`,
      dataDir,
      secrets,
    },
    schema: undefined,
  };
}

async function open(store: ReturnType<typeof storeFor>): Promise<App> {
  return openApp({
    config: store.config,
    schema: store.schema,
    preset: 'chotomoni',
    sms: new DevSmsSink(),
    publicUrl: 'http://localhost',
    gateways: {},
  });
}

async function order(app: App, name: string, phone: string) {
  const product = (await app.catalog.list({ locale: 'en' })).items.find((p) => p.stockMilli >= p.stepMilli)!;
  const placed = await app.orders.place({
    lines: [{ productId: product.id, quantityMilli: product.stepMilli }],
    buyer: { name, phone, email: `${phone.slice(-4)}@example.com`, address: `House ${phone.slice(-2)}, Dhanmondi` },
    recipient: null,
    deliveryInstructions: '',
    deliveryDate: null,
    deliveryWindow: null,
    paymentMethod: 'cod',
    paymentReference: null,
    taxIdentity: null,
    channel: 'web',
    locale: 'en',
    idempotencyKey: randomBytes(8).toString('hex'),
    actor: 'customer',
  });
  if (!placed.ok) throw new Error(placed.error);
  return (await app.orders.byId(placed.id))!;
}

async function buyerName(app: App, orderId: string): Promise<string | null> {
  const o = (await app.orders.byId(orderId))!;
  const seen = await app.kernel.reveal({
    actor: { kind: 'system', job: 'test' },
    purpose: 'order.fulfilment',
    subjectId: o.subjectId,
    fields: { 'orders.buyer_name_enc': o.sealed.buyer_name_enc },
  });
  return seen['orders.buyer_name_enc'];
}

for (const dialect of ['sqlite', 'postgres'] as const) {
  (dialect === 'sqlite' || inject('postgresUrl') ? describe : describe.skip)(`backup and restore [${dialect}]`, () => {
    it('[CM-17] [HK-16] a customer erased after a backup stays erased when that backup is restored; the rest comes back', async () => {
      const store = storeFor(dialect);
      let app = await open(store);
      await seedCatalog(app.db, app.preset, app.mediaDir);
      const kept = await order(app, 'Nasima Akter', '+8801711000101');
      const erased = await order(app, 'Rafiq Islam', '+8801711000202');
      await app.close();

      const { dir } = await backupShop(store.config, { dataSchema: store.schema });
      const manifest = listBackups(join(store.config.dataDir, 'backups'))[0].manifest;
      // Data and key store are separate files: the data alone opens nothing (HK-16).
      expect(manifest.data.file).not.toBe(manifest.keys.file);
      if (dialect === 'sqlite') {
        const dataFile = readFileSync(join(dir, manifest.data.file));
        expect(dataFile.includes(Buffer.from('Rafiq Islam'))).toBe(false);
        expect(dataFile.includes(Buffer.from('+8801711000202'))).toBe(false);
      }

      app = await open(store);
      const o = (await app.orders.byId(erased.id))!;
      await app.erasure.erase({ subjectIds: [o.subjectId], actor: { kind: 'system', job: 'test' }, reason: 'test' });
      expect(await buyerName(app, erased.id)).toBeNull();
      await app.close();

      const result = await restoreShop(store.config, dir, { dataSchema: store.schema });
      expect(result.carriedTombstones).toBeGreaterThanOrEqual(1);
      expect(result.reapplied).toBeGreaterThanOrEqual(1);

      app = await open(store);
      try {
        // The restored shop serves the same orders …
        expect((await app.orders.byId(kept.id))?.code).toBe(kept.code);
        expect((await app.orders.byId(erased.id))?.code).toBe(erased.code);
        expect(await buyerName(app, kept.id)).toBe('Nasima Akter');
        // … and the customer erased after the backup is unreadable again, not found by phone either.
        expect(await buyerName(app, erased.id)).toBeNull();
        const found = await app.orders.lookup(erased.code, { phoneE164: '+8801711000202' });
        expect(found).toBeNull();
      } finally {
        await app.close();
      }
    });

    it('[CM-17] restored onto a new machine from the backups folder, an old backup re-applies the erasures its newer backups list', async () => {
      const store = storeFor(dialect);
      let app = await open(store);
      await seedCatalog(app.db, app.preset, app.mediaDir);
      const kept = await order(app, 'Shirin Sultana', '+8801711000303');
      const erased = await order(app, 'Kamal Hossain', '+8801711000404');
      const erasedSubject = (await app.orders.byId(erased.id))!.subjectId;
      await app.close();
      const backupsDir = join(store.config.dataDir, 'backups');
      const { dir: before } = await backupShop(store.config, {
        dataSchema: store.schema,
        now: new Date('2026-11-01T02:00:00Z'),
      });

      app = await open(store);
      await app.erasure.erase({ subjectIds: [erasedSubject], actor: { kind: 'system', job: 'test' }, reason: 'test' });
      await app.close();
      const { dir: after } = await backupShop(store.config, {
        dataSchema: store.schema,
        now: new Date('2026-11-02T02:00:00Z'),
      });
      // The newer backup lists the erased subject beside its dumps, as random ids only.
      const listed = JSON.parse(readFileSync(join(after, 'tombstones.json'), 'utf8'));
      expect(listed.map((t: { subject_id: string }) => t.subject_id)).toContain(erasedSubject);
      expect(readFileSync(join(after, 'tombstones.json'), 'utf8')).not.toMatch(/Kamal|8801711000404/);

      // The machine is lost: both databases are gone, only the backups folder and the secrets survive.
      let config = store.config;
      if (dialect === 'sqlite') {
        config = storeFor('sqlite').config;
        cpSync(backupsDir, join(config.dataDir, 'backups'), { recursive: true });
      } else {
        await dropSchemas(store.schema!);
      }
      const oldBackup = join(config.dataDir, 'backups', before.split('/').at(-1)!);
      const result = await restoreShop(config, oldBackup, { dataSchema: store.schema });
      expect(result.carriedTombstones).toBeGreaterThanOrEqual(1);
      expect(result.reapplied).toBeGreaterThanOrEqual(1);

      app = await open({ config, schema: store.schema });
      try {
        expect(await buyerName(app, kept.id)).toBe('Shirin Sultana');
        expect(await buyerName(app, erased.id)).toBeNull();
        expect(await app.orders.lookup(erased.code, { phoneE164: '+8801711000404' })).toBeNull();
      } finally {
        await app.close();
      }
    });
  });
}

/** A lost PostgreSQL server, as far as this shop goes: its data and key-store schemas dropped. */
async function dropSchemas(schema: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: inject('postgresUrl') ?? undefined });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${schema} cascade; drop schema if exists ${schema}_keys cascade`);
  } finally {
    await client.end();
  }
}

describe('backup retention', () => {
  it('[CM-17] backups older than the preset’s backup retention are deleted, the newer kept', () => {
    const dir = mkdtempSync(join(tmpdir(), 'amanat-backups-'));
    folders.push(dir);
    const now = new Date('2026-12-02T00:00:00Z');
    for (const days of [1, 29, 31, 89]) {
      const createdAt = new Date(now.getTime() - days * 86_400_000).toISOString();
      const folder = join(dir, `b${days}`);
      mkdirSync(folder);
      writeFileSync(join(folder, 'manifest.json'), JSON.stringify({ createdAt }));
    }
    const removed = pruneBackups(dir, 30, now);
    expect(removed.map((r) => r.split('/').at(-1)).sort()).toEqual(['b31', 'b89']);
    expect(readdirSync(dir).sort()).toEqual(['b1', 'b29']);
  });
});
