import { SmsRejected } from './errors.ts';
import type { SmsProviderId } from './types.ts';

/**
 * E.164 to the form each provider documents. Each adapter serves its own country's mobiles only; anything else is
 * refused before a request is made, with an error that does not repeat the number.
 */
function convert(provider: SmsProviderId, e164: string, pattern: RegExp, prefix: string, what: string): string {
  const match = pattern.exec(e164);
  if (!match) throw new SmsRejected(provider, 'invalid_number', 'recipient', `not a ${what} mobile number in E.164`);
  return prefix + match[1];
}

/** BulkSMSBD: "8801XXXXXXXXX", country code without "+". Bangladeshi mobiles are 01[3-9] + 8 digits. */
export function toBulkSmsBdNumber(e164: string): string {
  return convert('bulksmsbd', e164, /^\+880(1[3-9]\d{8})$/, '880', 'Bangladeshi');
}

/** eSMS.vn: the national form "0…" (as in its docs and callbacks). Vietnamese mobiles are [35789] + 8 digits. */
export function toEsmsNumber(e164: string): string {
  return convert('esms', e164, /^\+84([35789]\d{8})$/, '0', 'Vietnamese');
}

/** Kavenegar: the national form "09XXXXXXXXX", as in its official SDK examples. */
export function toKavenegarNumber(e164: string): string {
  return convert('kavenegar', e164, /^\+98(9\d{9})$/, '0', 'Iranian');
}
