import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../logger.ts';

export interface Job {
  name: string;
  /** A node-cron expression; six fields allow seconds (`*\/15 * * * * *`). */
  schedule: string;
  run: () => Promise<void>;
}

/**
 * Runs periodic jobs on node-cron ticks. node-cron keeps nothing across restarts, so a job never
 * holds state itself: each tick claims what is due from the database, which also keeps several
 * instances from doing the same work twice.
 */
export class Scheduler {
  private readonly tasks: ScheduledTask[] = [];
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  add(job: Job): void {
    // Expressions mean UTC minutes whatever the server's TZ (in Asia/Tehran, +03:30, "minute 7" would
    // otherwise be minute 37 of the UTC hour): every instance ticks at the same moments.
    const task = cron.schedule(job.schedule, () => this.runOnce(job), {
      name: job.name,
      noOverlap: true,
      timezone: 'UTC',
    });
    this.tasks.push(task);
  }

  /** Runs a job now (also used at start, so that work due while the bot was down is not left waiting). */
  async runOnce(job: Job): Promise<void> {
    const run = job.run().catch((error: unknown) => this.logger.error({ err: error, job: job.name }, 'job failed'));
    this.running.add(run);
    try {
      await run;
    } finally {
      this.running.delete(run);
    }
  }

  async stop(): Promise<void> {
    for (const task of this.tasks) await task.stop();
    await Promise.all(this.running);
  }
}
