import { UserError } from '../../core/errors.ts';

/** Limits of what a member may submit, and the checks that refuse more. All are pure. */
export const MAX_TITLE = 200;
export const MAX_STORY = 20_000;
export const MAX_LIBRARY = 150;
export const MAX_NOTE = 2_000;

/** Whitespace of a one-line field collapsed: titles and names arrive with stray spaces and line breaks. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function cleanTitle(raw: string): string {
  const title = oneLine(raw);
  if (!title) throw new UserError('share.error.title-empty');
  if (title.length > MAX_TITLE) throw new UserError('share.error.title-long', { max: MAX_TITLE, length: title.length });
  return title;
}

/** The story as told: inner line breaks are kept, only the ends are trimmed. */
export function cleanStory(raw: string): string {
  const story = raw.trim();
  if (!story) throw new UserError('share.error.story-empty');
  if (story.length > MAX_STORY) throw new UserError('share.error.story-long', { max: MAX_STORY, length: story.length });
  return story;
}

export function cleanLibrary(raw: string): string | null {
  const library = oneLine(raw);
  if (!library) return null;
  if (library.length > MAX_LIBRARY) throw new UserError('error.too-long', { max: MAX_LIBRARY });
  return library;
}

export function cleanNote(raw: string): string {
  const note = raw.trim();
  if (!note) throw new UserError('review.error.note-empty');
  if (note.length > MAX_NOTE) throw new UserError('error.too-long', { max: MAX_NOTE });
  return note;
}

/** The first `max` characters, cut at a word boundary when one is near, with an ellipsis. */
export function excerpt(text: string, max: number): string {
  const flat = oneLine(text);
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
