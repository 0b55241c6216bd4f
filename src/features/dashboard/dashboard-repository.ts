import type { Db } from '../../db/prisma-client.ts';
import type { Role } from '../../core/roles.ts';

/** The only code of the web dashboard that knows Prisma: sign-in links, sessions, and who a session is. */

const linkSelect = {
  id: true,
  memberId: true,
  communityId: true,
  language: true,
  expiresAt: true,
  usedAt: true,
} as const;

const sessionSelect = {
  id: true,
  memberId: true,
  communityId: true,
  userAgent: true,
  createdAt: true,
  lastSeenAt: true,
} as const;

const memberSelect = { id: true, displayName: true, language: true, timeZone: true, calendar: true } as const;

export interface DashboardLinkRow {
  id: number;
  memberId: number;
  communityId: number | null;
  language: string;
  expiresAt: Date;
  usedAt: Date | null;
}

export interface DashboardSessionRow {
  id: number;
  memberId: number;
  communityId: number | null;
  userAgent: string | null;
  createdAt: Date;
  lastSeenAt: Date;
}

export interface WebMemberRow {
  id: number;
  displayName: string;
  language: string | null;
  timeZone: string | null;
  calendar: string | null;
}

/** One community of a member, with their own role and the mapped role remembered there. */
export interface WebMembershipRow {
  role: Role;
  mappedRole: Role | null;
  mappedRolePlatform: string | null;
  mappedRoleSeenAt: Date | null;
  community: { id: number; name: string; language: string; timeZone: string; calendar: string };
}

export class DashboardRepository {
  constructor(private readonly db: Db) {}

  /** A new link; the member's links expired before `forgetBefore` go, so that they do not pile up. */
  async createLink(
    data: { tokenHash: string; memberId: number; communityId: number | null; language: string; expiresAt: Date },
    forgetBefore: Date,
  ): Promise<void> {
    await this.db.$transaction([
      this.db.dashboardLink.deleteMany({ where: { memberId: data.memberId, expiresAt: { lt: forgetBefore } } }),
      this.db.dashboardLink.create({ data }),
    ]);
  }

  findLink(tokenHash: string): Promise<DashboardLinkRow | null> {
    return this.db.dashboardLink.findUnique({ where: { tokenHash }, select: linkSelect });
  }

  /**
   * Marks the link used if it is unused and valid at `now`: one conditional write, so that of two
   * browsers posting the same link at once exactly one signs in.
   */
  async claimLink(tokenHash: string, now: Date): Promise<boolean> {
    const { count } = await this.db.dashboardLink.updateMany({
      where: { tokenHash, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    return count === 1;
  }

  /** A new session; the member's sessions ended or idle before `forgetBefore` go. */
  async createSession(
    data: { idHash: string; memberId: number; communityId: number | null; userAgent: string | null; now: Date },
    forgetBefore: Date,
  ): Promise<DashboardSessionRow> {
    const { now, ...fields } = data;
    const [, created] = await this.db.$transaction([
      this.db.dashboardSession.deleteMany({
        where: {
          memberId: data.memberId,
          OR: [{ endedAt: { lt: forgetBefore } }, { lastSeenAt: { lt: forgetBefore } }],
        },
      }),
      this.db.dashboardSession.create({
        data: { ...fields, createdAt: now, lastSeenAt: now },
        select: sessionSelect,
      }),
    ]);
    return created;
  }

  /** The session and its member, unless it ended or was last used before `idleSince`. */
  async findLiveSession(
    idHash: string,
    idleSince: Date,
  ): Promise<(DashboardSessionRow & { member: WebMemberRow }) | null> {
    return this.db.dashboardSession.findFirst({
      where: { idHash, endedAt: null, lastSeenAt: { gt: idleSince } },
      select: { ...sessionSelect, member: { select: memberSelect } },
    });
  }

  async touchSession(id: number, now: Date): Promise<void> {
    await this.db.dashboardSession.updateMany({ where: { id, endedAt: null }, data: { lastSeenAt: now } });
  }

  async setSessionCommunity(id: number, communityId: number): Promise<void> {
    await this.db.dashboardSession.updateMany({ where: { id, endedAt: null }, data: { communityId } });
  }

  /** Ends one of the member's live sessions; false when it is not theirs or already over. */
  async endSession(id: number, memberId: number, now: Date): Promise<boolean> {
    const { count } = await this.db.dashboardSession.updateMany({
      where: { id, memberId, endedAt: null },
      data: { endedAt: now },
    });
    return count === 1;
  }

  /** The member's sessions still in use, most recently used first. */
  listLiveSessions(memberId: number, idleSince: Date): Promise<DashboardSessionRow[]> {
    return this.db.dashboardSession.findMany({
      where: { memberId, endedAt: null, lastSeenAt: { gt: idleSince } },
      orderBy: [{ lastSeenAt: 'desc' }, { id: 'desc' }],
      select: sessionSelect,
    });
  }

  findMember(memberId: number): Promise<WebMemberRow | null> {
    return this.db.member.findUnique({ where: { id: memberId }, select: memberSelect });
  }

  /** Every community of the member, in the order they joined. */
  async memberships(memberId: number): Promise<WebMembershipRow[]> {
    const rows = await this.db.membership.findMany({
      where: { memberId },
      orderBy: [{ joinedAt: 'asc' }, { id: 'asc' }],
      select: {
        role: true,
        mappedRole: true,
        mappedRolePlatform: true,
        mappedRoleSeenAt: true,
        community: { select: { id: true, name: true, language: true, timeZone: true, calendar: true } },
      },
    });
    return rows;
  }

  async audit(communityId: number | null, actorMemberId: number, action: string, details: object): Promise<void> {
    await this.db.auditLog.create({ data: { communityId, actorMemberId, action, details } });
  }
}
