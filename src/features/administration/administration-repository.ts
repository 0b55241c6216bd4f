import type { Role } from '../../core/roles.ts';
import type { Db } from '../../db/prisma-client.ts';

/** A member of the community with the role the community gave them and where they write from. */
export interface MemberRoleRow {
  memberId: number;
  displayName: string;
  role: Role;
  joinedAt: Date;
  platforms: string[];
}

/** A chat bound to the community. */
export interface BoundChatRow {
  id: number;
  platform: string;
  kind: 'private' | 'group';
  title: string | null;
  active: boolean;
  unreachableAt: Date | null;
  unreachableReason: string | null;
  createdAt: Date;
}

export interface AuditRow {
  id: number;
  action: string;
  actorName: string | null;
  details: unknown;
  createdAt: Date;
}

/** The only code of the dashboard's administration pages that knows Prisma: reads, no rules. */
export class AdministrationRepository {
  constructor(private readonly db: Db) {}

  async members(communityId: number): Promise<MemberRoleRow[]> {
    const rows = await this.db.membership.findMany({
      where: { communityId },
      orderBy: [{ member: { displayName: 'asc' } }, { memberId: 'asc' }],
      select: {
        role: true,
        joinedAt: true,
        member: { select: { id: true, displayName: true, identities: { select: { platform: true } } } },
      },
    });
    return rows.map((row) => ({
      memberId: row.member.id,
      displayName: row.member.displayName,
      role: row.role,
      joinedAt: row.joinedAt,
      platforms: [...new Set(row.member.identities.map((identity) => identity.platform))].sort(),
    }));
  }

  /** Whether the member belongs to the community (an id from a form must). */
  async isMember(communityId: number, memberId: number): Promise<boolean> {
    const row = await this.db.membership.findUnique({
      where: { memberId_communityId: { memberId, communityId } },
      select: { id: true },
    });
    return row !== null;
  }

  boundChats(communityId: number): Promise<BoundChatRow[]> {
    return this.db.chat.findMany({
      where: { communityId },
      orderBy: [{ platform: 'asc' }, { id: 'asc' }],
      select: {
        id: true,
        platform: true,
        kind: true,
        title: true,
        active: true,
        unreachableAt: true,
        unreachableReason: true,
        createdAt: true,
      },
    });
  }

  chatCommunity(chatId: number): Promise<{ communityId: number | null } | null> {
    return this.db.chat.findUnique({ where: { id: chatId }, select: { communityId: true } });
  }

  async auditPage(
    communityId: number,
    action: string | null,
    skip: number,
    take: number,
  ): Promise<{ rows: AuditRow[]; total: number }> {
    const where = { communityId, ...(action ? { action } : {}) };
    const [rows, total] = await Promise.all([
      this.db.auditLog.findMany({
        where,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        skip,
        take,
        select: { id: true, action: true, actorMemberId: true, details: true, createdAt: true },
      }),
      this.db.auditLog.count({ where }),
    ]);
    // The log keeps the actor's id only (no relation): a member forgotten since has no name to show.
    const actorIds = [...new Set(rows.flatMap((row) => (row.actorMemberId === null ? [] : [row.actorMemberId])))];
    const actors = await this.db.member.findMany({
      where: { id: { in: actorIds } },
      select: { id: true, displayName: true },
    });
    const names = new Map(actors.map((actor) => [actor.id, actor.displayName]));
    return {
      rows: rows.map((row) => ({
        id: row.id,
        action: row.action,
        actorName: row.actorMemberId === null ? null : (names.get(row.actorMemberId) ?? null),
        details: row.details,
        createdAt: row.createdAt,
      })),
      total,
    };
  }

  async auditActions(communityId: number): Promise<string[]> {
    const rows = await this.db.auditLog.findMany({
      where: { communityId },
      distinct: ['action'],
      select: { action: true },
      orderBy: { action: 'asc' },
    });
    return rows.map((row) => row.action);
  }
}
