import { UserError } from '../../core/errors.ts';
import type { OutboundTarget } from '../../core/event.ts';
import { isLanguage, type Language } from '../../i18n/languages.ts';
import { MAX_ATTACHMENTS } from './attachment-types.ts';
import type { Consent } from './experience-draft.ts';
import { cleanLibrary, cleanStory, cleanTitle } from './experience-limits.ts';
import type {
  ExperienceFields,
  ExperienceRepository,
  ExperienceRow,
  ExperienceStatus,
  NewExperience,
} from './experience-repository.ts';
import { MAX_TAGS } from './experience-tags.ts';
import { indexWords } from './search-reindex-repository.ts';

export type Decision = 'approve' | 'reject' | 'changes';

/** Who asks to open an experience's attachment, and what they are in the community they write from. */
export interface Viewer {
  memberId: number;
  communityId: number | null;
  /** A curator of that community (who reviews submissions). */
  isCurator: boolean;
}

export type StoredAttachment = ExperienceRow['attachments'][number];

const DECISION_STATUS: Record<Decision, ExperienceStatus> = {
  approve: 'approved',
  reject: 'rejected',
  changes: 'changes_requested',
};

/**
 * The rules of experiences: what a submission must hold, who may change it, and the curators'
 * decisions. Every id that comes from a member is looked up within their community (or as their own).
 */
export class ExperienceService {
  constructor(private readonly repo: ExperienceRepository) {}

  /** Checks everything before anything is written: a refused submission leaves no row. */
  async submit(input: NewExperience): Promise<{ id: number; title: string }> {
    const fields = checkFields(input);
    const { id } = await this.repo.create({ ...input, ...fields });
    if (fields.library) await this.repo.setOrganization(input.authorId, fields.library);
    return { id, title: fields.title };
  }

  async resubmit(id: number, authorId: number, input: ExperienceFields, now = new Date()): Promise<void> {
    const fields = checkFields(input);
    if (!(await this.repo.resubmit(id, authorId, fields, now)))
      throw new UserError('share.error.not-editable', { id: String(id) });
    if (fields.library) await this.repo.setOrganization(authorId, fields.library);
  }

  /** The author's own submission, while it is still in no newsletter. */
  async setConsent(id: number, authorId: number, consent: Consent): Promise<void> {
    if (!(await this.repo.setConsent(id, authorId, consent)))
      throw new UserError('share.error.not-editable', { id: String(id) });
  }

  /** The library or organization the member gave last time. */
  async organization(memberId: number): Promise<string | null> {
    return (await this.repo.findOrganization(memberId))?.organization ?? null;
  }

  nextForReview(communityId: number) {
    return this.repo.oldestPending(communityId);
  }

  /** The community's submissions waiting for review, the longest waiting first, at most `take`. */
  pendingList(communityId: number, take: number): Promise<ExperienceRow[]> {
    return this.repo.pending(communityId, take);
  }

  /** A submission of this community still waiting for review, or the reason it cannot be reviewed. */
  async pendingInCommunity(communityId: number, id: number): Promise<ExperienceRow> {
    const experience = await this.repo.findInCommunity(id, communityId);
    if (!experience) throw new UserError('review.error.not-found', { id: String(id) });
    if (experience.status !== 'pending')
      throw new UserError('review.error.already', { id: String(id), status: experience.status });
    return experience;
  }

  /** Records a curator's decision; approval makes the experience searchable in the same transaction. */
  async decide(
    communityId: number,
    id: number,
    decision: Decision,
    actorId: number,
    note: string | null,
    at = new Date(),
  ): Promise<ExperienceRow> {
    const experience = await this.pendingInCommunity(communityId, id);
    const toStatus = DECISION_STATUS[decision];
    const index = toStatus === 'approved' ? indexWords(experience) : null;
    const decided = await this.repo.decide(id, communityId, { toStatus, actorId, note, at }, index);
    if (!decided) throw new UserError('review.error.already', { id: String(id), status: 'other' });
    return experience;
  }

  /** The author's submission that a curator sent back, to edit and send again. */
  async forEdit(id: number, authorId: number): Promise<ExperienceRow> {
    const experience = await this.repo.findOfAuthor(id, authorId);
    // An interview is changed through its answers (/interview), not as a text: its text is their transcript.
    if (!experience || experience.status !== 'changes_requested' || experience.kind === 'interview') {
      throw new UserError('share.error.not-editable', { id: String(id) });
    }
    return experience;
  }

  /** An approved experience of the community: what members may read in full. */
  async findApproved(communityId: number, id: number): Promise<ExperienceRow> {
    const experience = await this.repo.findInCommunity(id, communityId);
    if (!experience || experience.status !== 'approved')
      throw new UserError('experience.not-found', { id: String(id) });
    return experience;
  }

  /**
   * Attachment `n` (from 1) of an experience, for someone allowed to see the experience: its author;
   * in its community, a curator whatever its status, and every member once it is approved. Anything
   * else is refused exactly like an id that does not exist: a forged id learns nothing.
   */
  async attachmentFor(
    viewer: Viewer,
    id: number,
    n: number,
  ): Promise<{ experience: ExperienceRow; attachment: StoredAttachment }> {
    const experience = await this.repo.findById(id);
    const attachment = experience?.attachments[n - 1];
    if (!experience || !attachment || !mayOpen(viewer, experience)) {
      throw new UserError('experience.file.not-found', { id: String(id), n });
    }
    return { experience, attachment };
  }

  /**
   * Where to tell the author about their submission, and in which language: their private chat (on the
   * platform they submitted from, if they have one there), else the chat they submitted in.
   */
  async authorContact(
    experience: ExperienceRow,
  ): Promise<{ target: OutboundTarget; language: Language | null } | null> {
    const contactId = reviewContactId(experience);
    if (contactId === null) return null;
    const member = await this.repo.findAuthorContact(contactId);
    if (!member) return null;
    const identity = member.identities.find((i) => i.platform === experience.platform) ?? member.identities[0] ?? null;
    const target = identity?.privateChatId
      ? { platform: identity.platform, chatId: identity.privateChatId }
      : experience.chatId
        ? { platform: experience.platform, chatId: experience.chatId }
        : null;
    return target ? { target, language: isLanguage(member.language) ? member.language : null } : null;
  }

  exportRows(communityId: number) {
    return this.repo.exportRows(communityId);
  }
}

/**
 * Who hears about a review: the author; for a finished interview, whoever answers for it (and would
 * make the changes asked for): the interviewer of a led interview, the veteran of a self-paced one.
 */
function reviewContactId(experience: ExperienceRow): number | null {
  const { interview } = experience;
  if (experience.kind !== 'interview' || !interview) return experience.authorId;
  return interview.mode === 'led' ? interview.interviewerId : interview.veteranId;
}

function mayOpen(viewer: Viewer, experience: ExperienceRow): boolean {
  if (experience.authorId === viewer.memberId) return true;
  if (experience.communityId !== viewer.communityId) return false;
  return experience.status === 'approved' || viewer.isCurator;
}

function checkFields<T extends ExperienceFields>(input: T): ExperienceFields {
  if (input.tags.length > MAX_TAGS) throw new UserError('share.error.too-many-tags', { max: MAX_TAGS });
  if (input.attachments.length > MAX_ATTACHMENTS) {
    throw new UserError('share.error.too-many-files', { max: MAX_ATTACHMENTS });
  }
  return {
    title: cleanTitle(input.title),
    body: cleanStory(input.body),
    tags: input.tags,
    library: input.library === null ? null : cleanLibrary(input.library),
    consent: input.consent,
    sourceName: input.sourceName,
    sourceDate: input.sourceDate,
    attachments: input.attachments,
  };
}
