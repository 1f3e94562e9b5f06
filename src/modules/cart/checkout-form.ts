import { z } from 'zod';
import { dayIn } from '../../i18n/format.ts';
import type { Locale } from '../../i18n/locales.ts';
import { normaliseInput, toAsciiDigits } from '../../i18n/numbers.ts';
import { parsePhone } from '../../i18n/phone.ts';
import { isIranEconomicCode, isIranLegalId, isIranNationalCode } from '../../i18n/tax-ids.ts';
import type { MessageKey } from '../../i18n/translate.ts';
import type { PaymentMethodCode, Preset } from '../../presets/types.ts';
import type { ContactDetails } from '../customers/service.ts';
import { offeredAreas } from '../orders/delivery-areas.ts';
import type { TaxIdentity } from '../orders/service.ts';
import { isGateway } from '../payments/gateways.ts';

/** What the buyer typed, kept as typed so that a form with an error loses nothing. */
export type CheckoutValues = Record<(typeof FIELDS)[number], string>;

export const FIELDS = [
  'name',
  'phone',
  'email',
  'address',
  'different_recipient',
  'recipient_name',
  'recipient_phone',
  'recipient_address',
  'delivery_instructions',
  'delivery_area',
  'delivery_date',
  'delivery_window',
  'payment_method',
  'payment_reference',
  'buyer_type',
  'national_code',
  'organisation_name',
  'national_id',
  'economic_code',
  // Unticked boxes asking for news and offers (marketing/opt-in-fields.tsx); they change nothing about the order.
  'marketing_email',
  'marketing_sms',
] as const;

export interface CheckoutDetails {
  buyer: ContactDetails;
  recipient: { name: string; phone: string; address: string } | null;
  deliveryInstructions: string;
  deliveryDate: string | null;
  deliveryWindow: string | null;
  deliveryAreaId: string;
  paymentMethod: PaymentMethodCode;
  paymentReference: string | null;
  taxIdentity: TaxIdentity | null;
}

export type CheckoutParse =
  | { ok: true; details: CheckoutDetails; values: CheckoutValues }
  | { ok: false; errors: Partial<Record<keyof CheckoutValues, MessageKey>>; values: CheckoutValues };

const text = (max: number) => z.string().max(max);
const email = z.email();

/** The next 14 days from tomorrow in the shop's time zone, as ISO days: the delivery dates offered (KT-04). */
export function deliveryDays(timeZone: string, from = new Date()): string[] {
  const today = dayIn(timeZone, from);
  const start = Date.parse(`${today}T00:00:00Z`);
  return Array.from({ length: 14 }, (_, i) => new Date(start + (i + 1) * 86_400_000).toISOString().slice(0, 10));
}

/** Validates the checkout (or staff order-entry) form; every error is a message key for the field it belongs to. */
export function parseCheckoutForm(body: unknown, preset: Preset, _locale: Locale): CheckoutParse {
  const raw = (body ?? {}) as Record<string, unknown>;
  const values = Object.fromEntries(
    FIELDS.map((f) => [f, typeof raw[f] === 'string' ? (raw[f] as string).slice(0, 2000) : '']),
  ) as CheckoutValues;
  const errors: Partial<Record<keyof CheckoutValues, MessageKey>> = {};
  const clean = (f: keyof CheckoutValues, multiline = false) => normaliseInput(values[f], { multiline });

  const name = clean('name');
  if (!name) errors.name = 'checkout.errorNameRequired';
  else if (!text(120).safeParse(name).success) errors.name = 'checkout.errorTooLong';

  const phone = parsePhone(values.phone, preset.identity.country);
  if (!values.phone.trim()) errors.phone = 'checkout.errorPhoneRequired';
  else if (!phone.ok) errors.phone = 'checkout.errorPhoneInvalid';

  const mail = clean('email').toLowerCase();
  if (!mail && preset.checkoutEmailRequired) errors.email = 'checkout.errorEmailRequired';
  else if (mail && !email.safeParse(mail).success) errors.email = 'checkout.errorEmailInvalid';

  const address = clean('address', true);
  if (!address) errors.address = 'checkout.errorAddressRequired';
  else if (!text(500).safeParse(address).success) errors.address = 'checkout.errorTooLong';

  let recipient: CheckoutDetails['recipient'] = null;
  if (values.different_recipient === 'yes') {
    const rName = clean('recipient_name');
    const rPhone = parsePhone(values.recipient_phone, preset.identity.country);
    const rAddress = clean('recipient_address', true);
    if (!rName) errors.recipient_name = 'checkout.errorNameRequired';
    if (!rPhone.ok)
      errors.recipient_phone = values.recipient_phone.trim()
        ? 'checkout.errorPhoneInvalid'
        : 'checkout.errorPhoneRequired';
    if (!rAddress) errors.recipient_address = 'checkout.errorAddressRequired';
    if (rName && rPhone.ok && rAddress) recipient = { name: rName, phone: rPhone.e164, address: rAddress };
  }

  const instructions = clean('delivery_instructions', true);
  if (!text(500).safeParse(instructions).success) errors.delivery_instructions = 'checkout.errorTooLong';

  // Several areas: the customer chooses (their fee differs); one: it is the only place the shop delivers to.
  const areas = offeredAreas(preset);
  const area =
    areas.length === 1 && !values.delivery_area ? areas[0] : areas.find((a) => a.id === values.delivery_area);
  if (!area)
    errors.delivery_area = values.delivery_area ? 'checkout.errorAreaUnavailable' : 'checkout.errorAreaRequired';

  const days = deliveryDays(preset.timezone);
  const deliveryDate = values.delivery_date || null;
  if (deliveryDate && !days.includes(deliveryDate)) errors.delivery_date = 'checkout.errorDate';
  const deliveryWindow = values.delivery_window || null;
  if (deliveryWindow && !preset.deliveryWindows.includes(deliveryWindow))
    errors.delivery_window = 'checkout.errorWindow';

  const method = values.payment_method as PaymentMethodCode;
  if (!preset.paymentMethods.includes(method)) errors.payment_method = 'checkout.errorPaymentMethod';
  const reference = clean('payment_reference');
  if (!text(100).safeParse(reference).success) errors.payment_reference = 'checkout.errorTooLong';

  const taxIdentity = preset.taxIdentity ? parseTaxIdentity(values, errors) : null;

  if (Object.keys(errors).length > 0 || !phone.ok || !area) return { ok: false, errors, values };
  return {
    ok: true,
    values,
    details: {
      buyer: { name, phone: phone.e164, email: mail, address },
      recipient,
      deliveryInstructions: instructions,
      deliveryDate,
      deliveryWindow,
      deliveryAreaId: area.id,
      paymentMethod: method,
      // Only a money order, transfer or cheque has a reference the customer gives; a gateway gives its own.
      paymentReference: method === 'cod' || isGateway(method) ? null : reference || null,
      taxIdentity,
    },
  };
}

export type DetailsParse =
  | { ok: true; recipient: { name: string; phone: string; address: string }; taxIdentity: TaxIdentity | null }
  | { ok: false; errors: Partial<Record<keyof CheckoutValues, MessageKey>>; values: CheckoutValues };

/**
 * KN-06: the customer's answer when the shop asked for details: who receives the order, with phone and address
 * (all three, checked like the checkout's), and the invoice details when those were asked for.
 */
export function parseDetailsForm(body: unknown, preset: Preset, withTaxIdentity: boolean): DetailsParse {
  const raw = (body ?? {}) as Record<string, unknown>;
  const values = Object.fromEntries(
    FIELDS.map((f) => [f, typeof raw[f] === 'string' ? (raw[f] as string).slice(0, 2000) : '']),
  ) as CheckoutValues;
  const errors: Partial<Record<keyof CheckoutValues, MessageKey>> = {};
  const name = normaliseInput(values.recipient_name);
  const phone = parsePhone(values.recipient_phone, preset.identity.country);
  const address = normaliseInput(values.recipient_address, { multiline: true });
  if (!name) errors.recipient_name = 'checkout.errorNameRequired';
  else if (!text(120).safeParse(name).success) errors.recipient_name = 'checkout.errorTooLong';
  if (!phone.ok)
    errors.recipient_phone = values.recipient_phone.trim()
      ? 'checkout.errorPhoneInvalid'
      : 'checkout.errorPhoneRequired';
  if (!address) errors.recipient_address = 'checkout.errorAddressRequired';
  else if (!text(500).safeParse(address).success) errors.recipient_address = 'checkout.errorTooLong';
  const taxIdentity = withTaxIdentity ? parseTaxIdentity(values, errors) : null;
  if (Object.keys(errors).length > 0 || !phone.ok) return { ok: false, errors, values };
  return { ok: true, recipient: { name, phone: phone.e164, address }, taxIdentity };
}

/** KN-04: a person gives a national code; an organisation its name, national ID and economic code. All checked. */
function parseTaxIdentity(
  values: CheckoutValues,
  errors: Partial<Record<keyof CheckoutValues, MessageKey>>,
): TaxIdentity | null {
  const digits = (f: keyof CheckoutValues) => toAsciiDigits(normaliseInput(values[f])).replace(/[\s-]/g, '');
  if (values.buyer_type === 'organisation') {
    const name = normaliseInput(values.organisation_name);
    const nationalId = digits('national_id');
    const economicCode = digits('economic_code');
    if (!name) errors.organisation_name = 'checkout.errorOrganisationRequired';
    else if (!text(200).safeParse(name).success) errors.organisation_name = 'checkout.errorTooLong';
    if (!isIranLegalId(nationalId)) errors.national_id = 'checkout.errorNationalId';
    if (!isIranEconomicCode(economicCode)) errors.economic_code = 'checkout.errorEconomicCode';
    return errors.organisation_name || errors.national_id || errors.economic_code
      ? null
      : { kind: 'organisation', name, nationalId, economicCode };
  }
  if (values.buyer_type !== 'person') {
    errors.buyer_type = 'checkout.errorBuyerType';
    return null;
  }
  const nationalCode = digits('national_code');
  if (!nationalCode) errors.national_code = 'checkout.errorNationalCodeRequired';
  else if (!isIranNationalCode(nationalCode)) errors.national_code = 'checkout.errorNationalCode';
  return errors.national_code ? null : { kind: 'person', nationalCode };
}
