import { UserError } from '../../core/errors.ts';
import { oneLine } from './experience-limits.ts';
import { normalizeForSearch } from './search-normalizer.ts';

/**
 * Topic tags: the community's list (chosen by button) and free tags a member types (`a, b`, or
 * `#hashtags` in a one-line submission). Tags are compared in search form, so `#کتابخانه_ديجيتال`
 * and `کتابخانه دیجیتال` are one tag; the first spelling given is kept.
 */
export const MAX_TAGS = 10;
export const MAX_TAG = 40;
export const MAX_TOPICS = 30;

/** One tag as it will be shown: no leading `#`, underscores as spaces, whitespace collapsed. */
export function cleanTag(raw: string): string | null {
  const tag = oneLine(raw.replace(/^#+/, '').replace(/_/g, ' '));
  if (!tag) return null;
  if (tag.length > MAX_TAG) throw new UserError('share.error.tag-long', { tag: tag.slice(0, MAX_TAG), max: MAX_TAG });
  return tag;
}

/** Tags typed as a list: separated by commas (Latin or Persian), semicolons, line breaks or `#`. */
export function parseTagList(text: string): string[] {
  return text
    .split(/[,،;؛\n#]+/)
    .map(cleanTag)
    .filter((tag): tag is string => tag !== null);
}

/** `#hashtags` inside a text (letters, digits and underscores, as messengers link them). */
export function hashtags(text: string): string[] {
  return [...text.matchAll(/#([\p{L}\p{N}_]+)/gu)]
    .map((match) => cleanTag(match[1]!))
    .filter((tag): tag is string => tag !== null);
}

export function sameTag(a: string, b: string): boolean {
  return normalizeForSearch(a) === normalizeForSearch(b);
}

/** Adds tags not already there; more than MAX_TAGS in all is refused. */
export function mergeTags(existing: readonly string[], added: readonly string[]): string[] {
  const tags = [...existing];
  for (const tag of added) if (!tags.some((t) => sameTag(t, tag))) tags.push(tag);
  if (tags.length > MAX_TAGS) throw new UserError('share.error.too-many-tags', { max: MAX_TAGS });
  return tags;
}

/** Adds the tag, or removes it when it is there: a topic button pressed twice. */
export function toggleTag(existing: readonly string[], tag: string): string[] {
  return existing.some((t) => sameTag(t, tag)) ? existing.filter((t) => !sameTag(t, tag)) : mergeTags(existing, [tag]);
}
