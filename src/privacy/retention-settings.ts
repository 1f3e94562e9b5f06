import type { Preset, RetentionSettings } from '../presets/types.ts';

const DEFAULTS: RetentionSettings = {
  abandonedCartDays: 30,
  securityRecordDays: 30,
  backupDays: 30,
  erasureLimitDays: 90,
};

/** The preset's retention settings with the defaults filled in. */
export function retentionOf(preset: Preset): RetentionSettings {
  const settings = { ...DEFAULTS, ...preset.retention };
  if (settings.backupDays >= settings.erasureLimitDays) {
    // CM-17: a backup older than the erasure limit could bring an erased customer's key back.
    throw new Error(`preset ${preset.id}: backups must expire before the erasure limit`);
  }
  return settings;
}

export const DAY_MS = 86_400_000;
