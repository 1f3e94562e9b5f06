/**
 * eSMS.vn, Vietnam, from its own developer docs (gateways.md §5.2). One message per request:
 * `POST /MainService.svc/json/SendMultipleMessage_V4_post_json/` with a JSON body of strings. `CodeResult` "100"
 * means accepted (not delivered); the final state arrives later as an HTTP GET on `CallbackUrl`.
 */

import { needsUnicode } from './encoding.ts';
import { type CodeEntry, errorForCode } from './errors.ts';
import { DEFAULT_TIMEOUT_MS, jsonObject, postJson, trimBase, unexpectedAnswer } from './http.ts';
import { toEsmsNumber } from './numbers.ts';
import type {
  AdapterHttpOptions,
  CallbackParams,
  OutgoingSms,
  SmsAdapter,
  SmsDeliveryReport,
  SmsReceipt,
} from './types.ts';

export const ESMS_BASE_URL = 'https://rest.esms.vn';
export const ESMS_SEND_PATH = '/MainService.svc/json/SendMultipleMessage_V4_post_json/';

export interface EsmsOptions extends AdapterHttpOptions {
  apiKey: string;
  secretKey: string;
  /**
   * A brandname registered with the carriers: messages go as SmsType 2 (customer care), whose text must match a
   * template registered for it. Without one they go as SmsType 8 (eSMS's fixed number, no brandname needed).
   */
  brandname?: string;
  /** `Sandbox=1`: eSMS validates the request and neither charges nor delivers it. */
  sandbox?: boolean;
  /** Where eSMS reports the final state; should carry a random secret in its path. */
  callbackUrl?: string;
}

const ACCEPTED = '100';
const DUPLICATE_REQUEST = '124';

// From eSMS's table of error codes; the codes for Zalo, voice and promotional sends are left out.
const CODES: Record<string, CodeEntry> = {
  '99': { reason: 'recipient', text: 'number is blocked' },
  '101': { reason: 'auth', text: 'incorrect ApiKey or SecretKey' },
  '102': { reason: 'account', text: 'no price list for this account' },
  '103': { reason: 'balance', text: 'not enough balance' },
  '104': { reason: 'sender', text: 'brandname does not exist' },
  '108': { reason: 'recipient', text: 'phone number not in a valid format' },
  '140': { reason: 'account', text: 'IP address not whitelisted' },
  '146': { reason: 'template', text: 'text does not match a registered customer-care template' },
  '177': { reason: 'sender', text: "brandname not registered with the recipient's network" },
  '300': { reason: 'request', text: 'missing message type' },
};

export class EsmsAdapter implements SmsAdapter {
  readonly provider = 'esms';
  private readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: EsmsOptions) {
    this.baseUrl = trimBase(options.baseUrl ?? ESMS_BASE_URL);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  async send(toE164: string, text: string): Promise<void> {
    await this.submit({ to: toE164, text });
  }

  async submit({ to, text, idempotencyKey }: OutgoingSms): Promise<SmsReceipt> {
    const { apiKey, secretKey, brandname, sandbox, callbackUrl } = this.options;
    const request: Record<string, string> = {
      ApiKey: apiKey,
      SecretKey: secretKey,
      Phone: toEsmsNumber(to),
      Content: text,
      SmsType: brandname ? '2' : '8',
      IsUnicode: needsUnicode(text) ? '1' : '0',
      Sandbox: sandbox ? '1' : '0',
    };
    if (brandname) request.Brandname = brandname;
    if (idempotencyKey) request.RequestId = idempotencyKey;
    if (callbackUrl) request.CallbackUrl = callbackUrl;

    const answer = await postJson(this.provider, `${this.baseUrl}${ESMS_SEND_PATH}`, request, this.timeoutMs);
    const body = jsonObject(answer.body);
    if (body?.CodeResult === undefined) throw unexpectedAnswer(this.provider, answer.status);
    const code = String(body.CodeResult);
    // A repeated RequestId means an earlier attempt (one that timed out, say) was accepted: nothing more to do.
    if (code === DUPLICATE_REQUEST) return { provider: this.provider, duplicate: true };
    if (code !== ACCEPTED) throw errorForCode(this.provider, code, CODES);
    return {
      provider: this.provider,
      messageId: typeof body.SMSID === 'string' ? body.SMSID : undefined,
      ...(sandbox ? { sandbox: true as const } : {}),
    };
  }

  /**
   * The CallbackUrl GET: `SMSID`, `SendStatus` (1 pending approval, 2 waiting, 4 rejected, 5 sent, 7 at the carrier
   * awaiting its report), `SendSuccess` / `SendFailed` counts and `RequestId`. It also carries `phonenumber`, which
   * is not read.
   */
  parseDeliveryReport(params: CallbackParams): SmsDeliveryReport | undefined {
    const get = (name: string) => param(params, name);
    const messageId = get('SMSID');
    const sendStatus = get('SendStatus');
    if (!messageId || !sendStatus) return undefined;
    const requestId = get('RequestId');
    return {
      provider: this.provider,
      messageId,
      ...(requestId ? { requestId } : {}),
      status: deliveryStatus(sendStatus, Number(get('SendSuccess') ?? 0), Number(get('SendFailed') ?? 0)),
      providerStatus: sendStatus,
    };
  }
}

function deliveryStatus(sendStatus: string, succeeded: number, failed: number): SmsDeliveryReport['status'] {
  switch (sendStatus) {
    case '4':
      return 'failed';
    // "5" closes the message; the counts say how it ended (eSMS's own sample has 5 with every recipient failed).
    case '5':
      if (failed > 0) return 'failed';
      return succeeded > 0 ? 'delivered' : 'sent';
    case '7':
      return 'sent';
    default:
      return 'pending';
  }
}

function param(params: CallbackParams, name: string): string | undefined {
  const value = params instanceof URLSearchParams ? params.get(name) : params[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
