import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KavenegarAdapter, type KavenegarOptions, SmsRejected, SmsUnavailable } from '../src/notify/sms/index.ts';
import { leakedInto } from '../src/simulators/sms/common.ts';
import { startKavenegarSimulator } from '../src/simulators/sms/kavenegar.ts';

const API_KEY = '4A6B2F6C7A3D2B4E6F5A7E3C2B1D0F9E8A7B6C5D';
const LINE = '10004346';
const PHONE = '+989121234567';
const PERSIAN = 'سفارش AM-3310 شما ارسال شد. با سپاس از خرید شما!';

let sim: Awaited<ReturnType<typeof startKavenegarSimulator>>;
const adapter = (options: Partial<KavenegarOptions> = {}) =>
  new KavenegarAdapter({ apiKey: API_KEY, sender: LINE, baseUrl: sim.url, timeoutMs: 2000, ...options });

async function failure(promise: Promise<unknown>): Promise<SmsRejected | SmsUnavailable> {
  const error = await promise.then(
    () => expect.unreachable('the send should have failed'),
    (e: unknown) => e,
  );
  // The API key is part of every URL: it must not appear either.
  expect(leakedInto(error, ['9121234567', PERSIAN, API_KEY, '483921'])).toEqual([]);
  return error as SmsRejected | SmsUnavailable;
}

beforeAll(async () => {
  sim = await startKavenegarSimulator({
    apiKey: API_KEY,
    lines: [LINE, '2000660110'],
    templates: { 'amanat-otp': 'کد ورود شما: %token\nفروشگاه %token2' },
    slowMs: 400,
  });
});
afterAll(() => sim.close());

describe('Kavenegar adapter against the simulator', () => {
  it('delivers Persian text intact through sms/send to a 09… receptor', async () => {
    const receipt = await adapter().submit({ to: PHONE, text: PERSIAN });
    const message = sim.messages.at(-1)!;
    expect(message).toMatchObject({ receptor: '09121234567', sender: LINE, message: PERSIAN });
    expect(receipt).toEqual({ provider: 'kavenegar', messageId: String(message.messageId) });
  });

  it('uses the account’s default line when no sender is configured', async () => {
    await adapter({ sender: undefined }).send(PHONE, PERSIAN);
    expect(sim.messages.at(-1)).toMatchObject({ sender: LINE });
  });

  it('sends a template through verify/lookup', async () => {
    const receipt = await adapter().lookup({
      to: PHONE,
      template: 'amanat-otp',
      tokens: { token: '483921', token2: 'خاکریز' },
    });
    expect(sim.messages.at(-1)).toMatchObject({
      receptor: '09121234567',
      template: 'amanat-otp',
      message: 'کد ورود شما: 483921\nفروشگاه خاکریز',
    });
    expect(receipt.messageId).toBe(String(sim.messages.at(-1)!.messageId));
  });

  it('surfaces template-not-found (424) as a configuration error', async () => {
    const error = await failure(
      adapter().lookup({ to: PHONE, template: 'no-such-template', tokens: { token: '483921' } }),
    );
    expect(error).toBeInstanceOf(SmsRejected);
    expect(error).toMatchObject({ code: '424', reason: 'template', isConfigError: true, retryable: false });
    expect(error.message).toContain('template not found');
  });

  it('refuses a token with spaces (431) as bad content, not configuration', async () => {
    const error = await failure(adapter().lookup({ to: PHONE, template: 'amanat-otp', tokens: { token: '48 39' } }));
    expect(error).toMatchObject({ code: '431', reason: 'content', isConfigError: false });
  });

  it('sends once per localid: a retried idempotency key returns the first message', async () => {
    const before = sim.messages.length;
    const first = await adapter().submit({ to: PHONE, text: PERSIAN, idempotencyKey: '9001' });
    const again = await adapter().submit({ to: PHONE, text: PERSIAN, idempotencyKey: '9001' });
    expect(again.messageId).toBe(first.messageId);
    expect(sim.messages.length).toBe(before + 1);
  });

  it('refuses a non-Iranian or non-E.164 number before making a request', async () => {
    const requests = sim.requests;
    for (const to of ['09121234567', '+982112345678', '+84912345678']) {
      const error = await failure(adapter().send(to, PERSIAN));
      expect(error).toMatchObject({ reason: 'recipient', code: 'invalid_number' });
    }
    expect(sim.requests).toBe(requests);
  });

  it('maps 411 to a rejected recipient', async () => {
    sim.failNext('invalid_number');
    const error = await failure(adapter().send(PHONE, PERSIAN));
    expect(error).toMatchObject({ code: '411', reason: 'recipient' });
  });

  it('says clearly that the API key is wrong (403), without quoting it', async () => {
    const error = await failure(adapter({ apiKey: 'WRONG0KEY' }).send(PHONE, PERSIAN));
    expect(error).toMatchObject({ code: '403', reason: 'auth', isConfigError: true });
    expect(error.message).toBe('Kavenegar rejected the message: API key not valid (code 403)');
    expect(leakedInto(error, ['WRONG0KEY'])).toEqual([]);
  });

  it('reports a line the account does not own (412) as a configuration error', async () => {
    const error = await failure(adapter({ sender: '3000' }).send(PHONE, PERSIAN));
    expect(error).toMatchObject({ code: '412', reason: 'sender', isConfigError: true });
  });

  it('turns a 5xx page into SmsUnavailable and a timeout likewise', async () => {
    sim.failNext('server_error');
    const down = await failure(adapter().send(PHONE, PERSIAN));
    expect(down).toBeInstanceOf(SmsUnavailable);
    expect(down).toMatchObject({ code: 'http_503', retryable: true });
    sim.failNext('slow');
    const slow = await failure(adapter({ timeoutMs: 100 }).send(PHONE, PERSIAN));
    expect(slow).toMatchObject({ code: 'timeout', retryable: true });
  });
});
