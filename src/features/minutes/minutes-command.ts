/**
 * `/minutes ID`: in a group, this chat records the meeting's current minutes (chair or secretary); in
 * a private chat, the text so far (anyone who may see the meeting; the chair or secretary records
 * there too). `/minutes ID secretary @member` (or as a reply), `/minutes ID close`,
 * `/minutes ID auto-close on|off`.
 */
import { UserError } from '../../core/errors.ts';
import { Rendered } from '../../i18n/translator.ts';
import { featureCommand } from '../feature-command.ts';
import type { AppRouter, Ctx } from '../services.ts';
import { readId } from '../meetings/meeting-values.ts';
import { readerOf } from '../meetings/meeting-replies.ts';
import { suggestUpcomingMeetings } from '../meetings/meeting-suggestions.ts';
import { when } from '../meetings/meeting-text.ts';
import type { Recording } from './minutes-service.ts';
import { actorOf, chatOf } from './minutes-replies.ts';

/** A person named in the text rather than replied to: the community finds them by name. */
const NO_USER_ID = '';

export const minutesCommand = featureCommand({
  name: 'minutes',
  audience: ['member'],
  chats: 'any',
  args: [
    { name: 'meeting', type: 'meeting', required: true, suggest: suggestUpcomingMeetings },
    { name: 'secretary', type: 'member' },
    { name: 'close', type: 'flag' },
    {
      name: 'autoclose',
      type: 'choice',
      choices: [
        { value: 'on', labelKey: 'minutes.choice.on' },
        { value: 'off', labelKey: 'minutes.choice.off' },
      ],
    },
  ],
  parse(text, { target }) {
    const match = /^(\S+)(?:\s+([\s\S]*))?$/.exec(text.trim());
    const id = match ? readId(match[1]!) : null;
    if (id === null) throw new UserError('minutes.usage');
    const rest = match![2]?.trim() ?? '';
    if (!rest) return { meeting: id };
    if (/^close$/i.test(rest)) return { meeting: id, close: true };
    const secretary = /^secretary(?:\s+([\s\S]+))?$/i.exec(rest);
    if (secretary) {
      const name = secretary[1]?.replace(/^@/, '').trim() ?? '';
      if (target) return { meeting: id, secretary: target };
      if (!name) throw new UserError('minutes.secretary-usage');
      return { meeting: id, secretary: { userId: NO_USER_ID, displayName: name } };
    }
    const auto = /^auto-?close\s+(on|off)$/i.exec(rest);
    if (auto) return { meeting: id, autoclose: auto[1]!.toLowerCase() };
    throw new UserError('minutes.usage');
  },
  async run(ctx, values) {
    const community = ctx.requireCommunity();
    const actor = actorOf(ctx);
    const minutes = ctx.services.minutes;
    const given = [values.secretary, values.close, values.autoclose].filter((v) => v !== undefined).length;
    if (given > 1) throw new UserError('minutes.usage');
    if (values.autoclose !== undefined) {
      const meeting = await minutes.meeting(community.id, values.meeting, actor);
      await minutes.setAutoClose(community.id, meeting, values.autoclose === 'on', actor);
      return ctx.reply(`minutes.auto-close-${values.autoclose === 'on' ? 'on' : 'off'}`, {
        id: meeting.id,
        title: meeting.title,
      });
    }
    const located = await minutes.locate(community.id, values.meeting, actor);
    if (values.secretary) {
      if (!minutes.isChair(actor, located.meeting)) throw new UserError('minutes.error.chair-only');
      const secretary = await minutes.memberFor(community.id, ctx.event.chat.platform, values.secretary);
      await minutes.setSecretary(community.id, await minutes.opened(located), secretary.id, actor);
      return ctx.reply('minutes.secretary-set', { name: secretary.displayName, title: located.meeting.title });
    }
    if (values.close) {
      if (!located.mayRecord) throw refusalOf(located.meeting);
      return closeMinutes(ctx, await minutes.opened(located));
    }
    if (ctx.event.chat.kind === 'private') {
      // Anyone who may see the meeting reads the text so far; who may record, records here too.
      const recording = located.mayRecord ? await minutes.opened(located) : null;
      if (recording) await minutes.recordHere(community.id, actor, chatOf(ctx), recording);
      const minutesId = recording?.minutes.id ?? located.minutes?.id;
      if (minutesId === undefined)
        return ctx.reply('minutes.none-yet', { id: located.meeting.id, title: located.meeting.title });
      const text = await minutes.textSoFar(minutesId, { ...readerOf(ctx) });
      return ctx.reply('minutes.text', { text: new Rendered(text) });
    }
    if (!located.mayRecord) throw refusalOf(located.meeting);
    const recording = await minutes.opened(located);
    await minutes.recordHere(community.id, actor, chatOf(ctx), recording);
    await ctx.reply(recording.minutes.closedAt ? 'minutes.recording-closed' : 'minutes.recording', {
      id: recording.meeting.id,
      title: recording.meeting.title,
      when: when(recording.occurrence.startsAt, readerOf(ctx)),
    });
  },
});

function refusalOf(meeting: { id: number; title: string }): UserError {
  return new UserError('minutes.error.not-secretary', { id: meeting.id, title: meeting.title });
}

async function closeMinutes(ctx: Ctx, recording: Recording): Promise<void> {
  const closed = await ctx.services.minutes.close(recording, actorOf(ctx), chatOf(ctx));
  if (!closed) throw new UserError('minutes.error.closed-already', { id: recording.meeting.id });
  const here =
    closed.target &&
    closed.target.platform === ctx.event.chat.platform &&
    closed.target.chatId === ctx.event.chat.chatId;
  await ctx.reply(here ? 'minutes.closed-here' : closed.target ? 'minutes.closed-posted' : 'minutes.closed-kept', {
    id: recording.meeting.id,
    title: recording.meeting.title,
  });
}

export function registerMinutesCommand(router: AppRouter): void {
  router.command(minutesCommand);
}
