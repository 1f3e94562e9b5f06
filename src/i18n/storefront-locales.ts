import { isLocale, LOCALES, type Locale } from './locales.ts';

/**
 * The languages the storefront offers: the shop's choice (all four when it made none), always with its own language,
 * in the fixed order of LOCALES. Staff pages are offered in all four whatever the shop chose.
 */
export function storefrontLocales(shop: { languages?: readonly Locale[]; defaultLocale: Locale }): Locale[] {
  const chosen = new Set<Locale>(shop.languages ?? LOCALES);
  chosen.add(shop.defaultLocale);
  return LOCALES.filter((l) => chosen.has(l));
}

/** A path (after the locale) of the staff area, which keeps every language. */
export const isStaffPath = (path: string) => path === '/staff' || path.startsWith('/staff/');

/**
 * Where a GET of a storefront page in a language the shop does not offer goes: the same path and query in the shop's
 * own language; null when the request is fine as it is (an offered language, the staff area, not a page).
 */
export function disabledLocaleRedirect(
  url: string,
  shop: { languages?: readonly Locale[]; defaultLocale: Locale },
): string | null {
  const match = /^\/([a-z]{2})(\/[^?]*)?(\?.*)?$/.exec(url);
  if (!match || !isLocale(match[1])) return null;
  const [, locale, path = '/', query = ''] = match;
  if (isStaffPath(path) || storefrontLocales(shop).includes(locale)) return null;
  return `/${shop.defaultLocale}${path}${query}`;
}
