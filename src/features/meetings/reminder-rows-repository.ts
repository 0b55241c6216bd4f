import type { DbTransaction } from '../../db/prisma-client.ts';
import type { PlannedReminder } from './reminder-planner.ts';

/**
 * Reminder rows written inside a meeting's transaction (create, edit, replan, cancel, extend): the
 * answers that exclude a member, the plan inserted or replacing the pending rows, cancellations.
 */

const PENDING_REMINDER = ['planned', 'skipped'] as const;

/** Each occurrence's members who answered "no". */
export async function declinedIn(
  tx: DbTransaction,
  occurrences: ReadonlyArray<{ id: number }>,
): Promise<Map<number, Set<number>>> {
  const map = new Map<number, Set<number>>();
  if (occurrences.length === 0) return map;
  const rows = await tx.rsvp.findMany({
    where: { occurrenceId: { in: occurrences.map((o) => o.id) }, answer: 'no' },
    select: { occurrenceId: true, memberId: true },
  });
  for (const row of rows) {
    const set = map.get(row.occurrenceId) ?? new Set<number>();
    set.add(row.memberId);
    map.set(row.occurrenceId, set);
  }
  return map;
}

/** Planned reminder rows; one that exists already (same occurrence, offset, target) is left as it is. */
export async function insertReminders(tx: DbTransaction, rows: PlannedReminder[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.reminder.createMany({ data: rows, skipDuplicates: true });
}

/**
 * Pending reminders of these occurrences replaced by a new plan. A row the dispatcher holds right now
 * is locked: the delete waits for it and then finds it sent, and the insert then skips its key.
 */
export async function replaceReminders(
  tx: DbTransaction,
  occurrences: ReadonlyArray<{ id: number }>,
  rows: PlannedReminder[],
): Promise<void> {
  if (occurrences.length === 0) return;
  await tx.reminder.deleteMany({
    where: {
      occurrenceId: { in: occurrences.map((o) => o.id) },
      kind: 'reminder',
      status: { in: [...PENDING_REMINDER] },
    },
  });
  await insertReminders(tx, rows);
}

export async function cancelInTransaction(tx: DbTransaction, occurrenceIds: number[], now: Date): Promise<void> {
  if (occurrenceIds.length === 0) return;
  await tx.meetingOccurrence.updateMany({
    where: { id: { in: occurrenceIds }, cancelledAt: null },
    data: { cancelledAt: now },
  });
  await tx.reminder.updateMany({
    where: { occurrenceId: { in: occurrenceIds }, kind: 'reminder', status: { in: [...PENDING_REMINDER] } },
    data: { status: 'cancelled', handledAt: now },
  });
}
