import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../src/config.ts';
import { BulkSmsBdAdapter, EsmsAdapter, KavenegarAdapter, smsFromEnv } from '../src/notify/sms/index.ts';
import { type EsmsSimulator, startEsmsSimulator } from '../src/simulators/sms/esms.ts';

const BULKSMSBD = { SMS_PROVIDER: 'bulksmsbd', BULKSMSBD_API_KEY: 'bd-secret', BULKSMSBD_SENDER_ID: '8809617612345' };
const ESMS = { SMS_PROVIDER: 'esms', ESMS_API_KEY: 'vn-key', ESMS_SECRET_KEY: 'vn-secret' };
const KAVENEGAR = { SMS_PROVIDER: 'kavenegar', KAVENEGAR_API_KEY: 'ir-secret' };

function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    smsFromEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  return expect.unreachable('smsFromEnv should have thrown');
}

describe('smsFromEnv', () => {
  let sim: EsmsSimulator;
  beforeAll(async () => {
    sim = await startEsmsSimulator({ apiKey: 'vn-key', secretKey: 'vn-secret', brandnames: ['AMANAT'] });
  });
  afterAll(() => sim.close());

  it('returns undefined when SMS_PROVIDER is unset or empty', () => {
    expect(smsFromEnv({})).toBeUndefined();
    expect(smsFromEnv({ SMS_PROVIDER: ' ', BULKSMSBD_API_KEY: 'x' })).toBeUndefined();
  });

  it('chooses the adapter SMS_PROVIDER names', () => {
    expect(smsFromEnv(BULKSMSBD)).toBeInstanceOf(BulkSmsBdAdapter);
    expect(smsFromEnv(ESMS)).toBeInstanceOf(EsmsAdapter);
    expect(smsFromEnv(KAVENEGAR)).toBeInstanceOf(KavenegarAdapter);
    expect(smsFromEnv(KAVENEGAR)?.provider).toBe('kavenegar');
  });

  it('names the missing variable without echoing any value', () => {
    expect(configError({ ...BULKSMSBD, BULKSMSBD_SENDER_ID: undefined }).message).toBe(
      'SMS_PROVIDER=bulksmsbd needs BULKSMSBD_SENDER_ID, which is not set',
    );
    const esms = configError({ ...ESMS, ESMS_SECRET_KEY: '' });
    expect(esms.message).toBe('SMS_PROVIDER=esms needs ESMS_SECRET_KEY, which is not set');
    expect(esms.message).not.toContain('vn-key');
    expect(configError({ SMS_PROVIDER: 'kavenegar' }).message).toContain('KAVENEGAR_API_KEY');
  });

  it('refuses an unknown provider and malformed options', () => {
    expect(configError({ SMS_PROVIDER: 'twilio' }).message).toBe(
      'SMS_PROVIDER must be one of bulksmsbd, esms, kavenegar (or unset), not "twilio"',
    );
    expect(configError({ ...ESMS, ESMS_SANDBOX: 'yes' }).message).toBe('ESMS_SANDBOX must be 1 or 0');
    expect(configError({ ...ESMS, SMS_TIMEOUT_MS: '5s' }).message).toContain('SMS_TIMEOUT_MS');
  });

  it('wires base URL, brandname and ESMS_SANDBOX=1 through to the provider', async () => {
    const sms = smsFromEnv({ ...ESMS, ESMS_BASE_URL: `${sim.url}/`, ESMS_BRANDNAME: 'AMANAT', ESMS_SANDBOX: '1' });
    const receipt = await sms!.submit({ to: '+84912345678', text: 'Đơn hàng đã được giao' });
    expect(receipt).toMatchObject({ provider: 'esms', sandbox: true });
    expect(sim.sandboxed).toBe(1);
    expect(sim.messages).toHaveLength(0);
  });
});
