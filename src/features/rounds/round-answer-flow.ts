import { UserError, isUserError } from '../../core/errors.ts';
import type { ButtonSpec } from '../../core/context.ts';
import type { FlowInput } from '../../core/router.ts';
import { formatDateTime } from '../../i18n/date-format.ts';
import { type AppRouter, type Ctx } from '../services.ts';
import { addAction } from '../feature-action.ts';
import { parseButtonId, readShortId } from '../ballots/short-id.ts';
import { localize } from '../surveys/survey-questions.ts';
import type { RoundAnswer } from './round-answers.ts';
import { fileReference, parseNumberAnswer, parseTextAnswer } from './round-answer-input.ts';
import { currentQuestion, missingRequired, type RoundProgress, type RoundSubject } from './round-answer-service.ts';
import {
  buttonAnswer,
  previousAnswer,
  questionText,
  roundTitle,
  subjectParams,
  summaryText,
  type Speaker,
} from './round-answer-text.ts';
import type { RoundQuestion } from './round-template-schema.ts';

/**
 * Answering a report round in the private chat, one question at a time. Where the member stands is
 * their RoundDraft (position and answers), so stopping, a restart or going on from another platform
 * loses nothing; the conversation only routes typed answers and files here. Buttons carry the round
 * id, the position they were shown at and what was pressed: one from another position moves nothing
 * and shows where the member is.
 */

/** Pressed on a round's message (in a group, or privately): begins, resumes or offers to edit. */
export const START_ROUND_ACTION = 'rnd.go';
const ANSWER_ACTION = 'rnd.a';
const EDIT_ACTION = 'rnd.edit';
const FLOW = 'round-answer';
/** A report may take days to gather: typed answers are expected that long after the last question. */
const FLOW_TTL_MS = 7 * 24 * 3600_000;
/** Beyond this many questions the summary's "change" buttons would crowd it: the number is typed instead. */
const MAX_CHANGE_BUTTONS = 40;
const CHANGE_BUTTONS_PER_ROW = 5;
/**
 * `round.position.op`: o<i> choose option i, t<i> toggle option i, d done (multi), s<n> scale point,
 * k skip, p same as last time, n keep the answer, b back, x stop; at the summary y send, c<n> change n.
 */
const ANSWER_DATA = /^(\d{1,9})\.(\d{1,3})\.(o\d|t\d|s[1-5]|c\d{1,3}|[dkpnbxy])$/;

export function registerRoundAnswerFlow(router: AppRouter): void {
  addAction(router, START_ROUND_ACTION, (ctx, data) =>
    withDates(ctx, async () => {
      const roundId = parseButtonId(data);
      const rounds = ctx.services.roundAnswers;
      const now = new Date();
      if (ctx.event.chat.kind !== 'private') return invitePrivately(ctx, roundId);
      const start = await rounds.begin(roundId, ctx.member.id, now);
      if (start.kind === 'submitted') {
        return ctx.reply(
          'round.answer.already-submitted',
          {
            title: localize(start.round.template.title, ctx.language),
            period: start.round.periodLabel,
            version: start.submission.version,
            when: formatWhen(ctx, start.submission.submittedAt),
            ...subjectParams(start.subject),
          },
          { buttons: editButton(roundId, start.subject) },
        );
      }
      const { progress } = start;
      if (!start.resumed) {
        await ctx.reply('round.answer.started', {
          id: String(roundId),
          title: roundTitle(progress, ctx.language),
          period: progress.round.periodLabel,
          intro: localize(progress.round.template.intro, ctx.language),
          count: progress.round.questions.length,
          due: formatWhen(ctx, progress.round.dueAt),
          ...subjectParams(progress.subject),
        });
      }
      await show(ctx, progress, start.resumed ? 'round.answer.resumed' : undefined);
    }),
  );

  addAction(router, EDIT_ACTION, (ctx, data) =>
    withDates(ctx, async () => {
      const roundId = parseButtonId(data);
      if (ctx.event.chat.kind !== 'private') return invitePrivately(ctx, roundId);
      const progress = await ctx.services.roundAnswers.edit(roundId, ctx.member.id, new Date());
      await show(ctx, progress, progress.submitted ? 'round.answer.editing' : undefined);
    }),
  );

  addAction(router, ANSWER_ACTION, (ctx, data) =>
    withDates(ctx, async () => {
      const match = ANSWER_DATA.exec(data);
      if (!match) throw new UserError('error.stale-button');
      const progress = await current(ctx, Number(match[1]));
      if (progress.position !== Number(match[2])) return show(ctx, progress, 'round.answer.stale');
      const op = match[3]!;
      if (progress.position >= progress.round.questions.length) return pressAtSummary(ctx, progress, op);
      await pressAtQuestion(ctx, progress, currentQuestion(progress)!, op);
    }),
  );

  router.flow({
    name: FLOW,
    steps: {
      answer: (ctx, input, state) =>
        withDates(ctx, async () => {
          const progress = await current(ctx, Number(state.data.roundId));
          const question = currentQuestion(progress);
          if (!question) return typedAtSummary(ctx, progress, input);
          await typed(ctx, progress, question, input);
        }),
    },
    onCancel: (ctx, state) => withDates(ctx, async () => pause(ctx, await current(ctx, Number(state.data.roundId)))),
  });
}

/** From a group: the start button goes to the member's private chat, once they may answer. */
async function invitePrivately(ctx: Ctx, roundId: number): Promise<void> {
  const { round, subject } = await ctx.services.roundAnswers
    .access(roundId, ctx.member.id, new Date())
    .catch((error: unknown) => {
      // Why this member cannot answer is theirs alone: on Discord the group does not see it.
      if (isUserError(error)) throw new UserError(error.key, error.params, { ...error.options, onlyToSender: true });
      throw error;
    });
  ctx.requirePrivateReach();
  await ctx.replyPrivately(
    'round.answer.start-privately',
    { title: localize(round.template.title, ctx.language), period: round.periodLabel, ...subjectParams(subject) },
    { buttons: startButton(roundId) },
  );
}

/** The member's draft; when there is none any more (sent, or the round closed), the typing flow ends too. */
async function current(ctx: Ctx, roundId: number): Promise<RoundProgress> {
  try {
    return await ctx.services.roundAnswers.resume(roundId, ctx.member.id, new Date());
  } catch (error) {
    if (isUserError(error) && ctx.event.chat.kind === 'private') await endTypingFor(ctx, roundId);
    throw error;
  }
}

async function endTypingFor(ctx: Ctx, roundId: number): Promise<void> {
  const state = await ctx.conversation.current();
  if (state?.flow === FLOW && Number(state.data.roundId) === roundId) await ctx.conversation.end();
}

async function pressAtQuestion(ctx: Ctx, progress: RoundProgress, question: RoundQuestion, op: string): Promise<void> {
  const rounds = ctx.services.roundAnswers;
  const value = Number(op.slice(1));
  const existing = progress.answers[question.key];
  switch (op[0]) {
    case 'o':
      if (question.type !== 'single' || value >= question.options.length) throw new UserError('error.stale-button');
      return advance(ctx, progress, { kind: 'choice', choices: [value] });
    case 't': {
      if (question.type !== 'multi' || value >= question.options.length) throw new UserError('error.stale-button');
      const chosen = new Set(existing?.kind === 'choice' ? existing.choices : []);
      if (chosen.has(value)) chosen.delete(value);
      else chosen.add(value);
      const answer: RoundAnswer = { kind: 'choice', choices: [...chosen].sort((a, b) => a - b) };
      return moved(ctx, progress, await rounds.keep(progress, answer));
    }
    case 'd': {
      if (question.type !== 'multi') throw new UserError('error.stale-button');
      const choices = existing?.kind === 'choice' ? existing.choices : [];
      if (choices.length > 0) return advance(ctx, progress, { kind: 'choice', choices });
      if (question.required) throw new UserError('round.answer.error.choose-one');
      return advance(ctx, progress, { kind: 'skipped' });
    }
    case 's':
      if (question.type !== 'scale') throw new UserError('error.stale-button');
      return advance(ctx, progress, { kind: 'scale', value });
    case 'k':
      if (question.required) throw new UserError('round.answer.error.required');
      return advance(ctx, progress, { kind: 'skipped' });
    case 'p': {
      const previous = previousAnswer(progress, question);
      if (!previous) throw new UserError('error.stale-button');
      return advance(ctx, progress, previous);
    }
    case 'n':
      if (!existing) throw new UserError('error.stale-button');
      return advance(ctx, progress, existing);
    case 'b':
      return moved(ctx, progress, await rounds.back(progress));
    default:
      return stop(ctx, progress);
  }
}

async function pressAtSummary(ctx: Ctx, progress: RoundProgress, op: string): Promise<void> {
  const rounds = ctx.services.roundAnswers;
  switch (op[0]) {
    case 'y': {
      const sent = await rounds.submit(progress, new Date());
      if (!sent) return show(ctx, await current(ctx, progress.round.id), 'round.answer.stale');
      await endTypingFor(ctx, progress.round.id);
      return ctx.reply(
        'round.answer.submitted',
        {
          title: roundTitle(progress, ctx.language),
          period: progress.round.periodLabel,
          version: sent.version,
          ...subjectParams(progress.subject),
        },
        { buttons: editButton(progress.round.id, progress.subject) },
      );
    }
    case 'c':
      return moved(ctx, progress, await rounds.goTo(progress, Number(op.slice(1)) - 1));
    case 'b':
      return moved(ctx, progress, await rounds.back(progress));
    case 'x':
      return stop(ctx, progress);
    default:
      throw new UserError('error.stale-button');
  }
}

/** A typed answer or a file, for the question shown. */
async function typed(ctx: Ctx, progress: RoundProgress, question: RoundQuestion, input: FlowInput): Promise<void> {
  if (question.type === 'file') {
    if (input.type !== 'file') return show(ctx, progress, 'round.answer.send-a-file');
    return advance(ctx, progress, { kind: 'file', file: fileReference(ctx.event.chat.platform, input) });
  }
  if (question.type !== 'number' && question.type !== 'text') return show(ctx, progress, 'round.answer.use-buttons');
  if (input.type !== 'text') return show(ctx, progress, 'round.answer.type-answer');
  if (question.type === 'number') {
    const parsed = parseNumberAnswer(input.text, question, ctx.language);
    if (!parsed.ok) throw new UserError(parsed.key, parsed.params);
    return advance(ctx, progress, { kind: 'number', value: parsed.value });
  }
  const parsed = parseTextAnswer(input.text, question);
  if (!parsed.ok) throw new UserError(parsed.key, parsed.params);
  await advance(ctx, progress, { kind: 'text', text: parsed.value });
}

/** At the summary, a typed question number opens that question (the buttons stop at MAX_CHANGE_BUTTONS). */
async function typedAtSummary(ctx: Ctx, progress: RoundProgress, input: FlowInput): Promise<void> {
  const n = input.type === 'text' ? readShortId(input.text) : null;
  if (n === null || n > progress.round.questions.length) return show(ctx, progress, 'round.answer.use-buttons-summary');
  await moved(ctx, progress, await ctx.services.roundAnswers.goTo(progress, n - 1));
}

async function advance(ctx: Ctx, progress: RoundProgress, answer: RoundAnswer): Promise<void> {
  await moved(ctx, progress, await ctx.services.roundAnswers.answer(progress, answer));
}

/** Shows where the member is after a move; a move that found the draft changed says so. */
async function moved(ctx: Ctx, progress: RoundProgress, done: boolean): Promise<void> {
  await show(ctx, await current(ctx, progress.round.id), done ? undefined : 'round.answer.stale');
}

async function stop(ctx: Ctx, progress: RoundProgress): Promise<void> {
  await endTypingFor(ctx, progress.round.id);
  await pause(ctx, progress);
}

/** Stopping keeps every answer given: the member is told so, with a button to go on, here or elsewhere. */
function pause(ctx: Ctx, progress: RoundProgress): Promise<void> {
  const answered = progress.round.questions.filter((q) => progress.answers[q.question.key] !== undefined).length;
  return ctx.reply(
    'round.answer.paused',
    { answered, count: progress.round.questions.length },
    { buttons: startButton(progress.round.id, 'round.answer.button-continue') },
  );
}

/** The current question, or the summary, with its buttons; typed answers are routed here from now on. */
async function show(ctx: Ctx, progress: RoundProgress, noteKey?: string): Promise<void> {
  if (ctx.event.chat.kind === 'private') {
    await ctx.conversation.start(FLOW, 'answer', { roundId: progress.round.id }, FLOW_TTL_MS);
  }
  const speaker = speakerOf(ctx);
  const question = currentQuestion(progress);
  const note = noteKey ? ctx.t(noteKey, subjectParams(progress.subject)) : undefined;
  const text = question ? questionText(speaker, progress, note) : summaryText(speaker, progress, note);
  const rows = question ? questionButtons(speaker, progress, question) : summaryButtons(progress);
  await ctx.send(ctx.here, { text, buttons: ctx.renderButtons(rows) });
}

function questionButtons(speaker: Speaker, progress: RoundProgress, question: RoundQuestion): ButtonSpec[][] {
  const { language } = speaker;
  const data = (op: string) => `${progress.round.id}.${progress.position}.${op}`;
  const answer = progress.answers[question.key];
  const rows: ButtonSpec[][] = [];
  if (question.type === 'single') {
    question.options.forEach((option, i) =>
      rows.push([{ label: localize(option, language), action: ANSWER_ACTION, data: data(`o${i}`) }]),
    );
  } else if (question.type === 'multi') {
    const chosen = new Set(answer?.kind === 'choice' ? answer.choices : []);
    // Literal labels: the template's options, marked when chosen.
    question.options.forEach((option, i) =>
      rows.push([
        {
          label: `${chosen.has(i) ? '✓ ' : ''}${localize(option, language)}`,
          action: ANSWER_ACTION,
          data: data(`t${i}`),
        },
      ]),
    );
    rows.push([{ labelKey: 'round.answer.button-done', action: ANSWER_ACTION, data: data('d') }]);
  } else if (question.type === 'scale') {
    rows.push(
      [1, 2, 3, 4, 5].map((n) => ({
        labelKey: n === 1 || n === 5 ? 'round.answer.scale-end' : 'round.answer.scale-point',
        labelParams: { n, label: localize(n === 1 ? question.low : question.high, language) },
        action: ANSWER_ACTION,
        data: data(`s${n}`),
      })),
    );
  }
  const previous = previousAnswer(progress, question);
  if (previous) {
    rows.push([
      {
        labelKey: 'round.answer.button-previous',
        labelParams: { answer: buttonAnswer(speaker, question, previous) },
        action: ANSWER_ACTION,
        data: data('p'),
      },
    ]);
  }
  if (answer && question.type !== 'multi') {
    rows.push([{ labelKey: 'round.answer.button-keep', action: ANSWER_ACTION, data: data('n') }]);
  }
  const nav: ButtonSpec[] = [];
  if (progress.position > 0) nav.push({ labelKey: 'round.answer.button-back', action: ANSWER_ACTION, data: data('b') });
  if (!question.required) nav.push({ labelKey: 'round.answer.button-skip', action: ANSWER_ACTION, data: data('k') });
  nav.push({ labelKey: 'round.answer.button-stop', action: ANSWER_ACTION, data: data('x') });
  rows.push(nav);
  return rows;
}

function summaryButtons(progress: RoundProgress): ButtonSpec[][] {
  const count = progress.round.questions.length;
  const data = (op: string) => `${progress.round.id}.${count}.${op}`;
  const rows: ButtonSpec[][] = [];
  if (missingRequired(progress.round, progress.answers).length === 0) {
    rows.push([{ labelKey: 'round.answer.button-submit', action: ANSWER_ACTION, data: data('y') }]);
  }
  if (count <= MAX_CHANGE_BUTTONS) {
    const change = progress.round.questions.map(({ position }) => ({
      labelKey: 'round.answer.button-change',
      labelParams: { n: position + 1 },
      action: ANSWER_ACTION,
      data: data(`c${position + 1}`),
    }));
    for (let i = 0; i < change.length; i += CHANGE_BUTTONS_PER_ROW)
      rows.push(change.slice(i, i + CHANGE_BUTTONS_PER_ROW));
  }
  rows.push([
    { labelKey: 'round.answer.button-back', action: ANSWER_ACTION, data: data('b') },
    { labelKey: 'round.answer.button-stop', action: ANSWER_ACTION, data: data('x') },
  ]);
  return rows;
}

function speakerOf(ctx: Ctx): Speaker & { formatDate(date: Date): string } {
  return {
    t: ctx.t,
    language: ctx.language,
    list: (items) => ctx.list(items),
    formatDate: (date) => formatWhen(ctx, date),
  };
}

function formatWhen(ctx: Ctx, date: Date): string {
  return formatDateTime(date, { language: ctx.language, calendar: ctx.calendar, timeZone: ctx.timeZone });
}

/**
 * The service says when a round opens as an instant; the member reads it in their calendar and zone.
 * Every other UserError passes as it is.
 */
async function withDates(ctx: Ctx, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (isUserError(error) && error.params.opensAt instanceof Date) {
      throw new UserError(
        error.key,
        { ...error.params, opensAt: formatWhen(ctx, error.params.opensAt) },
        error.options,
      );
    }
    throw error;
  }
}

function startButton(roundId: number, labelKey = 'round.answer.button-start'): ButtonSpec[][] {
  return [[{ labelKey, action: START_ROUND_ACTION, data: String(roundId) }]];
}

function editButton(roundId: number, subject: RoundSubject): ButtonSpec[][] {
  return [
    [
      {
        labelKey: 'round.answer.button-edit',
        labelParams: { kind: subject.kind },
        action: EDIT_ACTION,
        data: String(roundId),
      },
    ],
  ];
}
