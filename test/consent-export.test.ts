import { afterAll, beforeAll, expect, it } from 'vitest';
import { consentExport } from '../src/modules/consent/export.ts';
import { describeEachDatabase, openTestShop, type TestShop } from './helpers/shop.ts';

describeEachDatabase('consent section of the data-subject export (chotomoni)', (dialect) => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await openTestShop(dialect, 'chotomoni', { seed: false });
  });
  afterAll(async () => shop?.close());

  it('[CM-12] [HK-14] lists a subject’s consents and subscriptions with the policy versions in force, as plain JSON', async () => {
    const { app } = shop;
    const subject = await app.kernel.newSubject();
    const other = await app.kernel.newSubject();
    const first = await app.consent.record({
      granted: ['remember_language'],
      how: 'banner',
      previousId: null,
      subjectId: subject,
    });
    await app.consent.record({ granted: [], how: 'settings', previousId: first.id, subjectId: subject });
    await app.consent.record({ granted: ['remember_language'], how: 'banner', previousId: null, subjectId: other });
    await app.marketing.requestOptIn({
      subjectId: subject,
      channel: 'email',
      address: 'mitu@example.com',
      locale: 'bn',
      source: 'checkout',
    });
    await app.marketing.optOutOfMarketing([subject]);

    const exported = await consentExport(app.db, [subject]);
    expect(JSON.parse(JSON.stringify(exported))).toEqual(exported);
    const version = app.policyVersions.current;
    expect(exported.cookieConsents).toEqual([
      expect.objectContaining({
        choices: { remember_language: true },
        givenHow: 'banner',
        policyVersion: version.number,
        policyEffectiveAt: version.effectiveAt,
        withdrawnHow: 'settings',
      }),
      expect.objectContaining({ choices: { remember_language: false }, givenHow: 'settings', withdrawnAt: null }),
    ]);
    expect(exported.marketingSubscriptions).toEqual([
      expect.objectContaining({
        channel: 'email',
        status: 'withdrawn',
        source: 'checkout',
        requestedPolicyVersion: version.number,
        confirmedAt: null,
        withdrawnHow: 'request',
      }),
    ]);
    expect(JSON.stringify(exported)).not.toContain('mitu@example.com');
    expect(await consentExport(app.db, [])).toEqual({ cookieConsents: [], marketingSubscriptions: [] });
  });
});
