import type { Db } from '../../db/prisma-client.ts';

/** One platform identity of a community member, with the state of its private chat (nulls: none opened). */
export interface MemberReachRow {
  memberId: number;
  displayName: string;
  platform: string | null;
  privateChatId: string | null;
  unreachableAt: Date | null;
  unreachableReason: string | null;
}

/** A group of the community that the bot cannot post in: removed from it, or refused for good. */
export interface GroupReachRow {
  title: string | null;
  platform: string;
  active: boolean;
  unreachableAt: Date | null;
  unreachableReason: string | null;
}

/** Reads where the bot can and cannot reach a community's members and groups. No rules here. */
export class ReachabilityRepository {
  constructor(private readonly db: Db) {}

  /** Every identity of every member (a member with no identity left still appears, with nulls). */
  memberIdentities(communityId: number): Promise<MemberReachRow[]> {
    return this.db.$queryRaw<MemberReachRow[]>`
      SELECT m.id AS "memberId", m."displayName", i.platform, i."privateChatId",
             c."unreachableAt", c."unreachableReason"
      FROM "Membership" ms
      JOIN "Member" m ON m.id = ms."memberId"
      LEFT JOIN "Identity" i ON i."memberId" = m.id
      LEFT JOIN "Chat" c ON c.kind = 'private' AND c.platform = i.platform AND c."externalId" = i."privateChatId"
      WHERE ms."communityId" = ${communityId}
      ORDER BY lower(m."displayName"), m.id, i.id`;
  }

  unreachableGroups(communityId: number): Promise<GroupReachRow[]> {
    return this.db.chat.findMany({
      where: { communityId, kind: 'group', OR: [{ active: false }, { unreachableAt: { not: null } }] },
      orderBy: { id: 'asc' },
      select: { title: true, platform: true, active: true, unreachableAt: true, unreachableReason: true },
    });
  }
}
