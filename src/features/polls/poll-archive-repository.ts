import type { Db } from '../../db/prisma-client.ts';

/** Everything of a community's polls for its archive: options, ballots, who posted them. No rules. */
export class PollArchiveRepository {
  constructor(private readonly db: Db) {}

  polls(communityId: number) {
    return this.db.poll.findMany({
      where: { communityId },
      orderBy: { id: 'asc' },
      select: {
        id: true,
        question: true,
        language: true,
        multi: true,
        anonymous: true,
        hideResults: true,
        everywhere: true,
        createdAt: true,
        closesAt: true,
        closedAt: true,
        createdBy: { select: { displayName: true } },
        committee: { select: { name: true } },
        options: { orderBy: { position: 'asc' }, select: { id: true, label: true } },
        votes: {
          orderBy: [{ optionId: 'asc' }, { votedAt: 'asc' }],
          select: {
            optionId: true,
            voter: true,
            platform: true,
            votedAt: true,
            member: { select: { displayName: true } },
          },
        },
      },
    });
  }
}

export type PollArchiveRow = Awaited<ReturnType<PollArchiveRepository['polls']>>[number];
