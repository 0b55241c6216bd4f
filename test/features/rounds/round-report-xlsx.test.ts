import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { roundReportXlsx, SheetNames, sheetName } from '../../../src/features/rounds/round-report-xlsx.ts';
import { compileReport } from '../../../src/features/rounds/round-report.ts';
import { formatFor, sampleInput, translator } from './round-report-support.ts';

async function workbook(language: 'en' | 'fa', input = sampleInput(language)) {
  const buffer = await roundReportXlsx(compileReport(input), translator.forLanguage(language), formatFor(language));
  expect(Buffer.isBuffer(buffer)).toBe(true);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  return book;
}

/** A sheet's rows as plain values, without exceljs's empty first slot. */
function values(sheet: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

const FORBIDDEN = /[[\]:*?/\\]/;

describe('round report XLSX', () => {
  it('GIVEN the report THEN it has a summary, one sheet per section and a completeness sheet', async () => {
    const book = await workbook('en');
    expect(book.worksheets.map((s) => s.name)).toEqual([
      'Summary',
      'Services',
      'Training and events',
      'Digital library',
      'Experience of the quarter',
      'Completeness',
    ]);
  });

  it('GIVEN the summary sheet THEN its figures are numbers: the sums of the answers, means, medians and the change', async () => {
    const rows = values((await workbook('en')).getWorksheet('Summary')!);
    expect(rows[0]).toEqual([
      'Section',
      'Question',
      'Unit',
      'Answered',
      'Sum',
      'Mean',
      'Median',
      'Min',
      'Max',
      'Sum in 1405-Q2',
      'Change',
      'Change (%)',
    ]);
    const visits = rows.find((row) => String(row[1]).startsWith('1.'))!;
    // 1200 + 800 + 455, against 1000 + 700 the quarter before.
    expect(visits.slice(2)).toEqual(['visits', 3, 2455, 2455 / 3, 800, 455, 1200, 1700, 755, 755 / 1700]);
    const loans = rows.find((row) => String(row[1]).startsWith('2.'))!;
    // The previous sum was 0: a change, but no percentage of it.
    expect(loans.slice(3, 11)).toEqual([2, 420, 210, 210, 120, 300, 0, 420]);
    expect(loans[11]).toBeUndefined();
    const support = rows.find((row) => String(row[1]).startsWith('9.'))!;
    expect(support[3]).toBe(3);
    expect(support[5]).toBeCloseTo(13 / 3, 10);
  });

  it('GIVEN a section sheet THEN a row per expected library, numbers as numbers, skipped answers empty', async () => {
    const book = await workbook('en');
    const rows = values(book.getWorksheet('Services')!);
    expect(rows[0]!.slice(0, 3)).toEqual(['Library', 'City', 'Status']);
    expect(rows.slice(1).map((row) => [row[0], row[2], row[3], row[4]])).toEqual([
      ['Can Tho Library', 'Missing', undefined, undefined],
      ['Central Library <script>alert(1)</script>', 'On time', 1200, 300],
      ['Da Nang Library', 'On time', 455, 120],
      ['Hue University Library', 'Late', 800, undefined],
      ['Vinh Library', 'Missing', undefined, undefined],
    ]);
    const experience = book.getWorksheet('Experience of the quarter')!;
    const text = experience.getCell('D3');
    expect(text.value).toBe('=1+1 <script>alert("x")</script>');
    expect(text.type).toBe(ExcelJS.ValueType.String);
    expect(values(experience)[2]!.slice(4)).toEqual([4, 'report-q3.pdf']);
    expect(values(book.getWorksheet('Training and events')!)[2]![5]).toBe('Exhibitions; Workshops');
  });

  it('GIVEN the completeness sheet THEN every expected library with its status and when it first submitted', async () => {
    const rows = values((await workbook('en')).getWorksheet('Completeness')!);
    expect(rows[0]).toEqual(['Library', 'City', 'Status', 'Submitted at', 'Last edited at', 'Version']);
    expect(rows.slice(1).map((row) => [row[0], row[2], row[5]])).toEqual([
      ['Can Tho Library', 'Missing', undefined],
      ['Central Library <script>alert(1)</script>', 'On time', 2],
      ['Da Nang Library', 'On time', 1],
      ['Hue University Library', 'Late', 1],
      ['Vinh Library', 'Missing', undefined],
    ]);
    // Tehran's wall clock, 23:59:59 on the 18th (the due date is 23:59:59 on the 21st, three days later).
    expect(rows[2]![3]).toEqual(new Date(Date.UTC(2026, 11, 18, 23, 59, 59)));
  });

  it('GIVEN the Persian report THEN every sheet is right to left, named within Excel rules, with a Jalali date column', async () => {
    const book = await workbook('fa');
    expect(book.worksheets.map((s) => s.name)).toEqual([
      'خلاصه',
      'خدمات',
      'آموزش و رویدادها',
      'کتابخانهٔ دیجیتال',
      'تجربهٔ این فصل',
      'وضعیت گزارش\u200cدهی',
    ]);
    for (const sheet of book.worksheets) {
      expect(sheet.views[0]?.rightToLeft, sheet.name).toBe(true);
      expect(sheet.name).not.toMatch(/[\u200E\u200F\u2066-\u2069]/);
    }
    const completeness = values(book.worksheets.at(-1)!);
    expect(completeness[0]![4]).toBe('زمان ارسال (تاریخ هجری شمسی)');
    expect(completeness.find((row) => String(row[0]).startsWith('Central'))![4]).toBe('1405/09/27');
  });

  it('GIVEN section titles too long, with forbidden characters, or the same twice THEN the sheet names are still valid and unique', async () => {
    const input = sampleInput('en');
    const template = structuredClone(input.template);
    const long = 'Services: loans / visits [2026] * what? \\ and much more than thirty-one characters';
    for (const section of template.sections) section.title = { ...section.title, en: long };
    const book = await workbook('en', { ...input, template });
    const names = book.worksheets.map((s) => s.name);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    for (const name of names) {
      expect(name.length, name).toBeLessThanOrEqual(31);
      expect(name, name).not.toMatch(FORBIDDEN);
    }
    expect(names[1]).toBe('Services loans visits 2026 what');
    expect(names[2]).toBe('Services loans visits 2026 (2)');
  });

  it('GIVEN a name with only forbidden characters or apostrophes THEN a fallback name is used', () => {
    const names = new SheetNames();
    expect(sheetName("'[]'")).toBe('');
    expect(names.take('?*')).toBe('Sheet 1');
    expect(names.take('History')).toBe('History (2)');
    expect(names.take('summary')).toBe('summary');
    expect(names.take('SUMMARY')).toBe('SUMMARY (2)');
  });
});
