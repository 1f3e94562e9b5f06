import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';

/** Markup that, stored or reflected unescaped, would run or show in a page; `UNESCAPED` finds it in HTML. */
export const MARKUP = [
  '<script>alert(7)</script>',
  '"><img src=x onerror=alert(7)>',
  "'><svg onload=alert(7)>",
  '<iframe src=//evil.example>',
  'javascript:alert(7)',
];
export const UNESCAPED = /<script>alert|<img src=x|<svg onload|<iframe src=\/\/evil|href="javascript:/i;

/** SQL, Unicode controls and bidi overrides, odd numbers and dates, huge and empty values, path tricks. */
export const HOSTILE = [
  ...MARKUP,
  "' OR '1'='1",
  "1'; DROP TABLE orders; --",
  '" OR ""="',
  '\u202Egnp.exe\u202C',
  '\u2066\u2067\u2068\u2069',
  '\u0000',
  'a\u0000b',
  '\u200F\u200E\u061C\u200B',
  '\uFEFF',
  '\u0085\u2028\u2029\r\n',
  '\uD800',
  'Z\u0338\u0322\u031Ba\u0334l\u0335g\u0336o',
  'ক'.repeat(5000),
  'A'.repeat(100_000),
  '',
  ' ',
  '-1',
  '0',
  '1.5',
  '99999999999999999999999',
  '1e309',
  'NaN',
  'null',
  '[]',
  '../../../etc/passwd',
  '%2e%2e%2f',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, meant literally
  '{{7*7}}${7*7}',
  '__proto__',
  '০১৭১১০০০০০০',
  '۰۹۱۲۱۲۳۴۵۶۷',
  '+880 1711-000000',
  '2026-02-30',
  'http://evil.example/',
];

const text = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
);

/** A form value: text, or several values of one name (an array once parsed). */
export const formValue: fc.Arbitrary<string | string[]> = fc.oneof(
  { weight: 5, arbitrary: text },
  { weight: 1, arbitrary: fc.array(text, { maxLength: 3 }) },
);

/** A JSON value of any type where the route expects a string. */
export const jsonValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: text },
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(text, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), text, { maxKeys: 2 }),
);

const SOURCES = fileURLToPath(new URL('../../../src/', import.meta.url));

/**
 * Every form field name the pages declare (`name="…"` in the views), plus names built per language and names that
 * attack object prototypes.
 */
export function fieldNames(): string[] {
  const names = new Set(['__proto__', 'constructor', 'prototype', 'toString']);
  const files = readdirSync(SOURCES, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.tsx'));
  for (const file of files) {
    for (const m of readFileSync(join(SOURCES, file), 'utf8').matchAll(/name=["'{]+([a-zA-Z_][a-zA-Z0-9_]*)["'}]/g)) {
      names.add(m[1]);
    }
  }
  for (const locale of ['en', 'bn', 'vi', 'fa']) {
    for (const field of ['name', 'description', 'quality', 'origin', 'alt']) names.add(`${field}_${locale}`);
  }
  return [...names];
}

/** A path segment as a browser would send it (a lone surrogate cannot be encoded: it is sent as U+FFFD). */
export function segment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return encodeURIComponent(value.replace(/[\uD800-\uDFFF]/g, '\uFFFD'));
  }
}
