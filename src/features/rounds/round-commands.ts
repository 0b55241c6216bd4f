import { UserError } from '../../core/errors.ts';
import type { SuggestContext, Suggestion, ValuesOf } from '../../core/command.ts';
import { formatDate } from '../../i18n/date-format.ts';
import type { AppRouter, Ctx, Services } from '../services.ts';
import { addAction } from '../feature-action.ts';
import { featureCommand, type FeatureArg } from '../feature-command.ts';
import { suggestCommittees } from '../community/committee-suggestions.ts';
import { suggestionMatches } from '../suggestion-match.ts';
import { parseButtonId, readShortId } from '../ballots/short-id.ts';
import { readWhen } from '../when-input.ts';
import { localize } from '../surveys/survey-questions.ts';
import { REPEATS, type Repeat } from './round-service.ts';
import type { RoundRow } from './round-repository.ts';
import { lastDueDay, REMIND_NOW_ACTION } from './round-chaser.ts';
import { nameOfPeriod } from './round-report-data.ts';
import { registerRoundGuidedForm, startRoundForm } from './round-guided-form.ts';
import { PUBLISH_ACTION, publishReport, replyCreated, sendReport, sendStatus } from './round-replies.ts';

const ACTIONS = ['new', 'list', 'status', 'remind', 'report', 'close'] as const;
type RoundAction = (typeof ACTIONS)[number];

const ROUND_ARGS = [
  {
    name: 'action',
    type: 'choice',
    choices: ACTIONS.map((value) => ({ value, labelKey: `round.action.${value}` })),
  },
  { name: 'round', type: 'integer', suggest: suggestRounds },
  { name: 'template', type: 'text', maxLength: 40, suggest: suggestTemplates },
  { name: 'period', type: 'text', maxLength: 40 },
  { name: 'due', type: 'text', maxLength: 40 },
  { name: 'open', type: 'integer' },
  {
    name: 'every',
    type: 'choice',
    choices: REPEATS.map((value) => ({ value, labelKey: `round.every.${value}` })),
  },
  { name: 'committee', type: 'committee', maxLength: 100, suggest: suggestCommittees },
  { name: 'people', type: 'flag' },
] as const satisfies readonly FeatureArg[];

type RoundValues = ValuesOf<typeof ROUND_ARGS>;

/**
 * `/round new TEMPLATE PERIOD [--due DAYS|DATE] [--open DAYS] [--every quarter|month]
 * [--committee NAME] [--people]`, `/round list`, `/round status|remind|report|close ID`; bare
 * `/round new` is the guided form. On Discord each part is its own option.
 */
export const roundCommand = featureCommand({
  name: 'round',
  audience: ['chair'],
  chats: 'any',
  args: ROUND_ARGS,
  parse: parseRoundText,
  async run(ctx, values) {
    ctx.requireCommunity();
    const action: RoundAction = (values.action as RoundAction | undefined) ?? (values.round ? 'status' : 'list');
    switch (action) {
      case 'new':
        return newRound(ctx, values);
      case 'list':
        return listRounds(ctx);
      default: {
        if (values.round === undefined) throw new UserError('round.error.id-needed', { action });
        const round = await ctx.services.rounds.require(values.round, ctx.requireCommunity().id);
        if (action === 'status') return sendStatus(ctx, round);
        if (action === 'remind') return remind(ctx, round);
        if (action === 'report') return sendReport(ctx, round);
        return closeRound(ctx, round);
      }
    }
  },
});

/** The text grammar: the action word first, then an id or the parts of a new round and its options. */
export function parseRoundText(text: string): RoundValues {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return {};
  const action = words.shift()!.toLowerCase();
  if (!(ACTIONS as readonly string[]).includes(action)) {
    throw new UserError('round.usage');
  }
  if (action !== 'new') {
    if (action === 'list') return { action };
    const id = words[0] ? readShortId(words[0]) : null;
    if (id === null) throw new UserError('round.error.id-needed', { action });
    return { action, round: id };
  }
  const values: RoundValues = { action };
  const positional: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const option = /^--?(due|open|every|committee|people)$/i.exec(word)?.[1]?.toLowerCase();
    if (!option) {
      positional.push(word);
      continue;
    }
    if (option === 'people') {
      values.people = true;
      continue;
    }
    // An option's value runs to the next option: a committee's name or a due date may have spaces.
    const parts: string[] = [];
    while (i + 1 < words.length && !/^--?[a-z]/i.test(words[i + 1]!)) parts.push(words[++i]!);
    const value = parts.join(' ');
    if (!value) throw new UserError('round.error.option-value', { option: `--${option}` });
    if (option === 'due') values.due = value;
    else if (option === 'committee') values.committee = value;
    else if (option === 'open') {
      const days = readShortId(value);
      if (days === null) throw new UserError('error.option-number', { option: 'open' });
      values.open = days;
    } else {
      const every = value.toLowerCase();
      if (!(REPEATS as readonly string[]).includes(every)) throw new UserError('round.error.every', { value });
      values.every = every as Repeat;
    }
  }
  if (positional[0]) values.template = positional[0];
  if (positional.length > 1) values.period = positional.slice(1).join(' ');
  return values;
}

async function newRound(ctx: Ctx, values: RoundValues): Promise<void> {
  const community = ctx.requireCommunity();
  if (values.template === undefined && values.period === undefined) return startRoundForm(ctx);
  if (values.template === undefined || values.period === undefined) throw new UserError('round.usage');
  const committee = values.committee
    ? await ctx.services.committees.find(community.id, { name: values.committee })
    : null;
  if (values.committee && !committee) throw new UserError('round.error.committee', { name: values.committee });
  const round = await ctx.services.rounds.create({
    communityId: community.id,
    memberId: ctx.member.id,
    templateName: values.template,
    period: values.period,
    ...(values.due !== undefined ? { due: values.due } : {}),
    ...(values.open !== undefined ? { openDaysBefore: values.open } : {}),
    ...(values.every !== undefined ? { every: values.every as Repeat } : {}),
    committeeId: committee?.id ?? null,
    people: values.people ?? false,
    calendar: ctx.calendar,
    timeZone: ctx.timeZone,
    now: new Date(),
    readDate: (text) => readWhen(text, ctx).start,
  });
  await replyCreated(ctx, round);
  // A round due to open now is opened at once rather than at the next tick of the job.
  if (round.opensAt.getTime() <= Date.now()) await ctx.services.rounds.openDue(new Date());
}

async function listRounds(ctx: Ctx): Promise<void> {
  const community = ctx.requireCommunity();
  const rounds = await ctx.services.rounds.list(community.id);
  if (rounds.length === 0) return ctx.reply('round.list-empty');
  const lines = rounds.map((round) =>
    ctx.t('round.list-line', {
      id: String(round.id),
      title: localize(round.template.title, ctx.language),
      period: nameOf(round, ctx),
      state: round.closedAt ? 'closed' : round.openedAt ? 'open' : 'planned',
      submitted: round.submitted,
      due: formatDate(lastDueDay(round.dueAt), ctx),
    }),
  );
  await ctx.reply('round.list', { lines: lines.join('\n') });
}

async function remind(ctx: Ctx, round: RoundRow): Promise<void> {
  const result = await ctx.services.rounds.remindNow(round, new Date());
  await ctx.reply('round.reminded', {
    id: String(round.id),
    libraries: result.libraries,
    people: result.people,
    later: result.later,
    members: round.audience === 'members' ? 'yes' : 'no',
  });
}

async function closeRound(ctx: Ctx, round: RoundRow): Promise<void> {
  const closed = await ctx.services.rounds.close(round, new Date(), ctx.member.id);
  if (!closed) throw new UserError('round.error.closed', { id: round.id });
  await ctx.reply('round.closed', { id: String(round.id), title: localize(round.template.title, ctx.language) });
  await sendReport(ctx, closed);
}

/** A round's period as people name it, in the reader's language. */
function nameOf(round: Pick<RoundRow, 'periodLabel'>, ctx: Pick<Ctx, 'language'>): string {
  return nameOfPeriod(round.periodLabel, ctx.language);
}

async function suggestRounds(ctx: SuggestContext<Services>, query: string): Promise<Suggestion[]> {
  const { communityId, language } = ctx.viewer;
  if (communityId === null) return [];
  const rounds = await ctx.services.rounds.list(communityId);
  return rounds
    .map((round) => ({ round, text: `${localize(round.template.title, language)} ${round.periodLabel}` }))
    .filter(({ round, text }) => suggestionMatches(query, round.id, text))
    .map(({ round, text }) => ({ value: round.id, label: `#${round.id} ${round.closedAt ? '✓ ' : ''}${text}` }));
}

async function suggestTemplates(ctx: SuggestContext<Services>, query: string): Promise<Suggestion[]> {
  return [...ctx.services.rounds.templates.values()]
    .map((template) => ({
      value: template.name,
      label: `${template.name}: ${localize(template.title, ctx.viewer.language)}`,
    }))
    .filter((item) => item.label.toLowerCase().includes(query.trim().toLowerCase()));
}

/** `/round`, its guided form, and the chair's buttons (remind now, publish the report). */
export function registerRoundCommands(router: AppRouter): void {
  router.command(roundCommand);
  registerRoundGuidedForm(router);
  addAction(router, REMIND_NOW_ACTION, async (ctx, data) => {
    const round = await ctx.services.rounds.require(parseButtonId(data), ctx.requireCommunity().id);
    await remind(ctx, round);
  });
  addAction(router, PUBLISH_ACTION, async (ctx, data) => {
    const round = await ctx.services.rounds.require(parseButtonId(data), ctx.requireCommunity().id);
    await publishReport(ctx, round);
  });
}
