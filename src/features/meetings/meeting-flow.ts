import { z } from 'zod';
import { UserError } from '../../core/errors.ts';
import type { ButtonSpec } from '../../core/context.ts';
import type { FlowInput } from '../../core/router.ts';
import type { ConversationState } from '../../core/ports.ts';
import { Rendered } from '../../i18n/translator.ts';
import { type AppRouter, type Ctx } from '../services.ts';
import { addAction } from '../feature-action.ts';
import { chairContext, readerOf, replyScheduled, usageExamples } from './meeting-replies.ts';
import type { MeetingLine } from './meeting-line-parser.ts';
import { readVenue, venueLines } from './meeting-venue.ts';
import { MAX_TITLE, readMeetingWhen } from './meeting-input.ts';
import { inner, recurrenceText, whenLines } from './meeting-text.ts';
import { checkRule } from './recurrence.ts';

/**
 * The guided `/meeting`: when → title → link or place → agenda → recurrence → audience → confirm. Each answer is
 * checked as it comes (a wrong date is asked again), the draft lives in the conversation (it survives a
 * restart), and the confirmation schedules it through the same service as the one-line form.
 */
const FLOW = 'meeting';
const FLOW_TTL_MS = 30 * 60_000;

const draftSchema = z.object({
  when: z.string().default(''),
  title: z.string().default(''),
  /** A link or a place as typed (meeting-venue.ts reads it), or empty when skipped. */
  link: z.string().default(''),
  agenda: z.string().optional(),
  recurrence: z
    .union([
      z.object({ kind: z.literal('none') }),
      z.object({ kind: z.literal('weekly'), interval: z.number() }),
      z.object({ kind: z.literal('monthly') }),
      z.object({ kind: z.literal('rrule'), rule: z.string() }),
    ])
    .optional(),
  audience: z
    .union([
      z.object({ kind: z.literal('chat') }),
      z.object({ kind: z.literal('community') }),
      z.object({ kind: z.literal('committee'), name: z.string() }),
    ])
    .optional(),
});
type Draft = z.infer<typeof draftSchema>;

type Step = 'when' | 'title' | 'link' | 'agenda' | 'recurrence' | 'audience' | 'confirm';

export async function startMeetingFlow(ctx: Ctx): Promise<void> {
  await ask(ctx, 'when', { when: '', title: '', link: '' });
}

export function registerMeetingFlow(router: AppRouter): void {
  router.flow({
    name: FLOW,
    steps: {
      when: (ctx, input, state) =>
        withText(ctx, input, state, (text, draft) => {
          readMeetingWhen(text, undefined, readerOf(ctx), new Date());
          return next(ctx, 'title', { ...draft, when: text });
        }),
      title: (ctx, input, state) =>
        withText(ctx, input, state, (text, draft) => {
          if (text.length > MAX_TITLE) throw new UserError('error.too-long', { max: MAX_TITLE });
          return next(ctx, 'link', { ...draft, title: text });
        }),
      link: (ctx, input, state) =>
        withText(ctx, input, state, (text, draft) => {
          const venue = readVenue(text);
          return next(ctx, 'agenda', { ...draft, link: venue.link ?? venue.place ?? '' });
        }),
      agenda: (ctx, input, state) =>
        withText(ctx, input, state, (text, draft) => next(ctx, 'recurrence', { ...draft, agenda: text })),
      recurrence: (ctx, input, state) =>
        withText(ctx, input, state, (text, draft) => {
          const checked = checkRule(text);
          if (!checked.ok) throw new UserError(`meeting.error.recurrence-${checked.reason}`, { rule: text });
          return next(ctx, 'audience', { ...draft, recurrence: { kind: 'rrule', rule: checked.rule } });
        }),
      audience: (ctx, input, state) =>
        withText(ctx, input, state, (text, draft) =>
          next(ctx, 'confirm', { ...draft, audience: { kind: 'committee', name: text } }),
        ),
      confirm: (ctx, _input, state) => ask(ctx, 'confirm', readDraft(state)),
    },
  });

  // Buttons of the flow: `STEP:VALUE`, honoured only at that step of this person's flow in this chat.
  addAction(router, 'mtg.flow', async (ctx, data) => {
    const state = await ctx.conversation.current();
    const [step, value = ''] = data.split(':', 2);
    if (!state || state.flow !== FLOW || state.step !== step || state.expiresAt.getTime() <= Date.now()) {
      throw new UserError('error.stale-button');
    }
    const draft = readDraft(state);
    switch (step) {
      case 'link':
        return next(ctx, 'agenda', { ...draft, link: '' });
      case 'agenda':
        return next(ctx, 'recurrence', draft);
      case 'recurrence':
        return next(ctx, 'audience', { ...draft, recurrence: recurrenceChoice(value) });
      case 'audience':
        return next(ctx, 'confirm', { ...draft, audience: await audienceChoice(ctx, value) });
      case 'confirm':
        return confirm(ctx, draft, value === 'yes');
      default:
        throw new UserError('error.stale-button');
    }
  });
}

function readDraft(state: ConversationState): Draft {
  const parsed = draftSchema.safeParse(state.data);
  if (!parsed.success) throw new UserError('error.stale-button');
  return parsed.data;
}

async function withText(
  ctx: Ctx,
  input: FlowInput,
  state: ConversationState,
  then: (text: string, draft: Draft) => Promise<void>,
): Promise<void> {
  const draft = readDraft(state);
  if (input.type !== 'text' || input.text.trim() === '') return ask(ctx, state.step as Step, draft);
  // A wrong answer is told and the same step waits for another (the flow does not end).
  await then(input.text.trim(), draft);
}

function next(ctx: Ctx, step: Step, draft: Draft): Promise<void> {
  return ask(ctx, step, draft);
}

async function ask(ctx: Ctx, step: Step, draft: Draft): Promise<void> {
  await ctx.conversation.start(FLOW, step, draft, FLOW_TTL_MS);
  switch (step) {
    case 'when':
      return ctx.reply('meeting.ask-when', { zone: ctx.timeZone, ...usageExamples(ctx) });
    case 'title':
      return ctx.reply('meeting.ask-title');
    case 'link':
      return ctx.reply('meeting.ask-link', {}, { buttons: [[button('meeting.button-skip', 'link:skip')]] });
    case 'agenda':
      return ctx.reply('meeting.ask-agenda', {}, { buttons: [[button('meeting.button-skip', 'agenda:skip')]] });
    case 'recurrence':
      return ctx.reply(
        'meeting.ask-recurrence',
        {},
        {
          buttons: [
            [button('meeting.button-once', 'recurrence:none'), button('meeting.button-weekly', 'recurrence:weekly')],
            [
              button('meeting.button-biweekly', 'recurrence:2w'),
              button('meeting.button-monthly', 'recurrence:monthly'),
            ],
          ],
        },
      );
    case 'audience':
      return ctx.reply('meeting.ask-audience', {}, { buttons: await audienceButtons(ctx) });
    case 'confirm':
      return ctx.reply(
        'meeting.confirm',
        { summary: new Rendered(summary(ctx, draft)) },
        {
          buttons: [[button('meeting.button-create', 'confirm:yes'), button('meeting.button-discard', 'confirm:no')]],
        },
      );
  }
}

function button(labelKey: string, data: string): ButtonSpec {
  return { labelKey, action: 'mtg.flow', data };
}

async function audienceButtons(ctx: Ctx): Promise<ButtonSpec[][]> {
  const rows: ButtonSpec[][] = [];
  const first: ButtonSpec[] = [];
  if (ctx.event.chat.kind === 'group' && ctx.chatBound) first.push(button('meeting.button-this-chat', 'audience:chat'));
  first.push(button('meeting.button-community', 'audience:community'));
  rows.push(first);
  const committees = await ctx.services.meetings.committees(ctx.requireCommunity().id);
  for (const c of committees.slice(0, 8)) rows.push([{ label: c.name, action: 'mtg.flow', data: `audience:c${c.id}` }]);
  return rows;
}

function recurrenceChoice(value: string): Draft['recurrence'] {
  switch (value) {
    case 'none':
      return { kind: 'none' };
    case 'weekly':
      return { kind: 'weekly', interval: 1 };
    case '2w':
      return { kind: 'weekly', interval: 2 };
    case 'monthly':
      return { kind: 'monthly' };
    default:
      throw new UserError('error.stale-button');
  }
}

async function audienceChoice(ctx: Ctx, value: string): Promise<Draft['audience']> {
  if (value === 'chat' || value === 'community') return { kind: value };
  const id = /^c(\d{1,9})$/.exec(value);
  if (!id) throw new UserError('error.stale-button');
  const name = await ctx.services.meetings.committeeName(ctx.requireCommunity().id, Number(id[1]));
  return { kind: 'committee', name };
}

function summary(ctx: Ctx, draft: Draft): string {
  const lines = [ctx.t('meeting.summary-title', { title: draft.title })];
  try {
    const { start } = readMeetingWhen(draft.when, undefined, readerOf(ctx), new Date());
    lines.push(...whenLines(ctx, start, ctx.timeZone, readerOf(ctx)));
  } catch {
    lines.push(ctx.t('meeting.summary-when', { when: draft.when }));
  }
  const recurrence = draft.recurrence;
  if (recurrence && recurrence.kind !== 'none') {
    const text =
      recurrence.kind === 'rrule'
        ? recurrenceText(ctx, recurrence.rule)
        : ctx.t(
            `meeting.button-${recurrence.kind === 'weekly' && recurrence.interval === 2 ? 'biweekly' : recurrence.kind}`,
          );
    lines.push(ctx.t('meeting.recurs-line', { text: inner(text) }));
  }
  lines.push(...venueLines(ctx, readVenue(draft.link)));
  if (draft.agenda) lines.push(ctx.t('meeting.agenda-line', { agenda: draft.agenda }));
  const audience = draft.audience;
  if (audience) {
    lines.push(
      audience.kind === 'committee'
        ? ctx.t('meeting.audience-committee', { name: audience.name })
        : ctx.t(`meeting.audience-${audience.kind}`),
    );
  }
  return lines.join('\n');
}

async function confirm(ctx: Ctx, draft: Draft, yes: boolean): Promise<void> {
  if (!yes) {
    await ctx.conversation.end();
    return ctx.reply('flow.cancelled');
  }
  const line: MeetingLine = {
    when: draft.when,
    title: draft.title,
    link: draft.link,
    ...(draft.agenda ? { agenda: draft.agenda } : {}),
    ...(draft.recurrence ? { recurrence: draft.recurrence } : {}),
    ...(draft.audience ? { audience: draft.audience } : {}),
  };
  const scheduled = await ctx.services.meetings.schedule(line, chairContext(ctx));
  await ctx.conversation.end();
  await replyScheduled(ctx, 'meeting.created', scheduled);
}
