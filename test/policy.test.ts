import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALES } from '../src/i18n/locales.ts';
import { PRESET_IDS } from '../src/presets/index.ts';
import { FormClient, textOf } from './helpers/browser.ts';
import { openTestShop, type TestShop } from './helpers/shop.ts';

// The policy page is generated from the data map and the preset; it reads no database rows, so SQLite suffices.
describe.each(PRESET_IDS)('privacy policy of %s', (presetId) => {
  let shop: TestShop;
  let client: FormClient;
  beforeAll(async () => {
    shop = await openTestShop('sqlite', presetId, { seed: false });
    client = new FormClient(shop.server);
  });
  afterAll(async () => shop?.close());

  it('[KT-09] [MS-11] [HK-18] [CM-19] names the controller, its last update, its scope and links the terms', async () => {
    const { identity, defaultLocale } = shop.app.preset;
    const effective = shop.app.policyVersions.current.effectiveAt.slice(0, 10);
    for (const locale of new Set([defaultLocale, 'en' as const])) {
      const page = await client.get(`/${locale}/privacy`);
      expect(page.status).toBe(200);
      const text = textOf(page.body);
      expect(text).toContain(identity.legalName);
      expect(text).toContain(identity.address[locale]);
      expect(text).toContain(identity.email);
      expect(text).toContain(identity.website);
      expect(page.body).toContain(`href="tel:${identity.phone}"`);
      // The last update is the day the version in force took effect (CM-18).
      expect(page.body).toContain(`<time datetime="${effective}"`);
      expect(page.body).toContain(`href="/${locale}/terms"`);
    }
    const en = textOf((await client.get('/en/privacy')).body);
    expect(en).toContain('This policy covers only the information that');
    const terms = await client.get('/en/terms');
    expect(terms.status).toBe(200);
    expect(terms.body).toContain('href="/en/privacy"');
  });

  it('[HK-02] tells customers about their own data only, and names every field a recipient gets', async () => {
    const page = await client.get('/en/privacy');
    const collected = textOf(/<table class="policy-table">[\s\S]*?<\/table>/.exec(page.body)![0]);
    // Staff accounts are kept for the life of the shop; that is not a rule about customers' data.
    expect(collected).not.toContain('For as long as the shop exists');
    expect(collected).toContain('Your name');
    const recipients = /<ul class="recipients">[\s\S]*?<\/ul>/.exec(page.body)?.[0] ?? '';
    expect(textOf(recipients)).not.toContain('Other details');
  });

  it('[HK-01] [CM-10] lists exactly the declared recipients and the declared purposes', async () => {
    const { policy } = shop.app.preset;
    const text = textOf((await client.get('/en/privacy')).body);
    for (const r of policy.recipients) expect(text).toContain(r.name.en);
    if (policy.recipients.length === 0)
      expect(text).toContain('shares your personal and financial information with no third party');
    for (const purpose of [
      'To complete and deliver your order',
      'For billing and payment of your order',
      'To keep the site secure and prevent fraud',
    ]) {
      expect(text).toContain(purpose);
    }
  });

  it('[HK-11] every link that leaves the shop is marked as leaving it, in every language', async () => {
    for (const locale of LOCALES) {
      for (const path of ['/', '/privacy', '/terms']) {
        const page = await client.get(`/${locale}${path}`);
        const anchors = [...page.body.matchAll(/<a\b[^>]*href="(https?:[^"]+)"[^>]*>/g)];
        for (const [tag] of anchors) {
          expect(tag, `${locale}${path}`).toContain('data-leaves-shop="true"');
          expect(tag).toContain('rel="external noopener noreferrer"');
        }
      }
    }
  });
});

describe('hatkoro policy', () => {
  it('[HK-09] declares no third-party recipients and says so', async () => {
    const shop = await openTestShop('sqlite', 'hatkoro', { seed: false });
    try {
      expect(shop.app.preset.policy.recipients).toEqual([]);
      const page = await new FormClient(shop.server).get('/bn/privacy');
      expect(page.body).toContain('class="no-recipients"');
    } finally {
      await shop.close();
    }
  });
});
