import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { networkOf } from '../../server/rate-limit.ts';
import { deviceSummary } from '../../server/session.ts';

/** The whole site's row. */
export const SITE = '*';
const FLUSH_EVERY_MS = 10_000;
const FLUSH_AT_VIEWS = 500;
/** Past this many distinct visitors a day (per instance), uniques stop being told apart: memory stays bounded. */
const MAX_VISITORS = 500_000;

/**
 * Counts page views on the server, off the hot path (HK-10, CM-04, MS-04, KN-14): a view is a few increments in
 * memory, written to `analytics_daily` in batches. A distinct visitor is a salted SHA-256 of their network (IPv4 /24, IPv6 /64)
 * and browser family under a random salt that lives only in this process's memory and is replaced when the shop's day
 * changes: once it is gone, nobody can recompute yesterday's hashes, and no hash is ever stored. Each instance has its
 * own salt, so behind a load balancer a visitor who reaches two instances counts twice.
 */
export class PageViewCounter {
  private day = '';
  private salt = randomBytes(32);
  private seen = new Set<string>();
  /** Counts not yet written, per day and path. */
  private pending = new Map<string, { day: string; path: string; views: number; uniques: number }>();
  private pendingViews = 0;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private readonly dayFormat: Intl.DateTimeFormat;
  /** Today, worked out at most once a second (formatting a date in a time zone costs more than the rest). */
  private todayCache = { day: '', until: 0 };
  /** Browser family per User-Agent string seen lately: the same few strings come again and again. */
  private families = new Map<string, string>();

  constructor(
    private readonly db: Kysely<DB>,
    timeZone: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    // en-CA formats a date as YYYY-MM-DD.
    this.dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush(), FLUSH_EVERY_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }

  /** Today in the shop's calendar. */
  today(): string {
    const now = this.now();
    if (now.getTime() >= this.todayCache.until || now.getTime() < this.todayCache.until - 1000)
      this.todayCache = { day: this.dayFormat.format(now), until: now.getTime() + 1000 };
    return this.todayCache.day;
  }

  /** One page view of a public page. Nothing about the visitor outlives this call but a hash in today's set. */
  record(path: string, ip: string, userAgent: string | undefined): void {
    const day = this.today();
    if (day !== this.day) this.rotate(day);
    // SHA-256 of salt and visitor: keyed like an HMAC for this use (nothing to extend), at half its cost.
    const visitor = createHash('sha256')
      .update(this.salt)
      .update(`${networkOf(ip)}|${this.family(userAgent)}`)
      .digest('base64url')
      .slice(0, 22);
    this.count(SITE, visitor);
    this.count(path, visitor);
    this.pendingViews += 1;
    if (this.pendingViews >= FLUSH_AT_VIEWS) void this.flush();
  }

  /** Writes what was counted since the last flush (one upsert per path). */
  flush(): Promise<void> {
    // A failed write loses some counts, never a page: statistics are not worth failing a request for.
    this.flushing = this.flushing.then(() => this.write()).catch(() => undefined);
    return this.flushing;
  }

  private family(userAgent: string | undefined): string {
    const ua = (userAgent ?? '').slice(0, 512);
    let family = this.families.get(ua);
    if (family === undefined) {
      if (this.families.size >= 1000) this.families.clear();
      family = deviceSummary(ua) ?? '';
      this.families.set(ua, family);
    }
    return family;
  }

  private count(path: string, visitor: string): void {
    const slot = `${this.day}\u0000${path}`;
    const entry = this.pending.get(slot) ?? { day: this.day, path, views: 0, uniques: 0 };
    entry.views += 1;
    const key = `${path}\u0000${visitor}`;
    if (!this.seen.has(key) && this.seen.size < MAX_VISITORS) {
      this.seen.add(key);
      entry.uniques += 1;
    }
    this.pending.set(slot, entry);
  }

  /** A new day: the old salt and hashes are dropped (what was counted stays pending under its own day). */
  private rotate(day: string): void {
    this.day = day;
    this.salt = randomBytes(32);
    this.seen = new Set();
  }

  private async write(): Promise<void> {
    if (this.pending.size === 0) return;
    const rows = [...this.pending.values()];
    this.pending = new Map();
    this.pendingViews = 0;
    await this.db
      .insertInto('analytics_daily')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['day', 'path']).doUpdateSet((eb) => ({
          views: eb('analytics_daily.views', '+', eb.ref('excluded.views')),
          uniques: eb('analytics_daily.uniques', '+', eb.ref('excluded.uniques')),
        })),
      )
      .execute();
  }
}
