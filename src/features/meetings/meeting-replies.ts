/**
 * What the one-line `/meeting` (meeting-commands.ts) and the guided one (meeting-flow.ts) both use: the
 * chair's context, the usage examples, and the confirmation of what was scheduled. Kept here so that the
 * commands can start the flow without the flow importing the commands.
 */
import { Rendered } from '../../i18n/translator.ts';
import type { Ctx } from '../services.ts';
import { exampleDates } from './example-date.ts';
import type { ChairContext, ScheduledMeeting } from './meeting-types.ts';
import { inner, offsetsText, recurrenceText, whenLines, type Reader } from './meeting-text.ts';
import { venueLines } from './meeting-venue.ts';

export function chairContext(ctx: Ctx): ChairContext {
  const community = ctx.requireCommunity();
  const chat = ctx.event.chat;
  return {
    communityId: community.id,
    memberId: ctx.member.id,
    chat: { platform: chat.platform, chatId: chat.chatId, kind: chat.kind },
    chatBound: ctx.chatBound,
    reader: readerOf(ctx),
  };
}

export function readerOf(ctx: Ctx): Reader {
  return { language: ctx.language, calendar: ctx.calendar, timeZone: ctx.timeZone };
}

/** The parameters of the usage texts: example dates that are always ahead of today. */
export function usageExamples(ctx: Ctx): { date: string; isoDate: string } {
  return exampleDates(readerOf(ctx), new Date());
}

/** The confirmation: what was stored, who gets reminders when, and the commands that act on it. */
export async function replyScheduled(ctx: Ctx, key: string, scheduled: ScheduledMeeting): Promise<void> {
  const { meeting } = scheduled;
  const lines = [ctx.t(key, { id: meeting.id, title: meeting.title })];
  lines.push(...whenLines(ctx, meeting.startsAt, meeting.timeZone, readerOf(ctx)));
  lines.push(ctx.t('meeting.duration-line', { minutes: meeting.durationMinutes }));
  if (meeting.rrule) lines.push(ctx.t('meeting.recurs-line', { text: inner(recurrenceText(ctx, meeting.rrule)) }));
  lines.push(...venueLines(ctx, meeting));
  if (meeting.agenda) lines.push(ctx.t('meeting.agenda-line', { agenda: meeting.agenda }));
  const audience =
    meeting.audience === 'committee'
      ? ctx.t('meeting.audience-committee', { name: scheduled.committeeName ?? '' })
      : ctx.t(`meeting.audience-${meeting.audience}`);
  lines.push(
    ctx.t('meeting.reminders-line', {
      offsets: inner(offsetsText(ctx, scheduled.offsets)),
      audience: inner(audience),
      targets: scheduled.targets,
    }),
  );
  lines.push(ctx.t('meeting.commands-line', { id: meeting.id }));
  await ctx.reply('meeting.text', { text: new Rendered(lines.join('\n')) });
}
