import { dayIn, isoDayToJalali, jalaliToIsoDay } from '../../i18n/format.ts';
import type { Locale } from '../../i18n/locales.ts';

export interface Period {
  /** Inclusive start and exclusive end, as UTC ISO instants (how orders store their time). */
  from: string;
  to: string;
}

/** How far a time zone is ahead of UTC at an instant, in milliseconds. */
function offsetMs(timeZone: string, at: Date): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant a calendar day begins in a time zone (twice corrected, for days that start at a DST change). */
export function startOfDay(isoDay: string, timeZone: string): Date {
  const midnightUtc = Date.parse(`${isoDay}T00:00:00Z`);
  let guess = midnightUtc - offsetMs(timeZone, new Date(midnightUtc));
  guess = midnightUtc - offsetMs(timeZone, new Date(guess));
  return new Date(guess);
}

const nextDay = (isoDay: string) => new Date(Date.parse(`${isoDay}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** Today in the shop's time zone. */
export function today(timeZone: string, now = new Date()): Period {
  const day = dayIn(timeZone, now);
  return { from: startOfDay(day, timeZone).toISOString(), to: startOfDay(nextDay(day), timeZone).toISOString() };
}

/**
 * This month in the shop's time zone and in the calendar of the page's language: the Jalali month for Persian
 * (Azar runs from 22 November to 21 December), the Gregorian month otherwise.
 */
export function thisMonth(timeZone: string, locale: Locale, now = new Date()): Period {
  const day = dayIn(timeZone, now);
  let first: string;
  let next: string;
  if (locale === 'fa') {
    const j = isoDayToJalali(day)!;
    first = jalaliToIsoDay(j.year, j.month, 1)!;
    next = j.month === 12 ? jalaliToIsoDay(j.year + 1, 1, 1)! : jalaliToIsoDay(j.year, j.month + 1, 1)!;
  } else {
    const [y, m] = day.split('-').map(Number);
    first = `${y}-${String(m).padStart(2, '0')}-01`;
    next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  }
  return { from: startOfDay(first, timeZone).toISOString(), to: startOfDay(next, timeZone).toISOString() };
}
