import type { Db } from '../../db/prisma-client.ts';
import { insertOutboxRows, type OutboxRow } from '../../db/stores/outbox-rows.ts';
import type { RsvpAnswer } from './meeting-types.ts';

export type ReminderKind = 'reminder' | 'cancelOne' | 'cancelSeries';
export type HandledStatus = 'sent' | 'late' | 'missed' | 'skipped' | 'cancelled';

/** A due reminder with everything needed to render it, read (and locked) in one query. */
export interface DueReminderRow {
  id: number;
  kind: ReminderKind;
  offsetMinutes: number;
  targetPlatform: string;
  targetChatId: string;
  memberId: number | null;
  dueAt: Date;
  occurrenceId: number;
  startsAt: Date;
  endsAt: Date;
  occurrenceCancelledAt: Date | null;
  meetingId: number;
  title: string;
  link: string | null;
  place: string | null;
  agenda: string | null;
  meetingZone: string;
  meetingCancelledAt: Date | null;
  communityLanguage: string;
  communityTimeZone: string;
  communityCalendar: string;
  memberLanguage: string | null;
  memberTimeZone: string | null;
  memberCalendar: string | null;
  rsvp: RsvpAnswer | null;
  chairId: number | null;
  chairLanguage: string | null;
  chairTimeZone: string | null;
  chairCalendar: string | null;
  chairPlatform: string | null;
  chairPrivateChatId: string | null;
  chatPlatform: string | null;
  chatExternalId: string | null;
  chatKind: string | null;
}

type DueRow = Pick<
  DueReminderRow,
  | 'id'
  | 'kind'
  | 'offsetMinutes'
  | 'targetPlatform'
  | 'targetChatId'
  | 'memberId'
  | 'dueAt'
  | 'occurrenceId'
  | 'memberLanguage'
  | 'memberTimeZone'
  | 'memberCalendar'
  | 'rsvp'
>;
type OccurrenceRow = Omit<DueReminderRow, Exclude<keyof DueRow, 'occurrenceId'>>;

export type { OutboxRow };

/** What became of each claimed reminder, and any further messages (the chair's missed summaries). */
export interface Handoff {
  results: Array<{ id: number; status: HandledStatus; message?: OutboxRow }>;
  extra: OutboxRow[];
}

export class ReminderRepository {
  constructor(private readonly db: Db) {}

  /**
   * Claims up to `limit` due reminders and hands them to the outbox in ONE transaction: the rows are
   * locked with SKIP LOCKED (another instance takes other rows, never the same), `decide` renders them,
   * the outbox rows are inserted and the reminders marked, then it commits. A crash before the commit
   * leaves them planned; after it, they are in the outbox, which sends each once.
   */
  async handDue<H extends Handoff>(
    now: Date,
    limit: number,
    decide: (rows: DueReminderRow[]) => H,
  ): Promise<{ claimed: number; outboxIds: number[]; results: H['results'] }> {
    return this.db.$transaction(async (tx) => {
      // The due rows first, straight off the (status, dueAt) index and locked (SKIP LOCKED: another
      // instance takes others), with what differs per row; then what they share, once per occurrence.
      const due = await tx.$queryRaw<DueRow[]>`
        WITH due AS (
          SELECT id FROM "Reminder"
          WHERE status = 'planned' AND "dueAt" <= ${now}
          ORDER BY "dueAt"
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED
        )
        SELECT r.id, r.kind::text AS kind, r."offsetMinutes", r."targetPlatform", r."targetChatId", r."memberId",
               r."dueAt", r."occurrenceId",
               mb.language AS "memberLanguage", mb."timeZone" AS "memberTimeZone", mb.calendar AS "memberCalendar",
               rv.answer::text AS rsvp
        FROM due
        JOIN "Reminder" r ON r.id = due.id
        LEFT JOIN "Member" mb ON mb.id = r."memberId"
        LEFT JOIN "Rsvp" rv ON rv."occurrenceId" = r."occurrenceId" AND rv."memberId" = r."memberId"
        ORDER BY r."dueAt", r.id`;
      if (due.length === 0) return { claimed: 0, outboxIds: [], results: [] };
      const occurrenceIds = [...new Set(due.map((r) => r.occurrenceId))];
      const shared = await tx.$queryRaw<OccurrenceRow[]>`
        SELECT o.id AS "occurrenceId", o."startsAt", o."endsAt", o."cancelledAt" AS "occurrenceCancelledAt",
               m.id AS "meetingId", m.title, m.link, m.place, m.agenda, m."timeZone" AS "meetingZone",
               m."cancelledAt" AS "meetingCancelledAt",
               co.language AS "communityLanguage", co."timeZone" AS "communityTimeZone",
               co.calendar AS "communityCalendar",
               m."chairId", ch.language AS "chairLanguage", ch."timeZone" AS "chairTimeZone",
               ch.calendar AS "chairCalendar", ci.platform AS "chairPlatform", ci."privateChatId" AS "chairPrivateChatId",
               c.platform AS "chatPlatform", c."externalId" AS "chatExternalId", c.kind::text AS "chatKind"
        FROM "MeetingOccurrence" o
        JOIN "Meeting" m ON m.id = o."meetingId"
        JOIN "Community" co ON co.id = m."communityId"
        LEFT JOIN "Member" ch ON ch.id = m."chairId"
        LEFT JOIN LATERAL (
          SELECT i.platform, i."privateChatId" FROM "Identity" i
          WHERE i."memberId" = m."chairId" AND i."privateChatId" IS NOT NULL ORDER BY i.id LIMIT 1
        ) ci ON true
        LEFT JOIN "Chat" c ON c.id = m."chatId"
        WHERE o.id = ANY(${occurrenceIds}::int[])`;
      const byOccurrence = new Map(shared.map((o) => [o.occurrenceId, o]));
      const rows: DueReminderRow[] = due.map((r) => ({ ...byOccurrence.get(r.occurrenceId)!, ...r }));

      const handoff = decide(rows);
      const messages: OutboxRow[] = [];
      const messageIndex: Array<number | null> = handoff.results.map((r) => {
        if (!r.message) return null;
        messages.push(r.message);
        return messages.length - 1;
      });
      messages.push(...handoff.extra);

      const outboxIds = await insertOutboxRows(tx, messages);
      const ids = handoff.results.map((r) => r.id);
      const statuses = handoff.results.map((r) => r.status);
      const outboxOf = messageIndex.map((i) => (i === null ? null : outboxIds[i]!));
      await tx.$executeRaw`
        UPDATE "Reminder" AS r
        SET status = v.status::"ReminderStatus", "handledAt" = ${now}, "outboxId" = v.outbox
        FROM unnest(${ids}::int[], ${statuses}::text[], ${outboxOf}::int[]) AS v(id, status, outbox)
        WHERE r.id = v.id`;
      return { claimed: rows.length, outboxIds, results: handoff.results };
    });
  }

  /** When the next planned reminder is due (an index lookup): the dispatcher wakes up for it. */
  async nextDueAt(): Promise<Date | null> {
    const row = await this.db.reminder.findFirst({
      where: { status: 'planned' },
      orderBy: { dueAt: 'asc' },
      select: { dueAt: true },
    });
    return row?.dueAt ?? null;
  }

  /**
   * Stores an answer. "No" skips the member's pending private reminders of that occurrence; a later
   * "yes" or "maybe" brings back those still to come.
   */
  answer(occurrenceId: number, memberId: number, answer: RsvpAnswer, now: Date): Promise<void> {
    return this.db.$transaction(async (tx) => {
      await tx.rsvp.upsert({
        where: { occurrenceId_memberId: { occurrenceId, memberId } },
        create: { occurrenceId, memberId, answer, answeredAt: now },
        update: { answer, answeredAt: now },
      });
      if (answer === 'no') {
        await tx.reminder.updateMany({
          where: { occurrenceId, memberId, kind: 'reminder', status: 'planned' },
          data: { status: 'skipped', handledAt: now },
        });
      } else {
        await tx.reminder.updateMany({
          where: { occurrenceId, memberId, kind: 'reminder', status: 'skipped', dueAt: { gt: now } },
          data: { status: 'planned', handledAt: null },
        });
      }
    });
  }
}
