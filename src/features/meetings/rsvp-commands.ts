import { roleAllows } from '../../core/roles.ts';
import { type AppRouter, type Ctx } from '../services.ts';
import { addAction } from '../feature-action.ts';
import type { RsvpAnswer } from './meeting-types.ts';
import { buttonId } from './cancel-commands.ts';
import { readerOf } from './meeting-replies.ts';
import { when } from './meeting-text.ts';
import { RSVP_ANSWERS } from './rsvp-buttons.ts';

/** The Yes / No / Maybe buttons under reminders and `/meetings`. */
export function registerRsvpActions(router: AppRouter): void {
  for (const answer of RSVP_ANSWERS) {
    addAction(router, `rsvp.${answer}`, (ctx, data) => answerWith(ctx, answer, data));
  }
}

async function answerWith(ctx: Ctx, answer: RsvpAnswer, data: string): Promise<void> {
  const occurrenceId = buttonId(data);
  ctx.requireCommunity();
  // In a group the occurrence must be this group's community's; in private, one of the member's.
  const chatCommunityId = ctx.event.chat.kind === 'group' ? (ctx.chatBound ? ctx.community!.id : -1) : null;
  const { meeting, startsAt } = await ctx.services.meetings.answer(
    occurrenceId,
    ctx.member.id,
    answer,
    chatCommunityId,
    // A chair of the chat's community sees every meeting of it, as in /meetings.
    roleAllows(['chair'], ctx.role) ? ctx.community!.id : null,
  );
  await ctx.reply(`rsvp.saved-${answer}`, {
    name: ctx.member.displayName,
    title: meeting.title,
    when: when(startsAt, readerOf(ctx)),
  });
}
