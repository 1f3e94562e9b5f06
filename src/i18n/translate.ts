import { IntlMessageFormat } from 'intl-messageformat';
import { INTL_TAG, type Locale } from './locales.ts';
import { bn } from './messages/bn.ts';
import { en, type MessageKey } from './messages/en.ts';
import { fa } from './messages/fa.ts';
import { vi } from './messages/vi.ts';

export type { MessageKey };

/** ICU MessageFormat catalogues; English defines the keys and every other language must have them all (a test checks). */
export const CATALOGUES: Record<Locale, Record<MessageKey, string>> = { bn, en, vi, fa };

export type Values = Record<string, string | number>;
export type Translate = (key: MessageKey, values?: Values) => string;

const compiled = new Map<string, IntlMessageFormat>();

/** Formats a message. Numbers inside messages get the locale's digits (ICU `{n, number}` and plurals). */
export function translate(locale: Locale, key: MessageKey, values?: Values): string {
  const cacheKey = `${locale}\u0000${key}`;
  let format = compiled.get(cacheKey);
  if (!format) {
    format = new IntlMessageFormat(CATALOGUES[locale][key] ?? en[key], INTL_TAG[locale]);
    compiled.set(cacheKey, format);
  }
  return String(format.format(values));
}

export function translator(locale: Locale): Translate {
  return (key, values) => translate(locale, key, values);
}
