/**
 * A local eSMS.vn: `POST /MainService.svc/json/SendMultipleMessage_V4_post_json/` with the documented JSON body,
 * answering `CodeResult` 100 / 101 / 104 / 108 / 124 / 146 / 300 with eSMS's own bodies. `Sandbox=1` is validated
 * and answered like a real send but neither recorded nor reported, as eSMS documents. `deliver` plays the
 * CallbackUrl GET that eSMS makes when a message reaches its final state.
 */
import { randomUUID } from 'node:crypto';
import {
  type CommonFault,
  createApp,
  Faults,
  listen,
  params,
  type SimulatorOptions,
  type SmsSimulator,
  transportFault,
} from './common.ts';

export interface EsmsSimulatorOptions extends SimulatorOptions {
  apiKey: string;
  secretKey: string;
  /** Brandnames registered for the account (needed by SmsType 2). */
  brandnames: string[];
}

export interface EsmsSimulatedMessage {
  smsId: string;
  phone: string;
  content: string;
  smsType: string;
  brandname?: string;
  isUnicode: string;
  requestId?: string;
  callbackUrl?: string;
}

/** `template`: the content matches no registered customer-care template (146). */
export type EsmsFault = CommonFault | 'template';

export interface EsmsSimulator extends SmsSimulator<EsmsSimulatedMessage, EsmsFault> {
  /** Sandbox requests that passed validation. */
  readonly sandboxed: number;
  /** Sends the delivery report of an accepted message to its CallbackUrl; resolves to the HTTP status received. */
  deliver(smsId: string, outcome: 'delivered' | 'failed'): Promise<number>;
}

const SEND_PATH = '/MainService.svc/json/SendMultipleMessage_V4_post_json/';
const VALID_PHONE = /^(0|84)[35789]\d{8}$/;

export async function startEsmsSimulator(options: EsmsSimulatorOptions): Promise<EsmsSimulator> {
  const app = createApp();
  const faults = new Faults<EsmsFault>();
  const messages: EsmsSimulatedMessage[] = [];
  const requestIds = new Set<string>();
  let sandboxed = 0;

  const result = (code: string, extra: Record<string, string> = {}) => ({
    CodeResult: code,
    CountRegenerate: 0,
    ...extra,
  });

  app.post(SEND_PATH, async (request, reply) => {
    const fault = faults.next();
    if (await transportFault(fault, reply, options.slowMs ?? 1000)) return reply;
    const p = params(request);
    if (fault === 'auth' || p.ApiKey !== options.apiKey || p.SecretKey !== options.secretKey) {
      return result('101', { ErrorMessage: 'Authorize Failed' });
    }
    if (p.SmsType !== '2' && p.SmsType !== '8') return result('300', { ErrorMessage: 'Missing message type' });
    if (p.SmsType === '2' && !options.brandnames.includes(p.Brandname ?? '')) {
      return result('104', { ErrorMessage: 'Brand name code is not exist' });
    }
    if (fault === 'invalid_number' || !VALID_PHONE.test(p.Phone ?? '')) {
      return result('108', { ErrorMessage: 'Phone number is not valid' });
    }
    const smsId = randomUUID().replaceAll('-', '');
    if (fault === 'template') return result('146', { ErrorMessage: 'Sai template Brandname CSKH', SMSID: smsId });
    if (p.RequestId && requestIds.has(p.RequestId)) {
      return result('124', { ErrorMessage: 'Request exist 1', SendStatus: '5' });
    }
    if (p.Sandbox === '1') {
      sandboxed += 1;
      return result('100', { SMSID: smsId });
    }
    if (p.RequestId) requestIds.add(p.RequestId);
    messages.push({
      smsId,
      phone: p.Phone,
      content: p.Content ?? '',
      smsType: p.SmsType,
      brandname: p.Brandname,
      isUnicode: p.IsUnicode ?? '0',
      requestId: p.RequestId,
      callbackUrl: p.CallbackUrl,
    });
    return result('100', { SMSID: smsId });
  });

  const url = await listen(app, options.port);
  return {
    url,
    messages,
    get requests() {
      return faults.requests;
    },
    get sandboxed() {
      return sandboxed;
    },
    failNext: (fault) => faults.push(fault),
    async deliver(smsId, outcome) {
      const message = messages.find((m) => m.smsId === smsId);
      if (!message?.callbackUrl) throw new Error('no accepted message with a CallbackUrl has that SMSID');
      const callback = new URL(message.callbackUrl);
      // The parameters and their order follow eSMS's sample callback for customer-care (type 2) messages.
      const report = {
        SMSID: smsId,
        SendFailed: outcome === 'failed' ? '1' : '0',
        SendStatus: '5',
        SendSuccess: outcome === 'delivered' ? '1' : '0',
        TotalPrice: outcome === 'delivered' ? '700.0000' : '0.0000',
        TotalReceiver: '1',
        TotalSent: '1',
        RequestId: message.requestId ?? '',
        TypeId: message.smsType,
        telcoid: '1',
        phonenumber: message.phone,
        switchsmsid: '',
      };
      for (const [key, value] of Object.entries(report)) callback.searchParams.set(key, value);
      const response = await fetch(callback);
      await response.body?.cancel();
      return response.status;
    },
    close: () => app.close(),
  };
}
