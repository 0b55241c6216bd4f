import type { Db, DbTransaction } from '../../db/prisma-client.ts';
import type { LocalizedText } from '../surveys/survey-template-schema.ts';
import { roundTemplateSchema, type RoundTemplateBody } from './round-template-schema.ts';
import { readAnswers, type RoundAnswers } from './round-answers.ts';

/** The chase stage that carries the compiled report to the chair when a round closes. */
export const REPORT_STAGE = 'report';

export type RoundAudienceKind = 'libraries' | 'committee' | 'members';

/** A round as the service reads it (the template snapshot parsed). */
export interface RoundRow {
  id: number;
  communityId: number;
  createdById: number | null;
  templateName: string;
  template: RoundTemplateBody;
  periodKind: string;
  periodLabel: string;
  periodStart: Date;
  periodEnd: Date;
  audience: RoundAudienceKind;
  committeeId: number | null;
  opensAt: Date;
  dueAt: Date;
  repeatEvery: string | null;
  openDaysBefore: number;
  dueDaysAfter: number;
  seriesId: number | null;
  openedAt: Date | null;
  closedAt: Date | null;
  nextMadeAt: Date | null;
}

export type NewRound = Omit<RoundRow, 'id' | 'openedAt' | 'closedAt' | 'nextMadeAt'>;

/** Who a round asks, one row per person: a library's respondent, or in a round about people a member. */
export interface Recipient {
  memberId: number;
  libraryId: number | null;
  timeZone: string | null;
}

/** The community settings that decide when a chase may go out. */
export interface CommunityClock {
  timeZone: string;
  language: string;
  calendar: string;
  quietStartMinute: number;
  quietEndMinute: number;
  holidayCountry: string | null;
}

const roundSelect = {
  id: true,
  communityId: true,
  createdById: true,
  templateName: true,
  template: true,
  periodKind: true,
  periodLabel: true,
  periodStart: true,
  periodEnd: true,
  audience: true,
  committeeId: true,
  opensAt: true,
  dueAt: true,
  repeatEvery: true,
  openDaysBefore: true,
  dueDaysAfter: true,
  seriesId: true,
  openedAt: true,
  closedAt: true,
  nextMadeAt: true,
} as const;

type SelectedRound = Omit<RoundRow, 'template'> & { template: unknown };

function toRow(round: SelectedRound): RoundRow {
  return { ...round, template: roundTemplateSchema.parse(round.template) };
}

export function roundTitle(round: Pick<RoundRow, 'template'>): LocalizedText {
  return round.template.title;
}

export class RoundRepository {
  constructor(private readonly db: Db) {}

  /**
   * A new round with its short number. A repeating series makes each period once: a second instance
   * making the same next period meets the (seriesId, periodLabel) key and gets null.
   */
  async create(round: NewRound, actorId: number | null): Promise<RoundRow | null> {
    try {
      return await this.db.$transaction(async (tx) => {
        const { id } = await tx.shortNumber.create({ data: { kind: 'round' }, select: { id: true } });
        const created = await tx.reportRound.create({
          data: { ...round, id, template: round.template, seriesId: round.seriesId ?? id },
          select: roundSelect,
        });
        await tx.auditLog.create({
          data: {
            communityId: round.communityId,
            actorMemberId: actorId,
            action: 'round.create',
            details: { roundId: id, template: round.templateName, period: round.periodLabel },
          },
        });
        return toRow(created);
      });
    } catch (error) {
      if ((error as { code?: string }).code === 'P2002') return null;
      throw error;
    }
  }

  async find(id: number): Promise<RoundRow | null> {
    const round = await this.db.reportRound.findUnique({ where: { id }, select: roundSelect });
    return round ? toRow(round) : null;
  }

  /** A community's rounds, open ones first, then the newest, with how many have answered. */
  async list(communityId: number, take: number): Promise<Array<RoundRow & { submitted: number }>> {
    const rounds = await this.db.reportRound.findMany({
      where: { communityId },
      select: { ...roundSelect, _count: { select: { submissions: true } } },
      orderBy: [{ closedAt: { sort: 'desc', nulls: 'first' } }, { opensAt: 'desc' }, { id: 'desc' }],
      take,
    });
    return rounds.map(({ _count, ...round }) => ({ ...toRow(round), submitted: _count.submissions }));
  }

  community(communityId: number): Promise<CommunityClock> {
    return this.db.community.findUniqueOrThrow({
      where: { id: communityId },
      select: {
        timeZone: true,
        language: true,
        calendar: true,
        quietStartMinute: true,
        quietEndMinute: true,
        holidayCountry: true,
      },
    });
  }

  async memberZone(memberId: number): Promise<string | null> {
    const member = await this.db.member.findUnique({ where: { id: memberId }, select: { timeZone: true } });
    return member?.timeZone ?? null;
  }

  /** The libraries a round expects answers from (none for a round about people), by name. */
  expectedLibraries(
    round: Pick<RoundRow, 'communityId' | 'audience' | 'committeeId'>,
    db: Db | DbTransaction = this.db,
  ): Promise<Array<{ id: number; name: string; city: string | null }>> {
    if (round.audience === 'members') return Promise.resolve([]);
    return db.library.findMany({
      where: {
        communityId: round.communityId,
        ...(round.audience === 'committee' ? { committeeId: round.committeeId } : {}),
      },
      select: { id: true, name: true, city: true },
      orderBy: { name: 'asc' },
    });
  }

  /** The members a round about people expects (its subjects), by name. */
  expectedMembers(
    round: Pick<RoundRow, 'communityId'>,
    db: Db | DbTransaction = this.db,
  ): Promise<Array<{ id: number; name: string }>> {
    return db.membership
      .findMany({
        where: { communityId: round.communityId },
        select: { member: { select: { id: true, displayName: true } } },
        orderBy: { memberId: 'asc' },
      })
      .then((rows) => rows.map((r) => ({ id: r.member.id, name: r.member.displayName })));
  }

  /** Everyone a round asks now: the respondents of its libraries, or every member of a round about people. */
  async recipients(
    round: Pick<RoundRow, 'communityId' | 'audience' | 'committeeId'>,
    db: Db | DbTransaction = this.db,
  ): Promise<Recipient[]> {
    if (round.audience === 'members') {
      const members = await db.membership.findMany({
        where: { communityId: round.communityId },
        select: { member: { select: { id: true, timeZone: true } } },
        orderBy: { memberId: 'asc' },
      });
      return members.map((m) => ({ memberId: m.member.id, libraryId: null, timeZone: m.member.timeZone }));
    }
    const respondents = await db.libraryRespondent.findMany({
      where: {
        communityId: round.communityId,
        ...(round.audience === 'committee' ? { library: { committeeId: round.committeeId } } : {}),
      },
      select: { memberId: true, libraryId: true, member: { select: { timeZone: true } } },
      orderBy: [{ libraryId: 'asc' }, { memberId: 'asc' }],
    });
    return respondents.map((r) => ({ memberId: r.memberId, libraryId: r.libraryId, timeZone: r.member.timeZone }));
  }

  /** Libraries (or, about people, members) that have sent their answers, with when they first did. */
  async submitted(
    roundId: number,
  ): Promise<Array<{ libraryId: number | null; subjectId: number | null; firstSubmittedAt: Date }>> {
    return this.db.roundSubmission.findMany({
      where: { roundId },
      select: { libraryId: true, subjectId: true, firstSubmittedAt: true },
    });
  }

  /** Every submission of a round as kept (its latest version). */
  async submissions(roundId: number): Promise<SubmissionRow[]> {
    const rows = await this.db.roundSubmission.findMany({
      where: { roundId },
      select: {
        libraryId: true,
        subjectId: true,
        answers: true,
        version: true,
        firstSubmittedAt: true,
        submittedAt: true,
      },
      orderBy: { id: 'asc' },
    });
    return rows.map((row) => ({ ...row, answers: readAnswers(row.answers) }));
  }

  /** The community's group chats, where a chair publishes a report. */
  groupChats(communityId: number): Promise<Array<{ platform: string; externalId: string }>> {
    return this.db.chat.findMany({
      where: { communityId, active: true, kind: { not: 'private' }, unreachableAt: null },
      select: { platform: true, externalId: true },
      orderBy: { id: 'asc' },
    });
  }

  /**
   * Opens one due round, if any is left unclaimed: locked (SKIP LOCKED: another instance opens
   * another), `plan` gives its chasing rows, which are stored with the mark in one commit, so that a
   * round is opened, and its first messages planned, exactly once.
   */
  async openNext(
    now: Date,
    plan: (round: RoundRow, recipients: Recipient[], tx: DbTransaction) => Promise<PlannedChase[]>,
  ): Promise<{ round: RoundRow; planned: number } | null> {
    return this.db.$transaction(
      async (tx) => {
        const [due] = await tx.$queryRaw<Array<{ id: number }>>`
          SELECT id FROM "ReportRound"
          WHERE "openedAt" IS NULL AND "closedAt" IS NULL AND "opensAt" <= ${now}
          ORDER BY "opensAt", id
          LIMIT 1
          FOR UPDATE SKIP LOCKED`;
        if (!due) return null;
        const round = toRow(await tx.reportRound.findUniqueOrThrow({ where: { id: due.id }, select: roundSelect }));
        const rows = await plan(round, await this.recipients(round, tx), tx);
        const planned = await insertChases(tx, rows);
        await tx.reportRound.update({ where: { id: round.id }, data: { openedAt: now } });
        return { round: { ...round, openedAt: now }, planned };
      },
      { timeout: 60_000 },
    );
  }

  /** Chasing rows planned outside an opening (a chair's `/round remind`): each (round, stage, member) once. */
  plan(rows: readonly PlannedChase[]): Promise<number> {
    return this.db.$transaction((tx) => insertChases(tx, rows));
  }

  /** Closes a round once (null when it was already closed) and cancels what was still to chase. */
  async close(roundId: number, now: Date, actorId: number | null): Promise<RoundRow | null> {
    return this.db.$transaction(async (tx) => {
      const closed = await tx.reportRound.updateMany({
        where: { id: roundId, closedAt: null },
        data: { closedAt: now },
      });
      if (closed.count === 0) return null;
      await tx.roundReminder.updateMany({
        where: { roundId, status: 'planned' },
        data: { status: 'cancelled', handledAt: now },
      });
      const round = toRow(await tx.reportRound.findUniqueOrThrow({ where: { id: roundId }, select: roundSelect }));
      // Closed by time, the compiled report goes to the round's chair through the chaser, planned in
      // this commit: a crash after it still delivers the report, once. A chair who closes it gets it
      // in the reply.
      if (actorId === null && round.createdById !== null) {
        await insertChases(tx, [
          { roundId, stage: REPORT_STAGE, memberId: round.createdById, libraryId: null, dueAt: now },
        ]);
      }
      await tx.auditLog.create({
        data: { communityId: round.communityId, actorMemberId: actorId, action: 'round.close', details: { roundId } },
      });
      return round;
    });
  }

  /** Open rounds past their closing time (the service closes each). */
  async dueToClose(closesBefore: Date): Promise<number[]> {
    const rounds = await this.db.reportRound.findMany({
      where: { closedAt: null, openedAt: { not: null }, dueAt: { lte: closesBefore } },
      select: { id: true },
      orderBy: { dueAt: 'asc' },
      take: 50,
    });
    return rounds.map((r) => r.id);
  }

  /** Opened repeating rounds whose next period is not made yet. */
  async dueToRepeat(): Promise<RoundRow[]> {
    const rounds = await this.db.reportRound.findMany({
      where: { repeatEvery: { not: null }, openedAt: { not: null }, nextMadeAt: null },
      select: roundSelect,
      orderBy: { opensAt: 'asc' },
      take: 50,
    });
    return rounds.map(toRow);
  }

  async markNextMade(roundId: number, now: Date): Promise<void> {
    await this.db.reportRound.update({ where: { id: roundId }, data: { nextMadeAt: now } });
  }

  /** The latest round of the same series (or template) whose period ended before this one's began. */
  async previous(
    round: Pick<RoundRow, 'id' | 'communityId' | 'seriesId' | 'templateName' | 'periodStart'>,
  ): Promise<RoundRow | null> {
    const found = await this.db.reportRound.findFirst({
      where: {
        communityId: round.communityId,
        id: { not: round.id },
        periodEnd: { lte: round.periodStart },
        OR: [{ seriesId: round.seriesId ?? round.id }, { templateName: round.templateName }],
      },
      select: roundSelect,
      orderBy: [{ periodEnd: 'desc' }, { id: 'desc' }],
    });
    return found ? toRow(found) : null;
  }

  /** How many manual reminders a round has had: the next one's stage name (`now-3`). */
  async manualStages(roundId: number): Promise<number> {
    const rows = await this.db.roundReminder.findMany({
      where: { roundId, stage: { startsWith: 'now-' } },
      distinct: ['stage'],
      select: { stage: true },
    });
    return rows.length;
  }
}

export interface SubmissionRow {
  libraryId: number | null;
  subjectId: number | null;
  answers: RoundAnswers;
  version: number;
  firstSubmittedAt: Date;
  submittedAt: Date;
}

/** One chasing message to plan: see the RoundReminder model. */
export interface PlannedChase {
  roundId: number;
  stage: string;
  memberId: number;
  libraryId: number | null;
  dueAt: Date;
}

async function insertChases(tx: DbTransaction, rows: readonly PlannedChase[]): Promise<number> {
  if (rows.length === 0) return 0;
  // One statement for any number of rows (a big network's round plans thousands at once).
  return tx.$executeRaw`
    INSERT INTO "RoundReminder" ("roundId", stage, "memberId", "libraryId", "dueAt")
    SELECT * FROM unnest(${rows.map((r) => r.roundId)}::int[], ${rows.map((r) => r.stage)}::text[],
                         ${rows.map((r) => r.memberId)}::int[], ${rows.map((r) => r.libraryId)}::int[],
                         ${rows.map((r) => r.dueAt)}::timestamptz[])
    ON CONFLICT ("roundId", stage, "memberId") DO NOTHING`;
}
