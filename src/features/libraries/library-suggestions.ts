import type { SuggestContext, Suggestion } from '../../core/command.ts';
import type { Services } from '../services.ts';
import { nameKey } from './library-names.ts';

/** Discord lists at most this many suggestions. */
const MAX_SUGGESTIONS = 25;

/** The community's libraries whose name holds what was typed (in any spelling `nameKey` equates). */
export async function suggestLibraries(ctx: SuggestContext<Services>, query: string): Promise<Suggestion[]> {
  const { communityId } = ctx.viewer;
  if (communityId === null) return [];
  const typed = nameKey(query);
  const libraries = await ctx.services.libraries.list(communityId);
  return libraries
    .filter((l) => !typed || nameKey(l.name).includes(typed))
    .slice(0, MAX_SUGGESTIONS)
    .map((l) => ({ value: l.name, label: l.city ? `${l.name} — ${l.city}` : l.name }));
}
