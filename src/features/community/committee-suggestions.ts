import type { SuggestContext, Suggestion } from '../../core/command.ts';
import type { Services } from '../services.ts';
import { suggestionMatches } from '../suggestion-match.ts';

/** The community's committees by name, as the asker may see them; values are names. */
export async function suggestCommittees(ctx: SuggestContext<Services>, query: string): Promise<Suggestion[]> {
  const { communityId, memberId } = ctx.viewer;
  if (communityId === null) return [];
  const committees = await ctx.services.committees.list(communityId, memberId);
  return committees
    .filter((c) => suggestionMatches(query, null, c.name))
    .map((c) => ({ value: c.name, label: c.name }));
}
