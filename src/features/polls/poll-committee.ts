import { UserError } from '../../core/errors.ts';
import { Rendered } from '../../i18n/translator.ts';
import type { Ctx } from '../services.ts';

/**
 * The committee named after `--committee`, found as `/join` finds it (case does not matter). An
 * unknown name is refused with the committees there are, or with how to create the first one, so
 * that the chair can correct the command without another round trip.
 */
export async function findPollCommittee(ctx: Ctx, name: string): Promise<{ id: number; name: string }> {
  const community = ctx.requireCommunity();
  try {
    return await ctx.services.committees.find(community.id, { name });
  } catch (error) {
    if (!(error instanceof UserError) || error.key !== 'committee.unknown') throw error;
  }
  const committees = await ctx.services.committees.list(community.id, ctx.member.id);
  if (committees.length === 0) throw new UserError('poll.error.no-committees', { name });
  const names = ctx.list(committees.map((c) => c.name));
  // Rendered: the list is the bot's own text, not input to be cut short like a quoted argument.
  throw new UserError('poll.error.unknown-committee', { name, committees: new Rendered(names) });
}
