import type { Db } from '../../db/prisma-client.ts';

/** Newsletter issues, what may go into one, and where they are posted. */

const publishableSelect = {
  id: true,
  title: true,
  body: true,
  tags: true,
  library: true,
  consent: true,
  sourceName: true,
  sourceDate: true,
  approvedAt: true,
  author: { select: { displayName: true } },
  kind: true,
  interview: { select: { veteranName: true } },
} as const;

export interface Period {
  from: Date | null;
  to: Date | null;
}

export class NewsletterRepository {
  constructor(private readonly db: Db) {}

  /**
   * Approved experiences of the community, approved within the period, in no issue yet; oldest first.
   * Those consented for the network's members only stay out: an issue travels beyond the network.
   */
  findPublishable(communityId: number, period: Period, ids?: readonly number[]) {
    return this.db.experience.findMany({
      where: {
        communityId,
        status: 'approved',
        membersOnly: false,
        newsletterItem: { is: null },
        approvedAt: { ...(period.from ? { gte: period.from } : {}), ...(period.to ? { lt: period.to } : {}) },
        ...(ids ? { id: { in: [...ids] } } : {}),
      },
      orderBy: [{ approvedAt: 'asc' }, { id: 'asc' }],
      select: publishableSelect,
    });
  }

  /**
   * The next numbered issue with these experiences, in one transaction. Two curators publishing at
   * once collide on the unique issue number or on an experience already in an issue (P2002): one wins.
   */
  createIssue(communityId: number, createdById: number, period: Period, experienceIds: readonly number[], at: Date) {
    return this.db.$transaction(async (tx) => {
      const last = await tx.newsletterIssue.aggregate({ where: { communityId }, _max: { number: true } });
      const issue = await tx.newsletterIssue.create({
        data: {
          communityId,
          number: (last._max.number ?? 0) + 1,
          periodFrom: period.from,
          periodTo: period.to,
          createdById,
          createdAt: at,
        },
        select: { id: true, number: true, createdAt: true },
      });
      await tx.newsletterItem.createMany({
        data: experienceIds.map((experienceId, position) => ({ issueId: issue.id, experienceId, position })),
      });
      return issue;
    });
  }

  /** The community's published issues, the newest first, with how many experiences each holds. */
  issues(communityId: number) {
    return this.db.newsletterIssue.findMany({
      where: { communityId },
      orderBy: { number: 'desc' },
      select: { number: true, createdAt: true, periodFrom: true, periodTo: true, _count: { select: { items: true } } },
    });
  }

  /** One published issue of the community, its experiences in the order they were published. */
  findIssue(communityId: number, number: number) {
    return this.db.newsletterIssue.findUnique({
      where: { communityId_number: { communityId, number } },
      select: {
        number: true,
        createdAt: true,
        periodFrom: true,
        periodTo: true,
        items: { orderBy: { position: 'asc' }, select: { experience: { select: publishableSelect } } },
      },
    });
  }

  /** The community's chats that still take messages from the bot. */
  findPostingChats(communityId: number) {
    return this.db.chat.findMany({
      where: { communityId, active: true, unreachableAt: null },
      orderBy: { id: 'asc' },
      select: { platform: true, externalId: true },
    });
  }
}

export type PublishableRow = Awaited<ReturnType<NewsletterRepository['findPublishable']>>[number];
