import { UserError } from '../../core/errors.ts';
import type { FlowInput } from '../../core/router.ts';
import type { ConversationState } from '../../core/ports.ts';
import { type AppRouter, type Ctx } from '../services.ts';
import { addAction } from '../feature-action.ts';
import { acceptAttachment, MAX_ATTACHMENTS } from './attachment-types.ts';
import { buttonId } from './button-data.ts';
import { isStep, nextStep, previousStep, readDraft, type Consent, type Draft, type Step } from './experience-draft.ts';
import { cleanLibrary, cleanStory, cleanTitle, MAX_STORY } from './experience-limits.ts';
import { mergeTags, parseTagList, toggleTag } from './experience-tags.ts';
import { ask, attachmentButtons, navigation } from './share-prompts.ts';

/**
 * `/share` step by step, in a private chat: title, story (one or more messages), attachments, topics,
 * library, consent, then a preview to confirm. The draft lives in the conversation (the database), so
 * a restart loses nothing; every step has Back and Cancel, and `/cancel` stops it too. Buttons carry the
 * step they belong to: one pressed on an older message is refused as stale.
 */
export const SHARE_FLOW = 'share';
/** Long enough to write a story over an evening; an abandoned one expires with a notice. */
export const SHARE_FLOW_TTL_MS = 24 * 3600_000;

const EDITABLE_FROM_PREVIEW: readonly Step[] = ['title', 'story', 'attachments', 'tags', 'library', 'consent'];
const CONSENT_BUTTON: Record<string, Consent> = { n: 'named', a: 'anonymous' };

/** Starts (or restarts) the flow at a step and asks for it. */
export async function goTo(ctx: Ctx, step: Step, draft: Draft): Promise<void> {
  // From the preview on, every change returns to the preview.
  const saved = step === 'preview' ? { ...draft, returnToPreview: true } : draft;
  await save(ctx, step, saved);
  await ask(ctx, step, saved);
}

/** The flow in progress, when it is this one and not expired; null otherwise. */
export async function currentShare(ctx: Ctx): Promise<{ step: Step; draft: Draft } | null> {
  const state = await ctx.conversation.current();
  return state ? shareState(state) : null;
}

function shareState(state: ConversationState): { step: Step; draft: Draft } | null {
  if (state.flow !== SHARE_FLOW || !isStep(state.step) || state.expiresAt.getTime() <= Date.now()) return null;
  return { step: state.step, draft: readDraft(state.data) };
}

/** For a button: the flow must be at the step the button was made for. */
async function at(ctx: Ctx, step: string): Promise<Draft> {
  const current = await currentShare(ctx);
  if (!current || current.step !== step) throw new UserError('error.stale-button');
  return current.draft;
}

async function save(ctx: Ctx, step: Step, draft: Draft): Promise<void> {
  await ctx.conversation.start(SHARE_FLOW, step, { ...draft }, SHARE_FLOW_TTL_MS);
}

export function registerShareFlow(router: AppRouter): void {
  router.flow({
    name: SHARE_FLOW,
    steps: {
      forward: (ctx, _input, state) => ask(ctx, 'forward', readDraft(state.data)),
      title: async (ctx, input, state) => {
        const draft = readDraft(state.data);
        if (input.type !== 'text') throw new UserError('share.error.title-text');
        await advance(ctx, 'title', { ...draft, title: cleanTitle(input.text) });
      },
      story: async (ctx, input, state) => {
        const draft = readDraft(state.data);
        if (input.type === 'file') return addFile(ctx, 'story', draft, input);
        const text = input.text.trim();
        if (!text) return ask(ctx, 'story', draft);
        const story = draft.replaceStory || !draft.story ? text : `${draft.story}\n\n${text}`;
        // Refused whole: the story stays as it was before this message, and nothing is stored.
        if (story.length > MAX_STORY) {
          throw new UserError('share.error.story-long', { max: MAX_STORY, length: story.length });
        }
        const next = { ...draft, story, replaceStory: false };
        await save(ctx, 'story', next);
        await ctx.reply(
          'share.story-added',
          { length: story.length, max: MAX_STORY },
          { buttons: navigation('story', next) },
        );
      },
      attachments: async (ctx, input, state) => {
        const draft = readDraft(state.data);
        if (input.type === 'file') return addFile(ctx, 'attachments', draft, input);
        await ask(ctx, 'attachments', draft);
      },
      tags: async (ctx, input, state) => {
        const draft = readDraft(state.data);
        if (input.type !== 'text') return ask(ctx, 'tags', draft);
        const next = { ...draft, tags: mergeTags(draft.tags, parseTagList(input.text)) };
        await save(ctx, 'tags', next);
        await ask(ctx, 'tags', next);
      },
      library: async (ctx, input, state) => {
        const draft = readDraft(state.data);
        const library = input.type === 'text' ? cleanLibrary(input.text) : null;
        if (library === null) return ask(ctx, 'library', draft);
        await advance(ctx, 'library', { ...draft, library });
      },
      consent: (ctx, _input, state) => ask(ctx, 'consent', readDraft(state.data)),
      preview: (ctx, _input, state) => ask(ctx, 'preview', readDraft(state.data)),
    },
  });

  addAction(router, 'share.next', async (ctx, data) => {
    const draft = await at(ctx, data);
    const step = data as Step;
    if (step === 'title') cleanTitle(draft.title);
    if (step === 'story') cleanStory(draft.story);
    if (step === 'consent' && !draft.consent) return ask(ctx, 'consent', draft);
    await advance(ctx, step, { ...draft, replaceStory: false });
  });

  addAction(router, 'share.back', async (ctx, data) => {
    const draft = await at(ctx, data);
    const step = data as Step;
    const back = previousStep(step, draft);
    if (!back) throw new UserError('error.stale-button');
    // Back from the preview walks the steps again one by one.
    await goTo(ctx, back, {
      ...draft,
      replaceStory: false,
      returnToPreview: step === 'preview' ? false : draft.returnToPreview,
    });
  });

  addAction(router, 'share.cancel', async (ctx, data) => {
    await at(ctx, data);
    await ctx.conversation.end();
    await ctx.reply('share.cancelled');
  });

  addAction(router, 'share.fwd', async (ctx) => {
    const draft = await at(ctx, 'forward');
    await goTo(ctx, 'title', draft);
  });

  addAction(router, 'share.topic', async (ctx, data) => {
    const draft = await at(ctx, 'tags');
    const topic = await ctx.services.experiences.topics.find(draft.communityId, buttonId(data));
    if (!topic) throw new UserError('error.stale-button');
    const next = { ...draft, tags: toggleTag(draft.tags, topic.name) };
    await save(ctx, 'tags', next);
    await ask(ctx, 'tags', next);
  });

  addAction(router, 'share.clear', async (ctx) => {
    const draft = await at(ctx, 'attachments');
    const next = { ...draft, attachments: [] };
    await save(ctx, 'attachments', next);
    await ask(ctx, 'attachments', next);
  });

  addAction(router, 'share.nolib', async (ctx) => {
    const draft = await at(ctx, 'library');
    await advance(ctx, 'library', { ...draft, library: null });
  });

  addAction(router, 'share.consent', async (ctx, data) => {
    const draft = await at(ctx, 'consent');
    const consent = CONSENT_BUTTON[data];
    if (!consent) throw new UserError('error.stale-button');
    await advance(ctx, 'consent', { ...draft, consent });
  });

  addAction(router, 'share.goto', async (ctx, data) => {
    const draft = await at(ctx, 'preview');
    const step = EDITABLE_FROM_PREVIEW.find((s) => s === data);
    if (!step) throw new UserError('error.stale-button');
    // The story asked for again is a new story: its first message replaces the old one.
    await goTo(ctx, step, { ...draft, returnToPreview: true, replaceStory: step === 'story' });
  });

  addAction(router, 'share.submit', (ctx) => submitDraft(ctx));
}

async function advance(ctx: Ctx, from: Step, draft: Draft): Promise<void> {
  await goTo(ctx, nextStep(from, draft), draft);
}

async function addFile(ctx: Ctx, step: Step, draft: Draft, input: Extract<FlowInput, { type: 'file' }>) {
  if (draft.attachments.length >= MAX_ATTACHMENTS) {
    throw new UserError('share.error.too-many-files', { max: MAX_ATTACHMENTS });
  }
  const attachment = acceptAttachment(ctx.event.chat.platform, input);
  const next = { ...draft, attachments: [...draft.attachments, attachment] };
  await save(ctx, step, next);
  await ctx.reply(
    'share.file-added',
    { name: attachment.fileName ?? attachment.mimeType, count: next.attachments.length, max: MAX_ATTACHMENTS },
    { buttons: step === 'attachments' ? attachmentButtons(next) : navigation(step, next) },
  );
}

async function submitDraft(ctx: Ctx): Promise<void> {
  const draft = await at(ctx, 'preview');
  if (!draft.consent) return goTo(ctx, 'consent', draft);
  const fields = {
    title: draft.title,
    body: draft.story,
    tags: draft.tags,
    library: draft.library,
    consent: draft.consent,
    sourceName: draft.source?.name ?? null,
    sourceDate: draft.source ? new Date(draft.source.date) : null,
    attachments: draft.attachments,
  };
  const { submissions } = ctx.services.experiences;
  if (draft.editingId !== null) {
    await submissions.resubmit(draft.editingId, ctx.member.id, fields);
    await ctx.conversation.end();
    return ctx.reply('share.resubmitted', { id: String(draft.editingId), title: draft.title });
  }
  // The member's community may have changed since the flow began (another group, /setup).
  if (ctx.community?.id !== draft.communityId) throw new UserError('share.error.community-changed');
  const { id } = await submissions.submit({
    ...fields,
    communityId: draft.communityId,
    authorId: ctx.member.id,
    platform: ctx.event.chat.platform,
    chatId: ctx.event.chat.chatId,
  });
  await ctx.conversation.end();
  await ctx.reply('share.submitted', { id: String(id), title: draft.title });
}
