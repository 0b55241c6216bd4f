import type { Actor, ChatRef } from '../../core/event.ts';
import { higherRole, type Role } from '../../core/roles.ts';

/**
 * The platform roles an event shows for its sender, or undefined when it shows none: only an event in a
 * group of a platform with roles (a Discord server channel) carries them. A private chat has none to
 * show, which is not the same as a member who holds none.
 */
export function platformRolesShown(actor: Actor, chat: ChatRef): readonly string[] | undefined {
  return chat.kind === 'group' ? actor.platformRoleIds : undefined;
}

/**
 * The role a member acts with in a community: the higher of their own (given with `/role`) and the
 * one their platform roles give through the community's mappings. Where the event shows the platform
 * roles, what they map to now counts (`mappedNow`, null for nothing), so a role taken away on the
 * platform is gone at once; elsewhere (`mappedNow` undefined: a private chat, a platform without roles)
 * the mapped role remembered from their last event in a server channel stands in.
 */
export function effectiveRole(own: Role, remembered: Role | null, mappedNow: Role | null | undefined): Role {
  const mapped = mappedNow === undefined ? remembered : mappedNow;
  return mapped === null ? own : higherRole(own, mapped);
}
