/**
 * A local Kavenegar: `GET|POST /v1/{API-KEY}/sms/send.json` and `/v1/{API-KEY}/verify/lookup.json`, answering
 * `{ return: { status, message }, entries }` with the result code also as the HTTP status, as Kavenegar does.
 * Lookup templates are configured by name with Kavenegar's `%token`, `%token2` … placeholders.
 */
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

export interface KavenegarSimulatorOptions extends SimulatorOptions {
  apiKey: string;
  /** The account's sender lines; the first is the default line. */
  lines: string[];
  /** Approved lookup templates: name → text with placeholders. */
  templates?: Record<string, string>;
}

export interface KavenegarSimulatedMessage {
  messageId: number;
  receptor: string;
  sender: string;
  /** The text as delivered (a lookup's template filled in). */
  message: string;
  template?: string;
  localId?: string;
}

/** `template`: the lookup template is not found (424). */
export type KavenegarFault = CommonFault | 'template';

const VALID_RECEPTOR = /^(0|98|0098|\+98)9\d{9}$/;

// Kavenegar's own wording of each result code the simulator gives.
const STATUS_TEXT: Record<number, string> = {
  200: 'تایید شد',
  400: 'پارامترها ناقص هستند',
  403: 'کد شناسائی API-Key معتبر نمی‌باشد',
  411: 'دریافت کننده نامعتبر است',
  412: 'ارسال کننده نامعتبر است',
  413: 'پیام خالی است و یا طول پیام بیش از حد مجاز می‌باشد',
  424: 'الگوی مورد نظر پیدا نشد',
  431: 'ساختار کد صحیح نمی‌باشد',
};

/** Thrown inside a method to answer with that result code. */
class KavenegarStatus extends Error {
  constructor(readonly status: number) {
    super(`Kavenegar status ${status}`);
  }
}

export async function startKavenegarSimulator(
  options: KavenegarSimulatorOptions,
): Promise<SmsSimulator<KavenegarSimulatedMessage, KavenegarFault>> {
  const app = createApp();
  const faults = new Faults<KavenegarFault>();
  const messages: KavenegarSimulatedMessage[] = [];
  // Kavenegar refuses to send a second message with the same localid and answers with the first one instead.
  const byLocalId = new Map<string, KavenegarSimulatedMessage>();
  let lastId = 8_792_342;

  const accept = (message: Omit<KavenegarSimulatedMessage, 'messageId'>): KavenegarSimulatedMessage => {
    lastId += 1;
    const accepted = { messageId: lastId, ...message };
    messages.push(accepted);
    if (accepted.localId) byLocalId.set(accepted.localId, accepted);
    return accepted;
  };

  const sender = (requested: string | undefined): string => {
    if (requested && !options.lines.includes(requested)) throw new KavenegarStatus(412);
    return requested || options.lines[0];
  };

  const receptor = (value: string | undefined, fault: KavenegarFault | undefined): string => {
    if (!value) throw new KavenegarStatus(400);
    if (fault === 'invalid_number' || !VALID_RECEPTOR.test(value)) throw new KavenegarStatus(411);
    return value;
  };

  const methods: Record<string, (p: Record<string, string>, fault?: KavenegarFault) => KavenegarSimulatedMessage[]> = {
    'sms/send': (p, fault) => {
      const receptors = (p.receptor ?? '').split(',').map((r) => receptor(r, fault));
      if (!p.message) throw new KavenegarStatus(413);
      const from = sender(p.sender);
      const earlier = p.localid ? byLocalId.get(p.localid) : undefined;
      if (earlier) return [earlier];
      return receptors.map((to) => accept({ receptor: to, sender: from, message: p.message, localId: p.localid }));
    },
    'verify/lookup': (p, fault) => {
      const to = receptor(p.receptor, fault);
      if (!p.template || !p.token) throw new KavenegarStatus(400);
      const text = options.templates?.[p.template];
      if (fault === 'template' || text === undefined) throw new KavenegarStatus(424);
      if (['token', 'token2', 'token3'].some((name) => /\s/.test(p[name] ?? ''))) throw new KavenegarStatus(431);
      const message = text.replace(/%(token(?:10|20|2|3)?)(?!\d)/g, (_, name: string) => p[name] ?? '');
      return [accept({ receptor: to, sender: options.lines[0], message, template: p.template })];
    },
  };

  for (const [method, run] of Object.entries(methods)) {
    app.route({
      method: ['GET', 'POST'],
      url: `/v1/:apikey/${method}.json`,
      handler: async (request, reply) => {
        const fault = faults.next();
        if (await transportFault(fault, reply, options.slowMs ?? 1000)) return reply;
        const answer = (status: number, entries: KavenegarSimulatedMessage[] | null) =>
          reply
            .code(status)
            .send({ return: { status, message: STATUS_TEXT[status] }, entries: entries?.map(entry) ?? null });
        if (fault === 'auth' || (request.params as { apikey: string }).apikey !== options.apiKey) {
          return answer(403, null);
        }
        try {
          return answer(200, run(params(request), fault));
        } catch (error) {
          if (error instanceof KavenegarStatus) return answer(error.status, null);
          throw error;
        }
      },
    });
  }

  const url = await listen(app, options.port);
  return {
    url,
    messages,
    get requests() {
      return faults.requests;
    },
    failNext: (fault) => faults.push(fault),
    close: () => app.close(),
  };
}

/** An `entries` item as Kavenegar returns it (status 1: queued). */
function entry(message: KavenegarSimulatedMessage) {
  return {
    messageid: message.messageId,
    message: message.message,
    status: 1,
    statustext: 'در صف ارسال',
    sender: message.sender,
    receptor: message.receptor,
    date: Math.floor(Date.now() / 1000),
    cost: 120,
  };
}
