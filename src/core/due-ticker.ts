import type { Logger } from '../logger.ts';

const MIN_TIMER_GAP_MS = 50;

/** What a DueTicker drives: a claim of everything due now, and when the next thing is due. */
export interface DueWork {
  tick(): Promise<unknown>;
  nextDueAt(): Promise<Date | null>;
}

/**
 * Runs ticks of scheduled work (meeting reminders, report-round chasing) one at a time (a request
 * during a tick runs another after it) and arms a timer for the next due row when it comes before the
 * next periodic tick, so that a message is handed over within a moment of its time.
 */
export class DueTicker {
  private timer: NodeJS.Timeout | undefined;
  private lastRunAt = 0;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly dispatcher: DueWork,
    private readonly tickMs: number,
    private readonly logger: Logger,
    private readonly failure: string,
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
        this.logger.error({ err: error }, this.failure);
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
