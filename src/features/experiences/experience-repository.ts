import type { Db } from '../../db/prisma-client.ts';
import type { AttachmentDraft } from './attachment-types.ts';
import type { Consent } from './experience-draft.ts';
import { insertIndexEntry, type IndexEntry } from './search-repository.ts';

/** Experiences, their attachments and status history: finds and writes, no rules. */

export type ExperienceStatus = 'pending' | 'approved' | 'rejected' | 'changes_requested';

export interface ExperienceFields {
  title: string;
  body: string;
  tags: string[];
  library: string | null;
  consent: Consent;
  sourceName: string | null;
  sourceDate: Date | null;
  attachments: AttachmentDraft[];
}

export interface NewExperience extends ExperienceFields {
  communityId: number;
  authorId: number;
  platform: string;
  chatId: string;
}

const experienceSelect = {
  id: true,
  communityId: true,
  authorId: true,
  platform: true,
  chatId: true,
  title: true,
  body: true,
  tags: true,
  library: true,
  consent: true,
  sourceName: true,
  sourceDate: true,
  status: true,
  submittedAt: true,
  approvedAt: true,
  author: { select: { displayName: true } },
  attachments: {
    select: { platform: true, fileId: true, fileName: true, mimeType: true, caption: true },
    orderBy: { position: 'asc' },
  },
  // The latest curator's note: shown again when a submission comes back after changes.
  statusChanges: {
    where: { note: { not: null } },
    orderBy: { id: 'desc' },
    take: 1,
    select: { note: true, toStatus: true },
  },
  newsletterItem: { select: { issue: { select: { number: true } } } },
  // A finished interview: whom the review concerns (interview-archive-service.ts).
  kind: true,
  interview: { select: { id: true, mode: true, interviewerId: true, veteranId: true, veteranName: true } },
} as const;

export type ExperienceRow = NonNullable<Awaited<ReturnType<ExperienceRepository['findInCommunity']>>>;

export class ExperienceRepository {
  constructor(private readonly db: Db) {}

  /** The submission, its attachments and its first status, in one transaction: all or nothing. */
  create(input: NewExperience): Promise<{ id: number }> {
    const { attachments, ...fields } = input;
    return this.db.$transaction(async (tx) => {
      const experience = await tx.experience.create({
        data: { ...fields, attachments: { create: attachments.map((a, position) => ({ ...a, position })) } },
        select: { id: true },
      });
      await tx.experienceStatusChange.create({
        data: { experienceId: experience.id, toStatus: 'pending', actorId: input.authorId },
      });
      return experience;
    });
  }

  /**
   * The author's new version of a submission sent back for changes; false when it is no longer theirs
   * to change (reviewed again, deleted, or someone else's).
   */
  resubmit(id: number, authorId: number, fields: ExperienceFields, now: Date): Promise<boolean> {
    const { attachments, ...data } = fields;
    return this.db.$transaction(async (tx) => {
      const { count } = await tx.experience.updateMany({
        where: { id, authorId, status: 'changes_requested' },
        data: { ...data, status: 'pending', submittedAt: now },
      });
      if (count === 0) return false;
      await tx.experienceAttachment.deleteMany({ where: { experienceId: id } });
      await tx.experienceAttachment.createMany({
        data: attachments.map((a, position) => ({ ...a, position, experienceId: id })),
      });
      await tx.experienceStatusChange.create({
        data: { experienceId: id, fromStatus: 'changes_requested', toStatus: 'pending', actorId: authorId },
      });
      return true;
    });
  }

  findInCommunity(id: number, communityId: number) {
    return this.db.experience.findFirst({ where: { id, communityId }, select: experienceSelect });
  }

  /** Whatever its community: who may see it is the service's rule. */
  findById(id: number) {
    return this.db.experience.findUnique({ where: { id }, select: experienceSelect });
  }

  findOfAuthor(id: number, authorId: number) {
    return this.db.experience.findFirst({ where: { id, authorId }, select: experienceSelect });
  }

  /** The submission waiting longest (by its last submission), and how many wait in all. */
  async oldestPending(communityId: number) {
    const where = { communityId, status: 'pending' as const };
    const [experience, pending] = await Promise.all([
      this.db.experience.findFirst({
        where,
        orderBy: [{ submittedAt: 'asc' }, { id: 'asc' }],
        select: experienceSelect,
      }),
      this.db.experience.count({ where }),
    ]);
    return { experience, pending };
  }

  /** The submissions waiting for review, the longest waiting first (the dashboard's review queue). */
  pending(communityId: number, take: number) {
    return this.db.experience.findMany({
      where: { communityId, status: 'pending' },
      orderBy: [{ submittedAt: 'asc' }, { id: 'asc' }],
      take,
      select: experienceSelect,
    });
  }

  /**
   * A curator's decision on a pending submission, with its history row (and, on approval, its search
   * entry) in one transaction. False when it was no longer pending: another curator was quicker.
   */
  decide(
    id: number,
    communityId: number,
    decision: { toStatus: ExperienceStatus; actorId: number; note: string | null; at: Date },
    index: Omit<IndexEntry, 'experienceId' | 'communityId' | 'approvedAt'> | null,
  ): Promise<boolean> {
    return this.db.$transaction(async (tx) => {
      const approvedAt = decision.toStatus === 'approved' ? decision.at : null;
      const { count } = await tx.experience.updateMany({
        where: { id, communityId, status: 'pending' },
        data: { status: decision.toStatus, approvedAt },
      });
      if (count === 0) return false;
      await tx.experienceStatusChange.create({
        data: {
          experienceId: id,
          fromStatus: 'pending',
          toStatus: decision.toStatus,
          actorId: decision.actorId,
          note: decision.note,
          createdAt: decision.at,
        },
      });
      if (index && approvedAt) await insertIndexEntry(tx, { ...index, experienceId: id, communityId, approvedAt });
      return true;
    });
  }

  /** Consent changed by the author while the experience is in no newsletter yet; false otherwise. */
  async setConsent(id: number, authorId: number, consent: Consent): Promise<boolean> {
    const { count } = await this.db.experience.updateMany({
      where: { id, authorId, newsletterItem: { is: null } },
      data: { consent },
    });
    return count === 1;
  }

  /** Where and in which language to tell an author about their submission. */
  findAuthorContact(authorId: number) {
    return this.db.member.findUnique({
      where: { id: authorId },
      select: {
        language: true,
        identities: {
          where: { privateChatId: { not: null } },
          select: { platform: true, privateChatId: true },
          orderBy: { createdAt: 'asc' },
        },
      },
    });
  }

  findOrganization(memberId: number) {
    return this.db.member.findUnique({ where: { id: memberId }, select: { organization: true } });
  }

  setOrganization(memberId: number, organization: string) {
    return this.db.member.update({ where: { id: memberId }, data: { organization }, select: { id: true } });
  }

  /** Every experience of a community with its attachments and history, for the archive export. */
  exportRows(communityId: number) {
    return this.db.experience.findMany({
      where: { communityId },
      orderBy: { id: 'asc' },
      select: {
        ...experienceSelect,
        createdAt: true,
        statusChanges: {
          orderBy: { id: 'asc' },
          select: {
            actorId: true,
            fromStatus: true,
            toStatus: true,
            note: true,
            createdAt: true,
            actor: { select: { displayName: true } },
          },
        },
      },
    });
  }
}
