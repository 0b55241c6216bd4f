import { UserError } from '../../core/errors.ts';
import { firstGraphemes } from '../../core/grapheme-cut.ts';
import type { FlowInput } from '../../core/router.ts';
import { describeProblem, type TemplateProblem } from '../surveys/survey-template-loader.ts';
import type { Translator } from '../../i18n/translator.ts';
import type { WhenInputContext } from '../when-input.ts';
import { InterviewNotices } from './interview-notices.ts';
import { readInterviewAnswers, type InterviewAnswer, type InterviewAnswers } from './interview-answers.ts';
import { addPart, readDate, readFile, readText, type InputResult } from './interview-input.ts';
import { dealtWith, nextQuestion, previousQuestion, withoutUnasked } from './interview-progress.ts';
import type {
  Contact,
  InterviewChanges,
  InterviewConsent,
  InterviewMode,
  InterviewRepository,
  InterviewRow,
  InterviewStatus,
} from './interview-repository.ts';
import {
  questionsOf,
  readInterviewTemplate,
  type InterviewTemplate,
  type InterviewTemplateBody,
  type PlacedQuestion,
} from './interview-template-schema.ts';
import type { TemplateSource } from '../templates/template-store.ts';

/** A self-paced veteran silent this long is reminded, once per silence. */
export const SILENCE_MS = 3 * 24 * 3600_000;
/** A veteran's name as the interviewer gives it: a name, not a story. */
export const MAX_VETERAN_NAME = 100;
export const CONSENTS = [
  'named',
  'anonymous',
  'members_only',
  'private',
] as const satisfies readonly InterviewConsent[];

/** An interview as the rules and the texts see it: its template read back, where it stands, its answers. */
export interface InterviewView {
  id: number;
  communityId: number;
  templateName: string;
  template: InterviewTemplateBody;
  questions: PlacedQuestion[];
  language: string;
  mode: InterviewMode;
  interviewerId: number | null;
  interviewerName: string | null;
  veteranId: number | null;
  veteranName: string;
  /** The question being answered; null once every question asked has been dealt with (the consent is next). */
  current: PlacedQuestion | null;
  answers: InterviewAnswers;
  status: InterviewStatus;
  consent: InterviewConsent | null;
  consentBy: string | null;
  consentAt: Date | null;
  startedAt: Date;
  lastAnsweredAt: Date;
  finishedAt: Date | null;
  withdrawnAt: Date | null;
}

/** Where answering stands, as buttons carry it: a question's index, or the number of questions at the consent. */
export function positionOf(view: InterviewView): number {
  return view.current ? view.current.index : view.questions.length;
}

/** Who the veteran is, as the interviewer named them: a platform account (a reply, a user option) or a name. */
export interface VeteranInput {
  platform: string;
  userId?: string;
  name: string;
}

/** One move of the person answering: typed text, a file, or a button under the question. */
export type InterviewStep =
  | { kind: 'text'; text: string }
  | { kind: 'file'; platform: string; file: Extract<FlowInput, { type: 'file' }> }
  | { kind: 'choose'; option: number }
  /** Keeps the answer there is (a story's messages, the files sent, an earlier answer) and goes on. */
  | { kind: 'done' }
  /** Clears the current question's answer, to tell it again. */
  | { kind: 'clear' }
  | { kind: 'skip' }
  | { kind: 'back' };

/** What a move did: `stale` when the button was for another step; `kept` when the answer grew but stays open. */
export interface StepOutcome {
  view: InterviewView;
  stale: boolean;
  kept: boolean;
}

/**
 * The rules of interviews: who may run one (any member: interviewing is the working group's volunteer
 * work, not a role) and about whom (a member, or, led, anyone by name); who answers (led: the
 * interviewer, recording; self-paced: the veteran, privately); one question at a time, follow-ups only
 * when an earlier answer calls for them, Back and Skip; the consent before anything leaves the
 * interview; and withdrawal by the veteran (by the interviewer when the veteran is on no platform).
 * Every change is made under a lock on the interview row, so a restart, a second platform or two
 * presses at once go on from the one stored state.
 */
export class InterviewService {
  /** The messages to people other than the one acting (the veteran's invitation, the interviewer's notices). */
  readonly notices: InterviewNotices;

  constructor(
    private readonly repo: InterviewRepository,
    translator: Translator,
    /** The template store's shelf of this kind (read from its folders on first sight). */
    private readonly shelf: TemplateSource<InterviewTemplate>,
  ) {
    this.notices = new InterviewNotices(translator);
  }

  get templates(): ReadonlyMap<string, InterviewTemplate> {
    return this.shelf.templates;
  }

  get problems(): readonly TemplateProblem[] {
    return this.shelf.problems;
  }

  /** The template by name, or why it cannot be used (unknown, or broken: its file and line). */
  template(name: string): InterviewTemplate {
    const key = name.trim().toLowerCase();
    const template = this.templates.get(key);
    if (template) return template;
    const problem = this.problems.find((p) => p.name === key);
    if (problem)
      throw new UserError('interview.error.broken-template', { name: key, problem: describeProblem(problem) });
    throw new UserError('interview.error.unknown-template', {
      name: name.trim(),
      names: [...this.templates.keys()].join(', '),
    });
  }

  /**
   * The veteran: a member of the community (by their account, or by the exact name they go by), or,
   * for a led interview, just a name (someone on no platform). A name written `@Name` must be a member.
   * A self-paced interview is answered on a platform, so its veteran must be a member.
   */
  async resolveVeteran(
    communityId: number,
    input: VeteranInput,
    mode: InterviewMode,
  ): Promise<{ veteranId: number | null; veteranName: string }> {
    const written = input.name.replace(/\s+/g, ' ').trim();
    const mention = written.startsWith('@');
    const name = written.replace(/^@+/, '').trim();
    if (input.userId) {
      const known = await this.repo.memberOfAccount(communityId, input.platform, input.userId);
      if (known?.inCommunity) return { veteranId: known.id, veteranName: known.displayName };
      if (mode === 'led' && name) return { veteranId: null, veteranName: checkedName(name) };
      throw new UserError('interview.error.veteran-not-member', { name: name || input.userId });
    }
    if (!name) throw new UserError('interview.error.veteran-needed');
    const matches = await this.repo.membersNamed(communityId, name);
    if (matches.length > 1) throw new UserError('interview.error.veteran-ambiguous', { name });
    if (matches.length === 1) return { veteranId: matches[0]!.id, veteranName: matches[0]!.displayName };
    if (mode === 'self' || mention) throw new UserError('interview.error.veteran-unknown', { name });
    return { veteranId: null, veteranName: checkedName(name) };
  }

  /** A led interview: the interviewer records the answers, from the first question on. */
  async startLed(input: {
    communityId: number;
    interviewerId: number;
    templateName: string;
    veteran: { veteranId: number | null; veteranName: string };
    language: string;
    now: Date;
  }): Promise<InterviewView> {
    const template = this.template(input.templateName);
    return this.create({ ...input, template, mode: 'led' });
  }

  /**
   * A self-paced interview: created at its first question for the veteran to answer privately, in their
   * own language, with the first silence reminder planned. The veteran's contact says where to invite them.
   */
  async invite(input: {
    communityId: number;
    interviewerId: number;
    templateName: string;
    veteran: { veteranId: number; veteranName: string };
    platform: string;
    now: Date;
  }): Promise<{ view: InterviewView; contact: Contact | null }> {
    const template = this.template(input.templateName);
    const contact = await this.repo.contact(input.veteran.veteranId, input.communityId, input.platform);
    const view = await this.create({ ...input, template, mode: 'self', language: contact?.language ?? 'en' });
    await this.planSilence(view);
    return { view, contact };
  }

  private async create(input: {
    communityId: number;
    interviewerId: number;
    template: InterviewTemplate;
    veteran: { veteranId: number | null; veteranName: string };
    mode: InterviewMode;
    language: string;
    now: Date;
  }): Promise<InterviewView> {
    const { name, ...body } = input.template;
    const first = nextQuestion(questionsOf(body), {}, -1);
    const row = await this.repo.create({
      communityId: input.communityId,
      templateName: name,
      template: body,
      language: input.language,
      mode: input.mode,
      interviewerId: input.interviewerId,
      veteranId: input.veteran.veteranId,
      veteranName: input.veteran.veteranName,
      currentKey: first?.question.key ?? null,
      now: input.now,
    });
    return toView(row);
  }

  /** Someone's settings and private chat (their community's settings where they set none). */
  contact(memberId: number, communityId: number, preferPlatform?: string): Promise<Contact | null> {
    return this.repo.contact(memberId, communityId, preferPlatform);
  }

  /** Any interview by its id, or a UserError when there is none. */
  async require(id: number): Promise<InterviewView> {
    const row = await this.repo.find(id);
    if (!row) throw new UserError('interview.error.unknown', { id: String(id) });
    return toView(row);
  }

  /** The interview for the one who answers it (led: the interviewer; self-paced: the veteran), while in progress. */
  async open(id: number, memberId: number): Promise<InterviewView> {
    const row = await this.repo.find(id);
    if (!row) throw new UserError('interview.error.unknown', { id: String(id) });
    checkAnswerer(row, memberId);
    return toView(row);
  }

  /** The in-progress interviews this member answers in the community, the one last answered first. */
  async toAnswer(memberId: number, communityId: number): Promise<InterviewView[]> {
    return (await this.repo.toAnswer(memberId, communityId)).map(toView);
  }

  /** The interviews a member led or invited, and those they gave: for /interviews. */
  async involving(memberId: number, communityId: number, limit = 30): Promise<InterviewView[]> {
    return (await this.repo.involving(memberId, communityId, limit)).map(toView);
  }

  /**
   * One move of the person answering, on the question shown at `expected` (a button), or on whatever
   * question is current (null: a typed answer or a file). A button from another step changes nothing
   * (`stale`). What cannot be an answer is a UserError that changes nothing.
   */
  async step(
    id: number,
    memberId: number,
    expected: number | null,
    step: InterviewStep,
    reader: WhenInputContext,
    now: Date,
  ): Promise<StepOutcome> {
    const changed = await this.repo.change(id, (row) => {
      checkAnswerer(row, memberId);
      const view = toView(row);
      if (expected !== null && expected !== positionOf(view)) {
        return { changes: null, result: { stale: true, kept: false } };
      }
      const decided = decide(view, step, reader, now);
      return { changes: decided.changes, result: { stale: false, kept: decided.kept } };
    });
    if (!changed) throw new UserError('interview.error.unknown', { id: String(id) });
    const view = toView(changed.row);
    await this.planSilence(view);
    return { view, ...changed.result };
  }

  /**
   * The consent, once every question has been dealt with: the interview is finished. Led, it is given
   * by the interviewer on the veteran's behalf, and recorded as such.
   */
  async consent(
    id: number,
    memberId: number,
    consent: InterviewConsent,
    now: Date,
  ): Promise<{ view: InterviewView; stale: boolean }> {
    const changed = await this.repo.change(id, (row) => {
      checkAnswerer(row, memberId);
      if (row.currentKey !== null) return { changes: null, result: true };
      const changes: InterviewChanges = {
        consent,
        consentBy: row.mode === 'led' ? 'interviewer' : 'veteran',
        consentAt: now,
        status: 'finished',
        finishedAt: now,
      };
      return { changes, result: false };
    });
    if (!changed) throw new UserError('interview.error.unknown', { id: String(id) });
    return { view: toView(changed.row), stale: changed.result };
  }

  /**
   * A finished interview opened again for its answerer to revise (the curators asked for changes), at
   * the consent: Back reaches every answer, and choosing the consent again finishes it anew. Its last
   * activity is now, so that no silence reminder planned before it finished goes out.
   */
  async reopen(id: number, memberId: number, now: Date): Promise<InterviewView> {
    const changed = await this.repo.change(id, (row) => {
      checkRespondent(row, memberId);
      if (row.status === 'withdrawn') throw new UserError('interview.error.withdrawn', { id: String(row.id) });
      if (row.status !== 'finished') return { changes: null, result: null };
      return { changes: { status: 'in_progress', currentKey: null, lastAnsweredAt: now }, result: null };
    });
    if (!changed) throw new UserError('interview.error.unknown', { id: String(id) });
    return toView(changed.row);
  }

  /**
   * Withdrawal, by the veteran (by the interviewer when the veteran is on no platform): the interview
   * is marked withdrawn, whatever it was, and leaves what was published from it.
   */
  async withdraw(id: number, memberId: number, now: Date): Promise<InterviewView> {
    const changed = await this.repo.change(id, (row) => {
      const mayWithdraw = row.veteranId === memberId || (row.veteranId === null && row.interviewerId === memberId);
      if (!mayWithdraw) {
        throw row.veteranId !== null && row.interviewerId === memberId
          ? new UserError('interview.error.withdraw-veteran-only', { id: String(row.id), veteran: row.veteranName })
          : new UserError('interview.error.unknown', { id: String(row.id) });
      }
      if (row.status === 'withdrawn') throw new UserError('interview.error.already-withdrawn', { id: String(row.id) });
      return { changes: { status: 'withdrawn', withdrawnAt: now }, result: null };
    });
    if (!changed) throw new UserError('interview.error.unknown', { id: String(id) });
    return toView(changed.row);
  }

  /**
   * A self-paced veteran is reminded after SILENCE_MS without an answer: one reminder row per silence
   * (the stage counts the questions dealt with), due that long after the last answer.
   */
  private async planSilence(view: InterviewView): Promise<void> {
    if (view.mode !== 'self' || view.status !== 'in_progress' || view.veteranId === null) return;
    const stage = `silence-${dealtWith(view.questions, view.answers)}`;
    await this.repo.planReminder(view.id, view.veteranId, stage, new Date(view.lastAnsweredAt.getTime() + SILENCE_MS));
  }
}

/** The one who answers the interview: led, its interviewer; self-paced, its veteran. */
function checkRespondent(row: InterviewRow, memberId: number): void {
  const answerer = row.mode === 'led' ? row.interviewerId : row.veteranId;
  if (answerer === memberId) return;
  if (row.mode === 'self' && row.interviewerId === memberId) {
    throw new UserError('interview.error.veteran-answers', { id: String(row.id), veteran: row.veteranName });
  }
  throw new UserError('interview.error.unknown', { id: String(row.id) });
}

function checkedName(name: string): string {
  if ([...name].length > MAX_VETERAN_NAME) {
    throw new UserError('interview.error.name-long', { max: MAX_VETERAN_NAME, name: firstGraphemes(name, 40).text });
  }
  return name;
}

/** Only the one who answers may move an interview on, and only while it is in progress. */
function checkAnswerer(row: InterviewRow, memberId: number): void {
  checkRespondent(row, memberId);
  if (row.status === 'finished') throw new UserError('interview.error.finished', { id: String(row.id) });
  if (row.status === 'withdrawn') throw new UserError('interview.error.withdrawn', { id: String(row.id) });
}

export function toView(row: InterviewRow): InterviewView {
  const template = readInterviewTemplate(row.template);
  const questions = questionsOf(template);
  const { interviewer, template: _template, answers, currentKey, ...rest } = row;
  return {
    ...rest,
    template,
    questions,
    interviewerName: interviewer?.displayName ?? null,
    answers: readInterviewAnswers(answers),
    current: currentKey === null ? null : (questions.find((q) => q.question.key === currentKey) ?? null),
  };
}

/** What a move changes, by the rules of the current question; a UserError for what is no answer to it. */
function decide(
  view: InterviewView,
  step: InterviewStep,
  reader: WhenInputContext,
  now: Date,
): { changes: InterviewChanges | null; kept: boolean } {
  const current = view.current;
  if (step.kind === 'back') {
    const previous = previousQuestion(view.questions, view.answers, current?.index ?? null);
    return { changes: previous ? { currentKey: previous.question.key } : null, kept: false };
  }
  if (!current) {
    // At the consent only its buttons (and Back) do anything.
    throw new UserError('interview.error.consent-buttons');
  }
  const { question } = current;
  const existing = view.answers[question.key];
  const answered = (answer: InterviewAnswer, goOn = true) => {
    const answers = withoutUnasked(view.questions, { ...view.answers, [question.key]: answer });
    const changes: InterviewChanges = { answers, lastAnsweredAt: now };
    if (goOn) changes.currentKey = nextQuestion(view.questions, answers, current.index)?.question.key ?? null;
    return { changes, kept: !goOn };
  };
  switch (step.kind) {
    case 'skip':
      return answered({ kind: 'skipped' });
    case 'done':
      if (existing === undefined) throw new UserError('interview.error.nothing-yet');
      return answered(existing);
    case 'clear': {
      if (existing === undefined) return { changes: null, kept: false };
      const { [question.key]: _cleared, ...answers } = view.answers;
      return { changes: { answers, lastAnsweredAt: now }, kept: true };
    }
    case 'choose':
      if (question.type !== 'choice' || step.option >= question.options.length) {
        throw new UserError('error.stale-button');
      }
      return answered({ kind: 'choice', choice: step.option });
    case 'text': {
      switch (question.type) {
        case 'text':
          return answered(accepted(readText(step.text, question)));
        case 'long-text': {
          const parts = existing?.kind === 'long-text' ? existing.parts : [];
          return answered(accepted(addPart(parts, step.text, question)), false);
        }
        case 'date':
          return answered(accepted(readDate(step.text, reader, now)));
        case 'choice':
          throw new UserError('interview.error.use-buttons');
        case 'media':
          throw new UserError('interview.error.send-media');
      }
      break;
    }
    case 'file': {
      if (question.type === 'choice') throw new UserError('interview.error.use-buttons');
      if (question.type !== 'media') throw new UserError('interview.error.not-media');
      const sofar = existing?.kind === 'media' ? existing.files : [];
      const answer = accepted(readFile(step.platform, step.file, question, sofar));
      const full = answer.kind === 'media' && answer.files.length >= question.max;
      return answered(answer, full);
    }
  }
  throw new UserError('error.stale-button');
}

function accepted(result: InputResult<InterviewAnswer>): InterviewAnswer {
  if (!result.ok) throw new UserError(result.key, result.params);
  return result.value;
}
