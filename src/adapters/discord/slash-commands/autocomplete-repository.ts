import type { Db } from '../../../db/prisma-client.ts';

/** Newest first, open ones (no `closedAt`) before every closed one. */
const OPEN_FIRST = [{ closedAt: { sort: 'desc', nulls: 'first' } }, { id: 'desc' }] as const;

/**
 * The reads autocomplete needs that no feature repository has: a community's polls and surveys in
 * any state, searched as the member types. Read-only, and always scoped to one community.
 */
export class AutocompleteRepository {
  constructor(private readonly db: Db) {}

  /** Polls whose question holds `text` (every poll when it is empty). */
  polls(communityId: number, text: string, take: number) {
    return this.db.poll.findMany({
      where: { communityId, ...(text ? { question: { contains: text, mode: 'insensitive' } } : {}) },
      select: { id: true, question: true, closedAt: true },
      orderBy: [...OPEN_FIRST],
      take,
    });
  }

  /** Surveys, whose titles are per language (searched by the caller in the member's language). */
  surveys(communityId: number, take: number) {
    return this.db.survey.findMany({
      where: { communityId },
      select: { id: true, title: true, closedAt: true },
      orderBy: [...OPEN_FIRST],
      take,
    });
  }
}
