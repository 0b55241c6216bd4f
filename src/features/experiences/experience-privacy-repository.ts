import type { Db, DbTransaction } from '../../db/prisma-client.ts';

/**
 * The experience feature's part of `/mydata` and `/forgetme` (called by privacy-repository.ts): what a
 * member shared, reviewed, searched and compiled. On forgetting, what they consented to publish and a
 * curator approved stays, anonymized; everything else of theirs is deleted.
 */
export async function collectExperienceData(db: Db, memberId: number) {
  const [experiences, reviews, searches, newsletters] = await Promise.all([
    db.experience.findMany({
      where: { authorId: memberId },
      orderBy: { id: 'asc' },
      select: {
        id: true,
        communityId: true,
        title: true,
        body: true,
        tags: true,
        library: true,
        consent: true,
        sourceName: true,
        sourceDate: true,
        status: true,
        submittedAt: true,
        approvedAt: true,
        attachments: { select: { fileName: true, mimeType: true, caption: true } },
        // The curators' notes are about the member's text; who the curators are is theirs, not shown.
        statusChanges: { orderBy: { id: 'asc' }, select: { toStatus: true, note: true, createdAt: true } },
        newsletterItem: { select: { issue: { select: { number: true } } } },
      },
    }),
    db.experienceStatusChange.findMany({
      where: { actorId: memberId, experience: { authorId: { not: memberId } } },
      orderBy: { id: 'asc' },
      select: { experienceId: true, toStatus: true, note: true, createdAt: true },
    }),
    db.experienceSearch.findMany({
      where: { memberId },
      orderBy: { id: 'asc' },
      select: { query: true, createdAt: true },
    }),
    db.newsletterIssue.findMany({
      where: { createdById: memberId },
      orderBy: { id: 'asc' },
      select: { communityId: true, number: true, createdAt: true },
    }),
  ]);
  return { experiences, experienceReviews: reviews, experienceSearches: searches, newslettersCompiled: newsletters };
}

/**
 * Runs inside /forgetme's transaction, before the member row goes. Approved experiences lose every
 * trace of the author (the link, the consent to be named, their library, the chat it came from);
 * the member's other submissions are deleted with their attachments and history. Reviews they made
 * as a curator, the issues they compiled and their searches follow the member row's ON DELETE rules.
 */
export async function forgetExperienceData(tx: DbTransaction, memberId: number): Promise<void> {
  await tx.experience.updateMany({
    where: { authorId: memberId, status: 'approved' },
    data: { authorId: null, consent: 'anonymous', library: null, chatId: null },
  });
  await tx.experience.deleteMany({ where: { authorId: memberId } });
}
