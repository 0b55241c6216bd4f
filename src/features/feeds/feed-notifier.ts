/**
 * Calendar apps fetch a feed only every few hours: when a chair edits or cancels a meeting, each member
 * whose feed lists it is also told in a private message (through the outbox). Not the chair who made
 * the change, and not a member whose own cancellation notice the reminders already planned.
 */
import type { Logger } from '../../logger.ts';
import type { Translator } from '../../i18n/translator.ts';
import type { Enqueue } from '../ballots/nudge-sender.ts';
import type { MeetingChange } from '../meetings/meeting-service.ts';
import { speakerFor, when, whenLines, type Reader } from '../meetings/meeting-text.ts';
import { venueLines } from '../meetings/meeting-venue.ts';
import { readerSettings } from './feed-reader.ts';
import type { FeedRepository } from './feed-repository.ts';
import { readScope, type FeedScope } from './feed-scope.ts';
import { mayList, seesEverything, type MeetingAudienceFacts } from './feed-viewer.ts';

type NoticeMeeting = NonNullable<Awaited<ReturnType<FeedRepository['meetingForNotice']>>>;

export class FeedChangeNotifier {
  private readonly now: () => Date;

  constructor(
    private readonly repo: FeedRepository,
    private readonly messenger: Enqueue,
    private readonly translator: Translator,
    private readonly logger: Logger,
    options: { now?: () => Date } = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** A MeetingService listener: a failure here is logged, and the chair's change stands. */
  readonly meetingChanged = async (change: MeetingChange): Promise<void> => {
    try {
      await this.tellSubscribers(change);
    } catch (error) {
      this.logger.error({ err: error, meetingId: change.meetingId }, 'feed subscribers not told of a change');
    }
  };

  private async tellSubscribers(change: MeetingChange): Promise<void> {
    const meeting = await this.repo.meetingForNotice(change.meetingId);
    if (!meeting) return;
    const subscribers = await this.repo.subscribers(meeting.communityId);
    if (subscribers.length === 0) return;
    const [saidYes, toldAlready] = await Promise.all([
      subscribers.some((s) => s.scope === 'mine') ? this.repo.saidYes(meeting.id) : new Set<number>(),
      change.kind === 'edited' ? new Set<number>() : this.repo.toldOfCancellation(change.occurrenceIds),
    ]);
    const now = this.now();
    for (const subscriber of subscribers) {
      const { memberId, member, privateChat } = subscriber;
      const membership = member.memberships[0];
      const scope = readScope(subscriber);
      if (memberId === change.actorId || toldAlready.has(memberId) || !privateChat || !membership || !scope) continue;
      const viewer = {
        memberId,
        seesAll: seesEverything(membership, now),
        committeeIds: new Set(member.committees.map((c) => c.committeeId)),
      };
      if (!mayList(meeting, viewer) || !holds(scope, meeting, saidYes.has(memberId))) continue;
      const reader = readerSettings(member, meeting.community);
      await this.messenger.enqueue(privateChat, { text: this.notice(change, meeting, reader) });
    }
  }

  private notice(change: MeetingChange, meeting: NoticeMeeting, reader: Reader): string {
    const speaker = speakerFor(this.translator, reader.language);
    const { title, id } = meeting;
    const lines: string[] = [];
    if (change.kind === 'edited') {
      lines.push(speaker.t('feed.notice-changed', { title, id }));
      lines.push(...whenLines(speaker, meeting.startsAt, meeting.timeZone, reader));
      lines.push(...venueLines(speaker, meeting));
    } else if (change.kind === 'cancelled') {
      lines.push(speaker.t('feed.notice-cancelled', { title, id }));
    } else {
      lines.push(speaker.t('feed.notice-cancelled-one', { title, id, when: when(change.startsAt, reader) }));
    }
    lines.push(speaker.t('feed.notice-refresh'));
    return lines.join('\n');
  }
}

/** Whether a feed of this scope lists the meeting (its member may see it). */
function holds(scope: FeedScope, meeting: MeetingAudienceFacts, saidYes: boolean): boolean {
  switch (scope.kind) {
    case 'community':
      return true;
    case 'committee':
      return meeting.audience === 'committee' && meeting.committeeId === scope.committeeId;
    case 'mine':
      return saidYes;
  }
}
