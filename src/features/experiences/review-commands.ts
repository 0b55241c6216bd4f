import { z } from 'zod';
import { UserError } from '../../core/errors.ts';
import { formatDate } from '../../i18n/date-format.ts';
import { type AppRouter, type Ctx } from '../services.ts';
import { addAction } from '../feature-action.ts';
import { featureCommand } from '../feature-command.ts';
import { buttonId } from './button-data.ts';
import { cleanNote } from './experience-limits.ts';
import { attachmentButtons } from './attachment-commands.ts';
import type { ExperienceRow } from './experience-repository.ts';
import type { Decision } from './experience-service.ts';
import { experienceDetails, viewOfRow } from './experience-view.ts';
import { REVIEW_AUDIENCE } from './review-audience.ts';
import { tellAuthorOfReview } from './review-notice.ts';

/**
 * `/review` (curators): the submission waiting longest, with Approve / Reject / Ask for changes.
 * Rejecting or asking for changes takes a note, typed as the next message. The author is told in
 * their own language; asked for changes, they get a button that opens the submission for editing.
 */
const NOTE_FLOW = 'review-note';
const NOTE_TTL_MS = 30 * 60_000;
const noteState = z.object({ experienceId: z.number().int(), decision: z.enum(['reject', 'changes']) });

/** What a curator sees of a submission: the whole story, up to what one message can hold. */
const REVIEW_STORY_LENGTH = 3000;

export const reviewCommand = featureCommand({
  name: 'review',
  audience: REVIEW_AUDIENCE,
  chats: 'private',
  args: [],
  run: (ctx) => showNext(ctx, false),
});

export function registerReviewCommands(router: AppRouter): void {
  router.command(reviewCommand);

  addAction(router, 'rev.ok', async (ctx, data) => {
    const community = ctx.requireCommunity();
    const experience = await ctx.services.experiences.submissions.decide(
      community.id,
      buttonId(data),
      'approve',
      ctx.member.id,
      null,
    );
    await finish(ctx, experience, 'approve', null);
  });

  addAction(router, 'rev.no', (ctx, data) => askNote(ctx, 'reject', buttonId(data)));
  addAction(router, 'rev.chg', (ctx, data) => askNote(ctx, 'changes', buttonId(data)));

  addAction(router, 'rev.cancel', async (ctx) => {
    const state = await ctx.conversation.current();
    if (state?.flow !== NOTE_FLOW) throw new UserError('error.stale-button');
    await ctx.conversation.end();
    await ctx.reply('review.note-cancelled');
  });

  router.flow({
    name: NOTE_FLOW,
    steps: {
      note: async (ctx, input, state) => {
        const { experienceId, decision } = noteState.parse(state.data);
        if (input.type !== 'text') throw new UserError('review.error.note-text');
        const note = cleanNote(input.text);
        const community = ctx.requireCommunity();
        const experience = await ctx.services.experiences.submissions.decide(
          community.id,
          experienceId,
          decision,
          ctx.member.id,
          note,
        );
        await ctx.conversation.end();
        await finish(ctx, experience, decision, note);
      },
    },
  });
}

async function showNext(ctx: Ctx, afterDecision: boolean): Promise<void> {
  const community = ctx.requireCommunity();
  const { experience, pending } = await ctx.services.experiences.submissions.nextForReview(community.id);
  if (!experience) return ctx.reply(afterDecision ? 'review.none-left' : 'review.none');
  const format = { language: ctx.language, calendar: ctx.calendar, timeZone: ctx.timeZone };
  const details = experienceDetails(ctx.t, viewOfRow(experience), {
    audience: 'curator',
    // A curator judges an interview whole (a long text is sent in several messages).
    ...(experience.kind === 'interview' ? {} : { storyLength: REVIEW_STORY_LENGTH }),
    format,
  });
  const earlier = experience.statusChanges[0];
  const data = String(experience.id);
  await ctx.reply(
    'review.item',
    {
      id: data,
      pending,
      submitted: formatDate(experience.submittedAt, format),
      details,
      resubmitted: earlier?.toStatus === 'changes_requested' ? 'yes' : 'no',
      note: earlier?.note ?? '',
    },
    {
      buttons: [
        [{ labelKey: 'review.button.approve', action: 'rev.ok', data }],
        [
          { labelKey: 'review.button.reject', action: 'rev.no', data },
          { labelKey: 'review.button.changes', action: 'rev.chg', data },
        ],
        ...attachmentButtons(experience),
      ],
    },
  );
}

/** Checks the submission first, so that a stale button is refused before any note is asked for. */
async function askNote(ctx: Ctx, decision: 'reject' | 'changes', id: number): Promise<void> {
  const community = ctx.requireCommunity();
  const experience = await ctx.services.experiences.submissions.pendingInCommunity(community.id, id);
  await ctx.conversation.start(NOTE_FLOW, 'note', { experienceId: id, decision }, NOTE_TTL_MS);
  await ctx.reply(
    `review.ask-note-${decision}`,
    { id: String(id), title: experience.title },
    { buttons: [[{ labelKey: 'review.button.cancel-note', action: 'rev.cancel' }]] },
  );
}

/** Tells the author, confirms to the curator, and offers the next submission. */
async function finish(ctx: Ctx, experience: ExperienceRow, decision: Decision, note: string | null): Promise<void> {
  const told = await notifyAuthor(ctx, experience, decision, note);
  const id = String(experience.id);
  await ctx.reply(`review.done-${decision}`, { id, title: experience.title, told: told ? 'yes' : 'no' });
  await showNext(ctx, true);
}

function notifyAuthor(ctx: Ctx, experience: ExperienceRow, decision: Decision, note: string | null): Promise<boolean> {
  return tellAuthorOfReview(ctx.services.experiences, (target, message) => ctx.send(target, message), {
    experience,
    decision,
    note,
    fallbackLanguage: ctx.community?.language ?? ctx.language,
  });
}
