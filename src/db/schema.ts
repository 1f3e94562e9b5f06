import { type AccountTables, accountDataMap } from '../modules/accounts/schema.ts';
import { type AnalyticsTables, analyticsDataMap } from '../modules/analytics/schema.ts';
import { type CatalogTables, catalogDataMap } from '../modules/catalog/schema.ts';
import { type ConsentTables, consentDataMap } from '../modules/consent/schema.ts';
import { type CustomerTables, customerDataMap } from '../modules/customers/schema.ts';
import { type OwnDeliveryTables, ownDeliveryDataMap } from '../modules/fulfilment/own-delivery-schema.ts';
import { type FulfilmentTables, fulfilmentDataMap } from '../modules/fulfilment/schema.ts';
import { type MarketingTables, marketingDataMap } from '../modules/marketing/schema.ts';
import { type OrderTables, orderDataMap } from '../modules/orders/schema.ts';
import { type PaymentTables, paymentDataMap } from '../modules/payments/schema.ts';
import { type PolicyTables, policyDataMap } from '../modules/policy/schema.ts';
import { type StaffTables, staffDataMap } from '../modules/staff/schema.ts';
import { type OutboxTables, outboxDataMap } from '../notify/outbox-schema.ts';
import { DataMap } from '../privacy/datamap.ts';
import { type PrivacyTables, privacyDataMap } from '../privacy/schema.ts';

/** Every table of the main database, as Kysely sees it. */
export interface DB
  extends AccountTables,
    CatalogTables,
    CustomerTables,
    OrderTables,
    StaffTables,
    PrivacyTables,
    OutboxTables,
    PaymentTables,
    FulfilmentTables,
    OwnDeliveryTables,
    PolicyTables,
    ConsentTables,
    MarketingTables,
    AnalyticsTables {}

/** The whole data map: every table, every column (checked against the live schema by a test). */
export const DATA_MAP = new DataMap([
  ...accountDataMap,
  ...catalogDataMap,
  ...customerDataMap,
  ...orderDataMap,
  ...staffDataMap,
  ...privacyDataMap,
  ...outboxDataMap,
  ...paymentDataMap,
  ...fulfilmentDataMap,
  ...ownDeliveryDataMap,
  ...policyDataMap,
  ...consentDataMap,
  ...marketingDataMap,
  ...analyticsDataMap,
]);
