import { UserError } from '../../core/errors.ts';
import type { NewsletterRepository, Period, PublishableRow } from './newsletter-repository.ts';

export interface PublishedIssue {
  number: number;
  createdAt: Date;
  items: PublishableRow[];
  chats: Array<{ platform: string; externalId: string }>;
}

/**
 * Newsletter issues: a numbered selection of approved experiences of a period. An experience goes
 * into at most one issue, so compiling the same period again finds nothing new.
 */
export class NewsletterService {
  constructor(private readonly repo: NewsletterRepository) {}

  /** What an issue for this period would hold now, and how many chats it would go to. */
  async preview(communityId: number, period: Period): Promise<{ items: PublishableRow[]; chats: number }> {
    const [items, chats] = await Promise.all([
      this.repo.findPublishable(communityId, period),
      this.repo.findPostingChats(communityId),
    ]);
    return { items, chats: chats.length };
  }

  /** The published issues of the community, the newest first: number, date, period and size. */
  async issues(communityId: number) {
    const rows = await this.repo.issues(communityId);
    return rows.map((row) => ({
      number: row.number,
      createdAt: row.createdAt,
      period: { from: row.periodFrom, to: row.periodTo },
      count: row._count.items,
    }));
  }

  /** One published issue of the community with its experiences, as it was published; null: no such issue. */
  async issue(communityId: number, number: number) {
    const row = await this.repo.findIssue(communityId, number);
    if (!row) return null;
    return {
      number: row.number,
      createdAt: row.createdAt,
      period: { from: row.periodFrom, to: row.periodTo },
      items: row.items.map((item) => item.experience),
    };
  }

  /**
   * Publishes the experiences the curator saw in the preview that are still unpublished; null when
   * none is left (another curator published them meanwhile).
   */
  async publish(
    communityId: number,
    actorId: number,
    period: Period,
    experienceIds: readonly number[],
    now = new Date(),
  ): Promise<PublishedIssue | null> {
    const items = await this.repo.findPublishable(communityId, period, experienceIds);
    if (items.length === 0) return null;
    let issue;
    try {
      issue = await this.repo.createIssue(
        communityId,
        actorId,
        period,
        items.map((item) => item.id),
        now,
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw new UserError('newsletter.error.busy');
      throw error;
    }
    const chats = await this.repo.findPostingChats(communityId);
    return { number: issue.number, createdAt: issue.createdAt, items, chats };
  }
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}
