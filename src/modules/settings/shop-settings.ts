import { z } from 'zod';
import { formatNumber, MINOR_DIGITS } from '../../i18n/format.ts';
import { isLocale, LOCALES, type Locale } from '../../i18n/locales.ts';
import { normaliseInput, parseDecimal } from '../../i18n/numbers.ts';
import { parsePhone } from '../../i18n/phone.ts';
import { storefrontLocales } from '../../i18n/storefront-locales.ts';
import type { MessageKey } from '../../i18n/translate.ts';
import { singleArea } from '../../presets/delivery-areas.ts';
import type { DeliveryArea, Localized, OfflineMethod, PaymentMethodCode, Preset } from '../../presets/types.ts';
import { isGateway } from '../payments/gateways.ts';
import { areasToForm, parseAreas } from './delivery-areas-form.ts';

/**
 * What the owner can change of the preset the shop started from. The database keeps only the changed parts
 * (`ShopOverrides`, the `preset.overrides` setting); the effective preset is the base preset with them applied.
 */
export interface ShopSettings {
  identity: Pick<Preset['identity'], 'name' | 'legalName' | 'address' | 'phone' | 'email' | 'website'>;
  paymentMethods: PaymentMethodCode[];
  paymentInstructions: Partial<Record<PaymentMethodCode, Localized>>;
  /** Where the shop delivers, each area with its fee in major units of the shop's currency, like the preset. */
  deliveryAreas: DeliveryArea[];
  deliveryWindows: string[];
  accountRequired: boolean;
  checkoutEmailRequired: boolean;
  orderSms: boolean;
  customerDataRetention: number | 'until_request';
  /** Claims are accepted within this many days of delivery; the policy keeps delivery data that long. */
  claimDays: number;
  /** The languages the storefront offers; the shop's own is always one of them. */
  languages: Locale[];
}

export type SettingKey = keyof ShopSettings;
export const SETTING_KEYS: readonly SettingKey[] = [
  'identity',
  'paymentMethods',
  'paymentInstructions',
  'deliveryAreas',
  'deliveryWindows',
  'accountRequired',
  'checkoutEmailRequired',
  'orderSms',
  'customerDataRetention',
  'claimDays',
  'languages',
];

/**
 * Settings whose change alters what the privacy policy says: the controller's identity (KT-09), the payment methods
 * (a gateway is a recipient), what checkout collects and how the shop writes to customers, and how long data is kept.
 */
export const POLICY_SETTINGS: readonly SettingKey[] = [
  'identity',
  'paymentMethods',
  'checkoutEmailRequired',
  'orderSms',
  'customerDataRetention',
  'claimDays',
];

/** What the first-run setup decides once (they shape the catalogue's prices and the shop's language). */
export type SetupOverrides = Partial<Pick<Preset, 'defaultLocale' | 'currency' | 'storefront'>> & {
  country?: Preset['identity']['country'];
};

/** The stored overrides of the base preset. */
export type ShopOverrides = Partial<ShopSettings> &
  SetupOverrides & {
    /**
     * The one fee the first-run setup asks for (and what settings stored before there were areas): one area at that
     * fee, until the owner sets areas of their own.
     */
    deliveryFee?: number;
    policyLastUpdated?: string;
    /** What the shop is and sells, at the top of its privacy policy (asked by the first-run setup). */
    policyIntro?: Localized;
  };

export const OFFLINE_METHODS: readonly OfflineMethod[] = ['cod', 'bank_transfer', 'money_order', 'cheque'];

export function settingsOf(preset: Preset): ShopSettings {
  const { name, legalName, address, phone, email, website } = preset.identity;
  return {
    identity: { name, legalName, address, phone, email, website },
    paymentMethods: preset.paymentMethods,
    paymentInstructions: preset.paymentInstructions,
    deliveryAreas: preset.deliveryAreas,
    deliveryWindows: preset.deliveryWindows,
    accountRequired: preset.accountRequired,
    checkoutEmailRequired: Boolean(preset.checkoutEmailRequired),
    orderSms: Boolean(preset.orderSms),
    customerDataRetention: preset.policy.customerDataRetention,
    claimDays: preset.policy.claimDays,
    languages: storefrontLocales(preset),
  };
}

/** The base preset with the shop's overrides: new objects wherever something changed, the base left untouched. */
export function applyOverrides(base: Preset, o: ShopOverrides): Preset {
  const currency = o.currency ?? base.currency;
  return {
    ...base,
    defaultLocale: o.defaultLocale ?? base.defaultLocale,
    languages: o.languages ?? base.languages,
    currency,
    // Tomans are a way of showing rials; any other currency is shown as itself.
    displayCurrency: currency === base.currency ? base.displayCurrency : currency,
    storefront: o.storefront ?? base.storefront,
    identity: { ...base.identity, ...o.identity, country: o.country ?? base.identity.country },
    paymentMethods: o.paymentMethods ?? base.paymentMethods,
    paymentInstructions: o.paymentInstructions ?? base.paymentInstructions,
    deliveryAreas: o.deliveryAreas ?? (o.deliveryFee === undefined ? base.deliveryAreas : singleArea(o.deliveryFee)),
    deliveryWindows: o.deliveryWindows ?? base.deliveryWindows,
    accountRequired: o.accountRequired ?? base.accountRequired,
    // A shop that requires an account has no guest checkout (HK-06), one that does not has it (CM-01).
    guestCheckout: o.accountRequired === undefined ? base.guestCheckout : !o.accountRequired,
    checkoutEmailRequired: o.checkoutEmailRequired ?? base.checkoutEmailRequired,
    orderSms: o.orderSms ?? base.orderSms,
    policy: {
      ...base.policy,
      customerDataRetention: o.customerDataRetention ?? base.policy.customerDataRetention,
      claimDays: o.claimDays ?? base.policy.claimDays,
      lastUpdated: o.policyLastUpdated ?? base.policy.lastUpdated,
      intro: o.policyIntro ?? base.policy.intro,
    },
  };
}

/** The payment methods a shop may choose: the offline ones, and the gateways its preset declares as recipients. */
export function offerableMethods(base: Preset): PaymentMethodCode[] {
  return [...OFFLINE_METHODS, ...base.paymentMethods.filter(isGateway)];
}

export type SettingsForm = Record<string, string | string[] | undefined>;
export type SettingsErrors = Record<string, MessageKey>;
export type SettingsParse =
  | { ok: true; settings: ShopSettings }
  | { ok: false; errors: SettingsErrors; values: Record<string, string | string[]> };

const WINDOW = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/;
const emailSchema = z.email();
const str = (v: string | string[] | undefined) => (typeof v === 'string' ? v : '').slice(0, 4000);

/** The settings as form values, the way the settings page shows them. */
export function settingsToForm(
  s: ShopSettings,
  methods: readonly PaymentMethodCode[],
  locale: Locale,
): Record<string, string | string[]> {
  const form: Record<string, string | string[]> = {
    legal_name: s.identity.legalName,
    phone: s.identity.phone,
    email: s.identity.email,
    website: s.identity.website,
    methods: s.paymentMethods,
    ...(areasToForm(s.deliveryAreas, locale, LOCALES) as Record<string, string>),
    delivery_windows: s.deliveryWindows.join('\n'),
    account_required: s.accountRequired ? '1' : '',
    email_required: s.checkoutEmailRequired ? '1' : '',
    order_sms: s.orderSms ? '1' : '',
    retention: s.customerDataRetention === 'until_request' ? 'until_request' : 'days',
    retention_days: s.customerDataRetention === 'until_request' ? '' : String(s.customerDataRetention),
    claim_days: formatNumber(s.claimDays, locale, { useGrouping: false }),
    languages: s.languages,
  };
  for (const l of LOCALES) {
    form[`name_${l}`] = s.identity.name[l];
    form[`address_${l}`] = s.identity.address[l];
    for (const m of methods) form[`instructions_${m}_${l}`] = s.paymentInstructions[m]?.[l] ?? '';
  }
  return form;
}

/**
 * Validates the settings form: every error is a message key for the field it belongs to, and what was typed comes
 * back as typed. Digits may be typed in any of the shop's scripts.
 */
export function parseSettingsForm(
  body: SettingsForm,
  base: Preset,
  /** The shop as it runs (its country reads the phone, its own language is always offered). */
  live: Pick<Preset, 'defaultLocale'> &
    Partial<Pick<Preset, 'currency'>> & {
      identity: Pick<Preset['identity'], 'country'>;
    },
  locale: Locale,
  /** The settings as they are: a delivery area keeps its id from one save to the next. */
  previous: ShopSettings,
): SettingsParse {
  const methods = offerableMethods(base);
  const values: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === '_csrf') continue;
    values[k] = Array.isArray(v) ? v.map((x) => String(x).slice(0, 100)) : str(v);
  }
  const errors: SettingsErrors = {};
  const clean = (name: string, max = 200, multiline = false) => {
    const value = normaliseInput(str(values[name] as string), { multiline });
    if (value.length > max) errors[name] = 'settings.errorTooLong';
    return value;
  };

  const name = {} as Localized;
  const address = {} as Localized;
  for (const l of LOCALES) {
    name[l] = clean(`name_${l}`, 120);
    if (!name[l] && !errors[`name_${l}`]) errors[`name_${l}`] = 'settings.errorRequired';
    address[l] = clean(`address_${l}`, 300, true);
    if (!address[l] && !errors[`address_${l}`]) errors[`address_${l}`] = 'settings.errorRequired';
  }
  const legalName = clean('legal_name', 200);
  if (!legalName && !errors.legal_name) errors.legal_name = 'settings.errorRequired';
  const phone = parsePhone(str(values.phone as string), live.identity.country);
  if (!phone.ok) errors.phone = 'settings.errorPhone';
  const email = clean('email', 200).toLowerCase();
  if (!emailSchema.safeParse(email).success) errors.email = 'settings.errorEmail';
  const website = clean('website', 200);
  if (!isWebsite(website)) errors.website = 'settings.errorWebsite';

  const chosen = [values.methods ?? []].flat().filter((m): m is PaymentMethodCode => methods.includes(m as never));
  if (chosen.length === 0) errors.methods = 'settings.errorNoMethod';
  const instructions: Partial<Record<PaymentMethodCode, Localized>> = {};
  for (const m of methods) {
    const text = {} as Localized;
    let any = false;
    for (const l of LOCALES) {
      text[l] = clean(`instructions_${m}_${l}`, 1000, true);
      any ||= text[l] !== '';
    }
    if (!any) continue;
    // Instructions are shown to every customer in their language: all four or none.
    for (const l of LOCALES) {
      if (!text[l] && !errors[`instructions_${m}_${l}`])
        errors[`instructions_${m}_${l}`] = 'settings.errorInstructionsAll';
    }
    instructions[m] = text;
  }
  for (const m of chosen) {
    // Staff check a transfer, a money order or a cheque against what the customer was told (HK-07).
    if ((m === 'bank_transfer' || m === 'money_order' || m === 'cheque') && !instructions[m]) {
      errors[`instructions_${m}_${locale}`] ??= 'settings.errorInstructionsNeeded';
    }
  }

  // The shop's own language cannot be switched off (its box is not even sent: it is disabled on the page).
  const languages = storefrontLocales({
    languages: [values.languages ?? []].flat().filter(isLocale),
    defaultLocale: live.defaultLocale,
  });
  // The shop's own language first: an area's name in it stands in for the languages not offered.
  const namedIn = [live.defaultLocale, ...languages.filter((l) => l !== live.defaultLocale)];
  const currency = live.currency ?? base.currency;
  const areas = parseAreas(values, previous.deliveryAreas, locale, namedIn, LOCALES, MINOR_DIGITS[currency]);
  Object.assign(errors, areas.errors);

  const windows = normaliseInput(str(values.delivery_windows as string), { multiline: true })
    .split(/[\n,]+/)
    .map((w) => w.replace(/\s+/g, ''))
    .filter(Boolean);
  if (windows.some((w) => !WINDOW.test(w) || w.slice(0, 5) >= w.slice(6)))
    errors.delivery_windows = 'settings.errorWindows';
  else if (new Set(windows).size !== windows.length) errors.delivery_windows = 'settings.errorWindowsRepeated';

  let retention: number | 'until_request' = 'until_request';
  if (values.retention !== 'until_request') {
    const daysText = parseDecimal(str(values.retention_days as string), locale);
    const days = daysText === null ? Number.NaN : Number(daysText);
    if (!Number.isInteger(days) || days < 30 || days > 3650) errors.retention_days = 'settings.errorRetention';
    else retention = days;
  }

  const claimText = parseDecimal(str(values.claim_days as string), locale);
  const claimDays = claimText === null ? Number.NaN : Number(claimText);
  if (!Number.isInteger(claimDays) || claimDays < 1 || claimDays > 365) errors.claim_days = 'settings.errorClaimDays';

  if (Object.keys(errors).length > 0) return { ok: false, errors, values };
  return {
    ok: true,
    settings: {
      identity: { name, legalName, address, phone: phone.ok ? phone.e164 : '', email, website },
      paymentMethods: methods.filter((m) => chosen.includes(m)),
      paymentInstructions: instructions,
      deliveryAreas: areas.areas,
      deliveryWindows: windows,
      accountRequired: values.account_required === '1',
      checkoutEmailRequired: values.email_required === '1',
      orderSms: values.order_sms === '1',
      customerDataRetention: retention,
      claimDays,
      languages,
    },
  };
}

export function isWebsite(value: string): boolean {
  try {
    const url = new URL(/^https?:\/\//.test(value) ? value : `https://${value}`);
    return url.hostname.includes('.') && !url.username && !url.password;
  } catch {
    return false;
  }
}

/** The settings that differ between two versions, by key: compared as plain data, whatever the order of keys. */
export function changedKeys(before: ShopSettings, after: ShopSettings): SettingKey[] {
  return SETTING_KEYS.filter((k) => canonical(k, before[k]) !== canonical(k, after[k]));
}

function canonical(key: SettingKey, value: unknown): string {
  // The order of the methods is the order the page lists them in, not a setting.
  const data = key === 'paymentMethods' ? [...(value as string[])].sort() : value;
  return JSON.stringify(data, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}
