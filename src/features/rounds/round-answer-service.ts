import { UserError } from '../../core/errors.ts';
import { readAnswers, type RoundAnswer, type RoundAnswers } from './round-answers.ts';
import {
  questionsOf,
  roundTemplateSchema,
  type RoundQuestion,
  type RoundTemplateBody,
} from './round-template-schema.ts';
import type {
  AnsweringRoundRow,
  DraftRow,
  RoundSubmissionRepository,
  SubmissionOwner,
} from './round-submission-repository.ts';

/** A round as answering sees it: its template read back through zod, its questions in order. */
export interface AnsweringRound extends Omit<AnsweringRoundRow, 'template'> {
  template: RoundTemplateBody;
  questions: ReturnType<typeof questionsOf>;
}

/** Whom the answers are about: the respondent's library, or (a round about people) the member themself. */
export type RoundSubject =
  { kind: 'library'; libraryId: number; libraryName: string } | { kind: 'member'; subjectId: number };

/**
 * Where a member stands in a round: the question at `position` (0-based), or the summary when
 * `position` equals the number of questions. `seen` is the draft as read: a write based on it
 * happens only if nobody wrote the draft in between.
 */
export interface RoundProgress {
  round: AnsweringRound;
  subject: RoundSubject;
  memberId: number;
  position: number;
  answers: RoundAnswers;
  seen: { position: number; updatedAt: Date };
  /** The owner's submission this draft would replace; null before the first. */
  submitted: { version: number; submittedAt: Date } | null;
  /** The owner's answers in the previous period's round, for "same as last time"; null when none. */
  previous: RoundAnswers | null;
}

export type RoundStart =
  | { kind: 'answering'; progress: RoundProgress; resumed: boolean }
  | {
      kind: 'submitted';
      round: AnsweringRound;
      subject: RoundSubject;
      submission: { version: number; submittedAt: Date };
    };

export interface RoundSubmissionView {
  libraryId: number | null;
  subjectId: number | null;
  answers: RoundAnswers;
  version: number;
  firstSubmittedAt: Date;
  submittedAt: Date;
  submittedById: number | null;
}

export interface PreviousSubmissions {
  roundId: number;
  periodLabel: string;
  submissions: Array<{ libraryId: number | null; subjectId: number | null; answers: RoundAnswers }>;
}

/**
 * Rules of answering a report round: who answers (a respondent of a library the round asks, or every
 * member in a round about people), only while it is open, one question at a time in a draft kept in
 * the database (so a restart or another platform resumes it), and one submission per library per
 * period whose every version is kept.
 */
export class RoundAnswerService {
  constructor(private readonly repo: RoundSubmissionRepository) {}

  /** The round and whom this member answers for, or a UserError saying why they cannot answer now. */
  async access(
    roundId: number,
    memberId: number,
    now: Date,
  ): Promise<{ round: AnsweringRound; subject: RoundSubject }> {
    const row = await this.repo.findRound(roundId);
    if (!row || !(await this.repo.isMember(memberId, row.communityId))) {
      throw new UserError('round.answer.error.unknown-round');
    }
    const round = toAnsweringRound(row);
    if (round.closedAt) throw new UserError('round.answer.error.closed', { id: String(round.id) });
    if (round.opensAt.getTime() > now.getTime()) {
      throw new UserError('round.answer.error.not-open', { id: String(round.id), opensAt: round.opensAt });
    }
    return { round, subject: await this.subjectOf(round, memberId) };
  }

  private async subjectOf(round: AnsweringRound, memberId: number): Promise<RoundSubject> {
    if (round.audience === 'members') return { kind: 'member', subjectId: memberId };
    const library = await this.repo.libraryOf(memberId, round.communityId);
    if (!library) throw new UserError('round.answer.error.no-library', { id: String(round.id) });
    if (round.audience === 'committee' && library.committeeId !== round.committeeId) {
      throw new UserError('round.answer.error.not-in-audience', { id: String(round.id), library: library.name });
    }
    return { kind: 'library', libraryId: library.id, libraryName: library.name };
  }

  /**
   * Begins or resumes: the member's draft when there is one; otherwise, when their library (or they)
   * already submitted, that submission (the flow offers to edit it); otherwise a new draft.
   */
  async begin(roundId: number, memberId: number, now: Date): Promise<RoundStart> {
    const { round, subject } = await this.access(roundId, memberId, now);
    const draft = await this.repo.findDraft(roundId, memberId);
    if (draft)
      return { kind: 'answering', progress: await this.progress(round, subject, memberId, draft), resumed: true };
    const submission = await this.repo.findSubmission(roundId, ownerOf(subject));
    if (submission) {
      return {
        kind: 'submitted',
        round,
        subject,
        submission: { version: submission.version, submittedAt: submission.submittedAt },
      };
    }
    const created = await this.repo.startDraft(roundId, memberId, 0, {});
    return { kind: 'answering', progress: await this.progress(round, subject, memberId, created), resumed: false };
  }

  /**
   * Editing the submission until the round closes: a draft holding the submitted answers, opened at the
   * summary (each answer can be changed from there). A draft already in progress is resumed as it is.
   */
  async edit(roundId: number, memberId: number, now: Date): Promise<RoundProgress> {
    const { round, subject } = await this.access(roundId, memberId, now);
    const submission = await this.repo.findSubmission(roundId, ownerOf(subject));
    const draft = await this.repo.startDraft(
      roundId,
      memberId,
      submission ? round.questions.length : 0,
      submission ? readAnswers(submission.answers) : {},
    );
    return this.progress(round, subject, memberId, draft);
  }

  /** The member's draft, for a button or a typed answer; refused when there is none (sent, or never begun). */
  async resume(roundId: number, memberId: number, now: Date): Promise<RoundProgress> {
    const { round, subject } = await this.access(roundId, memberId, now);
    const draft = await this.repo.findDraft(roundId, memberId);
    if (!draft) throw new UserError('round.answer.error.no-draft', { id: String(round.id) });
    return this.progress(round, subject, memberId, draft);
  }

  private async progress(
    round: AnsweringRound,
    subject: RoundSubject,
    memberId: number,
    draft: DraftRow,
  ): Promise<RoundProgress> {
    const owner = ownerOf(subject);
    const [submission, previousRound] = await Promise.all([
      this.repo.findSubmission(round.id, owner),
      this.repo.findPreviousRound(round),
    ]);
    const previousSubmission = previousRound ? await this.repo.findSubmission(previousRound.id, owner) : null;
    return {
      round,
      subject,
      memberId,
      position: Math.min(draft.position, round.questions.length),
      answers: readAnswers(draft.answers),
      seen: { position: draft.position, updatedAt: draft.updatedAt },
      submitted: submission ? { version: submission.version, submittedAt: submission.submittedAt } : null,
      previous: previousSubmission ? readAnswers(previousSubmission.answers) : null,
    };
  }

  /**
   * Saves the answer to the current question and moves on to the next question not yet answered (the
   * summary when none is left): a question answered before, or changed from the summary, is not asked
   * again. False when the draft changed since it was read (a stale press).
   */
  async answer(progress: RoundProgress, answer: RoundAnswer): Promise<boolean> {
    const question = currentQuestion(progress);
    if (!question) return false;
    checkFits(question, answer);
    const answers = { ...progress.answers, [question.key]: answer };
    return this.repo.updateDraft(progress.round.id, progress.memberId, progress.seen, {
      position: nextUnanswered(progress.round, answers, progress.position),
      answers,
    });
  }

  /** Keeps a partial answer (a multiple-choice selection) without moving on. */
  async keep(progress: RoundProgress, answer: RoundAnswer): Promise<boolean> {
    const question = currentQuestion(progress);
    if (!question) return false;
    checkFits(question, answer);
    return this.repo.updateDraft(progress.round.id, progress.memberId, progress.seen, {
      position: progress.position,
      answers: { ...progress.answers, [question.key]: answer },
    });
  }

  /** Moves to a question (from the summary, or on past a kept answer); the summary is `questions.length`. */
  goTo(progress: RoundProgress, position: number): Promise<boolean> {
    if (!Number.isInteger(position) || position < 0 || position > progress.round.questions.length) {
      return Promise.resolve(false);
    }
    return this.repo.updateDraft(progress.round.id, progress.memberId, progress.seen, {
      position,
      answers: progress.answers,
    });
  }

  /** Leaves the current question (or the summary) as it is and moves one back. */
  back(progress: RoundProgress): Promise<boolean> {
    return progress.position > 0 ? this.goTo(progress, progress.position - 1) : Promise.resolve(false);
  }

  /**
   * Sends the draft as the owner's submission (a new one, or the next version of it) and ends the draft.
   * Refused while a required question has no answer; false when the draft changed since it was read.
   */
  async submit(progress: RoundProgress, now: Date): Promise<{ version: number } | null> {
    const missing = missingRequired(progress.round, progress.answers);
    if (missing.length > 0) {
      throw new UserError('round.answer.error.missing', { numbers: missing.map((p) => String(p + 1)).join(', ') });
    }
    const asked = new Set(progress.round.questions.map((q) => q.question.key));
    const answers = Object.fromEntries(Object.entries(progress.answers).filter(([key]) => asked.has(key)));
    const outcome = await this.repo.submit({
      roundId: progress.round.id,
      owner: ownerOf(progress.subject),
      memberId: progress.memberId,
      draftSeen: progress.seen,
      answers,
      now,
    });
    if (outcome.kind === 'closed') throw new UserError('round.answer.error.closed', { id: String(progress.round.id) });
    return outcome.kind === 'submitted' ? { version: outcome.version } : null;
  }

  /** Every submission of the round, answers read back through zod: for the status and the report. */
  async submissionsOf(roundId: number): Promise<RoundSubmissionView[]> {
    const rows = await this.repo.submissions(roundId);
    return rows.map((row) => ({ ...row, answers: readAnswers(row.answers) }));
  }

  /** The previous period's round (same series, or same template in the community) and its submissions. */
  async previousSubmissions(roundId: number): Promise<PreviousSubmissions | null> {
    const round = await this.repo.findRound(roundId);
    const previous = round ? await this.repo.findPreviousRound(round) : null;
    if (!previous) return null;
    const rows = await this.repo.submissions(previous.id);
    return {
      roundId: previous.id,
      periodLabel: previous.periodLabel,
      submissions: rows.map((row) => ({
        libraryId: row.libraryId,
        subjectId: row.subjectId,
        answers: readAnswers(row.answers),
      })),
    };
  }

  submittedLibraryIds(roundId: number): Promise<number[]> {
    return this.repo.submittedLibraryIds(roundId);
  }
}

export function toAnsweringRound(row: AnsweringRoundRow): AnsweringRound {
  const template = roundTemplateSchema.parse(row.template);
  return { ...row, template, questions: questionsOf(template) };
}

function ownerOf(subject: RoundSubject): SubmissionOwner {
  return subject.kind === 'library' ? { libraryId: subject.libraryId } : { subjectId: subject.subjectId };
}

export function currentQuestion(progress: RoundProgress): RoundQuestion | null {
  return progress.round.questions[progress.position]?.question ?? null;
}

/** Positions (0-based) of required questions with no answer, or a skipped one. */
export function missingRequired(round: AnsweringRound, answers: RoundAnswers): number[] {
  return round.questions
    .filter(({ question }) => question.required && (answers[question.key]?.kind ?? 'skipped') === 'skipped')
    .map(({ position }) => position);
}

function nextUnanswered(round: AnsweringRound, answers: RoundAnswers, from: number): number {
  const next = round.questions.find((q) => q.position > from && answers[q.question.key] === undefined);
  return next ? next.position : round.questions.length;
}

/**
 * Whether the answer is one this question takes. The flow only builds fitting answers; this is the
 * last line against a forged button or a previous period's answer to a question since changed.
 */
export function answerFits(question: RoundQuestion, answer: RoundAnswer): boolean {
  switch (answer.kind) {
    case 'skipped':
      return !question.required;
    case 'number':
      return (
        question.type === 'number' &&
        answer.value >= question.min &&
        (question.max === undefined || answer.value <= question.max) &&
        (!question.integer || Number.isInteger(answer.value))
      );
    case 'text':
      return question.type === 'text' && answer.text.length > 0 && [...answer.text].length <= question.maxLength;
    case 'choice':
      if (question.type === 'single')
        return answer.choices.length === 1 && answer.choices[0]! < question.options.length;
      if (question.type === 'multi') return answer.choices.every((c) => c < question.options.length);
      return false;
    case 'scale':
      return question.type === 'scale';
    case 'file':
      return question.type === 'file';
  }
}

function checkFits(question: RoundQuestion, answer: RoundAnswer): void {
  if (answer.kind === 'skipped' && question.required) throw new UserError('round.answer.error.required');
  if (!answerFits(question, answer)) throw new UserError('error.stale-button');
}
