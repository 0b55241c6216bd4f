import type { Db } from '../../db/prisma-client.ts';
import { insertOutboxRows, type OutboxRow } from '../../db/stores/outbox-rows.ts';
import type { InterviewRow } from './interview-repository.ts';

/** A due silence reminder with what it takes to decide and render it, read (and locked) in one query. */
export interface DueReminderRow {
  id: number;
  interviewId: number;
  stage: string;
  memberId: number;
  dueAt: Date;
  interview: Omit<InterviewRow, 'interviewer'>;
  memberLanguage: string | null;
  memberTimeZone: string | null;
  memberCalendar: string | null;
  communityLanguage: string;
  communityTimeZone: string;
  communityCalendar: string;
  quietStartMinute: number;
  quietEndMinute: number;
  holidayCountry: string | null;
  privatePlatform: string | null;
  privateChatId: string | null;
}

/** What became of a claimed row: handed over (with its message), or not sent and why, or moved later. */
export type ReminderOutcome =
  | { id: number; status: 'sent'; message: OutboxRow }
  | { id: number; status: 'skipped' | 'missed' | 'cancelled' }
  | { id: number; status: 'deferred'; dueAt: Date };

export class InterviewReminderRepository {
  constructor(private readonly db: Db) {}

  /**
   * Claims up to `limit` due silence reminders and hands them to the outbox in ONE transaction, as
   * round chases are (RoundChaseRepository.handDue): rows locked with SKIP LOCKED, decided, the
   * messages inserted with insertOutboxRows and the rows marked, then one commit. A crash before it
   * leaves them planned; after it they are in the outbox, which sends each once.
   */
  async handDue(
    now: Date,
    limit: number,
    decide: (rows: DueReminderRow[]) => Promise<ReminderOutcome[]>,
  ): Promise<{ claimed: number; sent: number }> {
    return this.db.$transaction(
      async (tx) => {
        const raw = await tx.$queryRaw<Array<Omit<DueReminderRow, 'interview'> & Record<string, unknown>>>`
          WITH due AS (
            SELECT id FROM "InterviewReminder"
            WHERE status = 'planned' AND "dueAt" <= ${now}
            ORDER BY "dueAt"
            LIMIT ${limit}
            FOR UPDATE SKIP LOCKED
          )
          SELECT r.id, r."interviewId", r.stage, r."memberId", r."dueAt",
                 i."communityId", i."templateName", i.template, i.language, i.mode::text AS mode,
                 i."interviewerId", i."veteranId", i."veteranName", i."currentKey", i.answers,
                 i.status::text AS status, i.consent::text AS consent, i."consentBy", i."consentAt",
                 i."startedAt", i."lastAnsweredAt", i."finishedAt", i."withdrawnAt",
                 m.language AS "memberLanguage", m."timeZone" AS "memberTimeZone", m.calendar AS "memberCalendar",
                 co.language AS "communityLanguage", co."timeZone" AS "communityTimeZone",
                 co.calendar AS "communityCalendar", co."quietStartMinute", co."quietEndMinute", co."holidayCountry",
                 pc.platform AS "privatePlatform", pc."privateChatId"
          FROM due
          JOIN "InterviewReminder" r ON r.id = due.id
          JOIN "Interview" i ON i.id = r."interviewId"
          JOIN "Community" co ON co.id = i."communityId"
          JOIN "Member" m ON m.id = r."memberId"
          LEFT JOIN LATERAL (
            SELECT idn.platform, idn."privateChatId" FROM "Identity" idn
            LEFT JOIN "Chat" ch ON ch.platform = idn.platform AND ch."externalId" = idn."privateChatId"
            WHERE idn."memberId" = r."memberId" AND idn."privateChatId" IS NOT NULL AND ch."unreachableAt" IS NULL
            ORDER BY idn.id LIMIT 1
          ) pc ON true
          ORDER BY r."dueAt", r.id`;
        if (raw.length === 0) return { claimed: 0, sent: 0 };
        const outcomes = await decide(raw.map(toDueRow));
        const sent = outcomes.filter((o): o is Extract<ReminderOutcome, { status: 'sent' }> => o.status === 'sent');
        const outboxIds = await insertOutboxRows(
          tx,
          sent.map((o) => o.message),
        );
        const outboxOf = new Map(sent.map((o, i) => [o.id, outboxIds[i]!]));
        const handled = outcomes.filter((o) => o.status !== 'deferred');
        if (handled.length > 0) {
          await tx.$executeRaw`
            UPDATE "InterviewReminder" AS r
            SET status = v.status::"ReminderStatus", "handledAt" = ${now}, "outboxId" = v.outbox
            FROM unnest(${handled.map((o) => o.id)}::int[], ${handled.map((o) => o.status)}::text[],
                        ${handled.map((o) => outboxOf.get(o.id) ?? null)}::int[]) AS v(id, status, outbox)
            WHERE r.id = v.id`;
        }
        const deferred = outcomes.filter(
          (o): o is Extract<ReminderOutcome, { status: 'deferred' }> => o.status === 'deferred',
        );
        if (deferred.length > 0) {
          await tx.$executeRaw`
            UPDATE "InterviewReminder" AS r SET "dueAt" = v.due
            FROM unnest(${deferred.map((o) => o.id)}::int[], ${deferred.map((o) => o.dueAt)}::timestamptz[]) AS v(id, due)
            WHERE r.id = v.id`;
        }
        return { claimed: raw.length, sent: sent.length };
      },
      { timeout: 60_000 },
    );
  }

  /** When the next planned reminder is due (an index lookup): the ticker wakes up for it. */
  async nextDueAt(): Promise<Date | null> {
    const row = await this.db.interviewReminder.findFirst({
      where: { status: 'planned' },
      orderBy: { dueAt: 'asc' },
      select: { dueAt: true },
    });
    return row?.dueAt ?? null;
  }
}

function toDueRow(raw: Record<string, unknown>): DueReminderRow {
  const row = raw as unknown as DueReminderRow & Omit<InterviewRow, 'interviewer'>;
  return {
    id: row.id,
    interviewId: row.interviewId,
    stage: row.stage,
    memberId: row.memberId,
    dueAt: row.dueAt,
    interview: {
      id: row.interviewId,
      communityId: row.communityId,
      templateName: row.templateName,
      template: row.template,
      language: row.language,
      mode: row.mode,
      interviewerId: row.interviewerId,
      veteranId: row.veteranId,
      veteranName: row.veteranName,
      currentKey: row.currentKey,
      answers: row.answers,
      status: row.status,
      consent: row.consent,
      consentBy: row.consentBy,
      consentAt: row.consentAt,
      startedAt: row.startedAt,
      lastAnsweredAt: row.lastAnsweredAt,
      finishedAt: row.finishedAt,
      withdrawnAt: row.withdrawnAt,
    },
    memberLanguage: row.memberLanguage,
    memberTimeZone: row.memberTimeZone,
    memberCalendar: row.memberCalendar,
    communityLanguage: row.communityLanguage,
    communityTimeZone: row.communityTimeZone,
    communityCalendar: row.communityCalendar,
    quietStartMinute: row.quietStartMinute,
    quietEndMinute: row.quietEndMinute,
    holidayCountry: row.holidayCountry,
    privatePlatform: row.privatePlatform,
    privateChatId: row.privateChatId,
  };
}
