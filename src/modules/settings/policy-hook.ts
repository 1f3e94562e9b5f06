import type { Preset } from '../../presets/types.ts';

/**
 * Called after a saved change that alters what the privacy policy says (a recipient, a purpose, a retention, the
 * controller's identity), with the effective preset as it now is: the app posts a new policy version
 * (`PolicyVersions.recordIfChanged`, CM-18).
 */
export type PolicyFactsChanged = (preset: Preset) => Promise<void>;
