import type { AppRouter } from '../services.ts';

/**
 * The bot added to a group offers `/setup` to its admins (or greets a group already bound, when the bot
 * comes back); the bot removed marks the chat inactive. Nothing is sent after a removal: the bot can no
 * longer write there.
 */
export function registerBotMembership(router: AppRouter): void {
  router.onMembership(async (ctx, change) => {
    if (ctx.event.chat.kind !== 'group') return;
    if (change === 'bot-removed') return ctx.services.community.deactivateChat(ctx.event.chat, ctx.member);
    if (ctx.chatBound && ctx.community) return ctx.reply('bot.added-bound', { name: ctx.community.name });
    await ctx.reply(
      'bot.added',
      {},
      {
        buttons: [
          [
            { labelKey: 'setup.button-new', action: 'setup.new' },
            { labelKey: 'setup.button-join', action: 'setup.join' },
          ],
        ],
      },
    );
  });
}
