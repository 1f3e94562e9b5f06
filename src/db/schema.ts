import { type AccountTables, accountDataMap } from '../modules/accounts/schema.ts';
import { type AnalyticsTables, analyticsDataMap } from '../modules/analytics/schema.ts';
import { type CatalogTables, catalogDataMap } from '../modules/catalog/schema.ts';
import { type VariantTables, variantDataMap } from '../modules/catalog/variants-schema.ts';
import { type CatalogAdminTables, catalogAdminDataMap } from '../modules/catalog-admin/schema.ts';
import { type ConsentTables, consentDataMap } from '../modules/consent/schema.ts';
import { type CustomerTables, customerDataMap } from '../modules/customers/schema.ts';
import { type OwnDeliveryTables, ownDeliveryDataMap } from '../modules/fulfilment/own-delivery-schema.ts';
import { type FulfilmentTables, fulfilmentDataMap } from '../modules/fulfilment/schema.ts';
import { type LegalTables, legalDataMap } from '../modules/legal/schema.ts';
import { type MarketingTables, marketingDataMap } from '../modules/marketing/schema.ts';
import { type OrderTables, orderDataMap } from '../modules/orders/schema.ts';
import { type PaymentTables, paymentDataMap } from '../modules/payments/schema.ts';
import { type PolicyTables, policyDataMap } from '../modules/policy/schema.ts';
import { type PrivacyRequestTables, privacyRequestDataMap } from '../modules/privacy-requests/schema.ts';
import { type SettingsTables, settingsDataMap } from '../modules/settings/schema.ts';
import { type StaffTables, staffDataMap } from '../modules/staff/schema.ts';
import { type TeamTables, teamDataMap } from '../modules/team/schema.ts';
import { type OutboxTables, outboxDataMap } from '../notify/outbox-schema.ts';
import { DataMap } from '../privacy/datamap.ts';
import { type ErasureTables, erasureDataMap } from '../privacy/erasure-schema.ts';
import { type RetentionTables, retentionDataMap } from '../privacy/retention-schema.ts';
import { type PrivacyTables, privacyDataMap } from '../privacy/schema.ts';

/** Every table of the main database, as Kysely sees it. */
export interface DB
  extends AccountTables,
    CatalogTables,
    CatalogAdminTables,
    VariantTables,
    CustomerTables,
    OrderTables,
    StaffTables,
    PrivacyTables,
    OutboxTables,
    PaymentTables,
    FulfilmentTables,
    OwnDeliveryTables,
    LegalTables,
    PrivacyRequestTables,
    ErasureTables,
    SettingsTables,
    TeamTables,
    PolicyTables,
    ConsentTables,
    MarketingTables,
    AnalyticsTables,
    RetentionTables {}

/** The whole data map: every table, every column (checked against the live schema by a test). */
export const DATA_MAP = new DataMap([
  ...accountDataMap,
  ...catalogDataMap,
  ...catalogAdminDataMap,
  ...variantDataMap,
  ...customerDataMap,
  ...orderDataMap,
  ...staffDataMap,
  ...privacyDataMap,
  ...outboxDataMap,
  ...paymentDataMap,
  ...fulfilmentDataMap,
  ...ownDeliveryDataMap,
  ...legalDataMap,
  ...privacyRequestDataMap,
  ...erasureDataMap,
  ...settingsDataMap,
  ...teamDataMap,
  ...policyDataMap,
  ...consentDataMap,
  ...marketingDataMap,
  ...analyticsDataMap,
  ...retentionDataMap,
]);
