import type { Db } from '../../db/prisma-client.ts';

/** Everything of a community's meetings for its archive: occurrences, RSVPs, reminder deliveries. No rules. */
export class MeetingArchiveRepository {
  constructor(private readonly db: Db) {}

  meetings(communityId: number) {
    return this.db.meeting.findMany({
      where: { communityId },
      orderBy: { id: 'asc' },
      select: {
        id: true,
        title: true,
        link: true,
        place: true,
        agenda: true,
        timeZone: true,
        durationMinutes: true,
        rrule: true,
        audience: true,
        cancelledAt: true,
        createdAt: true,
        chair: { select: { displayName: true } },
        committee: { select: { name: true } },
        occurrences: {
          orderBy: { startsAt: 'asc' },
          select: {
            startsAt: true,
            endsAt: true,
            cancelledAt: true,
            rsvps: {
              orderBy: { answeredAt: 'asc' },
              select: { answer: true, answeredAt: true, member: { select: { displayName: true } } },
            },
            reminders: {
              orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
              select: {
                kind: true,
                offsetMinutes: true,
                targetPlatform: true,
                memberId: true,
                dueAt: true,
                status: true,
                handledAt: true,
              },
            },
          },
        },
      },
    });
  }
}

export type MeetingArchiveRow = Awaited<ReturnType<MeetingArchiveRepository['meetings']>>[number];
