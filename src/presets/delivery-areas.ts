import type { DeliveryArea, Localized } from './types.ts';

/** The name of a shop's one delivery area, when it does not divide where it delivers. */
export const ALL_AREAS: Localized = { bn: 'সব এলাকা', en: 'All areas', vi: 'Mọi khu vực', fa: 'همه مناطق' };

/** One area for everywhere the shop delivers, at one fee: what a policy that says nothing about areas amounts to. */
export function singleArea(fee: number, id = 'all'): DeliveryArea[] {
  return [{ id, name: ALL_AREAS, fee, enabled: true }];
}
