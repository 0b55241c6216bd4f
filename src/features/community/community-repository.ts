import { Prisma } from '../../db/generated/client.ts';
import type { Db } from '../../db/prisma-client.ts';
import type { Role } from '../../core/roles.ts';
import { highestMappedRoleSql, RoleMappingRepository } from './role-mapping-repository.ts';

/** The only code of this feature that knows Prisma: finds and writes, no rules. */

const communitySelect = {
  id: true,
  name: true,
  language: true,
  timeZone: true,
  calendar: true,
} as const;
const memberSelect = {
  id: true,
  displayName: true,
  language: true,
  timeZone: true,
  calendar: true,
  activeCommunityId: true,
} as const;

/** A membership's own role and its remembered mapped role, with where and when that was seen. */
const membershipSelect = {
  id: true,
  role: true,
  mappedRole: true,
  mappedRolePlatform: true,
  mappedRoleSeenAt: true,
} as const;

export type CommunityRow = {
  id: number;
  name: string;
  language: string;
  timeZone: string;
  calendar: string;
};
export type MemberRow = {
  id: number;
  displayName: string;
  language: string | null;
  timeZone: string | null;
  calendar: string | null;
  activeCommunityId: number | null;
};

/** Everything the resolver needs about one event's chat and person, as one row (nulls where missing). */
export interface EventContextRow {
  chatId: number | null;
  chatKind: 'private' | 'group' | null;
  chatTitle: string | null;
  chatActive: boolean | null;
  /** The platform refused the bot's messages to this chat for good (see `Chat.unreachableAt`). */
  chatUnreachable: boolean | null;
  identityId: number | null;
  identityName: string | null;
  privateChatId: string | null;
  memberId: number | null;
  memberName: string | null;
  memberLanguage: string | null;
  memberTimeZone: string | null;
  memberCalendar: string | null;
  activeCommunityId: number | null;
  communityId: number | null;
  communityName: string | null;
  communityLanguage: string | null;
  communityTimeZone: string | null;
  communityCalendar: string | null;
  role: Role | null;
  /** The mapped role remembered on the membership (see `Membership.mappedRole`), and where and when it was seen. */
  mappedRole: Role | null;
  mappedRolePlatform: string | null;
  mappedRoleSeenAt: Date | null;
  /** The highest role the platform roles given to the query map to in that community; null when none do. */
  mappedNow: Role | null;
}

export class CommunityRepository {
  /** The community's platform-role mappings, over the same database. */
  readonly roleMappings: RoleMappingRepository;

  constructor(private readonly db: Db) {
    this.roleMappings = new RoleMappingRepository(db);
  }

  /**
   * The chat, the person, the community that applies (the group's, or in a private chat the member's
   * active one) and their role there, in one round trip: this runs for every inbound event. With
   * `platformRoleIds` (a Discord server channel) the same round trip also reads the highest role those
   * platform roles are mapped to; without them the query is the plain one.
   */
  async findEventContext(
    platform: string,
    chatExternalId: string,
    userExternalId: string,
    platformRoleIds?: readonly string[],
  ): Promise<EventContextRow> {
    const mappedNow =
      platformRoleIds === undefined
        ? Prisma.sql`NULL::text`
        : highestMappedRoleSql(Prisma.sql`co.id`, platform, platformRoleIds);
    const rows = await this.db.$queryRaw<EventContextRow[]>`
      SELECT c.id AS "chatId", c.kind::text AS "chatKind", c.title AS "chatTitle", c.active AS "chatActive",
             c."unreachableAt" IS NOT NULL AS "chatUnreachable",
             i.id AS "identityId", i."displayName" AS "identityName", i."privateChatId",
             m.id AS "memberId", m."displayName" AS "memberName", m.language AS "memberLanguage",
             m."timeZone" AS "memberTimeZone", m.calendar AS "memberCalendar", m."activeCommunityId",
             co.id AS "communityId", co.name AS "communityName", co.language AS "communityLanguage",
             co."timeZone" AS "communityTimeZone", co.calendar AS "communityCalendar", ms.role::text AS role,
             ms."mappedRole"::text AS "mappedRole", ms."mappedRolePlatform", ms."mappedRoleSeenAt",
             ${mappedNow} AS "mappedNow"
      FROM (SELECT 1) AS one
      LEFT JOIN "Chat" c ON c.platform = ${platform} AND c."externalId" = ${chatExternalId}
      LEFT JOIN "Identity" i ON i.platform = ${platform} AND i."externalId" = ${userExternalId}
      LEFT JOIN "Member" m ON m.id = i."memberId"
      LEFT JOIN "Community" co ON co.id = CASE WHEN c.kind = 'group' THEN c."communityId" ELSE m."activeCommunityId" END
      LEFT JOIN "Membership" ms ON ms."memberId" = m.id AND ms."communityId" = co.id`;
    return rows[0]!;
  }

  findChat(platform: string, externalId: string) {
    return this.db.chat.findUnique({
      where: { platform_externalId: { platform, externalId } },
      select: {
        id: true,
        kind: true,
        title: true,
        active: true,
        unreachableAt: true,
        community: { select: communitySelect },
      },
    });
  }

  upsertChat(platform: string, externalId: string, kind: 'private' | 'group', title: string | null) {
    return this.db.chat.upsert({
      where: { platform_externalId: { platform, externalId } },
      create: { platform, externalId, kind, title },
      // A message from the chat shows the bot is in it again (unblocked, added back).
      update: { kind, title, active: true, unreachableAt: null, unreachableReason: null },
      select: { id: true },
    });
  }

  /** A private chat's row, made if missing; an existing one (perhaps marked unreachable) is left as it is. */
  async ensurePrivateChat(platform: string, externalId: string): Promise<void> {
    await this.db.chat.createMany({ data: [{ platform, externalId, kind: 'private' }], skipDuplicates: true });
  }

  /** The bot left the chat (or came back): an inactive chat gets nothing from the bot. */
  setChatActive(platform: string, externalId: string, active: boolean) {
    return this.db.chat.updateMany({ where: { platform, externalId }, data: { active } });
  }

  findIdentity(platform: string, externalId: string) {
    return this.db.identity.findUnique({
      where: { platform_externalId: { platform, externalId } },
      select: { id: true, displayName: true, privateChatId: true, member: { select: memberSelect } },
    });
  }

  createMemberWithIdentity(platform: string, externalId: string, displayName: string, privateChatId: string | null) {
    return this.db.member.create({
      data: { displayName, identities: { create: { platform, externalId, displayName, privateChatId } } },
      select: memberSelect,
    });
  }

  updateIdentity(id: number, data: { displayName?: string; privateChatId?: string }) {
    return this.db.identity.update({ where: { id }, data });
  }

  updateMember(id: number, data: Partial<Omit<MemberRow, 'id'>>): Promise<MemberRow> {
    return this.db.member.update({ where: { id }, data, select: memberSelect });
  }

  findMembership(memberId: number, communityId: number) {
    return this.db.membership.findUnique({
      where: { memberId_communityId: { memberId, communityId } },
      select: membershipSelect,
    });
  }

  /** The membership, created with `role` when missing; an existing one is left as it is. */
  upsertMembership(memberId: number, communityId: number, role: Role = 'member') {
    return this.db.membership.upsert({
      where: { memberId_communityId: { memberId, communityId } },
      create: { memberId, communityId, role },
      update: {},
      select: membershipSelect,
    });
  }

  setRole(memberId: number, communityId: number, role: Role) {
    return this.db.membership.upsert({
      where: { memberId_communityId: { memberId, communityId } },
      create: { memberId, communityId, role },
      update: { role },
    });
  }

  firstMembership(memberId: number) {
    return this.db.membership.findFirst({
      where: { memberId },
      orderBy: { joinedAt: 'asc' },
      select: { ...membershipSelect, community: { select: communitySelect } },
    });
  }

  findCommunity(id: number): Promise<CommunityRow | null> {
    return this.db.community.findUnique({ where: { id }, select: communitySelect });
  }

  /** Makes `code` the community's only join code, until `expiresAt`: the one before stops working. */
  async replaceJoinCode(communityId: number, code: string, expiresAt: Date): Promise<void> {
    await this.db.community.update({
      where: { id: communityId },
      data: { joinCode: code, joinCodeExpiresAt: expiresAt },
    });
  }

  /**
   * Uses a join code: binds the (unbound) chat to the code's community and clears the code, in one
   * transaction, so that of two chats racing with one code only one is bound. Null when no community has
   * this code still valid at `now`, or when the chat got bound meanwhile (nothing changes then).
   */
  bindChatWithCode(
    code: string,
    now: Date,
    chat: { platform: string; externalId: string },
    actorMemberId: number,
  ): Promise<{ community: CommunityRow; chatId: number } | null> {
    return this.db.$transaction(async (tx) => {
      const community = await tx.community.findFirst({
        where: { joinCode: code, joinCodeExpiresAt: { gt: now } },
        select: communitySelect,
      });
      if (!community) return null;
      const used = await tx.community.updateMany({
        where: { id: community.id, joinCode: code },
        data: { joinCode: null, joinCodeExpiresAt: null },
      });
      const bound = await tx.chat.updateMany({
        where: { platform: chat.platform, externalId: chat.externalId, communityId: null },
        data: { communityId: community.id, active: true },
      });
      if (used.count === 0 || bound.count === 0) return null;
      const { id: chatId } = await tx.chat.findUniqueOrThrow({
        where: { platform_externalId: chat },
        select: { id: true },
      });
      await tx.auditLog.create({
        data: {
          communityId: community.id,
          actorMemberId,
          action: 'chat.bind',
          details: { platform: chat.platform, chat: chat.externalId, by: 'join-code' },
        },
      });
      return { community, chatId };
    });
  }

  findChatById(id: number) {
    return this.db.chat.findUnique({
      where: { id },
      select: { id: true, platform: true, externalId: true, title: true, communityId: true },
    });
  }

  /** Unbinds the chat from the community; false when it was not bound to it (any more). */
  async unbindChat(chatId: number, communityId: number, actorMemberId: number): Promise<boolean> {
    return this.db.$transaction(async (tx) => {
      const { count } = await tx.chat.updateMany({ where: { id: chatId, communityId }, data: { communityId: null } });
      if (count === 0) return false;
      await tx.auditLog.create({
        data: { communityId, actorMemberId, action: 'chat.unbind', details: { chatId } },
      });
      return true;
    });
  }

  /** The role a member holds in a community by the community's own grant (no platform roles), or null. */
  async ownRole(memberId: number, communityId: number): Promise<Role | null> {
    const membership = await this.findMembership(memberId, communityId);
    return membership?.role ?? null;
  }

  /** The community's admins with their settings and the private chats the bot may write to them in. */
  findAdminsToTell(communityId: number) {
    return this.db.member.findMany({
      where: { memberships: { some: { communityId, role: 'admin' } } },
      select: {
        id: true,
        language: true,
        timeZone: true,
        calendar: true,
        identities: {
          where: { privateChatId: { not: null } },
          select: { platform: true, privateChatId: true },
          orderBy: { createdAt: 'asc' },
        },
      },
      orderBy: { id: 'asc' },
    });
  }

  /** Creates a community and binds the chat to it, in one transaction: nothing half-made on failure. */
  createCommunityForChat(
    data: { name: string; language: string; timeZone: string; calendar: string },
    chat: { platform: string; externalId: string },
    adminMemberId: number,
  ): Promise<CommunityRow> {
    return this.db.$transaction(async (tx) => {
      const community = await tx.community.create({ data, select: communitySelect });
      await tx.chat.update({
        where: { platform_externalId: { platform: chat.platform, externalId: chat.externalId } },
        data: { communityId: community.id, active: true },
      });
      await tx.membership.upsert({
        where: { memberId_communityId: { memberId: adminMemberId, communityId: community.id } },
        create: { memberId: adminMemberId, communityId: community.id, role: 'admin' },
        update: { role: 'admin' },
      });
      await tx.auditLog.create({
        data: {
          communityId: community.id,
          actorMemberId: adminMemberId,
          action: 'community.create',
          details: { name: data.name },
        },
      });
      return community;
    });
  }

  updateCommunity(
    id: number,
    data: Partial<Pick<CommunityRow, 'language' | 'timeZone' | 'calendar'>>,
  ): Promise<CommunityRow> {
    return this.db.community.update({ where: { id }, data, select: communitySelect });
  }

  countChats(communityId: number) {
    return this.db.chat.count({ where: { communityId, active: true } });
  }

  countMembers(communityId: number) {
    return this.db.membership.count({ where: { communityId } });
  }

  /** Members of a community whose name matches, for `/role ROLE NAME` where no reply target exists. */
  findMembersByName(communityId: number, name: string) {
    return this.db.member.findMany({
      where: { displayName: { equals: name, mode: 'insensitive' }, memberships: { some: { communityId } } },
      select: { id: true, displayName: true },
      take: 2,
    });
  }

  audit(communityId: number | null, actorMemberId: number | null, action: string, details: object) {
    return this.db.auditLog.create({ data: { communityId, actorMemberId, action, details } });
  }
}
