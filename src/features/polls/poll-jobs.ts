import type { Job } from '../../core/scheduler.ts';
import type { Services } from '../services.ts';

/**
 * The periodic work of polls and surveys. Each run claims what is due in the database (several
 * instances never close or remind twice); `now` is injectable so that tests can move the clock.
 */
export function pollJobs(services: Pick<Services, 'polls' | 'surveys'>, now: () => Date = () => new Date()): Job[] {
  return [
    {
      name: 'poll-deadlines',
      schedule: '*/15 * * * * *',
      run: async () => {
        await services.polls.closeDue(now());
        await services.surveys.closeDue(now());
        await services.polls.nudgeDue(now());
      },
    },
    {
      // Coalesced live tallies: the votes since the last run become at most one edit per message.
      name: 'poll-live-tallies',
      schedule: '*/2 * * * * *',
      run: () => services.polls.flushTallies(now()),
    },
    {
      // What a crash or another instance left unshown.
      name: 'poll-tally-sweep',
      schedule: '41 * * * * *',
      run: () => services.polls.sweepTallies(now()),
    },
  ];
}
