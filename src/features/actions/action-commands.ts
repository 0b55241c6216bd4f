import { UserError } from '../../core/errors.ts';
import type { ButtonSpec } from '../../core/context.ts';
import type { ValuesOf } from '../../core/command.ts';
import { checkAudience } from '../../core/router.ts';
import type { AppRouter, Ctx } from '../services.ts';
import { addAction } from '../feature-action.ts';
import { featureCommand, type FeatureArg } from '../feature-command.ts';
import { parseButtonId } from '../ballots/short-id.ts';
import { suggestCommittees } from '../community/committee-suggestions.ts';
import { MAX_COMMITTEE_NAME } from '../community/committee-service.ts';
import { readerOf } from '../meetings/meeting-replies.ts';
import { ACCEPT_ACTION, DECLINE_ACTION, DONE_ACTION, actionLines, block, ownerButtons } from './action-text.ts';

const SCOPES = ['mine', 'all'] as const;
const ACTIONS_ARGS = [
  { name: 'scope', type: 'choice', choices: SCOPES.map((value) => ({ value, labelKey: `actions.scope.${value}` })) },
  { name: 'committee', type: 'committee', maxLength: MAX_COMMITTEE_NAME, suggest: suggestCommittees },
] as const satisfies readonly FeatureArg[];
type ActionsValues = ValuesOf<typeof ACTIONS_ARGS>;

/** One's own list carries each action's buttons: a dozen rows of three are what a chat shows well. */
const MINE_SHOWN = 12;
const ALL_SHOWN = 30;
const DECLINE_FLOW = 'action-decline';
/** The reason is expected as the next message, within this time. */
const DECLINE_TTL_MS = 24 * 3600_000;
const CHAIRS = ['chair'] as const;

/**
 * `/actions`: one's open action items with their buttons; `/actions all [committee]`: every open one
 * of the community (of one committee's meetings), the overdue first, for chairs. On Discord the scope
 * and the committee are options.
 */
export const actionsCommand = featureCommand({
  name: 'actions',
  audience: ['member'],
  chats: 'any',
  args: ACTIONS_ARGS,
  parse: parseActionsText,
  async run(ctx, values) {
    ctx.requireCommunity();
    if (values.scope === 'all' || values.committee !== undefined) {
      checkAudience(CHAIRS, ctx, '/actions all');
      return listAll(ctx, values.committee);
    }
    return listMine(ctx);
  },
});

/** `` (one's own), `mine`, `all`, `all COMMITTEE NAME`. */
export function parseActionsText(text: string): ActionsValues {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return {};
  const [first, ...rest] = words;
  const scope = first!.toLowerCase();
  if (scope === 'mine' && rest.length === 0) return { scope };
  if (scope === 'all') return rest.length > 0 ? { scope, committee: rest.join(' ') } : { scope };
  throw new UserError('actions.usage');
}

/** `/actions`, the owners' buttons (Accept, Done, Can't do) and the reason "Can't do" asks for. */
export function registerActionCommands(router: AppRouter): void {
  router.command(actionsCommand);

  addAction(router, ACCEPT_ACTION, async (ctx, data) => {
    const result = await ctx.services.actions.accept(parseButtonId(data), ctx.member.id);
    await ctx.reply('actions.accepted', { id: result.action.id, text: result.action.text });
  });

  addAction(router, DONE_ACTION, async (ctx, data) => {
    const result = await ctx.services.actions.done(parseButtonId(data), ctx.member.id);
    if (!result.changed) return ctx.reply('actions.already-done', { id: result.action.id });
    await ctx.reply('actions.marked-done', {
      id: result.action.id,
      text: result.action.text,
      complete: result.complete ? 'yes' : 'no',
    });
  });

  addAction(router, DECLINE_ACTION, async (ctx, data) => {
    const { action, state } = await ctx.services.actions.ownOpenAction(parseButtonId(data), ctx.member.id);
    if (state === 'done') return ctx.reply('actions.already-done', { id: action.id });
    await ctx.conversation.start(DECLINE_FLOW, 'reason', { actionId: action.id }, DECLINE_TTL_MS);
    await ctx.reply('actions.decline.ask', { id: action.id, text: action.text });
  });

  router.flow({
    name: DECLINE_FLOW,
    steps: {
      reason: async (ctx, input, state) => {
        if (input.type !== 'text' || !input.text.trim()) return ctx.reply('actions.error.reason-empty');
        const result = await ctx.services.actions.decline(Number(state.data.actionId), ctx.member.id, input.text);
        await ctx.conversation.end();
        await ctx.reply('actions.declined', { id: result.action.id, chairTold: result.chairTold ? 'yes' : 'no' });
      },
    },
  });
}

async function listMine(ctx: Ctx): Promise<void> {
  // In a group only this community's actions: what one owns elsewhere is not this group's business.
  const communityId = ctx.event.chat.kind === 'group' ? ctx.requireCommunity().id : null;
  const actions = await ctx.services.actions.mine(ctx.member.id, communityId);
  if (actions.length === 0) return ctx.reply('actions.mine-none');
  const now = new Date();
  const reader = readerOf(ctx);
  const shown = actions.slice(0, MINE_SHOWN);
  const lines = shown.map((action) => actionLines(ctx, reader, withoutOwners(action), now));
  if (actions.length > shown.length) lines.push(ctx.t('actions.more', { count: actions.length - shown.length }));
  const buttons: ButtonSpec[][] = shown.map((action) => ownerButtons(action.id, action.state, true));
  await ctx.reply('actions.mine', { count: actions.length, list: block(lines) }, { buttons });
}

async function listAll(ctx: Ctx, committeeName: string | undefined): Promise<void> {
  const community = ctx.requireCommunity();
  const committee = committeeName ? await ctx.services.committees.find(community.id, { name: committeeName }) : null;
  const actions = await ctx.services.actions.all(community.id, committee?.id ?? null);
  const scope = { hasCommittee: committee ? 'yes' : 'no', committee: committee?.name ?? '' };
  if (actions.length === 0) return ctx.reply('actions.all-none', scope);
  const now = new Date();
  const reader = readerOf(ctx);
  const shown = actions.slice(0, ALL_SHOWN);
  const lines = shown.map((action) => actionLines(ctx, reader, action, now));
  if (actions.length > shown.length) lines.push(ctx.t('actions.more', { count: actions.length - shown.length }));
  await ctx.reply('actions.all', { ...scope, count: actions.length, list: block(lines) });
}

/** One's own action in one's own list: the other owners are in the chair's list. */
function withoutOwners<T extends { owners: unknown }>(action: T): Omit<T, 'owners'> {
  const { owners: _owners, ...rest } = action;
  return rest;
}
