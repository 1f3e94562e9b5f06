import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorForCode } from '../src/notify/sms/errors.ts';
import { BulkSmsBdAdapter, SmsRejected, SmsUnavailable } from '../src/notify/sms/index.ts';
import { startBulkSmsBdSimulator } from '../src/simulators/sms/bulksmsbd.ts';
import { leakedInto } from '../src/simulators/sms/common.ts';

const API_KEY = 'bd-key-7Hq2';
const SENDER = '8809617612345';
const PHONE = '+8801712345678';
const BENGALI = 'আপনার অর্ডার AM-1042 পাঠানো হয়েছে। ধন্যবাদ!';

let sim: Awaited<ReturnType<typeof startBulkSmsBdSimulator>>;
const adapter = (options: Partial<ConstructorParameters<typeof BulkSmsBdAdapter>[0]> = {}) =>
  new BulkSmsBdAdapter({ apiKey: API_KEY, senderId: SENDER, baseUrl: sim.url, timeoutMs: 2000, ...options });

/** Awaits the rejection and checks that it quotes neither the number (in any form) nor the text nor the key. */
async function failure(promise: Promise<unknown>, text = BENGALI): Promise<SmsRejected | SmsUnavailable> {
  const error = await promise.then(
    () => expect.unreachable('the send should have failed'),
    (e: unknown) => e,
  );
  expect(leakedInto(error, ['1712345678', text, API_KEY])).toEqual([]);
  expect(error).toBeInstanceOf(Error);
  return error as SmsRejected | SmsUnavailable;
}

beforeAll(async () => {
  sim = await startBulkSmsBdSimulator({ apiKey: API_KEY, senderIds: [SENDER], slowMs: 400 });
});
afterAll(() => sim.close());

describe('BulkSMSBD adapter against the simulator', () => {
  it('delivers Bengali text intact, as type=unicode to an 880… number', async () => {
    const before = sim.messages.length;
    const receipt = await adapter().submit({ to: PHONE, text: BENGALI });
    const message = sim.messages.at(-1)!;
    expect(sim.messages.length).toBe(before + 1);
    expect(message).toMatchObject({ number: '8801712345678', senderId: SENDER, type: 'unicode', message: BENGALI });
    expect(receipt).toEqual({ provider: 'bulksmsbd', messageId: message.messageId });
  });

  it('sends GSM-only text as type=text through the SmsPort interface', async () => {
    await adapter().send(PHONE, 'Order AM-1042 shipped');
    expect(sim.messages.at(-1)).toMatchObject({ type: 'text', message: 'Order AM-1042 shipped' });
  });

  it('refuses a number that is not a Bangladeshi mobile in E.164 before making a request', async () => {
    const requests = sim.requests;
    for (const to of ['01712345678', '+8801212345678', '+989121712345678']) {
      const error = await failure(adapter().send(to, BENGALI));
      expect(error).toBeInstanceOf(SmsRejected);
      expect(error).toMatchObject({ reason: 'recipient', code: 'invalid_number' });
    }
    expect(sim.requests).toBe(requests);
  });

  it('maps the provider’s 1001 "invalid number" to a rejected recipient', async () => {
    sim.failNext('invalid_number');
    const error = await failure(adapter().send(PHONE, BENGALI));
    expect(error).toBeInstanceOf(SmsRejected);
    expect(error).toMatchObject({ code: '1001', reason: 'recipient', isConfigError: false, retryable: false });
  });

  it('says clearly that the API key is wrong', async () => {
    const error = await failure(adapter({ apiKey: 'not-the-key' }).send(PHONE, BENGALI));
    expect(error).toBeInstanceOf(SmsRejected);
    expect(error).toMatchObject({ reason: 'auth', code: '1011', isConfigError: true });
    expect(error.message).toBe('BulkSMSBD rejected the message: user not found; check the API key (code 1011)');
  });

  it('reports a sender id the account does not have as a configuration error', async () => {
    const error = await failure(adapter({ senderId: 'SHOP' }).send(PHONE, BENGALI));
    expect(error).toMatchObject({ reason: 'sender', code: '1002', isConfigError: true });
  });

  it('turns a 5xx page into SmsUnavailable, retryable', async () => {
    sim.failNext('server_error');
    const error = await failure(adapter().send(PHONE, BENGALI));
    expect(error).toBeInstanceOf(SmsUnavailable);
    expect(error).toMatchObject({ code: 'http_503', retryable: true });
  });

  it('gives up after the timeout with SmsUnavailable', async () => {
    sim.failNext('slow');
    const error = await failure(adapter({ timeoutMs: 100 }).send(PHONE, BENGALI));
    expect(error).toBeInstanceOf(SmsUnavailable);
    expect(error).toMatchObject({ code: 'timeout', retryable: true });
  });

  it('treats a refused connection as SmsUnavailable', async () => {
    const error = await failure(adapter({ baseUrl: 'http://127.0.0.1:9' }).send(PHONE, BENGALI));
    expect(error).toBeInstanceOf(SmsUnavailable);
    expect(error.code).toBe('network');
  });

  it('does not repeat a result code that is not a short number', () => {
    expect(errorForCode('bulksmsbd', '9999', {})).toMatchObject({ code: '9999', reason: 'unknown' });
    expect(errorForCode('bulksmsbd', '8801712345678', {}).message).toBe(
      'BulkSMSBD rejected the message: unrecognised result code (code malformed)',
    );
  });
});
