import type { Db } from '../../db/prisma-client.ts';
import { claimDueClosings } from '../ballots/closing-claim-repository.ts';

/** The only code of surveys that knows Prisma: finds and writes, no rules. */

const surveySelect = {
  id: true,
  communityId: true,
  createdById: true,
  templateName: true,
  title: true,
  closesAt: true,
  closedAt: true,
  createdAt: true,
  questions: {
    select: { id: true, position: true, key: true, kind: true, text: true, options: true, scale: true },
    orderBy: { position: 'asc' },
  },
  community: { select: { id: true, name: true, language: true, timeZone: true, calendar: true } },
} as const;

export interface SurveyQuestionRow {
  id: number;
  position: number;
  key: string;
  kind: string;
  text: unknown;
  options: unknown;
  scale: unknown;
}

export interface SurveyRow {
  id: number;
  communityId: number;
  createdById: number | null;
  templateName: string;
  title: unknown;
  closesAt: Date | null;
  closedAt: Date | null;
  createdAt: Date;
  questions: SurveyQuestionRow[];
  community: { id: number; name: string; language: string; timeZone: string; calendar: string };
}

export interface NewSurvey {
  communityId: number;
  createdById: number;
  templateName: string;
  title: object;
  closesAt: Date | null;
  questions: Array<{ key: string; kind: string; text: object; options: object; scale: object | null }>;
}

export interface ResponseRow {
  id: number;
  surveyId: number;
  memberId: number | null;
  position: number;
  submittedAt: Date | null;
}

export interface AnswerValue {
  choices: number[];
  scale: number | null;
  text: string | null;
  skipped: boolean;
}

const responseSelect = { id: true, surveyId: true, memberId: true, position: true, submittedAt: true } as const;

export class SurveyRepository {
  constructor(private readonly db: Db) {}

  createSurvey(survey: NewSurvey): Promise<SurveyRow> {
    const { questions, ...data } = survey;
    return this.db.$transaction(async (tx) => {
      const { id } = await tx.shortNumber.create({ data: { kind: 'survey' }, select: { id: true } });
      const created = await tx.survey.create({
        data: {
          id,
          ...data,
          questions: {
            create: questions.map((q, position) => ({
              position,
              key: q.key,
              kind: q.kind,
              text: q.text,
              options: q.options,
              ...(q.scale ? { scale: q.scale } : {}),
            })),
          },
        },
        select: surveySelect,
      });
      await tx.auditLog.create({
        data: {
          communityId: survey.communityId,
          actorMemberId: survey.createdById,
          action: 'survey.open',
          details: { surveyId: created.id, template: survey.templateName },
        },
      });
      return created;
    });
  }

  findSurvey(id: number): Promise<SurveyRow | null> {
    return this.db.survey.findUnique({ where: { id }, select: surveySelect });
  }

  /** A community's surveys in any state, open ones first, newest first (titles are per language). */
  latest(communityId: number, take: number) {
    return this.db.survey.findMany({
      where: { communityId },
      select: { id: true, title: true, closedAt: true },
      orderBy: [{ closedAt: { sort: 'desc', nulls: 'first' } }, { id: 'desc' }],
      take,
    });
  }

  openSurveys(communityId: number) {
    return this.db.survey.findMany({
      where: { communityId, closedAt: null },
      select: { id: true, title: true },
      orderBy: { id: 'asc' },
    });
  }

  async isMember(memberId: number, communityId: number): Promise<boolean> {
    const row = await this.db.membership.findUnique({
      where: { memberId_communityId: { memberId, communityId } },
      select: { id: true },
    });
    return row !== null;
  }

  groupChats(communityId: number) {
    return this.db.chat.findMany({
      where: { communityId, kind: 'group', active: true, unreachableAt: null },
      select: { platform: true, externalId: true },
      orderBy: { id: 'asc' },
    });
  }

  /** The member's response, created at the first question when they start. */
  async startResponse(surveyId: number, memberId: number): Promise<ResponseRow> {
    return this.db.surveyResponse.upsert({
      where: { surveyId_memberId: { surveyId, memberId } },
      create: { surveyId, memberId },
      update: {},
      select: responseSelect,
    });
  }

  findResponseOf(surveyId: number, memberId: number): Promise<ResponseRow | null> {
    return this.db.surveyResponse.findUnique({
      where: { surveyId_memberId: { surveyId, memberId } },
      select: responseSelect,
    });
  }

  findResponse(id: number): Promise<ResponseRow | null> {
    return this.db.surveyResponse.findUnique({ where: { id }, select: responseSelect });
  }

  findAnswer(responseId: number, questionId: number): Promise<AnswerValue | null> {
    return this.db.surveyAnswer.findUnique({
      where: { responseId_questionId: { responseId, questionId } },
      select: { choices: true, scale: true, text: true, skipped: true },
    });
  }

  saveAnswer(responseId: number, questionId: number, value: AnswerValue, now: Date) {
    const data = { ...value, answeredAt: now };
    return this.db.surveyAnswer.upsert({
      where: { responseId_questionId: { responseId, questionId } },
      create: { responseId, questionId, ...data },
      update: data,
    });
  }

  /**
   * Moves the response from the question the member saw to another: only if it is still there and
   * not submitted, so that a double press or an old button moves nothing. True when it moved.
   */
  async move(responseId: number, from: number, to: number): Promise<boolean> {
    const { count } = await this.db.surveyResponse.updateMany({
      where: { id: responseId, position: from, submittedAt: null },
      data: { position: to },
    });
    return count === 1;
  }

  async submit(responseId: number, from: number, to: number, now: Date): Promise<boolean> {
    const { count } = await this.db.surveyResponse.updateMany({
      where: { id: responseId, position: from, submittedAt: null },
      data: { position: to, submittedAt: now },
    });
    return count === 1;
  }

  countMembers(communityId: number) {
    return this.db.membership.count({ where: { communityId } });
  }

  /** Every response with its answers and respondent: for the report and the CSV. */
  responses(surveyId: number) {
    return this.db.surveyResponse.findMany({
      where: { surveyId },
      orderBy: { id: 'asc' },
      select: {
        id: true,
        submittedAt: true,
        startedAt: true,
        member: { select: { id: true, displayName: true } },
        answers: { select: { questionId: true, choices: true, scale: true, text: true, skipped: true } },
      },
    });
  }

  async respondents(surveyId: number): Promise<Set<number>> {
    const rows = await this.db.surveyResponse.findMany({
      where: { surveyId, submittedAt: { not: null }, memberId: { not: null } },
      select: { memberId: true },
    });
    return new Set(rows.map((r) => r.memberId!));
  }

  async claimClose(surveyId: number, now: Date, leaseMs: number): Promise<boolean> {
    const { count } = await this.db.survey.updateMany({
      where: { id: surveyId, closedAt: null },
      data: { closedAt: now, announceLeaseUntil: new Date(now.getTime() + leaseMs) },
    });
    return count === 1;
  }

  /** Surveys past their deadline, closed by one instance (see closing-claims.ts). */
  claimDueClosings(now: Date, leaseMs: number, limit: number): Promise<Array<{ id: number }>> {
    return claimDueClosings(this.db, 'Survey', now, leaseMs, limit);
  }

  markAnnounced(surveyId: number, now: Date) {
    return this.db.survey.update({ where: { id: surveyId }, data: { announcedAt: now, announceLeaseUntil: null } });
  }

  audit(communityId: number, actorMemberId: number | null, action: string, details: object) {
    return this.db.auditLog.create({ data: { communityId, actorMemberId, action, details } });
  }
}
