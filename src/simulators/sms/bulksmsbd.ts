/**
 * A local BulkSMSBD: `GET|POST /api/smsapi` with `api_key`, `type`, `number`, `senderid`, `message`; every answer is
 * HTTP 200 with a JSON `response_code` (202 submitted, 10xx errors), as the vendor's API does.
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

export interface BulkSmsBdSimulatorOptions extends SimulatorOptions {
  apiKey: string;
  /** Sender ids approved for the account. */
  senderIds: string[];
}

export interface BulkSmsBdSimulatedMessage {
  messageId: string;
  /** One recipient, as sent ("8801…"). */
  number: string;
  senderId: string;
  type: string;
  message: string;
}

const VALID_NUMBER = /^8801[3-9]\d{8}$/;

export async function startBulkSmsBdSimulator(
  options: BulkSmsBdSimulatorOptions,
): Promise<SmsSimulator<BulkSmsBdSimulatedMessage, CommonFault>> {
  const app = createApp();
  const faults = new Faults<CommonFault>();
  const messages: BulkSmsBdSimulatedMessage[] = [];
  let lastId = 12_345_677;

  const failure = (code: number, error: string) => ({ response_code: code, success_message: '', error_message: error });

  app.route({
    method: ['GET', 'POST'],
    url: '/api/smsapi',
    handler: async (request, reply) => {
      const fault = faults.next();
      if (await transportFault(fault, reply, options.slowMs ?? 1000)) return reply;
      const p = params(request);
      if (!p.api_key || !p.senderid || !p.number || !p.message) {
        return failure(1003, 'Please Required all fields/Contact Your System Administrator');
      }
      if (fault === 'auth' || p.api_key !== options.apiKey) return failure(1011, 'User Id not found');
      if (!options.senderIds.includes(p.senderid)) return failure(1002, 'sender id not correct/sender id is disabled');
      const numbers = p.number.split(',');
      if (fault === 'invalid_number' || !numbers.every((n) => VALID_NUMBER.test(n))) {
        return failure(1001, 'Invalid Number!');
      }
      lastId += 1;
      const messageId = String(lastId);
      for (const number of numbers) {
        messages.push({ messageId, number, senderId: p.senderid, type: p.type ?? 'text', message: p.message });
      }
      return {
        response_code: 202,
        message_id: lastId,
        success_message: `SMS Submitted Successfully ${numbers.length}`,
        error_message: '',
      };
    },
  });

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
