import type { Translate } from '../../i18n/translator.ts';
import { Rendered } from '../../i18n/translator.ts';
import { isolate } from '../../i18n/bidi.ts';
import { formatDate, type FormatOptions } from '../../i18n/date-format.ts';
import type { Language } from '../../i18n/languages.ts';
import type { Draft } from './experience-draft.ts';
import { excerpt } from './experience-limits.ts';
import type { ExperienceRow } from './experience-repository.ts';

/** An experience as shown in a chat: in the preview, to a curator, in search results, in full. */
export interface ExperienceView {
  title: string;
  body: string;
  tags: string[];
  library: string | null;
  consent: 'named' | 'anonymous';
  authorName: string | null;
  source: { name: string; date: Date } | null;
  attachments: Array<{ fileName: string | null; mimeType: string }>;
}

export function viewOfRow(row: ExperienceRow): ExperienceView {
  return {
    title: row.title,
    body: row.body,
    tags: row.tags,
    library: row.library,
    consent: row.consent,
    authorName: authorNameOf(row),
    source: row.sourceName && row.sourceDate ? { name: row.sourceName, date: row.sourceDate } : null,
    attachments: row.attachments,
  };
}

export function viewOfDraft(draft: Draft): ExperienceView {
  return {
    title: draft.title,
    body: draft.story,
    tags: draft.tags,
    library: draft.library,
    consent: draft.consent ?? 'named',
    authorName: null,
    source: draft.source ? { name: draft.source.name, date: new Date(draft.source.date) } : null,
    attachments: draft.attachments,
  };
}

/**
 * Whose experience it is: its author, or for a finished interview the veteran as the interview names
 * them (who may be on no platform at all). Whether the name is shown is the consent's to say.
 */
export function authorNameOf(row: {
  author: { displayName: string } | null;
  interview?: { veteranName: string } | null;
}): string | null {
  return row.interview?.veteranName || row.author?.displayName || null;
}

/** The author's name when they agreed to be named and still exist, otherwise "anonymous". */
export function authorLabel(t: Translate, view: Pick<ExperienceView, 'consent' | 'authorName'>): string {
  return view.consent === 'named' && view.authorName ? view.authorName : t('experience.anonymous');
}

/**
 * A member's multi-line text inserted into a message. In Persian each line is isolated on its own:
 * an isolate ends at a line break, so one around the whole text would leave the later lines bare.
 */
export function memberText(text: string, language: Language): Rendered {
  return new Rendered(
    language === 'fa'
      ? text
          .split('\n')
          .map((line) => (line ? isolate(line) : line))
          .join('\n')
      : text,
  );
}

/** `Name, Library`, `anonymous, Library`, or the author alone when there is no library. */
export function byline(t: Translate, view: Pick<ExperienceView, 'consent' | 'authorName' | 'library'>): string {
  const author = authorLabel(t, view);
  return view.library ? t('experience.byline-library', { author, library: view.library }) : author;
}

export interface DetailOptions {
  /** Whose eyes: the author sees the consent they chose, a curator the name whatever the consent. */
  audience: 'author' | 'curator' | 'reader';
  /** How much of the story to show; the whole of it when absent. */
  storyLength?: number;
  format: FormatOptions;
}

/** The fields of an experience, one per line, then its story. */
export function experienceDetails(t: Translate, view: ExperienceView, options: DetailOptions): Rendered {
  const lines = [t('experience.field.title', { title: view.title })];
  if (view.tags.length > 0)
    lines.push(t('experience.field.tags', { tags: tagList(view.tags, options.format.language) }));
  if (view.library) lines.push(t('experience.field.library', { library: view.library }));
  if (options.audience === 'author') {
    lines.push(t(view.consent === 'named' ? 'experience.field.consent-named' : 'experience.field.consent-anonymous'));
  } else if (options.audience === 'curator') {
    lines.push(t('experience.field.author-curator', { author: view.authorName ?? '—', consent: view.consent }));
  } else {
    lines.push(t('experience.field.author', { author: authorLabel(t, view) }));
  }
  if (view.source) {
    lines.push(
      t('experience.field.source', { source: t('experience.source', sourceParams(view.source, options.format)) }),
    );
  }
  if (view.attachments.length > 0) {
    const names = view.attachments.map((a) => a.fileName ?? a.mimeType).join(', ');
    lines.push(t('experience.field.files', { count: view.attachments.length, names }));
  }
  const story = options.storyLength === undefined ? view.body : excerpt(view.body, options.storyLength);
  return new Rendered(`${lines.join('\n')}\n\n${memberText(story, options.format.language).text}`);
}

export function sourceParams(source: { name: string; date: Date }, format: FormatOptions) {
  return { name: source.name, date: formatDate(source.date, format) };
}

/** Tags joined with the language's comma. */
export function tagList(tags: readonly string[], language: Language): string {
  return tags.join(language === 'fa' ? '، ' : ', ');
}
