/** Roles per community, from least to most trusted. */
export const ROLES = ['member', 'curator', 'chair', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * Someone the platform says administers the chat an event came from (Telegram/Bale owner or
 * administrator, Discord Manage Server). Not a role: it may bind or unbind that one chat and nothing
 * in the community (see `Context.isChatAdmin`).
 */
export const CHAT_ADMIN = 'chat-admin';

/** Who an audience may name: a community role, or the chat's own administrators. */
export type Grantee = Role | typeof CHAT_ADMIN;

/**
 * Who may do something. `anyone` includes people not yet in a community (`/start`, `/lang`);
 * a list names the roles allowed: `member` in it means every member of the community, and an admin
 * may always do what a chair or curator may. `chat-admin` in it lets the chat's administrators in too,
 * whatever their role (or none).
 */
export type Audience = 'anyone' | readonly Grantee[];

export function roleAllows(audience: Audience, role: Role | null, chatAdmin = false): boolean {
  if (audience === 'anyone') return true;
  if (chatAdmin && audience.includes(CHAT_ADMIN)) return true;
  if (role === null) return false;
  return role === 'admin' || audience.includes('member') || audience.includes(role);
}

/** The higher of two roles: used when `/link` merges two members of one community. */
export function higherRole(a: Role, b: Role): Role {
  return ROLES.indexOf(a) >= ROLES.indexOf(b) ? a : b;
}
