import { UserError } from '../../core/errors.ts';
import type { ButtonSpec } from '../../core/context.ts';
import { Rendered } from '../../i18n/translator.ts';
import { type AppRouter, type Ctx } from '../services.ts';
import { addAction } from '../feature-action.ts';
import { featureCommand } from '../feature-command.ts';
import { MAX_COMMITTEE_NAME } from './committee-service.ts';
import { suggestCommittees } from './committee-suggestions.ts';

const ADD_FLOW = 'committee-add';
const FLOW_TTL_MS = 30 * 60_000;

/** `/committees`: the community's committees, with a join or leave button each. */
export const committeesCommand = featureCommand({
  name: 'committees',
  audience: ['member'],
  chats: 'any',
  args: [],
  run: (ctx) => listCommittees(ctx),
});

/** `/join NAME` or `/leave NAME`; bare, the list to choose from. */
function membershipCommand(what: 'join' | 'leave') {
  return featureCommand({
    name: what,
    audience: ['member'],
    chats: 'any',
    args: [{ name: 'committee', type: 'committee', maxLength: MAX_COMMITTEE_NAME, suggest: suggestCommittees }],
    run: (ctx, values) => (values.committee ? joinOrLeave(ctx, what, { name: values.committee }) : listCommittees(ctx)),
  });
}

export const joinCommand = membershipCommand('join');
export const leaveCommand = membershipCommand('leave');

/** `/committee add NAME` (chairs); `add` alone asks for the name. On Discord `add` is the only option. */
export const committeeCommand = featureCommand({
  name: 'committee',
  audience: ['chair'],
  chats: 'any',
  args: [{ name: 'add', type: 'text', maxLength: MAX_COMMITTEE_NAME }],
  parse(text) {
    const match = /^add(?:\s+(.*))?$/is.exec(text);
    if (!match) throw new UserError('committee.usage');
    const name = match[1]?.trim();
    return name ? { add: name } : {};
  },
  async run(ctx, values) {
    const community = ctx.requireCommunity();
    const name = values.add?.trim();
    if (!name) {
      await ctx.conversation.start(ADD_FLOW, 'name', {}, FLOW_TTL_MS);
      return ctx.reply('committee.ask-name');
    }
    const committee = await ctx.services.committees.add(community.id, name, ctx.member.id);
    await ctx.reply('committee.created', { name: committee.name });
  },
});

/** `/committees`, `/join NAME`, `/leave NAME`, `/committee add NAME` (chairs), and their buttons. */
export function registerCommitteeCommands(router: AppRouter): void {
  router.command(committeesCommand);
  router.command(joinCommand);
  router.command(leaveCommand);
  addAction(router, 'cmt.join', (ctx, data) => joinOrLeave(ctx, 'join', { id: buttonId(data) }));
  addAction(router, 'cmt.leave', (ctx, data) => joinOrLeave(ctx, 'leave', { id: buttonId(data) }));
  router.command(committeeCommand);

  router.flow({
    name: ADD_FLOW,
    steps: {
      name: async (ctx, input) => {
        if (input.type !== 'text' || !input.text.trim()) return ctx.reply('committee.ask-name');
        const community = ctx.requireCommunity();
        const committee = await ctx.services.committees.add(community.id, input.text, ctx.member.id);
        await ctx.conversation.end();
        await ctx.reply('committee.created', { name: committee.name });
      },
    },
  });
}

async function listCommittees(ctx: Ctx): Promise<void> {
  const community = ctx.requireCommunity();
  const committees = await ctx.services.committees.list(community.id, ctx.member.id);
  if (committees.length === 0) return ctx.reply('committee.none');
  const lines = committees.map((c) =>
    ctx.t(c.joined ? 'committee.line-joined' : 'committee.line', { name: c.name, count: c.members }),
  );
  const buttons: ButtonSpec[][] = committees.map((c) => [
    {
      labelKey: c.joined ? 'committee.button-leave' : 'committee.button-join',
      labelParams: { name: c.name },
      action: c.joined ? 'cmt.leave' : 'cmt.join',
      data: String(c.id),
    },
  ]);
  await ctx.reply('committee.list', { list: new Rendered(lines.join('\n')) }, { buttons });
}

async function joinOrLeave(ctx: Ctx, what: 'join' | 'leave', which: { name: string } | { id: number }): Promise<void> {
  const community = ctx.requireCommunity();
  const committee = await ctx.services.committees.find(community.id, which);
  const changed =
    what === 'join'
      ? await ctx.services.committees.join(committee.id, ctx.member.id)
      : await ctx.services.committees.leave(committee.id, ctx.member.id);
  // A late joiner is reminded of the committee's upcoming meetings; someone who left is not.
  if (changed) await ctx.services.meetings.committeeChanged(community.id, committee.id);
  const key =
    what === 'join'
      ? changed
        ? 'committee.joined'
        : 'committee.already-in'
      : changed
        ? 'committee.left'
        : 'committee.not-in';
  await ctx.reply(key, { name: committee.name });
}

/** Button data is untrusted: a forged or garbled id is refused like a stale button. */
function buttonId(data: string): number {
  const id = Number(data);
  if (!Number.isSafeInteger(id) || id <= 0) throw new UserError('error.stale-button');
  return id;
}
