import type { Job } from '../../core/scheduler.ts';
import type { MinutesService } from './minutes-service.ts';

/**
 * Closing the minutes of `--auto-close` meetings half an hour after their occurrence ends. Every
 * closing is claimed in the database (MinutesRepository.close), so several instances never post twice.
 */
export function minutesJobs(minutes: MinutesService): Job[] {
  return [{ name: 'minutes-auto-close', schedule: '*/20 * * * * *', run: async () => void (await minutes.closeDue()) }];
}
