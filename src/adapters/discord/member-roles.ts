import type { APIInteractionGuildMember, GuildMember } from 'discord.js';

/**
 * The server roles a member holds, for `Actor.platformRoleIds`: the ids without @everyone (whose id is
 * the server's), which every member holds and Discord leaves out of a member's raw role list anyway.
 * discord.js gives a `GuildMember` when the server is cached and the raw API member otherwise; undefined
 * when the event has no member to read (the core then uses the mapped role it remembers).
 */
export function memberRoleIds(
  member: GuildMember | APIInteractionGuildMember | null | undefined,
  guildId: string | null,
): string[] | undefined {
  if (!member) return undefined;
  const ids = Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()];
  return ids.filter((id) => id !== guildId);
}
