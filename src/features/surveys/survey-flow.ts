import { UserError } from '../../core/errors.ts';
import type { ButtonSpec } from '../../core/context.ts';
import { type AppRouter, type Ctx } from '../services.ts';
import { addAction } from '../feature-action.ts';
import { localizeDigits } from '../../i18n/digits.ts';
import { parseButtonId } from '../ballots/short-id.ts';
import { localize, SCALE_POINTS, type Question } from './survey-questions.ts';
import { START_ACTION, type Progress } from './survey-service.ts';
import type { AnswerValue } from './survey-repository.ts';

/**
 * Answering a survey in the private chat, one question at a time. Where the member stands is the
 * response row itself (its position and saved answers), so stopping, resuming and restarts lose
 * nothing; the conversation only routes typed answers here. Buttons carry the response id, the
 * question's position and what was pressed: an old button (another position) moves nothing.
 */
const FLOW = 'survey';
const ANSWER_ACTION = 'svy.a';
/** A survey may take days to finish: typed answers are expected that long after the last question. */
const FLOW_TTL_MS = 7 * 24 * 3600_000;
const MAX_TEXT_ANSWER = 2000;
const ANSWER_DATA = /^(\d{1,9})\.(\d{1,2})\.(o\d|t\d|s[1-5]|d|k|b|x)$/;

export function registerSurveyFlow(router: AppRouter): void {
  addAction(router, START_ACTION, async (ctx, data) => {
    const surveyId = parseButtonId(data);
    if (ctx.event.chat.kind !== 'private') {
      // The questions are asked privately; from a group the member gets a start button there.
      const title = await ctx.services.surveys.titleFor(surveyId, ctx.member.id, ctx.language);
      ctx.requirePrivateReach();
      return ctx.replyPrivately('survey.start-privately', { title }, { buttons: startButton(surveyId) });
    }
    const progress = await ctx.services.surveys.begin(surveyId, ctx.member.id);
    if (progress.response.position === 0 && !progress.answer) {
      await ctx.reply('survey.started', {
        title: localize(progress.survey.title, ctx.language),
        count: progress.survey.questions.length,
      });
    }
    await showQuestion(ctx, progress);
  });

  addAction(router, ANSWER_ACTION, async (ctx, data) => {
    const match = ANSWER_DATA.exec(data);
    if (!match) throw new UserError('error.stale-button');
    const progress = await ctx.services.surveys.resume(Number(match[1]), ctx.member.id);
    const op = match[3]!;
    if (progress.response.position !== Number(match[2]) || !progress.question) {
      return showQuestion(ctx, progress, 'survey.stale');
    }
    await press(ctx, progress, progress.question, op);
  });

  router.flow({
    name: FLOW,
    steps: {
      answer: async (ctx, input, state) => {
        const responseId = Number(state.data.responseId);
        const progress = await ctx.services.surveys.resume(responseId, ctx.member.id);
        const question = progress.question;
        if (!question || question.kind !== 'text' || input.type !== 'text') {
          return showQuestion(ctx, progress, 'survey.use-buttons');
        }
        const text = input.text.trim();
        if ([...text].length > MAX_TEXT_ANSWER) throw new UserError('error.too-long', { max: MAX_TEXT_ANSWER });
        if (!text) return showQuestion(ctx, progress);
        await advance(ctx, progress, { choices: [], scale: null, text, skipped: false });
      },
    },
    onCancel: async (ctx, state) =>
      pause(ctx, await ctx.services.surveys.resume(Number(state.data.responseId), ctx.member.id)),
  });
}

async function press(ctx: Ctx, progress: Progress, question: Question, op: string): Promise<void> {
  const value = Number(op.slice(1));
  switch (op[0]) {
    case 'o':
      if (question.kind !== 'single' || value >= question.options.length) throw new UserError('error.stale-button');
      return advance(ctx, progress, { choices: [value], scale: null, text: null, skipped: false });
    case 't': {
      if (question.kind !== 'multiple' || value >= question.options.length) throw new UserError('error.stale-button');
      const chosen = new Set(progress.answer?.skipped ? [] : (progress.answer?.choices ?? []));
      if (chosen.has(value)) chosen.delete(value);
      else chosen.add(value);
      const choices = [...chosen].sort((a, b) => a - b);
      const answer: AnswerValue = { choices, scale: null, text: null, skipped: false };
      await ctx.services.surveys.keep(progress, answer, new Date());
      return showQuestion(ctx, { ...progress, answer });
    }
    case 'd': {
      if (question.kind !== 'multiple') throw new UserError('error.stale-button');
      const choices = progress.answer?.skipped ? [] : (progress.answer?.choices ?? []);
      return advance(ctx, progress, { choices, scale: null, text: null, skipped: choices.length === 0 });
    }
    case 's':
      if (question.kind !== 'scale') throw new UserError('error.stale-button');
      return advance(ctx, progress, { choices: [], scale: value, text: null, skipped: false });
    case 'k':
      return advance(ctx, progress, { choices: [], scale: null, text: null, skipped: true });
    case 'b':
      await ctx.services.surveys.back(progress);
      return showQuestion(ctx, await ctx.services.surveys.resume(progress.response.id, ctx.member.id));
    default:
      await ctx.conversation.end();
      return pause(ctx, progress);
  }
}

/** Stopping keeps every answer given: the member is told so, with a button to go on later. */
function pause(ctx: Ctx, progress: Progress): Promise<void> {
  return ctx.reply(
    'survey.paused',
    { answered: progress.response.position, count: progress.survey.questions.length },
    { buttons: startButton(progress.survey.id, 'survey.button-continue') },
  );
}

async function advance(ctx: Ctx, progress: Progress, value: AnswerValue): Promise<void> {
  const moved = await ctx.services.surveys.answer(progress, value, new Date());
  const next = await ctx.services.surveys.resume(progress.response.id, ctx.member.id).catch((error: unknown) => {
    // The last answer submitted the response: resuming it is refused, as it should be.
    if (error instanceof UserError && error.key === 'survey.error.already-submitted') return null;
    throw error;
  });
  if (!next) {
    await ctx.conversation.end();
    return ctx.reply('survey.thanks', { title: localize(progress.survey.title, ctx.language) });
  }
  await showQuestion(ctx, next, moved ? undefined : 'survey.stale');
}

/** The current question with its buttons; the conversation is (re)started so that a typed answer comes here. */
export async function showQuestion(ctx: Ctx, progress: Progress, noteKey?: string): Promise<void> {
  const { survey, response, question, answer } = progress;
  if (!question) return;
  if (ctx.event.chat.kind === 'private') {
    await ctx.conversation.start(FLOW, 'answer', { responseId: response.id }, FLOW_TTL_MS);
  }
  const language = ctx.language;
  const lines: string[] = [];
  if (noteKey) lines.push(ctx.t(noteKey), '');
  lines.push(
    ctx.t('survey.question-header', {
      title: localize(survey.title, language),
      n: question.position + 1,
      count: survey.questions.length,
    }),
    localize(question.text, language),
  );
  if (question.kind === 'scale' && question.scale) {
    lines.push(
      ctx.t('survey.hint-scale', {
        low: localize(question.scale.low, language),
        high: localize(question.scale.high, language),
      }),
    );
  } else {
    lines.push(ctx.t(`survey.hint-${question.kind}`));
  }
  if (answer && question.kind !== 'multiple')
    lines.push(ctx.t('survey.your-answer', { answer: describeAnswer(ctx, question, answer) }));

  const data = (op: string) => `${response.id}.${question.position}.${op}`;
  const rows: ButtonSpec[][] = [];
  if (question.kind === 'single') {
    question.options.forEach((option, i) =>
      rows.push([{ label: localize(option, language), action: ANSWER_ACTION, data: data(`o${i}`) }]),
    );
  } else if (question.kind === 'multiple') {
    const chosen = new Set(answer && !answer.skipped ? answer.choices : []);
    // Literal labels: member-facing text from the template, marked when chosen.
    question.options.forEach((option, i) =>
      rows.push([
        {
          label: `${chosen.has(i) ? '✅ ' : ''}${localize(option, language)}`,
          action: ANSWER_ACTION,
          data: data(`t${i}`),
        },
      ]),
    );
    rows.push([{ labelKey: 'survey.button-done', action: ANSWER_ACTION, data: data('d') }]);
  } else if (question.kind === 'scale') {
    rows.push(
      SCALE_POINTS.map((n) => ({
        labelKey: 'survey.scale-point',
        labelParams: { n },
        action: ANSWER_ACTION,
        data: data(`s${n}`),
      })),
    );
  }
  const nav: ButtonSpec[] = [];
  if (question.position > 0) nav.push({ labelKey: 'survey.button-back', action: ANSWER_ACTION, data: data('b') });
  nav.push({ labelKey: 'survey.button-skip', action: ANSWER_ACTION, data: data('k') });
  nav.push({ labelKey: 'survey.button-stop', action: ANSWER_ACTION, data: data('x') });
  rows.push(nav);
  await ctx.send(ctx.here, { text: lines.join('\n'), buttons: ctx.renderButtons(rows) });
}

function describeAnswer(ctx: Ctx, question: Question, answer: AnswerValue): string {
  if (answer.skipped) return ctx.t('survey.skipped');
  if (question.kind === 'scale') return answer.scale === null ? '' : localizeDigits(String(answer.scale), ctx.language);
  if (question.kind === 'text') return answer.text ?? '';
  return ctx.list(answer.choices.map((i) => localize(question.options[i]!, ctx.language)));
}

function startButton(surveyId: number, labelKey = 'survey.button-start'): ButtonSpec[][] {
  return [[{ labelKey, action: START_ACTION, data: String(surveyId) }]];
}
