import type { DbTransaction, Db } from '../../db/prisma-client.ts';
import { isLanguage } from '../../i18n/languages.ts';
import type { MinutesFacts } from './minutes-facts.ts';

/**
 * Reads what the minutes' text is made of, inside the transaction that closes or edits them (or
 * outside one, to show the text so far): entries still standing with their actions' owners, who was
 * present (`/here`, the button, or a yes) and who of the audience was not.
 */
export async function loadMinutesFacts(db: Db | DbTransaction, minutesId: number): Promise<MinutesFacts> {
  const minutes = await db.minutes.findUniqueOrThrow({
    where: { id: minutesId },
    select: {
      id: true,
      version: true,
      closedAt: true,
      secretary: { select: { displayName: true } },
      occurrence: {
        select: {
          id: true,
          startsAt: true,
          endsAt: true,
          meeting: {
            select: {
              id: true,
              title: true,
              audience: true,
              committeeId: true,
              committee: { select: { name: true } },
              chair: { select: { displayName: true } },
              community: { select: { id: true, name: true, language: true, calendar: true, timeZone: true } },
            },
          },
        },
      },
      entries: {
        where: { removedAt: null },
        orderBy: { id: 'asc' },
        select: {
          id: true,
          kind: true,
          text: true,
          topicId: true,
          topicDone: true,
          decisionNumber: true,
          author: { select: { displayName: true } },
          action: {
            select: {
              id: true,
              dueAt: true,
              status: true,
              owners: { orderBy: { memberId: 'asc' }, select: { member: { select: { displayName: true } } } },
            },
          },
        },
      },
    },
  });
  const { occurrence } = minutes;
  const { meeting } = occurrence;
  const community = meeting.community;
  const [attendance, yes, audience] = await Promise.all([
    db.attendance.findMany({
      where: { occurrenceId: occurrence.id },
      select: { memberId: true, member: { select: { displayName: true } } },
    }),
    db.rsvp.findMany({
      where: { occurrenceId: occurrence.id, answer: 'yes' },
      select: { memberId: true, member: { select: { displayName: true } } },
    }),
    meeting.audience === 'committee' && meeting.committeeId !== null
      ? db.committeeMembership.findMany({
          where: { committeeId: meeting.committeeId },
          select: { memberId: true, member: { select: { displayName: true } } },
        })
      : db.membership.findMany({
          where: { communityId: community.id },
          select: { memberId: true, member: { select: { displayName: true } } },
        }),
  ]);
  const present = new Map<number, string>();
  for (const row of [...attendance, ...yes]) present.set(row.memberId, row.member.displayName);
  const byName = (a: string, b: string) => a.localeCompare(b, community.language);
  return {
    minutesId: minutes.id,
    version: minutes.version,
    closedAt: minutes.closedAt,
    meeting: {
      id: meeting.id,
      title: meeting.title,
      committeeName: meeting.committee?.name ?? null,
      chairName: meeting.chair?.displayName ?? null,
    },
    occurrence: { id: occurrence.id, startsAt: occurrence.startsAt, endsAt: occurrence.endsAt },
    community: {
      name: community.name,
      language: isLanguage(community.language) ? community.language : 'en',
      calendar: community.calendar === 'persian' ? 'persian' : 'gregorian',
      timeZone: community.timeZone,
    },
    secretaryName: minutes.secretary?.displayName ?? null,
    entries: minutes.entries.map((entry) => ({
      id: entry.id,
      kind: entry.kind,
      text: entry.text,
      topicId: entry.topicId,
      topicDone: entry.topicDone,
      decisionNumber: entry.decisionNumber,
      authorName: entry.author?.displayName ?? null,
      action: entry.action
        ? {
            id: entry.action.id,
            dueAt: entry.action.dueAt,
            status: entry.action.status,
            owners: entry.action.owners.map((owner) => owner.member.displayName),
          }
        : null,
    })),
    attendees: [...present.values()].sort(byName),
    absentees: audience
      .filter((row) => !present.has(row.memberId))
      .map((row) => row.member.displayName)
      .sort(byName),
  };
}
