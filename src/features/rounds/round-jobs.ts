import type { Logger } from '../../logger.ts';
import type { Job } from '../../core/scheduler.ts';
import { DueTicker } from '../../core/due-ticker.ts';
import type { RoundService } from './round-service.ts';
import { RoundChaser } from './round-chaser.ts';
import { RoundChaseRepository } from './round-chase-repository.ts';
import { HolidayChaseClock } from './round-chase-clock.ts';
import { nameOfPeriod } from './round-report-data.ts';
import type { Db } from '../../db/prisma-client.ts';
import type { Translator } from '../../i18n/translator.ts';
import type { Services } from '../services.ts';

export interface RoundJobs {
  jobs: Job[];
  /** Clears the chaser's wake-up timer and waits for a tick in progress. */
  stop(): Promise<void>;
}

const CHASE_TICK_SECONDS = 15;

/**
 * The periodic work of report rounds: opening rounds whose time came (and making a repeating round's
 * next period), chasing (on the same timer-armed ticker as meeting reminders, woken when chases are
 * planned), and closing rounds past their closing time. Every step claims its rows in the database,
 * so several instances never open, chase or close twice.
 */
export function createRoundJobs(
  parts: {
    db: Db;
    services: Pick<Services, 'rounds' | 'roundReports' | 'holidays'>;
    translator: Translator;
    outbox: { wake(): void };
    logger: Logger;
  },
  now: () => Date = () => new Date(),
): RoundJobs & { chaser: RoundChaser } {
  const chaser = new RoundChaser(
    new RoundChaseRepository(parts.db),
    parts.translator,
    new HolidayChaseClock(parts.services.holidays),
    nameOfPeriod,
    parts.services.roundReports,
    parts.outbox,
    parts.logger,
    now,
  );
  return { chaser, ...roundJobs({ rounds: parts.services.rounds, chaser, logger: parts.logger }, now) };
}

function roundJobs(parts: { rounds: RoundService; chaser: RoundChaser; logger: Logger }, now: () => Date): RoundJobs {
  const ticker = new DueTicker(parts.chaser, CHASE_TICK_SECONDS * 1000, parts.logger, 'round chase tick failed');
  const unsubscribe = parts.rounds.changes.on(() => void ticker.run());
  return {
    jobs: [
      { name: 'round-open', schedule: '*/20 * * * * *', run: async () => void (await parts.rounds.openDue(now())) },
      { name: 'round-chase', schedule: `*/${CHASE_TICK_SECONDS} * * * * *`, run: () => ticker.run() },
      {
        name: 'round-close',
        schedule: '50 * * * * *',
        run: async () => {
          if ((await parts.rounds.closeDue(now())).length > 0) parts.rounds.changes.emit();
        },
      },
    ],
    async stop() {
      unsubscribe();
      await ticker.stop();
    },
  };
}
