import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DialectName } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import { dayIn } from '../../i18n/format.ts';
import { LOCALES, type Locale } from '../../i18n/locales.ts';
import { normaliseInput, parseDecimal } from '../../i18n/numbers.ts';
import { parsePhone } from '../../i18n/phone.ts';
import type { MessageKey } from '../../i18n/translate.ts';
import { getPreset, isPresetId, PRESET_IDS } from '../../presets/index.ts';
import type {
  CountryCode,
  CurrencyCode,
  Localized,
  PaymentMethodCode,
  Preset,
  StorefrontMode,
} from '../../presets/types.ts';
import { appendAudit } from '../../privacy/audit.ts';
import { hashPassword } from '../../privacy/password-hash.ts';
import { passwordProblem } from '../accounts/passwords.ts';
import { isGateway } from '../payments/gateways.ts';
import { OVERRIDES_KEY } from '../settings/service.ts';
import { isWebsite, OFFLINE_METHODS, type ShopOverrides } from '../settings/shop-settings.ts';

export const COUNTRIES: readonly CountryCode[] = ['BD', 'VN', 'IR'];
export const CURRENCIES: readonly CurrencyCode[] = ['BDT', 'VND', 'IRR'];
export const STOREFRONT_MODES: readonly StorefrontMode[] = ['shop', 'catalogue', 'services'];
/** Offline methods whose customers must be told where to send the money (HK-07). */
export const METHODS_WITH_INSTRUCTIONS = ['bank_transfer', 'money_order', 'cheque'] as const;
const USERNAME = /^[a-z0-9_.-]{3,32}$/;

/** What the first-run setup asks, once the form is valid. */
export interface FirstRunInput {
  preset: Preset['id'];
  locale: Locale;
  overrides: ShopOverrides;
  sampleCatalogue: boolean;
  owner: { username: string; displayName: string; password: string };
}

export type SetupForm = Record<string, string | string[] | undefined>;
export type SetupParse =
  | { ok: true; input: FirstRunInput }
  | { ok: false; errors: Record<string, MessageKey>; values: Record<string, string | string[]> };

const str = (v: string | string[] | undefined) => (typeof v === 'string' ? v : '').slice(0, 2000);
const same = (text: string): Localized => Object.fromEntries(LOCALES.map((l) => [l, text])) as Localized;

/**
 * Validates the setup form (the web page and `amanat setup` both fill it). The shop's texts are asked once, in the
 * language of the setup, and used for every language until the owner translates them in the settings.
 */
export function parseSetupForm(body: SetupForm, locale: Locale, options: { passwordRequired: boolean }): SetupParse {
  const values: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === 'token' || k === 'password' || k === 'password_confirm') continue;
    values[k] = Array.isArray(v) ? v.map((x) => String(x).slice(0, 100)) : str(v);
  }
  const errors: Record<string, MessageKey> = {};
  const clean = (name: string, max: number, required = true, multiline = false) => {
    const value = normaliseInput(str(values[name] as string), { multiline });
    if (!value && required) errors[name] = 'setup.errorRequired';
    else if (value.length > max) errors[name] = 'setup.errorTooLong';
    return value;
  };

  const presetId = str(values.preset as string);
  const preset = isPresetId(presetId) ? getPreset(presetId) : undefined;
  if (!preset) errors.preset = 'setup.errorPreset';
  const storefront = str(values.storefront as string) as StorefrontMode;
  if (!STOREFRONT_MODES.includes(storefront)) errors.storefront = 'setup.errorChoose';
  const country = str(values.country as string) as CountryCode;
  if (!COUNTRIES.includes(country)) errors.country = 'setup.errorChoose';
  const currency = str(values.currency as string) as CurrencyCode;
  if (!CURRENCIES.includes(currency)) errors.currency = 'setup.errorChoose';
  const sampleCatalogue = values.sample_catalogue === '1';
  // The sample catalogue is priced in its preset's currency.
  if (preset && sampleCatalogue && CURRENCIES.includes(currency) && currency !== preset.currency) {
    errors.currency = 'setup.errorSampleCurrency';
  }

  const name = clean('name', 120);
  const legalName = clean('legal_name', 200);
  const address = clean('address', 300, true, true);
  const intro = clean('intro', 1000, true, true);
  const phone = parsePhone(str(values.phone as string), COUNTRIES.includes(country) ? country : 'BD');
  if (!str(values.phone as string).trim()) errors.phone = 'setup.errorRequired';
  else if (!phone.ok) errors.phone = 'settings.errorPhone';
  const email = clean('email', 200).toLowerCase();
  if (email && !z.email().safeParse(email).success) errors.email = 'settings.errorEmail';
  const website = clean('website', 200);
  if (website && !isWebsite(website)) errors.website = 'settings.errorWebsite';

  const offered: PaymentMethodCode[] = [...OFFLINE_METHODS, ...(preset?.paymentMethods.filter(isGateway) ?? [])];
  const methods = [values.methods ?? []].flat().filter((m): m is PaymentMethodCode => offered.includes(m as never));
  if (methods.length === 0) errors.methods = 'settings.errorNoMethod';
  const instructions: Partial<Record<PaymentMethodCode, Localized>> = {};
  for (const m of METHODS_WITH_INSTRUCTIONS) {
    const text = clean(`instructions_${m}`, 1000, methods.includes(m), true);
    if (errors[`instructions_${m}`] === 'setup.errorRequired')
      errors[`instructions_${m}`] = 'settings.errorInstructionsNeeded';
    if (text && methods.includes(m)) instructions[m] = same(text);
  }
  const feeText = parseDecimal(str(values.delivery_fee as string), locale);
  const fee = feeText === null ? Number.NaN : Number(feeText);
  if (!Number.isFinite(fee) || fee < 0 || fee > 1e12) errors.delivery_fee = 'settings.errorAmount';

  const ownerName = clean('owner_name', 120);
  const username = clean('owner_username', 32).toLowerCase();
  if (username && !USERNAME.test(username)) errors.owner_username = 'setup.errorUsername';
  const password = str(body.password);
  if (options.passwordRequired) {
    const problem = passwordProblem(password);
    if (problem) errors.password = problem;
    else if (password !== str(body.password_confirm)) errors.password_confirm = 'setup.errorPasswordsDiffer';
  }

  if (Object.keys(errors).length > 0 || !preset) return { ok: false, errors, values };
  return {
    ok: true,
    input: {
      preset: preset.id,
      locale,
      sampleCatalogue,
      owner: { username, displayName: ownerName, password },
      overrides: {
        defaultLocale: locale,
        currency,
        country,
        storefront,
        identity: {
          name: same(name),
          legalName,
          address: same(address),
          phone: phone.ok ? phone.e164 : '',
          email,
          website,
        },
        paymentMethods: offered.filter((m) => methods.includes(m)),
        paymentInstructions: instructions,
        deliveryFee: fee,
        policyIntro: same(intro),
        policyLastUpdated: dayIn(preset.timezone),
      },
    },
  };
}

/** A shop exists once its preset is recorded (by this setup, by `serve --preset`, or by `demo`). */
// biome-ignore lint/suspicious/noExplicitAny: also called on a database whose typed schema is not assumed
export async function shopExists(db: Kysely<any>): Promise<boolean> {
  return Boolean(await db.selectFrom('settings').select('key').where('key', '=', 'preset').executeTakeFirst());
}

export type FirstRunResult = { ok: true; ownerId: string } | { ok: false; reason: 'already_set_up' };

/**
 * Records the shop and its owner in one transaction. The preset's row is the shop's existence: inserting it a second
 * time fails on its primary key, so two setups racing (two tabs, two instances) make one shop and one owner.
 */
export async function completeFirstRun(
  db: Kysely<DB>,
  dialect: DialectName,
  input: FirstRunInput,
): Promise<FirstRunResult> {
  const ownerId = randomUUID();
  const passwordHash = await hashPassword(input.owner.password);
  try {
    await db.transaction().execute(async (trx) => {
      if (await shopExists(trx)) throw new AlreadySetUp();
      await trx
        .insertInto('settings')
        .values({ key: 'preset', value: JSON.stringify(input.preset) })
        .execute();
      await trx
        .insertInto('settings')
        .values({ key: OVERRIDES_KEY, value: JSON.stringify(input.overrides) })
        .execute();
      await trx
        .insertInto('staff_users')
        .values({
          id: ownerId,
          username: input.owner.username,
          display_name: input.owner.displayName,
          password_hash: passwordHash,
          role: 'owner',
          disabled: 0,
          created_at: new Date().toISOString(),
        })
        .execute();
    });
  } catch (error) {
    if (error instanceof AlreadySetUp || (await shopExists(db))) return { ok: false, reason: 'already_set_up' };
    throw error;
  }
  await appendAudit(db, dialect, {
    actor: `staff:${ownerId}`,
    action: 'setup.completed',
    purpose: null,
    subject_id: null,
    field: null,
    detail: input.preset,
  });
  return { ok: true, ownerId };
}

class AlreadySetUp extends Error {}

/** The one-time token the console prints and the web setup requires: nobody else can set the shop up. */
export function newSetupToken(): string {
  return randomBytes(18).toString('base64url');
}

export function tokenMatches(expected: string, given: unknown): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(typeof given === 'string' ? given.trim() : '');
  return a.length === b.length && timingSafeEqual(a, b);
}

export { PRESET_IDS };
