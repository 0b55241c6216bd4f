import type { Db, DbTransaction } from '../../db/prisma-client.ts';

/**
 * The action items' part of `/mydata` and `/forgetme` (called by privacy-repository.ts): the actions a
 * member owns (with their answer and reason) and those they recorded, the chasing messages planned or
 * sent to them, and the weekly digests they got as a chair.
 */
export async function collectActionData(db: Db, memberId: number) {
  const [actionsOwned, actionsCreated, actionReminders, actionDigests] = await Promise.all([
    db.actionOwner.findMany({
      where: { memberId },
      orderBy: { actionId: 'asc' },
      select: {
        state: true,
        reason: true,
        answeredAt: true,
        action: {
          select: {
            id: true,
            communityId: true,
            meetingId: true,
            text: true,
            dueAt: true,
            status: true,
            createdAt: true,
          },
        },
      },
    }),
    db.actionItem.findMany({
      where: { createdById: memberId },
      orderBy: { id: 'asc' },
      select: { id: true, communityId: true, meetingId: true, text: true, dueAt: true, status: true, createdAt: true },
    }),
    db.actionReminder.findMany({
      where: { memberId },
      orderBy: { dueAt: 'asc' },
      select: { actionId: true, stage: true, dueAt: true, status: true, handledAt: true },
    }),
    db.actionDigest.findMany({
      where: { memberId },
      orderBy: { sentAt: 'asc' },
      select: { communityId: true, week: true, sentAt: true },
    }),
  ]);
  return { actionsOwned, actionsCreated, actionReminders, actionDigests };
}

/**
 * /forgetme for action items: the actions stay (they belong to their meeting's minutes) without the
 * person. Their ownerships, answers and chasing rows go with the member row (ON DELETE CASCADE; an
 * action left without owners reads "owner removed"), the actions they recorded lose their author
 * (ON DELETE SET NULL); the digests they got name them by id only, with no key to cascade: deleted here.
 */
export async function forgetActionData(tx: DbTransaction, memberId: number): Promise<void> {
  await tx.actionDigest.deleteMany({ where: { memberId } });
}
