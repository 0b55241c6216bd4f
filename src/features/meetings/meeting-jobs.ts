import type { Logger } from '../../logger.ts';
import type { Db } from '../../db/prisma-client.ts';
import type { Job } from '../../core/scheduler.ts';
import type { Translator } from '../../i18n/translator.ts';
import type { MeetingService } from './meeting-service.ts';
import { ReminderRepository } from './reminder-repository.ts';
import { DEFAULT_GRACE_MS, ReminderDispatcher } from './reminder-dispatcher.ts';
import { DueTicker } from '../../core/due-ticker.ts';

export interface ReminderJobOptions {
  /** How long after its due time a reminder is still sent (marked late); default 6 (REMINDER_GRACE_HOURS). */
  graceHours?: number;
  /** Seconds between the dispatcher's safety-net ticks; default 15 (REMINDER_TICK_SECONDS). */
  tickSeconds?: number;
  now?: () => Date;
}

export interface MeetingJobs {
  jobs: Job[];
  dispatcher: ReminderDispatcher;
  /** Clears the wake-up timer and waits for a tick in progress. */
  stop(): Promise<void>;
}

/**
 * The reminder dispatcher's tick (node-cron, every `tickSeconds`) and the hourly job that stores the
 * next occurrences of running series. Between ticks, a timer wakes the dispatcher exactly when the next
 * reminder is due, so that a reminder is handed over within a moment of its time rather than up to a
 * tick later; scheduling or changing a meeting wakes it too.
 */
export function createMeetingJobs(
  parts: { db: Db; meetings: MeetingService; outbox: { wake(): void }; translator: Translator; logger: Logger },
  options: ReminderJobOptions = {},
): MeetingJobs {
  const tickSeconds = Math.min(59, Math.max(1, Math.round(options.tickSeconds ?? 15)));
  const tickMs = tickSeconds * 1000;
  const dispatcher = new ReminderDispatcher(
    new ReminderRepository(parts.db),
    parts.translator,
    parts.outbox,
    parts.logger,
    {
      graceMs: options.graceHours !== undefined ? options.graceHours * 3600_000 : DEFAULT_GRACE_MS,
      lateAfterMs: Math.max(2 * tickMs, 30_000),
      ...(options.now ? { now: options.now } : {}),
    },
  );
  const ticker = new DueTicker(dispatcher, tickMs, parts.logger, 'reminder tick failed');
  const unsubscribe = parts.meetings.changes.on(() => void ticker.run());
  return {
    dispatcher,
    jobs: [
      { name: 'meeting-reminders', schedule: `*/${tickSeconds} * * * * *`, run: () => ticker.run() },
      {
        name: 'meeting-horizon',
        schedule: '7 * * * *',
        run: async () => void (await parts.meetings.extendSeries()),
      },
    ],
    async stop() {
      unsubscribe();
      await ticker.stop();
    },
  };
}
