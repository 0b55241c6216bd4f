import { z } from 'zod';
import { UserError } from '../../core/errors.ts';
import { addCommand, type AppRouter } from '../services.ts';

/** Admin too: the founder is the first admin, and only admins make more (no platform status does). */
const grantable = z.enum(['admin', 'chair', 'curator', 'member']);

/**
 * `/role chair|curator|member` as a reply to the person's message (Telegram), with a user option
 * (Discord), or followed by the person's name as the bot knows it (console, or when there is no reply).
 */
export function registerRoleCommand(router: AppRouter): void {
  addCommand(router, 'role', async (ctx, args) => {
    const community = ctx.requireCommunity();
    const [roleArg = '', ...nameParts] = args.split(/\s+/);
    const role = grantable.safeParse(roleArg.toLowerCase());
    if (!role.success) throw new UserError('role.usage');
    const payload = ctx.event.payload;
    const replyTarget = payload.type === 'command' ? payload.target : undefined;
    const name = nameParts.join(' ').replace(/^@/, '').trim();
    if (!replyTarget && !name) throw new UserError('role.usage');
    const target = replyTarget
      ? { platform: ctx.event.chat.platform, userId: replyTarget.userId, displayName: replyTarget.displayName }
      : { platform: ctx.event.chat.platform, displayName: name };
    const granted = await ctx.services.community.grantRole(community.id, ctx.member, target, role.data);
    await ctx.reply('role.done', { name: granted.displayName, role: ctx.t(`role.${role.data}`) });
  });
}
