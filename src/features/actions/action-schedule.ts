/**
 * When an action's owner is chased. Pure: every time is 09:00 of a day in the owner's zone (or the
 * community's), made an instant as report rounds make theirs (round-schedule.ts), so that a DST change
 * moves nothing. The due day is the day `dueAt` ends, read in that zone (a date without a time is due
 * at its end: the start of the next day, or its last millisecond).
 */
import { Temporal } from 'temporal-polyfill';
import { addDays, dayIn } from '../rounds/round-period.ts';
import { dueDay, wallTime } from '../rounds/round-schedule.ts';

export const ASSIGNED_STAGE = 'assigned';
export const DUE_SOON_STAGE = 'due-3';
export const DUE_STAGE = 'due';
const OVERDUE_PREFIX = 'overdue-';
/** The owner hears of it this many days before the due day, and again every this many days after it. */
const DUE_SOON_DAYS = 3;
const OVERDUE_EVERY_DAYS = 7;
const CHASE_MINUTE = 9 * 60;

export interface PlannedChase {
  stage: string;
  at: Date;
}

/** The day (ISO) an action is due in a zone. */
export function dueDayIn(dueAt: Date, timeZone: string): string {
  return dueDay(dueAt, timeZone);
}

/**
 * The chasing rows of one owner when an action is made: `assigned` now; `due-3` and `due` at 09:00
 * three days before and on the due day while still ahead; when `due` is already past, the first
 * overdue reminder still ahead instead (overdue ones are planned one at a time, see `nextOverdue`).
 */
export function initialChases(dueAt: Date | null, timeZone: string, now: Date): PlannedChase[] {
  const chases: PlannedChase[] = [{ stage: ASSIGNED_STAGE, at: new Date(now.getTime()) }];
  if (!dueAt) return chases;
  const day = dueDayIn(dueAt, timeZone);
  const soon = wallTime(addDays(day, -DUE_SOON_DAYS), CHASE_MINUTE, timeZone);
  if (soon.getTime() > now.getTime()) chases.push({ stage: DUE_SOON_STAGE, at: soon });
  const due = wallTime(day, CHASE_MINUTE, timeZone);
  if (due.getTime() > now.getTime()) chases.push({ stage: DUE_STAGE, at: due });
  else chases.push(overdueAfter(day, 0, timeZone, now));
  return chases;
}

/** The overdue number of a stage (`overdue-2` → 2), 0 for `due`, null for any other stage. */
export function overdueNumber(stage: string): number | null {
  if (stage === DUE_STAGE) return 0;
  if (!stage.startsWith(OVERDUE_PREFIX)) return null;
  const n = Number(stage.slice(OVERDUE_PREFIX.length));
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/**
 * The overdue reminder after the one handed over now (`due` or `overdue-n`): seven days after it, at
 * 09:00 on the owner's day. One that would already be past (the bot was off for weeks) is skipped to
 * the first still ahead, so that coming back sends one reminder, not a week's worth at once.
 */
export function nextOverdue(stage: string, dueAt: Date, timeZone: string, now: Date): PlannedChase | null {
  const n = overdueNumber(stage);
  if (n === null) return null;
  return overdueAfter(dueDayIn(dueAt, timeZone), n, timeZone, now);
}

function overdueAfter(day: string, n: number, timeZone: string, now: Date): PlannedChase {
  let k = n + 1;
  let at = wallTime(addDays(day, k * OVERDUE_EVERY_DAYS), CHASE_MINUTE, timeZone);
  while (at.getTime() <= now.getTime()) {
    k += 1;
    at = wallTime(addDays(day, k * OVERDUE_EVERY_DAYS), CHASE_MINUTE, timeZone);
  }
  return { stage: `${OVERDUE_PREFIX}${k}`, at };
}

/** Whole days from the due day to `now`'s day in the zone: 0 on the due day, 7 a week later. */
export function daysOverdue(dueAt: Date, timeZone: string, now: Date): number {
  const due = Temporal.PlainDate.from(dueDayIn(dueAt, timeZone));
  const today = Temporal.PlainDate.from(dayIn(now, timeZone));
  return Math.max(0, due.until(today, { largestUnit: 'days' }).days);
}

/**
 * The ISO week a weekly digest belongs to (`2026-W03`), and whether its time has come: from Monday
 * 09:00 in the zone on, all week long (a bot that was off on Monday sends it when it is back).
 */
export function digestWeek(now: Date, timeZone: string): { week: string; due: boolean } {
  const local = Temporal.Instant.fromEpochMilliseconds(now.getTime()).toZonedDateTimeISO(timeZone);
  const date = local.toPlainDate();
  const week = `${date.yearOfWeek}-W${String(date.weekOfYear).padStart(2, '0')}`;
  const beforeNine = local.dayOfWeek === 1 && local.hour * 60 + local.minute < CHASE_MINUTE;
  return { week, due: !beforeNine };
}
