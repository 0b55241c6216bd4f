import type ExcelJS from 'exceljs';
import { Temporal } from 'temporal-polyfill';
import type { FormatOptions } from '../../i18n/date-format.ts';
import { isRightToLeft, type Language } from '../../i18n/languages.ts';
import type { Translate } from '../../i18n/translator.ts';
import { jalaliDate } from '../archives/csv-file.ts';
import { answerCell } from './round-report-csv.ts';
import {
  questionHeading,
  textIn,
  withoutBidiMarks,
  type CompiledReport,
  type NumberSummary,
  type ReportLibrary,
  type ScaleSummary,
} from './round-report.ts';

/**
 * The round's report as a spreadsheet (exceljs): a summary sheet (per number question its sum, mean,
 * median, bounds and change against the previous period; per scale its mean), one sheet per section
 * (a row per expected library, a column per question, numbers as numbers) and a completeness sheet
 * (every library's status and when it submitted). Persian sheets are shown right to left.
 *
 * A text is always a string cell, never a formula, so a library's `=1+1` stays text. Times are the
 * community's wall clock (a spreadsheet has no time zones), with a Jalali date beside them where the
 * community uses that calendar. No direction marks: they would break sorting and filtering.
 */
export async function roundReportXlsx(report: CompiledReport, t: Translate, format: FormatOptions): Promise<Buffer> {
  const { language } = format;
  // Loaded on the first spreadsheet, not at start: exceljs and what it needs are some 400 modules (about
  // a tenth of the bot's start-up) for a file a curator asks for now and then.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  workbook.creator = 'Hamkar';
  workbook.title = cellText(
    t('round.report.title', { title: textIn(report.title, language), period: report.periodName }),
  );
  const names = new SheetNames();
  const sheet = (title: string) =>
    workbook.addWorksheet(names.take(title), {
      views: [{ state: 'frozen', xSplit: 1, ySplit: 1, rightToLeft: isRightToLeft(language) }],
    });

  addSummary(sheet(t('round.report.sheet.summary')), report, t, language);
  for (const section of report.sections) {
    const ws = sheet(textIn(section.title, language));
    header(ws, [
      t('round.report.col.library'),
      t('round.report.col.city'),
      t('round.report.col.status'),
      ...section.questions.map((question) => questionHeading(question, language)),
    ]);
    for (const library of report.libraries) {
      ws.addRow(
        [
          library.name,
          library.city ?? '',
          t(`round.status.${library.status}`),
          ...section.questions.map((question) => answerCell(question, library.answers[question.key], t, language)),
        ].map(cellValue),
      );
    }
    section.questions.forEach((question, i) => {
      if (question.type === 'number') ws.getColumn(4 + i).numFmt = question.integer ? '#,##0' : '#,##0.00';
    });
    widths(ws, [28, 16, 14, ...section.questions.map((q) => (q.type === 'text' ? 60 : 18))]);
  }
  addCompleteness(sheet(t('round.report.sheet.completeness')), report.libraries, t, format);

  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function addSummary(ws: ExcelJS.Worksheet, report: CompiledReport, t: Translate, language: Language): void {
  const withPrevious = report.previousPeriodName !== null;
  header(ws, [
    t('round.report.col.section'),
    t('round.report.col.question'),
    t('round.report.col.unit'),
    t('round.report.col.answered'),
    t('round.report.col.sum'),
    t('round.report.col.mean'),
    t('round.report.col.median'),
    t('round.report.col.min'),
    t('round.report.col.max'),
    ...(withPrevious
      ? [
          t('round.report.col.previous', { period: report.previousPeriodName }),
          t('round.report.col.change'),
          t('round.report.col.change-percent'),
        ]
      : []),
  ]);
  for (const section of report.sections) {
    for (const question of section.questions) {
      if (question.type !== 'number' && question.type !== 'scale') continue;
      const row = ws.addRow(summaryRow(question, textIn(section.title, language), withPrevious, language));
      if (question.type === 'number') {
        const whole = question.integer ? '#,##0' : '#,##0.00';
        for (const column of [5, 8, 9, ...(withPrevious ? [10, 11] : [])]) row.getCell(column).numFmt = whole;
        if (withPrevious) row.getCell(12).numFmt = '+0.0%;-0.0%;0%';
      }
      for (const column of [6, 7]) row.getCell(column).numFmt = '#,##0.00';
    }
  }
  widths(ws, [22, 50, 14, 12, 14, 12, 12, 12, 12, 16, 14, 14]);
}

function summaryRow(
  question: NumberSummary | ScaleSummary,
  sectionTitle: string,
  withPrevious: boolean,
  language: Language,
): ExcelJS.CellValue[] {
  const heading = questionHeading(question, language);
  if (question.type === 'scale') {
    return [sectionTitle, heading, '', question.answered, null, question.mean, null, null, null].map(cellValue);
  }
  return [
    sectionTitle,
    heading,
    question.unit ? textIn(question.unit, language) : '',
    question.answered,
    question.sum,
    question.mean,
    question.median,
    question.min,
    question.max,
    ...(withPrevious
      ? [
          question.previous?.sum ?? null,
          question.change?.absolute ?? null,
          question.change && question.change.percent !== null ? question.change.percent / 100 : null,
        ]
      : []),
  ].map(cellValue);
}

function addCompleteness(
  ws: ExcelJS.Worksheet,
  libraries: readonly ReportLibrary[],
  t: Translate,
  format: FormatOptions,
): void {
  const jalali = format.calendar === 'persian';
  const submittedAt = t('round.report.col.submitted-at');
  header(ws, [
    t('round.report.col.library'),
    t('round.report.col.city'),
    t('round.report.col.status'),
    submittedAt,
    ...(jalali ? [t('csv.jalali-column', { column: submittedAt })] : []),
    t('round.report.col.edited-at'),
    t('round.report.col.version'),
  ]);
  for (const library of libraries) {
    const first = library.firstSubmittedAt;
    ws.addRow(
      [
        library.name,
        library.city ?? '',
        t(`round.status.${library.status}`),
        first ? wallClock(first, format.timeZone) : null,
        ...(jalali ? [first ? jalaliDate(first, format.timeZone) : ''] : []),
        library.submittedAt ? wallClock(library.submittedAt, format.timeZone) : null,
        library.version,
      ].map(cellValue),
    );
  }
  const dateColumns = jalali ? [4, 6] : [4, 5];
  for (const column of dateColumns) ws.getColumn(column).numFmt = 'yyyy-mm-dd hh:mm';
  widths(ws, jalali ? [28, 16, 14, 18, 16, 18, 10] : [28, 16, 14, 18, 18, 10]);
}

function header(ws: ExcelJS.Worksheet, titles: readonly string[]): void {
  const row = ws.addRow(titles.map(cellText));
  row.font = { bold: true };
  row.alignment = { vertical: 'top', wrapText: true };
}

function widths(ws: ExcelJS.Worksheet, characters: readonly number[]): void {
  characters.forEach((width, i) => (ws.getColumn(i + 1).width = width));
}

function cellText(text: string): string {
  return withoutBidiMarks(text);
}

/** An empty answer is an empty cell, not an empty string: a column of numbers stays numbers only. */
function cellValue(value: ExcelJS.CellValue): ExcelJS.CellValue {
  if (typeof value !== 'string') return value;
  const text = cellText(value);
  return text === '' ? null : text;
}

/**
 * The instant as the community's clock shows it, as a Date whose UTC fields are those of the wall
 * clock: exceljs writes a Date's UTC fields, and a spreadsheet shows them as they are.
 */
function wallClock(instant: Date, timeZone: string): Date {
  const local = Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(timeZone);
  return new Date(Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second));
}

/**
 * Sheet names as Excel takes them: at most 31 characters, none of `[]:*?/\`, not starting or ending
 * with an apostrophe, unique regardless of case (two sections may share a title).
 */
export class SheetNames {
  private readonly used = new Set<string>();

  take(title: string): string {
    const base = sheetName(title) || `Sheet ${this.used.size + 1}`;
    let name = base;
    for (let n = 2; this.used.has(name.toLocaleLowerCase()) || name.toLowerCase() === 'history'; n++) {
      const suffix = ` (${n})`;
      name = `${fit(base, 31 - suffix.length)}${suffix}`;
    }
    this.used.add(name.toLocaleLowerCase());
    return name;
  }
}

export function sheetName(title: string): string {
  const cleaned = withoutBidiMarks(title)
    .replace(/[[\]:*?/\\]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^'+|'+$/g, '')
    .trim();
  return fit(cleaned, 31);
}

/** At most `max` UTF-16 units (what Excel counts), cut between graphemes, never inside a letter. */
function fit(text: string, max: number): string {
  if (text.length <= max) return text;
  let kept = '';
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) {
    if (kept.length + segment.length > max) break;
    kept += segment;
  }
  return kept.trimEnd().replace(/'+$/, '');
}
