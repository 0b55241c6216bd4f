import type { Db } from '../../db/prisma-client.ts';
import type { Prisma } from '../../db/generated/client.ts';
import { distinctPayloads, insertOutboxRows, type OutboxRow } from '../../db/stores/outbox-rows.ts';
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
      // The locked rows' own columns come with the lock: joining "Reminder" again by id cost a second
      // index probe (or a scan of the whole table) per batch.
      const due = await tx.$queryRaw<DueRow[]>`
        WITH r AS (
          SELECT id, kind, "offsetMinutes", "targetPlatform", "targetChatId", "memberId", "dueAt", "occurrenceId"
          FROM "Reminder"
          WHERE status = 'planned' AND "dueAt" <= ${now}
          ORDER BY "dueAt"
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED
        )
        SELECT r.id, r.kind::text AS kind, r."offsetMinutes", r."targetPlatform", r."targetChatId", r."memberId",
               r."dueAt", r."occurrenceId",
               mb.language AS "memberLanguage", mb."timeZone" AS "memberTimeZone", mb.calendar AS "memberCalendar",
               rv.answer::text AS rsvp
        FROM r
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
      const rows = due.map((r) => dueReminderRow(r, byOccurrence.get(r.occurrenceId)!));

      const handoff = decide(rows);
      const outboxIds = await handOver(tx, now, handoff.results);
      if (handoff.extra.length > 0) outboxIds.push(...(await insertOutboxRows(tx, handoff.extra)));
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

/**
 * The handoff's writes in one statement: each sent reminder's outbox row is inserted with an id from
 * the sequence, and every claimed reminder is marked with its status and that id. One round trip, and
 * a message rendered once for many chats is sent to the server once (see distinctPayloads).
 */
async function handOver(tx: Prisma.TransactionClient, now: Date, results: Handoff['results']): Promise<number[]> {
  const { payloads, payloadIndex } = distinctPayloads(results.map((r) => r.message?.message));
  const rows = await tx.$queryRaw<Array<{ outbox: number }>>`
    WITH v AS MATERIALIZED (
      SELECT v.id, v.status, v.platform, v.chat, v.p, v.n,
             CASE WHEN v.p IS NOT NULL THEN nextval(pg_get_serial_sequence('"OutboxMessage"', 'id'))::int END AS outbox
      FROM unnest(${results.map((r) => r.id)}::int[], ${results.map((r) => r.status)}::text[],
                  ${results.map((r) => r.message?.platform ?? null)}::text[],
                  ${results.map((r) => r.message?.chatId ?? null)}::text[], ${payloadIndex}::int[])
           WITH ORDINALITY AS v(id, status, platform, chat, p, n)
    ), p AS MATERIALIZED (
      SELECT p.n, p.payload::jsonb AS payload FROM unnest(${payloads}::text[]) WITH ORDINALITY AS p(payload, n)
    ), inserted AS (
      INSERT INTO "OutboxMessage" (id, platform, "chatId", payload)
      SELECT v.outbox, v.platform, v.chat, p.payload FROM v JOIN p ON p.n = v.p
    ), marked AS (
      UPDATE "Reminder" AS r
      SET status = v.status::"ReminderStatus", "handledAt" = ${now}, "outboxId" = v.outbox
      FROM v WHERE r.id = v.id
    )
    SELECT outbox FROM v WHERE outbox IS NOT NULL ORDER BY n`;
  return rows.map((row) => row.outbox);
}

/**
 * One claimed reminder with what it shares with its occurrence, written out field by field: a spread
 * of these 34 fields makes a slow dictionary-mode object, and building 10,000 of them that way took
 * ~45 ms of the handoff's CPU (bench/reminders.ts, --cpu-prof).
 */
function dueReminderRow(r: DueRow, o: OccurrenceRow): DueReminderRow {
  return {
    id: r.id,
    kind: r.kind,
    offsetMinutes: r.offsetMinutes,
    targetPlatform: r.targetPlatform,
    targetChatId: r.targetChatId,
    memberId: r.memberId,
    dueAt: r.dueAt,
    occurrenceId: r.occurrenceId,
    startsAt: o.startsAt,
    endsAt: o.endsAt,
    occurrenceCancelledAt: o.occurrenceCancelledAt,
    meetingId: o.meetingId,
    title: o.title,
    link: o.link,
    place: o.place,
    agenda: o.agenda,
    meetingZone: o.meetingZone,
    meetingCancelledAt: o.meetingCancelledAt,
    communityLanguage: o.communityLanguage,
    communityTimeZone: o.communityTimeZone,
    communityCalendar: o.communityCalendar,
    memberLanguage: r.memberLanguage,
    memberTimeZone: r.memberTimeZone,
    memberCalendar: r.memberCalendar,
    rsvp: r.rsvp,
    chairId: o.chairId,
    chairLanguage: o.chairLanguage,
    chairTimeZone: o.chairTimeZone,
    chairCalendar: o.chairCalendar,
    chairPlatform: o.chairPlatform,
    chairPrivateChatId: o.chairPrivateChatId,
    chatPlatform: o.chatPlatform,
    chatExternalId: o.chatExternalId,
    chatKind: o.chatKind,
  };
}
