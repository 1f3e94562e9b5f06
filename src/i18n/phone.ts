/**
 * Phone numbers: validate and normalise to E.164 on the server with libphonenumber-js (full "max" metadata, needed
 * for accurate validity and number types). Keep this module out of client islands (≈50 KB gz).
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { CountryCode } from '../presets/types.ts';
import type { Locale } from './locales.ts';
import { toAsciiDigits } from './numbers.ts';

export type PhoneResult = { ok: true; e164: string } | { ok: false; reason: 'invalid' | 'not_mobile' };

/** Bidi marks and isolates, whitespace, dashes and brackets people type or paste around phone numbers. */
const PHONE_NOISE = /[\s\u00A0\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069\-\u2010-\u2015\u2212().]/g;

/**
 * Parse a phone number typed in national ("01712-345678", "۰۹۱۲۳۴۵۶۷۸۹") or international ("+98 912 …", "0098…")
 * form. Digits are normalised first because the library rejects Bengali digits. With `mobileOnly` (OTP/SMS),
 * a valid number that is not a mobile line gives reason 'not_mobile'.
 */
export function parsePhone(input: string, country: CountryCode, opts: { mobileOnly?: boolean } = {}): PhoneResult {
  const cleaned = toAsciiDigits(String(input ?? '')).replace(PHONE_NOISE, '');
  if (!/^\+?\d{3,17}$/.test(cleaned)) return { ok: false, reason: 'invalid' };
  const phone = parsePhoneNumberFromString(cleaned, country);
  if (!phone?.isValid()) return { ok: false, reason: 'invalid' };
  if (opts.mobileOnly) {
    const type = phone.getType();
    if (type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE') return { ok: false, reason: 'not_mobile' };
  }
  return { ok: true, e164: phone.number };
}

/**
 * Display an E.164 number: national format for the shop's own country ("01712-345678"), international otherwise
 * ("+98 912 345 6789"). Always ASCII digits (numbers are dialled as typed); the caller wraps it in a dir="ltr" span.
 * `locale` is accepted for symmetry with the other formatters and currently does not change the output.
 */
export function formatPhone(e164: string, _locale: Locale, shopCountry: CountryCode): string {
  const phone = parsePhoneNumberFromString(e164);
  if (!phone) return e164;
  return phone.country === shopCountry ? phone.formatNational() : phone.formatInternational();
}
