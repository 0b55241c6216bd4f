import { UserError } from '../../core/errors.ts';
import { addAction, addCommand, type AppRouter, type Ctx } from '../services.ts';
import { parsePollInput } from './poll-options-parser.ts';
import { postPoll } from './poll-posting.ts';
import type { VoteOutcome } from './poll-service.ts';
import { VOTE_ACTION } from './poll-text.ts';
import { registerPollGuidedForm, startPollForm } from './poll-guided-form.ts';
import { parseButtonId } from '../ballots/short-id.ts';

/** `/poll Question | A | B … [--multi] [--anon] [--hide] [--until WHEN] [--everywhere]`, and voting. */
export function registerPollCommands(router: AppRouter): void {
  addCommand(router, 'poll', async (ctx, args) => {
    ctx.requireCommunity();
    if (!args) return startPollForm(ctx);
    const parsed = parsePollInput(args);
    if (!parsed.ok) throw new UserError(parsed.error.key, parsed.error.params);
    await postPoll(ctx, parsed.draft);
  });
  registerPollGuidedForm(router);

  addAction(router, VOTE_ACTION, async (ctx, data) => {
    const optionId = parseButtonId(data);
    const outcome = await ctx.services.polls.vote({
      optionId,
      memberId: ctx.member.id,
      platform: ctx.event.chat.platform,
      groupCommunityId: ctx.chatBound ? (ctx.community?.id ?? null) : null,
      now: new Date(),
    });
    await confirmVote(ctx, outcome);
  });
}

/**
 * The voter hears back privately, not in the group (a hundred votes would be a hundred group
 * messages, and an anonymous vote must not be announced). An anonymous confirmation names no option:
 * it stays in the outbox table, and the database must not tell who voted what. Someone who never
 * opened a private chat sees their vote in the live tally.
 */
async function confirmVote(ctx: Ctx, outcome: VoteOutcome): Promise<void> {
  const inPrivate = ctx.event.chat.kind === 'private';
  const chatId = outcome.privateChatId;
  // Nothing is rendered for a voter with no private chat: most presses in a busy group.
  if (!inPrivate && !chatId) return;
  const params = { id: String(outcome.pollId), choices: ctx.list(outcome.choices), count: outcome.choices.length };
  const key = outcome.anonymous
    ? outcome.change === 'removed'
      ? 'poll.withdrawn-anonymous'
      : 'poll.voted-anonymous'
    : outcome.multi
      ? outcome.choices.length > 0
        ? 'poll.voted-multi'
        : 'poll.voted-none'
      : 'poll.voted';
  if (inPrivate) return ctx.reply(key, params);
  if (chatId) await ctx.send({ platform: ctx.event.chat.platform, chatId }, ctx.render(key, params));
}
