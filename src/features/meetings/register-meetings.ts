import type { Db } from '../../db/prisma-client.ts';
import { CommitteeRepository } from '../community/committee-repository.ts';
import type { AppRouter } from '../services.ts';
import { registerCancelCommands } from './cancel-commands.ts';
import { registerMeetingCommands } from './meeting-commands.ts';
import { registerMeetingFlow } from './meeting-flow.ts';
import { MeetingRepository } from './meeting-repository.ts';
import { MeetingService } from './meeting-service.ts';
import { ReminderRepository } from './reminder-repository.ts';
import { registerRsvpActions } from './rsvp-commands.ts';

export function buildMeetingService(db: Db): MeetingService {
  return new MeetingService(new MeetingRepository(db), new ReminderRepository(db), new CommitteeRepository(db));
}

/** `/meeting` (one line or guided), `/meetings`, `/ics`, `/cancel`, and the RSVP buttons. */
export function registerMeetingFeature(router: AppRouter): void {
  registerMeetingCommands(router);
  registerMeetingFlow(router);
  registerCancelCommands(router);
  registerRsvpActions(router);
}
