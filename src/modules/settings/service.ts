import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DialectName } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import { dayIn } from '../../i18n/format.ts';
import type { Preset } from '../../presets/types.ts';
import { appendAudit } from '../../privacy/audit.ts';
import { type Gateways, withAvailableMethods } from '../payments/gateways.ts';
import type { PolicyFactsChanged } from './policy-hook.ts';
import {
  applyOverrides,
  changedKeys,
  POLICY_SETTINGS,
  type SettingKey,
  type ShopOverrides,
  type ShopSettings,
  settingsOf,
} from './shop-settings.ts';

/** The `settings` row that holds the shop's overrides of its preset. */
export const OVERRIDES_KEY = 'preset.overrides';

export interface SettingsChange {
  at: string;
  staffName: string;
  setting: SettingKey;
  before: unknown;
  after: unknown;
}

// biome-ignore lint/suspicious/noExplicitAny: read before and after the typed schema exists (first-run setup)
export async function loadOverrides(db: Kysely<any>): Promise<ShopOverrides> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', OVERRIDES_KEY).executeTakeFirst();
  return row ? (JSON.parse(row.value) as ShopOverrides) : {};
}

/** The effective preset of this install: the base preset, the shop's overrides, the gateways it can reach. */
export function effectivePreset(base: Preset, overrides: ShopOverrides, gateways: Gateways): Preset {
  return withAvailableMethods(applyOverrides(base, overrides), gateways);
}

/**
 * The shop's settings: stored as overrides of the preset it started from, each change kept in a history (who, when,
 * from what to what) and in the audit log. The live preset object every service holds is updated in place after a
 * save, so the storefront, checkout and policy page use the new settings from the next request on.
 */
export class SettingsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly dialect: DialectName,
    private readonly base: Preset,
    private readonly live: Preset,
    private readonly gateways: Gateways,
    private overrides: ShopOverrides,
    /** The hook for a change of the policy's facts (see policy-hook.ts); the lead wires the policy versions to it. */
    private readonly policyFactsChanged: PolicyFactsChanged,
  ) {}

  private checkedAt = 0;
  private timer: NodeJS.Timeout | null = null;

  /**
   * Picks up a change saved by another instance of the shop (behind a load balancer): at most every few seconds, one
   * read of the stored overrides, applied to the live preset when they differ from this instance's.
   */
  /**
   * Keeps this instance in step with what other instances saved: a timer, not a request hook, so that no page pays
   * for the read and a page's queries stay the same whatever the clock.
   */
  startRefreshing(everyMs = 5_000): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.refreshIfStale(Date.now(), everyMs).catch(() => undefined);
    }, everyMs);
    this.timer.unref();
  }

  stopRefreshing(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async refreshIfStale(now = Date.now(), everyMs = 5_000): Promise<void> {
    if (now - this.checkedAt < everyMs) return;
    this.checkedAt = now;
    const stored = await loadOverrides(this.db);
    if (JSON.stringify(stored) === JSON.stringify(this.overrides)) return;
    this.overrides = stored;
    Object.assign(this.live, effectivePreset(this.base, stored, this.gateways));
  }

  get basePreset(): Preset {
    return this.base;
  }

  /** The settings as the owner set them (gateways included even where this install has no credentials yet). */
  current(): ShopSettings {
    return settingsOf(applyOverrides(this.base, this.overrides));
  }

  /** Saves the settings that changed; returns which did (none: nothing is written). */
  async save(staffId: string, next: ShopSettings): Promise<SettingKey[]> {
    const now = new Date();
    const result = await this.db.transaction().execute(async (trx) => {
      // Read again inside the transaction: another instance may have saved since this one loaded.
      const stored = await loadOverrides(trx);
      const before = settingsOf(applyOverrides(this.base, stored));
      const changed = changedKeys(before, next);
      if (changed.length === 0) return { changed, overrides: stored };
      const overrides: ShopOverrides = { ...stored };
      for (const key of changed) Object.assign(overrides, { [key]: next[key] });
      if (changed.some((k) => POLICY_SETTINGS.includes(k))) {
        overrides.policyLastUpdated = dayIn(this.base.timezone, now);
      }
      await trx
        .insertInto('settings')
        .values({ key: OVERRIDES_KEY, value: JSON.stringify(overrides) })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(overrides) }))
        .execute();
      await trx
        .insertInto('settings_changes')
        .values(
          changed.map((key) => ({
            id: randomUUID(),
            at: now.toISOString(),
            staff_id: staffId,
            setting: key,
            before_value: JSON.stringify(before[key]),
            after_value: JSON.stringify(next[key]),
          })),
        )
        .execute();
      return { changed, overrides };
    });
    this.overrides = result.overrides;
    if (result.changed.length === 0) return [];
    Object.assign(this.live, effectivePreset(this.base, this.overrides, this.gateways));
    await appendAudit(this.db, this.dialect, {
      actor: `staff:${staffId}`,
      action: 'settings.changed',
      purpose: null,
      subject_id: null,
      field: null,
      detail: result.changed.join(','),
    });
    if (result.changed.some((k) => POLICY_SETTINGS.includes(k))) await this.policyFactsChanged(this.live);
    return result.changed;
  }

  /** The newest changes first. */
  async history(limit = 50): Promise<SettingsChange[]> {
    const rows = await this.db
      .selectFrom('settings_changes')
      .leftJoin('staff_users', 'staff_users.id', 'settings_changes.staff_id')
      .select([
        'settings_changes.at',
        'settings_changes.setting',
        'settings_changes.before_value',
        'settings_changes.after_value',
        'staff_users.display_name',
      ])
      .orderBy('settings_changes.at', 'desc')
      .orderBy('settings_changes.id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      at: r.at,
      staffName: r.display_name ?? '',
      setting: r.setting as SettingKey,
      before: JSON.parse(r.before_value),
      after: JSON.parse(r.after_value),
    }));
  }
}
