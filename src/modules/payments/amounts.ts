/**
 * Exact conversion between gateways' decimal strings and integer minor units. No floating point anywhere:
 * parseFloat("100.26") * 100 is 10025.999999999998.
 */
import { MalformedMessage } from './errors.ts';

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** "100.26" with 2 digits → 10026. More digits are accepted only if they are zeros ("100.2600"). */
export function parseDecimal(gateway: string, text: string, digits: number): number {
  const match = DECIMAL.exec(text.trim());
  if (!match) throw new MalformedMessage(gateway, 'amount is not a decimal number');
  const [, whole, fraction = ''] = match;
  if (/[^0]/.test(fraction.slice(digits))) throw new MalformedMessage(gateway, 'amount has too many decimals');
  const minor = Number(whole + fraction.slice(0, digits).padEnd(digits, '0'));
  if (!Number.isSafeInteger(minor)) throw new MalformedMessage(gateway, 'amount out of range');
  return minor;
}

/** 10026 with 2 digits → "100.26"; 5 → "0.05"; with 0 digits → "10026". */
export function formatDecimal(minor: number, digits: number): string {
  assertMinor(minor);
  if (digits === 0) return String(minor);
  const text = String(minor).padStart(digits + 1, '0');
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

export function assertMinor(minor: number): void {
  if (!Number.isSafeInteger(minor) || minor < 0) throw new RangeError('amount must be a non-negative safe integer');
}
