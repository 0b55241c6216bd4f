import type { Db } from '../../../src/db/prisma-client.ts';

/**
 * Row counts of every table that holds what members made (communities, people, roles, polls, votes,
 * surveys, meetings, experiences…). The bookkeeping of events, sends and flood windows is left out: a
 * refused command is still an event the bot saw and answered.
 */
export async function featureRowCounts(db: Db): Promise<Record<string, number>> {
  const entries = await Promise.all(
    Object.entries({
      community: db.community.count(),
      chat: db.chat.count(),
      member: db.member.count(),
      identity: db.identity.count(),
      membership: db.membership.count(),
      committee: db.committee.count(),
      committeeMembership: db.committeeMembership.count(),
      linkCode: db.linkCode.count(),
      conversation: db.conversation.count(),
      auditLog: db.auditLog.count(),
      shortNumber: db.shortNumber.count(),
      poll: db.poll.count(),
      pollOption: db.pollOption.count(),
      pollVote: db.pollVote.count(),
      pollMessage: db.pollMessage.count(),
      survey: db.survey.count(),
      surveyQuestion: db.surveyQuestion.count(),
      surveyResponse: db.surveyResponse.count(),
      surveyAnswer: db.surveyAnswer.count(),
      meeting: db.meeting.count(),
      meetingOccurrence: db.meetingOccurrence.count(),
      rsvp: db.rsvp.count(),
      reminder: db.reminder.count(),
      experience: db.experience.count(),
      experienceAttachment: db.experienceAttachment.count(),
      experienceTopic: db.experienceTopic.count(),
      newsletterIssue: db.newsletterIssue.count(),
      newsletterItem: db.newsletterItem.count(),
    }).map(async ([table, count]) => [table, await count] as const),
  );
  return Object.fromEntries(entries);
}

/**
 * Objects that exist only half: a poll with fewer than two options, a meeting without an occurrence,
 * a survey without questions. Whatever input came before, none may be left in the database.
 */
export async function halfWrittenObjects(db: Db): Promise<string[]> {
  const [polls, meetings, surveys] = await Promise.all([
    db.poll.findMany({ select: { id: true, _count: { select: { options: true } } } }),
    db.meeting.findMany({ select: { id: true, cancelledAt: true, _count: { select: { occurrences: true } } } }),
    db.survey.findMany({ select: { id: true, _count: { select: { questions: true } } } }),
  ]);
  return [
    ...polls.filter((p) => p._count.options < 2).map((p) => `poll ${p.id} has ${p._count.options} options`),
    ...meetings
      .filter((m) => m._count.occurrences === 0 && !m.cancelledAt)
      .map((m) => `meeting ${m.id} has no occurrence`),
    ...surveys.filter((s) => s._count.questions === 0).map((s) => `survey ${s.id} has no question`),
  ];
}

/** Every member's settings and roles: what a refused `/lang`, `/tz`, `/calendar` or `/role` must leave as it was. */
export async function settingsSnapshot(db: Db): Promise<string> {
  const [members, memberships] = await Promise.all([
    db.member.findMany({
      select: { id: true, language: true, timeZone: true, calendar: true, activeCommunityId: true },
      orderBy: { id: 'asc' },
    }),
    db.membership.findMany({ select: { memberId: true, communityId: true, role: true }, orderBy: { id: 'asc' } }),
  ]);
  return JSON.stringify({ members, memberships });
}
