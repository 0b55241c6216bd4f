import { UserError } from '../../core/errors.ts';
import { Rendered } from '../../i18n/translator.ts';
import type { Ctx } from '../services.ts';
import type { MapRequest } from './role-mapping-args.ts';
import type { RoleMappingRow } from './role-mapping-repository.ts';

/**
 * `/setup map chair|curator <@&ID> [name]` (`chair_role:`/`curator_role:` on Discord), `/setup unmap
 * <@&ID>` (`unmap_role:`) and `/setup roles`, read by setup-grammar.ts: an admin, in a server channel
 * bound to the community, maps the platform's own roles to the community's. Only a platform whose
 * events carry roles (Discord) can; elsewhere `/role` gives roles per person.
 */
export async function mapRole(ctx: Ctx, request: MapRequest): Promise<void> {
  const community = requireRolePlatform(ctx);
  const mapping = await ctx.services.community.roleMappings.map(
    community.id,
    ctx.member.id,
    ctx.event.chat.platform,
    request,
  );
  await ctx.reply('setup.mapped', mappingParams(ctx, mapping));
}

export async function unmapRole(ctx: Ctx, platformRoleId: string): Promise<void> {
  const community = requireRolePlatform(ctx);
  const removed = await ctx.services.community.roleMappings.unmap(
    community.id,
    ctx.member.id,
    ctx.event.chat.platform,
    platformRoleId,
  );
  await ctx.reply('setup.unmapped', mappingParams(ctx, removed));
}

/** The community's mappings; with `quietWhenNone` (the `/setup` summary) nothing is said when there are none. */
export async function listRoleMappings(ctx: Ctx, communityId: number, quietWhenNone = false): Promise<void> {
  const mappings = await ctx.services.community.roleMappings.list(communityId);
  if (mappings.length === 0) {
    if (!quietWhenNone) await ctx.reply('setup.roles-none');
    return;
  }
  const lines = mappings.map((m) => ctx.t('setup.roles-line', mappingParams(ctx, m)));
  await ctx.reply('setup.roles-list', { list: new Rendered(lines.join('\n')) });
}

/**
 * The bound community, when this event can map roles: its sender's platform roles are known (the
 * adapter sends them, possibly none) in a group of that community.
 */
function requireRolePlatform(ctx: Ctx) {
  if (ctx.event.actor.platformRoleIds === undefined) throw new UserError('setup.map-no-roles');
  if (!ctx.chatBound || !ctx.community) throw new UserError('setup.not-bound');
  return ctx.community;
}

/**
 * How the mapping messages name a mapping: the platform role as `@Name` (as the platform showed it when
 * mapped, or its id when no name came with it) and the community role in the reader's language.
 */
function mappingParams(ctx: Ctx, mapping: RoleMappingRow): { platformRole: string; role: string } {
  const platformRole = mapping.platformRoleName
    ? `@${mapping.platformRoleName}`
    : ctx.t('setup.role-unnamed', { id: mapping.platformRoleId });
  return { platformRole, role: ctx.t(`role.${mapping.role}`) };
}
