import { UserError } from '../../core/errors.ts';
import type { ButtonSpec } from '../../core/context.ts';
import { Rendered } from '../../i18n/translator.ts';
import { addAction, addCommand, type AppRouter, type Ctx } from '../services.ts';

const ADD_FLOW = 'committee-add';
const FLOW_TTL_MS = 30 * 60_000;

/** `/committees`, `/join NAME`, `/leave NAME`, `/committee add NAME` (chairs). */
export function registerCommitteeCommands(router: AppRouter): void {
  addCommand(router, 'committees', (ctx) => listCommittees(ctx));

  addCommand(router, 'join', (ctx, args) => (args ? joinOrLeave(ctx, 'join', { name: args }) : listCommittees(ctx)));
  addCommand(router, 'leave', (ctx, args) => (args ? joinOrLeave(ctx, 'leave', { name: args }) : listCommittees(ctx)));
  addAction(router, 'cmt.join', (ctx, data) => joinOrLeave(ctx, 'join', { id: buttonId(data) }));
  addAction(router, 'cmt.leave', (ctx, data) => joinOrLeave(ctx, 'leave', { id: buttonId(data) }));

  addCommand(router, 'committee', async (ctx, args) => {
    const community = ctx.requireCommunity();
    const match = /^add(?:\s+(.*))?$/is.exec(args);
    if (!match) throw new UserError('committee.usage');
    const name = match[1]?.trim();
    if (!name) {
      await ctx.conversation.start(ADD_FLOW, 'name', {}, FLOW_TTL_MS);
      return ctx.reply('committee.ask-name');
    }
    const committee = await ctx.services.committees.add(community.id, name, ctx.member.id);
    await ctx.reply('committee.created', { name: committee.name });
  });

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
