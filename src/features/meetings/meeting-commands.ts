import { UserError } from '../../core/errors.ts';
import { roleAllows } from '../../core/roles.ts';
import type { ButtonSpec } from '../../core/context.ts';
import { Rendered } from '../../i18n/translator.ts';
import { type AppRouter, type Ctx } from '../services.ts';
import { addAction } from '../feature-action.ts';
import { featureCommand } from '../feature-command.ts';
import { lineFromValues, meetingArgs, parseMeetingText, readId, type MeetingValues } from './meeting-values.ts';
import { suggestUpcomingMeetings } from './meeting-suggestions.ts';
import { chairContext, readerOf, replyScheduled, usageExamples } from './meeting-replies.ts';
import { inner, offsetsText, recurrenceText, whenLines } from './meeting-text.ts';
import { startMeetingFlow } from './meeting-flow.ts';
import { rsvpButtons } from './rsvp-buttons.ts';
import { venueLines } from './meeting-venue.ts';
import { MEETINGS_PAGE, moreMeetingsButton, readMoreOffset } from './meetings-paging.ts';
import { carriedAgendaLines } from '../minutes/minutes-agenda.ts';

/**
 * `/meeting WHEN | Title | link [| agenda] [--options]` (chairs), `/meeting edit ID …`,
 * `/meeting offsets …`; bare, the guided flow (a form on a Discord server). On Discord each part is its
 * own option, so a `|` or `--weekly` inside a title stays part of the title.
 */
export const meetingCommand = featureCommand({
  name: 'meeting',
  audience: ['chair'],
  chats: 'any',
  args: meetingArgs,
  parse: parseMeetingText,
  form: { fields: ['when', 'title', 'link', 'agenda'], optional: ['agenda'] },
  async run(ctx, values) {
    const community = ctx.requireCommunity();
    const given = Object.keys(values);
    if (given.length === 0) return startMeetingFlow(ctx);
    if (values.offsets !== undefined) {
      // Offsets are the community's, not a meeting's: together with a meeting's parts they mean two things.
      if (given.length > 1) throw new UserError('discord.error.conflict', { options: given.join(', ') });
      return setOffsets(ctx, community.id, values.offsets);
    }
    if (values.edit !== undefined) return editMeeting(ctx, values.edit, values);
    const line = lineFromValues(values, false);
    if (!line) throw new UserError('meeting.usage', usageExamples(ctx));
    await ctx.services.minutes.checkFollows(community.id, values.follows);
    const scheduled = await ctx.services.meetings.schedule(line, chairContext(ctx));
    await ctx.services.minutes.configureMeeting(
      community.id,
      scheduled.meeting.id,
      minutesOptions(values),
      ctx.member.id,
    );
    await replyScheduled(ctx, 'meeting.created', scheduled);
  },
});

export const meetingsCommand = featureCommand({
  name: 'meetings',
  audience: ['member'],
  chats: 'any',
  args: [],
  run: (ctx) => listMeetings(ctx, 0),
});

export const icsCommand = featureCommand({
  name: 'ics',
  audience: ['member'],
  chats: 'any',
  args: [{ name: 'meeting', type: 'meeting', required: true, suggest: suggestUpcomingMeetings }],
  parse(text) {
    const id = readId(text);
    if (id === null) throw new UserError('meeting.ics-usage');
    return { meeting: id };
  },
  async run(ctx, values) {
    const community = ctx.requireCommunity();
    const { meeting, ics } = await ctx.services.meetings.calendarFile(community.id, values.meeting, {
      memberId: ctx.member.id,
      seeAll: roleAllows(['chair'], ctx.role),
    });
    await ctx.reply(
      meeting.cancelledAt ? 'meeting.ics-cancelled' : 'meeting.ics-ready',
      { title: meeting.title },
      {
        file: {
          fileName: `meeting-${meeting.id}.ics`,
          mimeType: 'text/calendar',
          contentBase64: Buffer.from(ics).toString('base64'),
        },
      },
    );
  },
});

/** `/meeting`, `/meetings` (with its next-page button), `/ics ID`. */
export function registerMeetingCommands(router: AppRouter): void {
  router.command(meetingCommand);
  router.command(meetingsCommand);
  addAction(router, 'mtg.more', (ctx, data) => listMeetings(ctx, readMoreOffset(data)));
  router.command(icsCommand);
}

async function editMeeting(ctx: Ctx, id: number, values: MeetingValues): Promise<void> {
  if (Object.keys(values).length === 1) throw new UserError('meeting.edit-usage', usageExamples(ctx));
  const line = lineFromValues(values, true)!;
  const communityId = ctx.requireCommunity().id;
  await ctx.services.minutes.checkFollows(communityId, values.follows, id);
  const edited = await ctx.services.meetings.edit(id, line, chairContext(ctx));
  await ctx.services.minutes.configureMeeting(communityId, id, minutesOptions(values), ctx.member.id);
  await replyScheduled(ctx, 'meeting.updated', edited);
}

/** `--auto-close` and `--follows ID`: kept by the minutes feature. */
function minutesOptions(values: MeetingValues): { autoClose?: boolean; follows?: number } {
  return {
    ...(values.autoclose ? { autoClose: true } : {}),
    ...(values.follows !== undefined ? { follows: values.follows } : {}),
  };
}

async function setOffsets(ctx: Ctx, communityId: number, text: string): Promise<void> {
  if (!text.trim()) {
    const offsets = await ctx.services.meetings.offsets(communityId);
    return ctx.reply('meeting.offsets-current', { offsets: inner(offsetsText(ctx, offsets)) });
  }
  const offsets = await ctx.services.meetings.setOffsets(communityId, text, ctx.member.id);
  await ctx.reply('meeting.offsets-done', { offsets: inner(offsetsText(ctx, offsets)) });
}

/** One page of /meetings from `offset`, with a button for the next page when there is one. */
async function listMeetings(ctx: Ctx, offset: number): Promise<void> {
  const community = ctx.requireCommunity();
  const seeAll = roleAllows(['chair'], ctx.role);
  const { rows, more } = await ctx.services.meetings.upcomingPage(community.id, ctx.member.id, seeAll, {
    offset,
    take: MEETINGS_PAGE,
  });
  if (rows.length === 0) return ctx.reply(offset === 0 ? 'meeting.none' : 'meeting.no-more');
  const reader = readerOf(ctx);
  const carried = await Promise.all(rows.map((row) => carriedAgendaLines(ctx, row.id)));
  const blocks: string[] = [];
  const buttons: ButtonSpec[][] = [];
  rows.forEach((row, index) => {
    const n = offset + index + 1;
    const lines = [ctx.t('meeting.list-item', { n, id: row.meeting.id, title: row.meeting.title })];
    lines.push(...whenLines(ctx, row.startsAt, row.meeting.timeZone, reader));
    if (row.meeting.rrule)
      lines.push(ctx.t('meeting.recurs-line', { text: inner(recurrenceText(ctx, row.meeting.rrule)) }));
    lines.push(...venueLines(ctx, row.meeting));
    lines.push(...carried[index]!);
    const mine = row.rsvps.find((r) => r.memberId === ctx.member.id);
    if (mine) lines.push(ctx.t('rsvp.yours', { answer: inner(ctx.t(`rsvp.answer-${mine.answer}`)) }));
    if (seeAll) {
      const names = (answer: string) => row.rsvps.filter((r) => r.answer === answer).map((r) => r.member.displayName);
      const [yes, no, maybe] = [names('yes'), names('no'), names('maybe')];
      lines.push(ctx.t('rsvp.counts', { yes: yes.length, no: no.length, maybe: maybe.length }));
      for (const [answer, list] of [
        ['yes', yes],
        ['no', no],
        ['maybe', maybe],
      ] as const) {
        if (list.length > 0) {
          lines.push(ctx.t('rsvp.names', { answer: inner(ctx.t(`rsvp.answer-${answer}`)), names: ctx.list(list) }));
        }
      }
    }
    blocks.push(lines.join('\n'));
    buttons.push(rsvpButtons(row.id).map((b) => ({ ...b, labelKey: `${b.labelKey}-n`, labelParams: { n } })));
  });
  if (more) buttons.push([moreMeetingsButton(offset + rows.length)]);
  await ctx.reply('meeting.list', { list: new Rendered(blocks.join('\n\n')) }, { buttons });
}
