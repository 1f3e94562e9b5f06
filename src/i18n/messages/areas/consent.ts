/**
 * Messages of one area of the product (consent), in the four languages. English defines the keys; the other languages
 * must have exactly these keys (test/i18n-messages.test.ts checks the merged catalogues).
 */
export const en = {} as const;

type Key = keyof typeof en;
export const bn: Record<Key, string> = {};
export const fa: Record<Key, string> = {};
export const vi: Record<Key, string> = {};
