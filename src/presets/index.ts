import { chotomoniPreset } from './chotomoni.ts';
import { hatkoroPreset } from './hatkoro.ts';
import { khakrizPreset } from './khakriz.ts';
import { khatraPreset } from './khatra.ts';
import { mistriPreset } from './mistri.ts';
import type { Preset } from './types.ts';

/** The five seed businesses, by id. */
export const PRESETS: Record<Preset['id'], Preset> = {
  hatkoro: hatkoroPreset,
  chotomoni: chotomoniPreset,
  mistri: mistriPreset,
  khatra: khatraPreset,
  khakriz: khakrizPreset,
};

export const PRESET_IDS: readonly Preset['id'][] = ['hatkoro', 'chotomoni', 'mistri', 'khatra', 'khakriz'];

export function isPresetId(id: string): id is Preset['id'] {
  return (PRESET_IDS as readonly string[]).includes(id);
}

/** The preset with this id; undefined for anything else (including inherited keys such as "constructor"). */
export function getPreset(id: string): Preset | undefined {
  return isPresetId(id) ? PRESETS[id] : undefined;
}
