import type { Db } from '../../db/prisma-client.ts';

/**
 * What member libraries store about one member, for /mydata: the library they answer for in each
 * community, and the libraries they are the delegate of. /forgetme needs nothing of its own here: a
 * member's LibraryRespondent rows go with the member (ON DELETE CASCADE), and a library they were the
 * delegate of stays for the community, without its delegate (ON DELETE SET NULL).
 */
export async function collectLibraryData(db: Db, memberId: number) {
  const [libraries, librariesDelegated] = await Promise.all([
    db.libraryRespondent.findMany({
      where: { memberId },
      orderBy: { since: 'asc' },
      select: {
        communityId: true,
        since: true,
        library: { select: { id: true, name: true, city: true, kind: true } },
      },
    }),
    db.library.findMany({
      where: { delegateId: memberId },
      orderBy: { id: 'asc' },
      select: { id: true, name: true, communityId: true },
    }),
  ]);
  return { libraries, librariesDelegated };
}
