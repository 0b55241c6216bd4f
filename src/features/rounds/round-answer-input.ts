import type { FlowInput } from '../../core/router.ts';
import { toLatinDigits } from '../../i18n/digits.ts';
import type { Language } from '../../i18n/languages.ts';
import type { FileReference } from './round-answers.ts';
import type { RoundQuestion } from './round-template-schema.ts';

/**
 * What a respondent types (or sends) for one question, read into an answer or into the reason it cannot
 * be one: a locale key with its parameters, as small pure functions (the flow turns a refusal into
 * the member's language).
 */
export type InputResult<T> = { ok: true; value: T } | { ok: false; key: string; params: Record<string, unknown> };

type NumberQuestion = Extract<RoundQuestion, { type: 'number' }>;
type TextQuestion = Extract<RoundQuestion, { type: 'text' }>;

/** Direction marks a right-to-left keyboard or a copy from a Persian message may leave around digits. */
const BIDI_MARKS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** Spaces written between thousands: plain, no-break, thin and narrow no-break (Russian, French). */
const GROUP_SPACE = /[ \u00a0\u2009\u202f]/g;
const PERSIAN_THOUSANDS = /\u066c/g; // ٬
const PERSIAN_DECIMAL = /\u066b/g; // ٫
/** The mark each language writes before fractions when it is typed as `.` or `,`. */
const DECIMAL_MARK: Record<Language, ',' | '.'> = { en: '.', fa: '.', vi: ',', ru: ',' };
/** Internal markers once every way of writing a separator is read: G groups thousands, D starts fractions. */
const WELL_FORMED = /^(?:\d{1,3}(?:G\d{3})+|\d+)?(?:D\d+)?$/;

/**
 * A number as people write it: `123456`, `۱۲۳٬۴۵۶`, `١٢٣٤٥٦`, `1,234`, `1 234`, `1.234,5` (Vietnamese),
 * `12٫5`, `-3`. A lone `,` or `.` is the language's decimal mark when it is one; otherwise it groups
 * thousands when exactly three digits follow, and is a decimal mark when not. Null when it is no number.
 */
export function readNumber(typed: string, language: Language): number | null {
  let text = toLatinDigits(typed.replace(BIDI_MARKS, '')).trim();
  let sign = 1;
  if (/^[-\u2212]/.test(text)) sign = -1;
  if (/^[-+\u2212]/.test(text)) text = text.slice(1).trim();
  text = text.replace(PERSIAN_THOUSANDS, 'G').replace(PERSIAN_DECIMAL, 'D').replace(GROUP_SPACE, 'G');
  text = readCommasAndDots(text, language);
  if (!text || !/\d/.test(text) || !WELL_FORMED.test(text)) return null;
  const value = sign * Number(text.replaceAll('G', '').replace('D', '.'));
  return Number.isFinite(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER ? value : null;
}

function readCommasAndDots(text: string, language: Language): string {
  const commas = text.split(',').length - 1;
  const dots = text.split('.').length - 1;
  if (commas === 0 && dots === 0) return text;
  // A Persian decimal mark already placed the fractions: commas and dots can only group thousands.
  if (text.includes('D')) return text.replace(/[,.]/g, 'G');
  if (commas > 0 && dots > 0) {
    // `1,234.5` and `1.234,5`: the last mark starts the fractions, the other one groups.
    const decimal = text.lastIndexOf(',') > text.lastIndexOf('.') ? ',' : '.';
    const group = decimal === ',' ? '.' : ',';
    return text.replaceAll(group, 'G').replace(decimal, 'D');
  }
  const mark = commas > 0 ? ',' : '.';
  if (commas + dots > 1) return text.replaceAll(mark, 'G');
  const after = text.slice(text.indexOf(mark) + 1);
  const groups = mark !== DECIMAL_MARK[language] && /^\d{3}$/.test(after);
  return text.replace(mark, groups ? 'G' : 'D');
}

/** The typed number checked against the question: a number at all, whole when it must be, within bounds. */
export function parseNumberAnswer(typed: string, question: NumberQuestion, language: Language): InputResult<number> {
  const value = readNumber(typed, language);
  if (value === null) return { ok: false, key: 'round.answer.error.not-a-number', params: { text: typed.trim() } };
  if (question.integer && !Number.isInteger(value))
    return { ok: false, key: 'round.answer.error.not-whole', params: {} };
  if (value < question.min) return { ok: false, key: 'round.answer.error.below-min', params: { min: question.min } };
  if (question.max !== undefined && value > question.max) {
    return { ok: false, key: 'round.answer.error.above-max', params: { max: question.max } };
  }
  return { ok: true, value };
}

/** Text as typed, trimmed; its zero-width non-joiners (Persian half-spaces) are part of the words and stay. */
export function parseTextAnswer(typed: string, question: TextQuestion): InputResult<string> {
  const text = typed.trim();
  if (!text) return { ok: false, key: 'round.answer.error.empty-text', params: {} };
  const length = [...text].length;
  if (length > question.maxLength) {
    return { ok: false, key: 'round.answer.error.too-long', params: { length, max: question.maxLength } };
  }
  return { ok: true, value: text };
}

/** An attachment kept by its platform's reference; the bot never downloads it. */
export function fileReference(platform: string, input: Extract<FlowInput, { type: 'file' }>): FileReference {
  const declared = input.mimeType?.split(';')[0]?.trim().toLowerCase();
  return {
    platform,
    fileId: input.fileId,
    fileName: input.fileName?.trim() || null,
    mimeType: declared || 'application/octet-stream',
  };
}
