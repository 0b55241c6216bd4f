import { UserError, isUserError } from '../../core/errors.ts';
import type { ButtonSpec } from '../../core/context.ts';
import type { Language } from '../../i18n/languages.ts';
import { type AppRouter, type Ctx } from '../services.ts';
import { addAction } from '../feature-action.ts';
import { parseButtonId } from '../ballots/short-id.ts';
import { localize } from '../surveys/survey-questions.ts';
import { isGiven } from './interview-answers.ts';
import { CONTINUE_INTERVIEW_ACTION, INTERVIEW_STEP_ACTION } from './interview-buttons.ts';
import { previousQuestion, progressCount } from './interview-progress.ts';
import type { InterviewConsent } from './interview-repository.ts';
import { positionOf, type InterviewStep, type InterviewView } from './interview-service.ts';
import { consentText, interviewTitle, questionText, type Reader } from './interview-text.ts';

/**
 * Answering an interview in a private chat, one question at a time: the interviewer recording a led
 * one, or the veteran answering their own. Where it stands is the Interview row (the current question
 * and the answers), so stopping, a restart or going on from another platform loses nothing; the
 * conversation only routes typed answers and files here. Buttons carry the interview's id, the
 * position they were shown at and what was pressed: one from another position moves nothing and shows
 * where the interview is.
 */

const FLOW = 'interview';
/** Naming the veteran of a led interview, before its first question. */
const VETERAN_FLOW = 'interview-veteran';
/** A self-paced interview may take weeks: typed answers are routed here that long after the last question. */
const FLOW_TTL_MS = 30 * 24 * 3600_000;
const VETERAN_TTL_MS = 24 * 3600_000;
const STEP_DATA = /^(\d{1,9})\.(\d{1,3})\.(o\d|y[namp]|[dckbx])$/;
const CONSENT_OF: Record<string, InterviewConsent> = { n: 'named', a: 'anonymous', m: 'members_only', p: 'private' };
const CONSENT_LETTER: Record<InterviewConsent, string> = {
  named: 'n',
  anonymous: 'a',
  members_only: 'm',
  private: 'p',
};

export function registerInterviewFlow(router: AppRouter): void {
  addAction(router, CONTINUE_INTERVIEW_ACTION, async (ctx, data) => {
    const id = parseButtonId(data);
    const view = await ctx.services.interviews.open(id, ctx.member.id);
    if (ctx.event.chat.kind !== 'private') {
      ctx.requirePrivateReach();
      return ctx.replyPrivately('interview.continue-privately', { id: String(id) }, { buttons: continueButton(id) });
    }
    await show(ctx, view, 'interview.resumed');
  });

  addAction(router, INTERVIEW_STEP_ACTION, async (ctx, data) => {
    const match = STEP_DATA.exec(data);
    if (!match) throw new UserError('error.stale-button');
    const id = Number(match[1]);
    const position = Number(match[2]);
    const op = match[3]!;
    if (op === 'x') return pause(ctx, await current(ctx, id));
    if (op.startsWith('y')) return consent(ctx, id, position, CONSENT_OF[op[1]!]!);
    const outcome = await ctx.services.interviews
      .step(id, ctx.member.id, position, stepOf(op), readerSettings(ctx), new Date())
      .catch(endTypingOnClosed(ctx, id));
    await show(ctx, outcome.view, outcome.stale ? 'interview.stale' : undefined);
  });

  router.flow({
    name: FLOW,
    steps: {
      answer: async (ctx, input, state) => {
        const id = Number(state.data.interviewId);
        const step: InterviewStep =
          input.type === 'text'
            ? { kind: 'text', text: input.text }
            : { kind: 'file', platform: ctx.event.chat.platform, file: input };
        const outcome = await ctx.services.interviews
          .step(id, ctx.member.id, null, step, readerSettings(ctx), new Date())
          .catch(endTypingOnClosed(ctx, id));
        if (outcome.kept) return acknowledge(ctx, outcome.view);
        await show(ctx, outcome.view);
      },
    },
    onCancel: async (ctx, state) => pause(ctx, await current(ctx, Number(state.data.interviewId))),
  });

  router.flow({
    name: VETERAN_FLOW,
    steps: {
      who: async (ctx, input, state) => {
        if (input.type !== 'text') return ctx.reply('interview.who');
        await startLed(ctx, String(state.data.template), { platform: ctx.event.chat.platform, name: input.text });
      },
    },
  });
}

/** Asks the interviewer who the veteran is; their next message names them. */
export async function askWhoIsVeteran(ctx: Ctx, templateName: string): Promise<void> {
  await ctx.conversation.start(VETERAN_FLOW, 'who', { template: templateName }, VETERAN_TTL_MS);
  await ctx.reply('interview.who');
}

/** A led interview with its veteran named: created, introduced, and its first question asked. */
export async function startLed(
  ctx: Ctx,
  templateName: string,
  veteran: { platform: string; userId?: string; name: string },
): Promise<void> {
  const community = ctx.requireCommunity();
  const interviews = ctx.services.interviews;
  const template = interviews.template(templateName);
  const resolved = await interviews.resolveVeteran(community.id, veteran, 'led');
  const view = await interviews.startLed({
    communityId: community.id,
    interviewerId: ctx.member.id,
    templateName: template.name,
    veteran: resolved,
    language: ctx.language,
    now: new Date(),
  });
  await ctx.reply('interview.started-led', {
    id: String(view.id),
    title: interviewTitle(view, ctx.language),
    veteran: view.veteranName,
    member: view.veteranId === null ? 'no' : 'yes',
  });
  await show(ctx, view);
}

/** The interview where it stands: its current question, or the consent; typed answers come here from now on. */
export async function show(ctx: Ctx, view: InterviewView, noteKey?: string): Promise<void> {
  if (ctx.event.chat.kind === 'private') {
    await ctx.conversation.start(FLOW, 'answer', { interviewId: view.id }, FLOW_TTL_MS);
  }
  const reader = readerOf(ctx);
  const note = noteKey ? ctx.t(noteKey) : undefined;
  const text = view.current ? questionText(reader, view, note) : consentText(reader, view, note);
  const rows = view.current ? questionButtons(view, ctx.language) : consentButtons(view);
  await ctx.send(ctx.here, { text, buttons: ctx.renderButtons(rows) });
}

/** A message added to a long answer, or a file to several: said briefly, with Done at hand. */
async function acknowledge(ctx: Ctx, view: InterviewView): Promise<void> {
  const answer = view.current ? view.answers[view.current.question.key] : undefined;
  const params =
    answer?.kind === 'media'
      ? {
          kind: 'file',
          count: answer.files.length,
          max: view.current?.question.type === 'media' ? view.current.question.max : 1,
        }
      : { kind: 'part', count: answer?.kind === 'long-text' ? answer.parts.length : 0, max: 0 };
  const data = (op: string) => `${view.id}.${positionOf(view)}.${op}`;
  await ctx.reply('interview.added', params, {
    buttons: [
      [{ labelKey: 'interview.button.done', action: INTERVIEW_STEP_ACTION, data: data('d') }],
      [
        { labelKey: 'interview.button.clear', action: INTERVIEW_STEP_ACTION, data: data('c') },
        { labelKey: 'interview.button.pause', action: INTERVIEW_STEP_ACTION, data: data('x') },
      ],
    ],
  });
}

/**
 * The consent: the interview is finished, the archive takes it (to the curators, unless private), the
 * one who answered is thanked, and, self-paced, the interviewer is told.
 */
async function consent(ctx: Ctx, id: number, position: number, choice: InterviewConsent): Promise<void> {
  const interviews = ctx.services.interviews;
  const before = await current(ctx, id);
  if (positionOf(before) !== position) return show(ctx, before, 'interview.stale');
  const { view, stale } = await interviews.consent(id, ctx.member.id, choice, new Date());
  if (stale) return show(ctx, view, 'interview.stale');
  await endTypingFor(ctx, id);
  await ctx.services.interviewArchive.finished(view.id);
  await ctx.reply('interview.finished', {
    id: String(view.id),
    title: interviewTitle(view, ctx.language),
    consent: choice,
    label: ctx.t(`interview.consent.label.${choice}`),
    mode: view.mode,
  });
  if (view.mode === 'self' && view.interviewerId !== null && view.interviewerId !== ctx.member.id) {
    const contact = await interviews.contact(view.interviewerId, view.communityId, ctx.event.chat.platform);
    if (contact?.target) await ctx.send(contact.target, interviews.notices.finished(view, contact));
  }
}

/** Pausing keeps every answer: the person is told so, with a button to go on, here or elsewhere. */
async function pause(ctx: Ctx, view: InterviewView): Promise<void> {
  await endTypingFor(ctx, view.id);
  const { answered, count } = progressCount(view.questions, view.answers);
  await ctx.reply('interview.paused', { id: String(view.id), answered, count }, { buttons: continueButton(view.id) });
}

/** The interview for its answerer; when it can no longer be answered, the typing flow ends too. */
async function current(ctx: Ctx, id: number): Promise<InterviewView> {
  return ctx.services.interviews.open(id, ctx.member.id).catch(endTypingOnClosed(ctx, id));
}

function endTypingOnClosed(ctx: Ctx, id: number) {
  return async (error: unknown): Promise<never> => {
    if (isUserError(error) && /^interview\.error\.(finished|withdrawn|unknown|veteran-answers)$/.test(error.key)) {
      await endTypingFor(ctx, id);
    }
    throw error;
  };
}

async function endTypingFor(ctx: Ctx, id: number): Promise<void> {
  const state = await ctx.conversation.current();
  if (state?.flow === FLOW && Number(state.data.interviewId) === id) await ctx.conversation.end();
}

function stepOf(op: string): InterviewStep {
  switch (op[0]) {
    case 'o':
      return { kind: 'choose', option: Number(op.slice(1)) };
    case 'd':
      return { kind: 'done' };
    case 'c':
      return { kind: 'clear' };
    case 'k':
      return { kind: 'skip' };
    default:
      return { kind: 'back' };
  }
}

function questionButtons(view: InterviewView, language: Language): ButtonSpec[][] {
  const current = view.current!;
  const { question } = current;
  const data = (op: string) => `${view.id}.${current.index}.${op}`;
  const answer = view.answers[question.key];
  const rows: ButtonSpec[][] = [];
  if (question.type === 'choice') {
    question.options.forEach((option, i) =>
      rows.push([
        {
          // The template's own words, marked when it is the answer already given.
          label: `${answer?.kind === 'choice' && answer.choice === i ? '✓ ' : ''}${localize(option, language)}`,
          action: INTERVIEW_STEP_ACTION,
          data: data(`o${i}`),
        },
      ]),
    );
  }
  const growing = question.type === 'long-text' || question.type === 'media';
  if (growing && isGiven(answer)) {
    rows.push([{ labelKey: 'interview.button.done', action: INTERVIEW_STEP_ACTION, data: data('d') }]);
    rows.push([{ labelKey: 'interview.button.clear', action: INTERVIEW_STEP_ACTION, data: data('c') }]);
  } else if (answer && !growing) {
    rows.push([{ labelKey: 'interview.button.keep', action: INTERVIEW_STEP_ACTION, data: data('d') }]);
  }
  const nav: ButtonSpec[] = [];
  if (previousQuestion(view.questions, view.answers, current.index)) {
    nav.push({ labelKey: 'interview.button.back', action: INTERVIEW_STEP_ACTION, data: data('b') });
  }
  // A story begun is finished with Done or told again with Clear: Skip would drop it unnoticed.
  if (!(growing && isGiven(answer))) {
    nav.push({ labelKey: 'interview.button.skip', action: INTERVIEW_STEP_ACTION, data: data('k') });
  }
  nav.push({ labelKey: 'interview.button.pause', action: INTERVIEW_STEP_ACTION, data: data('x') });
  rows.push(nav);
  return rows;
}

function consentButtons(view: InterviewView): ButtonSpec[][] {
  const data = (op: string) => `${view.id}.${view.questions.length}.${op}`;
  const rows: ButtonSpec[][] = (['named', 'anonymous', 'members_only', 'private'] as const).map((choice) => [
    {
      labelKey: `interview.consent.button.${choice}`,
      action: INTERVIEW_STEP_ACTION,
      data: data(`y${CONSENT_LETTER[choice]}`),
    },
  ]);
  const nav: ButtonSpec[] = [];
  if (previousQuestion(view.questions, view.answers, null)) {
    nav.push({ labelKey: 'interview.button.back', action: INTERVIEW_STEP_ACTION, data: data('b') });
  }
  nav.push({ labelKey: 'interview.button.pause', action: INTERVIEW_STEP_ACTION, data: data('x') });
  rows.push(nav);
  return rows;
}

function readerOf(ctx: Ctx): Reader {
  return {
    t: ctx.t,
    language: ctx.language,
    calendar: ctx.calendar,
    timeZone: ctx.timeZone,
    list: (items) => ctx.list(items),
  };
}

function readerSettings(ctx: Ctx) {
  return { language: ctx.language, timeZone: ctx.timeZone, calendar: ctx.calendar };
}

export function continueButton(id: number, labelKey = 'interview.button.continue'): ButtonSpec[][] {
  return [[{ labelKey, action: CONTINUE_INTERVIEW_ACTION, data: String(id) }]];
}
