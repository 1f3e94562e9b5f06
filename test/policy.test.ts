import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_MAP } from '../src/db/schema.ts';
import { LOCALES } from '../src/i18n/locales.ts';
import { translate } from '../src/i18n/translate.ts';
import { purposeMessage } from '../src/modules/policy/views.tsx';
import { PRESET_IDS } from '../src/presets/index.ts';
import type { FieldId } from '../src/privacy/datamap.ts';
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
    // The preset's recipients and the providers this install sends messages through (none here: dev sink, .eml).
    const { recipients } = shop.app.kernel;
    const text = textOf((await client.get('/en/privacy')).body);
    for (const r of recipients) expect(text).toContain(r.name.en);
    if (recipients.length === 0)
      expect(text).toContain('shares your personal and financial information with no third party');
    const { storefront } = shop.app.preset;
    const declared = [...DATA_MAP.purposesInUse(), ...DATA_MAP.statisticsPurposes()];
    for (const purpose of [
      'order.fulfilment',
      'order.billing',
      'security.fraud_prevention',
      'service.improvement',
    ] as const)
      expect(declared).toContain(purpose);
    for (const purpose of declared) expect(text).toContain(translate('en', purposeMessage(purpose, storefront)));
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

/** The items of the policy's "why we use it" list, as text. */
function purposeItems(body: string): string[] {
  const list = /<ul class="purposes">([\s\S]*?)<\/ul>/.exec(body)?.[1] ?? '';
  return [...list.matchAll(/<li\b[^>]*>([\s\S]*?)<\/li>/g)].map((m) => textOf(m[1]));
}

describe('declared purposes in each shop’s words', () => {
  it('[KN-08] khakriz: communication, site content and marketing research are declared purposes, stated in the Persian policy', async () => {
    // Communication: the contact fields declare the purposes of writing to the customer.
    for (const field of [
      'customers.email_enc',
      'customers.phone_enc',
      'orders.buyer_email_enc',
      'orders.buyer_phone_enc',
    ])
      expect(DATA_MAP.field(field as FieldId)?.purposes, field).toEqual(
        expect.arrayContaining(['order.status_updates', 'customer.support']),
      );
    expect(DATA_MAP.field('marketing_subscriptions.address_enc')?.purposes).toEqual(['marketing.email']);
    // Site content and marketing research: served by the visit statistics alone, which hold nothing personal.
    expect(DATA_MAP.statisticsPurposes()).toEqual(['service.improvement']);
    const servingResearch = DATA_MAP.tables.flatMap((t) =>
      Object.entries(t.columns)
        .filter(([, c]) => c.purposes?.includes('service.improvement'))
        .map(([name, c]) => ({ id: `${t.table}.${name}`, category: c.category })),
    );
    expect(servingResearch.map((f) => f.id).sort()).toEqual(['analytics_daily.uniques', 'analytics_daily.views']);
    expect(servingResearch.every((f) => f.category === 'system.operations')).toBe(true);

    const shop = await openTestShop('sqlite', 'khakriz', { seed: false });
    try {
      expect(shop.app.policyVersions.current.snapshot.statisticsPurposes).toEqual(['service.improvement']);
      const page = await new FormClient(shop.server).get('/fa/privacy');
      expect(page.body).toContain('dir="rtl"');
      const items = purposeItems(page.body);
      for (const key of [
        'purpose.order.status_updates',
        'purpose.customer.support',
        'purpose.marketing.email',
      ] as const)
        expect(items).toContain(translate('fa', key));
      const research = items.find((i) => i.includes('تحقیقات بازاریابی'));
      expect(research).toContain('بهینه‌سازی محتوای وب‌سایت');
      // Said to come from statistics without personal data, as the data map declares.
      expect(research).toContain('هیچ اطلاعات شخصی در آن نیست');
    } finally {
      await shop.close();
    }
  });

  it('[KT-05] khatra: customer care, product and service information, and processing orders on request, in Vietnamese', async () => {
    expect(DATA_MAP.field('customers.phone_enc')?.purposes).toContain('customer.support');
    expect(DATA_MAP.field('customers.email_enc')?.purposes).toEqual(
      expect.arrayContaining(['customer.support', 'marketing.email']),
    );
    expect(DATA_MAP.field('orders.recipient_address_enc')?.purposes).toContain('order.fulfilment');
    const shop = await openTestShop('sqlite', 'khatra', { seed: false });
    try {
      expect(shop.app.preset.storefront).toBe('catalogue');
      const items = purposeItems((await new FormClient(shop.server).get('/vi/privacy')).body);
      // Customer care, which answers questions about the products and services.
      expect(items).toContain(
        'Để hỗ trợ chăm sóc khách hàng: trả lời câu hỏi của bạn về sản phẩm, dịch vụ và liên hệ với bạn khi đơn hàng có vấn đề',
      );
      // News of products and services, to subscribers only (KT-06).
      expect(items).toContain('Để gửi tin tức và ưu đãi, chỉ khi bạn yêu cầu');
      // Orders placed by phone or e-mail and processed on the customer's request (KT-10).
      expect(items).toContain(
        'Để xử lý đơn đặt hàng bạn gửi qua điện thoại hoặc e-mail theo yêu cầu của bạn, và giao hàng',
      );
    } finally {
      await shop.close();
    }
  });

  it('[MS-05] mistri: deliver the service, contact and confirm the booking, send a technician, improve quality and support', async () => {
    const shop = await openTestShop('sqlite', 'mistri', { seed: false });
    try {
      expect(shop.app.preset.storefront).toBe('services');
      const client = new FormClient(shop.server);
      const bn = purposeItems((await client.get('/bn/privacy')).body);
      expect(bn).toContain('আপনার বুক করা সার্ভিসটি সঠিকভাবে পৌঁছে দিতে, দক্ষ টেকনিশিয়ান বা মিস্ত্রিকে আপনার ঠিকানায় পাঠিয়ে');
      expect(bn).toContain('আপনার সাথে যোগাযোগ করতে, বুকিং কনফার্ম করতে এবং এর অবস্থা আপনাকে জানাতে');
      expect(bn).toContain('আপনার বুকিংয়ে কোনো সমস্যা হলে আপনার সাথে যোগাযোগ করতে এবং কাস্টমার সাপোর্ট দিতে');
      expect(bn.find((i) => i.includes('সেবার মান'))).toContain('শুধু ভিজিটের গণনা থেকে');
      const en = purposeItems((await client.get('/en/privacy')).body);
      expect(en).toContain('To carry out the service you book, sending a skilled technician to your address');
      expect(en).toContain('To contact you, confirm your booking and tell you about its status');
      expect(en).toContain('To contact you about a problem with your booking and to support you');
      expect(en.some((i) => i.startsWith('To improve our service'))).toBe(true);
      // The technician gets the address for the job (order.fulfilment) and nothing the purpose does not cover.
      const technician = shop.app.preset.policy.recipients.find((r) => r.kind === 'technician')!;
      for (const field of technician.fields)
        expect(DATA_MAP.field(field as FieldId)?.purposes).toContain('order.fulfilment');
    } finally {
      await shop.close();
    }
    // A shop that sells goods keeps the words of an order.
    const hatkoro = await openTestShop('sqlite', 'hatkoro', { seed: false });
    try {
      const en = purposeItems((await new FormClient(hatkoro.server).get('/en/privacy')).body);
      expect(en).toContain('To complete and deliver your order');
      expect(en.join(' ')).not.toContain('booking');
    } finally {
      await hatkoro.close();
    }
  });

  it('[KT-01] khatra: the Vietnamese policy says data stays inside the company and is never bought, sold or exchanged', async () => {
    const shop = await openTestShop('sqlite', 'khatra', { seed: false });
    try {
      const { recipients } = shop.app.preset.policy;
      // Nobody receives data but the contracted partner doing part of the service and authorities on a legal order.
      expect(recipients.map((r) => r.kind).sort()).toEqual(['authority', 'partner']);
      const partner = recipients.find((r) => r.kind === 'partner')!;
      expect(partner.contract).toBeTruthy();
      const text = textOf((await new FormClient(shop.server).get('/vi/privacy')).body);
      expect(text).toContain('thông tin cá nhân chỉ được sử dụng trong nội bộ công ty');
      expect(text).toContain('Chúng tôi không bao giờ bán, mua hay trao đổi thông tin cá nhân.');
      const listed = /<ul class="recipients">([\s\S]*?)<\/ul>/.exec(
        (await new FormClient(shop.server).get('/vi/privacy')).body,
      )![1];
      expect([...listed.matchAll(/<li\b/g)]).toHaveLength(recipients.length);
      expect(textOf(listed)).toContain(`hợp đồng ${partner.contract}`);
    } finally {
      await shop.close();
    }
  });
});
