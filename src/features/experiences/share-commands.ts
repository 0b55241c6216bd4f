import { UserError } from '../../core/errors.ts';
import { checkAudience } from '../../core/router.ts';
import { type AppRouter, type Ctx } from '../services.ts';
import { addAction } from '../feature-action.ts';
import { featureCommand } from '../feature-command.ts';
import { buttonId } from './button-data.ts';
import { newDraft } from './experience-draft.ts';
import { MAX_STORY, MAX_TITLE } from './experience-limits.ts';
import { hashtags, mergeTags } from './experience-tags.ts';
import { currentShare, goTo, registerShareFlow } from './share-flow.ts';

/** Discord's bound on a string option; its form holds less (4000), and a longer story goes guided. */
const MAX_TEXT_OPTION = 6000;

/**
 * `/share Title | text` anywhere, submitted at once; bare, the guided form in the private chat (on
 * Discord in a server, a form with both parts). On Discord each part is its own option, so a `|` in the
 * title stays part of the title.
 */
export const shareCommand = featureCommand({
  name: 'share',
  audience: ['member'],
  chats: 'any',
  args: [
    { name: 'title', type: 'text', maxLength: MAX_TITLE },
    { name: 'text', type: 'text', maxLength: MAX_TEXT_OPTION, multiline: true },
  ],
  form: { fields: ['title', 'text'] },
  parse(text) {
    if (!text) return {};
    // The title ends at the first `|`; the story may hold more.
    const bar = text.indexOf('|');
    if (bar < 0) throw new UserError('share.usage');
    return { title: text.slice(0, bar), text: text.slice(bar + 1) };
  },
  async run(ctx, values) {
    const community = ctx.requireCommunity();
    // One part alone is answered as the text form answers `Title |` or `| text`: that part is missing.
    if (values.title !== undefined || values.text !== undefined)
      return shareInOneLine(ctx, community.id, values.title ?? '', values.text ?? '');
    // A story is not written in front of the whole group: the guided form runs in the private chat.
    if (ctx.event.chat.kind !== 'private') return ctx.reply('share.go-private', {}, { openPrivateChat: 'share' });
    const current = await currentShare(ctx);
    if (current) {
      await ctx.reply('share.resumed');
      return goTo(ctx, current.step, current.draft);
    }
    const library = await ctx.services.experiences.submissions.organization(ctx.member.id);
    await goTo(ctx, 'title', newDraft({ communityId: community.id, library }));
  },
});

/**
 * `/share` (guided in a private chat, or `/share Title | text` anywhere), a message forwarded to the
 * bot in a private chat, the one-line form's anonymity button, and editing a submission a curator
 * sent back for changes.
 */
export function registerShareCommands(router: AppRouter): void {
  registerShareFlow(router);
  router.command(shareCommand);

  // A forwarded message with no flow waiting for it: ask whether to submit it, keeping its source.
  router.use(async (ctx, next) => {
    const payload = ctx.event.payload;
    if (payload.type !== 'text' || !payload.forward || ctx.event.chat.kind !== 'private') return next();
    const state = await ctx.conversation.current();
    if (state && state.expiresAt.getTime() > Date.now()) return next();
    checkAudience(shareCommand.audience, ctx);
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
async function shareInOneLine(ctx: Ctx, communityId: number, typedTitle: string, body: string): Promise<void> {
  const { submissions } = ctx.services.experiences;
  const { id, title } = await submissions.submit({
    communityId,
    authorId: ctx.member.id,
    platform: ctx.event.chat.platform,
    chatId: ctx.event.chat.chatId,
    title: typedTitle,
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
