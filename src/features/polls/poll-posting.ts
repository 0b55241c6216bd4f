import type { Ctx } from '../services.ts';
import { findPollCommittee } from './poll-committee.ts';
import { readDeadline } from '../ballots/ballot-deadline.ts';
import type { PollDraft } from './poll-options-parser.ts';
import type { PostTarget } from './poll-service.ts';

/** Creates and posts a poll from a draft (typed in one line, or built step by step). */
export async function postPoll(ctx: Ctx, draft: PollDraft): Promise<void> {
  const community = ctx.requireCommunity();
  const now = new Date();
  const closesAt = draft.until ? readDeadline(draft.until, ctx, now) : null;
  const committee = draft.committee ? await findPollCommittee(ctx, draft.committee) : null;
  const { poll, chats } = await ctx.services.polls.create({
    communityId: community.id,
    memberId: ctx.member.id,
    chairLanguage: ctx.language,
    draft,
    closesAt,
    here: ctx.chatBound ? hereTarget(ctx) : null,
    committeeId: committee?.id ?? null,
    now,
  });
  // In the chat it was posted to, the poll itself is the answer; with --everywhere the chair hears where it went.
  if (draft.everywhere) await ctx.reply('poll.posted', { id: String(poll.id), chats });
}

function hereTarget(ctx: Ctx): PostTarget {
  const { platform, chatId, threadId } = ctx.event.chat;
  return threadId ? { platform, chatId, threadId } : { platform, chatId };
}
