import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_MAP } from '../src/db/schema.ts';
import { LOCALES } from '../src/i18n/locales.ts';
import { translate } from '../src/i18n/translate.ts';
import { PolicyVersions } from '../src/modules/policy/versions.ts';
import { buildExport } from '../src/modules/privacy-requests/export/build.tsx';
import type { DisclosureRecord } from '../src/modules/privacy-requests/export/core-sections.tsx';
import { folderMailer, smtpMailer } from '../src/notify/mailer.ts';
import { Outbox } from '../src/notify/outbox.ts';
import { transportRecipientName, transportRecipients } from '../src/notify/recipients.ts';
import { EsmsAdapter, KavenegarAdapter } from '../src/notify/sms/index.ts';
import { DevSmsSink } from '../src/notify/sms.ts';
import { type EsmsSimulator, startEsmsSimulator } from '../src/simulators/sms/esms.ts';
import { FormClient, textOf } from './helpers/browser.ts';
import { type Inbox, startInbox } from './helpers/mail.ts';
import { placeOrder } from './helpers/orders.ts';
import { describeEachDatabase, openTestShop, type TestShop } from './helpers/shop.ts';

const API_KEY = 'esms-api-7E21';
const SECRET_KEY = 'esms-secret-44B0';
const BUYER = { name: 'Trần Văn Minh', phone: '+84903123456', email: 'minh@example.com', address: 'Quận 3, TP. HCM' };
const ESMS = 'sms-provider-esms';
const RELAY = 'mail-relay-127.0.0.1';

describe('the providers messages leave through', () => {
  it('[HK-01] an SMS provider and an SMTP relay are service providers, named in every language from the catalogues', () => {
    const esms = new EsmsAdapter({ apiKey: 'k', secretKey: 's' });
    const relay = smtpMailer('smtp://shop:s3cret-pass@mail.example.com:587', 'Shop <shop@example.test>');
    const recipients = transportRecipients({ mailer: relay, sms: esms });
    relay.close();
    expect(recipients.map((r) => [r.id, r.kind, r.fields])).toEqual([
      [ESMS, 'service_provider', ['outbox.payload_enc']],
      ['mail-relay-mail.example.com', 'service_provider', ['outbox.payload_enc']],
    ]);
    for (const locale of LOCALES) {
      expect(recipients[0].name[locale]).toBe(translate(locale, 'recipient.name.smsProvider', { provider: 'eSMS.vn' }));
      expect(recipients[1].name[locale]).toBe(
        translate(locale, 'recipient.name.mailRelay', { host: 'mail.example.com' }),
      );
    }
    expect(recipients[0].name.en).toBe('SMS provider eSMS.vn');
    // The relay is named by its host, never by the credentials in SMTP_URL.
    expect(JSON.stringify(recipients)).not.toContain('s3cret');
    expect(transportRecipientName('sms-provider-kavenegar')?.en).toBe('SMS provider Kavenegar');
  });

  it('[HK-01] the development sink and .eml files send nothing out: no provider is declared', () => {
    const mailer = folderMailer('/nonexistent', 'Shop <shop@example.test>');
    expect(transportRecipients({ mailer, sms: new DevSmsSink() })).toEqual([]);
  });
});

describeEachDatabase('messages through eSMS.vn and an SMTP relay (khatra)', (dialect) => {
  let sim: EsmsSimulator;
  let inbox: Inbox;
  let shop: TestShop;
  beforeAll(async () => {
    sim = await startEsmsSimulator({ apiKey: API_KEY, secretKey: SECRET_KEY, brandnames: [] });
    inbox = await startInbox();
    const sms = new EsmsAdapter({ apiKey: API_KEY, secretKey: SECRET_KEY, baseUrl: sim.url, timeoutMs: 2000 });
    shop = await openTestShop(dialect, 'khatra', { smtpUrl: inbox.url, sms });
  });
  afterAll(async () => {
    await shop?.close();
    await sim?.close();
    await inbox?.close();
  });

  const disclosuresOf = (subjectId: string) =>
    shop.app.db
      .selectFrom('disclosures')
      .selectAll()
      .where('subject_id', '=', subjectId)
      .orderBy('recipient_id')
      .execute();

  it('[HK-01] [KT-01] the policy in Vietnamese names the SMS provider and the relay as service providers working for the shop', async () => {
    const page = textOf((await new FormClient(shop.server).get('/vi/privacy')).body);
    expect(page).toContain(`Nhà cung cấp SMS eSMS.vn — ${translate('vi', 'recipient.service_provider')}`);
    expect(page).toContain(translate('vi', 'recipient.name.mailRelay', { host: '127.0.0.1' }));
    expect(page).toContain(translate('vi', 'policy.category.messages'));
    const snapshot = shop.app.policyVersions.current.snapshot;
    expect(snapshot.recipients.map((r) => r.id)).toEqual(expect.arrayContaining([ESMS, RELAY]));
    expect(shop.app.kernel.recipients.map((r) => r.id)).toEqual(expect.arrayContaining([ESMS, RELAY]));
    // The preset itself declares no such recipient: the provider is this install's choice.
    expect(shop.app.preset.policy.recipients.map((r) => r.id)).not.toContain(ESMS);
  });

  it('[CM-11] [HK-01] an order SMS sent through eSMS.vn records one disclosure to the SMS provider, with the subject and purpose', async () => {
    const order = await placeOrder(shop, { buyer: BUYER, locale: 'vi' });
    await shop.app.outbox.drain();
    expect(sim.messages.some((m) => m.phone === '0903123456' && m.content.includes(order.code))).toBe(true);
    await inbox.waitFor(BUYER.email);
    const rows = await disclosuresOf(order.subjectId);
    expect(rows.map((r) => [r.recipient_id, r.fields, r.purpose, r.actor])).toEqual([
      [RELAY, 'outbox.payload_enc', 'order.status_updates', 'system:outbox'],
      [ESMS, 'outbox.payload_enc', 'order.status_updates', 'system:outbox'],
    ]);
    // Sent is sent: another drain neither sends nor registers again.
    await shop.app.outbox.drain();
    expect(await disclosuresOf(order.subjectId)).toHaveLength(2);

    // The customer's copy of their data lists it, named in their language (CM-13).
    const built = await buildExport(shop.app, {
      subjectIds: [order.subjectId],
      locale: 'vi',
      actor: { kind: 'system', job: 'test' },
      requestRef: null,
    });
    const listed = built.document.sections.disclosures as DisclosureRecord[];
    expect(listed.find((d) => d.recipientId === ESMS)).toMatchObject({
      recipient: 'Nhà cung cấp SMS eSMS.vn',
      fields: ['outbox.payload_enc'],
      purpose: 'order.status_updates',
    });
    expect(built.html).toContain('Nhà cung cấp SMS eSMS.vn');
  });

  it('[CM-11] a message the provider failed twice is disclosed once, when it is finally accepted', async () => {
    const subject = await shop.app.kernel.newSubject();
    await shop.app.outbox.stop();
    try {
      sim.failNext('server_error');
      sim.failNext('server_error');
      await shop.app.outbox.send(subject, 'order.status_updates', 'test:sms-retry', {
        kind: 'sms',
        to: '+84912345678',
        text: 'Don hang da giao',
      });
      for (let attempt = 1; attempt <= 3; attempt++) {
        await shop.app.db
          .updateTable('outbox')
          .set({ next_attempt_at: new Date(Date.now() - 1000).toISOString() })
          .where('dedupe_key', '=', 'test:sms-retry')
          .execute();
        await shop.app.outbox.drain();
        const row = await shop.app.db
          .selectFrom('outbox')
          .selectAll()
          .where('dedupe_key', '=', 'test:sms-retry')
          .executeTakeFirstOrThrow();
        expect(row.attempts).toBe(attempt);
        expect(row.sent_at === null).toBe(attempt < 3);
        expect(await disclosuresOf(subject)).toHaveLength(attempt < 3 ? 0 : 1);
      }
    } finally {
      shop.app.outbox.start();
    }
    expect((await disclosuresOf(subject)).map((d) => d.recipient_id)).toEqual([ESMS]);
    // The failed hand-overs opened the message all the same: each is in the audit log, naming the provider.
    const audited = await shop.app.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('subject_id', '=', subject)
      .execute();
    expect(audited).toEqual([
      { action: 'reveal', detail: `handover_failed:${ESMS}` },
      { action: 'reveal', detail: `handover_failed:${ESMS}` },
    ]);
  });

  it('[HK-01] a message for someone erased before it went out reaches no provider and registers nothing', async () => {
    const subject = await shop.app.kernel.newSubject();
    await shop.app.outbox.send(subject, 'order.status_updates', 'test:sms-erased', {
      kind: 'sms',
      to: '+84912345670',
      text: 'x',
    });
    await shop.app.keys.shred(subject);
    const before = sim.requests;
    await shop.app.outbox.drain();
    expect(sim.requests).toBe(before);
    expect(await disclosuresOf(subject)).toEqual([]);
  });

  it('[CM-18] [HK-01] changing the SMS provider posts a new policy version naming the new one', async () => {
    const current = shop.app.policyVersions.current;
    const relay = smtpMailer(inbox.url, 'Shop <shop@example.test>');
    const kavenegar = new KavenegarAdapter({ apiKey: 'k' });
    const changed = await new PolicyVersions(
      shop.app.db,
      DATA_MAP,
      transportRecipients({ mailer: relay, sms: kavenegar }),
    ).recordIfChanged(shop.app.preset);
    relay.close();
    expect(changed.number).toBe(current.number + 1);
    expect(changed.changes).toEqual(
      expect.arrayContaining([
        { kind: 'recipientAdded', name: transportRecipientName('sms-provider-kavenegar') },
        { kind: 'recipientRemoved', name: transportRecipientName(ESMS) },
      ]),
    );
    // The same configuration again is the same policy: no new version.
    const again = await new PolicyVersions(
      shop.app.db,
      DATA_MAP,
      transportRecipients({ mailer: smtpMailer(inbox.url, 'x <x@example.test>'), sms: kavenegar }),
    ).recordIfChanged(shop.app.preset);
    expect(again.number).toBe(changed.number);
  });
});

describeEachDatabase('messages through the development sink and .eml files (khatra)', (dialect) => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await openTestShop(dialect, 'khatra');
  });
  afterAll(async () => shop?.close());

  it('[HK-01] an order SMS to the development sink discloses nothing, and the policy names no provider', async () => {
    const order = await placeOrder(shop, { buyer: BUYER, locale: 'vi' });
    await shop.app.outbox.drain();
    expect(shop.sms.sent.some((m) => m.to === BUYER.phone && m.text.includes(order.code))).toBe(true);
    expect(
      await shop.app.db.selectFrom('disclosures').selectAll().where('subject_id', '=', order.subjectId).execute(),
    ).toEqual([]);
    const ids = shop.app.kernel.recipients.map((r) => r.id);
    expect(ids.filter((id) => id.startsWith('sms-provider') || id.startsWith('mail-relay'))).toEqual([]);
    const page = textOf((await new FormClient(shop.server).get('/vi/privacy')).body);
    expect(page).not.toContain(translate('vi', 'recipient.name.smsProvider', { provider: '' }).trim());
  });

  it('[HK-01] a worker given a provider the shop does not declare sends nothing: the disclosure is refused and audited', async () => {
    const subject = await shop.app.kernel.newSubject();
    await shop.app.outbox.stop();
    const sent: string[] = [];
    const undeclared = {
      provider: 'kavenegar' as const,
      async send(to: string) {
        sent.push(to);
      },
    };
    try {
      await shop.app.outbox.send(subject, 'order.status_updates', 'test:undeclared', {
        kind: 'sms',
        to: '+84912345671',
        text: 'x',
      });
      await new Outbox(shop.app.db, shop.app.dialect, shop.app.kernel, {
        mailer: folderMailer('/nonexistent', 'x <x@example.test>'),
        sms: undeclared,
      }).drain();
    } finally {
      shop.app.outbox.start();
    }
    expect(sent).toEqual([]);
    const row = await shop.app.db
      .selectFrom('outbox')
      .selectAll()
      .where('dedupe_key', '=', 'test:undeclared')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ sent_at: null, last_error: 'undeclared_recipient' });
    const audited = await shop.app.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('subject_id', '=', subject)
      .execute();
    expect(audited).toEqual([{ action: 'disclosure_refused:undeclared_recipient', detail: 'sms-provider-kavenegar' }]);
  });
});
