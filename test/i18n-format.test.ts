import { describe, expect, it } from 'vitest';
import {
  dayIn,
  formatDate,
  formatDateTime,
  formatIsoDay,
  formatMoney,
  formatNumber,
  formatQuantity,
  formatUnit,
  isoDayToJalali,
  jalaliToIsoDay,
  rialsToTomans,
} from '../src/i18n/format.ts';
import {
  decimalToMilli,
  isMultipleOfStep,
  milliToDecimal,
  normaliseInput,
  parseDecimal,
  toAsciiDigits,
} from '../src/i18n/numbers.ts';
import { formatPhone, parsePhone } from '../src/i18n/phone.ts';

const LRM = '\u200E';
const NBSP = '\u00A0';

describe('toAsciiDigits / normaliseInput', () => {
  it('maps every supported digit set to ASCII', () => {
    expect(toAsciiDigits('০১২৩৪৫৬৭৮৯')).toBe('0123456789');
    expect(toAsciiDigits('۰۱۲۳۴۵۶۷۸۹')).toBe('0123456789');
    expect(toAsciiDigits('٠١٢٣٤٥٦٧٨٩')).toBe('0123456789');
    expect(toAsciiDigits('０１２３４５６７８９')).toBe('0123456789');
    expect(toAsciiDigits('Tầng ৩, پلاک ۱۲')).toBe('Tầng 3, پلاک 12');
  });

  it('fixes Arabic letters, bidi marks and whitespace but keeps digits and ZWNJ', () => {
    expect(normaliseInput('  علي   كريمي\u200F  ')).toBe('علی کریمی');
    expect(normaliseInput('می\u200Cخواهم ۱۲')).toBe('می\u200Cخواهم ۱۲');
    // NFC: decomposed Vietnamese "ệ" (e + dot below + circumflex) composes to one code point.
    expect(normaliseInput('Vie\u0323\u0302t')).toBe('Vi\u1EC7t');
    expect(normaliseInput(' a \n\n\n\n  b  c ', { multiline: true })).toBe('a\n\nb c');
  });
});

describe('parseDecimal', () => {
  it.each([
    ['১২,৩৪,৫৬৭.৫০', 'bn', '1234567.5'],
    ['۱٬۲۳۴٬۵۶۷٫۵', 'fa', '1234567.5'],
    ['١٢٣٤', undefined, '1234'],
    ['1.234.567,5', 'vi', '1234567.5'],
    ['2,5', 'vi', '2.5'],
    ['2.5', 'vi', '2.5'],
    ['1.234', 'vi', '1234'],
    ['۲/۵', 'fa', '2.5'],
    ['3', 'en', '3'],
    ['007.500', 'en', '7.5'],
    ['1,234,567.5', 'en', '1234567.5'],
    [`${LRM}۱٬۲۳۴`, 'fa', '1234'],
  ] as const)('%s (%s) → %s', (input, locale, expected) => {
    expect(parseDecimal(input, locale)).toBe(expected);
  });

  it.each([
    ['12a', 'en'],
    ['-1', 'en'],
    ['1e5', 'en'],
    ['', 'en'],
    ['1.2.3', 'en'],
    ['2,5', 'en'],
    ['2/5', 'en'],
  ] as const)('%s (%s) → null', (input, locale) => {
    expect(parseDecimal(input, locale)).toBeNull();
  });

  it('accepts negatives only when allowed', () => {
    expect(parseDecimal('-1', 'en', { allowNegative: true })).toBe('-1');
    expect(parseDecimal('−۲٫۵۰', 'fa', { allowNegative: true })).toBe('-2.5');
  });
});

describe('exact decimals', () => {
  it('converts to and from thousandths', () => {
    expect(decimalToMilli('2.5')).toBe(2500n);
    expect(decimalToMilli('0.001')).toBe(1n);
    expect(decimalToMilli('1.2345')).toBeNull();
    expect(decimalToMilli('abc')).toBeNull();
    expect(milliToDecimal(2500n)).toBe('2.5');
    expect(milliToDecimal(3000)).toBe('3');
    expect(milliToDecimal(-50n)).toBe('-0.05');
  });

  it('checks order steps without float error', () => {
    expect(isMultipleOfStep('2.5', '0.1')).toBe(true);
    expect(isMultipleOfStep('2.55', '0.1')).toBe(false);
    expect(isMultipleOfStep('3', '1')).toBe(true);
    expect(isMultipleOfStep('0.3', '0.1')).toBe(true); // 0.3 % 0.1 in floats is 0.09999…
    expect(isMultipleOfStep('1.5', '1')).toBe(false);
    expect(isMultipleOfStep('2', '0')).toBe(false);
  });
});

describe('formatNumber / formatMoney', () => {
  it('uses native digits and locale grouping', () => {
    expect(formatNumber(1234567.5, 'bn')).toBe('১২,৩৪,৫৬৭.৫');
    expect(formatNumber('1234567.891', 'fa')).toBe('۱٬۲۳۴٬۵۶۷٫۸۹۱');
    expect(formatNumber(1234567.891, 'vi')).toBe('1.234.567,891');
    expect(formatNumber(1234567.5, 'bn', { latinDigits: true })).toBe('12,34,567.5');
  });

  it('formats BDT with ৳ and Indian grouping in every locale', () => {
    expect(formatMoney(123456750, 'BDT', 'bn')).toBe('১২,৩৪,৫৬৭.৫০৳');
    expect(formatMoney(12550, 'BDT', 'bn')).toBe('১২৫.৫০৳');
    expect(formatMoney(123456750, 'BDT', 'en')).toBe('৳1,234,567.50');
    expect(formatMoney(123456750, 'BDT', 'vi')).toBe(`1.234.567,50${NBSP}৳`);
    expect(formatMoney(5, 'BDT', 'en')).toBe('৳0.05');
    expect(formatMoney(189000, 'BDT', 'bn')).toBe('১,৮৯০৳');
    expect(formatMoney(189000, 'BDT', 'en')).toBe('৳1,890');
  });

  it('formats VND and IRR with no decimals', () => {
    expect(formatMoney(1234567, 'VND', 'vi')).toBe(`1.234.567${NBSP}₫`);
    expect(formatMoney(1234567, 'VND', 'en')).toBe('₫1,234,567');
    // fa-IR currency output starts with LRM on purpose; compare exact code points.
    expect(formatMoney(1234567, 'IRR', 'fa')).toBe(`${LRM}ریال${NBSP}۱٬۲۳۴٬۵۶۷`);
    expect(formatMoney(12345678901234n, 'IRR', 'en')).toBe(`IRR${NBSP}12,345,678,901,234`);
  });

  it('shows tomans (rials / 10, half up) when the display currency is IRT', () => {
    expect(formatMoney(1234560, 'IRR', 'fa', 'IRT')).toBe(`۱۲۳٬۴۵۶${NBSP}تومان`);
    expect(formatMoney(1234560, 'IRR', 'en', 'IRT')).toBe(`123,456${NBSP}toman`);
    expect(formatMoney(1234560, 'IRR', 'bn', 'IRT')).toBe(`১,২৩,৪৫৬${NBSP}তোমান`);
    expect(formatMoney(1234565, 'IRR', 'vi', 'IRT')).toBe(`123.457${NBSP}toman`);
    expect(rialsToTomans(1234564)).toBe(123456n);
    expect(rialsToTomans(-15)).toBe(-2n);
    expect(formatMoney(1234560, 'IRR', 'fa', 'IRR')).toBe(`${LRM}ریال${NBSP}۱٬۲۳۴٬۵۶۰`);
  });
});

describe('quantities and units', () => {
  it('formats quantities with up to 3 decimals', () => {
    expect(formatQuantity('2.5', 'bn')).toBe('২.৫');
    expect(formatQuantity('0.125', 'fa')).toBe('۰٫۱۲۵');
    expect(formatQuantity('1234.5', 'vi')).toBe('1.234,5');
  });

  it('inflects English unit nouns with Intl.PluralRules', () => {
    expect(formatUnit('1', 'piece', 'en')).toBe('1 piece');
    expect(formatUnit('2', 'piece', 'en')).toBe('2 pieces');
    expect(formatUnit('2.5', 'metre', 'en')).toBe('2.5 metres');
    expect(formatUnit('1', 'box', 'en')).toBe('1 box');
    expect(formatUnit('12', 'box', 'en')).toBe('12 boxes');
    expect(formatUnit('1.5', 'litre', 'en')).toBe('1.5 litres');
    expect(formatUnit('0', 'tile', 'en')).toBe('0 tiles');
    expect(formatUnit('3', 'kg', 'en')).toBe('3 kg');
  });

  it('uses the bare noun in bn, vi and fa', () => {
    expect(formatUnit('2.5', 'metre', 'bn')).toBe('২.৫ মিটার');
    expect(formatUnit('2.5', 'metre', 'vi')).toBe('2,5 mét');
    expect(formatUnit('2.5', 'metre', 'fa')).toBe('۲٫۵ متر');
    expect(formatUnit('12', 'tile', 'vi')).toBe('12 viên');
    expect(formatUnit('1', 'box', 'vi')).toBe('1 thùng');
  });
});

describe('dates', () => {
  const nowruz = new Date('2025-03-21T08:30:00Z');

  it('names the day an instant falls on where the shop is, not in UTC', () => {
    // 21:57 UTC is already 01:27 the next day in Tehran: a <time datetime> must agree with the date it shows.
    const lateEvening = new Date('2026-12-02T21:57:00Z');
    expect(dayIn('Asia/Tehran', lateEvening)).toBe('2026-12-03');
    expect(dayIn('Asia/Dhaka', lateEvening)).toBe('2026-12-03');
    expect(dayIn('UTC', lateEvening)).toBe('2026-12-02');
  });

  it('uses Gregorian for bn/en/vi and Jalali for fa', () => {
    expect(formatDate(nowruz, 'fa', 'Asia/Tehran')).toBe('۱ فروردین ۱۴۰۴');
    expect(formatDate(nowruz, 'bn', 'Asia/Dhaka')).toBe('২১ মার্চ, ২০২৫');
    expect(formatDate(nowruz, 'en', 'Asia/Dhaka')).toBe('March 21, 2025');
    expect(formatDate('2025-03-21T08:30:00Z', 'vi', 'Asia/Ho_Chi_Minh')).toBe('21 tháng 3, 2025');
    expect(formatDate(nowruz, 'fa', 'Asia/Tehran', 'short', { latinDigits: true })).toBe('1404/1/1');
  });

  it('applies the shop time zone', () => {
    const lateUtc = '2025-03-20T22:00:00Z';
    expect(formatDate(lateUtc, 'en', 'UTC')).toBe('March 20, 2025');
    expect(formatDate(lateUtc, 'en', 'Asia/Dhaka')).toBe('March 21, 2025');
  });

  it('joins Persian date and time with the Persian comma', () => {
    expect(formatDateTime(nowruz, 'fa', 'Asia/Tehran')).toBe('۱ فروردین ۱۴۰۴، ۱۲:۰۰');
    expect(formatDateTime(nowruz, 'en', 'UTC')).toBe('March 21, 2025 at 8:30 AM');
  });

  it('formats plain ISO days without a zone shift', () => {
    expect(formatIsoDay('2025-03-21', 'fa')).toBe('۱ فروردین ۱۴۰۴');
    expect(formatIsoDay('2025-03-20', 'fa')).toBe('۳۰ اسفند ۱۴۰۳');
    expect(formatIsoDay('2025-01-01', 'en', 'short')).toBe('1/1/25');
    expect(() => formatIsoDay('2025-02-30', 'en')).toThrow(RangeError);
  });

  it('converts Jalali days to and from ISO days', () => {
    expect(jalaliToIsoDay(1404, 1, 1)).toBe('2025-03-21');
    expect(jalaliToIsoDay(1403, 12, 30)).toBe('2025-03-20');
    expect(jalaliToIsoDay(1404, 12, 30)).toBeNull();
    expect(jalaliToIsoDay(1404, 13, 1)).toBeNull();
    expect(jalaliToIsoDay(1404.5, 1, 1)).toBeNull();
    expect(isoDayToJalali('2025-03-20')).toEqual({ year: 1403, month: 12, day: 30 });
    expect(isoDayToJalali('2025-02-29')).toBeNull();
  });
});

describe('phones', () => {
  it.each([
    ['০১৭১২৩৪৫৬৭৮', 'BD', '+8801712345678'],
    ['01712-345678', 'BD', '+8801712345678'],
    ['+880 1712 345678', 'BD', '+8801712345678'],
    ['۰۹۱۲۳۴۵۶۷۸۹', 'IR', '+989123456789'],
    ['٠٩١٢ ٣٤٥ ٦٧٨٩', 'IR', '+989123456789'],
    [`${LRM}+98 912 345 6789`, 'BD', '+989123456789'],
    ['0912345678', 'VN', '+84912345678'],
  ] as const)('%s (%s) → %s', (input, country, e164) => {
    expect(parsePhone(input, country)).toEqual({ ok: true, e164 });
  });

  it('rejects invalid numbers', () => {
    expect(parsePhone('12345', 'BD')).toEqual({ ok: false, reason: 'invalid' });
    expect(parsePhone('0123456789', 'VN')).toEqual({ ok: false, reason: 'invalid' });
    expect(parsePhone('call me', 'IR')).toEqual({ ok: false, reason: 'invalid' });
    expect(parsePhone('02112345678', 'IR', { mobileOnly: true })).toEqual({ ok: false, reason: 'not_mobile' });
  });

  it('formats national for the shop country, international otherwise', () => {
    expect(formatPhone('+8801712345678', 'bn', 'BD')).toBe('01712-345678');
    expect(formatPhone('+989123456789', 'fa', 'IR')).toBe('0912 345 6789');
    expect(formatPhone('+989123456789', 'en', 'BD')).toBe('+98 912 345 6789');
    expect(formatPhone('+84912345678', 'vi', 'VN')).toBe('0912 345 678');
  });
});
