/**
 * Display formatting of numbers, money, quantities and dates on top of Node's full-ICU Intl.
 *
 * Digits are native by default (bn বাংলা, fa فارسی); `latinDigits` is the per-shop "Latin digits" toggle.
 * Formatter instances are cached: constructing Intl formatters is far slower than calling them.
 */
import { isValidJalaaliDate, toGregorian, toJalaali } from 'jalaali-js';
import type { CurrencyCode, DisplayCurrency, UnitCode } from '../presets/types.ts';
import { INTL_TAG, type Locale } from './locales.ts';

export interface DigitOptions {
  /** Print ASCII 0-9 instead of the locale's native digits. */
  latinDigits?: boolean;
}

export interface NumberOptions extends DigitOptions {
  minimumFractionDigits?: number;
  maximumFractionDigits?: number;
  useGrouping?: boolean;
}

export type DateStyle = 'long' | 'medium' | 'short';

/** Set explicitly rather than relying on locale defaults, so browsers or other ICU builds cannot differ. */
const NATIVE_DIGITS: Record<Locale, string> = { bn: 'beng', en: 'latn', vi: 'latn', fa: 'arabext' };
/** fa-IR defaults to the Persian (Jalali) calendar; Bangladesh and Vietnam use Gregorian for commerce. */
const CALENDAR: Record<Locale, string> = { bn: 'gregory', en: 'gregory', vi: 'gregory', fa: 'persian' };

/** ISO 4217 minor-unit digits as CLDR applies them (IRR is 2 in ISO but 0 in practice and in CLDR). */
export const MINOR_DIGITS: Record<CurrencyCode, number> = { BDT: 2, VND: 0, IRR: 0 };

const TOMAN: Record<Locale, string> = { fa: 'تومان', en: 'toman', bn: 'তোমান', vi: 'toman' };

const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const pluralRules = new Map<Locale, Intl.PluralRules>();

function numberFormat(
  locale: Locale,
  latin: boolean | undefined,
  options: Intl.NumberFormatOptions,
): Intl.NumberFormat {
  const numberingSystem = latin ? 'latn' : NATIVE_DIGITS[locale];
  const key = `${locale}|${numberingSystem}|${JSON.stringify(options)}`;
  let nf = numberFormats.get(key);
  if (!nf) {
    nf = new Intl.NumberFormat(INTL_TAG[locale], { ...options, numberingSystem });
    numberFormats.set(key, nf);
  }
  return nf;
}

function dateFormat(
  locale: Locale,
  latin: boolean | undefined,
  options: Intl.DateTimeFormatOptions & { timeZone: string },
): Intl.DateTimeFormat {
  const numberingSystem = latin ? 'latn' : NATIVE_DIGITS[locale];
  const key = `${locale}|${numberingSystem}|${JSON.stringify(options)}`;
  let df = dateFormats.get(key);
  if (!df) {
    df = new Intl.DateTimeFormat(INTL_TAG[locale], { ...options, numberingSystem, calendar: CALENDAR[locale] });
    dateFormats.set(key, df);
  }
  return df;
}

/** Intl accepts decimal strings exactly (no float rounding); `${string}` narrows to its accepted literal type. */
type Formattable = number | bigint | Intl.StringNumericLiteral;

/** Format a number or a decimal string (exact, e.g. "1234567.5") with the locale's digits and grouping. */
export function formatNumber(n: number | bigint | string, locale: Locale, opts: NumberOptions = {}): string {
  const { latinDigits, ...options } = opts;
  return numberFormat(locale, latinDigits, options).format(n as Formattable);
}

/** Integer minor units → exact decimal string in major units (12550n, 2 → "125.50"). */
function minorToMajor(minor: bigint, digits: number): string {
  if (digits === 0) return minor.toString();
  const abs = minor < 0n ? -minor : minor;
  const s = abs.toString().padStart(digits + 1, '0');
  return `${minor < 0n ? '-' : ''}${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

function toBigInt(minor: number | bigint): bigint {
  if (typeof minor === 'number' && !Number.isSafeInteger(minor))
    throw new RangeError(`minor units must be an integer: ${minor}`);
  return BigInt(minor);
}

/** Rials → tomans, rounding half up (away from zero) when rials are not divisible by 10. */
export function rialsToTomans(rials: number | bigint): bigint {
  const r = toBigInt(rials);
  const abs = r < 0n ? -r : r;
  const tomans = (abs + 5n) / 10n;
  return r < 0n ? -tomans : tomans;
}

/**
 * Format an amount stored in ISO minor units (BDT paisa, VND đồng, IRR rials).
 * `display: 'IRT'` shows IRR amounts in tomans ("۱۲۳٬۴۵۶ تومان"); any other display value uses `currency` itself.
 * The symbol is always the narrow one so taka shows ৳ in every locale. fa-IR output starts with U+200E (LRM)
 * which CLDR puts there on purpose; do not strip it.
 */
export function formatMoney(
  minor: number | bigint,
  currency: CurrencyCode,
  locale: Locale,
  display?: DisplayCurrency,
  opts: DigitOptions = {},
): string {
  if (display === 'IRT' && currency === 'IRR') {
    const tomans = formatNumber(rialsToTomans(minor), locale, {
      maximumFractionDigits: 0,
      latinDigits: opts.latinDigits,
    });
    return `${tomans}\u00A0${TOMAN[locale]}`;
  }
  const digits = MINOR_DIGITS[currency];
  // Whole amounts read as shops write them (৳১,৮৯০, not ৳১,৮৯০.০০); amounts with paisa show both decimals.
  const whole = digits > 0 && toBigInt(minor) % 10n ** BigInt(digits) === 0n;
  const nf = numberFormat(locale, opts.latinDigits, {
    style: 'currency',
    currency,
    currencyDisplay: 'narrowSymbol',
    minimumFractionDigits: whole ? 0 : digits,
    maximumFractionDigits: digits,
  });
  return nf.format(minorToMajor(toBigInt(minor), digits) as Intl.StringNumericLiteral);
}

/** A quantity (decimal string such as "2.5") with up to 3 decimals in the locale's digits. */
export function formatQuantity(qty: string | number, locale: Locale, opts: DigitOptions = {}): string {
  return formatNumber(qty, locale, { maximumFractionDigits: 3, latinDigits: opts.latinDigits });
}

/** Unit nouns. Only en inflects for number; bn, vi and fa use the bare noun after a numeral. */
const UNIT_NAMES: Record<Locale, Record<UnitCode, string | { one: string; other: string }>> = {
  en: {
    piece: { one: 'piece', other: 'pieces' },
    metre: { one: 'metre', other: 'metres' },
    tile: { one: 'tile', other: 'tiles' },
    box: { one: 'box', other: 'boxes' },
    kg: 'kg',
    litre: { one: 'litre', other: 'litres' },
    bag: { one: 'bag', other: 'bags' },
    set: { one: 'set', other: 'sets' },
    service: { one: 'service', other: 'services' },
  },
  bn: {
    piece: 'পিস',
    metre: 'মিটার',
    tile: 'টাইল',
    box: 'বক্স',
    kg: 'কেজি',
    litre: 'লিটার',
    bag: 'ব্যাগ',
    set: 'সেট',
    service: 'সেবা',
  },
  vi: {
    piece: 'cái',
    metre: 'mét',
    tile: 'viên',
    box: 'thùng',
    kg: 'kg',
    litre: 'lít',
    bag: 'bao',
    set: 'bộ',
    service: 'dịch vụ',
  },
  fa: {
    piece: 'عدد',
    metre: 'متر',
    tile: 'کاشی',
    box: 'کارتن',
    kg: 'کیلوگرم',
    litre: 'لیتر',
    bag: 'کیسه',
    set: 'دست',
    service: 'خدمت',
  },
};

/** The unit noun for a quantity, e.g. unitName('1', 'box', 'en') → "box", unitName('2', 'box', 'en') → "boxes". */
export function unitName(qty: string | number, unit: UnitCode, locale: Locale): string {
  const name = UNIT_NAMES[locale][unit];
  if (typeof name === 'string') return name;
  let rules = pluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(INTL_TAG[locale], { maximumFractionDigits: 3 });
    pluralRules.set(locale, rules);
  }
  // The plural of the number as displayed: en "1 piece" but "1.5 pieces" (PluralRules sees the fraction digits).
  return rules.select(Number(qty)) === 'one' ? name.one : name.other;
}

/** Quantity with its unit: "2.5 metres", "২.৫ মিটার", "2,5 mét", "۲٫۵ متر". */
export function formatUnit(qty: string | number, unit: UnitCode, locale: Locale, opts: DigitOptions = {}): string {
  return `${formatQuantity(qty, locale, opts)} ${unitName(qty, unit, locale)}`;
}

function toDate(d: Date | string | number): Date {
  const date = d instanceof Date ? d : new Date(d);
  if (Number.isNaN(date.getTime())) throw new RangeError(`invalid date: ${String(d)}`);
  return date;
}

/** A date in the shop's time zone: Gregorian for bn/en/vi, Jalali for fa ("۱ فروردین ۱۴۰۴"). */
export function formatDate(
  d: Date | string | number,
  locale: Locale,
  timeZone: string,
  style: DateStyle = 'long',
  opts: DigitOptions = {},
): string {
  return dateFormat(locale, opts.latinDigits, { dateStyle: style, timeZone }).format(toDate(d));
}

/** A date and time (hours:minutes). fa joins separate parts with the Persian comma to avoid ICU's "…, جمعه ساعت" forms. */
export function formatDateTime(
  d: Date | string | number,
  locale: Locale,
  timeZone: string,
  style: DateStyle = 'long',
  opts: DigitOptions = {},
): string {
  const date = toDate(d);
  if (locale === 'fa') {
    const time = dateFormat(locale, opts.latinDigits, { timeStyle: 'short', timeZone }).format(date);
    return `${formatDate(date, locale, timeZone, style, opts)}، ${time}`;
  }
  return dateFormat(locale, opts.latinDigits, { dateStyle: style, timeStyle: 'short', timeZone }).format(date);
}

/** Split a strict 'YYYY-MM-DD' into numbers, or null when it is not a real Gregorian day. */
function parseIsoDay(iso: string): { y: number; m: number; d: number } | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(2000, m - 1, d));
  date.setUTCFullYear(y); // Date.UTC maps years 0-99 to 1900-1999
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return { y, m, d };
}

/** The calendar day an instant falls on in a time zone, as 'YYYY-MM-DD' (en-CA formats dates that way). */
export function dayIn(timeZone: string, at: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** A plain calendar day (booking day, policy date) formatted without any time-zone shift. */
export function formatIsoDay(
  isoDay: string,
  locale: Locale,
  style: DateStyle = 'long',
  opts: DigitOptions = {},
): string {
  const p = parseIsoDay(isoDay);
  if (!p) throw new RangeError(`invalid ISO day: ${isoDay}`);
  const date = new Date(Date.UTC(2000, p.m - 1, p.d, 12));
  date.setUTCFullYear(p.y);
  return formatDate(date, locale, 'UTC', style, opts);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Jalali y/m/d (e.g. from a Persian date picker) → 'YYYY-MM-DD', or null if that Jalali day does not exist. */
export function jalaliToIsoDay(y: number, m: number, d: number): string | null {
  if (![y, m, d].every(Number.isInteger) || !isValidJalaaliDate(y, m, d)) return null;
  const g = toGregorian(y, m, d);
  if (g.gy < 1 || g.gy > 9999) return null;
  return `${pad(g.gy, 4)}-${pad(g.gm, 2)}-${pad(g.gd, 2)}`;
}

/** 'YYYY-MM-DD' → Jalali { year, month, day }, or null if the ISO day is invalid. */
export function isoDayToJalali(iso: string): { year: number; month: number; day: number } | null {
  const p = parseIsoDay(iso);
  if (!p) return null;
  try {
    const j = toJalaali(p.y, p.m, p.d);
    return { year: j.jy, month: j.jm, day: j.jd };
  } catch {
    return null; // outside jalaali-js's supported range
  }
}
