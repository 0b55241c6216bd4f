import { featureCommand } from '../feature-command.ts';
import type { AppRouter } from '../services.ts';

/** `/link` issues a code (privately); `/link CODE`, on the other platform, joins the two accounts. */
export const linkCommand = featureCommand({
  name: 'link',
  audience: 'anyone',
  chats: 'any',
  args: [{ name: 'code', type: 'text', maxLength: 32 }],
  async run(ctx, values) {
    if (!values.code) {
      ctx.requirePrivateReach();
      const { code, minutes } = await ctx.services.links.issueCode(ctx.member.id);
      // Whoever types the code joins this member, roles included: it must not be shown in a group.
      return ctx.replyPrivately('link.code', { code, minutes });
    }
    const platforms = await ctx.services.links.redeem(values.code, ctx.member.id);
    await ctx.reply('link.done', { platforms: ctx.list(platforms) });
  },
});

export function registerLinkCommand(router: AppRouter): void {
  router.command(linkCommand);
}
