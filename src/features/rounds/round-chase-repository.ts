import type { Db, DbTransaction } from '../../db/prisma-client.ts';
import { insertOutboxRows, type OutboxRow } from '../../db/stores/outbox-rows.ts';

/** A due chasing message with what it takes to decide and render it, read (and locked) in one query. */
export interface DueChaseRow {
  id: number;
  roundId: number;
  stage: string;
  memberId: number;
  libraryId: number | null;
  dueAt: Date;
  template: unknown;
  periodLabel: string;
  roundDueAt: Date;
  roundClosedAt: Date | null;
  communityId: number;
  audience: string;
  committeeId: number | null;
  memberLanguage: string | null;
  memberTimeZone: string | null;
  memberCalendar: string | null;
  communityLanguage: string;
  communityTimeZone: string;
  communityCalendar: string;
  quietStartMinute: number;
  quietEndMinute: number;
  holidayCountry: string | null;
  libraryName: string | null;
  privatePlatform: string | null;
  privateChatId: string | null;
  /** The library (or, about people, the member) has sent its answers. */
  submitted: boolean;
}

/** What became of a claimed row: handed over (with its message), or not sent and why, or moved later. */
export type ChaseOutcome =
  | { id: number; status: 'sent'; message: OutboxRow }
  | { id: number; status: 'skipped' | 'missed' | 'cancelled' }
  | { id: number; status: 'deferred'; dueAt: Date };

export class RoundChaseRepository {
  constructor(private readonly db: Db) {}

  /**
   * Claims up to `limit` due chasing rows and hands them to the outbox in ONE transaction, as meeting
   * reminders are (ReminderRepository.handDue): rows locked with SKIP LOCKED, decided, the messages
   * inserted with insertOutboxRows and the rows marked, then one commit. A crash before it leaves
   * them planned; after it they are in the outbox, which sends each once. A row that falls in the
   * recipient's quiet hours or on a holiday is moved to its next allowed time and stays planned.
   */
  async handDue(
    now: Date,
    limit: number,
    decide: (rows: DueChaseRow[], tx: DbTransaction) => Promise<{ outcomes: ChaseOutcome[]; extra: OutboxRow[] }>,
  ): Promise<{ claimed: number; sent: number }> {
    return this.db.$transaction(
      async (tx) => {
        const rows = await tx.$queryRaw<DueChaseRow[]>`
          WITH due AS (
            SELECT id FROM "RoundReminder"
            WHERE status = 'planned' AND "dueAt" <= ${now}
            ORDER BY "dueAt"
            LIMIT ${limit}
            FOR UPDATE SKIP LOCKED
          )
          SELECT c.id, c."roundId", c.stage, c."memberId", c."libraryId", c."dueAt",
                 r.template, r."periodLabel", r."dueAt" AS "roundDueAt", r."closedAt" AS "roundClosedAt",
                 r."communityId", r.audience::text AS audience, r."committeeId",
                 m.language AS "memberLanguage", m."timeZone" AS "memberTimeZone", m.calendar AS "memberCalendar",
                 co.language AS "communityLanguage", co."timeZone" AS "communityTimeZone",
                 co.calendar AS "communityCalendar", co."quietStartMinute", co."quietEndMinute", co."holidayCountry",
                 l.name AS "libraryName", pc.platform AS "privatePlatform", pc."privateChatId",
                 EXISTS (
                   SELECT 1 FROM "RoundSubmission" s
                   WHERE s."roundId" = c."roundId"
                     AND (s."libraryId" = c."libraryId" OR (c."libraryId" IS NULL AND s."subjectId" = c."memberId"))
                 ) AS submitted
          FROM due
          JOIN "RoundReminder" c ON c.id = due.id
          JOIN "ReportRound" r ON r.id = c."roundId"
          JOIN "Community" co ON co.id = r."communityId"
          JOIN "Member" m ON m.id = c."memberId"
          LEFT JOIN "Library" l ON l.id = c."libraryId"
          LEFT JOIN LATERAL (
            SELECT i.platform, i."privateChatId" FROM "Identity" i
            LEFT JOIN "Chat" ch ON ch.platform = i.platform AND ch."externalId" = i."privateChatId"
            WHERE i."memberId" = c."memberId" AND i."privateChatId" IS NOT NULL AND ch."unreachableAt" IS NULL
            ORDER BY i.id LIMIT 1
          ) pc ON true
          ORDER BY c."dueAt", c.id`;
        if (rows.length === 0) return { claimed: 0, sent: 0 };
        const { outcomes, extra } = await decide(rows, tx);
        const sent = outcomes.filter((o): o is Extract<ChaseOutcome, { status: 'sent' }> => o.status === 'sent');
        const outboxIds = await insertOutboxRows(tx, [...sent.map((o) => o.message), ...extra]);
        const handled = outcomes.filter((o) => o.status !== 'deferred');
        const outboxOf = new Map(sent.map((o, i) => [o.id, outboxIds[i]!]));
        if (handled.length > 0) {
          await tx.$executeRaw`
            UPDATE "RoundReminder" AS c
            SET status = v.status::"ReminderStatus", "handledAt" = ${now}, "outboxId" = v.outbox
            FROM unnest(${handled.map((o) => o.id)}::int[], ${handled.map((o) => o.status)}::text[],
                        ${handled.map((o) => outboxOf.get(o.id) ?? null)}::int[]) AS v(id, status, outbox)
            WHERE c.id = v.id`;
        }
        const deferred = outcomes.filter(
          (o): o is Extract<ChaseOutcome, { status: 'deferred' }> => o.status === 'deferred',
        );
        if (deferred.length > 0) {
          await tx.$executeRaw`
            UPDATE "RoundReminder" AS c SET "dueAt" = v.due
            FROM unnest(${deferred.map((o) => o.id)}::int[], ${deferred.map((o) => o.dueAt)}::timestamptz[]) AS v(id, due)
            WHERE c.id = v.id`;
        }
        return { claimed: rows.length, sent: sent.length };
      },
      { timeout: 60_000 },
    );
  }

  /** When the next planned chase is due (an index lookup): the chaser wakes up for it. */
  async nextDueAt(): Promise<Date | null> {
    const row = await this.db.roundReminder.findFirst({
      where: { status: 'planned' },
      orderBy: { dueAt: 'asc' },
      select: { dueAt: true },
    });
    return row?.dueAt ?? null;
  }

  /** The names still missing from each round (libraries, or members about people), for the chair's list. */
  async missingNames(
    tx: DbTransaction,
    rounds: ReadonlyArray<{ roundId: number; communityId: number; audience: string; committeeId: number | null }>,
  ): Promise<Map<number, string[]>> {
    const missing = new Map<number, string[]>();
    for (const round of rounds) {
      if (missing.has(round.roundId)) continue;
      const names =
        round.audience === 'members'
          ? await tx.$queryRaw<Array<{ name: string }>>`
              SELECT m."displayName" AS name FROM "Membership" ms JOIN "Member" m ON m.id = ms."memberId"
              WHERE ms."communityId" = ${round.communityId}
                AND NOT EXISTS (SELECT 1 FROM "RoundSubmission" s WHERE s."roundId" = ${round.roundId} AND s."subjectId" = m.id)
              ORDER BY m."displayName"`
          : await tx.$queryRaw<Array<{ name: string }>>`
              SELECT l.name FROM "Library" l
              WHERE l."communityId" = ${round.communityId}
                AND (${round.audience} <> 'committee' OR l."committeeId" = ${round.committeeId})
                AND NOT EXISTS (SELECT 1 FROM "RoundSubmission" s WHERE s."roundId" = ${round.roundId} AND s."libraryId" = l.id)
              ORDER BY l.name`;
      missing.set(
        round.roundId,
        names.map((n) => n.name),
      );
    }
    return missing;
  }
}
