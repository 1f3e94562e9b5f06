/**
 * Kavenegar, Iran, from its official SDKs (gateways.md §5.3). `POST /v1/{API-KEY}/{scope}/{method}.json` with form
 * parameters — the API key is a path segment, so URLs are never logged or put in errors. Every answer is JSON
 * `{ return: { status, message }, entries }`; status 200 is success, anything else is an error from the table of
 * result codes (also used as the HTTP status). Text is UTF-8 with no encoding flag; Persian needs nothing special.
 * Kavenegar's delivery callbacks are not in the material consulted, so there is no `parseDeliveryReport`.
 */
import { type CodeEntry, errorForCode } from './errors.ts';
import { DEFAULT_TIMEOUT_MS, jsonObject, postForm, trimBase, unexpectedAnswer } from './http.ts';
import { toKavenegarNumber } from './numbers.ts';
import type { AdapterHttpOptions, OutgoingSms, SmsAdapter, SmsReceipt } from './types.ts';

export const KAVENEGAR_BASE_URL = 'https://api.kavenegar.com';

export interface KavenegarOptions extends AdapterHttpOptions {
  apiKey: string;
  /** The line number to send from; without one Kavenegar uses the account's default line. */
  sender?: string;
}

/** A `verify/lookup` send: a template approved in the Kavenegar panel, filled with tokens. */
export interface KavenegarLookup {
  to: string;
  template: string;
  /** `token`, `token2`, `token3` may not contain spaces or new lines; `token10` and `token20` may. */
  tokens: { token: string; token2?: string; token3?: string; token10?: string; token20?: string };
  /** `call` reads the template out in a voice call. Default `sms`. */
  type?: 'sms' | 'call';
}

const OK = '200';

// Kavenegar's REST table of result codes (kavenegar.com/rest.html; not in gateways.md, which lists none).
const CODES: Record<string, CodeEntry> = {
  '400': { reason: 'request', text: 'parameters incomplete' },
  '401': { reason: 'account', text: 'account deactivated' },
  '402': { retry: true, text: 'operation failed' },
  '403': { reason: 'auth', text: 'API key not valid' },
  '404': { reason: 'request', text: 'method not found' },
  '405': { reason: 'request', text: 'wrong HTTP method' },
  '406': { reason: 'request', text: 'mandatory parameters empty' },
  '407': { reason: 'account', text: 'access to this information not allowed' },
  '409': { retry: true, text: 'server cannot answer now' },
  '411': { reason: 'recipient', text: 'invalid receptor' },
  '412': { reason: 'sender', text: 'invalid sender line' },
  '413': { reason: 'content', text: 'message empty or too long' },
  '414': { reason: 'request', text: 'too many items in one request' },
  '416': { reason: 'account', text: 'source IP does not match the account settings' },
  '417': { reason: 'request', text: 'invalid send date' },
  '418': { reason: 'balance', text: 'insufficient credit' },
  '420': { reason: 'content', text: 'links in the text are restricted for this account' },
  '422': { reason: 'content', text: 'invalid characters in the data' },
  '424': { reason: 'template', text: 'template not found; check its name in the Kavenegar panel' },
  '426': { reason: 'account', text: 'method needs the advanced service' },
  '427': { reason: 'sender', text: 'this line needs an access level' },
  '428': { reason: 'request', text: 'code cannot be sent by voice call' },
  '429': { reason: 'account', text: 'IP address restricted' },
  '431': { reason: 'content', text: 'token has spaces or new lines' },
  '432': { reason: 'template', text: 'template has no code parameter' },
  '451': { retry: true, text: 'too many calls in the time window' },
  // A 5xx code that is not an outage: test accounts may only text their owner.
  '501': { reason: 'account', text: "test account: only the owner's number can receive messages" },
};

export class KavenegarAdapter implements SmsAdapter {
  readonly provider = 'kavenegar';
  private readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: KavenegarOptions) {
    this.baseUrl = trimBase(options.baseUrl ?? KAVENEGAR_BASE_URL);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  async send(toE164: string, text: string): Promise<void> {
    await this.submit({ to: toE164, text });
  }

  /** `sms/send`. The idempotency key goes as `localid`, which Kavenegar uses to refuse to send a message twice. */
  async submit({ to, text, idempotencyKey }: OutgoingSms): Promise<SmsReceipt> {
    const params: Record<string, string> = { receptor: toKavenegarNumber(to), message: text };
    if (this.options.sender) params.sender = this.options.sender;
    if (idempotencyKey) params.localid = idempotencyKey;
    return this.call('sms/send', params);
  }

  /** `verify/lookup`: a template send (one-time codes). Template not found is `SmsRejected` with reason `template`. */
  async lookup({ to, template, tokens, type }: KavenegarLookup): Promise<SmsReceipt> {
    const params: Record<string, string> = { receptor: toKavenegarNumber(to), template, type: type ?? 'sms' };
    for (const [name, value] of Object.entries(tokens)) if (value !== undefined) params[name] = value;
    return this.call('verify/lookup', params);
  }

  private async call(method: string, params: Record<string, string>): Promise<SmsReceipt> {
    const url = `${this.baseUrl}/v1/${encodeURIComponent(this.options.apiKey)}/${method}.json`;
    const answer = await postForm(this.provider, url, params, this.timeoutMs);
    const status = jsonObject(jsonObject(answer.body)?.return)?.status;
    if (status === undefined) throw unexpectedAnswer(this.provider, answer.status);
    const code = String(status);
    if (code !== OK) throw errorForCode(this.provider, code, CODES);
    // Entries echo the receptor and the text; only the id is kept.
    const entries = jsonObject(answer.body)?.entries;
    const first = Array.isArray(entries) ? jsonObject(entries[0]) : undefined;
    return { provider: this.provider, messageId: first?.messageid == null ? undefined : String(first.messageid) };
  }
}
