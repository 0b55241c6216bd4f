import type { Db } from '../../db/prisma-client.ts';

/**
 * What the web dashboard stores about one member, for /mydata: their sessions (when signed in, last
 * used, ended, which browser said it was), never a secret's hash; sign-in links are not listed (each
 * lives ten minutes and leads nowhere once used). /forgetme needs nothing here: links and sessions go
 * with the member (ON DELETE CASCADE), and their audit entries lose the name with the others.
 */
export async function collectDashboardData(db: Db, memberId: number) {
  const dashboardSessions = await db.dashboardSession.findMany({
    where: { memberId },
    orderBy: { id: 'asc' },
    select: { createdAt: true, lastSeenAt: true, endedAt: true, userAgent: true },
  });
  return { dashboardSessions };
}
