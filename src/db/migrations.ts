import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import { createAccountTables } from '../modules/accounts/schema.ts';
import { createAnalyticsTables } from '../modules/analytics/schema.ts';
import { createCatalogListingIndexes, createCatalogTables } from '../modules/catalog/schema.ts';
import { createProductSearchIndex } from '../modules/catalog/search-index.ts';
import { createVariantTables } from '../modules/catalog/variants-schema.ts';
import { createCatalogAdminTables } from '../modules/catalog-admin/schema.ts';
import { createConsentTables } from '../modules/consent/schema.ts';
import { createCustomerTables } from '../modules/customers/schema.ts';
import { createDeliveryAssignmentTable } from '../modules/fulfilment/own-delivery-schema.ts';
import { createConsignmentTable } from '../modules/fulfilment/schema.ts';
import { createLegalTables } from '../modules/legal/schema.ts';
import { createMarketingTables } from '../modules/marketing/schema.ts';
import {
  addOrderDeliveryArea,
  addOrderTaxIdentity,
  createOrderSearchIndexes,
  createOrderTables,
} from '../modules/orders/schema.ts';
import { createPaymentTables } from '../modules/payments/schema.ts';
import { createPolicyTables } from '../modules/policy/schema.ts';
import { createPrivacyRequestTables } from '../modules/privacy-requests/schema.ts';
import { createSettingsTables } from '../modules/settings/schema.ts';
import { createStaffTables } from '../modules/staff/schema.ts';
import { createTeamTables } from '../modules/team/schema.ts';
import { createOutboxTable } from '../notify/outbox-schema.ts';
import { createErasureTables } from '../privacy/erasure-schema.ts';
import { createRetentionTables } from '../privacy/retention-schema.ts';
import { createPrivacyTables } from '../privacy/schema.ts';
import { type DialectName, whileSchemasAreDropped } from './database.ts';

/** One migration set for SQLite and PostgreSQL, in order. New migrations are appended, never edited. */
function migrations(dialect: DialectName): Record<string, Migration> {
  return {
    '0001_foundation': {
      async up(db) {
        await createPrivacyTables(db, dialect);
        await createCatalogTables(db);
        await createCustomerTables(db);
        await createStaffTables(db);
        await createOrderTables(db);
      },
    },
    '0002_accounts': {
      async up(db) {
        await createAccountTables(db);
      },
    },
    '0003_catalog_listing_indexes': {
      async up(db) {
        await createCatalogListingIndexes(db);
      },
    },
    '0004_order_tax_identity': {
      async up(db) {
        await addOrderTaxIdentity(db);
      },
    },
    '0005_outbox': {
      async up(db) {
        await createOutboxTable(db);
      },
    },
    '0007_order_search_indexes': {
      async up(db) {
        await createOrderSearchIndexes(db);
      },
    },
    '0008_payment_attempts': {
      async up(db) {
        await createPaymentTables(db);
      },
    },
    '0006_consignments': {
      async up(db) {
        await createConsignmentTable(db);
      },
    },
    '0009_delivery_assignments': {
      async up(db) {
        await createDeliveryAssignmentTable(db);
      },
    },
    '0015_legal_requests': {
      async up(db) {
        await createLegalTables(db);
      },
    },
    '0014_catalog_admin': {
      async up(db) {
        await createCatalogAdminTables(db);
      },
    },
    '0010_privacy_requests': {
      async up(db) {
        await createPrivacyRequestTables(db);
      },
    },
    '0011_erasure': {
      async up(db) {
        await createErasureTables(db);
      },
    },
    '0013_settings_history': {
      async up(db) {
        await createSettingsTables(db);
      },
    },
    '0013_staff_invitations': {
      async up(db) {
        await createTeamTables(db);
      },
    },
    '0012_policy_versions': {
      async up(db) {
        await createPolicyTables(db);
      },
    },
    '0012_consent_records': {
      async up(db) {
        await createConsentTables(db);
      },
    },
    '0012_marketing_subscriptions': {
      async up(db) {
        await createMarketingTables(db);
      },
    },
    '0012_analytics_daily': {
      async up(db) {
        await createAnalyticsTables(db);
      },
    },
    '0016_order_delivery_area': {
      async up(db) {
        await addOrderDeliveryArea(db);
      },
    },
    '0017_retention_runs': {
      async up(db) {
        await createRetentionTables(db);
      },
    },
    '0018_product_variants': {
      async up(db) {
        await createVariantTables(db);
      },
    },
    '0019_product_search_index': {
      async up(db) {
        await createProductSearchIndex(db, dialect);
      },
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: the migrator works on the untyped database
export async function migrateToLatest(db: Kysely<any>, dialect: DialectName, schema?: string): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(dialect) };
  // On PostgreSQL the migrator must look for its own tables in this schema only: another schema on the same server
  // (another shop, another test) may have them too.
  const migrator = new Migrator({ db, provider, migrationTableSchema: schema });
  const { error, results } = await whileSchemasAreDropped(async () => {
    const outcome = await migrator.migrateToLatest();
    // A failure of the migrator's own look-up is retried; a failed migration is not.
    if (outcome.error && !outcome.results?.length) throw outcome.error;
    return outcome;
  });
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
}
