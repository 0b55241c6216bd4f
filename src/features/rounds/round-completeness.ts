import type { Language } from '../../i18n/languages.ts';
import type { Translate } from '../../i18n/translator.ts';

/**
 * How complete a round's period is: which of the expected libraries reported by the due date, which
 * reported after it, and which have not reported at all. Pure; the same figures feed `/round status`,
 * its chart and the compiled report.
 */

export interface CompletenessInput {
  expected: ReadonlyArray<{ libraryId: number; name: string }>;
  submissions: ReadonlyArray<{ libraryId: number; firstSubmittedAt: Date }>;
  dueAt: Date;
}

export interface Completeness {
  /** Libraries expected to report (the round's audience). */
  expected: number;
  /** Expected libraries whose first submission came at or before the due date. */
  onTime: number;
  /** Expected libraries whose first submission came after the due date. */
  late: number;
  /** The names of the expected libraries with no submission, in the language's alphabetical order. */
  missing: string[];
  /** (onTime + late) / expected, from 0 to 1; 0 when no library is expected. */
  reportingRate: number;
  /** onTime / expected, from 0 to 1; 0 when no library is expected. */
  onTimeRate: number;
}

export type SubmissionStatus = 'on-time' | 'late' | 'missing';

/**
 * A library is on time when its FIRST submission came by the due date: editing it afterwards (allowed
 * until the round closes) does not make it late.
 */
export function submissionStatus(firstSubmittedAt: Date | null, dueAt: Date): SubmissionStatus {
  if (firstSubmittedAt === null) return 'missing';
  return firstSubmittedAt.getTime() <= dueAt.getTime() ? 'on-time' : 'late';
}

/**
 * Only expected libraries count: a submission from a library that has since left the round's audience
 * is not part of the rates (which could otherwise pass 100 %). A library listed twice counts once.
 */
export function computeCompleteness(input: CompletenessInput, language: Language): Completeness {
  const firstByLibrary = new Map<number, Date>();
  for (const submission of input.submissions) {
    const known = firstByLibrary.get(submission.libraryId);
    if (!known || submission.firstSubmittedAt < known)
      firstByLibrary.set(submission.libraryId, submission.firstSubmittedAt);
  }
  const expected = new Map(input.expected.map((library) => [library.libraryId, library.name]));
  let onTime = 0;
  let late = 0;
  const missing: string[] = [];
  for (const [libraryId, name] of expected) {
    const status = submissionStatus(firstByLibrary.get(libraryId) ?? null, input.dueAt);
    if (status === 'on-time') onTime += 1;
    else if (status === 'late') late += 1;
    else missing.push(name);
  }
  missing.sort(libraryNameOrder(language));
  const count = expected.size;
  return {
    expected: count,
    onTime,
    late,
    missing,
    reportingRate: count > 0 ? (onTime + late) / count : 0,
    onTimeRate: count > 0 ? onTime / count : 0,
  };
}

/** Library names in the alphabetical order of the language (Persian letters as a Persian reader sorts them). */
export function libraryNameOrder(language: Language): (a: string, b: string) => number {
  const collator = new Intl.Collator(INTL_LOCALE[language], { sensitivity: 'base', numeric: true });
  return (a, b) => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

const INTL_LOCALE: Record<Language, string> = { en: 'en', fa: 'fa-IR', vi: 'vi', ru: 'ru' };

/** A rate from 0 to 1 as a percentage in the language's digits and sign: `80%`, `۸۰٪`, `80 %`. */
export function formatRate(rate: number, language: Language): string {
  return new Intl.NumberFormat(INTL_LOCALE[language], { style: 'percent', maximumFractionDigits: 1 }).format(rate);
}

/** More names than this are summed up as "and N more": a chat message has a length limit (4,096 on Telegram). */
const MAX_MISSING_NAMES = 60;

/** The status for the chat: the counts and both rates, then the libraries still missing, by name. */
export function completenessText(result: Completeness, t: Translate, language: Language): string {
  const lines = [
    t('round.status.summary', {
      expected: result.expected,
      onTime: result.onTime,
      late: result.late,
      missing: result.missing.length,
      reportingRate: formatRate(result.reportingRate, language),
      onTimeRate: formatRate(result.onTimeRate, language),
    }),
  ];
  if (result.missing.length === 0) {
    lines.push(t(result.expected > 0 ? 'round.status.none-missing' : 'round.status.none-expected'));
    return lines.join('\n');
  }
  lines.push(t('round.status.missing-header', { count: result.missing.length }));
  for (const name of result.missing.slice(0, MAX_MISSING_NAMES)) lines.push(t('round.status.missing-line', { name }));
  if (result.missing.length > MAX_MISSING_NAMES) {
    lines.push(t('round.status.missing-more', { count: result.missing.length - MAX_MISSING_NAMES }));
  }
  return lines.join('\n');
}
