import type { EventDedupeStore } from '../../core/ports.ts';
import type { Db } from '../prisma-client.ts';

/** Platforms deliver updates at least once; the primary key (platform, eventId) makes a replay a no-op. */
export class PrismaEventDedupeStore implements EventDedupeStore {
  constructor(private readonly db: Db) {}

  async claim(platform: string, eventId: string): Promise<boolean> {
    const { count } = await this.db.processedEvent.createMany({ data: [{ platform, eventId }], skipDuplicates: true });
    return count === 1;
  }

  /** Ids older than any redelivery a platform would make can go. */
  async forgetBefore(before: Date): Promise<number> {
    const { count } = await this.db.processedEvent.deleteMany({ where: { receivedAt: { lt: before } } });
    return count;
  }
}
