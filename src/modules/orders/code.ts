import { randomBytes } from 'node:crypto';
import { toAsciiDigits } from '../../i18n/numbers.ts';

// Crockford's base32 without I, L, O, U: nothing to confuse when read out over the phone.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A random order code of 50 bits, shown as XXXXX-XXXXX: not sequential, not guessable. */
export function newOrderCode(): string {
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => ALPHABET[b & 31]);
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

/** Normalises a typed code: upper case, no spaces, the confusable letters mapped, the dash restored. */
export function normaliseOrderCode(input: string): string | null {
  const raw = toAsciiDigits(input).toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  if (!/^[0-9A-HJKMNP-TV-Z]{10}$/.test(raw)) return null;
  return `${raw.slice(0, 5)}-${raw.slice(5)}`;
}
