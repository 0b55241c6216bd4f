import type { Db, DbTransaction } from '../../db/prisma-client.ts';
import type { Prisma } from '../../db/generated/client.ts';
import { insertOutboxRows, type OutboxRow } from '../../db/stores/outbox-rows.ts';
import { visibleTo } from '../meetings/meeting-repository.ts';
import type { MinutesFacts } from './minutes-facts.ts';

/**
 * The only code of minutes that knows Prisma (with minutes-facts-repository.ts and
 * minutes-privacy-repository.ts): finds and writes, no rules. Every write that must happen together
 * (an entry and its decision number; a closing, its text and its post) is one transaction here.
 */

export type EntryKind = 'topic' | 'note' | 'decision' | 'action';

/** What an audit row of `/minutes ID` in a chat says: this chat records that occurrence. */
export const RECORD_HERE = 'minutes.record';

const meetingSelect = {
  id: true,
  communityId: true,
  chairId: true,
  title: true,
  rrule: true,
  audience: true,
  committeeId: true,
  followsId: true,
  autoCloseMinutes: true,
  cancelledAt: true,
  committee: { select: { id: true, name: true, code: true } },
} as const;

const minutesSelect = {
  id: true,
  occurrenceId: true,
  secretaryId: true,
  closedAt: true,
  postedAt: true,
  version: true,
  body: true,
} as const;

export interface MinutesRow {
  id: number;
  occurrenceId: number;
  secretaryId: number | null;
  closedAt: Date | null;
  postedAt: Date | null;
  version: number;
  body: string | null;
}

/** A transaction's client, or the database itself for reads outside one. */
export type Client = Db | DbTransaction;

export class MinutesRepository {
  constructor(readonly db: Db) {}

  transaction<T>(work: (tx: DbTransaction) => Promise<T>): Promise<T> {
    return this.db.$transaction(work);
  }

  findMeeting(communityId: number, meetingId: number) {
    return this.db.meeting.findFirst({ where: { id: meetingId, communityId }, select: meetingSelect });
  }

  async isVisibleTo(meetingId: number, memberId: number): Promise<boolean> {
    return (await this.db.meeting.count({ where: { id: meetingId, ...visibleTo(memberId) } })) > 0;
  }

  /** The occurrence that started last (not cancelled), else the next to come: the one minutes are about. */
  async currentOccurrence(meetingId: number, now: Date) {
    const select = { id: true, startsAt: true, endsAt: true } as const;
    const started = await this.db.meetingOccurrence.findFirst({
      where: { meetingId, cancelledAt: null, startsAt: { lte: now } },
      orderBy: { startsAt: 'desc' },
      select,
    });
    return (
      started ??
      this.db.meetingOccurrence.findFirst({
        where: { meetingId, cancelledAt: null, startsAt: { gt: now } },
        orderBy: { startsAt: 'asc' },
        select,
      })
    );
  }

  /**
   * The occurrence under way around now (starting before `startsBefore`, ending after `endsAfter`), of
   * one meeting or of those scheduled in a chat: where `/here` counts.
   */
  async occurrenceAround(
    communityId: number,
    of: { meetingId: number } | { chat: { platform: string; chatId: string } },
    startsBefore: Date,
    endsAfter: Date,
  ): Promise<number | null> {
    const meeting =
      'meetingId' in of
        ? { id: of.meetingId, communityId }
        : { communityId, chat: { platform: of.chat.platform, externalId: of.chat.chatId } };
    const row = await this.db.meetingOccurrence.findFirst({
      where: { cancelledAt: null, startsAt: { lte: startsBefore }, endsAt: { gte: endsAfter }, meeting },
      orderBy: { startsAt: 'desc' },
      select: { id: true },
    });
    return row?.id ?? null;
  }

  findOccurrence(occurrenceId: number) {
    return this.db.meetingOccurrence.findUnique({
      where: { id: occurrenceId },
      select: { id: true, startsAt: true, endsAt: true, cancelledAt: true, meeting: { select: meetingSelect } },
    });
  }

  /**
   * The minutes of an occurrence, made the first time they are needed. A series' next minutes keep the
   * secretary of its last ones: the chair names a secretary once, not every week.
   */
  async ensureMinutes(occurrenceId: number, meetingId: number): Promise<MinutesRow> {
    const existing = await this.db.minutes.findUnique({ where: { occurrenceId }, select: minutesSelect });
    if (existing) return existing;
    // Two first entries at once: the unique occurrence id keeps one row, the other insert does nothing.
    await this.db.minutes.createMany({
      data: [{ occurrenceId, secretaryId: await this.inheritedSecretary(meetingId) }],
      skipDuplicates: true,
    });
    return this.db.minutes.findUniqueOrThrow({ where: { occurrenceId }, select: minutesSelect });
  }

  /** The secretary of the meeting's last minutes that had one: who new minutes of it start with. */
  async inheritedSecretary(meetingId: number): Promise<number | null> {
    const last = await this.db.minutes.findFirst({
      where: { occurrence: { meetingId }, secretaryId: { not: null } },
      orderBy: { occurrence: { startsAt: 'desc' } },
      select: { secretaryId: true },
    });
    return last?.secretaryId ?? null;
  }

  findMinutesOf(occurrenceId: number): Promise<MinutesRow | null> {
    return this.db.minutes.findUnique({ where: { occurrenceId }, select: minutesSelect });
  }

  findMinutes(id: number): Promise<MinutesRow | null> {
    return this.db.minutes.findUnique({ where: { id }, select: minutesSelect });
  }

  setSecretary(minutesId: number, secretaryId: number, communityId: number, actorId: number) {
    return this.db.$transaction([
      this.db.minutes.update({ where: { id: minutesId }, data: { secretaryId } }),
      this.db.auditLog.create({
        data: { communityId, actorMemberId: actorId, action: 'minutes.secretary', details: { minutesId, secretaryId } },
      }),
    ]);
  }

  async setAutoClose(meetingId: number, on: boolean, communityId: number, actorId: number): Promise<void> {
    await this.db.$transaction([
      this.db.meeting.update({ where: { id: meetingId }, data: { autoCloseMinutes: on } }),
      this.db.auditLog.create({
        data: { communityId, actorMemberId: actorId, action: 'minutes.auto-close', details: { meetingId, on } },
      }),
    ]);
  }

  async setFollows(meetingId: number, followsId: number): Promise<void> {
    await this.db.meeting.update({ where: { id: meetingId }, data: { followsId } });
  }

  /** `/minutes ID` in a chat: from now on this chat records that occurrence (kept as an audit row). */
  async recordHere(communityId: number, actorId: number, chat: string, occurrenceId: number, at: Date) {
    await this.db.auditLog.create({
      data: {
        communityId,
        actorMemberId: actorId,
        action: RECORD_HERE,
        details: { chat, occurrenceId },
        createdAt: at,
      },
    });
  }

  /**
   * Which occurrence a chat records now: the later of the one `/minutes ID` last named in it and the
   * one that started last of the meetings scheduled in it.
   */
  async recordingIn(
    communityId: number,
    chat: { platform: string; chatId: string },
    now: Date,
  ): Promise<number | null> {
    const [named, started] = await Promise.all([
      this.db.auditLog.findFirst({
        where: {
          communityId,
          action: RECORD_HERE,
          details: { path: ['chat'], equals: `${chat.platform}:${chat.chatId}` },
        },
        orderBy: { id: 'desc' },
        select: { details: true, createdAt: true },
      }),
      this.db.meetingOccurrence.findFirst({
        where: {
          cancelledAt: null,
          startsAt: { lte: now },
          meeting: { communityId, cancelledAt: null, chat: { platform: chat.platform, externalId: chat.chatId } },
        },
        orderBy: { startsAt: 'desc' },
        select: { id: true, startsAt: true },
      }),
    ]);
    const namedId = occurrenceIdOf(named?.details);
    if (named && namedId !== null && (!started || named.createdAt.getTime() >= started.startsAt.getTime())) {
      return namedId;
    }
    return started?.id ?? null;
  }

  /**
   * One entry, under the last topic recorded before it; a decision takes its number from its counter
   * in the same transaction (the counter row is locked until it commits, so two decisions at once get
   * two numbers, and a failed one gives its number back).
   */
  async addEntry(
    tx: DbTransaction,
    entry: { minutesId: number; kind: EntryKind; text: string; authorId: number },
    counter?: { communityId: number; committeeId: number; year: number; format: (n: number) => string },
  ): Promise<{ id: number; decisionNumber: string | null }> {
    const topic =
      entry.kind === 'topic'
        ? null
        : await tx.minutesEntry.findFirst({
            where: { minutesId: entry.minutesId, kind: 'topic', removedAt: null },
            orderBy: { id: 'desc' },
            select: { id: true },
          });
    let decisionNumber: string | null = null;
    if (counter) {
      const [row] = await tx.$queryRaw<Array<{ last: number }>>`
        INSERT INTO "DecisionCounter" ("communityId", "committeeId", "year", "last")
        VALUES (${counter.communityId}, ${counter.committeeId}, ${counter.year}, 1)
        ON CONFLICT ("communityId", "committeeId", "year") DO UPDATE SET "last" = "DecisionCounter"."last" + 1
        RETURNING "last"`;
      decisionNumber = counter.format(row!.last);
    }
    const created = await tx.minutesEntry.create({
      data: { ...entry, topicId: topic?.id ?? null, decisionNumber },
      select: { id: true, decisionNumber: true },
    });
    return created;
  }

  /** An entry whose action could not be made: it never was (see record-action.ts). */
  async deleteEntry(id: number): Promise<void> {
    await this.db.minutesEntry.deleteMany({ where: { id } });
  }

  /**
   * `/undo`: the last entry still standing is marked removed (kept for the record); an action it
   * recorded is cancelled with it, so that nobody is chased for what was taken back.
   */
  async undoLast(tx: DbTransaction, minutesId: number, now: Date) {
    const last = await tx.minutesEntry.findFirst({
      where: { minutesId, removedAt: null },
      orderBy: { id: 'desc' },
      select: { id: true, kind: true, text: true, decisionNumber: true },
    });
    if (!last) return null;
    await tx.minutesEntry.update({ where: { id: last.id }, data: { removedAt: now } });
    if (last.kind === 'action') {
      await tx.actionItem.updateMany({ where: { entryId: last.id, status: 'open' }, data: { status: 'cancelled' } });
    }
    return last;
  }

  /** `/topic done`: the last topic still standing is finished. */
  async finishLastTopic(tx: DbTransaction, minutesId: number) {
    const topic = await tx.minutesEntry.findFirst({
      where: { minutesId, kind: 'topic', removedAt: null },
      orderBy: { id: 'desc' },
      select: { id: true, text: true, topicDone: true },
    });
    if (!topic) return null;
    await tx.minutesEntry.update({ where: { id: topic.id }, data: { topicDone: true } });
    return topic;
  }

  /** `/here` or its button: once per member and occurrence. */
  async markPresent(occurrenceId: number, memberId: number, at: Date): Promise<boolean> {
    const { count } = await this.db.attendance.createMany({
      data: [{ occurrenceId, memberId, at }],
      skipDuplicates: true,
    });
    return count === 1;
  }

  /**
   * Closes the minutes once: only the transaction that finds them open closes them (a second
   * `/minutes ID close`, or the job at the same moment, finds nothing to do). Those who said yes
   * count as present. `compose` then renders the text and its posts inside the same transaction, so
   * that the minutes are closed, archived and handed to the outbox together or not at all.
   */
  close(
    minutesId: number,
    now: Date,
    compose: (facts: MinutesFacts) => { body: string; posts: OutboxRow[] },
    facts: (tx: DbTransaction, minutesId: number) => Promise<MinutesFacts>,
  ): Promise<{ body: string; posted: number } | null> {
    return this.db.$transaction(async (tx) => {
      const claimed = await tx.minutes.updateMany({
        where: { id: minutesId, closedAt: null },
        data: { closedAt: now },
      });
      if (claimed.count === 0) return null;
      await tx.$executeRaw`
        INSERT INTO "Attendance" ("occurrenceId", "memberId", "at")
        SELECT r."occurrenceId", r."memberId", ${now} FROM "Rsvp" r JOIN "Minutes" m ON m."occurrenceId" = r."occurrenceId"
        WHERE m.id = ${minutesId} AND r.answer = 'yes'
        ON CONFLICT DO NOTHING`;
      const { body, posts } = compose(await facts(tx, minutesId));
      await insertOutboxRows(tx, posts);
      await tx.minutes.update({ where: { id: minutesId }, data: { body, postedAt: now } });
      return { body, posted: posts.length };
    });
  }

  /**
   * After an edit of closed minutes, in the edit's transaction: the text they had is kept as a
   * version (who replaced it, when), the version is raised and the new text posted. Open minutes:
   * nothing (their text is made when they close). The row is locked so that two edits at once make
   * two versions, one after the other.
   */
  async revise(
    tx: DbTransaction,
    minutesId: number,
    editorId: number,
    now: Date,
    compose: (facts: MinutesFacts) => { body: string; posts: OutboxRow[] },
    facts: (tx: DbTransaction, minutesId: number) => Promise<MinutesFacts>,
  ): Promise<number | null> {
    const [row] = await tx.$queryRaw<Array<{ version: number; body: string | null; closedAt: Date | null }>>`
      SELECT version, body, "closedAt" FROM "Minutes" WHERE id = ${minutesId} FOR UPDATE`;
    if (!row?.closedAt) return null;
    await tx.minutesVersion.create({
      data: { minutesId, version: row.version, body: row.body ?? '', editedById: editorId, editedAt: now },
    });
    await tx.minutes.update({ where: { id: minutesId }, data: { version: row.version + 1 } });
    const { body, posts } = compose(await facts(tx, minutesId));
    await insertOutboxRows(tx, posts);
    await tx.minutes.update({ where: { id: minutesId }, data: { body, postedAt: now } });
    return row.version + 1;
  }

  /** Open minutes of meetings that close by themselves, whose occurrence ended before `endedBefore`. */
  dueToClose(endedBefore: Date) {
    return this.db.minutes.findMany({
      where: { closedAt: null, occurrence: { endsAt: { lte: endedBefore }, meeting: { autoCloseMinutes: true } } },
      orderBy: { id: 'asc' },
      take: 50,
      select: { id: true },
    });
  }

  /** A committee's naming, and its community's committees (a decision's prefix must be its own). */
  committeesOf(communityId: number) {
    return this.db.committee.findMany({ where: { communityId }, select: { id: true, name: true, code: true } });
  }

  /** The community's members by name: what `@Name` is matched against. */
  membersOf(communityId: number) {
    return this.db.member.findMany({
      where: { memberships: { some: { communityId } } },
      orderBy: { id: 'asc' },
      select: { id: true, displayName: true },
    });
  }

  /**
   * A person the platform points at (a reply, a Discord user option), as a member of the community:
   * someone who never wrote to the bot is registered as writing would have done.
   */
  async memberForPlatformUser(
    communityId: number,
    platform: string,
    userId: string,
    displayName: string,
  ): Promise<{ id: number; displayName: string }> {
    const identity = await this.db.identity.findUnique({
      where: { platform_externalId: { platform, externalId: userId } },
      select: { member: { select: { id: true, displayName: true } } },
    });
    const member =
      identity?.member ??
      (await this.db.member.create({
        data: { displayName, identities: { create: { platform, externalId: userId, displayName } } },
        select: { id: true, displayName: true },
      }));
    await this.db.membership.createMany({ data: [{ memberId: member.id, communityId }], skipDuplicates: true });
    return member;
  }

  /** A platform mention (`<@123>`): only someone the community knows already. */
  findPlatformMember(communityId: number, platform: string, userId: string) {
    return this.db.member.findFirst({
      where: {
        identities: { some: { platform, externalId: userId } },
        memberships: { some: { communityId } },
      },
      select: { id: true, displayName: true },
    });
  }

  async isCommunityMember(communityId: number, memberId: number): Promise<boolean> {
    return (await this.db.membership.count({ where: { communityId, memberId } })) > 0;
  }

  findMember(id: number) {
    return this.db.member.findUnique({ where: { id }, select: { id: true, displayName: true } });
  }

  /** The decisions of a community, newest first, that this member may see; each with its meeting. */
  decisions(communityId: number, filter: { committeeId?: number; memberId: number; seeAll: boolean }) {
    const meeting: Prisma.MeetingWhereInput = {
      communityId,
      ...(filter.committeeId !== undefined ? { committeeId: filter.committeeId } : {}),
      ...(filter.seeAll ? {} : visibleTo(filter.memberId)),
    };
    return this.db.minutesEntry.findMany({
      where: { kind: 'decision', removedAt: null, minutes: { occurrence: { meeting } } },
      orderBy: { id: 'desc' },
      take: 5000,
      select: {
        id: true,
        text: true,
        decisionNumber: true,
        createdAt: true,
        minutes: {
          select: {
            occurrence: { select: { startsAt: true, meeting: { select: { id: true, title: true } } } },
          },
        },
      },
    });
  }

  /**
   * Closed minutes of the community's meetings this member may see, the latest meeting first, one
   * more than `take` (to tell whether another page follows); each with its meeting and time.
   */
  closedMinutes(communityId: number, viewer: { memberId: number; seeAll: boolean }, skip: number, take: number) {
    return this.db.minutes.findMany({
      where: {
        closedAt: { not: null },
        body: { not: null },
        occurrence: { meeting: { communityId, ...(viewer.seeAll ? {} : visibleTo(viewer.memberId)) } },
      },
      orderBy: [{ occurrence: { startsAt: 'desc' } }, { id: 'desc' }],
      skip,
      take: take + 1,
      select: {
        id: true,
        closedAt: true,
        version: true,
        occurrence: { select: { startsAt: true, meeting: { select: { id: true, title: true } } } },
      },
    });
  }

  /** Closed minutes of the community by id, if this member may see their meeting; with their text. */
  findClosedMinutes(communityId: number, minutesId: number, viewer: { memberId: number; seeAll: boolean }) {
    return this.db.minutes.findFirst({
      where: {
        id: minutesId,
        closedAt: { not: null },
        body: { not: null },
        occurrence: { meeting: { communityId, ...(viewer.seeAll ? {} : visibleTo(viewer.memberId)) } },
      },
      select: {
        id: true,
        closedAt: true,
        version: true,
        body: true,
        occurrence: { select: { startsAt: true, meeting: { select: { id: true, title: true } } } },
      },
    });
  }

  /** Decisions and notes of closed minutes this member may see: what /search finds besides experiences. */
  searchable(communityId: number, memberId: number, seeAll: boolean) {
    return this.db.minutesEntry.findMany({
      where: {
        kind: { in: ['decision', 'note'] },
        removedAt: null,
        minutes: {
          closedAt: { not: null },
          occurrence: { meeting: { communityId, ...(seeAll ? {} : visibleTo(memberId)) } },
        },
      },
      orderBy: { id: 'desc' },
      take: 5000,
      select: {
        id: true,
        kind: true,
        text: true,
        decisionNumber: true,
        minutes: {
          select: {
            occurrence: { select: { startsAt: true, meeting: { select: { id: true, title: true } } } },
          },
        },
      },
    });
  }

  /**
   * What the next time of a meeting takes over: the open actions of the meeting it continues (the
   * series itself, or the one it follows) recorded before it, and the topics its previous time left
   * unfinished (not marked done, no decision under them).
   */
  async carriedOver(
    occurrence: { id: number; startsAt: Date },
    meeting: { id: number; followsId: number | null; rrule: string | null },
  ) {
    const sourceMeetingId = meeting.rrule ? meeting.id : meeting.followsId;
    if (sourceMeetingId === null) return { actions: [], topics: [] };
    const actions = await this.db.actionItem.findMany({
      where: {
        meetingId: sourceMeetingId,
        status: 'open',
        createdAt: { lt: occurrence.startsAt },
        OR: [{ entryId: null }, { entry: { removedAt: null } }],
      },
      orderBy: { id: 'asc' },
      select: {
        id: true,
        text: true,
        dueAt: true,
        owners: { orderBy: { memberId: 'asc' }, select: { member: { select: { displayName: true } } } },
      },
    });
    const previous = await this.db.meetingOccurrence.findFirst({
      where: {
        meetingId: sourceMeetingId,
        cancelledAt: null,
        startsAt: { lt: occurrence.startsAt },
        id: { not: occurrence.id },
        minutes: { isNot: null },
      },
      orderBy: { startsAt: 'desc' },
      select: { minutes: { select: { id: true } } },
    });
    const topics = previous?.minutes
      ? await this.db.minutesEntry.findMany({
          where: {
            minutesId: previous.minutes.id,
            kind: 'topic',
            removedAt: null,
            topicDone: false,
            NOT: { id: { in: await this.decidedTopicIds(previous.minutes.id) } },
          },
          orderBy: { id: 'asc' },
          select: { id: true, text: true },
        })
      : [];
    return { actions, topics };
  }

  private async decidedTopicIds(minutesId: number): Promise<number[]> {
    const rows = await this.db.minutesEntry.findMany({
      where: { minutesId, kind: 'decision', removedAt: null, topicId: { not: null } },
      distinct: ['topicId'],
      select: { topicId: true },
    });
    return rows.map((row) => row.topicId!);
  }

  /** The group chat a meeting was scheduled in, when the bot may still post there. */
  meetingChat(meetingId: number) {
    return this.db.meeting.findUnique({
      where: { id: meetingId },
      select: {
        chat: { select: { platform: true, externalId: true, kind: true, active: true, unreachableAt: true } },
        chair: {
          select: {
            identities: {
              where: { privateChatId: { not: null } },
              select: { platform: true, privateChatId: true },
              take: 1,
            },
          },
        },
      },
    });
  }
}

function occurrenceIdOf(details: Prisma.JsonValue | undefined): number | null {
  if (typeof details !== 'object' || details === null || Array.isArray(details)) return null;
  const id = (details as Record<string, unknown>).occurrenceId;
  return typeof id === 'number' ? id : null;
}
