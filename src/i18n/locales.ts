export const LOCALES = ['bn', 'en', 'vi', 'fa'] as const;
export type Locale = (typeof LOCALES)[number];

/** Writing direction per locale; kept static rather than read from Intl.Locale#textInfo (a getter in Node 20). */
export const DIRECTION: Record<Locale, 'ltr' | 'rtl'> = { bn: 'ltr', en: 'ltr', vi: 'ltr', fa: 'rtl' };

/** BCP 47 tag used with Intl for each locale. */
export const INTL_TAG: Record<Locale, string> = { bn: 'bn-BD', en: 'en-US', vi: 'vi-VN', fa: 'fa-IR' };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}
