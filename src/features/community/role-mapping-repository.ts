import type { Db } from '../../db/prisma-client.ts';
import { higherRole, type Role } from '../../core/roles.ts';

/** A platform role mapped to one of the community's roles, as `/setup` lists it. */
export interface RoleMappingRow {
  platformRoleId: string;
  platformRoleName: string | null;
  role: Role;
}

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
    const rows = await this.db.platformRoleMapping.findMany({
      where: { communityId, platform, platformRoleId: { in: [...platformRoleIds] } },
      select: { role: true },
    });
    return rows.reduce<Role | null>((top, row) => (top === null ? row.role : higherRole(top, row.role)), null);
  }

  /** The member's remembered mapped role in the community (see `Membership.mappedRole`). */
  async rememberMappedRole(memberId: number, communityId: number, mappedRole: Role | null): Promise<void> {
    await this.db.membership.updateMany({ where: { memberId, communityId }, data: { mappedRole } });
  }

  /**
   * Forgets every member's remembered mapped role in the community: after a mapping is removed or
   * lowered, nobody keeps a role through it in private chats; each member's next event in a server
   * channel remembers what their roles give now.
   */
  async forgetMappedRoles(communityId: number): Promise<void> {
    await this.db.membership.updateMany({
      where: { communityId, mappedRole: { not: null } },
      data: { mappedRole: null },
    });
  }
}
