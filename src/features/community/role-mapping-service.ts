import { UserError } from '../../core/errors.ts';
import type { CommunityRepository } from './community-repository.ts';
import type { MapRequest } from './role-mapping-args.ts';
import type { RoleMappingRow } from './role-mapping-repository.ts';

/**
 * Rules of platform roles mapped to community roles (`/setup map`). Members holding a mapped role act
 * with it (see `MemberResolver`); a mapping names no person, so `/forgetme` has nothing to do here.
 */
export class RoleMappingService {
  constructor(private readonly repo: CommunityRepository) {}

  list(communityId: number): Promise<RoleMappingRow[]> {
    return this.repo.roleMappings.list(communityId);
  }

  /** Maps (or maps again) a platform role; returns the mapping as stored, its name kept from before if none came. */
  async map(communityId: number, actorId: number, platform: string, request: MapRequest): Promise<RoleMappingRow> {
    const mappings = this.repo.roleMappings;
    const before = await mappings.find(communityId, platform, request.platformRoleId);
    await mappings.upsert(communityId, platform, request);
    // A mapping that now gives another role may have given more: nobody keeps the old one in private.
    if (before && before.role !== request.role) await mappings.forgetMappedRoles(communityId);
    await this.repo.audit(communityId, actorId, 'role.map', {
      platform,
      platformRoleId: request.platformRoleId,
      role: request.role,
    });
    return { ...request, platformRoleName: request.platformRoleName ?? before?.platformRoleName ?? null };
  }

  /** Removes a mapping; returns what it was, or a UserError when the role was not mapped. */
  async unmap(communityId: number, actorId: number, platform: string, platformRoleId: string): Promise<RoleMappingRow> {
    const mappings = this.repo.roleMappings;
    const before = await mappings.find(communityId, platform, platformRoleId);
    if (!before || !(await mappings.remove(communityId, platform, platformRoleId)))
      throw new UserError('setup.unmap-unknown', { id: platformRoleId });
    // Whoever held the role keeps nothing through it in private chats; other mapped roles they hold
    // count again at their next event in a server channel.
    await mappings.forgetMappedRoles(communityId);
    await this.repo.audit(communityId, actorId, 'role.unmap', { platform, platformRoleId, role: before.role });
    return before;
  }
}
