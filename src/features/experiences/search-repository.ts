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

/** What the archive narrows by besides words (the dashboard's archive page): each one optional. */
export interface ArchiveFilter {
  /** Normalized words (queryWords), each matched as search matches it; empty: no word asked for. */
  words: readonly string[];
  /** Normalized words of a topic: each must be among the experience's tag words. */
  topicWords: readonly string[];
  /** An author who agreed to be named: their anonymous experiences are never found by their name. */
  authorId: number | null;
  /** Approved at or after. */
  from: Date | null;
  /** Approved before. */
  to: Date | null;
}

/** A result of the archive: a search result with what a list of the archive shows besides. */
export interface ArchiveRow extends SearchResultRow {
  approvedAt: Date;
  tags: string[];
  kind: 'experience' | 'interview';
  membersOnly: boolean;
  attachments: number;
}

/** A named author of the archive (the author filter's choices). */
export interface ArchiveAuthor {
  id: number;
  name: string;
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

  /**
   * A page of the community's approved experiences narrowed by `filter`: with words, ranked as
   * `search` ranks them (the same prefix query and scores); without, the most recently approved first.
   */
  async browse(
    communityId: number,
    filter: ArchiveFilter,
    offset: number,
    limit: number,
  ): Promise<{
    results: ArchiveRow[];
    total: number;
  }> {
    const conditions: Prisma.Sql[] = [Prisma.sql`e."communityId" = ${communityId}`];
    if (filter.words.length > 0) conditions.push(Prisma.sql`e."words" @@ ${prefixQuery(filter.words)}::tsquery`);
    for (const word of filter.topicWords) {
      conditions.push(Prisma.sql`' ' || e."tagWords" || ' ' LIKE ${`% ${word} %`}`);
    }
    if (filter.from) conditions.push(Prisma.sql`e."approvedAt" >= ${filter.from}`);
    if (filter.to) conditions.push(Prisma.sql`e."approvedAt" < ${filter.to}`);
    if (filter.authorId !== null) {
      conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM "Experience" a WHERE a.id = e."experienceId"
        AND a."authorId" = ${filter.authorId} AND a.consent = 'named')`);
    }
    const score = filter.words.length > 0 ? rank(filter.words) : Prisma.sql`0`;
    const statement = this.db.$queryRaw<Array<ArchiveRow & { total: number }>>`
      SELECT page.id, page.total, x.title, left(x.body, ${EXCERPT_SOURCE}) AS body, x.library,
             x.consent::text AS consent, x.kind::text AS kind, x."approvedAt", x.tags, x."membersOnly",
             (SELECT count(*) FROM "ExperienceAttachment" f WHERE f."experienceId" = x.id)::int AS attachments,
             CASE WHEN x.consent = 'named' THEN COALESCE(NULLIF(i."veteranName", ''), m."displayName") END
               AS "authorName"
      FROM (
        SELECT e."experienceId" AS id, count(*) OVER ()::int AS total, ${score} AS score, e."approvedAt"
        FROM "ExperienceIndexEntry" e
        WHERE ${Prisma.join(conditions, ' AND ')}
        ORDER BY score DESC, e."approvedAt" DESC, e."experienceId" DESC
        LIMIT ${limit} OFFSET ${offset}
      ) page
      JOIN "Experience" x ON x.id = page.id
      LEFT JOIN "Member" m ON m.id = x."authorId"
      LEFT JOIN "Interview" i ON i.id = x."interviewId"
      ORDER BY page.score DESC, page."approvedAt" DESC, page.id DESC`;
    // With words, the same plan as `search` (see there): the GIN index's bitmap scan.
    const rows =
      filter.words.length > 0
        ? (
            await this.db.$transaction([
              this.db
                .$queryRaw`SELECT set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)`,
              statement,
            ])
          )[1]
        : await statement;
    return { results: rows.map(({ total: _total, ...row }) => row), total: rows[0]?.total ?? 0 };
  }

  /** Members named as the author of an approved experience of the community, by name. */
  async namedAuthors(communityId: number): Promise<ArchiveAuthor[]> {
    return this.db.$queryRaw<ArchiveAuthor[]>`
      SELECT m.id, min(m."displayName") AS name
      FROM "Experience" x JOIN "Member" m ON m.id = x."authorId"
      WHERE x."communityId" = ${communityId} AND x.status = 'approved' AND x.consent = 'named'
      GROUP BY m.id
      ORDER BY name, m.id`;
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
