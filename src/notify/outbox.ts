import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DialectName } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import type { Purpose } from '../privacy/datamap.ts';
import type { PrivacyKernel } from '../privacy/kernel.ts';
import type { Mailer, MailMessage } from './mailer.ts';
import { transportRecipientOf } from './recipients.ts';
import type { SmsPort } from './sms.ts';

export type OutboxMessage = { kind: 'mail'; mail: MailMessage } | { kind: 'sms'; to: string; text: string };

/** A message sealed for the outbox, ready to be inserted in the caller's transaction. */
export interface SealedMessage {
  readonly row: DB['outbox'];
}

const BATCH = 20;
const HOLD_MS = 60_000;
const POLL_MS = 1_000;
/** Back-off after a failed attempt: 5 s, 30 s, 2 min, 10 min, 1 h, then hourly, for at most a day. */
const BACKOFF_MS = [5_000, 30_000, 120_000, 600_000, 3_600_000];
const MAX_ATTEMPTS = 30;

/**
 * The outbox (HK-03): every e-mail and SMS is a row written in the transaction that caused it (an order placed, a
 * status changed, an account registered), so a message is never lost when the process dies after the commit, and
 * never sent for a change that was rolled back. A worker delivers due messages with retries and back-off. Several
 * instances may run workers: a message is claimed with a time-limited hold (`FOR UPDATE SKIP LOCKED` on
 * PostgreSQL), so it goes out once; a worker that dies while holding one leaves it to another after the hold.
 * Delivery is at least once: an e-mail carries the row id as its Message-ID so a receiver can drop a repeat.
 */
export class Outbox {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly dialect: DialectName,
    private readonly kernel: PrivacyKernel,
    private readonly ways: { mailer: Mailer; sms: SmsPort },
  ) {}

  /** Seals a message for `subjectId` (whose erasure also erases it) under a key naming the effect it is for. */
  async seal(subjectId: string, purpose: Purpose, dedupeKey: string, message: OutboxMessage): Promise<SealedMessage> {
    const now = new Date().toISOString();
    return {
      row: {
        id: randomUUID(),
        kind: message.kind,
        subject_id: subjectId,
        purpose,
        payload_enc: await this.kernel.seal(subjectId, 'outbox.payload_enc', JSON.stringify(message)),
        dedupe_key: dedupeKey,
        attempts: 0,
        next_attempt_at: now,
        locked_until: null,
        last_error: null,
        created_at: now,
        sent_at: null,
      },
    };
  }

  /**
   * Writes sealed messages, in the caller's transaction when given one (then call `wake()` after the commit); an
   * effect already enqueued is not enqueued again.
   */
  async add(trx: Transaction<DB> | Kysely<DB>, ...messages: SealedMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await trx
      .insertInto('outbox')
      .values(messages.map((m) => m.row))
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .execute();
    if (!trx.isTransaction) this.wake();
  }

  /** Delivers soon: after a transaction that added messages has committed. */
  wake(): void {
    if (this.timer) this.kick();
  }

  /** Seals and writes one message on its own (nothing else has to commit with it). */
  async send(subjectId: string, purpose: Purpose, dedupeKey: string, message: OutboxMessage): Promise<void> {
    await this.add(this.db, await this.seal(subjectId, purpose, dedupeKey, message));
  }

  /** Starts delivering: now, after every new message, and every second for retries and other instances' rows. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.kick(), POLL_MS);
    this.timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Delivers everything due now, including what arrives meanwhile (at shutdown, in tests and benchmarks). */
  async drain(): Promise<void> {
    this.kick();
    while (this.running) await this.running;
  }

  private kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      try {
        let claimed: number;
        do {
          this.again = false;
          claimed = await this.deliverBatch();
        } while (this.again || claimed === BATCH);
      } finally {
        this.running = null;
      }
    })().catch((error: unknown) => reportFailure('outbox', error));
  }

  /** Claims up to a batch of due messages and delivers each; returns how many were claimed. */
  private async deliverBatch(): Promise<number> {
    const claimed = await this.claim();
    for (const row of claimed) await this.deliver(row);
    return claimed.length;
  }

  private async claim(): Promise<DB['outbox'][]> {
    const now = new Date();
    const nowIso = now.toISOString();
    return this.db.transaction().execute(async (trx) => {
      let due = trx
        .selectFrom('outbox')
        .select('id')
        .where('sent_at', 'is', null)
        .where('next_attempt_at', '<=', nowIso)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', nowIso)]))
        .orderBy('next_attempt_at')
        .limit(BATCH);
      if (this.dialect === 'postgres') due = due.forUpdate().skipLocked();
      const ids = (await due.execute()).map((r) => r.id);
      if (ids.length === 0) return [];
      return trx
        .updateTable('outbox')
        .set((eb) => ({
          locked_until: new Date(now.getTime() + HOLD_MS).toISOString(),
          attempts: eb('attempts', '+', 1),
        }))
        .where('id', 'in', ids)
        .returningAll()
        .execute();
    });
  }

  private async deliver(row: DB['outbox']): Promise<void> {
    try {
      const actor = { kind: 'system', job: 'outbox' } as const;
      const purpose = row.purpose as Purpose;
      const fields = { 'outbox.payload_enc': row.payload_enc };
      const handOver = async (payload: string | null): Promise<boolean> => {
        // The person was erased before the message went out: there is nobody to send it to.
        if (!payload) return false;
        const message = JSON.parse(payload) as OutboxMessage;
        if (message.kind === 'mail') await this.ways.mailer.send({ ...message.mail, messageId: row.id });
        else await this.ways.sms.send(message.to, message.text);
        return true;
      };
      const recipientId = transportRecipientOf(this.ways, row.kind === 'sms' ? 'sms' : 'mail');
      if (recipientId) {
        // The message leaves the shop to a provider (HK-01, CM-11): a disclosure, registered once it was handed over.
        const disclosed = await this.kernel.disclose({
          actor,
          recipientId,
          purpose,
          subjectId: row.subject_id,
          fields,
          handOver: (projection) => handOver(projection['outbox.payload_enc']),
        });
        if (!disclosed.ok) throw new UndeclaredTransport(disclosed.reason);
      } else {
        // The development sink or .eml files: nothing leaves the machine, the worker only reads the message.
        const opened = await this.kernel.reveal({ actor, purpose, subjectId: row.subject_id, fields });
        await handOver(opened['outbox.payload_enc']);
      }
      // Once sent, the message itself is not kept: the row stays as a record of what was sent when.
      await this.db
        .updateTable('outbox')
        .set({ sent_at: new Date().toISOString(), payload_enc: null, locked_until: null, last_error: null })
        .where('id', '=', row.id)
        .execute();
    } catch (error) {
      const attempts = row.attempts;
      const wait = BACKOFF_MS[Math.min(attempts - 1, BACKOFF_MS.length - 1)];
      await this.db
        .updateTable('outbox')
        .set({
          locked_until: null,
          last_error: errorCode(error),
          // After the last attempt the message stays unsent, visible to staff as failed; it is not retried.
          next_attempt_at:
            attempts >= MAX_ATTEMPTS ? '9999-12-31T00:00:00.000Z' : new Date(Date.now() + wait).toISOString(),
        })
        .where('id', '=', row.id)
        .execute();
    }
  }
}

/** The kernel refused to disclose to the message's provider: the app declared it wrongly (a bug), retried later. */
class UndeclaredTransport extends Error {
  constructor(readonly code: string) {
    super(`the outbox provider is not a declared recipient: ${code}`);
  }
}

/** A failure's code (EAUTH, ECONNREFUSED, SmsRejected …): the message text may quote an address. */
function errorCode(error: unknown): string {
  const e = error as { code?: unknown; name?: unknown } | null;
  return String(e?.code ?? e?.name ?? 'Error').slice(0, 80);
}

function reportFailure(kind: string, error: unknown): void {
  process.stderr.write(
    `${JSON.stringify({ level: 50, time: Date.now(), msg: `${kind} failed`, code: errorCode(error) })}\n`,
  );
}
