/** The hand-off form: what staff type for each courier, and reading it back from a submitted form. */
import { normaliseInput, toAsciiDigits } from '../../i18n/numbers.ts';
import type { MessageKey } from '../../i18n/translate.ts';
import type { ConsignmentInput, CourierProvider } from './courier.ts';

export interface LocationField {
  /** The adapter's key in ConsignmentInput.recipient.locationIds, and the form field's name. */
  key: string;
  label: MessageKey;
  /** An integer id (typed in any script's digits), rather than a code kept as text. */
  numeric: boolean;
}

/**
 * The courier's own ids of the delivery area, all required when listed. Pathao reads the area from the address (or
 * takes the shop's default city and zone); the manual courier needs the tracking code only.
 */
export const LOCATION_FIELDS: Record<CourierProvider, readonly LocationField[]> = {
  pathao: [],
  ghn: [
    { key: 'district_id', label: 'fulfilment.ghnDistrict', numeric: true },
    { key: 'ward_code', label: 'fulfilment.ghnWard', numeric: false },
  ],
  manual: [],
};

export type HandoffForm =
  | { ok: true; trackingCode?: string; locationIds?: ConsignmentInput['recipient']['locationIds'] }
  | { ok: false; error: MessageKey };

/** Reads the form. The tracking code is checked by handOff() itself, before anything is disclosed. */
export function readHandoffForm(body: unknown, provider: CourierProvider): HandoffForm {
  const form = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const text = (name: string) => (typeof form[name] === 'string' ? normaliseInput(form[name]).slice(0, 100) : '');
  const locationIds: Record<string, string | number> = {};
  for (const field of LOCATION_FIELDS[provider]) {
    const typed = toAsciiDigits(text(field.key));
    if (field.numeric ? !/^\d{1,9}$/.test(typed) : !/^[0-9A-Za-z]{1,20}$/.test(typed)) {
      return { ok: false, error: 'fulfilment.errorLocation' };
    }
    locationIds[field.key] = field.numeric ? Number(typed) : typed;
  }
  return {
    ok: true,
    ...(provider === 'manual' ? { trackingCode: text('tracking_code') } : {}),
    ...(Object.keys(locationIds).length > 0 ? { locationIds } : {}),
  };
}
