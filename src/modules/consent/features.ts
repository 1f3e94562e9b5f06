import type { NonEssentialFeature } from '../../presets/types.ts';

export interface FeatureDeclaration {
  /** The cookie the feature sets once the visitor has agreed. */
  cookie: string;
  maxAgeDays: number;
}

/**
 * The non-essential features a preset may enable (CM-12). Each sets its cookie only after consent; its purpose and
 * what stops working without it are the messages `consent.feature.<id>.purpose` and `consent.feature.<id>.without`
 * (shown on the banner, the cookie settings and the policy page, MS-09).
 */
export const FEATURES: Record<NonEssentialFeature, FeatureDeclaration> = {
  // The shop's address without a language ("/") opens in the language last chosen, not the shop's default.
  remember_language: { cookie: 'amanat_lang', maxAgeDays: 180 },
};

/** The essential cookie that remembers the visitor's answer to the banner (a signed record id, nothing else). */
export const CONSENT_COOKIE = 'amanat_consent';
export const CONSENT_COOKIE_DAYS = 180;
