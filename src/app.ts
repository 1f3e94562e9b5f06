import { mkdirSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { Config } from './config.ts';
import { type Database, openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrations.ts';
import { DATA_MAP, type DB } from './db/schema.ts';
import { AccountService } from './modules/accounts/service.ts';
import { PageViewCounter } from './modules/analytics/counter.ts';
import { CatalogService } from './modules/catalog/service.ts';
import { CatalogImporter } from './modules/catalog-admin/import/importer.ts';
import { CatalogAdminService } from './modules/catalog-admin/service.ts';
import { consentSection } from './modules/consent/export-section.tsx';
import { ConsentService } from './modules/consent/service.ts';
import { CustomerService } from './modules/customers/service.ts';
import { DashboardFigureService } from './modules/dashboard/figures.ts';
import { courierSetup } from './modules/fulfilment/config.ts';
import { FulfilmentService } from './modules/fulfilment/service.ts';
import { LegalRequestService } from './modules/legal/service.ts';
import { MarketingService } from './modules/marketing/service.ts';
import { OrderService } from './modules/orders/service.ts';
import { type Gateways, gatewaysFromEnv } from './modules/payments/gateways.ts';
import { PaymentService } from './modules/payments/service.ts';
import { PolicyVersions } from './modules/policy/versions.ts';
import { PrivacyRequestService } from './modules/privacy-requests/service.ts';
import { effectivePreset, loadOverrides, SettingsService } from './modules/settings/service.ts';
import { StaffService } from './modules/staff/service.ts';
import { TeamService } from './modules/team/service.ts';
import { folderMailer, type Mailer, smtpMailer } from './notify/mailer.ts';
import { Outbox } from './notify/outbox.ts';
import { transportRecipients } from './notify/recipients.ts';
import { smsFromEnv } from './notify/sms/index.ts';
import { DevSmsSink, type SmsPort } from './notify/sms.ts';
import { getPreset, PRESET_IDS } from './presets/index.ts';
import type { Preset } from './presets/types.ts';
import { ErasureService } from './privacy/erasure.ts';
import { PrivacyKernel } from './privacy/kernel.ts';
import { RetentionSweeper } from './privacy/retention.ts';
import { type TombstoneSchema, TombstoneStore } from './privacy/tombstones.ts';
import { KeyStore, type KeyStoreSchema } from './privacy/vault.ts';
import { PublicUrl } from './public-url.ts';

/** Everything a request handler or a command needs, built once per process. */
export interface App {
  db: Kysely<DB>;
  dialect: Database<DB>['dialect'];
  /** The PostgreSQL schema of the data, when not the default. */
  schema?: string;
  preset: Preset;
  kernel: PrivacyKernel;
  keys: KeyStore;
  catalog: CatalogService;
  /** Staff editing of the catalogue: products, photos, stock with reasons, categories. */
  catalogAdmin: CatalogAdminService;
  /** WooCommerce CSV import jobs (resumable, in batches). */
  catalogImport: CatalogImporter;
  /** E-mail and SMS, written with what caused them and delivered by a worker (started by `serve` and tests). */
  outbox: Outbox;
  publicUrl: PublicUrl;
  customers: CustomerService;
  orders: OrderService;
  /** Online payment through the gateways this install is configured for (CM-03). */
  payments: PaymentService;
  /** Courier hand-off and status reports; the courier and its credentials come from the environment. */
  fulfilment: FulfilmentService;
  staff: StaffService;
  /** Requests from authorities and legal holds (MS-07, KN-11, KN-13, KT-12). */
  legal: LegalRequestService;
  /** The shop's settings: overrides of its preset, with their history (src/modules/settings). */
  settings: SettingsService;
  /** Staff invitations, roles and deactivation (src/modules/team). */
  team: TeamService;
  /** The owner's dashboard figures (src/modules/dashboard). */
  dashboard: DashboardFigureService;
  accounts: AccountService;
  /** Data-subject requests and complaints, their deadlines, answers and exports (issue #6). */
  privacyRequests: PrivacyRequestService;
  /** Crypto-shredding erasure with legal holds and tombstones (CM-14, CM-17). */
  erasure: ErasureService;
  /** Applies every retention rule of the data map: daily in `serve` (started there), or `amanat retention run`. */
  retention: RetentionSweeper;
  /** The versioned privacy policy (CM-18); call `recordIfChanged(preset)` after a change to the preset. */
  policyVersions: PolicyVersions;
  /** Consent to the shop's optional features (CM-12). */
  consent: ConsentService;
  /** News and offers after double opt-in, with one-click unsubscribe (HK-14, CM-15). */
  marketing: MarketingService;
  /** Page views without tracking, written in batches (HK-10). */
  analytics: PageViewCounter;
  mailer: Mailer;
  sms: SmsPort;
  config: Pick<Config, 'dataDir' | 'secrets'>;
  mediaDir: string;
  close(): Promise<void>;
}

export class NoPresetError extends Error {
  constructor() {
    super(
      `this database has no shop yet: start it once with \`amanat serve --preset NAME\` (${PRESET_IDS.join(', ')}), or try \`amanat demo\``,
    );
  }
}

export interface OpenOptions {
  config: Pick<Config, 'databaseUrl' | 'keystoreUrl' | 'keystoreSchema' | 'dataDir' | 'secrets'>;
  /** PostgreSQL schema for the data (tests isolate each file in its own). */
  schema?: string;
  /** Preset to use when the database has none yet (demo and tests). */
  preset?: Preset['id'];
  /** Called for every query on the data (tests count queries). */
  onQuery?: (sql: string) => void;
  /** Where e-mail goes: SMTP_URL when set, else .eml files under DATA_DIR/outbox/mail (tests pass their own). */
  mailer?: Mailer;
  /** Where SMS go: the development sink (tests read it; the demo also writes DATA_DIR/outbox/sms.log). */
  sms?: SmsPort;
  /** The shop's public address, used in links sent by e-mail (never taken from a request's Host header). */
  publicUrl?: string;
  /** Payment gateways (tests pass adapters pointed at simulators); otherwise those configured in the environment. */
  gateways?: Gateways;
}

/** Opens the data and the key store, migrates both, and assembles the services. */
export async function openApp(options: OpenOptions): Promise<App> {
  const { config } = options;
  const data = await openDatabase<DB>(config.databaseUrl, { schema: options.schema, onQuery: options.onQuery });
  const keysSchema = options.schema ? `${options.schema}_keys` : config.keystoreSchema;
  const keyDb = await openDatabase<KeyStoreSchema & TombstoneSchema>(config.keystoreUrl, { schema: keysSchema });
  try {
    await migrateToLatest(data.db, data.dialect, data.schema);
    await KeyStore.migrate(keyDb.db);
    await TombstoneStore.migrate(keyDb.db);
    const basePreset = await resolvePreset(data.db, options.preset);
    const overrides = await loadOverrides(data.db);
    const gateways = options.gateways ?? gatewaysFromEnv(basePreset);
    // The preset as this install runs it: the shop's own settings, an online method only where its gateway is
    // configured. Every service holds this one object; a settings change updates it in place.
    const preset = effectivePreset(basePreset, overrides, gateways);
    const from = process.env.MAIL_FROM ?? `${preset.identity.name.en} <${preset.identity.email}>`;
    const mailer =
      options.mailer ??
      (process.env.SMTP_URL
        ? smtpMailer(process.env.SMTP_URL, from)
        : folderMailer(`${config.dataDir}/outbox/mail`, from));
    // A real provider when SMS_PROVIDER names one (src/notify/sms/), else the development sink.
    const sms = options.sms ?? smsFromEnv(process.env) ?? new DevSmsSink(`${config.dataDir}/outbox/sms.log`);
    // The SMS provider and the SMTP relay the messages leave through, declared like the preset's recipients (HK-01).
    const providers = transportRecipients({ mailer, sms });
    const recipients = [...preset.policy.recipients, ...providers];
    const keys = new KeyStore(keyDb.db, config.secrets.masterKey);
    const kernel = new PrivacyKernel({
      db: data.db,
      dialect: data.dialect,
      keys,
      blindKey: config.secrets.blindIndexKey,
      dataMap: DATA_MAP,
      recipients,
    });
    const mediaDir = `${config.dataDir}/media`;
    mkdirSync(mediaDir, { recursive: true });
    const catalog = new CatalogService(data.db, data.dialect, preset);
    const catalogAdmin = new CatalogAdminService(data.db, preset, catalog, mediaDir);
    const catalogImport = new CatalogImporter(data.db, preset, catalog, config.dataDir, mediaDir);
    const customers = new CustomerService(data.db, kernel);
    const staff = new StaffService(data.db);
    const publicUrl = new PublicUrl(options.publicUrl ?? process.env.PUBLIC_URL ?? 'http://127.0.0.1:3000');
    const outbox = new Outbox(data.db, data.dialect, kernel, { mailer, sms });
    const policyVersions = new PolicyVersions(data.db, DATA_MAP, providers);
    await policyVersions.recordIfChanged(preset);
    policyVersions.startRefreshing();
    const marketing = new MarketingService(
      data.db,
      kernel,
      outbox,
      preset,
      publicUrl,
      policyVersions,
      config.secrets.sessionSecret,
    );
    const orders = new OrderService(data.db, kernel, customers, catalog, preset, outbox, publicUrl);
    const payments = new PaymentService(data.db, gateways, orders, publicUrl);
    const fulfilment = new FulfilmentService(data.db, kernel, orders, preset, courierSetup(preset, process.env), staff);
    const settings = new SettingsService(
      data.db,
      data.dialect,
      basePreset,
      preset,
      gateways,
      overrides,
      // A saved change the policy speaks of posts a new policy version, in force at once (CM-18).
      async (changed) => {
        await policyVersions.recordIfChanged(changed);
      },
    );
    settings.startRefreshing();
    const team = new TeamService(data.db, data.dialect, kernel, outbox, publicUrl, preset);
    const accounts = new AccountService(
      data.db,
      data.dialect,
      kernel,
      customers,
      preset,
      config.secrets.blindIndexKey,
      publicUrl,
      outbox,
      marketing,
    );
    const legal = new LegalRequestService({ db: data.db, kernel, orders, recipients });
    const privacyRequests = new PrivacyRequestService({
      db: data.db,
      dialect: data.dialect,
      kernel,
      customers,
      marketing,
      outbox,
      preset,
      publicUrl,
      codeKey: config.secrets.blindIndexKey,
    });
    const erasure = new ErasureService({
      db: data.db,
      dialect: data.dialect,
      kernel,
      keys,
      tombstones: new TombstoneStore(keyDb.db),
      dataMap: DATA_MAP,
      preset,
    });
    const retention = new RetentionSweeper({
      db: data.db,
      dialect: data.dialect,
      keys,
      erasure,
      dataMap: DATA_MAP,
      preset,
      heldSubjects: (subjects, today) => legal.heldSubjects(subjects, today),
    });
    // A verified, approved erasure request is carried out by the erasure service (CM-14).
    privacyRequests.erasure = erasure;
    privacyRequests.legalHolds = legal;
    // Consents with the policy versions they were given under belong in a person's copy of their data (CM-13).
    privacyRequests.exportSections.push(consentSection);
    const dashboard = new DashboardFigureService(data.db, preset, () => privacyRequests.overdueCount());
    const analytics = new PageViewCounter(data.db, preset.timezone);
    analytics.start();
    const consent = new ConsentService(data.db, preset, policyVersions, config.secrets.sessionSecret);
    return {
      db: data.db,
      dialect: data.dialect,
      schema: data.schema,
      preset,
      kernel,
      keys,
      catalog,
      catalogAdmin,
      catalogImport,
      customers,
      orders,
      payments,
      fulfilment,
      staff,
      legal,
      settings,
      team,
      dashboard,
      accounts,
      privacyRequests,
      erasure,
      retention,
      policyVersions,
      consent,
      marketing,
      analytics,
      mailer,
      sms,
      config,
      mediaDir,
      outbox,
      publicUrl,
      async close() {
        payments.stopReconciler();
        await retention.stop();
        await outbox.stop();
        await analytics.stop();
        policyVersions.stopRefreshing();
        settings.stopRefreshing();
        mailer.close();
        await data.close();
        await keyDb.close();
      },
    };
  } catch (error) {
    await data.close();
    await keyDb.close();
    throw error;
  }
}

async function resolvePreset(db: Kysely<DB>, requested?: Preset['id']): Promise<Preset> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'preset').executeTakeFirst();
  const id = row ? (JSON.parse(row.value) as string) : requested;
  if (!id) throw new NoPresetError();
  const preset = getPreset(id);
  if (!preset) throw new Error(`unknown preset ${id}`);
  if (!row)
    await db
      .insertInto('settings')
      .values({ key: 'preset', value: JSON.stringify(id) })
      .execute();
  return preset;
}
