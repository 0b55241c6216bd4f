import { UserError } from '../../core/errors.ts';
import { type AppRouter, type Ctx } from '../services.ts';
import { addAction } from '../feature-action.ts';
import type { ValuesOf } from '../../core/command.ts';
import { featureCommand, type FeatureArg } from '../feature-command.ts';
import { suggestCommittees } from '../community/committee-suggestions.ts';
import { parsePollInput, type PollDraft } from './poll-options-parser.ts';
import { MAX_OPTIONS, MAX_QUESTION, optionLimit } from './poll-rules.ts';
import { postPoll } from './poll-posting.ts';
import type { VoteOutcome } from './poll-service.ts';
import { VOTE_ACTION } from './poll-text.ts';
import { registerPollGuidedForm, startPollForm } from './poll-guided-form.ts';
import { parseButtonId } from '../ballots/short-id.ts';

/**
 * `/poll Question | A | B … [--multi] [--anon] [--hide] [--until WHEN] [--everywhere] [--committee NAME]`;
 * bare, it opens the guided form. On Discord each part is its own option, so a `|` or `--multi` inside
 * an answer stays part of the answer.
 */
const POLL_ARGS = [
  { name: 'question', type: 'text', maxLength: MAX_QUESTION },
  // Discord's bound is the tightest of the platforms'; on the others the rules check each when posting.
  { name: 'choice', type: 'text', list: MAX_OPTIONS, maxLength: optionLimit(['discord']) },
  { name: 'multi', type: 'flag' },
  { name: 'anon', type: 'flag' },
  { name: 'hide', type: 'flag' },
  { name: 'until', type: 'when', maxLength: 100 },
  { name: 'everywhere', type: 'flag' },
  { name: 'committee', type: 'committee', maxLength: 100, suggest: suggestCommittees },
] as const satisfies readonly FeatureArg[];

export const pollCommand = featureCommand({
  name: 'poll',
  audience: ['chair'],
  chats: 'any',
  args: POLL_ARGS,
  parse(text) {
    if (!text) return {};
    const parsed = parsePollInput(text);
    if (!parsed.ok) throw new UserError(parsed.error.key, parsed.error.params);
    const { question, options, multi, anonymous, hideResults, everywhere, until, committee } = parsed.draft;
    return {
      question,
      ...(options.length > 0 ? { choice: options } : {}),
      ...(multi ? { multi } : {}),
      ...(anonymous ? { anon: anonymous } : {}),
      ...(hideResults ? { hide: hideResults } : {}),
      ...(everywhere ? { everywhere } : {}),
      ...(until !== undefined ? { until } : {}),
      ...(committee !== undefined ? { committee } : {}),
    };
  },
  async run(ctx, values) {
    ctx.requireCommunity();
    if (Object.keys(values).length === 0) return startPollForm(ctx);
    // Options given without a question (Discord) are answered as the text form answers a bare `| A | B`.
    if (values.question === undefined) throw new UserError('poll.error.no-question');
    await postPoll(ctx, pollDraftOf({ ...values, question: values.question }));
  },
});

/** The poll the values describe, as the text grammar would read it: runs of spaces are one space, blank answers none. */
export function pollDraftOf(values: PollValues & { question: string }): PollDraft {
  const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
  return {
    question: oneLine(values.question),
    options: (values.choice ?? []).map(oneLine).filter((option) => option !== ''),
    multi: values.multi ?? false,
    anonymous: values.anon ?? false,
    hideResults: values.hide ?? false,
    everywhere: values.everywhere ?? false,
    ...(values.until !== undefined ? { until: values.until } : {}),
    ...(values.committee !== undefined ? { committee: values.committee } : {}),
  };
}

type PollValues = ValuesOf<typeof POLL_ARGS>;

/** `/poll`, its guided form, and voting. */
export function registerPollCommands(router: AppRouter): void {
  router.command(pollCommand);
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
