import { UserError } from '../../core/errors.ts';

/** The community roles a platform role may give. Admin is not one: the platform says who administers. */
export const MAPPABLE_ROLES = ['chair', 'curator'] as const;
export type MappableRole = (typeof MAPPABLE_ROLES)[number];

/** What `/setup map chair <@&ID> [name]` asks for. */
export interface MapRequest {
  role: MappableRole;
  platformRoleId: string;
  /** The role's name as the platform shows it, when the command carries it (a slash command does). */
  platformRoleName: string | null;
}

/** A platform role's name is at most 100 characters on Discord; nothing longer is stored. */
export const MAX_PLATFORM_ROLE_NAME = 100;

/** A role mention as Discord writes it (`<@&123…>`), or the bare id (a snowflake: 17 to 20 digits). */
const ROLE_MENTION = /^<@&(\d{17,20})>$/;
const BARE_ID = /^\d{17,20}$/;

/**
 * `chair <@&ID> [name]`, the arguments of `/setup map`, or a UserError naming what is wrong: a role
 * that cannot be mapped, a missing platform role, or something that is not one (a person, a channel, a
 * word).
 */
export function parseMapArgs(args: string): MapRequest {
  const roleWord = args.trim().split(/\s+/)[0] ?? '';
  if (roleWord === '') throw new UserError('setup.map-usage');
  const role = roleWord.toLowerCase();
  if (role === 'admin') throw new UserError('setup.map-admin');
  if (!isMappable(role)) throw new UserError('setup.map-role-invalid', { value: roleWord });
  const { platformRoleId, name } = parseRoleReference(args.trim().slice(roleWord.length));
  return { role, platformRoleId, platformRoleName: name };
}

/** `<@&ID>` (or the bare id), the argument of `/setup unmap`; anything after it is ignored. */
export function parseUnmapArgs(args: string): string {
  return parseRoleReference(args).platformRoleId;
}

function parseRoleReference(text: string): { platformRoleId: string; name: string | null } {
  const [, reference = '', rest = ''] = /^\s*(\S*)([\s\S]*)$/.exec(text) ?? [];
  if (reference === '') throw new UserError('setup.map-role-missing');
  const id = ROLE_MENTION.exec(reference)?.[1] ?? (BARE_ID.test(reference) ? reference : undefined);
  if (!id) throw new UserError('setup.map-not-role', { value: reference });
  return { platformRoleId: id, name: platformRoleName(rest) };
}

/** A platform role's name as stored: without a leading `@` (the messages add one), bounded; null when none. */
export function platformRoleName(text: string): string | null {
  const name = text.trim().replace(/^@/, '').slice(0, MAX_PLATFORM_ROLE_NAME).trim();
  return name === '' ? null : name;
}

function isMappable(role: string): role is MappableRole {
  return (MAPPABLE_ROLES as readonly string[]).includes(role);
}
