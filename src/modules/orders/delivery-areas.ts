import { MINOR_DIGITS } from '../../i18n/format.ts';
import type { Locale } from '../../i18n/locales.ts';
import type { DeliveryArea, Localized, Preset } from '../../presets/types.ts';

/** The areas checkout offers: the enabled ones, in the owner's order. */
export function offeredAreas(preset: Pick<Preset, 'deliveryAreas'>): DeliveryArea[] {
  return preset.deliveryAreas.filter((a) => a.enabled);
}

/** An area's fee in the currency's minor unit: what the cart, the checkout and the order all show. */
export function areaFeeMinor(area: Pick<DeliveryArea, 'fee'>, currency: Preset['currency']): number {
  return Math.round(area.fee * 10 ** MINOR_DIGITS[currency]);
}

/**
 * The area an order is delivered to: the one chosen, if the shop offers it; with no choice made, the first offered
 * one (callers that never ask, such as the demo orders; checkout and order entry ask whenever there are several).
 */
export function resolveArea(preset: Pick<Preset, 'deliveryAreas'>, id: string | null | undefined): DeliveryArea | null {
  const offered = offeredAreas(preset);
  if (!id) return offered[0] ?? null;
  return offered.find((a) => a.id === id) ?? null;
}

/** An area's name in this language, else in the shop's own (an area is named in each language the shop offers). */
export function areaName(name: Localized, locale: Locale, fallback: Locale): string {
  return name[locale] || name[fallback] || Object.values(name).find(Boolean) || '';
}
