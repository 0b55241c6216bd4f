import type { Db, DbTransaction } from '../../db/prisma-client.ts';
import { readAnswers } from './round-answers.ts';

/**
 * What report rounds store about one member, for /mydata: the versions of library reports they sent,
 * their answers in progress, the rounds they made, and their reports in rounds about people.
 */
export async function collectRoundData(db: Db, memberId: number) {
  const [roundVersionsSent, roundDrafts, roundsCreated, roundSubmissionsAboutYou] = await Promise.all([
    db.roundSubmissionVersion.findMany({
      where: { submittedById: memberId },
      orderBy: { id: 'asc' },
      select: {
        version: true,
        submittedAt: true,
        answers: true,
        submission: {
          select: {
            roundId: true,
            library: { select: { name: true } },
            round: { select: { periodLabel: true, templateName: true } },
          },
        },
      },
    }),
    db.roundDraft.findMany({
      where: { memberId },
      select: { roundId: true, position: true, answers: true, updatedAt: true },
    }),
    db.reportRound.findMany({
      where: { createdById: memberId },
      select: { id: true, templateName: true, periodLabel: true, createdAt: true },
    }),
    db.roundSubmission.findMany({
      where: { subjectId: memberId },
      select: { roundId: true, answers: true, version: true, submittedAt: true },
    }),
  ]);
  return { roundVersionsSent, roundDrafts, roundsCreated, roundSubmissionsAboutYou };
}

/**
 * /forgetme: a library's reports stay with the library, only the sender's name goes (the submitter
 * columns are cleared by ON DELETE SET NULL when the member row goes); answers in progress and chases
 * go with the member (CASCADE). A report about the member themself (a round about people) stays
 * counted without them, and without its free-text answers (their own words may name them), as a
 * survey response does. Returns how many library reports they had sent, kept without their name.
 */
export async function forgetRoundData(tx: DbTransaction, memberId: number): Promise<number> {
  const sent = await tx.roundSubmission.count({ where: { submittedById: memberId, libraryId: { not: null } } });
  const aboutThem = await tx.roundSubmission.findMany({
    where: { subjectId: memberId },
    select: { id: true, answers: true },
  });
  for (const row of aboutThem) {
    const kept = Object.fromEntries(
      Object.entries(readAnswers(row.answers)).filter(([, answer]) => answer.kind !== 'text'),
    );
    await tx.roundSubmission.update({ where: { id: row.id }, data: { subjectId: null, answers: kept } });
    await tx.roundSubmissionVersion.deleteMany({ where: { submissionId: row.id } });
  }
  return sent + aboutThem.length;
}
