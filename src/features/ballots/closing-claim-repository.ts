import type { Db } from '../../db/prisma-client.ts';
import { Prisma } from '../../db/generated/client.ts';

/** Tables with a deadline (`closesAt`), a close (`closedAt`) and an announcement lease: polls and surveys. */
export type ClosableTable = 'Poll' | 'Survey';

/**
 * Rows whose deadline passed, closed here and now, plus closed ones whose announcement was claimed
 * by an instance that died before posting it. One statement with SKIP LOCKED: several instances
 * share the work and never close or announce one row twice at once.
 */
export function claimDueClosings(
  db: Db,
  table: ClosableTable,
  now: Date,
  leaseMs: number,
  limit: number,
): Promise<Array<{ id: number }>> {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  // The name comes from the closed union above, never from input.
  const name = Prisma.raw(`"${table}"`);
  return db.$queryRaw<Array<{ id: number }>>`
    UPDATE ${name} SET "closedAt" = COALESCE("closedAt", ${now}), "announceLeaseUntil" = ${leaseUntil}
    WHERE id IN (
      SELECT id FROM ${name}
      WHERE ("closedAt" IS NULL AND "closesAt" <= ${now})
         OR ("closedAt" IS NOT NULL AND "announcedAt" IS NULL AND "announceLeaseUntil" < ${now})
      ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED
    )
    RETURNING id`;
}
