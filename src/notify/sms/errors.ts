import type { SmsProviderId } from './types.ts';

/**
 * Why a provider refused a message for good. Every reason but `recipient` and `content` is a configuration
 * problem the shop owner has to fix (credentials, sender id, template, balance, account or IP settings); retrying
 * will not help, so the outbox should stop and tell staff.
 */
export type SmsRejectReason =
  | 'recipient'
  | 'content'
  | 'auth'
  | 'sender'
  | 'template'
  | 'balance'
  | 'account'
  | 'request'
  | 'unknown';

const PROVIDER_NAMES: Record<SmsProviderId, string> = {
  bulksmsbd: 'BulkSMSBD',
  esms: 'eSMS.vn',
  kavenegar: 'Kavenegar',
};

const CONFIG_REASONS: ReadonlySet<SmsRejectReason> = new Set(['auth', 'sender', 'template', 'balance', 'account']);

/**
 * Base of the SMS errors. Messages and fields carry the provider, its code and a fixed description only — never a
 * phone number, the text, a credential or a URL (Kavenegar puts the API key in the path) — so they can be logged.
 */
export abstract class SmsError extends Error {
  abstract readonly retryable: boolean;

  constructor(
    readonly provider: SmsProviderId,
    /** The provider's own result code ("1001", "146", "424"), or `timeout` / `network` / `http_503` … */
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The provider refused the message; sending it again unchanged will fail again. */
export class SmsRejected extends SmsError {
  override readonly name = 'SmsRejected';
  readonly retryable = false;

  constructor(
    provider: SmsProviderId,
    code: string,
    readonly reason: SmsRejectReason,
    description: string,
  ) {
    super(provider, code, `${PROVIDER_NAMES[provider]} rejected the message: ${description} (code ${code})`);
  }

  /** True when the shop's SMS settings are wrong, as opposed to one bad number or text. */
  get isConfigError(): boolean {
    return CONFIG_REASONS.has(this.reason);
  }
}

/** The provider could not be reached or failed on its side (5xx, timeout, overload); try again later. */
export class SmsUnavailable extends SmsError {
  override readonly name = 'SmsUnavailable';
  readonly retryable = true;

  constructor(provider: SmsProviderId, code: string, description: string) {
    super(provider, code, `${PROVIDER_NAMES[provider]} is unavailable: ${description} (code ${code})`);
  }
}

/** One row of a provider's result-code table: how to classify it and a fixed, data-free description. */
export type CodeEntry = { reason: SmsRejectReason; text: string } | { retry: true; text: string };

/** Turns a provider's non-success code into the matching error. Codes missing from the table are `unknown`. */
export function errorForCode(provider: SmsProviderId, code: string, table: Record<string, CodeEntry>): SmsError {
  const entry = table[code];
  if (!entry) {
    // Result codes are short numbers; anything else (even a phone number) is not repeated.
    const shown = /^\d{1,5}$/.test(code) ? code : 'malformed';
    return new SmsRejected(provider, shown, 'unknown', 'unrecognised result code');
  }
  if ('retry' in entry) return new SmsUnavailable(provider, code, entry.text);
  return new SmsRejected(provider, code, entry.reason, entry.text);
}
