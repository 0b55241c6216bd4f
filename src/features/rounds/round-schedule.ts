/**
 * When a round opens, when it is due, and when the libraries that have not answered are chased. Pure:
 * every time is a wall-clock time of a day in the community's zone, made an instant with Temporal (a
 * 09:00 that a DST change skips becomes the first time after the gap). Quiet hours and holidays are
 * applied per recipient afterwards (quiet-hours.ts).
 */
import { Temporal } from 'temporal-polyfill';
import { addDays, dayIn, startOfDay, type Period } from './round-period.ts';

export interface RoundDatesInput {
  period: Period;
  timeZone: string;
  /** The round opens at the start of the period's last day minus this many days (0: its last day). */
  openDaysBefore: number;
  /** It is due at the end of the day this many days after the period's last day (0: the last day itself). */
  dueDaysAfter: number;
  now: Date;
}

/**
 * The round's opening and due instants. A round made after its opening day opens now. The caller
 * refuses a round whose `dueAt` is already past: nothing here does, so that a chair's choice can be
 * explained in the chair's words.
 */
export function roundDates(input: RoundDatesInput): { opensAt: Date; dueAt: Date } {
  const { period, timeZone, openDaysBefore, dueDaysAfter, now } = input;
  const planned = startOfDay(addDays(period.lastDay, -openDaysBefore), timeZone);
  const opensAt = planned.getTime() < now.getTime() ? new Date(now.getTime()) : planned;
  const dueAt = startOfDay(addDays(period.lastDay, dueDaysAfter + 1), timeZone);
  return { opensAt, dueAt };
}

export const CHASE_STAGES = ['open', 'due-7', 'due-1', 'due', 'late-3', 'missing'] as const;
/**
 * A moment of chasing: `open` asks every library; `due-7`, `due-1`, `due` and `late-3` remind those
 * that have not answered; `missing` tells the chair which are still missing.
 */
export type ChaseStage = (typeof CHASE_STAGES)[number];

export interface ChaseTime {
  stage: ChaseStage;
  at: Date;
}

/** The stages after `open`: the day relative to the due day, and the wall-clock minute of that day. */
const TIMED_STAGES: ReadonlyArray<{ stage: Exclude<ChaseStage, 'open'>; days: number; minute: number }> = [
  { stage: 'due-7', days: -7, minute: 9 * 60 },
  { stage: 'due-1', days: -1, minute: 9 * 60 },
  { stage: 'due', days: 0, minute: 9 * 60 },
  { stage: 'late-3', days: 3, minute: 9 * 60 },
  // An hour after the last reminder, so that a library answering at once is not reported missing.
  { stage: 'missing', days: 3, minute: 10 * 60 },
];

/** The due day: the last day that starts before `dueAt`, in the zone. */
export function dueDay(dueAt: Date, timeZone: string): string {
  return dayIn(new Date(dueAt.getTime() - 1), timeZone);
}

/** A wall-clock minute of an ISO day in a zone, as an instant (`compatible`: a skipped time moves later). */
export function wallTime(isoDay: string, minuteOfDay: number, timeZone: string): Date {
  const zoned = Temporal.PlainDate.from(isoDay)
    .toPlainDateTime({ hour: Math.floor(minuteOfDay / 60), minute: minuteOfDay % 60 })
    .toZonedDateTime(timeZone, { disambiguation: 'compatible' });
  return new Date(zoned.epochMilliseconds);
}

/**
 * Every chasing moment of a round, in order: its opening, 09:00 seven days and one day before the due
 * day, 09:00 on it, 09:00 three days after it, and the chair's list of missing libraries at 10:00 that
 * day. A stage that would come before the opening (a short round) is dropped, not moved: a reminder
 * "7 days left" sent with the first question would only repeat it.
 */
export function chaseStages(opensAt: Date, dueAt: Date, timeZone: string): ChaseTime[] {
  const due = dueDay(dueAt, timeZone);
  const stages: ChaseTime[] = [{ stage: 'open', at: new Date(opensAt.getTime()) }];
  for (const { stage, days, minute } of TIMED_STAGES) {
    const at = wallTime(addDays(due, days), minute, timeZone);
    if (at.getTime() >= opensAt.getTime()) stages.push({ stage, at });
  }
  return stages;
}
