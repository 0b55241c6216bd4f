import type { Db } from '../../db/prisma-client.ts';

export class CommitteeRepository {
  constructor(private readonly db: Db) {}

  listWithCounts(communityId: number, memberId: number) {
    return this.db.committee.findMany({
      where: { communityId },
      orderBy: { name: 'asc' },
      select: {
        id: true,
        name: true,
        _count: { select: { members: true } },
        members: { where: { memberId }, select: { memberId: true } },
      },
    });
  }

  findByName(communityId: number, name: string) {
    return this.db.committee.findFirst({
      where: { communityId, name: { equals: name, mode: 'insensitive' } },
      select: { id: true, name: true },
    });
  }

  findById(communityId: number, id: number) {
    return this.db.committee.findFirst({ where: { communityId, id }, select: { id: true, name: true } });
  }

  /** The community's committees by name (the guided /meeting offers them as buttons). */
  list(communityId: number) {
    return this.db.committee.findMany({
      where: { communityId },
      orderBy: { name: 'asc' },
      select: { id: true, name: true },
    });
  }

  create(communityId: number, name: string, actorId: number) {
    return this.db.$transaction(async (tx) => {
      const committee = await tx.committee.create({ data: { communityId, name }, select: { id: true, name: true } });
      await tx.auditLog.create({
        data: {
          communityId,
          actorMemberId: actorId,
          action: 'committee.create',
          details: { committeeId: committee.id, name },
        },
      });
      return committee;
    });
  }

  /** True when the member was not in the committee before. */
  async join(committeeId: number, memberId: number): Promise<boolean> {
    const { count } = await this.db.committeeMembership.createMany({
      data: [{ committeeId, memberId }],
      skipDuplicates: true,
    });
    return count === 1;
  }

  /** True when the member was in the committee. */
  async leave(committeeId: number, memberId: number): Promise<boolean> {
    const { count } = await this.db.committeeMembership.deleteMany({ where: { committeeId, memberId } });
    return count === 1;
  }
}
