import type { SuggestContext, Suggestion } from '../core/command.ts';
import type { Services } from './services.ts';
import { idQuery, suggestionMatches } from './suggestion-match.ts';
import { localize, readTitle } from './surveys/survey-questions.ts';

/** More than Discord shows (25), so that filtering by what was typed still leaves enough. */
const FETCH = 50;

/**
 * The community's polls and surveys (one numbering) for `/results`, `/export` and `/nudge`: open ones
 * first, then the latest closed (marked ✓); values are their ids. Digits typed name an id, words are
 * searched in a poll's question or a survey's title in the asker's language.
 */
export async function suggestPollsAndSurveys(ctx: SuggestContext<Services>, query: string): Promise<Suggestion[]> {
  const { communityId, language } = ctx.viewer;
  if (communityId === null) return [];
  const byId = idQuery(query) !== null;
  const [polls, surveys] = await Promise.all([
    ctx.services.polls.search(communityId, byId ? '' : query.trim(), FETCH),
    ctx.services.surveys.latest(communityId, FETCH),
  ]);
  const items = [
    ...polls.map((p) => ({ id: p.id, text: p.question, closed: p.closedAt !== null })),
    ...surveys.map((s) => ({ id: s.id, text: localize(readTitle(s.title), language), closed: s.closedAt !== null })),
  ];
  return items
    .filter((item) => suggestionMatches(query, item.id, item.text))
    .sort((a, b) => Number(a.closed) - Number(b.closed) || b.id - a.id)
    .map((item) => ({ value: item.id, label: `#${item.id} ${item.closed ? '✓ ' : ''}${item.text}` }));
}
