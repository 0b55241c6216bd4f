import type { MetricsStore } from '../../ops/metrics.ts';
import type { Db } from '../prisma-client.ts';

/** What the metrics gauges read from the shared database when scraped (the same for every instance). */
export class PrismaMetricsStore implements MetricsStore {
  constructor(private readonly db: Db) {}

  async pendingOutboxByPlatform(): Promise<Array<{ platform: string; count: number }>> {
    const rows = await this.db.outboxMessage.groupBy({ by: ['platform'], where: { status: 'pending' }, _count: true });
    return rows.map((row) => ({ platform: row.platform, count: row._count }));
  }

  async reminderLagSeconds(windowMinutes: number): Promise<number | null> {
    const rows = await this.db.$queryRaw<Array<{ lag: number | null }>>`
      SELECT max(extract(epoch FROM "handledAt" - "dueAt"))::float8 AS lag FROM "Reminder"
      WHERE status IN ('sent', 'late')
        AND "handledAt" > now() - ${windowMinutes} * interval '1 minute'`;
    return rows[0]?.lag ?? null;
  }

  async reminderOverdueSeconds(): Promise<number | null> {
    const rows = await this.db.$queryRaw<Array<{ overdue: number | null }>>`
      SELECT extract(epoch FROM now() - min("dueAt"))::float8 AS overdue FROM "Reminder"
      WHERE status = 'planned' AND "dueAt" <= now()`;
    return rows[0]?.overdue ?? null;
  }
}
