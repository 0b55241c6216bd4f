/**
 * Reminder rows for one occurrence: one per (offset, target). Pure: the caller gives the clock, the
 * community's offsets, the targets of the audience, and who answered "no".
 */

/** Where a reminder goes: a group chat (memberId null) or a member's private chat. */
export interface ReminderTarget {
  platform: string;
  chatId: string;
  memberId: number | null;
}

export interface PlannedReminder {
  occurrenceId: number;
  offsetMinutes: number;
  targetPlatform: string;
  targetChatId: string;
  memberId: number | null;
  dueAt: Date;
  status: 'planned' | 'skipped';
}

export interface ReminderPlanOptions {
  now: Date;
  /** Members who answered "no" to this occurrence: their private reminders are skipped. */
  declined?: ReadonlySet<number>;
}

/**
 * A reminder whose moment is already past when it is planned (the 1-day reminder of a meeting set for
 * this afternoon) is not planned at all: it would arrive late by design.
 */
export function planReminders(
  occurrence: { id: number; startsAt: Date },
  offsetsMinutes: readonly number[],
  targets: readonly ReminderTarget[],
  options: ReminderPlanOptions,
): PlannedReminder[] {
  const rows: PlannedReminder[] = [];
  const seen = new Set<string>();
  for (const offsetMinutes of new Set(offsetsMinutes)) {
    const dueAt = new Date(occurrence.startsAt.getTime() - offsetMinutes * 60_000);
    if (dueAt.getTime() <= options.now.getTime()) continue;
    for (const target of targets) {
      const key = `${offsetMinutes}|${target.platform}|${target.chatId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const declined = target.memberId !== null && options.declined?.has(target.memberId) === true;
      rows.push({
        occurrenceId: occurrence.id,
        offsetMinutes,
        targetPlatform: target.platform,
        targetChatId: target.chatId,
        memberId: target.memberId,
        dueAt,
        status: declined ? 'skipped' : 'planned',
      });
    }
  }
  return rows;
}
