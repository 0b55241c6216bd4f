import type { Logger } from '../../logger.ts';
import type { Translator } from '../../i18n/translator.ts';
import { speakerFor } from '../meetings/meeting-text.ts';
import type {
  ActionChaseOutcome,
  ActionChaseRepository,
  DueActionChase,
  PlannedRow,
} from './action-chase-repository.ts';
import { DUE_SOON_STAGE, nextOverdue } from './action-schedule.ts';
import { chaseMessage, readerFrom } from './action-text.ts';

/** "Due in 3 days" said after the due day's own reminder was due would only confuse: it is dropped. */
const DUE_SOON_STALE_AFTER_MS = 3 * 24 * 3600_000;

/**
 * Hands due chasing messages of action items to the owners' private chats, exactly once
 * (ActionChaseRepository.handDue). Owners who are done or declined and actions that are done or
 * cancelled are skipped. Unlike report rounds, no quiet hours: an owner is chased at 09:00 their time,
 * as meeting reminders go when they are due. When `due` or an overdue reminder is handed over (or could
 * not be, for want of a private chat), the next overdue one is planned seven days on, in the same
 * transaction: one at a time, so that a done action stops them without anything to cancel.
 */
export class ActionChaser {
  constructor(
    private readonly repo: ActionChaseRepository,
    private readonly translator: Translator,
    private readonly outbox: { wake(): void },
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
    private readonly batchSize = 500,
  ) {}

  async tick(): Promise<{ handled: number; sent: number }> {
    const total = { handled: 0, sent: 0 };
    for (;;) {
      const now = this.now();
      const batch = await this.repo.handDue(now, this.batchSize, (rows) => this.decide(rows, now));
      total.handled += batch.claimed;
      total.sent += batch.sent;
      if (batch.sent > 0) this.outbox.wake();
      if (batch.claimed < this.batchSize) return total;
    }
  }

  nextDueAt(): Promise<Date | null> {
    return this.repo.nextDueAt();
  }

  private decide(rows: DueActionChase[], now: Date): { outcomes: ActionChaseOutcome[]; next: PlannedRow[] } {
    const outcomes: ActionChaseOutcome[] = [];
    const next: PlannedRow[] = [];
    for (const row of rows) {
      const skip = skipReason(row, now);
      if (skip) {
        outcomes.push({ id: row.id, status: skip });
      } else {
        const reader = readerFrom(row.language, row.calendar, row.timeZone);
        const message = chaseMessage(
          speakerFor(this.translator, reader.language),
          reader,
          {
            stage: row.stage,
            actionId: row.actionId,
            text: row.text,
            dueAt: row.actionDueAt,
            meetingId: row.meetingId,
            meetingTitle: row.meetingTitle,
            state: row.ownerState!,
          },
          now,
        );
        outcomes.push({
          id: row.id,
          status: 'sent',
          message: { platform: row.privatePlatform!, chatId: row.privateChatId!, message },
        });
      }
      if ((skip === null || skip === 'missed') && row.actionDueAt) {
        const following = nextOverdue(row.stage, row.actionDueAt, row.timeZone, now);
        if (following)
          next.push({ actionId: row.actionId, stage: following.stage, memberId: row.memberId, dueAt: following.at });
      }
    }
    const missed = outcomes.filter((o) => o.status === 'missed').length;
    if (missed > 0) this.logger.warn({ missed }, 'action chases not sent: no private chat, or too late');
    return { outcomes, next };
  }
}

function skipReason(row: DueActionChase, now: Date): 'skipped' | 'missed' | 'cancelled' | null {
  if (row.status === 'cancelled') return 'cancelled';
  if (row.status === 'done') return 'skipped';
  if (row.ownerState === null || row.ownerState === 'done' || row.ownerState === 'declined') return 'skipped';
  if (!row.privatePlatform || !row.privateChatId) return 'missed';
  if (row.stage === DUE_SOON_STAGE && now.getTime() - row.dueAt.getTime() >= DUE_SOON_STALE_AFTER_MS) return 'missed';
  return null;
}
