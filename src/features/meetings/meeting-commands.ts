import { UserError } from '../../core/errors.ts';
import { roleAllows } from '../../core/roles.ts';
import type { ButtonSpec } from '../../core/context.ts';
import { toLatinDigits } from '../../i18n/digits.ts';
import { Rendered } from '../../i18n/translator.ts';
import { addAction, addCommand, type AppRouter, type Ctx } from '../services.ts';
import { parseMeetingLine, type LineResult } from './meeting-line-parser.ts';
import { chairContext, readerOf, replyScheduled, usageExamples } from './meeting-replies.ts';
import { inner, offsetsText, recurrenceText, whenLines } from './meeting-text.ts';
import { startMeetingFlow } from './meeting-flow.ts';
import { rsvpButtons } from './rsvp-buttons.ts';
import { venueLines } from './meeting-venue.ts';
import { MEETINGS_PAGE, moreMeetingsButton, readMoreOffset } from './meetings-paging.ts';

/** `/meeting` (chairs: schedule, `edit ID …`, `offsets …`), `/meetings`, `/ics ID`. */
export function registerMeetingCommands(router: AppRouter): void {
  addCommand(router, 'meeting', async (ctx, args) => {
    const community = ctx.requireCommunity();
    if (!args) return startMeetingFlow(ctx);
    const sub = /^(edit|offsets)(?:\s+([\s\S]*))?$/i.exec(args);
    if (sub?.[1]!.toLowerCase() === 'offsets') return setOffsets(ctx, community.id, sub[2] ?? '');
    if (sub?.[1]!.toLowerCase() === 'edit') return editMeeting(ctx, sub[2] ?? '');
    const scheduled = await ctx.services.meetings.schedule(lineOrError(ctx, parseMeetingLine(args)), chairContext(ctx));
    await replyScheduled(ctx, 'meeting.created', scheduled);
  });

  addCommand(router, 'meetings', (ctx) => listMeetings(ctx, 0));
  addAction(router, 'mtg.more', (ctx, data) => listMeetings(ctx, readMoreOffset(data)));

  addCommand(router, 'ics', async (ctx, args) => {
    const community = ctx.requireCommunity();
    const id = readId(args);
    if (id === null) throw new UserError('meeting.ics-usage');
    const { meeting, ics } = await ctx.services.meetings.calendarFile(community.id, id, {
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
  });
}

/** A meeting id as members type it: `12`, `#12`, `۱۲`. */
export function readId(text: string): number | null {
  const match = /^#?(\d{1,9})$/.exec(toLatinDigits(text.trim()));
  return match ? Number(match[1]) : null;
}

export function lineOrError(ctx: Ctx, result: LineResult) {
  if (result.ok) return result.value;
  switch (result.reason) {
    case 'usage':
      throw new UserError('meeting.usage', usageExamples(ctx));
    case 'unknown-option':
      throw new UserError('meeting.error.unknown-option', { option: result.option });
    case 'option-needs-value':
      throw new UserError('meeting.error.option-value', { option: result.option });
    case 'bad-every':
      throw new UserError('meeting.error.every', { value: result.value });
    case 'bad-monthly':
      throw new UserError('meeting.error.monthly', { value: result.value });
    case 'two-recurrences':
      throw new UserError('meeting.error.two-recurrences');
  }
}

async function editMeeting(ctx: Ctx, text: string): Promise<void> {
  const match = /^(\S+)\s*([\s\S]*)$/.exec(text.trim());
  const id = match ? readId(match[1]!) : null;
  if (id === null || !match?.[2]) throw new UserError('meeting.edit-usage', usageExamples(ctx));
  const line = lineOrError(ctx, parseMeetingLine(match[2], { partial: true }));
  const edited = await ctx.services.meetings.edit(id, line, chairContext(ctx));
  await replyScheduled(ctx, 'meeting.updated', edited);
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
  const blocks: string[] = [];
  const buttons: ButtonSpec[][] = [];
  rows.forEach((row, index) => {
    const n = offset + index + 1;
    const lines = [ctx.t('meeting.list-item', { n, id: row.meeting.id, title: row.meeting.title })];
    lines.push(...whenLines(ctx, row.startsAt, row.meeting.timeZone, reader));
    if (row.meeting.rrule)
      lines.push(ctx.t('meeting.recurs-line', { text: inner(recurrenceText(ctx, row.meeting.rrule)) }));
    lines.push(...venueLines(ctx, row.meeting));
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
