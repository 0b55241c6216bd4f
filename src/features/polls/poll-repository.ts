import type { Db } from '../../db/prisma-client.ts';
import { claimDueClosings } from '../ballots/closing-claim-repository.ts';
import { BallotRepository } from './ballot-repository.ts';
import type { BallotKeys } from './ballot-key.ts';
import { BallotKeyStore } from './ballot-key-repository.ts';
import { insertOutboxRows, type OutboxRow } from '../../db/stores/outbox-rows.ts';

/**
 * Nudges written per statement. A nudge to 8,000 members is a few statements, not 8,000 commits
 * queued one by one behind each other while the sends wait on the same disk (bench/big-network.ts).
 */
const NUDGE_ROWS_PER_STATEMENT = 1_000;

/** The only code of polls that knows Prisma: finds and writes, no rules. */

const pollSelect = {
  id: true,
  communityId: true,
  createdById: true,
  question: true,
  language: true,
  multi: true,
  anonymous: true,
  hideResults: true,
  everywhere: true,
  closesAt: true,
  closedAt: true,
  createdAt: true,
  committee: { select: { id: true, name: true } },
  options: { select: { id: true, position: true, label: true }, orderBy: { position: 'asc' } },
  community: { select: { id: true, name: true, language: true, timeZone: true, calendar: true } },
} as const;

export interface PollRow {
  id: number;
  communityId: number;
  createdById: number | null;
  question: string;
  language: string;
  multi: boolean;
  anonymous: boolean;
  hideResults: boolean;
  everywhere: boolean;
  closesAt: Date | null;
  closedAt: Date | null;
  createdAt: Date;
  /** Only this committee's members vote; null: the whole community. */
  committee: { id: number; name: string } | null;
  options: Array<{ id: number; position: number; label: string }>;
  community: { id: number; name: string; language: string; timeZone: string; calendar: string };
}

export interface NewPoll {
  communityId: number;
  createdById: number;
  question: string;
  language: string;
  options: readonly string[];
  multi: boolean;
  anonymous: boolean;
  hideResults: boolean;
  everywhere: boolean;
  committeeId: number | null;
  closesAt: Date | null;
  nudgeAt: Date | null;
}

export interface PollMessageRow {
  id: number;
  pollId: number;
  platform: string;
  chatId: string;
  threadId: string | null;
  language: string;
  outboxId: number;
  shownText: string | null;
  lastEditAt: Date | null;
}

export class PollRepository {
  /** The votes themselves: what every press on a button writes. */
  readonly ballots: BallotRepository;

  constructor(private readonly db: Db) {
    this.ballots = new BallotRepository(db);
  }

  createPoll(poll: NewPoll): Promise<PollRow> {
    const { options, ...data } = poll;
    return this.db.$transaction(async (tx) => {
      const { id } = await tx.shortNumber.create({ data: { kind: 'poll' }, select: { id: true } });
      const created = await tx.poll.create({
        data: { id, ...data, options: { create: options.map((label, position) => ({ label, position })) } },
        select: pollSelect,
      });
      await tx.auditLog.create({
        data: {
          communityId: poll.communityId,
          actorMemberId: poll.createdById,
          action: 'poll.create',
          details: {
            pollId: created.id,
            everywhere: poll.everywhere,
            anonymous: poll.anonymous,
            committeeId: poll.committeeId,
          },
        },
      });
      return created;
    });
  }

  findPoll(id: number): Promise<PollRow | null> {
    return this.db.poll.findUnique({ where: { id }, select: pollSelect });
  }

  /** A community's polls whose question holds `text` (all when empty), open ones first, newest first. */
  search(communityId: number, text: string, take: number) {
    return this.db.poll.findMany({
      where: { communityId, ...(text ? { question: { contains: text, mode: 'insensitive' } } : {}) },
      select: { id: true, question: true, closedAt: true },
      orderBy: [{ closedAt: { sort: 'desc', nulls: 'first' } }, { id: 'desc' }],
      take,
    });
  }

  /** The group chats of a community that messages can go to (bound, active, not refused by the platform). */
  groupChats(communityId: number) {
    return this.db.chat.findMany({
      where: { communityId, kind: 'group', active: true, unreachableAt: null },
      select: { platform: true, externalId: true },
      orderBy: { id: 'asc' },
    });
  }

  /** Votes per option and the number of voters. */
  async counts(pollId: number): Promise<{ counts: Map<number, number>; voters: number }> {
    const rows = await this.db.$queryRaw<Array<{ optionId: number; count: number; voters: number }>>`
      SELECT "optionId", count(*)::int AS count,
             (SELECT count(DISTINCT voter) FROM "PollVote" WHERE "pollId" = ${pollId})::int AS voters
      FROM "PollVote" WHERE "pollId" = ${pollId} GROUP BY "optionId"`;
    return { counts: new Map(rows.map((r) => [r.optionId, r.count])), voters: rows[0]?.voters ?? 0 };
  }

  /** Every ballot key of a poll: who has voted (named: member ids; anonymous: keyed hashes). */
  async voters(pollId: number): Promise<Set<string>> {
    const rows = await this.db.pollVote.findMany({ where: { pollId }, select: { voter: true }, distinct: ['voter'] });
    return new Set(rows.map((r) => r.voter));
  }

  /**
   * Whom a nudge may be for: the poll's audience (the community's members, or the committee's), each
   * with the first private chat that still reaches them (null: none), as the audience repository
   * chooses it. `unvotedOnly` (a named poll, whose ballots are member ids) leaves out who has voted
   * here; an anonymous poll's voters are told apart by their keyed ballots, by the caller. Plain rows
   * from one statement: a community of 10,000 read as Prisma's nested objects, and the chats of
   * all of them looked up by a list of 10,000 ids, was the largest heap spike of a nudge
   * (bench/big-network.ts).
   */
  nudgeAudience(poll: { id: number; communityId: number; committeeId: number | null }, unvotedOnly: boolean) {
    return this.db.$queryRaw<
      Array<{ memberId: number; language: string | null; platform: string | null; chatId: string | null }>
    >`
      SELECT ms."memberId", m.language, r.platform, r."privateChatId" AS "chatId"
      FROM "Membership" ms
      JOIN "Member" m ON m.id = ms."memberId"
      LEFT JOIN LATERAL (
        SELECT i.platform, i."privateChatId" FROM "Identity" i
        WHERE i."memberId" = ms."memberId" AND i."privateChatId" IS NOT NULL
          AND NOT EXISTS (
            SELECT 1 FROM "Chat" c
            WHERE c.kind = 'private' AND c.platform = i.platform AND c."externalId" = i."privateChatId"
              AND c."unreachableAt" IS NOT NULL)
        ORDER BY i.id LIMIT 1
      ) r ON true
      WHERE ms."communityId" = ${poll.communityId}
        AND (${poll.committeeId}::int IS NULL OR EXISTS (
          SELECT 1 FROM "CommitteeMembership" cm
          WHERE cm."committeeId" = ${poll.committeeId}::int AND cm."memberId" = ms."memberId"))
        AND (NOT ${unvotedOnly}::boolean OR NOT EXISTS (
          SELECT 1 FROM "PollVote" v WHERE v."pollId" = ${poll.id} AND v.voter = ms."memberId"::text))
      ORDER BY ms."memberId"`;
  }

  /**
   * Writes the nudges to the outbox, for its passes to send. Members who share a language share one
   * message object, which `insertOutboxRows` stores once per statement.
   */
  async enqueueNudges(rows: readonly OutboxRow[]): Promise<void> {
    for (let from = 0; from < rows.length; from += NUDGE_ROWS_PER_STATEMENT) {
      const part = rows.slice(from, from + NUDGE_ROWS_PER_STATEMENT);
      await this.db.$transaction((tx) => insertOutboxRows(tx, part));
    }
  }

  /** The poll's audience: the community's members, or the committee's when it is for one. */
  countMembers(communityId: number, committeeId: number | null = null): Promise<number> {
    return this.db.membership.count({
      where: { communityId, ...(committeeId === null ? {} : { member: { committees: { some: { committeeId } } } }) },
    });
  }

  /** The name of the committee a poll is for, when it is for one (read when a press is refused for it). */
  async committeeName(pollId: number): Promise<string | null> {
    const poll = await this.db.poll.findUnique({
      where: { id: pollId },
      select: { committee: { select: { name: true } } },
    });
    return poll?.committee?.name ?? null;
  }

  /** The database settled on these ballot keys (see BallotKeyStore); every instance shares them. */
  adoptBallotKeys(keys: BallotKeys): Promise<void> {
    return new BallotKeyStore(this.db).adopt(keys);
  }

  addMessage(message: Omit<PollMessageRow, 'id' | 'lastEditAt'>) {
    return this.db.pollMessage.create({ data: message, select: { id: true } });
  }

  messages(pollId: number): Promise<PollMessageRow[]> {
    return this.db.pollMessage.findMany({ where: { pollId }, orderBy: { id: 'asc' } });
  }

  /**
   * Takes the right to edit a poll message now: granted when its last edit is older than
   * `minIntervalMs`, to one instance only (the row is the lock). Records the text being shown.
   */
  async claimEdit(messageId: number, text: string, now: Date, minIntervalMs: number): Promise<boolean> {
    const before = new Date(now.getTime() - minIntervalMs);
    const { count } = await this.db.pollMessage.updateMany({
      where: { id: messageId, OR: [{ lastEditAt: null }, { lastEditAt: { lte: before } }] },
      data: { shownText: text, lastEditAt: now },
    });
    return count === 1;
  }

  /** The final edit after close goes out whatever the interval: it is the last one. */
  recordShown(messageId: number, text: string, now: Date) {
    return this.db.pollMessage.update({ where: { id: messageId }, data: { shownText: text, lastEditAt: now } });
  }

  /** Open polls whose messages show a live tally: what the sweep brings up to date. */
  async openLivePollIds(): Promise<number[]> {
    const rows = await this.db.poll.findMany({
      where: { closedAt: null, hideResults: false, messages: { some: {} } },
      select: { id: true },
    });
    return rows.map((r) => r.id);
  }

  /** Closes one poll if it is open; true for the one caller that closed it. */
  async claimClose(pollId: number, now: Date, leaseMs: number): Promise<boolean> {
    const { count } = await this.db.poll.updateMany({
      where: { id: pollId, closedAt: null },
      data: { closedAt: now, announceLeaseUntil: new Date(now.getTime() + leaseMs) },
    });
    return count === 1;
  }

  /** Polls past their deadline, closed by one instance (see closing-claims.ts). */
  claimDueClosings(now: Date, leaseMs: number, limit: number): Promise<Array<{ id: number }>> {
    return claimDueClosings(this.db, 'Poll', now, leaseMs, limit);
  }

  markAnnounced(pollId: number, now: Date) {
    return this.db.poll.update({ where: { id: pollId }, data: { announcedAt: now, announceLeaseUntil: null } });
  }

  /**
   * After close no double vote is left to refuse: each anonymous ballot key is replaced by a hash of
   * itself with a random nonce that is thrown away, so that not even the ballot key can link a
   * ballot to a member any more. A voter's rows keep one shared label (a multiple-answer ballot stays
   * one ballot in the export).
   */
  async rekeyAnonymousBallots(pollId: number, nonce: string): Promise<void> {
    await this.db.$executeRaw`
      UPDATE "PollVote" SET voter = encode(sha256(convert_to(voter || ${nonce}, 'UTF8')), 'hex')
      WHERE "pollId" = ${pollId}`;
  }

  /** Polls whose automatic reminder is due, claimed (one instance sends it). */
  claimDueNudges(now: Date, limit: number): Promise<Array<{ id: number }>> {
    return this.db.$queryRaw<Array<{ id: number }>>`
      UPDATE "Poll" SET "nudgedAt" = ${now}
      WHERE id IN (
        SELECT id FROM "Poll"
        WHERE "nudgeAt" <= ${now} AND "nudgedAt" IS NULL AND "closedAt" IS NULL
        ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED
      )
      RETURNING id`;
  }

  /** Every ballot for the CSV: option, and for named polls who, from where and when. */
  exportRows(pollId: number) {
    return this.db.pollVote.findMany({
      where: { pollId },
      select: {
        voter: true,
        platform: true,
        votedAt: true,
        member: { select: { id: true, displayName: true } },
        option: { select: { label: true, position: true } },
      },
      orderBy: [{ votedAt: 'asc' }, { voter: 'asc' }, { slot: 'asc' }],
    });
  }

  audit(communityId: number, actorMemberId: number | null, action: string, details: object) {
    return this.db.auditLog.create({ data: { communityId, actorMemberId, action, details } });
  }
}
