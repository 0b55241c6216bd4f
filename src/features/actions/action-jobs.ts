import type { Logger } from '../../logger.ts';
import type { Job } from '../../core/scheduler.ts';
import { DueTicker } from '../../core/due-ticker.ts';
import type { Db } from '../../db/prisma-client.ts';
import type { Translator } from '../../i18n/translator.ts';
import type { Services } from '../services.ts';
import { ActionChaser } from './action-chaser.ts';
import { ActionChaseRepository } from './action-chase-repository.ts';
import { ActionDigest } from './action-digest.ts';
import { ActionDigestRepository } from './action-digest-repository.ts';

export interface ActionJobs {
  jobs: Job[];
  chaser: ActionChaser;
  digest: ActionDigest;
  /** Clears the chaser's wake-up timer and waits for a tick in progress. */
  stop(): Promise<void>;
}

const CHASE_TICK_SECONDS = 15;

/**
 * The periodic work of action items: chasing owners (on the same timer-armed ticker as meeting
 * reminders and report rounds, woken when an action is made) and the chairs' weekly digest, looked for
 * every minute so that it goes out within a minute of Monday 09:00. Both claim their rows in the
 * database, so several instances never send one twice.
 */
export function createActionJobs(
  parts: {
    db: Db;
    services: Pick<Services, 'actions'>;
    translator: Translator;
    outbox: { wake(): void };
    logger: Logger;
  },
  now: () => Date = () => new Date(),
): ActionJobs {
  const chaser = new ActionChaser(
    new ActionChaseRepository(parts.db),
    parts.translator,
    parts.outbox,
    parts.logger,
    now,
  );
  const digest = new ActionDigest(new ActionDigestRepository(parts.db), parts.translator, parts.outbox, now);
  const ticker = new DueTicker(chaser, CHASE_TICK_SECONDS * 1000, parts.logger, 'action chase tick failed');
  const unsubscribe = parts.services.actions.changes.on(() => void ticker.run());
  return {
    chaser,
    digest,
    jobs: [
      { name: 'action-chase', schedule: `*/${CHASE_TICK_SECONDS} * * * * *`, run: () => ticker.run() },
      { name: 'action-digest', schedule: '40 * * * * *', run: async () => void (await digest.run()) },
    ],
    async stop() {
      unsubscribe();
      await ticker.stop();
    },
  };
}
