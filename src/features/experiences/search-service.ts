import { UserError } from '../../core/errors.ts';
import { firstGraphemes } from '../../core/grapheme-cut.ts';
import { oneLine } from './experience-limits.ts';
import { queryWords } from './search-normalizer.ts';
import type { ArchiveAuthor, ArchiveRow, SearchRepository, SearchResultRow } from './search-repository.ts';

export const PAGE_SIZE = 5;
const MAX_QUERY = 200;

export interface SearchPage {
  searchId: number;
  query: string;
  offset: number;
  total: number;
  results: SearchResultRow[];
}

/** `/search`: approved experiences of the member's community that have every word of the query. */
export class SearchService {
  constructor(private readonly search: SearchRepository) {}

  /** A new search: kept (its paging buttons name it by id) and its first page. */
  async start(communityId: number, memberId: number, rawQuery: string, now = new Date()): Promise<SearchPage> {
    // Cut by graphemes: a cut inside a surrogate pair leaves a string PostgreSQL refuses to store.
    const query = firstGraphemes(oneLine(rawQuery), MAX_QUERY).text;
    if (queryWords(query).length === 0) throw new UserError('search.error.no-words');
    const saved = await this.search.saveSearch(communityId, memberId, query, now);
    return this.page(communityId, saved.id, query, 0);
  }

  /**
   * A page of a search the member made earlier in this community. A search of another community is
   * refused, and so is another member's: the paging button carries only the search's id, and a query is
   * the member's own words.
   */
  async more(communityId: number, memberId: number, searchId: number, offset: number): Promise<SearchPage> {
    const saved = await this.search.findSearch(searchId, communityId);
    if (!saved) throw new UserError('error.stale-button');
    if (saved.memberId !== memberId) throw new UserError('error.not-your-button');
    return this.page(communityId, saved.id, saved.query, offset);
  }

  /** A page of results without keeping the search: what the bench measures apart. */
  find(communityId: number, query: string, offset = 0) {
    return this.search.search(communityId, queryWords(query), offset, PAGE_SIZE);
  }

  /**
   * The archive as the dashboard shows it: words matched exactly as `/search` matches them (an
   * empty query lists everything), narrowed by topic, named author and approval dates.
   */
  browse(
    communityId: number,
    filter: { query: string; topic: string | null; authorId: number | null; from: Date | null; to: Date | null },
    offset: number,
    limit: number,
  ): Promise<{ results: ArchiveRow[]; total: number }> {
    const query = firstGraphemes(oneLine(filter.query), MAX_QUERY).text;
    return this.search.browse(
      communityId,
      {
        words: queryWords(query),
        topicWords: filter.topic ? queryWords(filter.topic) : [],
        authorId: filter.authorId,
        from: filter.from,
        to: filter.to,
      },
      offset,
      limit,
    );
  }

  /** Who may be chosen as the author of archive entries: those named on an approved experience. */
  namedAuthors(communityId: number): Promise<ArchiveAuthor[]> {
    return this.search.namedAuthors(communityId);
  }

  private async page(communityId: number, searchId: number, query: string, offset: number): Promise<SearchPage> {
    const { results, total } = await this.find(communityId, query, offset);
    return { searchId, query, offset, total, results };
  }
}
