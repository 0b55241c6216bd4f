import type { MeetingArchiveRepository, MeetingArchiveRow } from '../meetings/meeting-archive-repository.ts';
import type { PollArchiveRepository, PollArchiveRow } from '../polls/poll-archive-repository.ts';

/** A community's whole archives of polls and meetings, for `/export polls|meetings`. */
export class ArchiveService {
  constructor(
    private readonly pollArchive: PollArchiveRepository,
    private readonly meetingArchive: MeetingArchiveRepository,
  ) {}

  polls(communityId: number): Promise<PollArchiveRow[]> {
    return this.pollArchive.polls(communityId);
  }

  meetings(communityId: number): Promise<MeetingArchiveRow[]> {
    return this.meetingArchive.meetings(communityId);
  }
}
