/** Roles per community, from least to most trusted. */
export const ROLES = ['member', 'curator', 'chair', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * Who may do something. `anyone` includes people not yet in a community (`/start`, `/lang`);
 * a list names the roles allowed: `member` in it means every member of the community, and an admin
 * may always do what a chair or curator may.
 */
export type Audience = 'anyone' | readonly Role[];

export function roleAllows(audience: Audience, role: Role | null): boolean {
  if (audience === 'anyone') return true;
  if (role === null) return false;
  return role === 'admin' || audience.includes('member') || audience.includes(role);
}

/** The higher of two roles: used when `/link` merges two members of one community. */
export function higherRole(a: Role, b: Role): Role {
  return ROLES.indexOf(a) >= ROLES.indexOf(b) ? a : b;
}
