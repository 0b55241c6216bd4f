import { Prisma } from '../../db/generated/client.ts';
import type { Db } from '../../db/prisma-client.ts';
import type { Role } from '../../core/roles.ts';

/**
 * The highest role the community (`communityId`, a value or a column of the enclosing query) maps any of
 * these platform roles to, as text, or NULL: one subquery for the one-read event context and for
 * `highestMapped`. The `Role` enum is declared from least to most trusted, so its order is the ranking.
 */
export function highestMappedRoleSql(
  communityId: Prisma.Sql,
  platform: string,
  platformRoleIds: readonly string[],
): Prisma.Sql {
  return Prisma.sql`(SELECT rm.role::text FROM "PlatformRoleMapping" rm
    WHERE rm."communityId" = ${communityId} AND rm.platform = ${platform}
      AND rm."platformRoleId" = ANY(${[...platformRoleIds]}::text[])
    ORDER BY rm.role DESC LIMIT 1)`;
}

/** A platform role mapped to one of the community's roles, as `/setup` lists it. */
export interface RoleMappingRow {
  platformRoleId: string;
  platformRoleName: string | null;
  role: Role;
}

/** A membership that remembers no mapped role. */
const forgotten = { mappedRole: null, mappedRolePlatform: null, mappedRoleSeenAt: null } as const;

const mappingSelect = { platformRoleId: true, platformRoleName: true, role: true } as const;

/** The platform-role mappings of communities (see `PlatformRoleMapping`): finds and writes, no rules. */
export class RoleMappingRepository {
  constructor(private readonly db: Db) {}

  /** Every mapping of the community, on whichever platform: highest role first, then oldest first. */
  list(communityId: number): Promise<RoleMappingRow[]> {
    return this.db.platformRoleMapping.findMany({
      where: { communityId },
      orderBy: [{ role: 'desc' }, { createdAt: 'asc' }],
      select: mappingSelect,
    });
  }

  find(communityId: number, platform: string, platformRoleId: string): Promise<RoleMappingRow | null> {
    return this.db.platformRoleMapping.findUnique({
      where: { communityId_platform_platformRoleId: { communityId, platform, platformRoleId } },
      select: mappingSelect,
    });
  }

  async upsert(communityId: number, platform: string, mapping: RoleMappingRow): Promise<void> {
    const { platformRoleId, platformRoleName, role } = mapping;
    await this.db.platformRoleMapping.upsert({
      where: { communityId_platform_platformRoleId: { communityId, platform, platformRoleId } },
      create: { communityId, platform, platformRoleId, platformRoleName, role },
      // A name typed without one (a bare id) keeps the name stored at an earlier mapping.
      update: { role, ...(platformRoleName !== null ? { platformRoleName } : {}) },
    });
  }

  /** Whether a mapping was there to remove. */
  async remove(communityId: number, platform: string, platformRoleId: string): Promise<boolean> {
    const { count } = await this.db.platformRoleMapping.deleteMany({
      where: { communityId, platform, platformRoleId },
    });
    return count > 0;
  }

  /**
   * The highest role mapped from any of these platform roles, or null: for events that did not go
   * through the one-read context (first contact, something changed).
   */
  async highestMapped(communityId: number, platform: string, platformRoleIds: readonly string[]): Promise<Role | null> {
    if (platformRoleIds.length === 0) return null;
    const [row] = await this.db.$queryRaw<Array<{ role: Role | null }>>`
      SELECT ${highestMappedRoleSql(Prisma.sql`${communityId}`, platform, platformRoleIds)} AS role`;
    return row?.role ?? null;
  }

  /**
   * Remembers what the member's platform roles (`platformRoleIds`, shown by a server event on `platform`)
   * map to in the community (see `Membership.mappedRole`), confirmed at `seenAt`; null forgets it. A
   * role is written only while a mapping among those roles still gives it, checked in the same statement
   * and held FOR SHARE: an event read before a concurrent `/setup unmap` (or a lowered mapping) cannot
   * write the old role back after `forgetMappedRoles` cleared it.
   */
  async rememberMappedRole(
    memberId: number,
    communityId: number,
    platform: string,
    platformRoleIds: readonly string[],
    mappedRole: Role | null,
    seenAt: Date,
  ): Promise<void> {
    if (mappedRole === null) {
      await this.db.membership.updateMany({ where: { memberId, communityId }, data: forgotten });
      return;
    }
    await this.db.$executeRaw`
      UPDATE "Membership" SET "mappedRole" = ${mappedRole}::"Role", "mappedRolePlatform" = ${platform},
             "mappedRoleSeenAt" = ${seenAt}
      WHERE "memberId" = ${memberId} AND "communityId" = ${communityId}
        AND EXISTS (SELECT 1 FROM "PlatformRoleMapping" rm
                    WHERE rm."communityId" = ${communityId} AND rm.platform = ${platform}
                      AND rm."platformRoleId" = ANY(${[...platformRoleIds]}::text[]) AND rm.role = ${mappedRole}::"Role"
                    FOR SHARE)`;
  }

  /**
   * Forgets every member's remembered mapped role in the community: after a mapping is removed or
   * lowered, nobody keeps a role through it in private chats; each member's next event in a server
   * channel remembers what their roles give now.
   */
  async forgetMappedRoles(communityId: number): Promise<void> {
    await this.db.membership.updateMany({
      where: { communityId, mappedRole: { not: null } },
      data: forgotten,
    });
  }
}
