import type { Logger } from '../../logger.ts';
import type { Db } from '../../db/prisma-client.ts';
import type { Job } from '../../core/scheduler.ts';
import type { Translator } from '../../i18n/translator.ts';
import type { MeetingService } from './meeting-service.ts';
import { ReminderRepository } from './reminder-repository.ts';
import { DEFAULT_GRACE_MS, ReminderDispatcher } from './reminder-dispatcher.ts';

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
  const ticker = new Ticker(dispatcher, tickMs, parts.logger);
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

const MIN_TIMER_GAP_MS = 50;

/** Runs dispatcher ticks one at a time (a request during a tick runs another after it) and arms the timer. */
class Ticker {
  private timer: NodeJS.Timeout | undefined;
  private lastRunAt = 0;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly dispatcher: ReminderDispatcher,
    private readonly tickMs: number,
    private readonly logger: Logger,
  ) {}

  run(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          this.lastRunAt = Date.now();
          await this.dispatcher.tick();
        } while (this.again && !this.stopped);
        await this.arm();
      } catch (error) {
        this.logger.error({ err: error }, 'reminder tick failed');
      }
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** A timer for the next due reminder when it comes before the next tick. */
  private async arm(): Promise<void> {
    if (this.stopped) return;
    const next = await this.dispatcher.nextDueAt();
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!next) return;
    const delay = next.getTime() - Date.now();
    if (delay >= this.tickMs) return;
    // Already due yet not claimed: another instance holds it (SKIP LOCKED), or it came due during the
    // tick. Look again shortly rather than spinning.
    // Reminders due a few milliseconds apart are taken together: at most one timer tick per 50 ms.
    const wait = Math.max(delay > 0 ? delay : 100, this.lastRunAt + MIN_TIMER_GAP_MS - Date.now());
    this.timer = setTimeout(() => void this.run(), wait);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
