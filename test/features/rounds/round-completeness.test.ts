import { describe, expect, it } from 'vitest';
import { completenessChart, completenessChartPng } from '../../../src/features/rounds/round-charts.ts';
import {
  completenessText,
  computeCompleteness,
  submissionStatus,
  type CompletenessInput,
} from '../../../src/features/rounds/round-completeness.ts';
import { translator } from './round-report-support.ts';

const DUE = new Date('2026-12-21T20:30:00Z');
const HOUR = 3_600_000;

/** 40 libraries; the first 30 report before the due date, the next 2 after it, the last 8 not at all. */
function forty(): CompletenessInput {
  const expected = Array.from({ length: 40 }, (_, i) => ({
    libraryId: i + 1,
    name: `Library ${String(i + 1).padStart(2, '0')}`,
  }));
  const submissions = expected.slice(0, 32).map((library, i) => ({
    libraryId: library.libraryId,
    firstSubmittedAt: new Date(DUE.getTime() + (i < 30 ? -HOUR * (i + 1) : HOUR * i)),
  }));
  return { expected, submissions, dueAt: DUE };
}

describe('round completeness', () => {
  it('GIVEN 40 libraries, 30 on time, 2 late THEN 80 % reported, 75 % on time, and the 8 missing by name', () => {
    const result = computeCompleteness(forty(), 'en');
    expect(result).toEqual({
      expected: 40,
      onTime: 30,
      late: 2,
      missing: [
        'Library 33',
        'Library 34',
        'Library 35',
        'Library 36',
        'Library 37',
        'Library 38',
        'Library 39',
        'Library 40',
      ],
      reportingRate: 0.8,
      onTimeRate: 0.75,
    });
  });

  it('GIVEN a first submission exactly at the due date THEN it is on time; a millisecond later, late', () => {
    expect(submissionStatus(DUE, DUE)).toBe('on-time');
    expect(submissionStatus(new Date(DUE.getTime() + 1), DUE)).toBe('late');
    expect(submissionStatus(null, DUE)).toBe('missing');
  });

  it('GIVEN a submission from a library outside the audience, or a library listed twice THEN neither counts twice', () => {
    const result = computeCompleteness(
      {
        expected: [
          { libraryId: 1, name: 'A' },
          { libraryId: 1, name: 'A' },
          { libraryId: 2, name: 'B' },
        ],
        submissions: [
          { libraryId: 1, firstSubmittedAt: DUE },
          { libraryId: 1, firstSubmittedAt: new Date(DUE.getTime() + HOUR) },
          { libraryId: 99, firstSubmittedAt: DUE },
        ],
        dueAt: DUE,
      },
      'en',
    );
    expect(result).toMatchObject({
      expected: 2,
      onTime: 1,
      late: 0,
      missing: ['B'],
      reportingRate: 0.5,
      onTimeRate: 0.5,
    });
  });

  it('GIVEN no library expected THEN both rates are 0, not NaN', () => {
    const result = computeCompleteness({ expected: [], submissions: [], dueAt: DUE }, 'en');
    expect(result).toEqual({ expected: 0, onTime: 0, late: 0, missing: [], reportingRate: 0, onTimeRate: 0 });
  });

  it('GIVEN Persian names THEN the missing are in Persian alphabetical order, not in code point order', () => {
    // Code points put ل (U+0644) before گ (U+06AF) and ژ (U+0698) after س (U+0633); Persian does not.
    const names = ['کتابخانهٔ لاهیجان', 'کتابخانهٔ سمنان', 'کتابخانهٔ گرگان', 'کتابخانهٔ ژیان', 'کتابخانهٔ آمل'];
    const result = computeCompleteness(
      { expected: names.map((name, i) => ({ libraryId: i, name })), submissions: [], dueAt: DUE },
      'fa',
    );
    expect(result.missing).toEqual([
      'کتابخانهٔ آمل',
      'کتابخانهٔ ژیان',
      'کتابخانهٔ سمنان',
      'کتابخانهٔ گرگان',
      'کتابخانهٔ لاهیجان',
    ]);
  });

  it('GIVEN the status in English THEN the text gives the counts, both rates and every missing name', () => {
    const text = completenessText(computeCompleteness(forty(), 'en'), translator.forLanguage('en'), 'en');
    expect(text).toContain('40 libraries expected: 30 on time, 2 late, 8 missing.');
    expect(text).toContain('Reporting rate: 80%; on time: 75%.');
    for (let n = 33; n <= 40; n++) expect(text).toContain(`• Library ${n}`);
    expect(text).not.toContain('Library 32');
  });

  it('GIVEN the status in Persian THEN its figures are in Persian digits with the Persian percent sign', () => {
    const text = completenessText(computeCompleteness(forty(), 'fa'), translator.forLanguage('fa'), 'fa');
    const summary = text.split('\n').slice(0, 2).join('\n');
    expect(summary).toContain('۸۰٪');
    expect(summary).toContain('۷۵٪');
    expect(summary).toContain('۴۰');
    expect(summary).not.toMatch(/[0-9]/);
    expect(text).toContain('Library 40');
  });

  it('GIVEN more missing libraries than a message holds THEN the rest are counted, not listed', () => {
    const expected = Array.from({ length: 100 }, (_, i) => ({ libraryId: i, name: `L${String(i).padStart(3, '0')}` }));
    const text = completenessText(
      computeCompleteness({ expected, submissions: [], dueAt: DUE }, 'en'),
      translator.forLanguage('en'),
      'en',
    );
    expect(text).toContain('• L059');
    expect(text).not.toContain('L060');
    expect(text).toContain('…and 40 more libraries.');
  });

  it('GIVEN the status chart THEN it has on time, late and missing bars, mirrored for Persian, and draws as a PNG', async () => {
    const result = computeCompleteness(forty(), 'fa');
    const spec = completenessChart(result, translator.forLanguage('fa'), 'fa');
    expect(spec.direction).toBe('rtl');
    expect(spec.bars.map((bar) => bar.value)).toEqual([30, 2, 8]);
    expect(spec.bars[2]!.valueText).toBe('۸ (۲۰٪)');
    expect(spec.bars[2]!.highlight).toBe(true);
    expect(completenessChart(result, translator.forLanguage('en'), 'en').direction).toBe('ltr');
    const png = await completenessChartPng(result, translator.forLanguage('fa'), 'fa');
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });
});
