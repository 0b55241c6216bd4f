import type { Db, DbTransaction } from '../../db/prisma-client.ts';
import { Prisma } from '../../db/generated/client.ts';
import { SEARCH_TOKENS_VERSION } from './search-normalizer.ts';

/**
 * The search side: one narrow row per approved experience (`ExperienceIndexEntry`) and the searches
 * members made (for their paging buttons). Words arrive already normalized (search-normalizer.ts).
 */
/** What a search result shows of an experience (its text only as far as an excerpt needs). */
export interface SearchResultRow {
  id: number;
  title: string;
  body: string;
  library: string | null;
  consent: 'named' | 'anonymous';
  authorName: string | null;
}

export interface SearchPageRows {
  results: SearchResultRow[];
  total: number;
}

/** Characters of the text fetched per result: more than any excerpt shows. */
const EXCERPT_SOURCE = 400;

export interface IndexEntry {
  experienceId: number;
  communityId: number;
  approvedAt: Date;
  /** Every distinct word of the title, the tags and the text. */
  words: string[];
  titleWords: string;
  tagWords: string;
}

/** Written with the approval, in its transaction; Prisma cannot write a tsvector, so this is SQL. */
export async function insertIndexEntry(tx: DbTransaction, entry: IndexEntry): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "ExperienceIndexEntry" ("experienceId", "communityId", "approvedAt", "titleWords", "tagWords", "words",
                                        "tokensVersion")
    VALUES (${entry.experienceId}, ${entry.communityId}, ${entry.approvedAt}, ${entry.titleWords}, ${entry.tagWords},
            array_to_tsvector(${entry.words}::text[]), ${SEARCH_TOKENS_VERSION})`;
}

/** Every word of the query as a prefix (`'کتابخانه':* & 'دیجیتال':*`); words hold only letters and digits. */
function prefixQuery(words: readonly string[]): string {
  return words.map((word) => `'${word.replace(/['\\]/g, '')}':*`).join(' & ');
}

/**
 * A word in the title ranks above one in the tags, and a whole word above a word's beginning; the
 * text only decides whether an experience is found at all. Ties: the most recently approved first.
 */
function rank(words: readonly string[]): Prisma.Sql {
  const parts = words.map(
    (word) => Prisma.sql`
      (CASE WHEN ' ' || e."titleWords" || ' ' LIKE ${`% ${word} %`} THEN 4
            WHEN ' ' || e."titleWords" LIKE ${`% ${word}%`} THEN 3 ELSE 0 END
     + CASE WHEN ' ' || e."tagWords" LIKE ${`% ${word}%`} THEN 2 ELSE 0 END)`,
  );
  return Prisma.join(parts, ' + ');
}

export class SearchRepository {
  constructor(private readonly db: Db) {}

  /**
   * One page of the community's approved experiences that have every word, best first, with what a
   * result shows of each, and the total: one statement.
   */
  async search(communityId: number, words: readonly string[], offset: number, limit: number): Promise<SearchPageRows> {
    if (words.length === 0) return { results: [], total: 0 };
    // PostgreSQL guesses a prefix match on the GIN index as dear, and for a word found in half the
    // experiences (`کتابخانه` in a libraries' network) reads every row instead, unpacking each word
    // vector: 2–3× slower, measured with bench/search-latency.ts. For this one statement only (LOCAL,
    // in its own transaction) plain and index scans are off, which leaves the bitmap scan of the GIN
    // index, the table's only other index; its matches need no recheck of the vectors.
    const [, rows] = await this.db.$transaction([
      this.db.$queryRaw`SELECT set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)`,
      this.db.$queryRaw<Array<SearchResultRow & { total: number }>>`
        SELECT page.id, page.total, x.title, left(x.body, ${EXCERPT_SOURCE}) AS body, x.library,
               x.consent::text AS consent,
               -- A finished interview is the veteran's, named as the interview recorded them. An anonymous
               -- one's name never leaves the database.
               CASE WHEN x.consent = 'named' THEN COALESCE(NULLIF(i."veteranName", ''), m."displayName") END
                 AS "authorName"
        FROM (
          SELECT e."experienceId" AS id, count(*) OVER ()::int AS total, ${rank(words)} AS score, e."approvedAt"
          FROM "ExperienceIndexEntry" e
          WHERE e."words" @@ ${prefixQuery(words)}::tsquery AND e."communityId" = ${communityId}
          ORDER BY score DESC, e."approvedAt" DESC, e."experienceId" DESC
          LIMIT ${limit} OFFSET ${offset}
        ) page
        JOIN "Experience" x ON x.id = page.id
        LEFT JOIN "Member" m ON m.id = x."authorId"
        LEFT JOIN "Interview" i ON i.id = x."interviewId"
        ORDER BY page.score DESC, page."approvedAt" DESC, page.id DESC`,
    ]);
    return { results: rows.map(({ total: _total, ...row }) => row), total: rows[0]?.total ?? 0 };
  }

  /** Keeps the query for its paging buttons, letting go of this member's searches older than a day. */
  async saveSearch(communityId: number, memberId: number, query: string, now: Date): Promise<{ id: number }> {
    const dayAgo = new Date(now.getTime() - 24 * 3600_000);
    const [saved] = await this.db.$queryRaw<Array<{ id: number }>>`
      WITH gone AS (DELETE FROM "ExperienceSearch" WHERE "memberId" = ${memberId} AND "createdAt" < ${dayAgo})
      INSERT INTO "ExperienceSearch" ("communityId", "memberId", "query", "createdAt")
      VALUES (${communityId}, ${memberId}, ${query}, ${now})
      RETURNING id`;
    return saved!;
  }

  findSearch(id: number, communityId: number) {
    return this.db.experienceSearch.findFirst({
      where: { id, communityId },
      select: { id: true, query: true, memberId: true },
    });
  }
}
