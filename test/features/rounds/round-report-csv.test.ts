import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { roundReportCsv } from '../../../src/features/rounds/round-report-csv.ts';
import { formatFor, sampleReport, translator } from './round-report-support.ts';

function rows(language: 'en' | 'fa'): string[][] {
  const text = roundReportCsv(sampleReport(language), translator.forLanguage(language), formatFor(language));
  return parse(text, { bom: true }) as string[][];
}

describe('round report CSV', () => {
  it('GIVEN the report THEN one row per expected library and one column per question, after who and when', () => {
    const [header, ...body] = rows('en');
    expect(header!.slice(0, 5)).toEqual(['Library', 'City', 'Status', 'Submitted at', 'Version']);
    expect(header!.slice(5)).toHaveLength(10);
    expect(header![5]).toBe('1. How many visits did the library have in the quarter? (visits)');
    expect(body.map((row) => row[0])).toEqual([
      'Can Tho Library',
      'Central Library <script>alert(1)</script>',
      'Da Nang Library',
      'Hue University Library',
      'Vinh Library',
    ]);
    for (const row of body) expect(row).toHaveLength(header!.length);
  });

  it('GIVEN a library that answered THEN its cells hold the number, the chosen labels, the scale point and the file name', () => {
    const [header, ...body] = rows('en');
    const central = body[1]!;
    const cell = (start: string) => central[header!.findIndex((h) => h.startsWith(start))];
    expect(central.slice(1, 5)).toEqual(['Hanoi', 'On time', '2026-12-18T23:59:59+03:30', '2']);
    expect(cell('1.')).toBe('1200');
    expect(cell('2.')).toBe('300');
    expect(cell('6.')).toBe('Exhibitions; Workshops');
    expect(cell('9.')).toBe('4');
    expect(cell('10.')).toBe('report-q3.pdf');
    // Hue skipped the loans question: an empty cell, not a zero.
    expect(body[3]![header!.findIndex((h) => h.startsWith('2.'))]).toBe('');
    expect(body[3]![2]).toBe('Late');
  });

  it('GIVEN a missing library THEN its row has the status and nothing else', () => {
    const [, ...body] = rows('en');
    const vinh = body[4]!;
    expect(vinh.slice(0, 3)).toEqual(['Vinh Library', 'Vinh', 'Missing']);
    expect(vinh.slice(3).every((cell) => cell === '')).toBe(true);
  });

  it('GIVEN a text answer that starts with = THEN the cell is made text, not a formula', () => {
    const [header, ...body] = rows('en');
    const experience = body[1]![header!.findIndex((h) => h.startsWith('8.'))];
    expect(experience).toBe(`'=1+1 <script>alert("x")</script>`);
    for (const row of body) for (const cell of row) expect(cell).not.toMatch(/^[=+@\t\r]/);
  });

  it('GIVEN the Persian report THEN no cell holds a direction mark, ZWNJ stays, and a Jalali date follows the time', () => {
    const text = roundReportCsv(sampleReport('fa'), translator.forLanguage('fa'), formatFor('fa'));
    expect(text).not.toMatch(/[\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/);
    const [header, ...body] = parse(text, { bom: true }) as string[][];
    expect(header!.slice(0, 6)).toEqual([
      'کتابخانه',
      'شهر',
      'وضعیت',
      'زمان ارسال',
      'زمان ارسال (تاریخ هجری شمسی)',
      'نسخه',
    ]);
    expect(header!.join('')).toContain('کتابخانه\u200cهای');
    const central = body.find((row) => row[0]!.startsWith('Central'))!;
    expect(central[2]).toBe('به\u200cموقع');
    expect(central[4]).toBe('1405/09/27');
  });
});
