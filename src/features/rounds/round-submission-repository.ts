import type { Db } from '../../db/prisma-client.ts';
import type { RoundAnswers } from './round-answers.ts';

/**
 * The only code of round answering that knows Prisma: rounds as answering sees them, a member's draft,
 * a library's (or a member's) submission and its versions. Finds and writes, no rules.
 */

const roundSelect = {
  id: true,
  communityId: true,
  templateName: true,
  template: true,
  periodLabel: true,
  periodStart: true,
  periodEnd: true,
  audience: true,
  committeeId: true,
  seriesId: true,
  opensAt: true,
  dueAt: true,
  closedAt: true,
} as const;

export interface AnsweringRoundRow {
  id: number;
  communityId: number;
  templateName: string;
  template: unknown;
  periodLabel: string;
  periodStart: Date;
  periodEnd: Date;
  audience: 'libraries' | 'committee' | 'members';
  committeeId: number | null;
  seriesId: number | null;
  opensAt: Date;
  dueAt: Date;
  closedAt: Date | null;
}

export interface RespondentLibraryRow {
  id: number;
  name: string;
  committeeId: number | null;
}

export interface DraftRow {
  position: number;
  answers: unknown;
  updatedAt: Date;
}

/** Whose submission: a library's (library rounds) or a member's own (rounds about people). */
export type SubmissionOwner = { libraryId: number } | { subjectId: number };

export interface SubmissionRow {
  libraryId: number | null;
  subjectId: number | null;
  answers: unknown;
  version: number;
  firstSubmittedAt: Date;
  submittedAt: Date;
  submittedById: number | null;
}

const submissionSelect = {
  libraryId: true,
  subjectId: true,
  answers: true,
  version: true,
  firstSubmittedAt: true,
  submittedAt: true,
  submittedById: true,
} as const;

export type SubmitOutcome = { kind: 'submitted'; version: number } | { kind: 'stale' } | { kind: 'closed' };

export class RoundSubmissionRepository {
  constructor(private readonly db: Db) {}

  findRound(id: number): Promise<AnsweringRoundRow | null> {
    return this.db.reportRound.findUnique({ where: { id }, select: roundSelect });
  }

  async isMember(memberId: number, communityId: number): Promise<boolean> {
    const row = await this.db.membership.findUnique({
      where: { memberId_communityId: { memberId, communityId } },
      select: { id: true },
    });
    return row !== null;
  }

  /** The library the member answers for in this community (one per community), or null. */
  async libraryOf(memberId: number, communityId: number): Promise<RespondentLibraryRow | null> {
    const row = await this.db.libraryRespondent.findUnique({
      where: { communityId_memberId: { communityId, memberId } },
      select: { library: { select: { id: true, name: true, committeeId: true } } },
    });
    return row?.library ?? null;
  }

  findDraft(roundId: number, memberId: number): Promise<DraftRow | null> {
    return this.db.roundDraft.findUnique({
      where: { roundId_memberId: { roundId, memberId } },
      select: { position: true, answers: true, updatedAt: true },
    });
  }

  /** The member's draft, made with these answers unless one is already there (then it is kept as it is). */
  startDraft(roundId: number, memberId: number, position: number, answers: RoundAnswers): Promise<DraftRow> {
    return this.db.roundDraft.upsert({
      where: { roundId_memberId: { roundId, memberId } },
      create: { roundId, memberId, position, answers },
      update: {},
      select: { position: true, answers: true, updatedAt: true },
    });
  }

  /**
   * Writes the draft only if it is still the one the member saw (same position, not written since):
   * a double press or a press on another platform in between changes nothing. True when written.
   */
  async updateDraft(
    roundId: number,
    memberId: number,
    seen: { position: number; updatedAt: Date },
    next: { position: number; answers: RoundAnswers },
  ): Promise<boolean> {
    const { count } = await this.db.roundDraft.updateMany({
      where: { roundId, memberId, position: seen.position, updatedAt: seen.updatedAt },
      data: { position: next.position, answers: next.answers },
    });
    return count === 1;
  }

  findSubmission(roundId: number, owner: SubmissionOwner): Promise<SubmissionRow | null> {
    return this.db.roundSubmission.findFirst({ where: { roundId, ...owner }, select: submissionSelect });
  }

  submissions(roundId: number): Promise<SubmissionRow[]> {
    return this.db.roundSubmission.findMany({ where: { roundId }, select: submissionSelect, orderBy: { id: 'asc' } });
  }

  async submittedLibraryIds(roundId: number): Promise<number[]> {
    const rows = await this.db.roundSubmission.findMany({
      where: { roundId, libraryId: { not: null } },
      select: { libraryId: true },
      orderBy: { libraryId: 'asc' },
    });
    return rows.map((r) => r.libraryId!);
  }

  /**
   * The period before this round's: a round of the same series or the same template in the same
   * community that ended when (or before) this one starts, the latest.
   */
  findPreviousRound(round: AnsweringRoundRow): Promise<{ id: number; periodLabel: string } | null> {
    return this.db.reportRound.findFirst({
      where: {
        id: { not: round.id },
        communityId: round.communityId,
        periodEnd: { lte: round.periodStart },
        OR: [...(round.seriesId !== null ? [{ seriesId: round.seriesId }] : []), { templateName: round.templateName }],
      },
      orderBy: [{ periodEnd: 'desc' }, { id: 'desc' }],
      select: { id: true, periodLabel: true },
    });
  }

  /**
   * Sends the member's draft as the owner's submission, in one transaction: the round row is held (a
   * close waits, or has happened and the submit is refused), the draft is taken (a second press finds
   * none: stale), and the submission is inserted or, when the owner already has one, replaced under
   * the unique key's row lock (version + 1) — so two respondents of one library on two platforms make
   * one submission with two versions, the later one kept. Every version is kept in its own row.
   */
  submit(input: {
    roundId: number;
    owner: SubmissionOwner;
    memberId: number;
    draftSeen: { position: number; updatedAt: Date };
    answers: RoundAnswers;
    now: Date;
  }): Promise<SubmitOutcome> {
    const { roundId, owner, memberId, draftSeen, answers, now } = input;
    return this.db.$transaction(async (tx): Promise<SubmitOutcome> => {
      const [round] = await tx.$queryRaw<Array<{ closedAt: Date | null }>>`
        SELECT "closedAt" FROM "ReportRound" WHERE id = ${roundId} FOR SHARE`;
      if (!round || round.closedAt !== null) return { kind: 'closed' };
      const taken = await tx.roundDraft.deleteMany({
        where: { roundId, memberId, position: draftSeen.position, updatedAt: draftSeen.updatedAt },
      });
      if (taken.count !== 1) return { kind: 'stale' };
      const json = JSON.stringify(answers);
      const libraryId = 'libraryId' in owner ? owner.libraryId : null;
      const subjectId = 'subjectId' in owner ? owner.subjectId : null;
      const rows =
        libraryId !== null
          ? await tx.$queryRaw<Array<{ id: number; version: number }>>`
              INSERT INTO "RoundSubmission"
                ("roundId", "libraryId", "subjectId", "submittedById", answers, version, "submittedAt", "firstSubmittedAt")
              VALUES (${roundId}, ${libraryId}, NULL, ${memberId}, ${json}::jsonb, 1, ${now}, ${now})
              ON CONFLICT ("roundId", "libraryId") DO UPDATE SET
                answers = EXCLUDED.answers,
                version = "RoundSubmission".version + 1,
                "submittedAt" = EXCLUDED."submittedAt",
                "submittedById" = EXCLUDED."submittedById"
              RETURNING id, version`
          : await tx.$queryRaw<Array<{ id: number; version: number }>>`
              INSERT INTO "RoundSubmission"
                ("roundId", "libraryId", "subjectId", "submittedById", answers, version, "submittedAt", "firstSubmittedAt")
              VALUES (${roundId}, NULL, ${subjectId}, ${memberId}, ${json}::jsonb, 1, ${now}, ${now})
              ON CONFLICT ("roundId", "subjectId") DO UPDATE SET
                answers = EXCLUDED.answers,
                version = "RoundSubmission".version + 1,
                "submittedAt" = EXCLUDED."submittedAt",
                "submittedById" = EXCLUDED."submittedById"
              RETURNING id, version`;
      const saved = rows[0]!;
      await tx.roundSubmissionVersion.create({
        data: { submissionId: saved.id, version: saved.version, answers, submittedById: memberId, submittedAt: now },
      });
      return { kind: 'submitted', version: saved.version };
    });
  }
}
