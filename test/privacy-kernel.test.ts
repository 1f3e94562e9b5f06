import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DATA_MAP } from '../src/db/schema.ts';
import { verifyAuditChain } from '../src/privacy/audit.ts';
import { PurposeViolation } from '../src/privacy/kernel.ts';
import { compareWithSchema } from '../src/privacy/schema-check.ts';
import { describeEachDatabase, openTestShop, type TestShop } from './helpers/shop.ts';

describeEachDatabase('privacy kernel', (dialect) => {
  let shop: TestShop;
  let hatkoro: TestShop;
  beforeAll(async () => {
    shop = await openTestShop(dialect, 'chotomoni', { seed: false });
    hatkoro = await openTestShop(dialect, 'hatkoro', { seed: false });
  });
  afterAll(async () => {
    await shop?.close();
    await hatkoro?.close();
  });

  it('[HK-02] every column of every table is in the data map, and every personal column has a purpose', async () => {
    const { undeclared, missing } = await compareWithSchema(shop.app.db, DATA_MAP, shop.app.schema);
    expect(undeclared).toEqual([]);
    expect(missing).toEqual([]);
    expect(DATA_MAP.problems()).toEqual([]);
    for (const { id, column } of DATA_MAP.personalFields()) {
      expect(column.purposes?.length, id).toBeGreaterThan(0);
    }
  });

  it('[HK-16] [MS-08] sealed fields are unreadable in the database and bound to their subject and field', async () => {
    const { kernel } = shop.app;
    const subject = await kernel.newSubject();
    const sealed = await kernel.seal(subject, 'customers.phone_enc', '+8801712345678');
    expect(sealed).not.toContain('1712345678');
    expect(sealed).toMatch(/^v1\./);
    const opened = await kernel.reveal({
      actor: { kind: 'customer', subjectId: subject },
      purpose: 'customer.support',
      subjectId: subject,
      fields: { 'customers.phone_enc': sealed },
    });
    expect(opened['customers.phone_enc']).toBe('+8801712345678');
    // The same ciphertext presented as another subject's or another field's value does not open.
    const other = await kernel.newSubject();
    await expect(
      kernel.reveal({
        actor: { kind: 'system', job: 'test' },
        purpose: 'customer.support',
        subjectId: other,
        fields: { 'customers.phone_enc': sealed },
      }),
    ).rejects.toThrow();
    await expect(
      kernel.reveal({
        actor: { kind: 'system', job: 'test' },
        purpose: 'customer.support',
        subjectId: subject,
        fields: { 'customers.address_enc': sealed },
      }),
    ).rejects.toThrow();
  });

  it('[HK-16] a shredded subject’s data can no longer be read by anyone', async () => {
    const { kernel, keys } = shop.app;
    const subject = await kernel.newSubject();
    const sealed = await kernel.seal(subject, 'customers.name_enc', 'Rahim Uddin');
    await keys.shred(subject);
    const opened = await kernel.reveal({
      actor: { kind: 'system', job: 'test' },
      purpose: 'order.fulfilment',
      subjectId: subject,
      fields: { 'customers.name_enc': sealed },
    });
    expect(opened['customers.name_enc']).toBeNull();
  });

  it('[HK-08] a staff reveal names a declared purpose and is written to the hash-chained audit log', async () => {
    const { kernel, db } = shop.app;
    const subject = await kernel.newSubject();
    const sealed = await kernel.seal(subject, 'orders.buyer_phone_enc', '+8801812345678');
    await expect(
      kernel.reveal({
        actor: { kind: 'staff', id: 'staff-1' },
        purpose: 'marketing.email',
        subjectId: subject,
        fields: { 'orders.buyer_phone_enc': sealed },
      }),
    ).rejects.toBeInstanceOf(PurposeViolation);
    const before = await db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    await kernel.reveal({
      actor: { kind: 'staff', id: 'staff-1' },
      purpose: 'customer.support',
      subjectId: subject,
      fields: { 'orders.buyer_phone_enc': sealed },
      detail: 'ABCDE-FGHJK',
    });
    const entries = await db.selectFrom('audit_log').selectAll().where('subject_id', '=', subject).execute();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor: 'staff:staff-1',
      action: 'reveal',
      purpose: 'customer.support',
      field: 'orders.buyer_phone_enc',
    });
    expect(JSON.stringify(entries)).not.toContain('8801812345678');
    const after = await db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n) + 1);
    expect(await verifyAuditChain(db)).toBeNull();
  });

  it('[HK-08] tampering with an audit entry breaks the chain', async () => {
    const { kernel, db } = shop.app;
    const subject = await kernel.newSubject();
    const sealed = await kernel.seal(subject, 'orders.buyer_name_enc', 'Karim');
    for (let i = 0; i < 3; i++) {
      await kernel.reveal({
        actor: { kind: 'staff', id: 's' },
        purpose: 'order.fulfilment',
        subjectId: subject,
        fields: { 'orders.buyer_name_enc': sealed },
      });
    }
    const row = await db
      .selectFrom('audit_log')
      .select('seq')
      .where('subject_id', '=', subject)
      .orderBy('seq')
      .executeTakeFirstOrThrow();
    await sql`update audit_log set purpose = 'order.billing' where seq = ${row.seq}`.execute(db);
    expect(await verifyAuditChain(db)).toBe(Number(row.seq));
  });

  it('[HK-01] [CM-11] a declared courier receives only its fields, and the disclosure is registered', async () => {
    const { kernel, db, preset } = shop.app;
    const courier = preset.policy.recipients.find((r) => r.kind === 'courier')!;
    const subject = await kernel.newSubject();
    const name = await kernel.seal(subject, 'orders.recipient_name_enc', 'Salma Begum');
    const email = await kernel.seal(subject, 'orders.buyer_email_enc', 'salma@example.com');
    const allowed = await kernel.disclose({
      actor: { kind: 'system', job: 'courier-handoff' },
      recipientId: courier.id,
      purpose: 'order.fulfilment',
      subjectId: subject,
      fields: { 'orders.recipient_name_enc': name },
    });
    expect(allowed).toEqual({ ok: true, projection: { 'orders.recipient_name_enc': 'Salma Begum' } });
    const refused = await kernel.disclose({
      actor: { kind: 'system', job: 'courier-handoff' },
      recipientId: courier.id,
      purpose: 'order.fulfilment',
      subjectId: subject,
      fields: { 'orders.buyer_email_enc': email },
    });
    expect(refused).toEqual({ ok: false, reason: 'field_not_allowed' });
    const register = await db.selectFrom('disclosures').selectAll().where('subject_id', '=', subject).execute();
    expect(register).toHaveLength(1);
    expect(register[0]).toMatchObject({ recipient_id: courier.id, fields: 'orders.recipient_name_enc' });
  });

  it('[HK-01] [HK-09] a disclosure to a recipient the policy does not name is refused and logged (hatkoro names none)', async () => {
    const { kernel, db, preset } = hatkoro.app;
    expect(preset.policy.recipients).toEqual([]);
    const subject = await kernel.newSubject();
    const phone = await kernel.seal(subject, 'orders.recipient_phone_enc', '+8801712345678');
    const result = await kernel.disclose({
      actor: { kind: 'staff', id: 'staff-9' },
      recipientId: 'some-courier',
      purpose: 'order.fulfilment',
      subjectId: subject,
      fields: { 'orders.recipient_phone_enc': phone },
    });
    expect(result).toEqual({ ok: false, reason: 'undeclared_recipient' });
    expect(await db.selectFrom('disclosures').selectAll().where('subject_id', '=', subject).execute()).toEqual([]);
    const log = await db.selectFrom('audit_log').selectAll().where('subject_id', '=', subject).execute();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ action: 'disclosure_refused:undeclared_recipient', detail: 'some-courier' });
  });

  it('[KT-01] khatra: data is sold, shared or exchanged with nobody; only its contracted partner gets the contract’s fields', async () => {
    const khatra = await openTestShop(dialect, 'khatra', { seed: false });
    try {
      const { kernel, db, preset } = khatra.app;
      const partner = preset.policy.recipients.find((r) => r.kind === 'partner')!;
      const subject = await kernel.newSubject();
      const phone = await kernel.seal(subject, 'orders.recipient_phone_enc', '+84933588655');
      const email = await kernel.seal(subject, 'orders.buyer_email_enc', 'khach@example.vn');
      // A buyer of data, an exchange partner, an advertiser: none is declared, so nothing goes out.
      for (const recipientId of ['data-broker', 'list-exchange', 'advertising-network']) {
        const refused = await kernel.disclose({
          actor: { kind: 'staff', id: 'staff-1' },
          recipientId,
          purpose: 'order.fulfilment',
          subjectId: subject,
          fields: { 'orders.recipient_phone_enc': phone },
        });
        expect(refused).toEqual({ ok: false, reason: 'undeclared_recipient' });
      }
      // The contracted partner is refused what its contract does not list, even for a purpose the field serves.
      const outOfScope = await kernel.disclose({
        actor: { kind: 'staff', id: 'staff-1' },
        recipientId: partner.id,
        purpose: 'customer.support',
        subjectId: subject,
        fields: { 'orders.buyer_email_enc': email },
      });
      expect(outOfScope).toEqual({ ok: false, reason: 'field_not_allowed' });
      const allowed = await kernel.disclose({
        actor: { kind: 'system', job: 'courier-handoff' },
        recipientId: partner.id,
        purpose: 'order.fulfilment',
        subjectId: subject,
        fields: { 'orders.recipient_phone_enc': phone },
      });
      expect(allowed).toEqual({ ok: true, projection: { 'orders.recipient_phone_enc': '+84933588655' } });
      const register = await db.selectFrom('disclosures').selectAll().where('subject_id', '=', subject).execute();
      expect(register.map((r) => [r.recipient_id, r.fields])).toEqual([[partner.id, 'orders.recipient_phone_enc']]);
      const refusals = await db
        .selectFrom('audit_log')
        .select(['action', 'detail'])
        .where('subject_id', '=', subject)
        .orderBy('seq')
        .execute();
      expect(refusals).toEqual([
        { action: 'disclosure_refused:undeclared_recipient', detail: 'data-broker' },
        { action: 'disclosure_refused:undeclared_recipient', detail: 'list-exchange' },
        { action: 'disclosure_refused:undeclared_recipient', detail: 'advertising-network' },
        { action: 'disclosure_refused:field_not_allowed', detail: partner.id },
      ]);
      expect(await verifyAuditChain(db)).toBeNull();
    } finally {
      await khatra.close();
    }
  });

  it('[HK-10] no table has a column for IP addresses', async () => {
    const tables = await shop.app.db.introspection.getTables();
    const columns = tables.flatMap((t) => t.columns.map((c) => `${t.name}.${c.name}`));
    expect(columns.filter((c) => /(^|_|\.)ip(_|$)|ip_address|remote_addr/i.test(c))).toEqual([]);
  });
});
