import { z } from 'zod';
import type { TargetPerson } from '../../core/event.ts';
import { UserError } from '../../core/errors.ts';
import { featureCommand } from '../feature-command.ts';
import type { AppRouter } from '../services.ts';

/** Admin too: the founder is the first admin, and only admins make more (no platform status does). */
const grantable = z.enum(['admin', 'chair', 'curator', 'member']);

/**
 * A person named in the text rather than replied to has no platform id: the community finds them by
 * the name it knows them by.
 */
const NO_USER_ID = '';

/**
 * `/role chair|curator|member` as a reply to the person's message (Telegram), with a user option
 * (Discord), or followed by the person's name as the bot knows it (console, or when there is no reply).
 */
export const roleCommand = featureCommand({
  name: 'role',
  audience: ['admin'],
  chats: 'group',
  args: [
    {
      name: 'role',
      type: 'choice',
      required: true,
      choices: grantable.options.map((role) => ({ value: role, labelKey: `role.${role}` })),
    },
    { name: 'member', type: 'member', required: true },
  ],
  parse(text, { target }) {
    const [roleArg = '', ...nameParts] = text.split(/\s+/);
    const role = grantable.safeParse(roleArg.toLowerCase());
    if (!role.success) throw new UserError('role.usage');
    const name = nameParts.join(' ').replace(/^@/, '').trim();
    if (!target && !name) throw new UserError('role.usage');
    return { role: role.data, member: target ?? { userId: NO_USER_ID, displayName: name } };
  },
  async run(ctx, values) {
    const community = ctx.requireCommunity();
    const role = grantable.parse(values.role);
    const granted = await ctx.services.community.grantRole(
      community.id,
      ctx.member,
      targetOf(ctx.event.chat.platform, values.member),
      role,
    );
    await ctx.reply('role.done', { name: granted.displayName, role: ctx.t(`role.${role}`) });
  },
});

function targetOf(platform: string, member: TargetPerson) {
  return member.userId === NO_USER_ID
    ? { platform, displayName: member.displayName }
    : { platform, userId: member.userId, displayName: member.displayName };
}

export function registerRoleCommand(router: AppRouter): void {
  router.command(roleCommand);
}
