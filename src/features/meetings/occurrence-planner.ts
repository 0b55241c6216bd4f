/**
 * Which occurrences of a meeting to store: pure, so that tests drive it with any clock. A recurring
 * series is stored ahead for a horizon (a number of days, and at most a number of occurrences); the
 * horizon job extends it as time passes.
 */
import { Temporal } from 'temporal-polyfill';
import { expandWallClock } from './recurrence.ts';

export interface SeriesShape {
  /** The first occurrence. */
  startsAt: Date;
  timeZone: string;
  durationMinutes: number;
  /** A checked RRULE (see recurrence.ts), or null for a single meeting. */
  rrule: string | null;
}

export interface PlannedOccurrence {
  startsAt: Date;
  endsAt: Date;
}

export interface PlanWindow {
  /** Occurrences starting at or after this instant… */
  from: Date;
  /** …and before this one… */
  until: Date;
  /** …at most this many. */
  limit: number;
}

export const HORIZON_DAYS = 60;
export const HORIZON_OCCURRENCES = 10;
const DAY_MS = 86_400_000;

/** The window stored ahead at `now`: the next 60 days, at most 10 occurrences. */
export function horizonFrom(now: Date): PlanWindow {
  return { from: now, until: new Date(now.getTime() + HORIZON_DAYS * DAY_MS), limit: HORIZON_OCCURRENCES };
}

export function wallClockOf(instant: Date, zone: string): Temporal.PlainDateTime {
  return Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(zone).toPlainDateTime();
}

/**
 * A local date-time as an instant in the zone. A wall-clock time that does not exist (skipped by a DST
 * change) moves forward; one that happens twice takes the first (Temporal's `compatible`).
 */
export function instantOf(wall: Temporal.PlainDateTime, zone: string): Date {
  return new Date(wall.toZonedDateTime(zone, { disambiguation: 'compatible' }).epochMilliseconds);
}

export function planOccurrences(series: SeriesShape, window: PlanWindow): PlannedOccurrence[] {
  const durationMs = series.durationMinutes * 60_000;
  const occurrence = (startsAt: Date) => ({ startsAt, endsAt: new Date(startsAt.getTime() + durationMs) });
  const from = Math.max(window.from.getTime(), series.startsAt.getTime());
  if (!series.rrule) {
    const t = series.startsAt.getTime();
    return t >= from && t < window.until.getTime() && window.limit > 0 ? [occurrence(series.startsAt)] : [];
  }
  if (from >= window.until.getTime()) return [];
  // A day of margin on each side: the wall-clock window differs from the instant window by the offset.
  const fromWall = wallClockOf(new Date(from - DAY_MS), series.timeZone);
  const toWall = wallClockOf(new Date(window.until.getTime() + DAY_MS), series.timeZone);
  const start = wallClockOf(series.startsAt, series.timeZone);
  const planned: PlannedOccurrence[] = [];
  // The margin may bring in a few that are outside the window; ask for enough to fill it anyway.
  for (const wall of expandWallClock(series.rrule, start, fromWall, toWall, window.limit + 4)) {
    const startsAt = instantOf(wall, series.timeZone);
    if (startsAt.getTime() < from || startsAt.getTime() >= window.until.getTime()) continue;
    if (planned.length >= window.limit) break;
    planned.push(occurrence(startsAt));
  }
  return planned;
}

/** The first occurrence at or after `from` within a long look-ahead, or null when the rule never yields one. */
export function firstOccurrence(series: SeriesShape, from: Date, lookAheadDays = 800): PlannedOccurrence | null {
  const until = new Date(from.getTime() + lookAheadDays * DAY_MS);
  return planOccurrences(series, { from, until, limit: 1 })[0] ?? null;
}
