/**
 * Words found in minutes the way /search finds them in experiences: the same normalizer (ZWNJ or not,
 * Arabic or Persian letters, digits, case, detached Persian affixes) and every query word as the
 * beginning of a word of the text. Pure.
 */
import { queryWords, searchTokens } from '../experiences/search-normalizer.ts';

export function minutesQueryWords(query: string): string[] {
  return queryWords(query);
}

/** Whether every (normalized) query word begins a word of the texts. */
export function hasAllWords(words: readonly string[], ...texts: string[]): boolean {
  if (words.length === 0) return false;
  const tokens = searchTokens(...texts);
  return words.every((word) => tokens.some((token) => token.startsWith(word)));
}
