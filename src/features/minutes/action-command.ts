/**
 * `/action @Owner[ @Owner2] text --due WHEN`: an action item in the minutes, with its owners — named
 * with `@`, mentioned, given as Discord user options, or the author of the message the command
 * replies to. A name that fits several members is asked about with a button per member; the action is
 * recorded once every owner is known.
 */
import { UserError } from '../../core/errors.ts';
import type { ButtonSpec } from '../../core/context.ts';
import { z } from 'zod';
import { featureCommand } from '../feature-command.ts';
import { addAction } from '../feature-action.ts';
import type { AppRouter, Ctx } from '../services.ts';
import { readerOf } from '../meetings/meeting-replies.ts';
import { formatDate } from '../../i18n/date-format.ts';
import { leadingOwners, readDue, splitDue, type NamedMember } from './action-input.ts';
import type { Recording } from './minutes-service.ts';
import { MAX_ACTION_TEXT } from '../actions/action-service.ts';
import { recordingHere, replyRecorded } from './minutes-replies.ts';

const OWNER_FLOW = 'minutes-owner';
const OWNER_TTL_MS = 10 * 60_000;
export const OWNER_ACTION = 'min.own';

export const actionCommand = featureCommand({
  name: 'action',
  audience: ['member'],
  chats: 'any',
  args: [
    { name: 'text', type: 'text', required: true, maxLength: MAX_ACTION_TEXT, multiline: true },
    { name: 'owner', type: 'member' },
    { name: 'owner2', type: 'member' },
    { name: 'due', type: 'when', maxLength: 100 },
  ],
  parse(text, { target }) {
    if (!text.trim()) throw new UserError('minutes.action-usage');
    const { text: rest, due } = splitDue(text);
    return { text: rest, ...(due !== undefined ? { due } : {}), ...(target ? { owner: target } : {}) };
  },
  async run(ctx, values) {
    const community = ctx.requireCommunity();
    const recording = await recordingHere(ctx);
    const platform = ctx.event.chat.platform;
    const members = await ctx.services.minutes.membersOf(community.id);
    const { owners, rest } = leadingOwners(values.text, members);
    if (!rest.trim()) throw new UserError('minutes.action-usage');
    const dueAt = values.due !== undefined ? readDue(values.due, readerOf(ctx), new Date()) : null;
    const { ids, ambiguous } = await ctx.services.minutes.ownersOf(community.id, platform, owners);
    for (const person of [values.owner, values.owner2]) {
      if (person) ids.push((await ctx.services.minutes.memberFor(community.id, platform, person)).id);
    }
    if (ids.length === 0 && ambiguous.length === 0) throw new UserError('minutes.error.no-owner');
    const pending: PendingAction = {
      occurrenceId: recording.occurrence.id,
      text: rest.trim(),
      dueAt: dueAt?.toISOString() ?? null,
      owners: [...new Set(ids)],
      ambiguous: ambiguous.map((a) => ({ typed: a.typed, candidates: a.candidates })),
    };
    if (pending.ambiguous.length > 0) return askOwner(ctx, pending);
    await recordAction(ctx, recording, pending);
  },
});

const pendingSchema = z.object({
  occurrenceId: z.number(),
  text: z.string(),
  dueAt: z.string().nullable(),
  owners: z.array(z.number()),
  ambiguous: z.array(
    z.object({ typed: z.string(), candidates: z.array(z.object({ id: z.number(), displayName: z.string() })) }),
  ),
});
type PendingAction = z.infer<typeof pendingSchema>;

/** Which of the members the first ambiguous name means: one button each, kept while the flow waits. */
async function askOwner(ctx: Ctx, pending: PendingAction): Promise<void> {
  const [first] = pending.ambiguous;
  await ctx.conversation.start(OWNER_FLOW, 'pick', pending, OWNER_TTL_MS);
  const buttons: ButtonSpec[][] = first!.candidates.map((candidate: NamedMember) => [
    { label: candidate.displayName, action: OWNER_ACTION, data: String(candidate.id) },
  ]);
  await ctx.reply('minutes.owner-which', { name: first!.typed }, { buttons });
}

/**
 * The entry first, then the action (the actions feature's service, its own transaction): they cannot
 * share one transaction across the two services, so an action that cannot be made takes its entry
 * back out. Closed minutes get their new version only once both exist.
 */
async function recordAction(ctx: Ctx, recording: Recording, pending: PendingAction): Promise<void> {
  const community = ctx.requireCommunity();
  const minutes = ctx.services.minutes;
  const entry = await minutes.recordActionEntry(recording, pending.text, ctx.member.id);
  const dueAt = pending.dueAt ? new Date(pending.dueAt) : null;
  let action: { id: number };
  try {
    action = await ctx.services.actions.create({
      communityId: community.id,
      meetingId: recording.meeting.id,
      entryId: entry.id,
      text: pending.text,
      dueAt,
      ownerIds: pending.owners,
      createdById: ctx.member.id,
    });
  } catch (error) {
    await minutes.dropEntry(entry.id);
    throw error;
  }
  const version = await minutes.revised(recording, ctx.member.id);
  const owners = ctx.list(await minutes.namesOf(pending.owners));
  await replyRecorded(
    ctx,
    dueAt ? 'minutes.action-recorded-due' : 'minutes.action-recorded',
    { id: action.id, owners, due: dueAt ? formatDate(dueAt, readerOf(ctx)) : '' },
    version,
  );
}

export function registerActionCommand(router: AppRouter): void {
  router.command(actionCommand);

  router.flow({
    name: OWNER_FLOW,
    steps: {
      // A message instead of a button: the question stands (a name typed again would be as ambiguous).
      pick: async (ctx, _input, state) => {
        const pending = pendingSchema.parse(state.data);
        await askOwner(ctx, pending);
      },
    },
  });

  addAction(router, OWNER_ACTION, async (ctx, data) => {
    const state = await ctx.conversation.current();
    if (!state || state.flow !== OWNER_FLOW) throw new UserError('error.stale-button');
    const pending = pendingSchema.parse(state.data);
    const [first, ...others] = pending.ambiguous;
    const chosen = first?.candidates.find((c) => String(c.id) === data);
    if (!chosen) throw new UserError('error.stale-button');
    const next: PendingAction = { ...pending, owners: [...new Set([...pending.owners, chosen.id])], ambiguous: others };
    if (others.length > 0) return askOwner(ctx, next);
    await ctx.conversation.end();
    const recording = await recordingHere(ctx);
    // The chat moved on to other minutes while the question waited: the action belongs to the first ones.
    if (recording.occurrence.id !== pending.occurrenceId) throw new UserError('minutes.error.moved-on');
    await recordAction(ctx, recording, next);
  });
}
