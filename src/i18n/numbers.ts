/**
 * Input normalisation and exact decimal handling.
 *
 * Users in BD/IR type native digits (Number('۱۲۳') is NaN) and Iranians often type Arabic letters; everything that
 * comes from a form goes through these helpers. Quantities are handled as canonical decimal strings ("2.5") and
 * compared as BigInt thousandths, never as floats.
 */
import { INTL_TAG, type Locale } from './locales.ts';

/** Zero of each non-ASCII digit block we accept: Bengali, Persian, Arabic-Indic, fullwidth. */
const DIGIT_ZEROS = [0x09e6, 0x06f0, 0x0660, 0xff10];
const NON_ASCII_DIGIT = /[\u09E6-\u09EF\u06F0-\u06F9\u0660-\u0669\uFF10-\uFF19]/g;
/** Persian / Arabic-Indic digits: their presence means '/' is a decimal point (Persian habit). */
const PERSIAN_OR_ARABIC_DIGIT = /[\u06F0-\u06F9\u0660-\u0669]/;
/** LRM, RLM, ALM: invisible marks that Intl output and RTL keyboards insert. */
const BIDI_MARKS = /[\u200E\u200F\u061C]/g;
/** Bidi marks plus isolates/embeddings, which appear when a formatted number is copy-pasted. */
const BIDI_CONTROLS = /[\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/g;

/** Map Bengali, Persian, Arabic-Indic and fullwidth digits to ASCII 0-9; other characters are kept. */
export function toAsciiDigits(s: string): string {
  return s.replace(NON_ASCII_DIGIT, (ch) => {
    const code = ch.charCodeAt(0);
    for (const zero of DIGIT_ZEROS) {
      if (code >= zero && code <= zero + 9) return String.fromCharCode(48 + code - zero);
    }
    return ch;
  });
}

/**
 * Normalise free text from a form: Arabic ي/ك → Persian ی/ک, strip LRM/RLM/ALM, NFC, trim, collapse whitespace.
 * Digits are left as typed (use toAsciiDigits or parseDecimal for numeric fields). ZWNJ (U+200C) is kept: it is
 * part of Persian spelling. With `multiline`, single line breaks survive (addresses) and blank lines collapse to one.
 */
export function normaliseInput(s: string, opts: { multiline?: boolean } = {}): string {
  const text = s
    .replace(/\u064A/g, '\u06CC')
    .replace(/\u0643/g, '\u06A9')
    .replace(BIDI_MARKS, '')
    .normalize('NFC');
  if (!opts.multiline) return text.replace(/\s+/g, ' ').trim();
  return text
    .split(/\r\n|\r|\n|\u2028|\u2029/)
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const separatorCache = new Map<Locale, { group: string; decimal: string }>();

/** The locale's group and decimal separators as Intl prints them (bn ',' '.', vi '.' ',', fa '٬' '٫'). */
function separators(locale: Locale): { group: string; decimal: string } {
  let seps = separatorCache.get(locale);
  if (!seps) {
    const parts = new Intl.NumberFormat(INTL_TAG[locale]).formatToParts(12345.6);
    seps = {
      group: parts.find((p) => p.type === 'group')?.value ?? ',',
      decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
    };
    separatorCache.set(locale, seps);
  }
  return seps;
}

/** True when digit groups are plausible: last group 3 digits, others 2-3 (Indian or Western). */
function validGrouping(groups: string[]): boolean {
  if (groups.length < 2) return true;
  if (!/^\d{1,3}$/.test(groups[0])) return false;
  if (groups[groups.length - 1].length !== 3) return false;
  return groups.slice(1, -1).every((g) => g.length === 2 || g.length === 3);
}

/** Canonical form of a decimal already reduced to ASCII digits: no leading/trailing zeros, no exponent. */
function canonical(negative: boolean, int: string, frac: string): string {
  const i = int.replace(/^0+(?=\d)/, '') || '0';
  const f = frac.replace(/0+$/, '');
  const body = f ? `${i}.${f}` : i;
  return negative && body !== '0' ? `-${body}` : body;
}

export interface ParseDecimalOptions {
  /** Accept a leading minus sign (default false: quantities and prices are never negative). */
  allowNegative?: boolean;
}

/**
 * Parse a number as a user typed it, in any supported digit set, into a canonical decimal string ("1234567.5").
 *
 * Accepted separators: the locale's group separator and U+066C as grouping; '.', the locale decimal, U+066B as the
 * decimal point; ',' is a decimal point for vi; '/' is a decimal point for fa or when Persian/Arabic digits are used.
 * In vi, a single '.' followed by exactly three digits is read as grouping ("1.234" = 1234), otherwise as a decimal
 * point ("2.5"). Returns null when the input is not a plain non-exponent number.
 */
export function parseDecimal(s: string, locale?: Locale, opts: ParseDecimalOptions = {}): string | null {
  if (typeof s !== 'string') return null;
  const persianDigits = PERSIAN_OR_ARABIC_DIGIT.test(s);
  let t = toAsciiDigits(s)
    .replace(BIDI_CONTROLS, '')
    .replace(/[\s\u00A0\u2009\u202F]/g, '');
  let negative = false;
  const sign = /^[-+\u2212]/.exec(t);
  if (sign) {
    negative = sign[0] !== '+';
    t = t.slice(1);
  }
  if (negative && !opts.allowNegative) return null;
  if (!/^[0-9.,\u066B\u066C/]+$/.test(t) || !/\d/.test(t)) return null;

  const { group, decimal } = locale ? separators(locale) : { group: ',', decimal: '.' };
  const slashIsDecimal = locale === 'fa' || persianDigits;
  // Classify every separator as group 'g', decimal 'd' or ambiguous '?' ('.' in locales grouping with '.').
  const kinds: string[] = [];
  for (const ch of t) {
    if (ch >= '0' && ch <= '9') kinds.push('0');
    else if (ch === '\u066C') kinds.push('g');
    else if (ch === '\u066B') kinds.push('d');
    else if (ch === '/') kinds.push(slashIsDecimal ? 'd' : 'x');
    else if (ch === decimal) kinds.push('d');
    else if (ch === group) kinds.push(ch === '.' ? '?' : 'g');
    else if (ch === '.') kinds.push('d');
    else kinds.push('x');
  }
  if (kinds.includes('x')) return null;
  if (kinds.includes('?')) {
    const ambiguous = kinds.filter((k) => k === '?').length;
    // Read a lone '.' as grouping only if it looks like one ("1.234"); several dots or another decimal mark → grouping.
    const looksGrouped = /^\d{1,3}\.\d{3}$/.test(t.replace(/[,\u066B\u066C/]/g, ''));
    const asGroup = ambiguous > 1 || kinds.includes('d') || looksGrouped;
    for (let i = 0; i < kinds.length; i++) if (kinds[i] === '?') kinds[i] = asGroup ? 'g' : 'd';
  }
  const decimals = kinds.filter((k) => k === 'd').length;
  if (decimals > 1) return null;
  const dAt = kinds.indexOf('d');
  const intKinds = dAt < 0 ? kinds : kinds.slice(0, dAt);
  if (dAt >= 0 && kinds.slice(dAt + 1).includes('g')) return null;

  const chars = [...t];
  const intChars = chars.slice(0, intKinds.length);
  const frac = dAt < 0 ? '' : chars.slice(dAt + 1).join('');
  const groups: string[] = [];
  let current = '';
  for (let i = 0; i < intChars.length; i++) {
    if (intKinds[i] === 'g') {
      groups.push(current);
      current = '';
    } else current += intChars[i];
  }
  groups.push(current);
  if (groups.length > 1 && (groups.some((g) => g === '') || !validGrouping(groups))) return null;
  const int = groups.join('');
  if (int === '' && frac === '') return null;
  return canonical(negative, int, frac);
}

/** Quantities are exact to 1/1000 of a unit. */
const MILLI = 1000n;

/** Decimal string → integer thousandths (exact). Null if not a plain decimal or it has more than 3 decimals. */
export function decimalToMilli(s: string): bigint | null {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return null;
  const frac = (m[3] ?? '').replace(/0+$/, '');
  if (frac.length > 3) return null;
  const value = BigInt(m[2]) * MILLI + BigInt(frac.padEnd(3, '0') || '0');
  return m[1] ? -value : value;
}

/** Integer thousandths → canonical decimal string (2500n → "2.5"). */
export function milliToDecimal(n: bigint | number): string {
  if (typeof n === 'number' && !Number.isSafeInteger(n)) throw new RangeError(`not a safe integer: ${n}`);
  const v = BigInt(n);
  const abs = v < 0n ? -v : v;
  return canonical(v < 0n, (abs / MILLI).toString(), (abs % MILLI).toString().padStart(3, '0'));
}

/** Whether `qty` is a whole multiple of `step` (both decimal strings, ≤ 3 decimals). False for a non-positive step. */
export function isMultipleOfStep(qty: string, step: string): boolean {
  const q = decimalToMilli(qty);
  const st = decimalToMilli(step);
  if (q === null || st === null || st <= 0n) return false;
  return q % st === 0n;
}
