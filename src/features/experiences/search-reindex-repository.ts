import type { Db } from '../../db/prisma-client.ts';
import { SEARCH_TOKENS_VERSION, searchTokens } from './search-normalizer.ts';

/** Entries rewritten per statement: a short transaction each, so approvals are not held up. */
const BATCH = 200;

/** What an index entry is made of: the same three texts that approval indexes (experience-service.ts). */
export function indexWords(experience: { title: string; tags: readonly string[]; body: string }) {
  return {
    words: searchTokens(experience.title, experience.tags.join(' '), experience.body),
    titleWords: searchTokens(experience.title).join(' '),
    tagWords: searchTokens(experience.tags.join(' ')).join(' '),
  };
}

/**
 * Rewrites the index entries that an older normalizer wrote (tokensVersion below the current one),
 * batch by batch, until none is left; returns how many. A job rather than a migration because only the
 * TypeScript normalizer knows the words; rewriting is idempotent, so two instances at once only repeat
 * work. Until an entry is rewritten its experience is still found the old way.
 */
export async function reindexStaleEntries(db: Db): Promise<number> {
  let rewritten = 0;
  for (;;) {
    const stale = await db.experienceIndexEntry.findMany({
      where: { tokensVersion: { lt: SEARCH_TOKENS_VERSION } },
      select: { experience: { select: { id: true, title: true, tags: true, body: true } } },
      take: BATCH,
    });
    if (stale.length === 0) return rewritten;
    await db.$transaction(
      stale.map(({ experience }) => {
        const { words, titleWords, tagWords } = indexWords(experience);
        return db.$executeRaw`
          UPDATE "ExperienceIndexEntry"
          SET "words" = array_to_tsvector(${words}::text[]), "titleWords" = ${titleWords}, "tagWords" = ${tagWords},
              "tokensVersion" = ${SEARCH_TOKENS_VERSION}
          WHERE "experienceId" = ${experience.id}`;
      }),
    );
    rewritten += stale.length;
  }
}
