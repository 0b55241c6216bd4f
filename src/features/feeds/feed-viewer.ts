/**
 * Who reads a feed, and which meetings they may see in it: the rule of /meetings (`visibleTo` in
 * meetings/meeting-repository.ts), read at every request so that a feed follows the member's
 * committees and role as they change.
 */
import { roleAllows, type Role } from '../../core/roles.ts';
import { effectiveRole, MAPPED_ROLE_FRESH_MS } from '../community/effective-role.ts';

export interface FeedMembership {
  role: Role;
  mappedRole: Role | null;
  mappedRoleSeenAt: Date | null;
}

/**
 * Chairs and admins see every meeting of their community in /meetings, and so in their feed. A role a
 * platform's server roles give counts while fresh, as it does in that platform's private chats: the
 * feed, too, is the member's own, read outside any server.
 */
export function seesEverything(membership: FeedMembership, now: Date): boolean {
  const seenAt = membership.mappedRoleSeenAt;
  const fresh = seenAt !== null && now.getTime() - seenAt.getTime() < MAPPED_ROLE_FRESH_MS;
  const role = effectiveRole(membership.role, fresh ? membership.mappedRole : null, undefined);
  return roleAllows(['chair'], role);
}

/** What decides whether one meeting is in one member's view: the meeting's side of `visibleTo`. */
export interface MeetingAudienceFacts {
  audience: string;
  committeeId: number | null;
  chairId: number | null;
}

/** `visibleTo` for one meeting and one member, for the few meetings a change concerns. */
export function mayList(
  meeting: MeetingAudienceFacts,
  viewer: { memberId: number; seesAll: boolean; committeeIds: ReadonlySet<number> },
): boolean {
  if (viewer.seesAll || meeting.audience !== 'committee' || meeting.chairId === viewer.memberId) return true;
  return meeting.committeeId !== null && viewer.committeeIds.has(meeting.committeeId);
}
