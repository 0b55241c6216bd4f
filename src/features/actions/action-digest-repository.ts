import type { Db } from '../../db/prisma-client.ts';
import type { OutboundMessage } from '../../core/event.ts';
import { insertOutboxRows } from '../../db/stores/outbox-rows.ts';
import { ActionRepository, type OwnerRow, type OwnerState, type PrivateReader } from './action-repository.ts';

/** An open action past its due time, and who answers for it. */
export interface OverdueAction {
  id: number;
  text: string;
  dueAt: Date;
  meetingId: number | null;
  meetingTitle: string | null;
  /** Its author, or else its meeting's chair; null: the community's chairs answer for it. */
  chairId: number | null;
  owners: OwnerRow[];
}

export class ActionDigestRepository {
  private readonly actions: ActionRepository;

  constructor(private readonly db: Db) {
    this.actions = new ActionRepository(db);
  }

  /** The communities with an open action past due, and their zones (where "Monday 09:00" is read). */
  communitiesWithOverdue(now: Date): Promise<Array<{ id: number; timeZone: string }>> {
    return this.db.$queryRaw<Array<{ id: number; timeZone: string }>>`
      SELECT co.id, co."timeZone" FROM "Community" co
      WHERE EXISTS (
        SELECT 1 FROM "ActionItem" a WHERE a."communityId" = co.id AND a.status = 'open' AND a."dueAt" < ${now}
      )
      ORDER BY co.id`;
  }

  /**
   * Sends this week's digest to every chair of the community who has overdue actions to hear of and has
   * not had it yet, in ONE transaction: the ActionDigest rows are inserted first (ON CONFLICT DO NOTHING:
   * another instance's row wins, and its insert waits for that one's commit), and only the chairs whose
   * row this insert made get a message, whose outbox row is written in the same commit.
   */
  sendWeek(
    communityId: number,
    week: string,
    now: Date,
    compose: (chair: PrivateReader, actions: OverdueAction[]) => OutboundMessage,
  ): Promise<number> {
    return this.db.$transaction(async (tx) => {
      const rows = await tx.actionItem.findMany({
        where: { communityId, status: 'open', dueAt: { lt: now } },
        orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
        select: {
          id: true,
          text: true,
          dueAt: true,
          createdById: true,
          meetingId: true,
          meeting: { select: { title: true, chairId: true } },
          owners: {
            orderBy: { memberId: 'asc' },
            select: { memberId: true, state: true, reason: true, member: { select: { displayName: true } } },
          },
        },
      });
      if (rows.length === 0) return 0;
      const overdue: OverdueAction[] = rows.map((row) => ({
        id: row.id,
        text: row.text,
        dueAt: row.dueAt!,
        meetingId: row.meetingId,
        meetingTitle: row.meeting?.title ?? null,
        chairId: row.createdById ?? row.meeting?.chairId ?? null,
        owners: row.owners.map((o) => ({
          memberId: o.memberId,
          displayName: o.member.displayName,
          state: o.state as OwnerState,
          reason: o.reason,
        })),
      }));
      const byChair = new Map<number, OverdueAction[]>();
      const add = (chairId: number, action: OverdueAction) =>
        byChair.set(chairId, [...(byChair.get(chairId) ?? []), action]);
      const orphans = overdue.filter((a) => a.chairId === null);
      if (orphans.length > 0) {
        const chairs = await tx.membership.findMany({
          where: { communityId, role: { in: ['chair', 'admin'] } },
          select: { memberId: true },
        });
        for (const { memberId } of chairs) for (const action of orphans) add(memberId, action);
      }
      for (const action of overdue) if (action.chairId !== null) add(action.chairId, action);

      const had = await tx.actionDigest.findMany({
        where: { communityId, week, memberId: { in: [...byChair.keys()] } },
        select: { memberId: true },
      });
      for (const { memberId } of had) byChair.delete(memberId);
      const readers = await this.actions.privateReaders(tx, communityId, [...byChair.keys()]);
      if (readers.length === 0) return 0;
      const claimed = await tx.$queryRaw<Array<{ memberId: number }>>`
        INSERT INTO "ActionDigest" ("communityId", "memberId", week, "sentAt")
        SELECT ${communityId}, m, ${week}, ${now} FROM unnest(${readers.map((r) => r.memberId)}::int[]) AS m
        ON CONFLICT ("communityId", "memberId", week) DO NOTHING
        RETURNING "memberId"`;
      const mine = new Set(claimed.map((c) => c.memberId));
      const to = readers.filter((r) => mine.has(r.memberId));
      if (to.length === 0) return 0;
      const outboxIds = await insertOutboxRows(
        tx,
        to.map((r) => ({ platform: r.platform, chatId: r.chatId, message: compose(r, byChair.get(r.memberId)!) })),
      );
      await tx.$executeRaw`
        UPDATE "ActionDigest" AS d SET "outboxId" = v.outbox
        FROM unnest(${to.map((r) => r.memberId)}::int[], ${outboxIds}::int[]) AS v(member, outbox)
        WHERE d."communityId" = ${communityId} AND d.week = ${week} AND d."memberId" = v.member`;
      return to.length;
    });
  }
}
