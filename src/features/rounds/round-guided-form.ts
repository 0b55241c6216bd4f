import { z } from 'zod';
import { UserError } from '../../core/errors.ts';
import type { ButtonSpec } from '../../core/context.ts';
import type { ConversationState } from '../../core/ports.ts';
import { localizeDigits } from '../../i18n/digits.ts';
import { type AppRouter, type Ctx } from '../services.ts';
import { addAction } from '../feature-action.ts';
import { localize } from '../surveys/survey-questions.ts';
import { readWhen } from '../when-input.ts';
import { currentPeriod, nextPeriod, parsePeriod, periodName, previousPeriod, type Period } from './round-period.ts';
import { REPEATS, type Repeat } from './round-service.ts';
import { replyCreated } from './round-replies.ts';

/**
 * `/round new` without arguments: the template (when there are several), the period (this quarter, the
 * next, the last, this month, or typed), the due date (days after the period's end, or typed), and
 * whether it repeats; then a summary to create. The draft lives in the conversation (the database),
 * so it survives a restart; creating goes through the same service as the one-line command.
 */
const FLOW = 'round-new';
const FLOW_TTL_MS = 30 * 60_000;
export const FORM_ACTION = 'rnd.f';
const DUE_CHOICES = [7, 10, 15, 30];

const draftSchema = z.object({
  template: z.string().optional(),
  period: z.string().optional(),
  due: z.string().optional(),
  every: z.enum(REPEATS).optional(),
});
type Draft = z.infer<typeof draftSchema>;

export async function startRoundForm(ctx: Ctx): Promise<void> {
  const names = [...ctx.services.rounds.templates.keys()];
  if (names.length === 0) throw new UserError('round.error.no-templates');
  if (names.length === 1) return askPeriod(ctx, { template: names[0]! });
  await save(ctx, 'template', {});
  const buttons: ButtonSpec[][] = [...ctx.services.rounds.templates.values()].map((template) => [
    { label: localize(template.title, ctx.language), action: FORM_ACTION, data: `t:${template.name}` },
  ]);
  await ctx.reply('round.form.ask-template', {}, { buttons });
}

export function registerRoundGuidedForm(router: AppRouter): void {
  router.flow({
    name: FLOW,
    steps: {
      template: (ctx) => ctx.reply('round.form.use-buttons'),
      // A period typed instead of pressed: read now, so that a wrong one is answered at once.
      period: async (ctx, input, state) => {
        const text = input.type === 'text' ? input.text.trim() : '';
        if (!text || !readPeriod(ctx, text)) throw new UserError('round.error.period', { input: text });
        await askDue(ctx, { ...read(state), period: readPeriod(ctx, text)!.label });
      },
      due: async (ctx, input, state) => {
        const text = input.type === 'text' ? input.text.trim() : '';
        if (!text) return ctx.reply('round.form.use-buttons');
        if (!/^\+?[\d۰-۹٠-٩]{1,3}$/.test(text)) readWhen(text, ctx); // a wrong date is refused here
        await askRepeat(ctx, { ...read(state), due: text });
      },
      repeat: (ctx) => ctx.reply('round.form.use-buttons'),
      confirm: (ctx) => ctx.reply('round.form.use-buttons'),
    },
  });

  addAction(router, FORM_ACTION, async (ctx, data) => {
    const state = await current(ctx);
    const draft = read(state);
    const [kind, value = ''] = splitOnce(data);
    switch (kind) {
      case 't':
        if (!ctx.services.rounds.templates.has(value)) throw new UserError('error.stale-button');
        return askPeriod(ctx, { template: value });
      case 'p':
        if (!readPeriod(ctx, value)) throw new UserError('error.stale-button');
        return askDue(ctx, { ...draft, period: value });
      case 'd':
        if (!DUE_CHOICES.includes(Number(value))) throw new UserError('error.stale-button');
        return askRepeat(ctx, { ...draft, due: value });
      case 'r': {
        const { every: _previous, ...rest } = draft;
        const every = REPEATS.find((r) => r === value);
        return askConfirm(ctx, every ? { ...rest, every } : rest);
      }
      case 'ok':
        return create(ctx, draft);
      default:
        await ctx.conversation.end();
        return ctx.reply('round.form.cancelled');
    }
  });
}

async function askPeriod(ctx: Ctx, draft: Draft): Promise<void> {
  await save(ctx, 'period', draft);
  const now = new Date();
  const kind = ctx.calendar === 'persian' ? 'jalali' : 'gregorian';
  const quarter = currentPeriod(`${kind}-quarter`, now, ctx.timeZone);
  const month = currentPeriod(`${kind}-month`, now, ctx.timeZone);
  const choices = [quarter, nextPeriod(quarter), previousPeriod(quarter), month].filter((p): p is Period => p !== null);
  const buttons = choices.map((period) => [
    { label: periodName(period, ctx.language), action: FORM_ACTION, data: `p:${period.label}` },
  ]);
  await ctx.reply('round.form.ask-period', { example: localizeDigits(quarter.label, ctx.language) }, { buttons });
}

async function askDue(ctx: Ctx, draft: Draft): Promise<void> {
  await save(ctx, 'due', draft);
  const buttons = [
    DUE_CHOICES.map((days) => ({
      labelKey: 'round.form.due-days',
      labelParams: { days },
      action: FORM_ACTION,
      data: `d:${days}`,
    })),
  ];
  await ctx.reply('round.form.ask-due', {}, { buttons });
}

async function askRepeat(ctx: Ctx, draft: Draft): Promise<void> {
  await save(ctx, 'repeat', draft);
  const period = readPeriod(ctx, draft.period ?? '');
  const every = period?.kind.endsWith('quarter') ? 'quarter' : period?.kind.endsWith('month') ? 'month' : null;
  const buttons: ButtonSpec[][] = [[{ labelKey: 'round.form.once', action: FORM_ACTION, data: 'r:none' }]];
  if (every) buttons.push([{ labelKey: `round.every.${every}`, action: FORM_ACTION, data: `r:${every}` }]);
  await ctx.reply('round.form.ask-repeat', {}, { buttons });
}

async function askConfirm(ctx: Ctx, draft: Draft): Promise<void> {
  await save(ctx, 'confirm', draft);
  const template = ctx.services.rounds.template(draft.template ?? '');
  const period = readPeriod(ctx, draft.period ?? '');
  await ctx.reply(
    'round.form.confirm',
    {
      title: localize(template.title, ctx.language),
      period: period ? periodName(period, ctx.language) : (draft.period ?? ''),
      due: localizeDigits(draft.due ?? '', ctx.language),
      every: draft.every ?? 'none',
    },
    {
      buttons: [
        [
          { labelKey: 'round.form.create', action: FORM_ACTION, data: 'ok' },
          { labelKey: 'round.form.cancel', action: FORM_ACTION, data: 'x' },
        ],
      ],
    },
  );
}

async function create(ctx: Ctx, draft: Draft): Promise<void> {
  if (!draft.template || !draft.period) throw new UserError('error.stale-button');
  const community = ctx.requireCommunity();
  const round = await ctx.services.rounds.create({
    communityId: community.id,
    memberId: ctx.member.id,
    templateName: draft.template,
    period: draft.period,
    ...(draft.due ? { due: draft.due } : {}),
    ...(draft.every ? { every: draft.every as Repeat } : {}),
    calendar: ctx.calendar,
    timeZone: ctx.timeZone,
    now: new Date(),
    readDate: (text) => readWhen(text, ctx).start,
  });
  await ctx.conversation.end();
  await replyCreated(ctx, round);
  if (round.opensAt.getTime() <= Date.now()) await ctx.services.rounds.openDue(new Date());
}

function readPeriod(ctx: Ctx, text: string): Period | null {
  return parsePeriod(text, {
    calendar: ctx.calendar === 'persian' ? 'jalali' : 'gregorian',
    timeZone: ctx.timeZone,
    now: new Date(),
  });
}

function splitOnce(data: string): [string, string?] {
  const at = data.indexOf(':');
  return at < 0 ? [data] : [data.slice(0, at), data.slice(at + 1)];
}

async function current(ctx: Ctx): Promise<ConversationState> {
  const state = await ctx.conversation.current();
  if (!state || state.flow !== FLOW) throw new UserError('error.stale-button');
  return state;
}

function read(state: ConversationState): Draft {
  return draftSchema.parse(state.data);
}

async function save(ctx: Ctx, step: string, draft: Draft): Promise<void> {
  await ctx.conversation.start(FLOW, step, { ...draft }, FLOW_TTL_MS);
}
