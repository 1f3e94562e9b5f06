/**
 * Iranian identity numbers for official invoices (KN-04), checked by their published check digits
 * (../shared/reference/localization.md §6, vectors cross-checked against @persian-tools/persian-tools). Written here
 * because the maintained package checks far more than we need (issuing-office prefix lists that change) and is
 * large; the algorithms are a few lines each. Inputs are ASCII digits (normalise Persian digits first).
 */

/** کد ملی: 10 digits, the last a mod-11 check digit; all-same digits and a zero middle are refused. */
export function isIranNationalCode(code: string): boolean {
  if (!/^\d{10}$/.test(code) || /^(\d)\1{9}$/.test(code) || code.slice(3, 9) === '000000') return false;
  const digits = [...code].map(Number);
  const sum = digits.slice(0, 9).reduce((s, d, i) => s + d * (10 - i), 0);
  const r = sum % 11;
  return digits[9] === (r < 2 ? r : 11 - r);
}

const LEGAL_ID_WEIGHTS = [29, 27, 23, 19, 17, 29, 27, 23, 19, 17];

/** شناسه ملی اشخاص حقوقی: 11 digits, the last a check digit weighted with the tenth digit + 2. */
export function isIranLegalId(id: string): boolean {
  if (!/^\d{11}$/.test(id) || id.slice(3, 9) === '000000') return false;
  const digits = [...id].map(Number);
  const dec = digits[9] + 2;
  const sum = LEGAL_ID_WEIGHTS.reduce((s, w, i) => s + (digits[i] + dec) * w, 0);
  const r = sum % 11;
  return digits[10] === (r === 10 ? 0 : r);
}

/**
 * کد اقتصادی: under the current tax system an organisation's economic code is its 11-digit national ID (checked);
 * older 12-digit and 14-digit codes have no published check digit and are accepted by length.
 */
export function isIranEconomicCode(code: string): boolean {
  if (/^\d{11}$/.test(code)) return isIranLegalId(code);
  return /^\d{12}$|^\d{14}$/.test(code);
}
