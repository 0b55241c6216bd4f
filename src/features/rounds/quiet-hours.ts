/**
 * No reminder at night or on a day off: a reminder's time moved forward out of the community's quiet
 * hours and holidays, as a wall clock in the recipient's zone. Pure; the holidays come as a predicate
 * over ISO days (HolidayService.isHolidayFn loads one for a window of days).
 */
import { Temporal } from 'temporal-polyfill';

export interface QuietRules {
  /** The recipient's zone: the night and the day off are theirs. */
  timeZone: string;
  /** Minutes of the day (0–1439). Start > end wraps past midnight (21:00–08:00); start = end: no quiet hours. */
  quietStartMinute: number;
  quietEndMinute: number;
  /** Whether an ISO day (yyyy-mm-dd, in `timeZone`) is a day off. */
  isHoliday: (isoDay: string) => boolean;
}

export const DEFAULT_QUIET_START_MINUTE = 21 * 60;
export const DEFAULT_QUIET_END_MINUTE = 8 * 60;

/**
 * How far a reminder may be pushed. A community with more days off in a row than this (a list gone
 * wrong) gets its reminder at the end of them rather than never.
 */
const MAX_DAYS_AHEAD = 60;

/** Whether a minute of the day falls in the quiet window. */
export function inQuietHours(minuteOfDay: number, start: number, end: number): boolean {
  if (start === end) return false;
  return start < end ? minuteOfDay >= start && minuteOfDay < end : minuteOfDay >= start || minuteOfDay < end;
}

/**
 * An instant at a wall-clock minute of a day, later than `after`. Normally the `compatible` reading (a
 * time a DST gap skips moves past the gap); when the clock is set back and that reading is the first
 * pass of an hour already lived, the second pass.
 */
function wallTimeAfter(day: Temporal.PlainDate, minute: number, timeZone: string, after: number): number {
  const wall = day.toPlainDateTime({ hour: Math.floor(minute / 60), minute: minute % 60 });
  const compatible = wall.toZonedDateTime(timeZone, { disambiguation: 'compatible' }).epochMilliseconds;
  if (compatible > after) return compatible;
  // Two clock changes in one day could leave even that behind: a minute later then, so the loop moves on.
  return Math.max(wall.toZonedDateTime(timeZone, { disambiguation: 'later' }).epochMilliseconds, after + 60_000);
}

/**
 * The first instant from `at` on that is outside quiet hours and not on a holiday, in the recipient's
 * zone: a time in the quiet window moves to its end (the next morning when the window wraps past
 * midnight), a time on a holiday to the end of the quiet window (or midnight without one) of the next
 * day, and so on until both hold. `at` itself when it is already allowed; never earlier than `at`.
 */
export function nextAllowedTime(at: Date, rules: QuietRules): Date {
  const { timeZone, quietStartMinute: start, quietEndMinute: end, isHoliday } = rules;
  const morning = start === end ? 0 : end;
  let instant = at.getTime();
  const firstDay = Temporal.Instant.fromEpochMilliseconds(instant).toZonedDateTimeISO(timeZone).toPlainDate();
  const lastDay = firstDay.add({ days: MAX_DAYS_AHEAD });
  for (;;) {
    const zoned = Temporal.Instant.fromEpochMilliseconds(instant).toZonedDateTimeISO(timeZone);
    const day = zoned.toPlainDate();
    if (Temporal.PlainDate.compare(day, lastDay) > 0) break;
    if (isHoliday(day.toString())) {
      instant = wallTimeAfter(day.add({ days: 1 }), morning, timeZone, instant);
      continue;
    }
    const minute = zoned.hour * 60 + zoned.minute;
    if (!inQuietHours(minute, start, end)) break;
    // Before the end on this day, or (a window that wraps, at night) at the end on the next.
    const endDay = start > end && minute >= start ? day.add({ days: 1 }) : day;
    instant = wallTimeAfter(endDay, end, timeZone, instant);
  }
  return new Date(instant);
}
