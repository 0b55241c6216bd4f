import type { Db, DbTransaction } from '../../db/prisma-client.ts';
import type { PlannedChase } from './action-schedule.ts';

export type OwnerState = 'pending' | 'accepted' | 'done' | 'declined';
export type ActionStatus = 'open' | 'done' | 'cancelled';

/** An action as the service decides on it, its row locked for the transaction. */
export interface LockedAction {
  id: number;
  communityId: number;
  text: string;
  dueAt: Date | null;
  status: ActionStatus;
  meetingId: number | null;
  meetingTitle: string | null;
  /** Who hears of its owners' answers: its author, or else its meeting's chair; null: nobody left. */
  chairId: number | null;
}

export interface OwnerRow {
  memberId: number;
  displayName: string;
  state: OwnerState;
  reason: string | null;
}

/** Someone the bot can write to privately, with the settings their messages are written in. */
export interface PrivateReader {
  memberId: number;
  displayName: string;
  platform: string;
  chatId: string;
  language: string;
  timeZone: string;
  calendar: string;
}

/** An open action as lists show it. */
export interface ListedAction {
  id: number;
  communityId: number;
  text: string;
  dueAt: Date | null;
  meetingId: number | null;
  meetingTitle: string | null;
  owners: OwnerRow[];
}

/** An open action of one owner, with their own state of it. */
export interface OwnedAction extends ListedAction {
  state: OwnerState;
}

export interface NewAction {
  communityId: number;
  meetingId: number | null;
  entryId: number | null;
  text: string;
  dueAt: Date | null;
  ownerIds: number[];
  createdById: number | null;
}

const listedSelect = {
  id: true,
  communityId: true,
  text: true,
  dueAt: true,
  meetingId: true,
  meeting: { select: { title: true } },
  owners: {
    orderBy: { memberId: 'asc' },
    select: { memberId: true, state: true, reason: true, member: { select: { displayName: true } } },
  },
} as const;

interface SelectedListed {
  id: number;
  communityId: number;
  text: string;
  dueAt: Date | null;
  meetingId: number | null;
  meeting: { title: string } | null;
  owners: Array<{ memberId: number; state: OwnerState; reason: string | null; member: { displayName: string } }>;
}

function toListed(row: SelectedListed): ListedAction {
  return {
    id: row.id,
    communityId: row.communityId,
    text: row.text,
    dueAt: row.dueAt,
    meetingId: row.meetingId,
    meetingTitle: row.meeting?.title ?? null,
    owners: row.owners.map((o) => ({
      memberId: o.memberId,
      displayName: o.member.displayName,
      state: o.state,
      reason: o.reason,
    })),
  };
}

/** Action items, their owners and their chasing rows in the database. No rules here. */
export class ActionRepository {
  constructor(private readonly db: Db) {}

  transaction<T>(work: (tx: DbTransaction) => Promise<T>): Promise<T> {
    return this.db.$transaction(work);
  }

  /**
   * Writes the action, its owners and every owner's first chasing rows in one transaction: an action
   * never exists without its chasing, whatever stops the process. `plan` gets each owner's zone.
   */
  create(action: NewAction, plan: (timeZone: string) => PlannedChase[]): Promise<{ id: number }> {
    return this.db.$transaction(async (tx) => {
      const community = await tx.community.findUniqueOrThrow({
        where: { id: action.communityId },
        select: { timeZone: true },
      });
      const owners = await tx.member.findMany({
        where: { id: { in: action.ownerIds } },
        select: { id: true, timeZone: true },
      });
      const { id } = await tx.actionItem.create({
        data: {
          communityId: action.communityId,
          meetingId: action.meetingId,
          entryId: action.entryId,
          text: action.text,
          dueAt: action.dueAt,
          createdById: action.createdById,
        },
        select: { id: true },
      });
      await tx.actionOwner.createMany({ data: owners.map((o) => ({ actionId: id, memberId: o.id })) });
      await tx.actionReminder.createMany({
        data: owners.flatMap((o) =>
          plan(o.timeZone ?? community.timeZone).map((chase) => ({
            actionId: id,
            stage: chase.stage,
            memberId: o.id,
            dueAt: chase.at,
          })),
        ),
        skipDuplicates: true,
      });
      return { id };
    });
  }

  /** The members among these ids (an owner named by id must exist). */
  async existingMembers(ids: readonly number[]): Promise<number[]> {
    const rows = await this.db.member.findMany({ where: { id: { in: [...ids] } }, select: { id: true } });
    return rows.map((r) => r.id);
  }

  /** The action, locked until the transaction ends: answers of its owners are taken one at a time. */
  async lockAction(tx: DbTransaction, actionId: number): Promise<LockedAction | null> {
    const rows = await tx.$queryRaw<LockedAction[]>`
      SELECT a.id, a."communityId", a.text, a."dueAt", a.status::text AS status, a."meetingId",
             -- The meeting's chair hears of answers (a secretary may have recorded the action); an
             -- action outside a meeting, or whose chair is gone, tells whoever recorded it.
             m.title AS "meetingTitle", COALESCE(m."chairId", a."createdById") AS "chairId"
      FROM "ActionItem" a
      LEFT JOIN "Meeting" m ON m.id = a."meetingId"
      WHERE a.id = ${actionId}
      FOR UPDATE OF a`;
    return rows[0] ?? null;
  }

  async owners(tx: DbTransaction, actionId: number): Promise<OwnerRow[]> {
    const rows = await tx.actionOwner.findMany({
      where: { actionId },
      orderBy: { memberId: 'asc' },
      select: { memberId: true, state: true, reason: true, member: { select: { displayName: true } } },
    });
    return rows.map((o) => ({
      memberId: o.memberId,
      displayName: o.member.displayName,
      state: o.state,
      reason: o.reason,
    }));
  }

  async setOwnerState(
    tx: DbTransaction,
    actionId: number,
    memberId: number,
    state: OwnerState,
    reason: string | null,
    now: Date,
  ): Promise<void> {
    await tx.actionOwner.update({
      where: { actionId_memberId: { actionId, memberId } },
      data: { state, reason, answeredAt: now },
    });
  }

  async setStatus(tx: DbTransaction, actionId: number, status: ActionStatus, now: Date): Promise<void> {
    await tx.actionItem.update({
      where: { id: actionId },
      data: { status, doneAt: status === 'done' ? now : null },
    });
  }

  /**
   * Each member's private chat (the first identity with one that the platform has not refused) and the
   * settings their messages are written in (theirs, or the community's). A member without one is absent.
   */
  async privateReaders(
    tx: DbTransaction | Db,
    communityId: number,
    memberIds: readonly number[],
  ): Promise<PrivateReader[]> {
    if (memberIds.length === 0) return [];
    return tx.$queryRaw<PrivateReader[]>`
      SELECT m.id AS "memberId", m."displayName", pc.platform, pc."privateChatId" AS "chatId",
             COALESCE(m.language, co.language) AS language, COALESCE(m."timeZone", co."timeZone") AS "timeZone",
             COALESCE(m.calendar, co.calendar) AS calendar
      FROM "Member" m
      JOIN "Community" co ON co.id = ${communityId}
      JOIN LATERAL (
        SELECT i.platform, i."privateChatId" FROM "Identity" i
        LEFT JOIN "Chat" ch ON ch.platform = i.platform AND ch."externalId" = i."privateChatId"
        WHERE i."memberId" = m.id AND i."privateChatId" IS NOT NULL AND ch."unreachableAt" IS NULL
        ORDER BY i.id LIMIT 1
      ) pc ON true
      WHERE m.id = ANY(${[...memberIds]}::int[])`;
  }

  /** The member's open actions, where they are an owner who has neither finished nor declined. */
  async openOwnedBy(memberId: number, communityId: number | null): Promise<OwnedAction[]> {
    const rows = await this.db.actionItem.findMany({
      where: {
        status: 'open',
        ...(communityId !== null ? { communityId } : {}),
        owners: { some: { memberId, state: { in: ['pending', 'accepted'] } } },
      },
      orderBy: [{ dueAt: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }],
      select: listedSelect,
    });
    return rows.map((row) => {
      const listed = toListed(row);
      return { ...listed, state: listed.owners.find((o) => o.memberId === memberId)!.state };
    });
  }

  /** A community's open actions (of one committee's meetings), the earliest due (the overdue) first. */
  async openIn(communityId: number, committeeId: number | null, take: number): Promise<ListedAction[]> {
    const rows = await this.db.actionItem.findMany({
      where: { communityId, status: 'open', ...(committeeId !== null ? { meeting: { committeeId } } : {}) },
      orderBy: [{ dueAt: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }],
      take,
      select: listedSelect,
    });
    return rows.map(toListed);
  }

  async countOpenIn(communityId: number, committeeId: number | null): Promise<number> {
    return this.db.actionItem.count({
      where: { communityId, status: 'open', ...(committeeId !== null ? { meeting: { committeeId } } : {}) },
    });
  }
}
