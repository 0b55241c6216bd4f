/**
 * `/here [ID]` and the "I'm here" button of the starting-now reminder: the member is counted present
 * at the meeting under way.
 */
import { UserError } from '../../core/errors.ts';
import { featureCommand } from '../feature-command.ts';
import { addAction } from '../feature-action.ts';
import type { AppRouter, Ctx } from '../services.ts';
import { readId } from '../meetings/meeting-values.ts';
import { buttonId } from '../meetings/cancel-commands.ts';
import { HERE_ACTION } from './here-button.ts';
import { chatOf } from './minutes-replies.ts';

export const hereCommand = featureCommand({
  name: 'here',
  audience: ['member'],
  chats: 'any',
  args: [{ name: 'meeting', type: 'meeting' }],
  parse(text) {
    if (!text.trim()) return {};
    const id = readId(text);
    if (id === null) throw new UserError('minutes.here-usage');
    return { meeting: id };
  },
  async run(ctx, values) {
    const community = ctx.requireCommunity();
    if (values.meeting === undefined && ctx.event.chat.kind === 'private') throw new UserError('minutes.here-usage');
    const where = values.meeting !== undefined ? { meetingId: values.meeting } : { chat: chatOf(ctx) };
    await present(ctx, await ctx.services.minutes.here(community.id, ctx.member.id, where));
  },
});

async function present(ctx: Ctx, result: { meeting: { title: string }; added: boolean }): Promise<void> {
  await ctx.reply(result.added ? 'minutes.here-noted' : 'minutes.here-already', {
    name: ctx.member.displayName,
    title: result.meeting.title,
  });
}

export function registerHereCommand(router: AppRouter): void {
  router.command(hereCommand);
  addAction(router, HERE_ACTION, async (ctx, data) => {
    const community = ctx.requireCommunity();
    await present(ctx, await ctx.services.minutes.here(community.id, ctx.member.id, { occurrenceId: buttonId(data) }));
  });
}
