import { addCommand, type AppRouter } from '../services.ts';

export function registerLinkCommand(router: AppRouter): void {
  addCommand(router, 'link', async (ctx, args) => {
    if (!args) {
      ctx.requirePrivateReach();
      const { code, minutes } = await ctx.services.links.issueCode(ctx.member.id);
      // Whoever types the code joins this member, roles included: it must not be shown in a group.
      return ctx.replyPrivately('link.code', { code, minutes });
    }
    const platforms = await ctx.services.links.redeem(args, ctx.member.id);
    await ctx.reply('link.done', { platforms: ctx.list(platforms) });
  });
}
