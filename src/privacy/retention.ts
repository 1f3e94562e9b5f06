import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { inBatches } from '../db/batches.ts';
import type { DialectName } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { dayIn } from '../i18n/format.ts';
import { FINAL_STATUSES } from '../modules/orders/lifecycle.ts';
import type { Preset } from '../presets/types.ts';
import { appendAudit } from './audit.ts';
import type { DataMap, RetentionRule } from './datamap.ts';
import type { ErasureService } from './erasure.ts';
import { DAY_MS, retentionOf } from './retention-settings.ts';
import type { KeyStore } from './vault.ts';

/** What one sweep removed, step by step: counts only, never whose. */
export interface RetentionReport {
  runId: string;
  startedAt: string;
  counts: Record<SweepStep, number>;
}

/**
 * The steps of a sweep, and the data-map retention rule each one carries out. `RULE_STEPS` is typed by rule, so a new
 * rule in the data map does not compile until the sweeper knows what to do with it.
 */
export const RULE_STEPS: Record<RetentionRule, readonly SweepStep[]> = {
  session: ['sessions', 'visitor_carts', 'privacy_proofs'],
  until_sent: ['abandoned_messages'],
  order_delivery: ['delivery_details'],
  // Kept with the order for its accounts; gone with the customer's identity, and a legal hold at its end.
  order_accounting: ['customers', 'expired_legal_holds'],
  customer: ['sign_in_codes', 'unconfirmed_marketing', 'customers'],
  // Staff accounts and the audit trail are kept for the life of the shop.
  permanent: [],
};

/** The tables whose personal columns each step empties: the data-map test checks every such table is swept. */
export const STEP_TABLES: Record<SweepStep, readonly string[]> = {
  sessions: ['sessions'],
  visitor_carts: ['sessions'],
  privacy_proofs: ['dsr_proofs'],
  abandoned_messages: ['outbox'],
  delivery_details: ['orders'],
  expired_legal_holds: ['legal_holds'],
  sign_in_codes: ['account_tokens', 'phone_codes'],
  unconfirmed_marketing: ['marketing_subscriptions'],
  // Erasure (crypto-shredding) of a customer empties all of these at once.
  customers: ['customers', 'accounts', 'addresses', 'orders', 'dsr_requests', 'dsr_events', 'marketing_subscriptions'],
};

export type RetentionTrigger = 'daily' | 'command' | 'staff' | 'test';

export interface RetentionRun {
  startedAt: string;
  trigger: RetentionTrigger;
  counts: Record<SweepStep, number>;
}

export type SweepStep =
  | 'sessions'
  | 'visitor_carts'
  | 'privacy_proofs'
  | 'abandoned_messages'
  | 'delivery_details'
  | 'expired_legal_holds'
  | 'sign_in_codes'
  | 'unconfirmed_marketing'
  | 'customers';

/** The outbox parks a message it gave up on at this time (outbox.ts, after its last attempt). */
const GAVE_UP_AT = '9999-12-31T00:00:00.000Z';
/** A guest's proof of e-mail or phone serves one request for an hour (proofs.ts); a day later it is of no use. */
const PROOF_KEPT_MS = DAY_MS;
const FIRST_RUN_AFTER_MS = 60_000;

/**
 * The retention sweeper (issue 6 § 4): every data-map retention rule applied, daily in `serve` and on demand with
 * `amanat retention run`. Each run is recorded (`retention_runs`, and the audit log) with what it removed, as counts.
 *
 * Customers past the shop's customer-data retention (e.g. 730 days after their last order) are erased through the
 * erasure service, so what the law requires is kept under a legal hold as on request; a customer under a preservation
 * hold (KN-11), with an order still open or signed in now is left alone. A shop that keeps data until the customer
 * asks (khatra, KT-07) erases no one here.
 */
export class RetentionSweeper {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<RetentionReport> | null = null;

  constructor(
    private readonly deps: {
      db: Kysely<DB>;
      dialect: DialectName;
      keys: KeyStore;
      erasure: ErasureService;
      dataMap: DataMap;
      /** The live preset: the owner's retention setting applies from the next run. */
      preset: Preset;
      /** Subjects a preservation hold keeps (legal module). */
      heldSubjects: (subjectIds: string[], today: string) => Promise<Set<string>>;
    },
  ) {}

  /** Sweeps a minute after start, then every 24 hours. Several instances may sweep: every step is idempotent. */
  start(): void {
    if (this.timer) return;
    const sweep = () => void this.run('daily').catch(() => undefined);
    this.timer = setTimeout(() => {
      sweep();
      this.timer = setInterval(sweep, DAY_MS);
      this.timer.unref();
    }, FIRST_RUN_AFTER_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /**
   * One sweep; a second call while one runs waits for it instead of sweeping twice. `staffId` names who started it
   * from the staff area, in the audit log.
   */
  run(trigger: RetentionTrigger, options: { now?: Date; staffId?: string } = {}): Promise<RetentionReport> {
    const actor = options.staffId ? `staff:${options.staffId}` : 'system:retention';
    if (!this.running) {
      this.running = this.sweep(trigger, actor, options.now ?? new Date()).finally(() => (this.running = null));
    }
    return this.running;
  }

  /** What legal holds keep after erasures, per legal basis: how many values and until when (no one named). */
  async holdsKept(): Promise<{ basis: string; records: number; until: string }[]> {
    const rows = await this.deps.db
      .selectFrom('legal_holds')
      .select((eb) => ['basis', eb.fn.countAll<string | number>().as('records'), eb.fn.max('held_until').as('until')])
      .groupBy('basis')
      .orderBy('basis')
      .execute();
    return rows.map((r) => ({ basis: r.basis, records: Number(r.records), until: r.until }));
  }

  /** The latest runs, newest first, for the staff's privacy overview. */
  async recentRuns(limit = 10): Promise<RetentionRun[]> {
    const rows = await this.deps.db
      .selectFrom('retention_runs')
      .select(['started_at', 'trigger', 'counts'])
      .orderBy('started_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      startedAt: r.started_at,
      trigger: r.trigger as RetentionTrigger,
      counts: JSON.parse(r.counts),
    }));
  }

  private async sweep(trigger: RetentionTrigger, actor: string, now: Date): Promise<RetentionReport> {
    const runId = randomUUID();
    const startedAt = now.toISOString();
    const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
    const settings = retentionOf(this.deps.preset);
    const { db } = this.deps;
    const counts = {} as Record<SweepStep, number>;

    counts.sessions = await deleted(db.deleteFrom('sessions').where('expires_at', '<', startedAt));
    counts.visitor_carts = await deleted(
      db
        .deleteFrom('sessions')
        .where('staff_id', 'is', null)
        .where('account_id', 'is', null)
        .where((w) =>
          w.or([
            w('last_seen_at', '<', ago(settings.abandonedCartDays * DAY_MS)),
            w.and([w('last_seen_at', 'is', null), w('created_at', '<', ago(settings.abandonedCartDays * DAY_MS))]),
          ]),
        ),
    );
    counts.privacy_proofs = await deleted(db.deleteFrom('dsr_proofs').where('created_at', '<', ago(PROOF_KEPT_MS)));
    counts.abandoned_messages = await updated(
      db
        .updateTable('outbox')
        .set({ payload_enc: null })
        .where('sent_at', 'is', null)
        .where('next_attempt_at', '=', GAVE_UP_AT)
        .where('payload_enc', 'is not', null),
    );
    counts.delivery_details = await this.dropDeliveryDetails(ago(this.deps.preset.policy.claimDays * DAY_MS));
    counts.expired_legal_holds = await this.endLegalHolds(startedAt);
    counts.sign_in_codes =
      (await deleted(db.deleteFrom('account_tokens').where('expires_at', '<', startedAt))) +
      (await deleted(db.deleteFrom('phone_codes').where('expires_at', '<', startedAt)));
    counts.unconfirmed_marketing = await updated(
      db
        .updateTable('marketing_subscriptions')
        .set({ address_enc: null })
        .where('status', '=', 'pending')
        .where('confirm_expires_at', '<', startedAt)
        .where('address_enc', 'is not', null),
    );
    counts.customers = await this.eraseLapsedCustomers(now);

    await db
      .insertInto('retention_runs')
      .values({
        id: runId,
        started_at: startedAt,
        finished_at: new Date().toISOString(),
        trigger,
        counts: JSON.stringify(counts),
      })
      .execute();
    await appendAudit(db, this.deps.dialect, {
      actor,
      action: 'retention_run',
      purpose: null,
      subject_id: null,
      field: null,
      detail: runId,
    });
    return { runId, startedAt, counts };
  }

  /**
   * Once an order is finished (delivered, completed, cancelled, returned or refunded) and its claim period is over,
   * what only its delivery needed goes: the columns the data map marks `order_delivery`. The name and what accounting
   * needs stay with the order.
   */
  private async dropDeliveryDetails(finishedBefore: string): Promise<number> {
    const columns = this.columnsWithRule('orders', 'order_delivery');
    if (columns.length === 0) return 0;
    return updated(
      this.deps.db
        .updateTable('orders')
        .set(Object.fromEntries(columns.map((c) => [c, null])))
        .where('status', 'in', [...FINAL_STATUSES])
        .where('updated_at', '<', finishedBefore)
        .where((w) => w.or(columns.map((c) => w(c as keyof DB['orders'], 'is not', null)))),
    );
  }

  /**
   * A legal hold past its end date is deleted, and a hold key that no longer seals anything is shredded, so the held
   * values are unreadable in older backups too.
   */
  private async endLegalHolds(now: string): Promise<number> {
    const { db } = this.deps;
    const expired = await db
      .selectFrom('legal_holds')
      .select(['id', 'hold_subject_id'])
      .where('held_until', '<', now)
      .execute();
    if (expired.length === 0) return 0;
    const keySubjects = [...new Set(expired.map((h) => h.hold_subject_id))];
    for (const part of inBatches(expired.map((h) => h.id)))
      await db.deleteFrom('legal_holds').where('id', 'in', part).execute();
    const stillSealing = new Set<string>();
    for (const part of inBatches(keySubjects)) {
      const rows = await db
        .selectFrom('legal_holds')
        .select('hold_subject_id')
        .distinct()
        .where('hold_subject_id', 'in', part)
        .execute();
      for (const r of rows) stillSealing.add(r.hold_subject_id);
    }
    await this.deps.keys.shredMany(keySubjects.filter((s) => !stillSealing.has(s)));
    return expired.length;
  }

  /**
   * Customers whose last order (or, without one, whose record) is older than the shop's customer-data retention, with
   * nothing open: erased like on request, in batches.
   */
  private async eraseLapsedCustomers(now: Date): Promise<number> {
    const retention = this.deps.preset.policy.customerDataRetention;
    if (retention === 'until_request') return 0;
    const cutoff = new Date(now.getTime() - retention * DAY_MS).toISOString();
    const nowIso = now.toISOString();
    const rows = await this.deps.db
      .selectFrom('customers as c')
      .select('c.subject_id')
      .where('c.created_at', '<', cutoff)
      .where((w) =>
        w.or([w('c.name_enc', 'is not', null), w('c.email_bidx', 'is not', null), w('c.phone_bidx', 'is not', null)]),
      )
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('orders as o')
              .select('o.id')
              .whereRef('o.customer_id', '=', 'c.id')
              .where((w) => w.or([w('o.created_at', '>=', cutoff), w('o.status', 'not in', [...FINAL_STATUSES])])),
          ),
        ),
      )
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('accounts as a')
              .innerJoin('sessions as s', 's.account_id', 'a.id')
              .select('s.id')
              .whereRef('a.customer_id', '=', 'c.id')
              .where('s.expires_at', '>', nowIso),
          ),
        ),
      )
      .execute();
    const lapsed = rows.map((r) => r.subject_id);
    const held = await this.deps.heldSubjects(lapsed, dayIn(this.deps.preset.timezone, now));
    const erasable = lapsed.filter((s) => !held.has(s));
    for (const part of inBatches(erasable)) {
      await this.deps.erasure.erase({
        subjectIds: part,
        actor: { kind: 'system', job: 'retention' },
        reason: 'retention.customer',
      });
    }
    return erasable.length;
  }

  private columnsWithRule(table: string, rule: RetentionRule): string[] {
    const declared = this.deps.dataMap.tables.find((t) => t.table === table)?.columns ?? {};
    return Object.entries(declared)
      .filter(([, c]) => c.retention === rule)
      .map(([name]) => name);
  }
}

async function deleted(query: { executeTakeFirst(): Promise<{ numDeletedRows: bigint }> }): Promise<number> {
  return Number((await query.executeTakeFirst()).numDeletedRows);
}

async function updated(query: { executeTakeFirst(): Promise<{ numUpdatedRows: bigint }> }): Promise<number> {
  return Number((await query.executeTakeFirst()).numUpdatedRows);
}
