import type { Db } from '../../db/prisma-client.ts';
import type { OutboundTarget } from '../../core/event.ts';

/**
 * The only code of interviews that knows Prisma: interviews, the people in them, where to reach
 * someone privately, and the planning of silence reminders. Finds and writes, no rules.
 */

export type InterviewMode = 'led' | 'self';
export type InterviewStatus = 'in_progress' | 'finished' | 'withdrawn';
export type InterviewConsent = 'named' | 'anonymous' | 'members_only' | 'private';

const interviewSelect = {
  id: true,
  communityId: true,
  templateName: true,
  template: true,
  language: true,
  mode: true,
  interviewerId: true,
  veteranId: true,
  veteranName: true,
  currentKey: true,
  answers: true,
  status: true,
  consent: true,
  consentBy: true,
  consentAt: true,
  startedAt: true,
  lastAnsweredAt: true,
  finishedAt: true,
  withdrawnAt: true,
  interviewer: { select: { displayName: true } },
} as const;

export interface InterviewRow {
  id: number;
  communityId: number;
  templateName: string;
  template: unknown;
  language: string;
  mode: InterviewMode;
  interviewerId: number | null;
  veteranId: number | null;
  veteranName: string;
  currentKey: string | null;
  answers: unknown;
  status: InterviewStatus;
  consent: InterviewConsent | null;
  consentBy: string | null;
  consentAt: Date | null;
  startedAt: Date;
  lastAnsweredAt: Date;
  finishedAt: Date | null;
  withdrawnAt: Date | null;
  interviewer: { displayName: string } | null;
}

export interface NewInterview {
  communityId: number;
  templateName: string;
  template: object;
  language: string;
  mode: InterviewMode;
  interviewerId: number;
  veteranId: number | null;
  veteranName: string;
  currentKey: string | null;
  now: Date;
}

/** What may change in an interview as it goes on. */
export interface InterviewChanges {
  currentKey?: string | null;
  answers?: object;
  lastAnsweredAt?: Date;
  status?: InterviewStatus;
  consent?: InterviewConsent;
  consentBy?: string;
  consentAt?: Date;
  finishedAt?: Date;
  withdrawnAt?: Date;
}

/** How to write to someone privately, in their settings (theirs, else their community's). */
export interface Contact {
  memberId: number;
  displayName: string;
  language: string;
  timeZone: string;
  calendar: string;
  target: OutboundTarget | null;
}

export class InterviewRepository {
  constructor(private readonly db: Db) {}

  async create(data: NewInterview): Promise<InterviewRow> {
    const { now, ...fields } = data;
    return this.db.interview.create({
      data: { ...fields, answers: {}, startedAt: now, lastAnsweredAt: now },
      select: interviewSelect,
    });
  }

  find(id: number): Promise<InterviewRow | null> {
    return this.db.interview.findUnique({ where: { id }, select: interviewSelect });
  }

  /**
   * Reads the interview locked against every other change, lets `decide` say what changes, writes it,
   * and commits: two presses, or a press and a message, at once are taken one after the other. Null
   * when there is no such interview; `changes` null changes nothing.
   */
  async change<T>(
    id: number,
    decide: (row: InterviewRow) => { changes: InterviewChanges | null; result: T },
  ): Promise<{ row: InterviewRow; result: T } | null> {
    return this.db.$transaction(async (tx) => {
      const locked = await tx.$queryRaw<Array<{ id: number }>>`SELECT id FROM "Interview" WHERE id = ${id} FOR UPDATE`;
      if (locked.length === 0) return null;
      const row = await tx.interview.findUniqueOrThrow({ where: { id }, select: interviewSelect });
      const { changes, result } = decide(row);
      if (!changes) return { row, result };
      const updated = await tx.interview.update({ where: { id }, data: changes, select: interviewSelect });
      return { row: updated, result };
    });
  }

  /** In-progress interviews this member answers (led: as interviewer; self-paced: as veteran), latest first. */
  toAnswer(memberId: number, communityId: number): Promise<InterviewRow[]> {
    return this.db.interview.findMany({
      where: {
        communityId,
        status: 'in_progress',
        OR: [
          { mode: 'led', interviewerId: memberId },
          { mode: 'self', veteranId: memberId },
        ],
      },
      orderBy: [{ lastAnsweredAt: 'desc' }, { id: 'desc' }],
      select: interviewSelect,
    });
  }

  /** The interviews a member led or invited, and those they gave, in a community, newest first. */
  involving(memberId: number, communityId: number, limit: number): Promise<InterviewRow[]> {
    return this.db.interview.findMany({
      where: { communityId, OR: [{ interviewerId: memberId }, { veteranId: memberId }] },
      orderBy: { id: 'desc' },
      take: limit,
      select: interviewSelect,
    });
  }

  /** A member of the community by the name they go by, as /role finds one (at most two: ambiguous). */
  membersNamed(communityId: number, name: string): Promise<Array<{ id: number; displayName: string }>> {
    return this.db.member.findMany({
      where: { displayName: { equals: name, mode: 'insensitive' }, memberships: { some: { communityId } } },
      select: { id: true, displayName: true },
      take: 2,
    });
  }

  /** The member behind a platform account, and whether they belong to the community. */
  async memberOfAccount(
    communityId: number,
    platform: string,
    externalId: string,
  ): Promise<{ id: number; displayName: string; inCommunity: boolean } | null> {
    const identity = await this.db.identity.findUnique({
      where: { platform_externalId: { platform, externalId } },
      select: {
        member: {
          select: { id: true, displayName: true, memberships: { where: { communityId }, select: { id: true } } },
        },
      },
    });
    if (!identity) return null;
    const { id, displayName, memberships } = identity.member;
    return { id, displayName, inCommunity: memberships.length > 0 };
  }

  /**
   * A member's settings and a private chat the bot can write to, on `preferPlatform` when they have one
   * there (the platform the interview is happening on), else the first they opened.
   */
  async contact(memberId: number, communityId: number, preferPlatform?: string): Promise<Contact | null> {
    const member = await this.db.member.findUnique({
      where: { id: memberId },
      select: {
        id: true,
        displayName: true,
        language: true,
        timeZone: true,
        calendar: true,
        identities: {
          where: { privateChatId: { not: null } },
          orderBy: { id: 'asc' },
          select: { platform: true, privateChatId: true },
        },
      },
    });
    const community = await this.db.community.findUnique({
      where: { id: communityId },
      select: { language: true, timeZone: true, calendar: true },
    });
    if (!member || !community) return null;
    const unreachable = await this.db.chat.findMany({
      where: {
        kind: 'private',
        unreachableAt: { not: null },
        OR: member.identities.map((i) => ({ platform: i.platform, externalId: i.privateChatId! })),
      },
      select: { platform: true, externalId: true },
    });
    const reachable = member.identities.filter(
      (i) => !unreachable.some((u) => u.platform === i.platform && u.externalId === i.privateChatId),
    );
    const chosen = reachable.find((i) => i.platform === preferPlatform) ?? reachable[0];
    return {
      memberId: member.id,
      displayName: member.displayName,
      language: member.language ?? community.language,
      timeZone: member.timeZone ?? community.timeZone,
      calendar: member.calendar ?? community.calendar,
      target: chosen ? { platform: chosen.platform, chatId: chosen.privateChatId! } : null,
    };
  }

  /**
   * The reminder after this silence, planned once: a row per (interview, stage, member). Planned again
   * for the same silence (a story told over several messages), it moves to the new time while still
   * planned; one already handed over stays as it is, so a silence is reminded of once.
   */
  async planReminder(interviewId: number, memberId: number, stage: string, dueAt: Date): Promise<void> {
    await this.db.$executeRaw`
      INSERT INTO "InterviewReminder" ("interviewId", stage, "memberId", "dueAt")
      VALUES (${interviewId}, ${stage}, ${memberId}, ${dueAt})
      ON CONFLICT ("interviewId", stage, "memberId")
      DO UPDATE SET "dueAt" = EXCLUDED."dueAt" WHERE "InterviewReminder".status = 'planned'`;
  }
}
