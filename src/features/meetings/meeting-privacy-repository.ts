import type { Db, DbTransaction } from '../../db/prisma-client.ts';

/** What meetings store about one member, for /mydata. */
export async function collectMeetingData(db: Db, memberId: number) {
  const [rsvps, meetingsChaired, privateReminders] = await Promise.all([
    db.rsvp.findMany({
      where: { memberId },
      orderBy: { answeredAt: 'asc' },
      select: {
        answer: true,
        answeredAt: true,
        occurrence: { select: { startsAt: true, meeting: { select: { id: true, title: true, communityId: true } } } },
      },
    }),
    db.meeting.findMany({
      where: { chairId: memberId },
      orderBy: { id: 'asc' },
      select: { id: true, title: true, startsAt: true, rrule: true, communityId: true, createdAt: true },
    }),
    db.reminder.findMany({
      where: { memberId },
      orderBy: { dueAt: 'asc' },
      select: {
        kind: true,
        offsetMinutes: true,
        dueAt: true,
        status: true,
        handledAt: true,
        occurrence: { select: { meetingId: true, startsAt: true } },
      },
    }),
  ]);
  return { rsvps, meetingsChaired, privateReminders };
}

/**
 * /forgetme for meetings: the member's answers and private reminders are deleted; the meetings they
 * chaired stay for the community, without their chair.
 */
export async function forgetMeetingData(tx: DbTransaction, memberId: number): Promise<void> {
  await tx.rsvp.deleteMany({ where: { memberId } });
  await tx.reminder.deleteMany({ where: { memberId } });
  await tx.meeting.updateMany({ where: { chairId: memberId }, data: { chairId: null } });
}
