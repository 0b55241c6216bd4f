import type { Db } from '../../db/prisma-client.ts';
import type { FeatureCore } from '../feature-core.ts';
import type { MeetingService } from '../meetings/meeting-service.ts';
import { FeedEndpoint } from './feed-endpoint.ts';
import { FeedChangeNotifier } from './feed-notifier.ts';
import { FeedRepository } from './feed-repository.ts';
import { FeedService } from './feed-service.ts';

/** The feeds over one database; the members of a feed that lists a meeting hear of its changes. */
export function buildFeedService(db: Db, core: FeatureCore, meetings: MeetingService): FeedService {
  const repo = new FeedRepository(db);
  meetings.onMeetingChange(new FeedChangeNotifier(repo, core.outbox, core.translator, core.logger).meetingChanged);
  return new FeedService(repo, new FeedEndpoint(repo, core.translator));
}

export { registerFeedCommands } from './feed-commands.ts';
