import type { Prisma } from '../../db/generated/client.ts';
import type { Db } from '../../db/prisma-client.ts';
import type { MeetingChanges, MeetingRow, NewMeeting, OccurrenceChanges, ReminderPlan } from './meeting-types.ts';
import type { PlannedOccurrence } from './occurrence-planner.ts';
import type { ReminderTarget } from './reminder-planner.ts';
import { cancelInTransaction, declinedIn, insertReminders, replaceReminders } from './reminder-rows-repository.ts';

/**
 * The only code of meetings that knows Prisma (with reminder-repository.ts and reminder-rows-repository.ts):
 * finds and writes, no rules. Committees are the community feature's (community/committee-repository.ts).
 */

export const meetingSelect = {
  id: true,
  communityId: true,
  chairId: true,
  title: true,
  link: true,
  place: true,
  agenda: true,
  timeZone: true,
  startsAt: true,
  durationMinutes: true,
  rrule: true,
  audience: true,
  chatId: true,
  committeeId: true,
  icsSequence: true,
  cancelledAt: true,
} as const;

/**
 * The meetings a member who is not a chair may see, and so list, fetch as .ics and answer: all but
 * those for a committee they are not in (its chair sees it too). The one rule of /meetings, /ics and
 * RSVP; chairs and admins see every meeting of their community.
 */
export function visibleTo(memberId: number): Prisma.MeetingWhereInput {
  return {
    OR: [{ audience: { not: 'committee' } }, { committee: { members: { some: { memberId } } } }, { chairId: memberId }],
  };
}

export class MeetingRepository {
  constructor(private readonly db: Db) {}

  findChatId(platform: string, externalId: string): Promise<{ id: number } | null> {
    return this.db.chat.findUnique({
      where: { platform_externalId: { platform, externalId } },
      select: { id: true },
    });
  }

  async isVisibleTo(meetingId: number, memberId: number): Promise<boolean> {
    return (await this.db.meeting.count({ where: { id: meetingId, ...visibleTo(memberId) } })) > 0;
  }

  async isCommunityMember(communityId: number, memberId: number): Promise<boolean> {
    return (await this.db.membership.count({ where: { communityId, memberId } })) > 0;
  }

  async reminderOffsets(communityId: number): Promise<number[]> {
    const row = await this.db.community.findUnique({ where: { id: communityId }, select: { reminderOffsets: true } });
    return row?.reminderOffsets ?? [];
  }

  async setReminderOffsets(communityId: number, offsets: number[], actorId: number): Promise<void> {
    await this.db.$transaction([
      this.db.community.update({ where: { id: communityId }, data: { reminderOffsets: offsets } }),
      this.db.auditLog.create({
        data: { communityId, actorMemberId: actorId, action: 'meeting.offsets', details: { offsets } },
      }),
    ]);
  }

  /**
   * Where reminders of an audience go: the meeting's chat; every active, reachable group of the
   * community; or each committee member's private chat (one per member, on the first platform where
   * they have not blocked the bot).
   */
  async findTargets(
    meeting: Pick<MeetingRow, 'communityId' | 'audience' | 'chatId' | 'committeeId'>,
  ): Promise<ReminderTarget[]> {
    if (meeting.audience === 'committee') {
      if (meeting.committeeId === null) return [];
      const identities = await this.db.identity.findMany({
        where: { privateChatId: { not: null }, member: { committees: { some: { committeeId: meeting.committeeId } } } },
        orderBy: { id: 'asc' },
        select: { platform: true, privateChatId: true, memberId: true },
      });
      // A member who blocked the bot on one platform is reminded on another, where they still can be.
      const refused = await this.db.chat.findMany({
        where: {
          kind: 'private',
          externalId: { in: identities.map((i) => i.privateChatId!) },
          unreachableAt: { not: null },
        },
        select: { platform: true, externalId: true },
      });
      const blocked = new Set(refused.map((c) => `${c.platform}:${c.externalId}`));
      const byMember = new Map<number, ReminderTarget>();
      for (const i of identities) {
        if (!byMember.has(i.memberId) && !blocked.has(`${i.platform}:${i.privateChatId}`)) {
          byMember.set(i.memberId, { platform: i.platform, chatId: i.privateChatId!, memberId: i.memberId });
        }
      }
      return [...byMember.values()];
    }
    const chats = await this.db.chat.findMany({
      where: {
        communityId: meeting.communityId,
        kind: 'group',
        active: true,
        unreachableAt: null,
        ...(meeting.audience === 'chat' ? { id: meeting.chatId ?? -1 } : {}),
      },
      orderBy: { id: 'asc' },
      select: { platform: true, externalId: true },
    });
    return chats.map((c) => ({ platform: c.platform, chatId: c.externalId, memberId: null }));
  }

  /** The meeting, its first occurrences and their reminders, in one transaction: nothing half-made. */
  create(meeting: NewMeeting, occurrences: PlannedOccurrence[], plan: ReminderPlan): Promise<MeetingRow> {
    return this.db.$transaction(async (tx) => {
      const created = await tx.meeting.create({
        data: { ...meeting, plannedUntil: occurrences.at(-1)?.startsAt ?? null },
        select: meetingSelect,
      });
      const stored = await tx.meetingOccurrence.createManyAndReturn({
        data: occurrences.map((o) => ({ meetingId: created.id, startsAt: o.startsAt, endsAt: o.endsAt })),
        select: { id: true, startsAt: true },
      });
      await insertReminders(tx, plan(stored, new Map()));
      await tx.auditLog.create({
        data: {
          communityId: meeting.communityId,
          actorMemberId: meeting.chairId,
          action: 'meeting.create',
          details: { meetingId: created.id },
        },
      });
      return created;
    });
  }

  /** The id the migration gave this installation (one row, made once, kept by backups). */
  async installationUid(): Promise<string> {
    const installation = await this.db.installation.findUniqueOrThrow({ where: { id: 1 }, select: { uid: true } });
    return installation.uid;
  }

  findMeeting(communityId: number, id: number): Promise<MeetingRow | null> {
    return this.db.meeting.findFirst({ where: { id, communityId }, select: meetingSelect });
  }

  findOccurrence(id: number) {
    return this.db.meetingOccurrence.findUnique({
      where: { id },
      select: { id: true, startsAt: true, endsAt: true, cancelledAt: true, meeting: { select: meetingSelect } },
    });
  }

  /** Occurrences still to come (not cancelled), in time order. */
  futureOccurrences(meetingId: number, now: Date, take?: number) {
    return this.db.meetingOccurrence.findMany({
      where: { meetingId, cancelledAt: null, startsAt: { gt: now } },
      orderBy: { startsAt: 'asc' },
      select: { id: true, startsAt: true, endsAt: true },
      ...(take ? { take } : {}),
    });
  }

  /**
   * An edit: the meeting's new fields, its future occurrences changed as the service decided, and the
   * pending reminders of every future occurrence planned again. Reminders already sent stay as they are.
   */
  applyEdit(
    meetingId: number,
    changes: MeetingChanges,
    occurrences: OccurrenceChanges,
    now: Date,
    actorId: number,
    plan: ReminderPlan,
  ): Promise<MeetingRow> {
    return this.db.$transaction(async (tx) => {
      // Every edit is a new version of the event for calendars that imported its file.
      const meeting = await tx.meeting.update({
        where: { id: meetingId },
        data: { ...changes, icsSequence: { increment: 1 } },
        select: meetingSelect,
      });
      await cancelInTransaction(tx, occurrences.cancelIds, now);
      for (const keep of occurrences.keep) {
        await tx.meetingOccurrence.update({ where: { id: keep.id }, data: { endsAt: keep.endsAt } });
      }
      for (const added of occurrences.add) {
        const created = await tx.meetingOccurrence.upsert({
          where: { meetingId_startsAt: { meetingId, startsAt: added.startsAt } },
          create: { meetingId, startsAt: added.startsAt, endsAt: added.endsAt },
          update: { cancelledAt: null, endsAt: added.endsAt },
          select: { id: true },
        });
        if (added.answersFrom !== null) {
          const answers = await tx.rsvp.findMany({
            where: { occurrenceId: added.answersFrom },
            select: { memberId: true, answer: true },
          });
          await tx.rsvp.createMany({
            data: answers.map((a) => ({ occurrenceId: created.id, memberId: a.memberId, answer: a.answer })),
            skipDuplicates: true,
          });
        }
      }
      const future = await tx.meetingOccurrence.findMany({
        where: { meetingId, cancelledAt: null, startsAt: { gt: now } },
        select: { id: true, startsAt: true },
      });
      await replaceReminders(tx, future, plan(future, await declinedIn(tx, future)));
      const last = future.reduce<Date | null>((a, o) => (a && a > o.startsAt ? a : o.startsAt), null);
      await tx.meeting.update({ where: { id: meetingId }, data: { plannedUntil: last } });
      await tx.auditLog.create({
        data: {
          communityId: meeting.communityId,
          actorMemberId: actorId,
          action: 'meeting.edit',
          details: { meetingId, fields: Object.keys(changes) },
        },
      });
      return meeting;
    });
  }

  /** Pending reminders of these occurrences planned again (new offsets, new members of the audience). */
  replanReminders(occurrences: Array<{ id: number; startsAt: Date }>, plan: ReminderPlan): Promise<void> {
    return this.db.$transaction(async (tx) =>
      replaceReminders(tx, occurrences, plan(occurrences, await declinedIn(tx, occurrences))),
    );
  }

  /**
   * Cancels occurrences (or with `series`, the meeting and all its future occurrences): their pending
   * reminders are cancelled, and one notice per target that was or would have been reminded is planned
   * as a reminder row due now, so that the dispatcher delivers it exactly once in that target's language.
   */
  cancel(
    meetingId: number,
    occurrenceIds: number[],
    options: { series: boolean; now: Date; actorId: number; communityId: number },
  ): Promise<{ notified: number }> {
    return this.db.$transaction(async (tx) => {
      const { now } = options;
      // A cancelled occurrence (an EXDATE) or series (a cancellation) is a new version of the .ics too.
      await tx.meeting.update({
        where: { id: meetingId },
        data: { ...(options.series ? { cancelledAt: now } : {}), icsSequence: { increment: 1 } },
      });
      const targets = await tx.reminder.findMany({
        where: { occurrenceId: { in: occurrenceIds }, kind: 'reminder', status: { in: ['planned', 'sent', 'late'] } },
        distinct: ['targetPlatform', 'targetChatId'],
        select: { targetPlatform: true, targetChatId: true, memberId: true },
      });
      await cancelInTransaction(tx, occurrenceIds, now);
      const noticeOn = occurrenceIds[0];
      if (noticeOn !== undefined && targets.length > 0) {
        await tx.reminder.createMany({
          data: targets.map((t) => ({
            occurrenceId: noticeOn,
            kind: options.series ? ('cancelSeries' as const) : ('cancelOne' as const),
            offsetMinutes: 0,
            targetPlatform: t.targetPlatform,
            targetChatId: t.targetChatId,
            memberId: t.memberId,
            dueAt: now,
          })),
          skipDuplicates: true,
        });
      }
      await tx.auditLog.create({
        data: {
          communityId: options.communityId,
          actorMemberId: options.actorId,
          action: options.series ? 'meeting.cancel' : 'meeting.cancel-occurrence',
          details: { meetingId, occurrenceIds },
        },
      });
      return { notified: targets.length };
    });
  }

  /** Recurring meetings still running: what the horizon job extends. */
  activeSeries() {
    return this.db.meeting.findMany({
      where: { cancelledAt: null, rrule: { not: null } },
      orderBy: { id: 'asc' },
      select: meetingSelect,
    });
  }

  /** New occurrences of a series (existing ones, cancelled or not, are left alone) and their reminders. */
  extendSeries(meetingId: number, occurrences: PlannedOccurrence[], plan: ReminderPlan): Promise<number> {
    return this.db.$transaction(async (tx) => {
      const created = await tx.meetingOccurrence.createManyAndReturn({
        data: occurrences.map((o) => ({ meetingId, startsAt: o.startsAt, endsAt: o.endsAt })),
        skipDuplicates: true,
        select: { id: true, startsAt: true },
      });
      if (created.length > 0) {
        await insertReminders(tx, plan(created, await declinedIn(tx, created)));
        await tx.meeting.update({
          where: { id: meetingId },
          data: { plannedUntil: occurrences.at(-1)!.startsAt },
        });
      }
      return created.length;
    });
  }

  /** Future occurrences of a community's meetings: what a change of offsets plans again. */
  communityFutureOccurrences(communityId: number, now: Date) {
    return this.db.meetingOccurrence.findMany({
      where: { cancelledAt: null, startsAt: { gt: now }, meeting: { communityId, cancelledAt: null } },
      select: { id: true, startsAt: true, meeting: { select: meetingSelect } },
    });
  }

  /** Upcoming occurrences a member may see, with every answer (names for chairs). */
  upcoming(communityId: number, memberId: number, seeAll: boolean, now: Date, take: number) {
    return this.db.meetingOccurrence.findMany({
      where: {
        cancelledAt: null,
        endsAt: { gt: now },
        meeting: {
          communityId,
          cancelledAt: null,
          ...(seeAll ? {} : visibleTo(memberId)),
        },
      },
      orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
      take,
      select: {
        id: true,
        startsAt: true,
        endsAt: true,
        meeting: { select: meetingSelect },
        rsvps: {
          orderBy: { answeredAt: 'asc' },
          select: { memberId: true, answer: true, member: { select: { displayName: true } } },
        },
      },
    });
  }

  /** Cancelled occurrences of a series (EXDATE in its calendar file). */
  cancelledOccurrences(meetingId: number) {
    return this.db.meetingOccurrence.findMany({
      where: { meetingId, cancelledAt: { not: null } },
      orderBy: { startsAt: 'asc' },
      select: { startsAt: true },
    });
  }
}
