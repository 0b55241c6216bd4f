import { UserError } from '../../core/errors.ts';
import type { CommitteeRepository } from './committee-repository.ts';

export const MAX_COMMITTEE_NAME = 60;

/** Committees are named groups of members in a community; chairs create them, members join and leave. */
export class CommitteeService {
  constructor(private readonly repo: CommitteeRepository) {}

  async list(communityId: number, memberId: number) {
    const rows = await this.repo.listWithCounts(communityId, memberId);
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      members: row._count.members,
      joined: row.members.length > 0,
    }));
  }

  async add(communityId: number, name: string, actorId: number) {
    const trimmed = name.trim().replace(/\s+/g, ' ');
    if (!trimmed) throw new UserError('committee.name-missing');
    if (trimmed.length > MAX_COMMITTEE_NAME) throw new UserError('error.too-long', { max: MAX_COMMITTEE_NAME });
    if (await this.repo.findByName(communityId, trimmed)) throw new UserError('committee.exists', { name: trimmed });
    return this.repo.create(communityId, trimmed, actorId);
  }

  /** Finds a committee by the name a member typed, or by the id a button carries. */
  async find(communityId: number, nameOrId: { name: string } | { id: number }) {
    const committee =
      'id' in nameOrId
        ? await this.repo.findById(communityId, nameOrId.id)
        : await this.repo.findByName(communityId, nameOrId.name.trim());
    if (!committee) throw new UserError('committee.unknown', { name: 'name' in nameOrId ? nameOrId.name : '' });
    return committee;
  }

  join(committeeId: number, memberId: number): Promise<boolean> {
    return this.repo.join(committeeId, memberId);
  }

  leave(committeeId: number, memberId: number): Promise<boolean> {
    return this.repo.leave(committeeId, memberId);
  }
}
