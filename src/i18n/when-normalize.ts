/**
 * Step 1 of reading a date: fold what members type into one plain form, so that the later steps match
 * simple patterns. Persian and Arabic-Indic digits become ASCII, Arabic yeh/kaf become Persian, bidi marks
 * and kashida disappear, ZWNJ becomes a space (`تیر‌ماه` → `تیر ماه`), dashes become `-`, and everything is
 * lower-cased (NFC first, so Vietnamese typed with combining marks matches too).
 */
import { toLatinDigits } from './digits.ts';

/** LRM, RLM, ALM, ZWSP, ZWJ, embeddings/overrides, isolates, BOM, kashida (tatweel). */
const INVISIBLE = /\u200d|[\u200b\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff\u0640]/g;
const ZWNJ = /\u200c/g;
const DASHES = /[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]/g;

/** Letter folding shared by input and month-name tables (no digit folding). */
export function foldLetters(s: string): string {
  return s
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(ZWNJ, ' ')
    .replace(/[يى]/g, 'ی')
    .replace(/ك/g, 'ک')
    .replace(/ۀ/g, 'ه')
    .replace(/\u0654/g, '') // hamza above, as in Intl's `فوریهٔ`
    .toLowerCase()
    .replace(/ё/g, 'е');
}

/** The whole input folded: digits, letters, punctuation, spaces. */
export function normalizeWhenInput(input: string): string {
  return toLatinDigits(foldLetters(input))
    .replace(/\u060c/g, ',') // Persian comma
    .replace(/\u061b/g, ';') // Persian semicolon
    .replace(/\u066b/g, '.') // Arabic decimal separator
    .replace(DASHES, '-')
    .replace(/(?<=\d)t(?=\d{1,2}:)/g, ' ') // ISO `2023-06-13T10:00`
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether the member wrote in Arabic script (Persian letters or digits): a hint that they mean the Jalali calendar. */
export function looksPersian(input: string): boolean {
  return /[\u0600-\u06ff]/.test(input);
}

/** A literal for use inside a RegExp. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** An alternation of literals, longest first so that `tháng 10` wins over `tháng 1`. */
export function alternation(words: Iterable<string>): string {
  return [...new Set(words)]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join('|');
}
