import type { Db } from '../../db/prisma-client.ts';
import { insertOutboxRows, type OutboxRow } from '../../db/stores/outbox-rows.ts';
import type { ActionStatus, OwnerState } from './action-repository.ts';

/** A due chasing message of an action, with what it takes to decide and render it, read (and locked) in one query. */
export interface DueActionChase {
  id: number;
  actionId: number;
  stage: string;
  memberId: number;
  dueAt: Date;
  text: string;
  actionDueAt: Date | null;
  status: ActionStatus;
  meetingId: number | null;
  meetingTitle: string | null;
  /** Null when the member is no longer an owner. */
  ownerState: OwnerState | null;
  /** The owner's settings, or the community's. */
  language: string;
  calendar: string;
  timeZone: string;
  privatePlatform: string | null;
  privateChatId: string | null;
}

/** What became of a claimed row: handed over with its message, or not sent and why. */
export type ActionChaseOutcome =
  { id: number; status: 'sent'; message: OutboxRow } | { id: number; status: 'skipped' | 'missed' | 'cancelled' };

/** A chasing row to plan in the same transaction (the next overdue reminder). */
export interface PlannedRow {
  actionId: number;
  stage: string;
  memberId: number;
  dueAt: Date;
}

export class ActionChaseRepository {
  constructor(private readonly db: Db) {}

  /**
   * Claims up to `limit` due chasing rows and hands them to the outbox in ONE transaction, as report
   * rounds and meeting reminders do: rows locked with SKIP LOCKED (another instance takes others),
   * decided, their messages inserted with insertOutboxRows, the rows marked and the next overdue rows
   * planned, then one commit. A crash before it leaves them planned; after it they are in the outbox,
   * which sends each once, and the next reminder exists exactly when this one went.
   */
  async handDue(
    now: Date,
    limit: number,
    decide: (rows: DueActionChase[]) => { outcomes: ActionChaseOutcome[]; next: PlannedRow[] },
  ): Promise<{ claimed: number; sent: number; planned: number }> {
    return this.db.$transaction(
      async (tx) => {
        const rows = await tx.$queryRaw<DueActionChase[]>`
          WITH due AS (
            SELECT id FROM "ActionReminder"
            WHERE status = 'planned' AND "dueAt" <= ${now}
            ORDER BY "dueAt"
            LIMIT ${limit}
            FOR UPDATE SKIP LOCKED
          )
          SELECT c.id, c."actionId", c.stage, c."memberId", c."dueAt",
                 a.text, a."dueAt" AS "actionDueAt", a.status::text AS status, a."meetingId", mt.title AS "meetingTitle",
                 o.state::text AS "ownerState",
                 COALESCE(m.language, co.language) AS language, COALESCE(m.calendar, co.calendar) AS calendar,
                 COALESCE(m."timeZone", co."timeZone") AS "timeZone",
                 pc.platform AS "privatePlatform", pc."privateChatId"
          FROM due
          JOIN "ActionReminder" c ON c.id = due.id
          JOIN "ActionItem" a ON a.id = c."actionId"
          JOIN "Community" co ON co.id = a."communityId"
          JOIN "Member" m ON m.id = c."memberId"
          LEFT JOIN "Meeting" mt ON mt.id = a."meetingId"
          LEFT JOIN "ActionOwner" o ON o."actionId" = c."actionId" AND o."memberId" = c."memberId"
          LEFT JOIN LATERAL (
            SELECT i.platform, i."privateChatId" FROM "Identity" i
            LEFT JOIN "Chat" ch ON ch.platform = i.platform AND ch."externalId" = i."privateChatId"
            WHERE i."memberId" = c."memberId" AND i."privateChatId" IS NOT NULL AND ch."unreachableAt" IS NULL
            ORDER BY i.id LIMIT 1
          ) pc ON true
          ORDER BY c."dueAt", c.id`;
        if (rows.length === 0) return { claimed: 0, sent: 0, planned: 0 };
        const { outcomes, next } = decide(rows);
        const sent = outcomes.filter((o): o is Extract<ActionChaseOutcome, { status: 'sent' }> => o.status === 'sent');
        const outboxIds = await insertOutboxRows(
          tx,
          sent.map((o) => o.message),
        );
        const outboxOf = new Map(sent.map((o, i) => [o.id, outboxIds[i]!]));
        await tx.$executeRaw`
          UPDATE "ActionReminder" AS c
          SET status = v.status::"ReminderStatus", "handledAt" = ${now}, "outboxId" = v.outbox
          FROM unnest(${outcomes.map((o) => o.id)}::int[], ${outcomes.map((o) => o.status)}::text[],
                      ${outcomes.map((o) => outboxOf.get(o.id) ?? null)}::int[]) AS v(id, status, outbox)
          WHERE c.id = v.id`;
        // (action, stage, member) is unique: a row planned twice (never, while this one is locked) stays one.
        const planned =
          next.length === 0
            ? 0
            : await tx.$executeRaw`
                INSERT INTO "ActionReminder" ("actionId", stage, "memberId", "dueAt")
                SELECT * FROM unnest(${next.map((n) => n.actionId)}::int[], ${next.map((n) => n.stage)}::text[],
                                     ${next.map((n) => n.memberId)}::int[], ${next.map((n) => n.dueAt)}::timestamptz[])
                ON CONFLICT ("actionId", stage, "memberId") DO NOTHING`;
        return { claimed: rows.length, sent: sent.length, planned };
      },
      { timeout: 60_000 },
    );
  }

  /** When the next planned chase is due (an index lookup): the chaser wakes up for it. */
  async nextDueAt(): Promise<Date | null> {
    const row = await this.db.actionReminder.findFirst({
      where: { status: 'planned' },
      orderBy: { dueAt: 'asc' },
      select: { dueAt: true },
    });
    return row?.dueAt ?? null;
  }
}
