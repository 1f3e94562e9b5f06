/**
 * BulkSMSBD (bulksmsbd.net), Bangladesh. `POST /api/smsapi` with `api_key`, `type` (text | unicode), `number`
 * (880…, comma-separated), `senderid` (approved, case-sensitive) and `message`. Every answer is HTTP 200 with a JSON
 * `response_code`: 202 is "submitted", the 10xx codes below are errors. Sources are integrations quoting the vendor's
 * page (gateways.md §5.1); the vendor documents no delivery callback and no idempotency field, so a retry after a
 * timeout can send twice.
 */

import { needsUnicode } from './encoding.ts';
import { type CodeEntry, errorForCode } from './errors.ts';
import { DEFAULT_TIMEOUT_MS, jsonObject, postForm, trimBase, unexpectedAnswer } from './http.ts';
import { toBulkSmsBdNumber } from './numbers.ts';
import type { AdapterHttpOptions, OutgoingSms, SmsAdapter, SmsReceipt } from './types.ts';

export const BULKSMSBD_BASE_URL = 'https://bulksmsbd.net';

export interface BulkSmsBdOptions extends AdapterHttpOptions {
  apiKey: string;
  /** An approved sender id: a masking name or a non-masking number ("8809…"). */
  senderId: string;
}

const SUBMITTED = '202';

const CODES: Record<string, CodeEntry> = {
  '1001': { reason: 'recipient', text: 'invalid number' },
  '1002': { reason: 'sender', text: 'sender id not correct or disabled' },
  '1003': { reason: 'request', text: 'required fields missing' },
  // The vendor also answers 1005 for an unknown sender id (a PHP error leaks through); retries are bounded upstream.
  '1005': { retry: true, text: 'internal error' },
  '1006': { reason: 'balance', text: 'balance validity not available' },
  '1007': { reason: 'balance', text: 'insufficient balance' },
  // Not documented as such, but "user id not found" is what an API key that matches no account gives.
  '1011': { reason: 'auth', text: 'user not found; check the API key' },
  '1012': { reason: 'content', text: 'masking SMS must be sent in Bengali' },
  '1013': { reason: 'sender', text: 'sender id has no gateway for this API key' },
  '1014': { reason: 'sender', text: 'sender type not found for this sender id' },
  '1015': { reason: 'sender', text: 'sender id has no valid gateway for this API key' },
  '1016': { reason: 'account', text: 'no active price for this sender id' },
  '1017': { reason: 'account', text: 'no price for this sender id' },
  '1018': { reason: 'account', text: 'account owner is disabled' },
  '1019': { reason: 'account', text: 'account price for this sender type is disabled' },
  '1020': { reason: 'account', text: 'parent account not found' },
  '1021': { reason: 'account', text: 'parent account has no active price' },
  '1031': { reason: 'account', text: 'account not verified' },
  '1032': { reason: 'account', text: 'IP address not whitelisted' },
};

export class BulkSmsBdAdapter implements SmsAdapter {
  readonly provider = 'bulksmsbd';
  private readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: BulkSmsBdOptions) {
    this.baseUrl = trimBase(options.baseUrl ?? BULKSMSBD_BASE_URL);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  async send(toE164: string, text: string): Promise<void> {
    await this.submit({ to: toE164, text });
  }

  async submit({ to, text }: OutgoingSms): Promise<SmsReceipt> {
    const answer = await postForm(
      this.provider,
      `${this.baseUrl}/api/smsapi`,
      {
        api_key: this.options.apiKey,
        type: needsUnicode(text) ? 'unicode' : 'text',
        number: toBulkSmsBdNumber(to),
        senderid: this.options.senderId,
        message: text,
      },
      this.timeoutMs,
    );
    const body = jsonObject(answer.body);
    if (body?.response_code === undefined) throw unexpectedAnswer(this.provider, answer.status);
    const code = String(body.response_code);
    if (code !== SUBMITTED) throw errorForCode(this.provider, code, CODES);
    return { provider: this.provider, messageId: body.message_id == null ? undefined : String(body.message_id) };
  }
}
