import { UserError } from '../../core/errors.ts';
import type { FileDownload, FileSources } from '../../core/stored-files.ts';
import { isLanguage, type Language } from '../../i18n/languages.ts';
import type { Translate, Translator } from '../../i18n/translator.ts';
import { MAX_TITLE, oneLine } from '../experiences/experience-limits.ts';
import { readInterviewAnswers } from './interview-answers.ts';
import type {
  ArchivedInterview,
  InterviewArchiveRepository,
  InterviewSubmission,
} from './interview-archive-repository.ts';
import { readInterviewTemplate } from './interview-template-schema.ts';
import { buildTranscript, plain, transcriptBody, type Transcript } from './interview-transcript.ts';

/** What `finished` did with an interview. */
export type ArchiveOutcome =
  /** A new experience of kind interview, pending: the curators find it with /review. */
  | 'submitted'
  /** It had been sent back for changes: the new transcript is pending again. */
  | 'resubmitted'
  /** Still pending: it now shows the new transcript. */
  | 'updated'
  /** The curators decided already (approved or rejected): left as it is. */
  | 'unchanged'
  /** Consent "private": kept in the archive only, shown nowhere. */
  | 'private'
  /** Not finished (in progress, withdrawn, or no consent given): nothing to do. */
  | 'not-finished';

/** An interview ready to export, with its transcript in its own language. */
export interface InterviewForExport {
  interview: ArchivedInterview;
  language: Language;
  t: Translate;
  transcript: Transcript;
  /** The title its experience has (or would have): anonymous ones name nobody. */
  title: string;
}

/**
 * What becomes of a finished interview: unless kept private, an experience of kind "interview" that
 * goes to the curators exactly as a shared experience does (pending, found by /review), is searchable
 * once approved and goes into newsletters in a section of its own; withdrawn, it leaves all of them.
 * The interview flows (interview-service.ts) call `finished` and `withdrawn`; the export reads here.
 */
export class InterviewArchiveService {
  constructor(
    private readonly repo: InterviewArchiveRepository,
    private readonly translator: Translator,
    private readonly files?: FileSources,
  ) {}

  /**
   * After an interview is finished with its consent (or finished again after the curators asked for
   * changes): sends it to curation, or refreshes what the curators will see. Idempotent: calling it
   * twice changes nothing more, and a decision already taken is left alone.
   */
  finished(interviewId: number, now = new Date()): Promise<{ outcome: ArchiveOutcome; experienceId: number | null }> {
    return this.archive(interviewId, now, false);
  }

  private async archive(
    interviewId: number,
    now: Date,
    raced: boolean,
  ): Promise<{ outcome: ArchiveOutcome; experienceId: number | null }> {
    const interview = await this.repo.findInterview(interviewId);
    if (!interview || interview.status !== 'finished' || interview.consent === null) {
      return { outcome: 'not-finished', experienceId: null };
    }
    if (interview.consent === 'private') {
      // A consent changed to private takes back whatever was sent before.
      if (interview.experience) await this.repo.removeExperience(interviewId);
      return { outcome: 'private', experienceId: null };
    }
    const submission = this.submissionOf(interview);
    const actorId = respondentId(interview);
    const existing = interview.experience;
    if (!existing) {
      try {
        const platform = await this.platformOf(interview, submission);
        const author = {
          id: interview.id,
          communityId: interview.communityId,
          authorId: interview.veteranId,
          platform,
        };
        const { id } = await this.repo.create(author, submission, actorId, now);
        return { outcome: 'submitted', experienceId: id };
      } catch (error) {
        // Two calls at once: the other one created it; this one goes on as the second call would.
        if (raced || !isUniqueViolation(error)) throw error;
        return this.archive(interviewId, now, true);
      }
    }
    if (existing.status === 'changes_requested' || existing.status === 'pending') {
      const from = existing.status;
      if (await this.repo.replace(existing.id, submission, from, actorId, now)) {
        return { outcome: from === 'pending' ? 'updated' : 'resubmitted', experienceId: existing.id };
      }
    }
    return { outcome: 'unchanged', experienceId: existing.id };
  }

  /**
   * After the veteran withdrew their consent (`/interview ID withdraw`): the interview is marked
   * withdrawn (if the caller has not yet) and its experience leaves search, the newsletters still to
   * come, the experience archive and the curators' queue.
   */
  withdrawn(interviewId: number, now = new Date()): Promise<{ removed: boolean }> {
    return this.repo.withdraw(interviewId, now);
  }

  /** Where an interview stands with the curators (null: never sent, or private), with their last note. */
  async curation(interviewId: number): Promise<{
    experienceId: number;
    status: 'pending' | 'approved' | 'rejected' | 'changes_requested';
    note: string | null;
  } | null> {
    const found = await this.repo.findCuration(interviewId);
    if (!found) return null;
    return { experienceId: found.id, status: found.status, note: found.statusChanges[0]?.note ?? null };
  }

  /**
   * A finished interview of the community, to export; a withdrawn one is refused (it leaves the
   * exports), and so is one not finished yet. Private ones are the archive itself and are exported,
   * their metadata saying so.
   */
  async forExport(communityId: number, interviewId: number): Promise<InterviewForExport> {
    const interview = await this.repo.findInterview(interviewId);
    const id = String(interviewId);
    if (!interview || interview.communityId !== communityId)
      throw new UserError('interview.export.error.not-found', { id });
    if (interview.status === 'withdrawn') throw new UserError('interview.export.error.withdrawn', { id });
    if (interview.status !== 'finished') throw new UserError('interview.export.error.not-finished', { id });
    const language = languageOf(interview);
    const t = this.translator.forLanguage(language);
    const transcript = this.transcriptOf(interview, language, t);
    return { interview, language, t, transcript, title: titleOf(interview, t) };
  }

  /** A media file's bytes from its platform, at most `maxBytes`; null when this instance runs no such platform. */
  download(platform: string, fileId: string, maxBytes: number): Promise<FileDownload | null> {
    return this.files ? this.files.download(platform, fileId, maxBytes) : Promise.resolve(null);
  }

  /** The largest file the bot may send on the platform (an export's ZIP). */
  maxUploadBytes(platform: string): number | null {
    return this.files ? this.files.maxUploadBytes(platform) : null;
  }

  private submissionOf(interview: ArchivedInterview): InterviewSubmission {
    const language = languageOf(interview);
    const t = this.translator.forLanguage(language);
    const transcript = this.transcriptOf(interview, language, t);
    return {
      title: titleOf(interview, t),
      body: transcriptBody(transcript, t),
      // "Members only" is published with the name, to the network alone.
      consent: interview.consent === 'anonymous' ? 'anonymous' : 'named',
      membersOnly: interview.consent === 'members_only',
      attachments: transcript.media.map(({ file }) => ({
        platform: file.platform,
        fileId: file.fileId,
        fileName: file.fileName,
        mimeType: file.mimeType,
        caption: file.caption,
      })),
    };
  }

  private transcriptOf(interview: ArchivedInterview, language: Language, t: Translate): Transcript {
    const template = readInterviewTemplate(interview.template);
    return buildTranscript(template, readInterviewAnswers(interview.answers), language, t);
  }

  /**
   * The platform the experience says it came from (the experience table wants one): the respondent's
   * first, else the first media file's. Review notices go to private chats, whatever it says.
   */
  private async platformOf(interview: ArchivedInterview, submission: InterviewSubmission): Promise<string> {
    const respondent = respondentId(interview);
    const platform = respondent === null ? null : await this.repo.firstPlatform(respondent);
    return platform ?? submission.attachments[0]?.platform ?? 'none';
  }
}

/** Who answers for the interview to the curators: the interviewer of a led one, the veteran of a self-paced one. */
function respondentId(interview: Pick<ArchivedInterview, 'mode' | 'interviewerId' | 'veteranId'>): number | null {
  return interview.mode === 'led' ? interview.interviewerId : interview.veteranId;
}

function languageOf(interview: ArchivedInterview): Language {
  if (isLanguage(interview.language)) return interview.language;
  return isLanguage(interview.community.language) ? interview.community.language : 'en';
}

/** "Interview: <veteran>", or for an anonymous one a title that names nobody. */
function titleOf(interview: ArchivedInterview, t: Translate): string {
  const title =
    interview.consent === 'anonymous'
      ? t('interview.archive.title-anonymous')
      : t('interview.archive.title-named', { veteran: oneLine(interview.veteranName) });
  const flat = oneLine(plain(title));
  return flat.length <= MAX_TITLE ? flat : `${flat.slice(0, MAX_TITLE - 1)}…`;
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}
