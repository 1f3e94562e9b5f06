import type { Preset } from '../../presets/types.ts';

/**
 * Called after a saved change that alters what the privacy policy says (a recipient, a purpose, a retention, the
 * controller's identity), with the effective preset as it now is. The policy page already shows the new facts and
 * the new last-updated date (they are part of the preset); the versioned policy of the privacy center (branch
 * `consent`, `recordIfChanged(preset)`) is to be wired here at merge.
 */
export type PolicyFactsChanged = (preset: Preset) => Promise<void>;

export const noPolicyVersioning: PolicyFactsChanged = async () => {};
