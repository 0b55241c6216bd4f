import { UserError } from '../../core/errors.ts';
import { checkAudience } from '../../core/router.ts';
import { COMMAND_PERMISSIONS } from '../permission-matrix.ts';
import { addAction, addCommand, type AppRouter, type Ctx } from '../services.ts';
import { buttonId } from './button-data.ts';
import { newDraft } from './experience-draft.ts';
import { MAX_STORY } from './experience-limits.ts';
import { hashtags, mergeTags } from './experience-tags.ts';
import { currentShare, goTo, registerShareFlow } from './share-flow.ts';

/**
 * `/share` (guided in a private chat, or `/share Title | text` anywhere), a message forwarded to the
 * bot in a private chat, the one-line form's anonymity button, and editing a submission a curator
 * sent back for changes.
 */
export function registerShareCommands(router: AppRouter): void {
  registerShareFlow(router);

  addCommand(router, 'share', async (ctx, args) => {
    const community = ctx.requireCommunity();
    if (args) return shareInOneLine(ctx, community.id, args);
    // A story is not written in front of the whole group: the guided form runs in the private chat.
    if (ctx.event.chat.kind !== 'private') return ctx.reply('share.go-private', {}, { openPrivateChat: 'share' });
    const current = await currentShare(ctx);
    if (current) {
      await ctx.reply('share.resumed');
      return goTo(ctx, current.step, current.draft);
    }
    const library = await ctx.services.experiences.submissions.organization(ctx.member.id);
    await goTo(ctx, 'title', newDraft({ communityId: community.id, library }));
  });

  // A forwarded message with no flow waiting for it: ask whether to submit it, keeping its source.
  router.use(async (ctx, next) => {
    const payload = ctx.event.payload;
    if (payload.type !== 'text' || !payload.forward || ctx.event.chat.kind !== 'private') return next();
    const state = await ctx.conversation.current();
    if (state && state.expiresAt.getTime() > Date.now()) return next();
    checkAudience(COMMAND_PERMISSIONS.share.audience, ctx);
    const community = ctx.requireCommunity();
    const story = payload.text.trim();
    if (!story) return next();
    if (story.length > MAX_STORY)
      throw new UserError('share.error.story-long', { max: MAX_STORY, length: story.length });
    const library = await ctx.services.experiences.submissions.organization(ctx.member.id);
    const source = { name: payload.forward.fromName, date: payload.forward.date.toISOString() };
    await goTo(ctx, 'forward', newDraft({ communityId: community.id, library, story, source }));
  });

  addAction(router, 'exp.anon', async (ctx, data) => {
    const id = buttonId(data);
    await ctx.services.experiences.submissions.setConsent(id, ctx.member.id, 'anonymous');
    await ctx.reply('share.now-anonymous', { id: String(id) });
  });

  // From the "changes requested" notice: the submission opens in the guided form at its preview.
  addAction(router, 'exp.edit', async (ctx, data) => {
    const id = buttonId(data);
    if (ctx.event.chat.kind !== 'private')
      throw new UserError('share.error.edit-private', {}, { openPrivateChat: 'share' });
    const experience = await ctx.services.experiences.submissions.forEdit(id, ctx.member.id);
    const draft = newDraft({
      communityId: experience.communityId,
      editingId: experience.id,
      title: experience.title,
      story: experience.body,
      attachments: experience.attachments,
      tags: experience.tags,
      library: experience.library,
      consent: experience.consent,
      source:
        experience.sourceName && experience.sourceDate
          ? { name: experience.sourceName, date: experience.sourceDate.toISOString() }
          : null,
    });
    await ctx.reply('share.editing', { id: String(id) });
    await goTo(ctx, 'preview', draft);
  });
}

/**
 * `/share Title | text`: submitted at once, with the member's remembered library and `#hashtags` as
 * tags, published with their name unless they press the button that comes with the confirmation.
 */
async function shareInOneLine(ctx: Ctx, communityId: number, args: string): Promise<void> {
  const bar = args.indexOf('|');
  if (bar < 0) throw new UserError('share.usage');
  const body = args.slice(bar + 1);
  const { submissions } = ctx.services.experiences;
  const { id, title } = await submissions.submit({
    communityId,
    authorId: ctx.member.id,
    platform: ctx.event.chat.platform,
    chatId: ctx.event.chat.chatId,
    title: args.slice(0, bar),
    body,
    tags: mergeTags([], hashtags(body)),
    library: await submissions.organization(ctx.member.id),
    consent: 'named',
    sourceName: null,
    sourceDate: null,
    attachments: [],
  });
  await ctx.reply(
    'share.submitted-one-line',
    { id: String(id), title },
    { buttons: [[{ labelKey: 'share.button.make-anonymous', action: 'exp.anon', data: String(id) }]] },
  );
}
