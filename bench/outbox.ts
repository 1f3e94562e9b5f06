import type { App } from '../src/app.ts';
import type { Mailer } from '../src/notify/mailer.ts';
import { Outbox } from '../src/notify/outbox.ts';

export interface OutboxFigure {
  messages: number;
  ms: number;
  /** Messages delivered per second. */
  ops: number;
}

/** A sink that takes every message and keeps none: the figure is the outbox's own cost, not a mail server's. */
const sink: Mailer & { send(): Promise<void> } = { send: async () => {}, close: () => {} };

/**
 * Outbox delivery to a local sink: the notification e-mails the checkout figures just queued (one per order, sealed
 * for its buyer), delivered by a worker as `serve` runs it — claim a batch, reveal each message through the privacy
 * kernel (audited), hand it over, mark it sent and drop its text.
 */
export async function measureOutbox(app: App): Promise<OutboxFigure> {
  const pending = await app.db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('sent_at', 'is', null)
    .executeTakeFirstOrThrow();
  const worker = new Outbox(app.db, app.dialect, app.kernel, { mailer: sink, sms: { send: async () => {} } });
  const started = performance.now();
  await worker.drain();
  const ms = performance.now() - started;
  const messages = Number(pending.n);
  return { messages, ms, ops: messages / (ms / 1000) };
}
