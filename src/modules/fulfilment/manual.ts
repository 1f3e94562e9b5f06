/**
 * A courier without an API (Iran Post, Tipax: no public consignment API was found). Staff book the parcel at the
 * counter or in the courier's portal, then type the tracking code from the receipt; status changes are staff moves.
 * Nothing is sent anywhere from here — the label staff write is the disclosure, still recorded by handoff.ts.
 */
import { toAsciiDigits } from '../../i18n/numbers.ts';
import { type CourierAdapter, CourierError } from './courier.ts';

/** Bidi marks and separators that come along when a code is copied from an SMS or typed in a Persian keyboard. */
const NOISE = /[\s\u200C-\u200F\u061C\u202A-\u202E\u2066-\u2069\-\u2010-\u2015]/g;

/** A typed tracking code, normalised (Persian or Arabic digits to ASCII, upper case, no spaces or dashes), or null. */
export function normaliseTrackingCode(input: string): string | null {
  const code = toAsciiDigits(input).replace(NOISE, '').toUpperCase();
  return /^[0-9A-Z]{6,40}$/.test(code) ? code : null;
}

export const manualCourier: CourierAdapter = {
  provider: 'manual',

  async createConsignment(input) {
    const code = normaliseTrackingCode(input.trackingCode ?? '');
    if (!code) throw new CourierError('rejected', 'enter the tracking code from the courier’s receipt');
    return { consignmentId: code, trackingCode: code };
  },

  async getStatus() {
    return null;
  },

  parseWebhook() {
    return { outcome: { kind: 'refused', reason: 'unsupported' }, reply: { status: 404, headers: {}, body: '' } };
  },
};
