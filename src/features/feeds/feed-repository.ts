import type { Prisma } from '../../db/generated/client.ts';
import type { Db } from '../../db/prisma-client.ts';
import { visibleTo } from '../meetings/meeting-repository.ts';
import type { FeedScope } from './feed-scope.ts';
import { scopeColumns } from './feed-scope.ts';

/**
 * The only code of the feeds that knows Prisma: subscriptions, the meetings a feed lists, the request
 * windows, and who is told of a change. No rules here (feed-service.ts, feed-endpoint.ts and
 * feed-notifier.ts hold them).
 */

const settingsSelect = { language: true, timeZone: true, calendar: true } as const;
const membershipSelect = { communityId: true, role: true, mappedRole: true, mappedRoleSeenAt: true } as const;

/** What a feed request needs of its subscription, its member and its community, in one read. */
const subscriptionSelect = {
  id: true,
  memberId: true,
  communityId: true,
  scope: true,
  committeeId: true,
  createdAt: true,
  member: { select: { ...settingsSelect, memberships: { select: membershipSelect } } },
  community: { select: { name: true, ...settingsSelect } },
} as const;

export type SubscriptionRow = Prisma.FeedSubscriptionGetPayload<{ select: typeof subscriptionSelect }>;

/** What a feed lists of one meeting. */
export interface FeedQuery {
  communityId: number;
  memberId: number;
  scope: FeedScope;
  /** Chairs and admins: every meeting of the community, as in /meetings. */
  seesAll: boolean;
  /** Meetings cancelled before this are left out. */
  cancelledSince: Date;
  /** Meetings whose last stored occurrence began before this are left out. */
  endedSince: Date;
}

export class FeedRepository {
  private installation: Promise<string> | undefined;

  constructor(private readonly db: Db) {}

  findByHash(secretHash: string): Promise<SubscriptionRow | null> {
    return this.db.feedSubscription.findUnique({ where: { secretHash }, select: subscriptionSelect });
  }

  find(memberId: number, communityId: number) {
    return this.db.feedSubscription.findUnique({
      where: { memberId_communityId: { memberId, communityId } },
      select: { id: true, scope: true, committeeId: true },
    });
  }

  /** The member's one feed of the community, made or replaced: a new secret and what it holds. */
  async save(memberId: number, communityId: number, scope: FeedScope, secretHash: string, now: Date) {
    const columns = scopeColumns(scope);
    // `createdAt` is when this address was made: the Last-Modified of a feed without meetings.
    await this.db.feedSubscription.upsert({
      where: { memberId_communityId: { memberId, communityId } },
      create: { memberId, communityId, ...columns, secretHash, createdAt: now },
      update: { ...columns, secretHash, createdAt: now },
    });
  }

  async remove(memberId: number, communityId: number): Promise<boolean> {
    const { count } = await this.db.feedSubscription.deleteMany({ where: { memberId, communityId } });
    return count > 0;
  }

  membership(memberId: number, communityId: number) {
    return this.db.membership.findUnique({
      where: { memberId_communityId: { memberId, communityId } },
      select: membershipSelect,
    });
  }

  /** The committees a member may have a feed of: theirs, or every one for those who see all. */
  committees(communityId: number, memberId: number, all: boolean) {
    return this.db.committee.findMany({
      where: { communityId, ...(all ? {} : { members: { some: { memberId } } }) },
      orderBy: { name: 'asc' },
      select: { id: true, name: true },
    });
  }

  committeeName(communityId: number, committeeId: number): Promise<string | null> {
    return this.db.committee
      .findFirst({ where: { id: committeeId, communityId }, select: { name: true } })
      .then((row) => row?.name ?? null);
  }

  /**
   * Counts one request in the feed's window (a minute) and returns the count so far: in the database,
   * so that every instance behind the proxy counts the same requests. Old windows go with the event
   * gate's (PrismaEventGate.forgetBefore).
   */
  async countRequest(subscriptionId: number, windowStart: Date): Promise<number> {
    const key = `feed:${subscriptionId}`;
    const rows = await this.db.$queryRaw<Array<{ count: number }>>`
      INSERT INTO "FloodWindow" (key, "windowStart", count) VALUES (${key}, ${windowStart}, 1)
      ON CONFLICT (key, "windowStart") DO UPDATE SET count = "FloodWindow".count + 1
      RETURNING count`;
    return rows[0]!.count;
  }

  /** The id the migration gave this installation: part of every UID, as in /ics. It never changes. */
  installationUid(): Promise<string> {
    this.installation ??= this.db.installation
      .findUniqueOrThrow({ where: { id: 1 }, select: { uid: true } })
      .then((row) => row.uid);
    return this.installation;
  }

  /**
   * The meetings a feed lists, with the occurrences it needs to know of: cancelled ones (EXDATE) and,
   * for "mine", the member's own answers.
   */
  meetings(query: FeedQuery) {
    const mine = query.scope.kind === 'mine';
    const answers = { where: { memberId: query.memberId }, select: { answer: true, answeredAt: true } } as const;
    return this.db.meeting.findMany({
      where: meetingsWhere(query),
      orderBy: { id: 'asc' },
      select: {
        id: true,
        title: true,
        link: true,
        place: true,
        agenda: true,
        timeZone: true,
        startsAt: true,
        durationMinutes: true,
        rrule: true,
        icsSequence: true,
        cancelledAt: true,
        createdAt: true,
        updatedAt: true,
        occurrences: {
          where: mine
            ? { OR: [{ cancelledAt: { not: null } }, { rsvps: { some: { memberId: query.memberId } } }] }
            : { cancelledAt: { not: null } },
          orderBy: { startsAt: 'asc' },
          select: { startsAt: true, cancelledAt: true, ...(mine ? { rsvps: answers } : {}) },
        },
      },
    });
  }

  /**
   * What a feed's text is made of, in two aggregates instead of its rows: its meetings' count, the sum of
   * their ids (which set) and the newest `updatedAt` (every edit and cancellation moves it to now), and
   * in "mine" the member's answers. A calendar app that asks whether anything changed (If-None-Match)
   * is answered from these alone.
   */
  async fingerprint(query: FeedQuery) {
    const [meetings, answers] = await Promise.all([
      this.db.meeting.aggregate({
        where: meetingsWhere(query),
        _count: { _all: true },
        _sum: { id: true },
        _max: { updatedAt: true },
      }),
      query.scope.kind === 'mine'
        ? this.db.rsvp.aggregate({
            where: { memberId: query.memberId, occurrence: { meeting: { communityId: query.communityId } } },
            _count: { _all: true },
            _max: { answeredAt: true },
          })
        : null,
    ]);
    return {
      meetings: meetings._count._all,
      idSum: meetings._sum.id ?? 0,
      newestMeeting: meetings._max.updatedAt,
      answers: answers?._count._all ?? 0,
      newestAnswer: answers?._max.answeredAt ?? null,
    };
  }

  /** A meeting as a change notice tells of it. */
  meetingForNotice(meetingId: number) {
    return this.db.meeting.findUnique({
      where: { id: meetingId },
      select: {
        id: true,
        communityId: true,
        chairId: true,
        title: true,
        link: true,
        place: true,
        timeZone: true,
        startsAt: true,
        audience: true,
        committeeId: true,
        community: { select: settingsSelect },
      },
    });
  }

  /**
   * The feeds of a community whose members are still in it, with what deciding and telling needs:
   * the member's role, committees, settings, and a private chat on a platform that has not refused it.
   */
  async subscribers(communityId: number) {
    const rows = await this.db.feedSubscription.findMany({
      where: { communityId, member: { memberships: { some: { communityId } } } },
      orderBy: { id: 'asc' },
      select: {
        memberId: true,
        scope: true,
        committeeId: true,
        member: {
          select: {
            ...settingsSelect,
            memberships: { where: { communityId }, select: membershipSelect },
            committees: { where: { committee: { communityId } }, select: { committeeId: true } },
            identities: {
              where: { privateChatId: { not: null } },
              orderBy: { id: 'asc' },
              select: { platform: true, privateChatId: true },
            },
          },
        },
      },
    });
    const chatIds = rows.flatMap((row) => row.member.identities.map((i) => i.privateChatId!));
    // A platform that refused a private chat for good (the member blocked the bot) marked it unreachable.
    const refused = await this.db.chat.findMany({
      where: { kind: 'private', externalId: { in: chatIds }, unreachableAt: { not: null } },
      select: { platform: true, externalId: true },
    });
    const blocked = new Set(refused.map((c) => `${c.platform}:${c.externalId}`));
    return rows.map((row) => {
      const reachable = row.member.identities.find((i) => !blocked.has(`${i.platform}:${i.privateChatId}`));
      return {
        ...row,
        privateChat: reachable ? { platform: reachable.platform, chatId: reachable.privateChatId! } : null,
      };
    });
  }

  /** Members who answered yes to some occurrence of the meeting: those a "mine" feed lists it for. */
  async saidYes(meetingId: number): Promise<Set<number>> {
    const rows = await this.db.rsvp.findMany({
      where: { answer: 'yes', occurrence: { meetingId } },
      distinct: ['memberId'],
      select: { memberId: true },
    });
    return new Set(rows.map((r) => r.memberId));
  }

  /** Members whose own cancellation notice of these occurrences the reminders already planned. */
  async toldOfCancellation(occurrenceIds: readonly number[]): Promise<Set<number>> {
    if (occurrenceIds.length === 0) return new Set();
    const rows = await this.db.reminder.findMany({
      where: {
        occurrenceId: { in: [...occurrenceIds] },
        kind: { in: ['cancelOne', 'cancelSeries'] },
        memberId: { not: null },
      },
      select: { memberId: true },
    });
    return new Set(rows.map((r) => r.memberId!));
  }
}

/** The meetings a feed lists: its community's, in its scope, that its member may see, not long over. */
function meetingsWhere(query: FeedQuery): Prisma.MeetingWhereInput {
  return {
    communityId: query.communityId,
    AND: [
      { OR: [{ cancelledAt: null }, { cancelledAt: { gte: query.cancelledSince } }] },
      { OR: [{ startsAt: { gte: query.endedSince } }, { plannedUntil: { gte: query.endedSince } }] },
      query.seesAll ? {} : visibleTo(query.memberId),
      scopeWhere(query),
    ],
  };
}

function scopeWhere(query: FeedQuery): Prisma.MeetingWhereInput {
  switch (query.scope.kind) {
    case 'community':
      return {};
    case 'committee':
      return { audience: 'committee', committeeId: query.scope.committeeId };
    case 'mine':
      return { occurrences: { some: { rsvps: { some: { memberId: query.memberId, answer: 'yes' } } } } };
  }
}

export type FeedFingerprint = Awaited<ReturnType<FeedRepository['fingerprint']>>;
export type FeedMeetingRow = Awaited<ReturnType<FeedRepository['meetings']>>[number];
export type SubscriberRow = Awaited<ReturnType<FeedRepository['subscribers']>>[number];
