import type { Db } from '../../db/prisma-client.ts';

/**
 * What calendar feeds store about one member, for /mydata: which feed they have in each community and
 * since when (never its secret: only a hash of it is kept, and that leads nowhere). /forgetme needs
 * nothing here: the feed goes with the member (ON DELETE CASCADE), and its address answers 404.
 */
export async function collectFeedData(db: Db, memberId: number) {
  const feeds = await db.feedSubscription.findMany({
    where: { memberId },
    orderBy: { id: 'asc' },
    select: { communityId: true, scope: true, committeeId: true, createdAt: true },
  });
  return { feeds };
}
