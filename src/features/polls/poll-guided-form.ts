import { z } from 'zod';
import { UserError } from '../../core/errors.ts';
import type { ButtonSpec } from '../../core/context.ts';
import type { ConversationState } from '../../core/ports.ts';
import { type AppRouter, type Ctx } from '../services.ts';
import { addAction } from '../feature-action.ts';
import { postPoll } from './poll-posting.ts';
import { readDeadline } from '../ballots/ballot-deadline.ts';
import { chosenCommittee, committeeRows } from './poll-guided-committee.ts';
import type { PollDraft } from './poll-options-parser.ts';
import { checkOptions, checkQuestion, MAX_OPTIONS, MIN_OPTIONS } from './poll-rules.ts';

/**
 * `/poll` without arguments: the question, then the options one message at a time, then the settings
 * as toggle buttons (with who votes, when the community has committees) and an optional deadline.
 * The draft lives in the conversation (the database), so it survives a restart.
 */
const FLOW = 'poll-new';
const FLOW_TTL_MS = 30 * 60_000;
const SETTINGS = ['multi', 'anonymous', 'hideResults', 'everywhere'] as const;
type Setting = (typeof SETTINGS)[number];

const draftSchema = z.object({
  question: z.string().default(''),
  options: z.array(z.string()).default([]),
  multi: z.boolean().default(false),
  anonymous: z.boolean().default(false),
  hideResults: z.boolean().default(false),
  everywhere: z.boolean().default(false),
  until: z.string().optional(),
  committee: z.string().optional(),
});

export async function startPollForm(ctx: Ctx): Promise<void> {
  await ctx.conversation.start(FLOW, 'question', {}, FLOW_TTL_MS);
  await ctx.reply('poll.form.ask-question');
}

export function registerPollGuidedForm(router: AppRouter): void {
  router.flow({
    name: FLOW,
    steps: {
      question: async (ctx, input) => {
        const question = input.type === 'text' ? input.text.replace(/\s+/g, ' ').trim() : '';
        if (!question) return ctx.reply('poll.form.ask-question');
        const problem = checkQuestion(question);
        if (problem) throw new UserError(problem.key, problem.params);
        await save(ctx, 'options', { ...emptyDraft(), question });
        await ctx.reply('poll.form.ask-options', { max: MAX_OPTIONS });
      },
      options: async (ctx, input, state) => {
        const draft = read(state);
        const added = input.type === 'text' ? input.text.split(/[|\n]/).map((o) => o.replace(/\s+/g, ' ').trim()) : [];
        const options = [...draft.options, ...added.filter(Boolean)];
        const problem = checkOptions(options, [ctx.event.chat.platform], { complete: false });
        if (problem) throw new UserError(problem.key, problem.params);
        await save(ctx, 'options', { ...draft, options });
        const buttons: ButtonSpec[][] =
          options.length >= MIN_OPTIONS ? [[{ labelKey: 'poll.form.button-done', action: 'poll.fd' }]] : [];
        await ctx.reply('poll.form.option-added', { count: options.length, max: MAX_OPTIONS }, { buttons });
      },
      settings: async (ctx, input, state) => {
        const draft = read(state);
        const until = input.type === 'text' ? input.text.trim() : '';
        if (!until) return showSettings(ctx, draft);
        readDeadline(until, ctx, new Date()); // refused now, not when the chair presses Post
        const next = { ...draft, until };
        await save(ctx, 'settings', next);
        await showSettings(ctx, next);
      },
    },
  });

  addAction(router, 'poll.fd', async (ctx) => {
    const state = await current(ctx);
    const draft = read(state);
    const problem = checkOptions(draft.options, [ctx.event.chat.platform], { complete: true });
    if (problem) throw new UserError(problem.key, problem.params);
    await save(ctx, 'settings', draft);
    await showSettings(ctx, draft);
  });

  addAction(router, 'poll.ft', async (ctx, data) => {
    const state = await current(ctx, 'settings');
    const setting = SETTINGS.find((s) => s === data);
    // Any other data is the who-votes choice, which shares this button action (and its chair-only rule).
    const next = setting ? toggle(read(state), setting) : await withCommittee(ctx, read(state), data);
    await save(ctx, 'settings', next);
    await showSettings(ctx, next);
  });

  addAction(router, 'poll.fp', async (ctx) => {
    const draft = read(await current(ctx, 'settings'));
    await postPoll(ctx, draft);
    await ctx.conversation.end();
  });
}

/** The flow in progress for this button, or the button is stale (the flow ended, or another step). */
async function current(ctx: Ctx, step?: string): Promise<ConversationState> {
  const state = await ctx.conversation.current();
  if (!state || state.flow !== FLOW || (step && state.step !== step)) throw new UserError('error.stale-button');
  return state;
}

function toggle(draft: PollDraft, setting: Setting): PollDraft {
  return { ...draft, [setting]: !draft[setting] };
}

async function withCommittee(ctx: Ctx, draft: PollDraft, data: string): Promise<PollDraft> {
  const { committee: _previous, ...rest } = draft;
  const committee = await chosenCommittee(ctx, data);
  return committee ? { ...rest, committee } : rest;
}

function emptyDraft(): PollDraft {
  return draftSchema.parse({});
}

function read(state: ConversationState): PollDraft {
  const parsed = draftSchema.parse(state.data);
  const { until, committee, ...rest } = parsed;
  return { ...rest, ...(until ? { until } : {}), ...(committee ? { committee } : {}) };
}

async function save(ctx: Ctx, step: string, draft: PollDraft): Promise<void> {
  await ctx.conversation.start(FLOW, step, { ...draft }, FLOW_TTL_MS);
}

async function showSettings(ctx: Ctx, draft: PollDraft): Promise<void> {
  const toggles: ButtonSpec[][] = SETTINGS.map((setting: Setting) => [
    {
      labelKey: draft[setting] ? 'poll.form.setting-on' : 'poll.form.setting-off',
      labelParams: { setting: ctx.t(`poll.form.setting.${setting}`) },
      action: 'poll.ft',
      data: setting,
    },
  ]);
  toggles.push(...(await committeeRows(ctx, draft.committee)));
  toggles.push([{ labelKey: 'poll.form.button-post', action: 'poll.fp' }]);
  await ctx.reply(
    'poll.form.settings',
    { question: draft.question, count: draft.options.length, until: draft.until ?? ctx.t('poll.form.no-deadline') },
    { buttons: toggles },
  );
}
