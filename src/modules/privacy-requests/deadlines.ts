import { dayIn } from '../../i18n/format.ts';
import type { Preset, RequestDeadlines } from '../../presets/types.ts';

/** Acknowledge the same day, complete within 10 days, alert staff on day 7: when the preset says nothing else. */
export const DEFAULT_DEADLINES: RequestDeadlines = {
  acknowledge: { days: 0 },
  complete: { days: 10 },
  alertAfterDays: 7,
};

/** The GDPR-style option (Art. 12(3)): answer without undue delay and within one month. */
export const GDPR_DEADLINES: RequestDeadlines = {
  acknowledge: { days: 0 },
  complete: { months: 1 },
  alertAfterDays: 21,
};

export interface RequestDueDays {
  receivedOn: string;
  ackDueOn: string;
  dueOn: string;
  alertOn: string;
}

export function deadlinesOf(preset: Preset): RequestDeadlines {
  return preset.requestDeadlines ?? DEFAULT_DEADLINES;
}

/** Calendar arithmetic on YYYY-MM-DD days, at noon UTC so no time zone or DST can move the day. */
function addDays(day: string, n: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function weekday(day: string): number {
  return new Date(`${day}T12:00:00Z`).getUTCDay();
}

function addWorkingDays(day: string, n: number, weekend: number[]): string {
  let d = day;
  // A request received on a day off counts from the next working day.
  while (weekend.includes(weekday(d))) d = addDays(d, 1);
  for (let left = n; left > 0; ) {
    d = addDays(d, 1);
    if (!weekend.includes(weekday(d))) left--;
  }
  return d;
}

/** One calendar month later, clamped to the month's last day (31 January → 28/29 February). */
function addMonths(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const target = new Date(Date.UTC(y, m - 1 + n, 1, 12));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0, 12)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}

/** The days by which a request received at `receivedAt` must be acknowledged and completed, and staff alerted. */
export function dueDays(rules: RequestDeadlines, timeZone: string, receivedAt: Date): RequestDueDays {
  const receivedOn = dayIn(timeZone, receivedAt);
  const weekend = rules.weekend ?? [0, 6];
  const ack = rules.acknowledge;
  const ackDueOn = ack.working ? addWorkingDays(receivedOn, ack.days, weekend) : addDays(receivedOn, ack.days);
  const dueOn =
    'months' in rules.complete
      ? addMonths(receivedOn, rules.complete.months)
      : addDays(receivedOn, rules.complete.days);
  return { receivedOn, ackDueOn, dueOn, alertOn: addDays(receivedOn, rules.alertAfterDays) };
}

export type Urgency = 'overdue' | 'alert' | 'on_time';

/** How a still-open request stands today: past its due day, at or past its alert day, or on time. */
export function urgencyOf(
  request: { dueOn: string; alertOn: string; ackDueOn: string; acknowledged: boolean },
  today: string,
): Urgency {
  if (today > request.dueOn || (!request.acknowledged && today > request.ackDueOn)) return 'overdue';
  if (today >= request.alertOn) return 'alert';
  return 'on_time';
}
