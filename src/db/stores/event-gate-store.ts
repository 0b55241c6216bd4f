import type { EventGate, GateDecision } from '../../core/ports.ts';
import type { Db } from '../prisma-client.ts';

/**
 * Dedupe and flood counting in one round trip, since both run for every inbound event: the
 * (platform, eventId) key makes a redelivery a no-op, and only a first delivery counts toward the
 * sender's window. Both live in the database, so they hold across restarts and instances.
 */
export class PrismaEventGate implements EventGate {
  constructor(private readonly db: Db) {}

  async admit(platform: string, eventId: string, senderKey: string, windowStart: Date): Promise<GateDecision> {
    const rows = await this.db.$queryRaw<Array<{ firstTime: boolean; count: number | null }>>`
      WITH claimed AS (
        INSERT INTO "ProcessedEvent" (platform, "eventId") VALUES (${platform}, ${eventId})
        ON CONFLICT DO NOTHING RETURNING 1
      ), counted AS (
        INSERT INTO "FloodWindow" (key, "windowStart", count)
        SELECT ${senderKey}, ${windowStart}, 1 WHERE EXISTS (SELECT 1 FROM claimed)
        ON CONFLICT (key, "windowStart") DO UPDATE SET count = "FloodWindow".count + 1
        RETURNING count
      )
      SELECT EXISTS (SELECT 1 FROM claimed) AS "firstTime", (SELECT count FROM counted) AS count`;
    const row = rows[0]!;
    return { firstTime: row.firstTime, eventsInWindow: row.count ?? 0 };
  }

  /** Ids older than any redelivery a platform would make, and finished flood windows, can go. */
  async forgetBefore(before: Date): Promise<number> {
    const [events, windows] = await Promise.all([
      this.db.processedEvent.deleteMany({ where: { receivedAt: { lt: before } } }),
      this.db.floodWindow.deleteMany({ where: { windowStart: { lt: new Date(Date.now() - 3600_000) } } }),
    ]);
    return events.count + windows.count;
  }
}
