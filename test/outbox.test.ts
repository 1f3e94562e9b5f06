import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Mailer, MailMessage } from '../src/notify/mailer.ts';
import { Outbox } from '../src/notify/outbox.ts';
import { DevSmsSink } from '../src/notify/sms.ts';
import { describeEachDatabase, openTestShop, type TestShop } from './helpers/shop.ts';

/** A mailer that records what it sends and fails while `failing` is set, as an SMTP server that is down. */
class RecordingMailer implements Mailer {
  readonly sent: MailMessage[] = [];
  failing = false;

  async send(message: MailMessage): Promise<void> {
    if (this.failing) throw Object.assign(new Error('connect ECONNREFUSED for buyer@example.com'), { code: 'ESOCKET' });
    this.sent.push(message);
  }

  close(): void {}
}

const mail = (to: string, subject: string) => ({
  kind: 'mail' as const,
  mail: { to, subject, text: `Hello ${to}`, html: `<p>Hello ${to}</p>` },
});

describeEachDatabase('outbox', (dialect) => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await openTestShop(dialect, 'chotomoni', { seed: false });
    // The shop's own worker stays out of the way: these tests run workers of their own on the same database.
    await shop.app.outbox.stop();
  });
  afterAll(async () => shop?.close());

  /** Another worker on the same database, as another process or instance would run. */
  const worker = (mailer: Mailer) =>
    new Outbox(shop.app.db, shop.app.dialect, shop.app.kernel, { mailer, sms: new DevSmsSink() });

  it('[HK-03] a queued message is sealed, survives until a worker runs, goes out once and is then forgotten', async () => {
    const subject = await shop.app.kernel.newSubject();
    await shop.app.outbox.send(subject, 'order.status_updates', 'test:survives', mail('rina@example.com', 'Packed'));
    const stored = await shop.app.db
      .selectFrom('outbox')
      .selectAll()
      .where('dedupe_key', '=', 'test:survives')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain('rina@example.com');
    expect(stored.sent_at).toBeNull();
    // The same effect queued again is one message.
    await shop.app.outbox.send(subject, 'order.status_updates', 'test:survives', mail('rina@example.com', 'Packed'));

    const mailer = new RecordingMailer();
    await worker(mailer).drain();
    expect(mailer.sent.filter((m) => m.to === 'rina@example.com')).toHaveLength(1);
    expect(mailer.sent[0].messageId).toBe(stored.id);
    const after = await shop.app.db
      .selectFrom('outbox')
      .selectAll()
      .where('id', '=', stored.id)
      .executeTakeFirstOrThrow();
    expect(after.sent_at).not.toBeNull();
    expect(after.payload_enc).toBeNull();
    await worker(mailer).drain();
    expect(mailer.sent.filter((m) => m.to === 'rina@example.com')).toHaveLength(1);
  });

  it('a failed delivery is retried later with back-off, recording only the error code', async () => {
    const subject = await shop.app.kernel.newSubject();
    await shop.app.outbox.send(subject, 'order.status_updates', 'test:retry', mail('tuhin@example.com', 'Shipped'));
    const mailer = new RecordingMailer();
    mailer.failing = true;
    await worker(mailer).drain();
    const failed = await shop.app.db
      .selectFrom('outbox')
      .selectAll()
      .where('dedupe_key', '=', 'test:retry')
      .executeTakeFirstOrThrow();
    expect(failed.sent_at).toBeNull();
    expect(failed.attempts).toBe(1);
    expect(failed.last_error).toBe('ESOCKET');
    expect(Date.parse(failed.next_attempt_at)).toBeGreaterThan(Date.now());
    expect(failed.payload_enc).not.toBeNull();

    // Not yet due: nothing happens. Once due and the server is back, it goes out.
    mailer.failing = false;
    await worker(mailer).drain();
    expect(mailer.sent).toHaveLength(0);
    await shop.app.db
      .updateTable('outbox')
      .set({ next_attempt_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', failed.id)
      .execute();
    await worker(mailer).drain();
    expect(mailer.sent.map((m) => m.to)).toEqual(['tuhin@example.com']);
  });

  it('two workers on the same database deliver every message exactly once', async () => {
    const subject = await shop.app.kernel.newSubject();
    for (let i = 0; i < 60; i++) {
      await shop.app.outbox.send(subject, 'order.status_updates', `test:race:${i}`, mail(`r${i}@example.com`, 'x'));
    }
    const a = new RecordingMailer();
    const b = new RecordingMailer();
    await Promise.all([worker(a).drain(), worker(b).drain()]);
    const delivered = [...a.sent, ...b.sent].map((m) => m.to).filter((to) => /^r\d+@/.test(to));
    expect(delivered).toHaveLength(60);
    expect(new Set(delivered).size).toBe(60);
  });

  it('a message for someone erased before it went out is not sent', async () => {
    const subject = await shop.app.kernel.newSubject();
    await shop.app.outbox.send(subject, 'order.status_updates', 'test:erased', mail('gone@example.com', 'x'));
    await shop.app.keys.shred(subject);
    const mailer = new RecordingMailer();
    await worker(mailer).drain();
    expect(mailer.sent).toHaveLength(0);
    const row = await shop.app.db
      .selectFrom('outbox')
      .selectAll()
      .where('dedupe_key', '=', 'test:erased')
      .executeTakeFirstOrThrow();
    expect(row.sent_at).not.toBeNull();
    expect(row.payload_enc).toBeNull();
  });
});
