/**
 * Text as search sees it: the same word typed on a Persian or an Arabic keyboard, with or without the
 * zero-width non-joiner, with Persian or Latin digits, in any case, and Vietnamese with or without its
 * diacritics, becomes one form. Pure functions; the stored search columns and the query go through the
 * same ones, so that they always agree.
 */
import { toLatinDigits } from '../../i18n/digits.ts';

/** Characters that only shape or direct text: ZWNJ, ZWJ, bidi marks and isolates, tatweel, soft hyphen. */
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2066-\u2069\u0640\u00AD\uFEFF]/g;

/** Arabic letters a Persian reader takes for the Persian ones (keyboards and old texts mix them). */
const ARABIC_TO_PERSIAN: Record<string, string> = {
  '\u064A': '\u06CC', // ي → ی
  '\u0649': '\u06CC', // ى → ی
  '\u0643': '\u06A9', // ك → ک
  '\u0629': '\u0647', // ة → ه
};

const CYRILLIC = /\p{Script=Cyrillic}/u;
const MARK = /\p{M}/u;

/**
 * Drops diacritics: Vietnamese tones and hats (`thư viện` → `thu vien`), Arabic harakat and the
 * hamza or madda of `أ إ آ ؤ ئ`, and `ё` → `е`. Cyrillic letters keep their other marks, since
 * `й` is a letter of its own and not an `и` with an accent.
 */
function dropMarks(text: string): string {
  let out = '';
  let base = '';
  for (const ch of text.normalize('NFD')) {
    if (MARK.test(ch)) {
      if (CYRILLIC.test(base) && !(base === 'е' && ch === '\u0308')) out += ch;
      continue;
    }
    base = ch;
    out += ch;
  }
  return out.normalize('NFC');
}

/** One canonical form of a text for search. Word boundaries stay where they were. */
export function normalizeForSearch(text: string): string {
  const s = dropMarks(toLatinDigits(text.normalize('NFKC').replace(INVISIBLE, '')).toLowerCase());
  // After dropMarks: `ئ` loses its hamza there and becomes an Arabic yeh, folded here with the others.
  return s.replace(/[\u064A\u0649\u0643\u0629]/g, (ch) => ARABIC_TO_PERSIAN[ch] ?? ch).replace(/đ/g, 'd');
}

const WORD = /[\p{L}\p{N}]+/gu;

/** The words of a text in canonical form, in order, repeats kept. */
export function searchWords(text: string): string[] {
  return normalizeForSearch(text).match(WORD) ?? [];
}

/**
 * Persian attaches these to the word before, and writers put a space, a ZWNJ or nothing in between
 * (`موزه ها`, `موزه‌ها`, `موزهها`): plural, ezafe/indefinite, comparative and superlative endings.
 */
const PERSIAN_SUFFIXES = new Set(['ها', 'های', 'هایی', 'ی', 'ای', 'تر', 'ترین', 'تری']);
/** …and this one to the word after (`می روم`, `می‌روم`, `میروم`). */
const PERSIAN_PREFIXES = new Set(['می', 'نمی']);

/**
 * The words with every detached Persian affix joined to its word, as the form written without a
 * space has it: `موزه ها` → `موزهها`. Words already in canonical form (searchWords).
 */
export function joinPersianAffixes(words: readonly string[]): string[] {
  const joined: string[] = [];
  let prefix = '';
  for (const word of words) {
    const last = joined.length - 1;
    if (PERSIAN_SUFFIXES.has(word) && last >= 0 && !prefix) joined[last] += word;
    else if (PERSIAN_PREFIXES.has(word)) prefix += word;
    else {
      joined.push(prefix + word);
      prefix = '';
    }
  }
  if (prefix) joined.push(prefix);
  return joined;
}

/**
 * The stretches of a text between white space that hold a ZWNJ. A split, not a regular expression
 * like `\S*\u200C\S*`: that one backtracks over the whole run at each position, quadratic in a long
 * text without spaces (a 20,000-character story held the event loop for over a second).
 */
function zwnjChunks(text: string): string[] {
  if (!text.includes('\u200C')) return [];
  return text.split(/\s+/).filter((chunk) => chunk.includes('\u200C'));
}

/**
 * The distinct words an experience is found by. A word written with a ZWNJ (`کتابخانه‌های`) is indexed
 * whole and by its parts, so that `کتابخانه های` typed with a space finds it as well; words written
 * apart from their Persian affix (`موزه ها`) are indexed apart and joined, so that `موزه‌ها` and
 * `موزهها` find them.
 */
export function searchTokens(...texts: string[]): string[] {
  const tokens = new Set<string>();
  for (const text of texts) {
    const words = searchWords(text);
    for (const word of words) tokens.add(word);
    for (const word of joinPersianAffixes(words)) tokens.add(word);
    for (const joined of zwnjChunks(text)) {
      for (const part of joined.split('\u200C')) for (const word of searchWords(part)) tokens.add(word);
    }
  }
  return [...tokens];
}

/**
 * Which normalizer wrote an index entry. Raise it whenever searchTokens changes what it gives: the
 * search-reindex job rewrites the entries written by an older one.
 */
export const SEARCH_TOKENS_VERSION = 2;

/** At most this many words of a query count; the rest would only narrow an already narrow search. */
export const MAX_QUERY_WORDS = 8;

/** The distinct words of a query, in order, Persian affixes joined to their words. */
export function queryWords(query: string): string[] {
  // Joined as the index joins them: `موزه ها` asks for `موزهها`, which every way of writing it has.
  return [...new Set(joinPersianAffixes(searchWords(query)))].slice(0, MAX_QUERY_WORDS);
}
