/**
 * `/note text`, `/decision text`, `/topic text` (`/topic done`), `/undo`: each one message, recorded
 * in the minutes this chat records, only by the chair or the secretary the chair named.
 */
import { UserError } from '../../core/errors.ts';
import { featureCommand, type FeatureArg } from '../feature-command.ts';
import type { AppRouter } from '../services.ts';
import { MAX_ENTRY } from './minutes-service.ts';
import { recordingHere, replyRecorded } from './minutes-replies.ts';

const TEXT_ARG = [
  { name: 'text', type: 'text', required: true, maxLength: MAX_ENTRY, multiline: true },
] as const satisfies readonly FeatureArg[];

/** The text after the command; none is answered with the command's usage. */
function textOrUsage(usage: string) {
  return (text: string) => {
    if (!text.trim()) throw new UserError(usage);
    return { text };
  };
}

export const noteCommand = featureCommand({
  name: 'note',
  audience: ['member'],
  chats: 'any',
  args: TEXT_ARG,
  parse: textOrUsage('minutes.note-usage'),
  async run(ctx, values) {
    const community = ctx.requireCommunity();
    const recording = await recordingHere(ctx);
    const entry = await ctx.services.minutes.record(community, recording, 'note', values.text, ctx.member.id);
    await replyRecorded(ctx, 'minutes.noted', { title: recording.meeting.title }, entry.version);
  },
});

export const decisionCommand = featureCommand({
  name: 'decision',
  audience: ['member'],
  chats: 'any',
  args: TEXT_ARG,
  parse: textOrUsage('minutes.decision-usage'),
  async run(ctx, values) {
    const community = ctx.requireCommunity();
    const recording = await recordingHere(ctx);
    const entry = await ctx.services.minutes.record(community, recording, 'decision', values.text, ctx.member.id);
    await replyRecorded(ctx, 'minutes.decided', { number: entry.decisionNumber ?? '' }, entry.version);
  },
});

export const topicCommand = featureCommand({
  name: 'topic',
  audience: ['member'],
  chats: 'any',
  args: [
    { name: 'text', type: 'text', maxLength: MAX_ENTRY },
    { name: 'done', type: 'flag' },
  ],
  parse(text) {
    if (/^done$/i.test(text.trim())) return { done: true };
    if (!text.trim()) throw new UserError('minutes.topic-usage');
    return { text };
  },
  async run(ctx, values) {
    const community = ctx.requireCommunity();
    if (values.done === undefined && values.text === undefined) throw new UserError('minutes.topic-usage');
    const recording = await recordingHere(ctx);
    if (values.done) {
      const { topic, version } = await ctx.services.minutes.finishTopic(recording, ctx.member.id);
      return replyRecorded(ctx, 'minutes.topic-finished', { topic: topic.text }, version);
    }
    const entry = await ctx.services.minutes.record(community, recording, 'topic', values.text!, ctx.member.id);
    await replyRecorded(ctx, 'minutes.topic-started', { topic: values.text!.trim() }, entry.version);
  },
});

export const undoCommand = featureCommand({
  name: 'undo',
  audience: ['member'],
  chats: 'any',
  args: [],
  async run(ctx) {
    ctx.requireCommunity();
    const recording = await recordingHere(ctx);
    const { removed, version } = await ctx.services.minutes.undo(recording, ctx.member.id);
    await replyRecorded(
      ctx,
      'minutes.undone',
      { kind: removed.kind, text: removed.decisionNumber ? `${removed.decisionNumber} ${removed.text}` : removed.text },
      version,
    );
  },
});

export function registerEntryCommands(router: AppRouter): void {
  router.command(noteCommand);
  router.command(decisionCommand);
  router.command(topicCommand);
  router.command(undoCommand);
}
