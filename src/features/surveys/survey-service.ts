import { UserError } from '../../core/errors.ts';
import type { OutboundMessage } from '../../core/event.ts';
import type { Logger } from '../../logger.ts';
import { formatDateTime, type FormatOptions } from '../../i18n/date-format.ts';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from '../../i18n/languages.ts';
import type { Translate, Translator } from '../../i18n/translator.ts';
import type { AudienceRepository } from '../ballots/audience-repository.ts';
import type { Messenger } from '../ballots/messenger.ts';
import { sendNudges, type NudgeOutcome } from '../ballots/nudge-sender.ts';
import type { AnswerValue, ResponseRow, SurveyRepository, SurveyRow } from './survey-repository.ts';
import { localize, readTitle, toQuestion, type Question } from './survey-questions.ts';
import { describeProblem, type TemplateProblem } from './survey-template-loader.ts';
import type { SurveyTemplate } from './survey-template-schema.ts';
import type { TemplateSource } from '../templates/template-store.ts';

/** How long an instance has to post a closed survey's notice before another one takes over. */
const ANNOUNCE_LEASE_MS = 2 * 60_000;
export const START_ACTION = 'svy.go';

export interface Survey extends Omit<SurveyRow, 'questions' | 'title'> {
  title: ReturnType<typeof readTitle>;
  questions: Question[];
}

/** Where a member stands in a survey: the question to show next, or done. */
export interface Progress {
  survey: Survey;
  response: ResponseRow;
  question: Question | null;
  answer: AnswerValue | null;
}

/** Rules of surveys: opening from a template, answering question by question, closing, nudging. */
export class SurveyService {
  constructor(
    private readonly repo: SurveyRepository,
    private readonly audience: AudienceRepository,
    private readonly messenger: Messenger,
    private readonly translator: Translator,
    private readonly logger: Logger,
    /** The template store's shelf of this kind (read from its folders on first sight). */
    private readonly shelf: TemplateSource<SurveyTemplate>,
  ) {}

  get templates(): ReadonlyMap<string, SurveyTemplate> {
    return this.shelf.templates;
  }

  get problems(): readonly TemplateProblem[] {
    return this.shelf.problems;
  }

  /** The template by name, or a UserError that lists the usable ones (and why a broken one is not). */
  template(name: string): SurveyTemplate {
    const template = this.templates.get(name.toLowerCase());
    if (template) return template;
    const broken = this.problems.find((p) => p.name === name.toLowerCase());
    if (broken) throw new UserError('survey.error.template-broken', { name, problem: describeProblem(broken) });
    throw new UserError('survey.error.template-unknown', { name, names: [...this.templates.keys()].join(', ') });
  }

  async open(input: {
    communityId: number;
    memberId: number;
    template: SurveyTemplate;
    closesAt: Date | null;
  }): Promise<{ survey: Survey; chats: number }> {
    const { template } = input;
    const row = await this.repo.createSurvey({
      communityId: input.communityId,
      createdById: input.memberId,
      templateName: template.name,
      title: template.title,
      closesAt: input.closesAt,
      questions: template.questions.map((q) => ({
        key: q.key,
        kind: q.type,
        text: q.text,
        options: q.type === 'single' || q.type === 'multiple' ? q.options : [],
        scale: q.type === 'scale' ? { low: q.low, high: q.high } : null,
      })),
    });
    const survey = toSurvey(row);
    const chats = await this.repo.groupChats(survey.communityId);
    const language = asLanguage(survey.community.language);
    for (const chat of chats) {
      await this.messenger.enqueue(
        { platform: chat.platform, chatId: chat.externalId },
        this.announcement(survey, language, template.intro[language] || template.intro.en),
      );
    }
    return { survey, chats: chats.length };
  }

  private announcement(survey: Survey, language: Language, intro: string): OutboundMessage {
    const t = this.t(language);
    const lines = [
      t('survey.announce', {
        id: String(survey.id),
        title: localize(survey.title, language),
        count: survey.questions.length,
      }),
      intro,
    ];
    if (survey.closesAt)
      lines.push(t('survey.closes-at', { when: formatDateTime(survey.closesAt, formatFor(survey, language)) }));
    return {
      text: lines.join('\n'),
      buttons: [[{ label: t('survey.button-start'), action: START_ACTION, data: String(survey.id) }]],
    };
  }

  async find(id: number, communityId: number): Promise<Survey | null> {
    const row = await this.repo.findSurvey(id);
    return row && row.communityId === communityId ? toSurvey(row) : null;
  }

  openSurveys(communityId: number) {
    return this.repo.openSurveys(communityId);
  }

  /** Surveys to suggest while a chair types an id: open ones first, then the latest closed. */
  latest(communityId: number, take: number) {
    return this.repo.latest(communityId, take);
  }

  /** The survey's title for a member who may answer it (a survey of their community, still open). */
  async titleFor(surveyId: number, memberId: number, language: Language): Promise<string> {
    const row = await this.repo.findSurvey(surveyId);
    if (!row || !(await this.repo.isMember(memberId, row.communityId)))
      throw new UserError('survey.error.unknown-button');
    if (row.closedAt) throw new UserError('survey.error.closed', { id: String(row.id) });
    const response = await this.repo.findResponseOf(surveyId, memberId);
    if (response?.submittedAt) throw new UserError('survey.error.already-submitted', { id: String(row.id) });
    return localize(readTitle(row.title), language);
  }

  /** The member's place in a survey of one of their communities: begun now, or resumed where they stopped. */
  async begin(surveyId: number, memberId: number): Promise<Progress> {
    const row = await this.repo.findSurvey(surveyId);
    if (!row || !(await this.repo.isMember(memberId, row.communityId)))
      throw new UserError('survey.error.unknown-button');
    const survey = toSurvey(row);
    if (survey.closedAt) throw new UserError('survey.error.closed', { id: String(survey.id) });
    const response = await this.repo.startResponse(survey.id, memberId);
    if (response.submittedAt) throw new UserError('survey.error.already-submitted', { id: String(survey.id) });
    return this.progress(survey, response);
  }

  /** The member's own response named by a button; another's, a closed survey or a submitted one is refused. */
  async resume(responseId: number, memberId: number): Promise<Progress> {
    const response = await this.repo.findResponse(responseId);
    if (!response || response.memberId !== memberId) throw new UserError('survey.error.unknown-button');
    const row = await this.repo.findSurvey(response.surveyId);
    if (!row) throw new UserError('survey.error.unknown-button');
    const survey = toSurvey(row);
    if (survey.closedAt) throw new UserError('survey.error.closed', { id: String(survey.id) });
    if (response.submittedAt) throw new UserError('survey.error.already-submitted', { id: String(survey.id) });
    return this.progress(survey, response);
  }

  private async progress(survey: Survey, response: ResponseRow): Promise<Progress> {
    const question = survey.questions[response.position] ?? null;
    const answer = question ? await this.repo.findAnswer(response.id, question.id) : null;
    return { survey, response, question, answer };
  }

  /** Saves the answer to the current question and moves on; false when the press was stale. */
  async answer(progress: Progress, value: AnswerValue, now: Date): Promise<boolean> {
    const { response, question, survey } = progress;
    if (!question) return false;
    await this.repo.saveAnswer(response.id, question.id, value, now);
    const next = response.position + 1;
    return next >= survey.questions.length
      ? this.repo.submit(response.id, response.position, next, now)
      : this.repo.move(response.id, response.position, next);
  }

  /** Keeps a partial answer (a multiple-choice selection) without moving on. */
  async keep(progress: Progress, value: AnswerValue, now: Date): Promise<void> {
    if (progress.question) await this.repo.saveAnswer(progress.response.id, progress.question.id, value, now);
  }

  back(progress: Progress): Promise<boolean> {
    const { position } = progress.response;
    return position > 0 ? this.repo.move(progress.response.id, position, position - 1) : Promise.resolve(false);
  }

  async reportData(survey: Survey) {
    const [responses, audience] = await Promise.all([
      this.repo.responses(survey.id),
      this.repo.countMembers(survey.communityId),
    ]);
    return { responses, audience };
  }

  async close(survey: Survey, actorId: number, now: Date): Promise<void> {
    if (survey.closedAt || !(await this.repo.claimClose(survey.id, now, ANNOUNCE_LEASE_MS))) {
      throw new UserError('survey.error.already-closed', { id: String(survey.id) });
    }
    await this.repo.audit(survey.communityId, actorId, 'survey.close', { surveyId: survey.id });
    await this.announceClosed(survey.id, now);
  }

  async closeDue(now: Date): Promise<number> {
    const due = await this.repo.claimDueClosings(now, ANNOUNCE_LEASE_MS, 20);
    for (const { id } of due) {
      try {
        await this.announceClosed(id, now);
      } catch (error) {
        this.logger.error({ err: error, surveyId: id }, 'could not post a closed survey; retried after the lease');
      }
    }
    return due.length;
  }

  /** Tells the community's groups that the survey closed, with its response rate (the report is the chairs'). */
  private async announceClosed(surveyId: number, now: Date): Promise<void> {
    const row = await this.repo.findSurvey(surveyId);
    if (!row) return;
    const survey = toSurvey(row);
    const [respondents, audience, chats] = await Promise.all([
      this.repo.respondents(survey.id),
      this.repo.countMembers(survey.communityId),
      this.repo.groupChats(survey.communityId),
    ]);
    const language = asLanguage(survey.community.language);
    const text = this.t(language)('survey.closed-notice', {
      id: String(survey.id),
      title: localize(survey.title, language),
      responses: respondents.size,
      audience,
      rate: audience > 0 ? Math.round((respondents.size * 100) / audience) : 0,
    });
    for (const chat of chats)
      await this.messenger.enqueue({ platform: chat.platform, chatId: chat.externalId }, { text });
    await this.repo.markAnnounced(survey.id, now);
  }

  /** Reminds, privately, the members who have not submitted the survey; counts those it cannot reach. */
  async nudge(survey: Survey): Promise<NudgeOutcome> {
    if (survey.closedAt) throw new UserError('survey.error.closed', { id: String(survey.id) });
    const [members, respondents] = await Promise.all([
      this.audience.members(survey.communityId),
      this.repo.respondents(survey.id),
    ]);
    const pending = members.filter((m) => !respondents.has(m.memberId));
    return sendNudges(this.messenger, pending, (member) => {
      const language = asLanguage(member.language ?? survey.community.language);
      const t = this.t(language);
      return {
        text: t('survey.nudge', { id: String(survey.id), title: localize(survey.title, language) }),
        buttons: [[{ label: t('survey.button-start'), action: START_ACTION, data: String(survey.id) }]],
      };
    });
  }

  private t(language: Language): Translate {
    return this.translator.forLanguage(language);
  }
}

export function toSurvey(row: SurveyRow): Survey {
  return { ...row, title: readTitle(row.title), questions: row.questions.map(toQuestion) };
}

function asLanguage(value: string): Language {
  return isLanguage(value) ? value : DEFAULT_LANGUAGE;
}

export function formatFor(survey: Pick<Survey, 'community'>, language: Language): FormatOptions {
  const calendar = survey.community.calendar === 'persian' ? 'persian' : 'gregorian';
  return { language, calendar, timeZone: survey.community.timeZone };
}
