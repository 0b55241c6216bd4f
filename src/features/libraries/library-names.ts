/**
 * Library names as members type them: one spelling per name for comparison, the limits of a name, and
 * the close names offered when a name is not found. Pure functions.
 */
import { normalizeForSearch } from '../experiences/search-normalizer.ts';

/** The longest name or city, in code points: a button label still has room for it. */
export const MAX_LIBRARY_NAME = 120;
export const MAX_LIBRARY_CITY = 120;

/** A name as it is kept: runs of white space are one space, nothing around it; a ZWNJ stays. */
export function cleanText(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

export function codePoints(text: string): number {
  return [...text].length;
}

const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]+/gu;

/**
 * The form two names are compared in: the search's normalization (Arabic ي/ك as Persian ی/ک, case,
 * diacritics, digits) without anything but letters and digits, so that `كتابخانه‌ي مركزي`,
 * `کتابخانه ی مرکزی` and `کتابخانهیمرکزی` are one name, as are `St. Mary's` and `St Marys`. A name of
 * symbols alone keeps its symbols.
 */
export function nameKey(text: string): string {
  const normalized = normalizeForSearch(text);
  const letters = normalized.replace(NOT_LETTER_OR_DIGIT, '');
  return letters || normalized.replace(/\s+/g, '');
}

/** At most this many close names are offered. */
const MAX_CLOSE = 5;

/**
 * The names close to what was typed, closest first: those that contain it or are contained in it, and
 * those a few typing mistakes away (one in four letters).
 */
export function closeNames<T extends { name: string }>(typed: string, items: readonly T[]): T[] {
  const query = nameKey(typed);
  if (!query) return [];
  const scored: Array<{ item: T; score: number }> = [];
  for (const item of items) {
    const key = nameKey(item.name);
    const containing = query.length >= 2 && (key.includes(query) || query.includes(key));
    const distance = editDistance(query, key);
    const allowed = Math.max(1, Math.floor(Math.max(query.length, key.length) / 4));
    if (containing || distance <= allowed) scored.push({ item, score: containing ? 0 : distance });
  }
  return scored
    .sort((a, b) => a.score - b.score || a.item.name.localeCompare(b.item.name))
    .slice(0, MAX_CLOSE)
    .map((s) => s.item);
}

/** Levenshtein's distance between two texts, by code point. */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      const substitution = previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[y.length]!;
}
