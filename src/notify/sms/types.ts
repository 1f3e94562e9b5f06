import type { SmsPort } from '../sms.ts';

export type SmsProviderId = 'bulksmsbd' | 'esms' | 'kavenegar';

/** Each provider's name as it calls itself, for the privacy policy and the data export. */
export const SMS_PROVIDER_NAMES: Record<SmsProviderId, string> = {
  bulksmsbd: 'BulkSMSBD',
  esms: 'eSMS.vn',
  kavenegar: 'Kavenegar',
};

export interface OutgoingSms {
  /** E.164, as the app stores phone numbers ("+8801712345678"). */
  to: string;
  text: string;
  /**
   * Stable per message (the outbox row id), so a retry after a timeout does not send twice where the provider
   * supports it (eSMS `RequestId`, Kavenegar `localid`). BulkSMSBD documents no such field.
   */
  idempotencyKey?: string;
}

/** What the provider said when it accepted a message. Acceptance is not delivery. */
export interface SmsReceipt {
  provider: SmsProviderId;
  /** The provider's id of the message, for matching delivery reports; absent when the provider returns none. */
  messageId?: string;
  /** eSMS `Sandbox=1`: the request was validated and will not be delivered. */
  sandbox?: true;
  /** The provider already had a message with this idempotency key; nothing new was sent. */
  duplicate?: true;
}

/** A delivery report (DLR) reduced to what the shop keeps: no phone number, price or carrier. */
export interface SmsDeliveryReport {
  provider: SmsProviderId;
  messageId: string;
  /** The idempotency key sent with the message, when the provider echoes it. */
  requestId?: string;
  /** `sent`: handed to the carrier, no handset report (yet). */
  status: 'pending' | 'sent' | 'delivered' | 'failed';
  /** The provider's own status code, for staff diagnostics. */
  providerStatus: string;
}

/** A callback's parameters: a query string or a parsed query/form object. */
export type CallbackParams = URLSearchParams | Record<string, unknown>;

/**
 * A provider adapter. `send` is the app's `SmsPort` (throws `SmsRejected` / `SmsUnavailable`); `submit` is the
 * same call returning the receipt, for callers that track delivery.
 */
export interface SmsAdapter extends SmsPort {
  readonly provider: SmsProviderId;
  submit(message: OutgoingSms): Promise<SmsReceipt>;
  /**
   * Present where the provider documents a delivery callback. None signs its callbacks: the caller puts a random
   * secret in the callback URL's path and accepts reports for message ids it knows. Undefined for a malformed call.
   */
  parseDeliveryReport?(params: CallbackParams): SmsDeliveryReport | undefined;
}

export interface AdapterHttpOptions {
  /** Provider origin, overridable so tests and the demo talk to the local simulator. */
  baseUrl?: string;
  /** Per request; a provider that does not answer in time is `SmsUnavailable('timeout')`. Default 10 s. */
  timeoutMs?: number;
}
