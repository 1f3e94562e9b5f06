import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EsmsAdapter,
  type EsmsOptions,
  type SmsDeliveryReport,
  SmsRejected,
  SmsUnavailable,
} from '../src/notify/sms/index.ts';
import { leakedInto } from '../src/simulators/sms/common.ts';
import { type EsmsSimulator, startEsmsSimulator } from '../src/simulators/sms/esms.ts';

const API_KEY = 'esms-api-9F3A';
const SECRET_KEY = 'esms-secret-1C7D';
const BRAND = 'AMANAT';
const PHONE = '+84912345678';
const VIETNAMESE = 'Đơn hàng AM-2087 của quý khách đã được giao. Cảm ơn bạn!';

let sim: EsmsSimulator;
const adapter = (options: Partial<EsmsOptions> = {}) =>
  new EsmsAdapter({
    apiKey: API_KEY,
    secretKey: SECRET_KEY,
    brandname: BRAND,
    baseUrl: sim.url,
    timeoutMs: 2000,
    ...options,
  });

async function failure(promise: Promise<unknown>): Promise<SmsRejected | SmsUnavailable> {
  const error = await promise.then(
    () => expect.unreachable('the send should have failed'),
    (e: unknown) => e,
  );
  expect(leakedInto(error, ['912345678', VIETNAMESE, API_KEY, SECRET_KEY])).toEqual([]);
  return error as SmsRejected | SmsUnavailable;
}

beforeAll(async () => {
  sim = await startEsmsSimulator({ apiKey: API_KEY, secretKey: SECRET_KEY, brandnames: [BRAND], slowMs: 400 });
});
afterAll(() => sim.close());

describe('eSMS.vn adapter against the simulator', () => {
  it('delivers Vietnamese with diacritics intact as a Unicode customer-care message to a 0… number', async () => {
    const receipt = await adapter().submit({ to: PHONE, text: VIETNAMESE, idempotencyKey: 'outbox-1' });
    const message = sim.messages.at(-1)!;
    expect(message).toMatchObject({
      phone: '0912345678',
      content: VIETNAMESE,
      isUnicode: '1',
      smsType: '2',
      brandname: BRAND,
      requestId: 'outbox-1',
    });
    expect(receipt).toEqual({ provider: 'esms', messageId: message.smsId });
  });

  it('sends unaccented text as IsUnicode=0, and without a brandname as SmsType 8', async () => {
    await adapter({ brandname: undefined }).send(PHONE, 'Cam on quy khach');
    expect(sim.messages.at(-1)).toMatchObject({ isUnicode: '0', smsType: '8', brandname: undefined });
  });

  it('with Sandbox=1 is accepted and validated but nothing is delivered', async () => {
    const delivered = sim.messages.length;
    const receipt = await adapter({ sandbox: true }).submit({ to: PHONE, text: VIETNAMESE });
    expect(receipt).toMatchObject({ provider: 'esms', sandbox: true, messageId: expect.any(String) });
    expect(sim.messages.length).toBe(delivered);
    expect(sim.sandboxed).toBe(1);
    // Sandbox still validates: a wrong secret fails the same way.
    const error = await failure(adapter({ sandbox: true, secretKey: 'wrong' }).send(PHONE, VIETNAMESE));
    expect(error).toMatchObject({ reason: 'auth', code: '101' });
  });

  it('refuses a non-Vietnamese or non-E.164 number before making a request', async () => {
    const requests = sim.requests;
    for (const to of ['0912345678', '+84212345678', '+8801712345678']) {
      const error = await failure(adapter().send(to, VIETNAMESE));
      expect(error).toMatchObject({ reason: 'recipient', code: 'invalid_number' });
    }
    expect(sim.requests).toBe(requests);
  });

  it('maps 108 to a rejected recipient', async () => {
    sim.failNext('invalid_number');
    const error = await failure(adapter().send(PHONE, VIETNAMESE));
    expect(error).toBeInstanceOf(SmsRejected);
    expect(error).toMatchObject({ code: '108', reason: 'recipient', isConfigError: false });
  });

  it('says clearly that the keys are wrong (101)', async () => {
    const error = await failure(adapter({ apiKey: 'nope' }).send(PHONE, VIETNAMESE));
    expect(error).toMatchObject({ reason: 'auth', code: '101', isConfigError: true });
    expect(error.message).toBe('eSMS.vn rejected the message: incorrect ApiKey or SecretKey (code 101)');
  });

  it('reports an unregistered brandname (104) and an unregistered template (146) as configuration errors', async () => {
    const brand = await failure(adapter({ brandname: 'OTHER' }).send(PHONE, VIETNAMESE));
    expect(brand).toMatchObject({ reason: 'sender', code: '104', isConfigError: true });
    sim.failNext('template');
    const template = await failure(adapter().send(PHONE, VIETNAMESE));
    expect(template).toMatchObject({ reason: 'template', code: '146', isConfigError: true });
  });

  it('turns a 5xx into SmsUnavailable', async () => {
    sim.failNext('server_error');
    const error = await failure(adapter().send(PHONE, VIETNAMESE));
    expect(error).toBeInstanceOf(SmsUnavailable);
    expect(error).toMatchObject({ code: 'http_503', retryable: true });
  });

  it('after a timeout, the retry with the same RequestId is a duplicate and nothing is sent twice', async () => {
    sim.failNext('slow');
    const timedOut = await failure(
      adapter({ timeoutMs: 100 }).submit({ to: PHONE, text: VIETNAMESE, idempotencyKey: 'outbox-2' }),
    );
    expect(timedOut).toMatchObject({ code: 'timeout', retryable: true });
    await expect.poll(() => sim.messages.filter((m) => m.requestId === 'outbox-2').length).toBe(1);
    const retry = await adapter().submit({ to: PHONE, text: VIETNAMESE, idempotencyKey: 'outbox-2' });
    expect(retry).toEqual({ provider: 'esms', duplicate: true });
    expect(sim.messages.filter((m) => m.requestId === 'outbox-2')).toHaveLength(1);
  });

  it('parses the CallbackUrl delivery reports without keeping the phone number', async () => {
    const receiver = Fastify();
    const reports: (SmsDeliveryReport | undefined)[] = [];
    const esms = adapter();
    receiver.get('/sms/esms/:secret', async (request) => {
      reports.push(esms.parseDeliveryReport(request.query as Record<string, unknown>));
      return 'OK';
    });
    const base = await receiver.listen({ host: '127.0.0.1', port: 0 });
    try {
      const withCallback = adapter({ callbackUrl: `${base}/sms/esms/s3cr3t` });
      const delivered = await withCallback.submit({ to: PHONE, text: VIETNAMESE, idempotencyKey: 'outbox-3' });
      const failed = await withCallback.submit({ to: PHONE, text: VIETNAMESE, idempotencyKey: 'outbox-4' });
      expect(await sim.deliver(delivered.messageId!, 'delivered')).toBe(200);
      expect(await sim.deliver(failed.messageId!, 'failed')).toBe(200);
      expect(reports).toEqual([
        {
          provider: 'esms',
          messageId: delivered.messageId,
          requestId: 'outbox-3',
          status: 'delivered',
          providerStatus: '5',
        },
        { provider: 'esms', messageId: failed.messageId, requestId: 'outbox-4', status: 'failed', providerStatus: '5' },
      ]);
      expect(JSON.stringify(reports)).not.toContain('912345678');
    } finally {
      await receiver.close();
    }
  });

  it('reads intermediate states and refuses a malformed callback', () => {
    const esms = adapter();
    expect(esms.parseDeliveryReport(new URLSearchParams('SMSID=abc&SendStatus=7'))?.status).toBe('sent');
    expect(esms.parseDeliveryReport(new URLSearchParams('SMSID=abc&SendStatus=2'))?.status).toBe('pending');
    expect(esms.parseDeliveryReport(new URLSearchParams('SMSID=abc&SendStatus=4'))?.status).toBe('failed');
    expect(esms.parseDeliveryReport(new URLSearchParams('SendStatus=5'))).toBeUndefined();
  });
});
