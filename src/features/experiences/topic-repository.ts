import type { Db } from '../../db/prisma-client.ts';

/** The community's list of experience topics. */
export class TopicRepository {
  constructor(private readonly db: Db) {}

  list(communityId: number) {
    return this.db.experienceTopic.findMany({
      where: { communityId },
      orderBy: [{ name: 'asc' }],
      select: { id: true, name: true },
    });
  }

  findById(communityId: number, id: number) {
    return this.db.experienceTopic.findFirst({ where: { communityId, id }, select: { id: true, name: true } });
  }

  /** Adds the names not there yet (the unique index settles a race); returns how many were added. */
  async add(communityId: number, names: readonly string[]): Promise<number> {
    const { count } = await this.db.experienceTopic.createMany({
      data: names.map((name) => ({ communityId, name })),
      skipDuplicates: true,
    });
    return count;
  }

  async remove(communityId: number, id: number): Promise<boolean> {
    const { count } = await this.db.experienceTopic.deleteMany({ where: { communityId, id } });
    return count === 1;
  }
}
