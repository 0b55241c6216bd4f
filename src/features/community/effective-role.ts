import type { Actor, ChatRef } from '../../core/event.ts';
import { higherRole, type Role } from '../../core/roles.ts';

/**
 * How long a mapped role remembered from a server event stands in for the server roles in the DM. Nothing
 * tells the bot when someone is removed from the server or stripped of the role: they simply send no
 * more server events. A day bounds how long such a remembered role can outlive the real one; a member
 * who still holds it confirms it again at their next command in the server.
 */
export const MAPPED_ROLE_FRESH_MS = 24 * 60 * 60 * 1000;

/**
 * How old a confirmation may grow before a server event that shows the same mapped role writes it
 * again: an hour keeps nearly every such event at one read (no write) while leaving the remembered
 * role at least 23 hours of its day.
 */
export const MAPPED_ROLE_REFRESH_MS = 60 * 60 * 1000;

/** A membership's remembered mapped role (see `Membership.mappedRole`), with where and when it was confirmed. */
export interface RememberedMappedRole {
  mappedRole: Role | null;
  mappedRolePlatform: string | null;
  mappedRoleSeenAt: Date | null;
}

/**
 * The platform roles an event shows for its sender, or undefined when it shows none: only an event in a
 * group of a platform with roles (a Discord server channel) carries them. A private chat has none to
 * show, which is not the same as a member who holds none.
 */
export function platformRolesShown(actor: Actor, chat: ChatRef): readonly string[] | undefined {
  return chat.kind === 'group' ? actor.platformRoleIds : undefined;
}

/**
 * The remembered mapped role where it may stand in for server roles the event cannot show: only in a
 * private chat on the platform whose server roles gave it (a Discord DM), and only while fresh. In a
 * group (a Telegram group of a member linked to Discord, a Discord message without roles) and on other
 * platforms nothing stands in: the server's roles say nothing about who someone is there.
 */
export function rememberedRoleHere(remembered: RememberedMappedRole, chat: ChatRef, now: Date): Role | null {
  const { mappedRole, mappedRolePlatform, mappedRoleSeenAt } = remembered;
  if (mappedRole === null || chat.kind !== 'private' || mappedRolePlatform !== chat.platform) return null;
  if (mappedRoleSeenAt === null || now.getTime() - mappedRoleSeenAt.getTime() >= MAPPED_ROLE_FRESH_MS) return null;
  return mappedRole;
}

/**
 * Whether a server event showing roles that map to `mappedNow` must write the remembered role: when it
 * changed, came from another platform, or (still held) was last confirmed long enough ago to refresh.
 */
export function needsRemembering(
  remembered: RememberedMappedRole,
  mappedNow: Role | null,
  platform: string,
  now: Date,
): boolean {
  if (mappedNow === null) return remembered.mappedRole !== null;
  if (remembered.mappedRole !== mappedNow || remembered.mappedRolePlatform !== platform) return true;
  const seenAt = remembered.mappedRoleSeenAt;
  return seenAt === null || now.getTime() - seenAt.getTime() >= MAPPED_ROLE_REFRESH_MS;
}

/**
 * The role a member acts with in a community: the higher of their own (given with `/role`) and the
 * one their platform roles give through the community's mappings. Where the event shows the platform
 * roles, what they map to now counts (`mappedNow`, null for nothing), so a role taken away on the
 * platform is gone at once; elsewhere (`mappedNow` undefined) `standIn` counts: the remembered role
 * where `rememberedRoleHere` allows it, else null.
 */
export function effectiveRole(own: Role, standIn: Role | null, mappedNow: Role | null | undefined): Role {
  const mapped = mappedNow === undefined ? standIn : mappedNow;
  return mapped === null ? own : higherRole(own, mapped);
}
