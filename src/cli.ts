import { existsSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import pino from 'pino';
import { NoPresetError, openApp } from './app.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { DatabaseUrlError, openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrations.ts';
import { DATA_MAP } from './db/schema.ts';
import { setUpShop } from './demo.ts';
import { isLocale } from './i18n/locales.ts';
import { seedCatalog } from './modules/catalog/seed.ts';
import { importWooCommerceFile } from './modules/catalog-admin/import/command.ts';
import { parseAllowedHosts } from './modules/catalog-admin/import/image-source.ts';
import { DSR_ACTIONS, type DsrAction, DsrUsageError, runDsrCommand } from './modules/privacy-requests/cli.ts';
import { SETUP_OPTIONS, setupFromCommandLine } from './modules/setup/command.ts';
import { needsFirstRun, startFirstRun } from './modules/setup/server.tsx';
import { isStaffRole, STAFF_ROLES, type StaffRole } from './modules/staff/permissions.ts';
import { generatePassword } from './modules/staff/service.ts';
import { backupShop, restoreShop } from './ops/backup-command.ts';
import { PRESET_IDS, PRESETS } from './presets/index.ts';
import type { Preset } from './presets/types.ts';
import { toFideslangDataset } from './privacy/fideslang.ts';
import { compareWithSchema } from './privacy/schema-check.ts';
import { buildServer } from './server/index.ts';
import { startDemoGateways } from './simulators/demo-gateways.ts';

const USAGE = `amanat — a shop that keeps its privacy policy

  amanat serve [--preset NAME] [--port N]
                                    run the shop (PORT, HOST, DATABASE_URL, DATA_DIR); the first start of a new
                                    shop serves the setup page (its one-time code is printed here), or with --preset
                                    loads the preset's catalogue and prints an owner's one-time password
  amanat setup --preset NAME --language bn|en|vi|fa --name … --legal-name … --address … --phone … --email …
               --website … --country BD|VN|IR --currency BDT|VND|IRR --storefront shop|catalogue|services
               --about … --methods cod,bank_transfer,… [--transfer-instructions …] [--money-order-instructions …]
               [--cheque-instructions …] --delivery-fee N --owner-name … --owner-username … [--sample-catalogue]
                                    set up an empty shop from the command line (once); prints the owner's password
  amanat migrate                    bring the database schema up to date
  amanat staff add --username NAME --role owner|manager|support|packer|courier
  amanat staff reset --username NAME
                                    add a staff account, or give one a new password (printed once)
  amanat demo [--preset NAME] [--port N]
                                    a fresh demo shop with sample data (presets: ${PRESET_IDS.join(', ')})
  amanat import woocommerce FILE [--dry-run] [--locale bn|en|vi|fa] [--allow-host HOST]... [--images-zip ZIP]
                                    import a WooCommerce product CSV (by SKU, idempotent); photos only from the
                                    allowed hosts or the ZIP; prints every row that could not be imported and why
  amanat datamap [--check] [--format text|fideslang]
                                    print the data map; --check fails on undeclared columns
  amanat backup [--dir DIR]         a consistent online backup of the data and, apart, the key store (DIR defaults to
                                    DATA_DIR/backups); deletes backups past the preset's backup retention
  amanat restore DIR                with the shop stopped: bring a backup back; every erasure made since is applied again
  amanat retention run              apply every retention rule now (serve does it daily) and print what was removed
  amanat dsr list [--all]           data-subject requests, soonest due first (--all: also recently closed)
  amanat dsr status --ref DSR-…     one request: deadlines, verification, trail
  amanat dsr export --ref DSR-… --out FILE.zip
                                    the export of a verified access request, to a file
  amanat dsr erase --ref DSR-…      carry out a verified erasure request
`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return serve(rest, false);
    case 'demo':
      return serve(rest, true);
    case 'migrate':
      return migrate(rest);
    case 'setup':
      return setupCommand(rest);
    case 'staff':
      return staffCommand(rest);
    case 'datamap':
      return datamap(rest);
    case 'import':
      return importCommand(rest);
    case 'dsr':
      return dsrCommand(rest);
    case 'backup':
      return backupCommand(rest);
    case 'restore':
      return restoreCommand(rest);
    case 'retention':
      return retentionCommand(rest);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

function parse(args: string[], options: ParseArgsConfig['options']): Record<string, string | boolean | undefined> {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values as Record<
      string,
      string | boolean | undefined
    >;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function serve(args: string[], demo: boolean): Promise<number> {
  const values = parse(args, { preset: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' } });
  const presetId = (values.preset as string | undefined) ?? (demo ? 'chotomoni' : undefined);
  if (presetId && !PRESET_IDS.includes(presetId as Preset['id'])) {
    throw new UsageError(`unknown preset "${presetId}"; choose one of ${PRESET_IDS.join(', ')}`);
  }
  if (values.port !== undefined && !(/^\d{1,5}$/.test(values.port as string) && Number(values.port) <= 65535)) {
    throw new UsageError(`--port must be a number from 0 to 65535, got "${values.port}"`);
  }
  const env = { ...process.env };
  if (demo) {
    // A demo is a fresh shop every time, in a folder of its own: it never touches a real shop's data.
    env.DATA_DIR = join(process.env.DATA_DIR ?? 'data', 'demo', presetId!);
    delete env.DATABASE_URL;
    delete env.KEYSTORE_URL;
    rmSync(env.DATA_DIR, { recursive: true, force: true });
  }
  const config = loadConfig(env, {
    port: values.port !== undefined ? Number(values.port) : undefined,
    host: values.host as string | undefined,
  });
  if (!demo) warnIfSecretsGenerated(config);
  if (!demo && !presetId && (await needsFirstRun({ config }))) return serveFirstRun(config);
  // A demo pays through local simulators of its gateways, so the whole purchase can be tried without real money.
  const simulated = demo ? await startDemoGateways(PRESETS[presetId as Preset['id']]) : null;
  let app: Awaited<ReturnType<typeof openApp>>;
  try {
    app = await openApp({ config, preset: presetId as Preset['id'] | undefined, gateways: simulated?.gateways });
  } catch (error) {
    await simulated?.close();
    throw error;
  }
  const credentials = await setUpShop(app);
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });
  const server = await buildServer(app, { logger });
  try {
    await server.listen({ port: config.port, host: config.host });
  } catch (error) {
    await app.close();
    await simulated?.close();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new ConfigError(`port ${config.port} is already in use; choose another with --port or PORT`);
    }
    throw error;
  }
  const address = server.addresses()[0] as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}/`;
  if (!process.env.PUBLIC_URL) app.publicUrl.set(url);
  startBackgroundWork(app);
  process.stdout.write(`\nAmanat is serving ${app.preset.identity.name.en} at ${url}\n`);
  if (credentials) {
    process.stdout.write(
      `Staff area: ${url}${app.preset.defaultLocale}/staff — username "${credentials.username}", one-time password "${credentials.password}"\n` +
        'This password is shown once and is not stored anywhere in plain text.\n\n',
    );
  }
  if (simulated && Object.keys(simulated.gateways).length > 0) {
    process.stdout.write(
      `Online payment goes to local simulators of ${Object.keys(simulated.gateways).join(', ')}: no real money.\n\n`,
    );
  }
  const stop = async () => {
    await server.close();
    await app.close();
    await simulated?.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return -1;
}

/** An empty database without --preset: the setup page, then the shop it sets up, on the same port. */
/** What a serving shop does by itself: deliver messages, settle late payments, apply retention daily. */
function startBackgroundWork(app: Awaited<ReturnType<typeof openApp>>): void {
  app.outbox.start();
  app.payments.startReconciler();
  app.retention.start();
}

async function serveFirstRun(config: Config): Promise<number> {
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });
  let firstRun: Awaited<ReturnType<typeof startFirstRun>>;
  try {
    firstRun = await startFirstRun({ open: { config }, port: config.port, host: config.host, logger });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new ConfigError(`port ${config.port} is already in use; choose another with --port or PORT`);
    }
    throw error;
  }
  process.stdout.write(
    `\nThis shop is not set up yet. Open ${firstRun.url}en/setup (or bn, vi, fa) and give this one-time setup code:\n\n    ${firstRun.token}\n\n`,
  );
  const stopSetup = async () => {
    await firstRun.close();
    process.exit(0);
  };
  process.once('SIGINT', stopSetup);
  process.once('SIGTERM', stopSetup);
  const { app } = await firstRun.done;
  if (!process.env.PUBLIC_URL) app.publicUrl.set(firstRun.url);
  startBackgroundWork(app);
  process.stdout.write(`Amanat is serving ${app.preset.identity.name.en} at ${firstRun.url}\n`);
  return -1;
}

async function setupCommand(args: string[]): Promise<number> {
  const options = Object.fromEntries(
    Object.keys(SETUP_OPTIONS).map((name) => [name, { type: 'string' as const }]),
  ) as ParseArgsConfig['options'];
  const values = parse(args, { ...options, 'sample-catalogue': { type: 'boolean' } });
  const config = loadConfig();
  warnIfSecretsGenerated(config);
  const result = await setupFromCommandLine({ config }, values);
  if (!result.ok) {
    process.stderr.write(`amanat: the shop was not set up:\n${result.problems.map((p) => `  ${p}`).join('\n')}\n`);
    return 1;
  }
  if (result.sampleCatalogue) {
    const app = await openApp({ config });
    try {
      await seedCatalog(app.db, app.preset, app.mediaDir);
    } finally {
      await app.close();
    }
  }
  process.stdout.write(
    `The shop is set up. Owner "${result.username}": one-time password "${result.password}"\nThis password is shown once and is not stored anywhere in plain text. Start the shop with \`amanat serve\`.\n`,
  );
  return 0;
}

function warnIfSecretsGenerated(config: Config): void {
  if (!config.generatedSecretsFile) return;
  process.stderr.write(
    `amanat: generated new secrets in ${config.generatedSecretsFile} (mode 0600).\n` +
      '        Back this file up apart from the data: without it the encrypted customer data cannot be read.\n',
  );
}

async function backupCommand(args: string[]): Promise<number> {
  const values = parse(args, { dir: { type: 'string' } });
  const config = loadConfig();
  const { dir, pruned } = await backupShop(config, { dir: values.dir as string | undefined });
  process.stdout.write(`amanat: backed up to ${dir}\n`);
  for (const old of pruned) process.stdout.write(`amanat: deleted the expired backup ${old}\n`);
  return 0;
}

async function restoreCommand(args: string[]): Promise<number> {
  const [dir, ...rest] = args;
  parse(rest, {});
  if (!dir || !existsSync(join(dir, 'manifest.json'))) throw new UsageError('restore needs the folder of a backup');
  const { reapplied } = await restoreShop(loadConfig(), dir);
  process.stdout.write(`amanat: restored ${dir}; erasures applied again: ${reapplied}\n`);
  return 0;
}

async function retentionCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'run') throw new UsageError('retention needs "run"');
  parse(rest, {});
  const app = await openApp({ config: loadConfig() });
  try {
    const { counts } = await app.retention.run('command');
    for (const [step, count] of Object.entries(counts)) process.stdout.write(`amanat: retention ${step}: ${count}\n`);
  } finally {
    await app.close();
  }
  return 0;
}

async function migrate(args: string[]): Promise<number> {
  parse(args, {});
  const config = loadConfig();
  warnIfSecretsGenerated(config);
  const data = await openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(data.db, data.dialect);
  } finally {
    await data.close();
  }
  process.stdout.write('amanat: the database schema is up to date\n');
  return 0;
}

async function staffCommand(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  if (action !== 'add' && action !== 'reset') throw new UsageError('staff needs "add" or "reset"');
  const values = parse(rest, { username: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } });
  const username = ((values.username as string | undefined) ?? '').trim().toLowerCase();
  if (!/^[a-z0-9_.-]{3,32}$/.test(username)) {
    throw new UsageError('--username must be 3 to 32 letters a–z, digits, ".", "_" or "-"');
  }
  const role = values.role as string | undefined;
  if (action === 'add' && !isStaffRole(role)) {
    throw new UsageError(`--role must be one of ${STAFF_ROLES.join(', ')}`);
  }
  const config = loadConfig();
  const app = await openApp({ config });
  try {
    const password = generatePassword();
    if (action === 'add') {
      if (await app.staff.byUsername(username)) throw new ConfigError(`a staff account "${username}" already exists`);
      await app.staff.create({
        username,
        displayName: (values.name as string | undefined) ?? username,
        role: role as StaffRole,
        password,
      });
    } else if (!(await app.staff.setPassword(username, password))) {
      throw new ConfigError(`there is no staff account "${username}"`);
    }
    process.stdout.write(
      `Staff account "${username}": one-time password "${password}"\nThis password is shown once and is not stored anywhere in plain text.\n`,
    );
    return 0;
  } finally {
    await app.close();
  }
}

async function importCommand(args: string[]): Promise<number> {
  const [source, ...rest] = args;
  if (source !== 'woocommerce') throw new UsageError('import needs "woocommerce FILE"');
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: rest,
      options: {
        'dry-run': { type: 'boolean' },
        locale: { type: 'string' },
        'allow-host': { type: 'string', multiple: true },
        'images-zip': { type: 'string' },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const [file] = parsed.positionals;
  if (!file || parsed.positionals.length > 1) throw new UsageError('import woocommerce needs one CSV file');
  const locale = parsed.values.locale as string | undefined;
  if (locale !== undefined && !isLocale(locale)) throw new UsageError('--locale must be bn, en, vi or fa');
  const app = await openApp({ config: loadConfig() });
  try {
    return await importWooCommerceFile(
      app,
      {
        file,
        dryRun: Boolean(parsed.values['dry-run']),
        locale,
        allowedHosts: parseAllowedHosts(((parsed.values['allow-host'] as string[] | undefined) ?? []).join(',')),
        imagesZip: parsed.values['images-zip'] as string | undefined,
      },
      (line) => process.stdout.write(`${line}\n`),
    );
  } finally {
    await app.close();
  }
}

async function dsrCommand(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  if (!DSR_ACTIONS.includes(action as DsrAction)) throw new UsageError(`dsr needs one of ${DSR_ACTIONS.join(', ')}`);
  const values = parse(rest, { ref: { type: 'string' }, out: { type: 'string' }, all: { type: 'boolean' } });
  const app = await openApp({ config: loadConfig() });
  try {
    return await runDsrCommand(
      app,
      action as DsrAction,
      values as { ref?: string; out?: string; all?: boolean },
      process.stdout,
    );
  } catch (error) {
    throw error instanceof DsrUsageError ? new UsageError(error.message) : error;
  } finally {
    await app.close();
  }
}

async function datamap(args: string[]): Promise<number> {
  const values = parse(args, { check: { type: 'boolean' }, format: { type: 'string' } });
  const format = (values.format as string | undefined) ?? 'text';
  if (!['text', 'fideslang'].includes(format))
    throw new UsageError(`--format must be text or fideslang, got "${format}"`);
  if (values.check) {
    const problems = DATA_MAP.problems();
    const db = await openDatabase(':memory:');
    try {
      await migrateToLatest(db.db, db.dialect);
      const { undeclared, missing } = await compareWithSchema(db.db, DATA_MAP);
      problems.push(...undeclared.map((c) => `${c}: column not declared in the data map`));
      problems.push(...missing.map((c) => `${c}: declared but not in the schema`));
    } finally {
      await db.close();
    }
    if (problems.length) {
      process.stderr.write(`amanat: the data map has problems:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
      return 1;
    }
    process.stderr.write('amanat: every column is declared, every personal column has a purpose and a retention\n');
  }
  if (format === 'fideslang') {
    process.stdout.write(toFideslangDataset(DATA_MAP, 'shop'));
    return 0;
  }
  for (const table of DATA_MAP.tables) {
    process.stdout.write(`\n${table.table} — ${table.description}\n`);
    for (const [name, c] of Object.entries(table.columns)) {
      const extra = !c.purposes
        ? ''
        : c.retention
          ? `  [${c.purposes.join(', ')}; keep: ${c.retention}${c.encrypted ? '; encrypted' : ''}]`
          : `  [${c.purposes.join(', ')}]`;
      process.stdout.write(`  ${name.padEnd(28)} ${c.category}${extra}\n`);
    }
  }
  return 0;
}

// Connection refused, unknown host, no such database, bad password, no such role, a SQLite file that cannot be opened.
const DATABASE_UNREACHABLE = ['ECONNREFUSED', 'ENOTFOUND', '3D000', '28P01', '28000', 'SQLITE_CANTOPEN'];

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`amanat: ${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
    } else if (error instanceof ConfigError || error instanceof NoPresetError || error instanceof DatabaseUrlError) {
      process.stderr.write(`amanat: ${error.message}\n`);
      process.exitCode = 1;
    } else if (DATABASE_UNREACHABLE.includes((error as { code?: string }).code ?? '')) {
      process.stderr.write(`amanat: cannot reach the database: ${(error as Error).message}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`amanat: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
