import type { Locale } from '../i18n/locales.ts';

/** Text in every supported language. */
export type Localized = Record<Locale, string>;

export type CountryCode = 'BD' | 'VN' | 'IR';
export type CurrencyCode = 'BDT' | 'VND' | 'IRR';

/** How prices are shown: IRT shows Iranian prices in tomans (rials / 10); stored amounts stay in ISO minor units. */
export type DisplayCurrency = CurrencyCode | 'IRT';

/** A unit of sale. `step` is the smallest quantity a customer can order, as a decimal string ("1", "0.5", "0.1"). */
export type UnitCode = 'piece' | 'metre' | 'tile' | 'box' | 'kg' | 'litre' | 'bag' | 'set' | 'service';

/** Paid outside the shop: staff record the money (HK-07), or the courier collects it. */
export type OfflineMethod = 'cod' | 'bank_transfer' | 'money_order' | 'cheque';
/** Paid online through a gateway (CM-03); offered only where the install has the gateway's credentials. */
export type GatewayId = 'sslcommerz' | 'bkash' | 'vnpay' | 'momo' | 'zarinpal';
export type PaymentMethodCode = OfflineMethod | GatewayId;

export type StorefrontMode =
  /** Customers order online. */
  | 'shop'
  /** A catalogue: customers call or e-mail, staff enter the order (KT-10). */
  | 'catalogue'
  /** Services are listed; booking arrives later, orders are requested like a shop. */
  | 'services';

export interface BusinessIdentity {
  /** The shop's public name per language. */
  name: Localized;
  /** The legal name of the data controller (KT-09). */
  legalName: string;
  address: Localized;
  /** E.164 phone of the business. */
  phone: string;
  email: string;
  website: string;
  country: CountryCode;
}

/** A party that may receive personal data, declared in the policy (HK-01, KT-08). */
export interface DeclaredRecipient {
  id: string;
  name: Localized;
  kind: 'courier' | 'payment_gateway' | 'technician' | 'partner' | 'authority' | 'service_provider';
  /** Data-map field ids this recipient may receive, e.g. "orders.recipient_phone". */
  fields: string[];
  /** For contracted partners: the contract reference (KT-08). */
  contract?: string;
}

/** A delivery area of the shop ("Inside Dhaka"), with its own fee. */
export interface DeliveryArea {
  /** Stable id: orders record it, the settings form keeps rows by it. */
  id: string;
  name: Localized;
  /** In major units of the shop's currency. */
  fee: number;
  /** An area the shop does not deliver to now: kept in the settings, not offered at checkout. */
  enabled: boolean;
}

/**
 * A feature beyond what the shop needs to work, which sets a cookie only with the visitor's consent (CM-12). Its
 * purpose, its cookie and what stops working without it are in src/modules/consent/features.ts.
 */
export type NonEssentialFeature = 'remember_language';

export interface PresetCategory {
  slug: string;
  name: Localized;
}

export interface PresetProduct {
  sku: string;
  category: string;
  name: Localized;
  description: Localized;
  model: string;
  /** Quality requirement, per language (KT-02), e.g. "Grade A, water absorption ≤ 0.5%". */
  quality: Localized;
  /** Country or place of origin, per language (KT-02). */
  origin: Localized;
  unit: UnitCode;
  /** Smallest orderable step as a decimal string. */
  step: string;
  /** For boxes: how many tiles one box holds (KT-03). */
  tilesPerBox?: number;
  /** Price per unit in major units of the currency (taka, dong, rial). */
  price: number;
  /** Stock in units (decimal allowed for metre/kg). */
  stock: number;
  /** Two hex colours used to generate the product photo. */
  colors: [string, string];
}

/**
 * How long the shop has to answer a data-subject request (issue #6). Days are counted in the shop's time zone; a
 * deadline is "by the end of that day". Without a setting: acknowledge the same day, complete within 10 days, alert
 * staff on day 7 (src/modules/privacy-requests/deadlines.ts).
 */
export interface RequestDeadlines {
  /** Acknowledge within this many days (0: the same day); `working` counts only working days. */
  acknowledge: { days: number; working?: boolean };
  /** Complete within a number of days, or of calendar months (the GDPR-style "one month"). */
  complete: { days: number } | { months: number };
  /** Staff are alerted this many days after receipt while the request is still open. */
  alertAfterDays: number;
  /** Days of the week that are not working days (0 = Sunday … 6 = Saturday); default Saturday and Sunday. */
  weekend?: number[];
}

/** Why the law makes the shop keep something of an erased customer (message `erasure.basis.<code>`). */
export type LegalBasisCode = 'tax_invoice';

/** How long things are kept, and what erasure keeps (CM-14, CM-17, KT-07); defaults in src/privacy/retention-settings.ts. */
export interface RetentionSettings {
  /** Days a visitor's cart (a session without a signed-in account) is kept once unused. */
  abandonedCartDays: number;
  /** Days security records keyed by a network hash (rate limits) are kept. */
  securityRecordDays: number;
  /** Days a backup is kept; `amanat backup` prunes older ones. Must stay below `erasureLimitDays` (CM-17). */
  backupDays: number;
  /** The longest an erasure may take to reach every copy, backups included (chotomoni: 90 days, CM-17). */
  erasureLimitDays: number;
  /** What the law makes the shop keep of an erased customer's orders, why, and for how many years after the order. */
  legalHold?: { fields: `orders.${string}`[]; basis: LegalBasisCode; years: number };
}

export interface Preset {
  id: 'hatkoro' | 'chotomoni' | 'mistri' | 'khatra' | 'khakriz';
  identity: BusinessIdentity;
  defaultLocale: Locale;
  /** The languages the storefront offers (src/i18n/storefront-locales.ts); all four when absent. */
  languages?: Locale[];
  currency: CurrencyCode;
  displayCurrency: DisplayCurrency;
  timezone: string;
  storefront: StorefrontMode;
  /** hatkoro: an account is required before ordering (HK-06). */
  accountRequired: boolean;
  /** chotomoni: guests may order without an account (CM-01). */
  guestCheckout: boolean;
  /** E-mail is required at checkout (KN-02, HK-04); otherwise phone is enough. */
  checkoutEmailRequired?: boolean;
  /**
   * khakriz: an official invoice is issued for every order, so the buyer gives an Iranian national code, or an
   * organisation its national ID and economic code (KN-03, KN-04).
   */
  taxIdentity?: 'iran';
  /** Order updates go by SMS too, not only by e-mail (HK-03): shops whose customers order by phone. */
  orderSms?: boolean;
  paymentMethods: PaymentMethodCode[];
  /** Non-essential features the shop enables; a consent banner is shown only when there is one (CM-12). */
  nonEssential?: NonEssentialFeature[];
  /** Per method, the instructions shown to the customer (e.g. the bank account to transfer to). */
  paymentInstructions: Partial<Record<PaymentMethodCode, Localized>>;
  /** Delivery time windows offered at checkout (KT-04), as "HH:MM-HH:MM". */
  deliveryWindows: string[];
  /** Where the shop delivers and at what fee; checkout asks the customer to choose when more than one is open. */
  deliveryAreas: DeliveryArea[];
  policy: {
    /**
     * ISO date of the shop's own policy text this preset models. The published page shows instead the day the
     * version in force took effect (src/modules/policy/versions.ts, MS-11).
     */
    lastUpdated: string;
    recipients: DeclaredRecipient[];
    /** Retention of customer personal data: days, or 'until_request' (KT-07). */
    customerDataRetention: number | 'until_request';
    /**
     * Claims (damaged, wrong, missing) are accepted within this many days of delivery; delivery data is kept until
     * the order is delivered and this period has passed (retention rule `order_delivery`).
     */
    claimDays: number;
    /** Paragraph in each language summarising the business, shown at the top of the policy. */
    intro: Localized;
  };
  /** Deadlines of data-subject requests under the shop's jurisdiction; the defaults when absent. */
  requestDeadlines?: RequestDeadlines;
  /** Retention and erasure settings; unset ones take the defaults. */
  retention?: Partial<RetentionSettings>;
  categories: PresetCategory[];
  products: PresetProduct[];
}
