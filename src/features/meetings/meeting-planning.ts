/**
 * Pure planning the service hands to the repository: which occurrences to store or change, and the
 * reminder plan run inside the repository's transaction.
 */
import type { OccurrenceChanges, ReminderPlan } from './meeting-types.ts';
import { horizonFrom, planOccurrences, type PlannedOccurrence, type SeriesShape } from './occurrence-planner.ts';
import { planReminders, type ReminderTarget } from './reminder-planner.ts';

/** The planner for a set of occurrences: the community's offsets, the audience's targets, the clock. */
export function reminderPlan(offsets: number[], targets: ReminderTarget[], now: Date): ReminderPlan {
  return (occurrences, declined) =>
    occurrences.flatMap((o) => planReminders(o, offsets, targets, { now, declined: declined.get(o.id) ?? new Set() }));
}

/** The stored horizon, and at least the first occurrence even when it lies beyond it. */
export function horizonOccurrences(shape: SeriesShape, now: Date, first: PlannedOccurrence): PlannedOccurrence[] {
  const planned = planOccurrences(shape, horizonFrom(now));
  return planned.length > 0 ? planned : [first];
}

/**
 * Stored future occurrences against the wanted ones: same start → kept (its end may move); gone →
 * cancelled; new → added, inheriting in order the answers of the ones that moved away.
 */
export function matchOccurrences(
  existing: ReadonlyArray<{ id: number; startsAt: Date; endsAt: Date }>,
  wanted: readonly PlannedOccurrence[],
): OccurrenceChanges {
  const wantedAt = new Map(wanted.map((o) => [o.startsAt.getTime(), o]));
  const existingAt = new Set(existing.map((o) => o.startsAt.getTime()));
  const gone = existing.filter((o) => !wantedAt.has(o.startsAt.getTime()));
  const keep = existing
    .filter((o) => wantedAt.has(o.startsAt.getTime()))
    .map((o) => ({ id: o.id, endsAt: wantedAt.get(o.startsAt.getTime())!.endsAt }));
  const add = wanted
    .filter((o) => !existingAt.has(o.startsAt.getTime()))
    .map((o, i) => ({ ...o, answersFrom: gone[i]?.id ?? null }));
  return { cancelIds: gone.map((o) => o.id), keep, add };
}
