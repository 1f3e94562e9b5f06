import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/config.ts';
import type { Locale } from '../src/i18n/locales.ts';
import { translator } from '../src/i18n/translate.ts';
import { courierSetup } from '../src/modules/fulfilment/config.ts';
import { readHandoffForm } from '../src/modules/fulfilment/handoff-form.ts';
import type { FulfilmentSummary } from '../src/modules/fulfilment/service.ts';
import { FulfilmentActions } from '../src/modules/fulfilment/views.tsx';
import { getPreset } from '../src/presets/index.ts';
import type { Preset } from '../src/presets/types.ts';
import type { PageContext } from '../src/server/context.ts';
import { textOf } from './helpers/browser.ts';

const PATHAO_ENV = {
  PATHAO_CLIENT_ID: 'id',
  PATHAO_CLIENT_SECRET: 'secret',
  PATHAO_USERNAME: 'shop@example.test',
  PATHAO_PASSWORD: 'pw',
  PATHAO_STORE_ID: '130820',
  PATHAO_WEBHOOK_SECRET: 'hook',
};
const GHN_ENV = { GHN_TOKEN: 't', GHN_SHOP_ID: '9', GHN_WEBHOOK_SECRET: 'hook' };

const preset = (id: Preset['id']) => getPreset(id)!;

function packerPage(locale: Locale, presetId: Preset['id']): PageContext {
  return {
    locale,
    t: translator(locale),
    preset: preset(presetId),
    path: '/staff/orders/x',
    listQuery: '',
    origin: 'http://localhost',
    csrf: 'token',
    staff: { id: 'p', username: 'packer', displayName: 'Packer', role: 'packer' },
    signedIn: false,
    cartCount: 0,
  };
}

describe('which courier a shop uses', () => {
  it('follows the courier each preset declares: Pathao, GHN for the contractor, manual for Iran, none for the rest', () => {
    const env = { ...PATHAO_ENV, ...GHN_ENV };
    expect(courierSetup(preset('chotomoni'), env)).toMatchObject({
      kind: 'ready',
      recipient: { id: 'pathao-courier' },
      courier: { provider: 'pathao' },
      webhookSecret: 'hook',
    });
    expect(courierSetup(preset('khatra'), env)).toMatchObject({
      kind: 'ready',
      recipient: { id: 'delivery-contractor' },
      courier: { provider: 'ghn' },
    });
    expect(courierSetup(preset('khakriz'), {})).toMatchObject({
      kind: 'ready',
      recipient: { id: 'post-tipax' },
      courier: { provider: 'manual' },
      webhookSecret: null,
    });
    expect(courierSetup(preset('hatkoro'), env)).toEqual({ kind: 'none' });
    expect(courierSetup(preset('mistri'), env)).toEqual({ kind: 'none' });
  });

  it('leaves an API courier without credentials "not configured", naming what is missing', () => {
    expect(courierSetup(preset('chotomoni'), {})).toMatchObject({
      kind: 'not_configured',
      provider: 'pathao',
      missing: Object.keys(PATHAO_ENV),
    });
    const { GHN_WEBHOOK_SECRET: _secret, ...noSecret } = GHN_ENV;
    expect(courierSetup(preset('khatra'), noSecret)).toMatchObject({
      kind: 'not_configured',
      missing: ['GHN_WEBHOOK_SECRET'],
    });
  });

  it('refuses a malformed setting at start, naming the variable and never its value', () => {
    const bad =
      (env: Record<string, string>, id: Preset['id'] = 'chotomoni') =>
      () =>
        courierSetup(preset(id), { ...PATHAO_ENV, ...GHN_ENV, ...env });
    // The whole message: the variable's name, nothing of what it holds.
    expect(bad({ PATHAO_STORE_ID: 'store-secret-7' })).toThrow(
      new ConfigError('PATHAO_STORE_ID must be a positive whole number'),
    );
    expect(bad({ PATHAO_BASE_URL: 'http://pathao.example' })).toThrow(/PATHAO_BASE_URL must be an https/);
    expect(bad({ PATHAO_DELIVERY_TYPE: '24' })).toThrow(/PATHAO_DELIVERY_TYPE/);
    expect(bad({ GHN_PARCEL_CM: 'large' }, 'khatra')).toThrow(/GHN_PARCEL_CM/);
    expect(bad({ GHN_REQUIRED_NOTE: 'ANYTHING' }, 'khatra')).toThrow(/GHN_REQUIRED_NOTE/);
  });

  it('tells staff, in their language, that the courier is not set up — and offers no form', () => {
    const t = translator('bn');
    const fulfilment: FulfilmentSummary = {
      courier: { kind: 'not_configured', recipient: preset('chotomoni').policy.recipients[0] },
      consignment: null,
    };
    const html = renderToString(
      <FulfilmentActions
        ctx={packerPage('bn', 'chotomoni')}
        order={{ id: 'x', status: 'packed' }}
        fulfilment={fulfilment}
      />,
    );
    expect(textOf(html)).toContain(t('fulfilment.notConfigured', { courier: 'পাঠাও কুরিয়ার' }));
    expect(html).not.toContain('<form');
    expect(html).toContain('href="/bn/staff/orders/x/slip"');
  });

  it('reads the hand-off form: GHN’s ids in any digits, the tracking code for the manual courier only', () => {
    expect(readHandoffForm({ district_id: '١٤٤٢', ward_code: ' 20109 ' }, 'ghn')).toEqual({
      ok: true,
      locationIds: { district_id: 1442, ward_code: '20109' },
    });
    expect(readHandoffForm({ district_id: '14a2', ward_code: '20109' }, 'ghn')).toEqual({
      ok: false,
      error: 'fulfilment.errorLocation',
    });
    expect(readHandoffForm({ tracking_code: '۱۲۳۴ ۵۶۷۸', district_id: '1' }, 'manual')).toEqual({
      ok: true,
      trackingCode: '۱۲۳۴ ۵۶۷۸',
    });
    expect(readHandoffForm({ tracking_code: 'x' }, 'pathao')).toEqual({ ok: true });
  });
});
