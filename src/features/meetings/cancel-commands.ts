import { UserError } from '../../core/errors.ts';
import { checkAudience } from '../../core/router.ts';
import type { ButtonSpec } from '../../core/context.ts';
import { formatDate } from '../../i18n/date-format.ts';
import { type AppRouter, type Ctx } from '../services.ts';
import { addAction } from '../feature-action.ts';
import { featureCommand } from '../feature-command.ts';
import { readId, UNREADABLE_ID } from './meeting-values.ts';
import { suggestUpcomingMeetings } from './meeting-suggestions.ts';
import { readerOf } from './meeting-replies.ts';
import { when } from './meeting-text.ts';

/**
 * `/cancel`: with nothing after it, the end of a flow (the router ends a flow in progress itself, so
 * this handler only says there was none); `/cancel ID` cancels a meeting (chairs): a single meeting at
 * once, a series with buttons to choose one occurrence or the whole series.
 */
export const cancelCommand = featureCommand({
  name: 'cancel',
  /** Anyone: without arguments it ends their own flow; `/cancel ID` checks for a chair itself. */
  audience: 'anyone',
  chats: 'any',
  args: [{ name: 'meeting', type: 'meeting', suggest: suggestUpcomingMeetings }],
  // The id is read in `run`: someone who is no chair hears that before a usage they cannot use.
  parse: (text) => (text ? { meeting: readId(text) ?? UNREADABLE_ID } : {}),
  async run(ctx, values) {
    if (values.meeting === undefined) return ctx.reply('flow.nothing-to-cancel');
    checkAudience(['chair'], ctx, '/cancel');
    const community = ctx.requireCommunity();
    if (values.meeting === UNREADABLE_ID) throw new UserError('meeting.cancel-usage');
    const { meeting, next } = await ctx.services.meetings.cancelChoices(community.id, values.meeting);
    if (!meeting.rrule) return cancelOne(ctx, next[0]!.id);
    const reader = readerOf(ctx);
    const buttons: ButtonSpec[][] = next.map((o) => [
      {
        label: formatDate(o.startsAt, { ...reader, timeZone: meeting.timeZone }),
        action: 'mtg.cancel-one',
        data: String(o.id),
      },
    ]);
    buttons.push([{ labelKey: 'meeting.cancel-series-button', action: 'mtg.cancel-all', data: String(meeting.id) }]);
    await ctx.reply('meeting.cancel-choose', { id: meeting.id, title: meeting.title }, { buttons });
  },
});

/** `/cancel` and the buttons of a series' cancellation. */
export function registerCancelCommands(router: AppRouter): void {
  router.command(cancelCommand);

  addAction(router, 'mtg.cancel-one', (ctx, data) => cancelOne(ctx, buttonId(data)));
  addAction(router, 'mtg.cancel-all', async (ctx, data) => {
    const community = ctx.requireCommunity();
    const { meeting, notified } = await ctx.services.meetings.cancelSeries(community.id, buttonId(data), ctx.member.id);
    await ctx.reply('meeting.cancelled-series', { id: meeting.id, title: meeting.title, notified });
  });
}

async function cancelOne(ctx: Ctx, occurrenceId: number): Promise<void> {
  const community = ctx.requireCommunity();
  const result = await ctx.services.meetings.cancelOccurrence(community.id, occurrenceId, ctx.member.id);
  await ctx.reply(result.series ? 'meeting.cancelled-series' : 'meeting.cancelled-one', {
    id: result.meeting.id,
    title: result.meeting.title,
    when: when(result.startsAt, readerOf(ctx)),
    notified: result.notified,
  });
}

/** Button data is untrusted: a forged or garbled id is refused like a stale button. */
export function buttonId(data: string): number {
  const id = Number(data);
  if (!/^\d{1,9}$/.test(data) || !Number.isSafeInteger(id) || id <= 0) throw new UserError('error.stale-button');
  return id;
}
