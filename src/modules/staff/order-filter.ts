import { normaliseInput, toAsciiDigits } from '../../i18n/numbers.ts';
import { parsePhone } from '../../i18n/phone.ts';
import type { MessageKey } from '../../i18n/translate.ts';
import type { PaymentMethodCode, Preset } from '../../presets/types.ts';
import { normaliseOrderCode } from '../orders/code.ts';
import { ORDER_STATUSES, type OrderStatus } from '../orders/lifecycle.ts';
import type { OrderChannel, OrderFilter } from '../orders/service.ts';

export const FILTER_FIELDS = ['q', 'status', 'channel', 'payment', 'from', 'to'] as const;
export type FilterValues = Partial<Record<(typeof FILTER_FIELDS)[number], string>>;

const CHANNELS: readonly OrderChannel[] = ['web', 'phone', 'email'];

/**
 * The staff order list's filter form: a status, channel, payment method, a range of days in the shop's time zone,
 * and one search box taking an order code, an exact phone number or an exact e-mail (found through the blind
 * indexes). Anything unreadable is reported on its field and the rest still applies.
 */
export function parseOrderFilter(
  query: Record<string, string | undefined>,
  preset: Preset,
): { filter: OrderFilter; values: FilterValues; errors: Partial<Record<keyof FilterValues, MessageKey>> } {
  const values: FilterValues = Object.fromEntries(
    FILTER_FIELDS.map((f) => [f, (query[f] ?? '').slice(0, 200)]).filter(([, v]) => v),
  );
  const errors: Partial<Record<keyof FilterValues, MessageKey>> = {};
  const filter: OrderFilter = {};
  if (ORDER_STATUSES.includes(values.status as OrderStatus)) filter.status = values.status as OrderStatus;
  if (CHANNELS.includes(values.channel as OrderChannel)) filter.channel = values.channel as OrderChannel;
  if (preset.paymentMethods.includes(values.payment as PaymentMethodCode)) {
    filter.paymentMethod = values.payment as PaymentMethodCode;
  }
  for (const edge of ['from', 'to'] as const) {
    if (!values[edge]) continue;
    const day = toAsciiDigits(values[edge]);
    const start = /^\d{4}-\d{2}-\d{2}$/.test(day) ? dayStart(day, preset.timezone) : null;
    if (start === null) errors[edge] = 'staff.filter.errorDay';
    // "To" includes the whole day: the list takes orders placed before the next day starts.
    else filter[edge] = edge === 'from' ? start : new Date(Date.parse(start) + 86_400_000).toISOString();
  }
  const q = normaliseInput(values.q ?? '');
  if (q) {
    const code = normaliseOrderCode(q);
    const phone = q.includes('@') ? null : parsePhone(q, preset.identity.country);
    if (code) filter.code = code;
    else if (q.includes('@')) filter.email = q.toLowerCase();
    else if (phone?.ok) filter.phoneE164 = phone.e164;
    else errors.q = 'staff.filter.errorSearch';
  }
  return { filter, values, errors };
}

/** The instant a calendar day begins in a time zone (the shops' zones keep no daylight saving). */
function dayStart(isoDay: string, timeZone: string): string | null {
  const utcMidnight = Date.parse(`${isoDay}T00:00:00Z`);
  if (Number.isNaN(utcMidnight)) return null;
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(utcMidnight));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return new Date(utcMidnight - (local - utcMidnight)).toISOString();
}
