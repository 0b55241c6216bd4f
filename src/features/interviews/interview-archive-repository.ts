import type { Db } from '../../db/prisma-client.ts';
import type { AttachmentDraft } from '../experiences/attachment-types.ts';

/**
 * What happens to an interview once it is finished, on the experience side: the experience that
 * carries it to curation, search and newsletters, written and removed here. Finds and writes, no
 * rules (interview-archive-service.ts has them).
 */

const interviewSelect = {
  id: true,
  communityId: true,
  templateName: true,
  template: true,
  language: true,
  mode: true,
  interviewerId: true,
  interviewer: { select: { displayName: true } },
  veteranId: true,
  veteranName: true,
  answers: true,
  status: true,
  consent: true,
  consentBy: true,
  startedAt: true,
  finishedAt: true,
  community: { select: { name: true, language: true, calendar: true, timeZone: true } },
  experience: { select: { id: true, status: true } },
} as const;

export type ArchivedInterview = NonNullable<Awaited<ReturnType<InterviewArchiveRepository['findInterview']>>>;

/** The experience's fields that an interview decides (its transcript, its consent). */
export interface InterviewSubmission {
  title: string;
  body: string;
  consent: 'named' | 'anonymous';
  membersOnly: boolean;
  attachments: AttachmentDraft[];
}

export class InterviewArchiveRepository {
  constructor(private readonly db: Db) {}

  findInterview(id: number) {
    return this.db.interview.findUnique({ where: { id }, select: interviewSelect });
  }

  /** The platform a member first came from: where their interview is said to have been submitted. */
  async firstPlatform(memberId: number): Promise<string | null> {
    const identity = await this.db.identity.findFirst({
      where: { memberId },
      orderBy: { createdAt: 'asc' },
      select: { platform: true },
    });
    return identity?.platform ?? null;
  }

  /**
   * The experience of a finished interview, pending review, with its attachments and first status,
   * in one transaction. A second one for the same interview fails on the unique interviewId (P2002).
   */
  create(
    interview: { id: number; communityId: number; authorId: number | null; platform: string },
    submission: InterviewSubmission,
    actorId: number | null,
    at: Date,
  ): Promise<{ id: number }> {
    const { attachments, ...fields } = submission;
    return this.db.$transaction(async (tx) => {
      const experience = await tx.experience.create({
        data: {
          ...fields,
          kind: 'interview',
          interviewId: interview.id,
          communityId: interview.communityId,
          authorId: interview.authorId,
          platform: interview.platform,
          chatId: null,
          tags: [],
          submittedAt: at,
          attachments: { create: attachments.map((a, position) => ({ ...a, position })) },
        },
        select: { id: true },
      });
      await tx.experienceStatusChange.create({
        data: { experienceId: experience.id, toStatus: 'pending', actorId, createdAt: at },
      });
      return experience;
    });
  }

  /**
   * The interview's new transcript on its experience. One sent back for changes goes back to the
   * curators (with a history row, as a resubmitted experience does); one still pending only takes the
   * new text. False when the experience is in neither state (reviewed since, or gone).
   */
  replace(
    experienceId: number,
    submission: InterviewSubmission,
    from: 'changes_requested' | 'pending',
    actorId: number | null,
    at: Date,
  ): Promise<boolean> {
    const { attachments, ...fields } = submission;
    return this.db.$transaction(async (tx) => {
      const { count } = await tx.experience.updateMany({
        where: { id: experienceId, status: from },
        data: { ...fields, status: 'pending', ...(from === 'changes_requested' ? { submittedAt: at } : {}) },
      });
      if (count === 0) return false;
      await tx.experienceAttachment.deleteMany({ where: { experienceId } });
      await tx.experienceAttachment.createMany({
        data: attachments.map((a, position) => ({ ...a, position, experienceId })),
      });
      if (from === 'changes_requested') {
        await tx.experienceStatusChange.create({
          data: { experienceId, fromStatus: from, toStatus: 'pending', actorId, createdAt: at },
        });
      }
      return true;
    });
  }

  /**
   * The interview marked withdrawn (kept when it already was) and its experience deleted, in one
   * transaction. Deleting, not rejecting: a rejected experience would still be in `/export
   * experiences` with its whole text, and a row kept only to be hidden everywhere invites a leak. The
   * cascade takes its search entry, its attachments, its review history and its place in a newsletter
   * (one already posted cannot be called back; one not yet published no longer finds it). The
   * interview keeps the record: its answers, its consent and when it was withdrawn.
   */
  withdraw(interviewId: number, at: Date): Promise<{ removed: boolean }> {
    return this.db.$transaction(async (tx) => {
      await tx.interview.updateMany({
        where: { id: interviewId, status: { not: 'withdrawn' } },
        data: { status: 'withdrawn', withdrawnAt: at },
      });
      const { count } = await tx.experience.deleteMany({ where: { interviewId } });
      return { removed: count > 0 };
    });
  }

  /** The experience of an interview that turned out private (archive only): it is shown nowhere. */
  async removeExperience(interviewId: number): Promise<void> {
    await this.db.experience.deleteMany({ where: { interviewId } });
  }

  /** Where the interview stands with the curators, and their last note. */
  findCuration(interviewId: number) {
    return this.db.experience.findUnique({
      where: { interviewId },
      select: {
        id: true,
        status: true,
        statusChanges: {
          where: { note: { not: null } },
          orderBy: { id: 'desc' },
          take: 1,
          select: { note: true },
        },
      },
    });
  }
}
