import { type MessageFormatElement, parse, TYPE } from '@formatjs/icu-messageformat-parser';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { INTL_TAG, LOCALES, type Locale } from '../src/i18n/locales.ts';
import { bn } from '../src/i18n/messages/bn.ts';
import { en, type MessageKey } from '../src/i18n/messages/en.ts';
import { fa } from '../src/i18n/messages/fa.ts';
import { vi } from '../src/i18n/messages/vi.ts';

const CATALOGUES: Record<Locale, Record<string, string>> = { bn, en, vi, fa };
const TRANSLATIONS = LOCALES.filter((l) => l !== 'en');
const EN_KEYS = Object.keys(en) as MessageKey[];

type ArgKind = 'number' | 'string' | 'date' | 'select';

/** The arguments a message uses, with the kind of value each needs (plural and `number` arguments need numbers). */
function argumentsOf(message: string): Map<string, ArgKind> {
  const args = new Map<string, ArgKind>();
  const add = (name: string, kind: ArgKind) => {
    if (args.get(name) !== 'number') args.set(name, kind);
  };
  const walk = (elements: MessageFormatElement[]) => {
    for (const el of elements) {
      switch (el.type) {
        case TYPE.argument:
          add(el.value, 'string');
          break;
        case TYPE.number:
          add(el.value, 'number');
          break;
        case TYPE.date:
        case TYPE.time:
          add(el.value, 'date');
          break;
        case TYPE.plural:
          add(el.value, 'number');
          for (const option of Object.values(el.options)) walk(option.value);
          break;
        case TYPE.select:
          add(el.value, 'select');
          for (const option of Object.values(el.options)) walk(option.value);
          break;
        case TYPE.tag:
          walk(el.children);
          break;
      }
    }
  };
  walk(parse(message));
  return args;
}

/** Sample values for every argument: 3 for numbers, 'x' for strings. */
function sampleValues(message: string): Record<string, string | number | Date> {
  const values: Record<string, string | number | Date> = {};
  for (const [name, kind] of argumentsOf(message)) {
    values[name] = kind === 'number' ? 3 : kind === 'date' ? new Date(0) : kind === 'select' ? 'other' : 'x';
  }
  return values;
}

/** True when the message has no text of its own, only placeholders (and whitespace). */
function onlyPlaceholders(message: string): boolean {
  return parse(message).every((el) => el.type !== TYPE.literal || el.value.trim() === '');
}

/** The `=n` / plural-category options of each plural argument, e.g. { count: ['=0', 'one', 'other'] }. */
function pluralOptions(message: string): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const el of parse(message)) {
    if (el.type === TYPE.plural) result[el.value] = Object.keys(el.options);
  }
  return result;
}

describe('message catalogues', () => {
  it('every message key exists in bn, en, vi and fa', () => {
    for (const locale of TRANSLATIONS) {
      const keys = Object.keys(CATALOGUES[locale]);
      const missing = EN_KEYS.filter((k) => !Object.hasOwn(CATALOGUES[locale], k));
      const extra = keys.filter((k) => !Object.hasOwn(en, k));
      expect(missing, `${locale}: missing keys`).toEqual([]);
      expect(extra, `${locale}: extra keys`).toEqual([]);
      expect(keys, `${locale}: keys in the order of en.ts`).toEqual(EN_KEYS);
      for (const key of EN_KEYS) {
        expect(typeof CATALOGUES[locale][key] === 'string' && CATALOGUES[locale][key] !== '', `${locale} ${key}`).toBe(
          true,
        );
      }
    }
  });

  it('has no untranslated copies of longer English messages', () => {
    const copies: string[] = [];
    for (const locale of TRANSLATIONS) {
      for (const key of EN_KEYS) {
        const english = en[key];
        if (english.length <= 12 || onlyPlaceholders(english)) continue;
        if (CATALOGUES[locale][key] === english) copies.push(`${locale} ${key}`);
      }
    }
    expect(copies).toEqual([]);
  });

  it.each(LOCALES)('compiles and formats every %s message', (locale) => {
    for (const key of EN_KEYS) {
      const message = CATALOGUES[locale][key];
      expect(() => {
        const format = new IntlMessageFormat(message, INTL_TAG[locale]);
        const output = format.format(sampleValues(message));
        if (typeof output !== 'string' || output === '') throw new Error('empty output');
      }, `${locale} ${key}: ${message}`).not.toThrow();
    }
  });

  it('uses the same placeholders as English', () => {
    for (const locale of TRANSLATIONS) {
      for (const key of EN_KEYS) {
        const english = [...argumentsOf(en[key])].sort();
        const translated = [...argumentsOf(CATALOGUES[locale][key])].sort();
        expect(translated, `${locale} ${key}`).toEqual(english);
      }
    }
  });

  it('keeps the exact cases (=0 …) of English plurals', () => {
    for (const locale of TRANSLATIONS) {
      for (const key of EN_KEYS) {
        const english = pluralOptions(en[key]);
        const translated = pluralOptions(CATALOGUES[locale][key]);
        expect(Object.keys(translated).sort(), `${locale} ${key}`).toEqual(Object.keys(english).sort());
        for (const [name, options] of Object.entries(english)) {
          const exact = options.filter((o) => o.startsWith('='));
          expect(
            translated[name]?.filter((o) => o.startsWith('=')),
            `${locale} ${key}: exact cases of ${name}`,
          ).toEqual(exact);
          expect(translated[name], `${locale} ${key}: ${name} needs 'other'`).toContain('other');
        }
      }
    }
  });

  it('prints counts in native digits', () => {
    const productCount = (locale: Locale, count: number) =>
      String(new IntlMessageFormat(CATALOGUES[locale]['catalog.productCount'], INTL_TAG[locale]).format({ count }));
    expect(productCount('bn', 3)).toContain('৩');
    expect(productCount('fa', 3)).toContain('۳');
    expect(productCount('vi', 3)).toContain('3');
    expect(productCount('en', 3)).toBe('3 products');
    for (const locale of LOCALES) expect(productCount(locale, 0)).not.toMatch(/[0০۰]/);
  });

  it('writes Persian with Persian ی and ک, not the Arabic letters', () => {
    const arabic = EN_KEYS.filter((key) => /[\u064A\u0643\u0649]/.test(fa[key]));
    expect(arabic).toEqual([]);
  });
});
