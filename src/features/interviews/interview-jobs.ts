import type { Logger } from '../../logger.ts';
import type { Job } from '../../core/scheduler.ts';
import { DueTicker } from '../../core/due-ticker.ts';
import type { Db } from '../../db/prisma-client.ts';
import type { Translator } from '../../i18n/translator.ts';
import type { Services } from '../services.ts';
import { HolidayChaseClock } from '../rounds/round-chase-clock.ts';
import { InterviewNotices } from './interview-notices.ts';
import { InterviewReminderRepository } from './interview-reminder-repository.ts';
import { InterviewSilenceReminder } from './interview-silence-reminder.ts';

export interface InterviewJobs {
  jobs: Job[];
  /** Clears the reminder's wake-up timer and waits for a tick in progress. */
  stop(): Promise<void>;
}

/** Reminders are days apart: a look once a minute is on time, and cheap (an index lookup). */
const REMINDER_TICK_SECONDS = 60;

/**
 * The periodic work of interviews: the reminder after three days of silence in a self-paced one, on
 * the same timer-armed ticker as round chases. Rows are claimed in the database, so several instances
 * never remind twice.
 */
export function createInterviewJobs(
  parts: {
    db: Db;
    services: Pick<Services, 'holidays'>;
    translator: Translator;
    outbox: { wake(): void };
    logger: Logger;
  },
  now: () => Date = () => new Date(),
): InterviewJobs & { reminder: InterviewSilenceReminder } {
  const reminder = new InterviewSilenceReminder(
    new InterviewReminderRepository(parts.db),
    new InterviewNotices(parts.translator),
    new HolidayChaseClock(parts.services.holidays),
    parts.outbox,
    parts.logger,
    now,
  );
  const ticker = new DueTicker(reminder, REMINDER_TICK_SECONDS * 1000, parts.logger, 'interview reminder tick failed');
  return {
    reminder,
    jobs: [{ name: 'interview-reminders', schedule: '7 * * * * *', run: () => ticker.run() }],
    stop: () => ticker.stop(),
  };
}
