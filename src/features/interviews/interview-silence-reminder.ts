import type { Logger } from '../../logger.ts';
import type { ChaseClock } from '../rounds/round-clock.ts';
import type { InterviewNotices } from './interview-notices.ts';
import type { DueReminderRow, InterviewReminderRepository, ReminderOutcome } from './interview-reminder-repository.ts';
import { SILENCE_MS, toView } from './interview-service.ts';

/**
 * Hands due silence reminders of self-paced interviews to the outbox, exactly once
 * (InterviewReminderRepository.handDue). A veteran who answered since the reminder was planned is not
 * reminded (that silence is over; the new one has its own row); an interview finished or withdrawn is
 * not either. A reminder that falls in the veteran's quiet hours or on a holiday of the community
 * waits for the next allowed time, as round chases do.
 */
export class InterviewSilenceReminder {
  constructor(
    private readonly repo: InterviewReminderRepository,
    private readonly notices: InterviewNotices,
    private readonly clock: ChaseClock,
    private readonly outbox: { wake(): void },
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
    private readonly batchSize = 200,
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

  private async decide(rows: DueReminderRow[], now: Date): Promise<ReminderOutcome[]> {
    const outcomes: ReminderOutcome[] = [];
    for (const row of rows) {
      const skip = skipReason(row);
      if (skip) {
        outcomes.push({ id: row.id, status: skip });
        continue;
      }
      const timeZone = row.memberTimeZone ?? row.communityTimeZone;
      const allowed = await this.clock.allowedFrom(now, {
        communityId: row.interview.communityId,
        timeZone,
        quietStartMinute: row.quietStartMinute,
        quietEndMinute: row.quietEndMinute,
        holidayCountry: row.holidayCountry,
        communityLanguage: row.communityLanguage,
      });
      if (allowed.getTime() > now.getTime()) {
        outcomes.push({ id: row.id, status: 'deferred', dueAt: allowed });
        continue;
      }
      const message = this.notices.silenceReminder(toView({ ...row.interview, interviewer: null }), {
        language: row.memberLanguage ?? row.communityLanguage,
        calendar: row.memberCalendar ?? row.communityCalendar,
        timeZone,
      });
      outcomes.push({
        id: row.id,
        status: 'sent',
        message: { platform: row.privatePlatform!, chatId: row.privateChatId!, message },
      });
    }
    const missed = outcomes.filter((o) => o.status === 'missed').length;
    if (missed > 0) this.logger.warn({ missed }, 'interview reminders not sent: no private chat');
    return outcomes;
  }
}

function skipReason(row: DueReminderRow): 'skipped' | 'missed' | 'cancelled' | null {
  const { interview } = row;
  if (interview.status !== 'in_progress' || interview.veteranId !== row.memberId) return 'cancelled';
  // Planned for a silence that began at lastAnsweredAt: an answer since then ended it.
  if (interview.lastAnsweredAt.getTime() + SILENCE_MS > row.dueAt.getTime()) return 'skipped';
  if (!row.privatePlatform || !row.privateChatId) return 'missed';
  return null;
}
