import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { DeclaredRecipient, Preset } from '../../presets/types.ts';
import type { DataMap } from '../../privacy/datamap.ts';
import { type PolicyChange, type PolicySnapshot, policyChanges, policySnapshot } from './snapshot.ts';

export interface PolicyVersion {
  id: string;
  number: number;
  effectiveAt: string;
  snapshot: PolicySnapshot;
  changes: PolicyChange[];
}

/**
 * The versioned privacy policy (CM-18, MS-11). The policy is a function of the effective preset and the data map;
 * `recordIfChanged` (at startup, and after a settings change) compares it with the version in force and, when it
 * differs, posts a new version that takes effect at once. Versions are never edited or deleted.
 */
export class PolicyVersions {
  private latest: PolicyVersion | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly dataMap: DataMap,
    /** The recipients the install's configuration adds to the preset's (SMS provider, SMTP relay). */
    private readonly providers: readonly DeclaredRecipient[] = [],
  ) {}

  /** The version in force (after `recordIfChanged` ran once in this process). */
  get current(): PolicyVersion {
    if (!this.latest) throw new Error('no policy version recorded yet: call recordIfChanged(preset) at startup');
    return this.latest;
  }

  /** Records a new version when what the policy says for this preset differs from the version in force. */
  async recordIfChanged(preset: Preset): Promise<PolicyVersion> {
    const snapshot = policySnapshot(preset, this.dataMap, this.providers);
    const hash = createHash('sha256').update(JSON.stringify(snapshot)).digest('hex');
    for (let attempt = 0; ; attempt++) {
      const last = await this.newest();
      if (last && last.content_hash === hash) {
        this.latest = toVersion(last);
        return this.latest;
      }
      const version: PolicyVersion = {
        id: randomBytes(12).toString('hex'),
        number: (last?.number ?? 0) + 1,
        effectiveAt: new Date().toISOString(),
        snapshot,
        changes: policyChanges(last ? (JSON.parse(last.snapshot) as PolicySnapshot) : null, snapshot),
      };
      try {
        await this.db
          .insertInto('policy_versions')
          .values({
            id: version.id,
            number: version.number,
            effective_at: version.effectiveAt,
            content_hash: hash,
            snapshot: JSON.stringify(snapshot),
            changes: JSON.stringify(version.changes),
          })
          .execute();
        this.latest = version;
        return version;
      } catch (error) {
        // Another instance posted the same number first: read again and compare with theirs.
        if (attempt >= 3) throw error;
      }
    }
  }

  /**
   * Keeps `current` up to date with versions another instance posted (behind a load balancer, a settings change
   * is recorded by whichever instance handled it): the newest version is read again every minute.
   */
  startRefreshing(everyMs = 60_000): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.newest()
        .then((row) => {
          if (row && (!this.latest || Number(row.number) > this.latest.number)) this.latest = toVersion(row);
        })
        .catch(() => undefined);
    }, everyMs);
    this.timer.unref();
  }

  stopRefreshing(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Every version, newest first. */
  async history(): Promise<PolicyVersion[]> {
    const rows = await this.db.selectFrom('policy_versions').selectAll().orderBy('number', 'desc').execute();
    return rows.map(toVersion);
  }

  async byId(id: string): Promise<PolicyVersion | null> {
    const row = await this.db.selectFrom('policy_versions').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toVersion(row) : null;
  }

  /**
   * The version a signed-in customer has not been told about yet, marked as told: the notice shows once (CM-18).
   * An account never told anything hears of the current version if there has been any change since the first.
   */
  async unseenBy(accountId: string): Promise<PolicyVersion | null> {
    const current = this.current;
    const seen = await this.db
      .selectFrom('policy_notices_seen')
      .select('version_number')
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    if (seen && seen.version_number >= current.number) return null;
    const now = new Date().toISOString();
    if (seen) {
      await this.db
        .updateTable('policy_notices_seen')
        .set({ version_number: current.number, seen_at: now })
        .where('account_id', '=', accountId)
        .execute();
      return current;
    }
    await this.db
      .insertInto('policy_notices_seen')
      .values({ account_id: accountId, version_number: current.number, seen_at: now })
      .onConflict((oc) => oc.column('account_id').doNothing())
      .execute();
    return current.number > 1 ? current : null;
  }

  private newest() {
    return this.db.selectFrom('policy_versions').selectAll().orderBy('number', 'desc').limit(1).executeTakeFirst();
  }
}

function toVersion(row: DB['policy_versions']): PolicyVersion {
  return {
    id: row.id,
    number: Number(row.number),
    effectiveAt: row.effective_at,
    snapshot: JSON.parse(row.snapshot) as PolicySnapshot,
    changes: JSON.parse(row.changes) as PolicyChange[],
  };
}
