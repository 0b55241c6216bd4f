import type { Language } from '../../i18n/languages.ts';
import { computeTally } from '../ballots/tally.ts';
import type { FileReference, RoundAnswer, RoundAnswers } from './round-answers.ts';
import {
  computeCompleteness,
  libraryNameOrder,
  submissionStatus,
  type Completeness,
  type SubmissionStatus,
} from './round-completeness.ts';
import type { LocalizedText, RoundQuestion, RoundTemplateBody } from './round-template-schema.ts';

/**
 * A round's period compiled into figures: per question, what the libraries answered, summed up by the
 * question's type, with the completeness of the period. Pure: the renderers (Markdown, HTML, CSV,
 * XLSX) and the chat read this, never the submissions.
 *
 * Sums are exact: each number is read as the decimal it was typed as, and the sum is made in integers
 * (BigInt), then turned into the nearest number once; 0.1 + 0.2 is 0.3, and a sum of whole numbers is
 * the whole number. Means, medians and percentages are rounded only when shown.
 */

export interface ReportInput {
  title: LocalizedText;
  periodName: string;
  language: Language;
  template: RoundTemplateBody;
  expected: ReadonlyArray<{ libraryId: number; name: string; city: string | null }>;
  submissions: ReadonlyArray<{
    libraryId: number;
    answers: RoundAnswers;
    firstSubmittedAt: Date;
    submittedAt: Date;
    version: number;
  }>;
  previous: {
    periodName: string;
    submissions: ReadonlyArray<{ libraryId: number; answers: RoundAnswers }>;
  } | null;
  dueAt: Date;
}

/** One expected library of the period, with its submission when it made one. */
export interface ReportLibrary {
  libraryId: number;
  name: string;
  city: string | null;
  status: SubmissionStatus;
  /** When it first submitted (what on time is judged by), and when its kept version was submitted. */
  firstSubmittedAt: Date | null;
  submittedAt: Date | null;
  version: number | null;
  /** Empty for a missing library. */
  answers: RoundAnswers;
}

interface SummaryBase {
  key: string;
  /** The question's place in the whole template, from 0. */
  position: number;
  text: LocalizedText;
  required: boolean;
  /** Libraries that answered it (not skipped). */
  answered: number;
}

export interface NumberSummary extends SummaryBase {
  type: 'number';
  unit: LocalizedText | null;
  integer: boolean;
  sum: number;
  /** null when nobody answered. */
  mean: number | null;
  median: number | null;
  min: number | null;
  max: number | null;
  /** The same question's sum in the previous period; null when there is no previous period. */
  previous: { periodName: string; answered: number; sum: number } | null;
  /**
   * This period's sum against the previous one's: null without a previous period or when nobody answered
   * the question then; `percent` null when the previous sum was 0 (no ratio to give).
   */
  change: { absolute: number; percent: number | null } | null;
}

export interface CountRow {
  count: number;
  /** count / answered, from 0 to 1. */
  share: number;
  /** Whole percent of those who answered; for a single choice and a scale they add up to 100. */
  percent: number;
}

export interface ChoiceSummary extends SummaryBase {
  type: 'single' | 'multi';
  options: Array<CountRow & { index: number; label: LocalizedText }>;
}

export interface ScaleSummary extends SummaryBase {
  type: 'scale';
  low: LocalizedText;
  high: LocalizedText;
  /** Points 1 to 5, each with how many libraries chose it. */
  distribution: Array<CountRow & { value: number }>;
  mean: number | null;
}

export interface TextSummary extends SummaryBase {
  type: 'text';
  /** Each library's text, in the order of the libraries' names. */
  entries: Array<{ libraryId: number; name: string; text: string }>;
}

export interface FileSummary extends SummaryBase {
  type: 'file';
  /** The libraries that attached a file, in the order of their names. */
  entries: Array<{ libraryId: number; name: string; fileName: string | null; file: FileReference }>;
}

export type QuestionSummary = NumberSummary | ChoiceSummary | ScaleSummary | TextSummary | FileSummary;

export interface SectionSummary {
  key: string;
  title: LocalizedText;
  questions: QuestionSummary[];
}

export interface CompiledReport {
  title: LocalizedText;
  periodName: string;
  previousPeriodName: string | null;
  /** The language the libraries are sorted in. */
  language: Language;
  dueAt: Date;
  template: RoundTemplateBody;
  completeness: Completeness;
  /** Every expected library in the language's alphabetical order, missing ones included. */
  libraries: ReportLibrary[];
  sections: SectionSummary[];
}

/**
 * Only the submissions of expected libraries count, as in the completeness: a library that left the
 * audience after submitting would otherwise be in the sums and not in the rates.
 */
export function compileReport(input: ReportInput): CompiledReport {
  const latest = new Map<number, ReportInput['submissions'][number]>();
  for (const submission of input.submissions) {
    const known = latest.get(submission.libraryId);
    if (!known || submission.version > known.version) latest.set(submission.libraryId, submission);
  }
  const seen = new Set<number>();
  const libraries: ReportLibrary[] = [];
  for (const library of input.expected) {
    if (seen.has(library.libraryId)) continue;
    seen.add(library.libraryId);
    const submission = latest.get(library.libraryId);
    libraries.push({
      libraryId: library.libraryId,
      name: library.name,
      city: library.city,
      status: submissionStatus(submission?.firstSubmittedAt ?? null, input.dueAt),
      firstSubmittedAt: submission?.firstSubmittedAt ?? null,
      submittedAt: submission?.submittedAt ?? null,
      version: submission?.version ?? null,
      answers: submission?.answers ?? {},
    });
  }
  const byName = libraryNameOrder(input.language);
  libraries.sort((a, b) => byName(a.name, b.name) || a.libraryId - b.libraryId);
  const submitted = libraries.filter((library) => library.status !== 'missing');

  let position = 0;
  const sections = input.template.sections.map((section) => ({
    key: section.key,
    title: section.title,
    questions: section.questions.map((question) => summarize(question, position++, submitted, input.previous)),
  }));

  return {
    title: input.title,
    periodName: input.periodName,
    previousPeriodName: input.previous?.periodName ?? null,
    language: input.language,
    dueAt: input.dueAt,
    template: input.template,
    completeness: computeCompleteness(
      {
        expected: libraries,
        submissions: submitted.map((library) => ({
          libraryId: library.libraryId,
          firstSubmittedAt: library.firstSubmittedAt!,
        })),
        dueAt: input.dueAt,
      },
      input.language,
    ),
    libraries,
    sections,
  };
}

function summarize(
  question: RoundQuestion,
  position: number,
  submitted: readonly ReportLibrary[],
  previous: ReportInput['previous'],
): QuestionSummary {
  const base = { key: question.key, position, text: question.text, required: question.required };
  const answersOf = <K extends RoundAnswer['kind']>(kind: K) =>
    submitted.flatMap((library) => {
      const answer = library.answers[question.key];
      return answer?.kind === kind ? [{ library, answer: answer as Extract<RoundAnswer, { kind: K }> }] : [];
    });

  switch (question.type) {
    case 'number': {
      const values = answersOf('number').map(({ answer }) => answer.value);
      const before = previous
        ? previous.submissions.flatMap((s) => {
            const answer = s.answers[question.key];
            return answer?.kind === 'number' ? [answer.value] : [];
          })
        : null;
      const stats = numberStats(values);
      const previousSum = before ? exactSum(before) : null;
      return {
        ...base,
        type: 'number',
        unit: question.unit ?? null,
        integer: question.integer,
        answered: values.length,
        ...stats,
        previous:
          previous && before && previousSum !== null
            ? { periodName: previous.periodName, answered: before.length, sum: previousSum }
            : null,
        change: before && before.length > 0 && previousSum !== null ? change(stats.sum, previousSum) : null,
      };
    }
    case 'single':
    case 'multi': {
      const chosen = answersOf('choice')
        .map(({ answer }) => [...new Set(answer.choices)].filter((i) => i < question.options.length))
        .filter((choices) => choices.length > 0);
      const counts = new Map<number, number>();
      for (const choices of chosen) for (const i of choices) counts.set(i, (counts.get(i) ?? 0) + 1);
      const tally = computeTally(
        question.options.map((_, i) => ({ id: i, label: '' })),
        counts,
        chosen.length,
        question.type === 'multi',
      );
      return {
        ...base,
        type: question.type,
        answered: chosen.length,
        options: tally.rows.map((row) => ({
          index: row.id,
          label: question.options[row.id]!,
          count: row.count,
          share: chosen.length > 0 ? row.count / chosen.length : 0,
          percent: row.percent,
        })),
      };
    }
    case 'scale': {
      const values = answersOf('scale').map(({ answer }) => answer.value);
      const counts = new Map<number, number>();
      for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
      const tally = computeTally(
        SCALE_POINTS.map((n) => ({ id: n, label: '' })),
        counts,
        values.length,
        false,
      );
      return {
        ...base,
        type: 'scale',
        low: question.low,
        high: question.high,
        answered: values.length,
        distribution: tally.rows.map((row) => ({
          value: row.id,
          count: row.count,
          share: values.length > 0 ? row.count / values.length : 0,
          percent: row.percent,
        })),
        mean: values.length > 0 ? exactSum(values) / values.length : null,
      };
    }
    case 'text': {
      const entries = answersOf('text')
        .map(({ library, answer }) => ({ libraryId: library.libraryId, name: library.name, text: answer.text.trim() }))
        .filter((entry) => entry.text.length > 0);
      return { ...base, type: 'text', answered: entries.length, entries };
    }
    case 'file': {
      const entries = answersOf('file').map(({ library, answer }) => ({
        libraryId: library.libraryId,
        name: library.name,
        fileName: answer.file.fileName,
        file: answer.file,
      }));
      return { ...base, type: 'file', answered: entries.length, entries };
    }
  }
}

const SCALE_POINTS = [1, 2, 3, 4, 5];

function change(sum: number, previousSum: number): NonNullable<NumberSummary['change']> {
  const absolute = exactSum([sum, -previousSum]);
  return { absolute, percent: previousSum === 0 ? null : (absolute / Math.abs(previousSum)) * 100 };
}

function numberStats(values: readonly number[]): Pick<NumberSummary, 'sum' | 'mean' | 'median' | 'min' | 'max'> {
  if (values.length === 0) return { sum: 0, mean: null, median: null, min: null, max: null };
  const sorted = [...values].sort((a, b) => a - b);
  const sum = exactSum(sorted);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : exactSum([sorted[middle - 1]!, sorted[middle]!]) / 2;
  return { sum, mean: sum / sorted.length, median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

/**
 * The sum of numbers as the decimals they print as (`0.1` is one tenth, not the binary fraction
 * nearest to it), made in BigInt at a common scale and turned into a number once.
 */
export function exactSum(values: readonly number[]): number {
  const decimals = values.map(toDecimal);
  const scale = Math.max(0, ...decimals.map((d) => d.scale));
  let total = 0n;
  for (const d of decimals) total += d.digits * 10n ** BigInt(scale - d.scale);
  if (scale === 0) return Number(total);
  const negative = total < 0n;
  const text = (negative ? -total : total).toString().padStart(scale + 1, '0');
  return Number(`${negative ? '-' : ''}${text.slice(0, -scale)}.${text.slice(-scale)}`);
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/;

/** A finite number as digits × 10^-scale, from its shortest printed form (`1.5e-7`, `1e+21`, `0.1`). */
function toDecimal(value: number): { digits: bigint; scale: number } {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  const match = DECIMAL.exec(String(value));
  if (!match) throw new RangeError(`unexpected number form: ${value}`);
  const [, sign, whole, fraction = '', exponent = '0'] = match;
  const scale = fraction.length - Number(exponent);
  let digits = BigInt(`${whole}${fraction}`);
  if (sign === '-') digits = -digits;
  return scale >= 0 ? { digits, scale } : { digits: digits * 10n ** BigInt(-scale), scale: 0 };
}

// ——— Shown figures: rounding happens here, when a renderer writes a number for a reader. ———

const INTL_LOCALE: Record<Language, string> = { en: 'en', fa: 'fa-IR', vi: 'vi', ru: 'ru' };

/** A figure in the language's digits and separators, rounded to at most `fractionDigits` decimals. */
export function formatFigure(value: number, language: Language, fractionDigits = 2): string {
  return new Intl.NumberFormat(INTL_LOCALE[language], { maximumFractionDigits: fractionDigits }).format(value);
}

/** A change with its sign (`+120`, `−3.5%`, `0`), the percent given as such (12.5 → `+12.5%`). */
export function formatChange(
  change: NonNullable<NumberSummary['change']>,
  language: Language,
): { absolute: string; percent: string | null } {
  const locale = INTL_LOCALE[language];
  return {
    absolute: new Intl.NumberFormat(locale, { maximumFractionDigits: 2, signDisplay: 'exceptZero' }).format(
      change.absolute,
    ),
    percent:
      change.percent === null
        ? null
        : new Intl.NumberFormat(locale, {
            style: 'percent',
            maximumFractionDigits: 1,
            signDisplay: 'exceptZero',
          }).format(change.percent / 100),
  };
}

/** The template's text in the language (English when a text lacks it). */
export function textIn(text: LocalizedText, language: Language): string {
  return text[language] || text.en;
}

/** The question's text as a column or row heading: `1. Visits` … with its unit, `(visits)`. */
export function questionHeading(question: QuestionSummary, language: Language): string {
  const unit = question.type === 'number' && question.unit ? ` (${textIn(question.unit, language)})` : '';
  return `${formatFigure(question.position + 1, language)}. ${textIn(question.text, language)}${unit}`;
}

/**
 * Direction marks a translation into Persian carries for chat clients (RLM at each line, isolates
 * around values): a document sets its direction itself, and a file or a cell must not hold them.
 */
export function withoutBidiMarks(text: string): string {
  return text.replace(/[\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/g, '');
}
