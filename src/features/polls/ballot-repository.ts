import { Prisma } from '../../db/generated/client.ts';
import type { Db } from '../../db/prisma-client.ts';
import type { OptionFacts } from './option-facts.ts';

/**
 * The votes of polls: one statement per press, since every press pays for it. Finds and writes, no
 * rules (those are in poll-service.ts).
 */

export interface BallotInput {
  /** The option pressed, with what the caller believes about it (checked by the statement). */
  facts: OptionFacts;
  voter: string;
  /** Who pressed: for the membership check and their private chat, never stored on an anonymous ballot. */
  presserId: number;
  /** The platform pressed on: where their private chat is looked up. */
  platform: string;
  /** When set, the presser must be a member of the poll's community (a press in a private chat). */
  checkMembership: boolean;
  /** Named polls only: who, from where, when. */
  stored: { memberId: number; platform: string; votedAt: Date } | null;
}

export interface BallotResult {
  /**
   * `gone`: no such option in such a poll (the facts were stale or forged): nothing written.
   * `refused`: the presser is not a member of the poll's community: nothing written.
   * `closed`: the poll is closed: nothing written.
   * `outsider`: the poll is for a committee the presser is not in: nothing written.
   */
  outcome: 'gone' | 'refused' | 'closed' | 'outsider' | 'chosen' | 'added' | 'removed';
  /** The voter's options after the press, by position (multiple-answer named polls only). */
  choices: string[];
  /** The presser's private chat on the platform they pressed on: where the confirmation goes. */
  privateChatId: string | null;
}

interface BallotRow {
  open: boolean | null;
  member: boolean;
  /** In the poll's committee, or the poll is for no committee. */
  insider: boolean;
  written: number;
  removed: number;
  choices: string[] | null;
  privateChatId: string | null;
}

export class BallotRepository {
  constructor(private readonly db: Db) {}

  /** The facts of an option, when it exists (a forged or stale button names none). */
  async optionFacts(optionId: number): Promise<OptionFacts | null> {
    const rows = await this.db.$queryRaw<OptionFacts[]>`
      SELECT o.id AS "optionId", o.label, p.id AS "pollId", p."communityId", p.multi, p.anonymous,
             p."hideResults"
      FROM "PollOption" o JOIN "Poll" p ON p.id = o."pollId"
      WHERE o.id = ${optionId}`;
    return rows[0] ?? null;
  }

  /**
   * One press, in one statement: the poll row is found (with the option and every fact the caller
   * holds, so a stale belief writes nothing) and read FOR SHARE, so that a vote and the close that
   * would refuse it never interleave: closing waits for the votes in flight, and a vote after it finds
   * the poll closed. Then the membership checks (of the community, and of the poll's committee, read
   * from the poll row each time: it is not one of the remembered facts), the ballot written, the choices after the press and
   * the presser's private chat.
   *
   * Single answer: the ballot is inserted, or replaced when the voter had one. Multiple answers: the
   * option is added to the voter's choices, or removed when it was there.
   */
  async cast(ballot: BallotInput): Promise<BallotResult> {
    const row = ballot.facts.multi ? await this.toggle(ballot) : await this.choose(ballot);
    if (!row || row.open === null) return { outcome: 'gone', choices: [], privateChatId: null };
    const result = { choices: row.choices ?? [], privateChatId: row.privateChatId };
    if (!row.member) return { ...result, outcome: 'refused' };
    if (!row.open) return { ...result, outcome: 'closed' };
    if (!row.insider) return { ...result, outcome: 'outsider' };
    if (!ballot.facts.multi) return { ...result, outcome: 'chosen' };
    return { ...result, outcome: row.written > 0 ? 'added' : 'removed' };
  }

  private async choose(ballot: BallotInput): Promise<BallotRow | undefined> {
    const { facts, voter, stored } = ballot;
    const rows = await this.db.$queryRaw<BallotRow[]>`
      WITH ${pollAndMember(ballot)},
      written AS (
        INSERT INTO "PollVote" ("pollId", "optionId", voter, slot, "memberId", platform, "votedAt")
        SELECT id, ${facts.optionId}, ${voter}, 0, ${stored?.memberId ?? null}::int, ${stored?.platform ?? null}::text,
               ${stored?.votedAt ?? null}::timestamptz(3)
        FROM allowed
        ON CONFLICT ("pollId", voter, slot) DO UPDATE
          SET "optionId" = EXCLUDED."optionId", platform = EXCLUDED.platform, "votedAt" = EXCLUDED."votedAt"
        RETURNING 1
      )
      SELECT (SELECT open FROM poll) AS open, (SELECT yes FROM member) AS member,
             (SELECT yes FROM insider) AS insider,
             (SELECT count(*) FROM written)::int AS written, 0 AS removed, NULL::text[] AS choices,
             ${privateChat(ballot)} AS "privateChatId"`;
    return rows[0];
  }

  private async toggle(ballot: BallotInput): Promise<BallotRow | undefined> {
    const { facts, voter, stored } = ballot;
    // What the voter held comes from the snapshot before this statement: the rows it writes are added
    // and removed by hand. An anonymous ballot's choices are never read back.
    const choices = facts.anonymous
      ? Prisma.sql`NULL::text[]`
      : Prisma.sql`ARRAY(
          SELECT o.label FROM "PollOption" o
          WHERE o.id IN (SELECT "optionId" FROM held UNION ALL SELECT "optionId" FROM written)
            AND o.id NOT IN (SELECT "optionId" FROM removed)
          ORDER BY o.position)`;
    const rows = await this.db.$queryRaw<BallotRow[]>`
      WITH ${pollAndMember(ballot)},
      held AS (SELECT "optionId" FROM "PollVote" WHERE "pollId" = ${facts.pollId} AND voter = ${voter}),
      written AS (
        INSERT INTO "PollVote" ("pollId", "optionId", voter, slot, "memberId", platform, "votedAt")
        SELECT id, ${facts.optionId}, ${voter}, ${facts.optionId}, ${stored?.memberId ?? null}::int,
               ${stored?.platform ?? null}::text, ${stored?.votedAt ?? null}::timestamptz(3)
        FROM allowed
        ON CONFLICT ("pollId", voter, slot) DO NOTHING
        RETURNING "optionId"
      ),
      removed AS (
        DELETE FROM "PollVote"
        WHERE "pollId" = ${facts.pollId} AND voter = ${voter} AND slot = ${facts.optionId}
          AND EXISTS (SELECT 1 FROM allowed) AND NOT EXISTS (SELECT 1 FROM written)
        RETURNING "optionId"
      )
      SELECT (SELECT open FROM poll) AS open, (SELECT yes FROM member) AS member,
             (SELECT yes FROM insider) AS insider,
             (SELECT count(*) FROM written)::int AS written, (SELECT count(*) FROM removed)::int AS removed,
             ${choices} AS choices, ${privateChat(ballot)} AS "privateChatId"`;
    return rows[0];
  }
}

/**
 * The `poll`, `member`, `insider` and `allowed` parts of a press: the poll row locked FOR SHARE when
 * the option and every fact match (none otherwise), whether the presser is a member of its community
 * and of its committee (if it has one), and the poll's id when the ballot may be written. The presser's
 * own row is locked FOR SHARE too: a `/forgetme` running meanwhile (which locks it first) either sees
 * this ballot and withdraws it, or comes first and this press finds no presser and writes nothing.
 */
function pollAndMember(ballot: BallotInput): Prisma.Sql {
  const { facts, presserId, checkMembership } = ballot;
  const member = checkMembership
    ? Prisma.sql`EXISTS (SELECT 1 FROM "Membership" ms
        WHERE ms."memberId" = ${presserId} AND ms."communityId" = ${facts.communityId})`
    : Prisma.sql`true`;
  return Prisma.sql`
    poll AS (
      SELECT p.id, p."closedAt" IS NULL AS open, p."committeeId"
      FROM "Poll" p JOIN "PollOption" o ON o."pollId" = p.id
      WHERE p.id = ${facts.pollId} AND o.id = ${facts.optionId} AND o.label = ${facts.label}
        AND p."communityId" = ${facts.communityId} AND p.multi = ${facts.multi}
        AND p.anonymous = ${facts.anonymous} AND p."hideResults" = ${facts.hideResults}
      FOR SHARE OF p
    ),
    presser AS (SELECT id FROM "Member" WHERE id = ${presserId} FOR SHARE),
    member AS (SELECT EXISTS (SELECT 1 FROM presser) AND ${member} AS yes),
    insider AS (
      SELECT p."committeeId" IS NULL OR EXISTS (SELECT 1 FROM "CommitteeMembership" cm
        WHERE cm."committeeId" = p."committeeId" AND cm."memberId" = ${presserId}) AS yes
      FROM poll p
    ),
    allowed AS (SELECT id FROM poll, member, insider WHERE poll.open AND member.yes AND insider.yes)`;
}

function privateChat(ballot: BallotInput): Prisma.Sql {
  return Prisma.sql`(SELECT i."privateChatId" FROM "Identity" i
    WHERE i."memberId" = ${ballot.presserId} AND i.platform = ${ballot.platform} AND i."privateChatId" IS NOT NULL
    LIMIT 1)`;
}
