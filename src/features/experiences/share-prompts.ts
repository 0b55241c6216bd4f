import type { ButtonSpec } from '../../core/context.ts';
import { formatDate } from '../../i18n/date-format.ts';
import type { Ctx } from '../services.ts';
import { ACCEPTED_KINDS, MAX_ATTACHMENTS } from './attachment-types.ts';
import { previousStep, type Draft, type Step } from './experience-draft.ts';
import { MAX_STORY, MAX_TITLE } from './experience-limits.ts';
import { sameTag } from './experience-tags.ts';
import { experienceDetails, tagList, viewOfDraft } from './experience-view.ts';

/**
 * What the guided `/share` says at each step, and its buttons. Buttons carry the step they belong to
 * (`share.next|story`), so that one pressed on an older message is refused as stale.
 */

/** Back (when there is a step before), Next (when the step may be left), Cancel. */
export function navigation(step: Step, draft: Draft, canGoOn = true): ButtonSpec[][] {
  const row: ButtonSpec[] = [];
  if (previousStep(step, draft)) row.push({ labelKey: 'share.button.back', action: 'share.back', data: step });
  if (canGoOn) {
    const labelKey = step === 'story' ? 'share.button.done' : 'share.button.next';
    row.push({ labelKey, action: 'share.next', data: step });
  }
  return [row, [{ labelKey: 'share.button.cancel', action: 'share.cancel', data: step }]].filter((r) => r.length > 0);
}

export function attachmentButtons(draft: Draft): ButtonSpec[][] {
  const clear: ButtonSpec[][] =
    draft.attachments.length > 0 ? [[{ labelKey: 'share.button.clear-files', action: 'share.clear' }]] : [];
  return [...clear, ...navigation('attachments', draft)];
}

/** Asks for a step, showing what the draft already has there. */
export async function ask(ctx: Ctx, step: Step, draft: Draft): Promise<void> {
  const format = { language: ctx.language, calendar: ctx.calendar, timeZone: ctx.timeZone };
  switch (step) {
    case 'forward': {
      const source = draft.source ?? { name: '—', date: new Date().toISOString() };
      return ctx.reply(
        'share.ask-forward',
        { name: source.name, date: formatDate(new Date(source.date), format), length: draft.story.length },
        {
          buttons: [
            [{ labelKey: 'share.button.forward-yes', action: 'share.fwd' }],
            [{ labelKey: 'share.button.forward-no', action: 'share.cancel', data: 'forward' }],
          ],
        },
      );
    }
    case 'title': {
      const key = draft.title
        ? 'share.ask-title-again'
        : draft.source
          ? 'share.ask-title-forwarded'
          : 'share.ask-title';
      return ctx.reply(
        key,
        { title: draft.title, max: MAX_TITLE },
        { buttons: navigation('title', draft, !!draft.title) },
      );
    }
    case 'story': {
      const key =
        draft.story && draft.replaceStory
          ? 'share.ask-story-replace'
          : draft.story
            ? 'share.ask-story-more'
            : 'share.ask-story';
      return ctx.reply(
        key,
        { length: draft.story.length, max: MAX_STORY },
        { buttons: navigation('story', draft, !!draft.story) },
      );
    }
    case 'attachments':
      return ctx.reply(
        'share.ask-files',
        { count: draft.attachments.length, max: MAX_ATTACHMENTS, types: ACCEPTED_KINDS },
        { buttons: attachmentButtons(draft) },
      );
    case 'tags': {
      const topics = await ctx.services.experiences.topics.list(draft.communityId);
      const toggles: ButtonSpec[] = topics.map((topic) => ({
        label: draft.tags.some((tag) => sameTag(tag, topic.name)) ? `✓ ${topic.name}` : topic.name,
        action: 'share.topic',
        data: String(topic.id),
      }));
      const rows: ButtonSpec[][] = [];
      for (let i = 0; i < toggles.length; i += 3) rows.push(toggles.slice(i, i + 3));
      return ctx.reply(
        'share.ask-tags',
        {
          tags: draft.tags.length > 0 ? tagList(draft.tags, ctx.language) : ctx.t('share.no-tags'),
          topics: topics.length > 0 ? 'yes' : 'no',
        },
        { buttons: [...rows, ...navigation('tags', draft)] },
      );
    }
    case 'library': {
      const choices: ButtonSpec[] = [];
      if (draft.library) {
        choices.push({
          labelKey: 'share.button.keep-library',
          labelParams: { library: draft.library },
          action: 'share.next',
          data: 'library',
        });
      }
      choices.push({ labelKey: 'share.button.no-library', action: 'share.nolib' });
      return ctx.reply(
        draft.library ? 'share.ask-library-again' : 'share.ask-library',
        { library: draft.library ?? '' },
        { buttons: [choices, ...navigation('library', draft, false)] },
      );
    }
    case 'consent':
      return ctx.reply(
        'share.ask-consent',
        {},
        {
          buttons: [
            [{ labelKey: 'share.button.named', action: 'share.consent', data: 'n' }],
            [{ labelKey: 'share.button.anonymous', action: 'share.consent', data: 'a' }],
            ...navigation('consent', draft, false),
          ],
        },
      );
    case 'preview': {
      const details = experienceDetails(ctx.t, viewOfDraft(draft), { audience: 'author', storyLength: 1500, format });
      const edit = (s: Step): ButtonSpec => ({ labelKey: `share.button.edit-${s}`, action: 'share.goto', data: s });
      return ctx.reply(
        'share.preview',
        { details, editing: draft.editingId !== null ? 'yes' : 'no' },
        {
          buttons: [
            [
              {
                labelKey: draft.editingId !== null ? 'share.button.resubmit' : 'share.button.submit',
                action: 'share.submit',
              },
            ],
            [edit('title'), edit('story'), edit('attachments')],
            [edit('tags'), edit('library'), edit('consent')],
            ...navigation('preview', draft, false),
          ],
        },
      );
    }
  }
}
