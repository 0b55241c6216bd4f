import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RoundAnswers } from '../../../src/features/rounds/round-answers.ts';
import {
  compileReport,
  exactSum,
  type ChoiceSummary,
  type CompiledReport,
  type FileSummary,
  type NumberSummary,
  type QuestionSummary,
  type ReportInput,
  type ScaleSummary,
  type TextSummary,
} from '../../../src/features/rounds/round-report.ts';
import { DUE_AT, quarterlyTemplate, sampleInput, sampleReport } from './round-report-support.ts';

type SummaryOf<T extends QuestionSummary['type']> = T extends 'single' | 'multi'
  ? ChoiceSummary
  : Extract<QuestionSummary, { type: T }>;

function question<T extends QuestionSummary['type']>(report: CompiledReport, key: string, type: T): SummaryOf<T> {
  const found = report.sections.flatMap((s) => s.questions).find((q) => q.key === key);
  if (found?.type !== type) throw new Error(`no ${type} question ${key}`);
  return found as SummaryOf<T>;
}

/** A period where library i (of n) answered `visits` with values[i], or skipped it when null. */
function visitsInput(values: ReadonlyArray<number | null>, previous: number[] | null = null): ReportInput {
  const expected = values.map((_, i) => ({ libraryId: i + 1, name: `Library ${i + 1}`, city: null }));
  const answers = (value: number | null): RoundAnswers =>
    value === null ? { visits: { kind: 'skipped' } } : { visits: { kind: 'number', value } };
  return {
    ...sampleInput(),
    expected,
    submissions: values.map((value, i) => ({
      libraryId: i + 1,
      answers: answers(value),
      firstSubmittedAt: DUE_AT,
      submittedAt: DUE_AT,
      version: 1,
    })),
    previous: previous && {
      periodName: '1405-Q2',
      submissions: previous.map((value, i) => ({ libraryId: i + 1, answers: answers(value) })),
    },
  };
}

const visits = (input: ReportInput): NumberSummary => question(compileReport(input), 'visits', 'number');

describe('compiled round report: numbers', () => {
  it('GIVEN any whole-number answers THEN the sum is exactly their sum and the mean the sum over those who answered', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.integer({ min: 0, max: 2_000_000_000 }), { nil: null }), { maxLength: 200 }),
        (values) => {
          const summary = visits(visitsInput(values));
          const answered = values.filter((v): v is number => v !== null);
          const exact = answered.reduce((sum, v) => sum + BigInt(v), 0n);
          expect(BigInt(summary.sum)).toBe(exact);
          expect(summary.answered).toBe(answered.length);
          if (answered.length === 0) expect(summary.mean).toBeNull();
          else expect(summary.mean).toBeCloseTo(Number(exact) / answered.length, 6);
          if (answered.length > 0) {
            expect(summary.min).toBe(Math.min(...answered));
            expect(summary.max).toBe(Math.max(...answered));
          }
        },
      ),
    );
  });

  it('GIVEN decimal answers THEN they add up as decimals (0.1 + 0.2 is 0.3)', () => {
    expect(exactSum([0.1, 0.2])).toBe(0.3);
    expect(exactSum([1.005, 2.995, -0.5])).toBe(3.5);
    expect(exactSum([1e-7, 2e-7])).toBe(3e-7);
    expect(exactSum([1e21, 1])).toBe(1e21 + 1);
    expect(exactSum([])).toBe(0);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1_000_000, max: 1_000_000 }), { maxLength: 100 }), (cents) => {
        // Each value has at most two decimals: their exact sum is the sum of the cents over 100.
        const sum = exactSum(cents.map((c) => c / 100));
        expect(sum).toBe(cents.reduce((a, c) => a + c, 0) / 100);
      }),
    );
  });

  it('GIVEN an odd number of answers THEN the median is the middle one', () => {
    expect(visits(visitsInput([7, 1, null, 3])).median).toBe(3);
    expect(visits(visitsInput([42])).median).toBe(42);
  });

  it('GIVEN an even number of answers THEN the median is the mean of the two middle ones', () => {
    expect(visits(visitsInput([10, 1, 3, 2])).median).toBe(2.5);
    expect(visits(visitsInput([0.1, 0.2])).median).toBe(0.15);
  });

  it('GIVEN nobody answered THEN the sum is 0 and the mean, median, min and max are empty', () => {
    expect(visits(visitsInput([null, null]))).toMatchObject({
      answered: 0,
      sum: 0,
      mean: null,
      median: null,
      min: null,
      max: null,
    });
  });

  it('GIVEN a previous period THEN the change of the sum is given absolute and in percent', () => {
    const summary = visits(visitsInput([100, 50], [60, 40]));
    expect(summary.previous).toEqual({ periodName: '1405-Q2', answered: 2, sum: 100 });
    expect(summary.change).toEqual({ absolute: 50, percent: 50 });
    expect(visits(visitsInput([30], [60, 40])).change).toEqual({ absolute: -70, percent: -70 });
  });

  it('GIVEN no previous period, or nobody answered then THEN there is no change; a previous sum of 0 has no percent', () => {
    expect(visits(visitsInput([100])).previous).toBeNull();
    expect(visits(visitsInput([100])).change).toBeNull();
    expect(visits(visitsInput([100], [])).change).toBeNull();
    expect(visits(visitsInput([100], [0])).change).toEqual({ absolute: 100, percent: null });
  });
});

describe('compiled round report: choices, scales, texts and files', () => {
  const report = sampleReport();

  it('GIVEN a multiple choice THEN each option counts the libraries that chose it, with its share of those who answered', () => {
    const kinds: ChoiceSummary = question(report, 'event-kinds', 'multi');
    expect(kinds.answered).toBe(2);
    expect(kinds.options.map((o) => o.count)).toEqual([2, 0, 0, 1, 0, 0]);
    expect(kinds.options[0]).toMatchObject({ share: 1, percent: 100, label: { en: 'Exhibitions' } });
    expect(kinds.options[3]).toMatchObject({ share: 0.5, percent: 50 });
  });

  it('GIVEN a single choice THEN its percentages add up to 100', () => {
    const template = quarterlyTemplate();
    const single = structuredClone(template);
    const section = single.sections[1]!;
    section.questions[2] = { ...section.questions[2]!, type: 'single' } as (typeof section.questions)[number];
    const input = sampleInput();
    const picks = [0, 1, 2];
    const compiled = compileReport({
      ...input,
      template: single,
      expected: picks.map((_, i) => ({ libraryId: i + 1, name: `L${i}`, city: null })),
      submissions: picks.map((choice, i) => ({
        libraryId: i + 1,
        answers: { 'event-kinds': { kind: 'choice', choices: [choice] } },
        firstSubmittedAt: DUE_AT,
        submittedAt: DUE_AT,
        version: 1,
      })),
    });
    const summary = question(compiled, 'event-kinds', 'single');
    expect(summary.options.slice(0, 3).map((o) => o.percent)).toEqual([34, 33, 33]);
    expect(summary.options.reduce((sum, o) => sum + o.percent, 0)).toBe(100);
  });

  it('GIVEN a scale THEN it gives how many chose each point and the mean', () => {
    const support: ScaleSummary = question(report, 'support', 'scale');
    expect(support.distribution.map((d) => [d.value, d.count])).toEqual([
      [1, 0],
      [2, 0],
      [3, 0],
      [4, 2],
      [5, 1],
    ]);
    expect(support.mean).toBeCloseTo(13 / 3, 10);
  });

  it('GIVEN texts THEN each library that wrote one is listed under its name, in alphabetical order', () => {
    const experience: TextSummary = question(report, 'experience', 'text');
    expect(experience.entries.map((e) => [e.name, e.text])).toEqual([
      ['Central Library <script>alert(1)</script>', '=1+1 <script>alert("x")</script>'],
      ['Hue University Library', 'A reading club for teenagers.'],
    ]);
  });

  it('GIVEN a file question THEN it names the libraries that attached a file and the file', () => {
    const attachment: FileSummary = question(report, 'attachment', 'file');
    expect(attachment.entries.map((e) => [e.name, e.fileName])).toEqual([
      ['Central Library <script>alert(1)</script>', 'report-q3.pdf'],
    ]);
  });

  it('GIVEN the period THEN every expected library is listed by name with its status, missing ones without answers', () => {
    expect(report.libraries.map((l) => [l.name, l.status])).toEqual([
      ['Can Tho Library', 'missing'],
      ['Central Library <script>alert(1)</script>', 'on-time'],
      ['Da Nang Library', 'on-time'],
      ['Hue University Library', 'late'],
      ['Vinh Library', 'missing'],
    ]);
    expect(report.libraries[0]!.answers).toEqual({});
    expect(report.completeness).toMatchObject({ expected: 5, onTime: 2, late: 1, reportingRate: 0.6 });
    expect(report.completeness.missing).toEqual(['Can Tho Library', 'Vinh Library']);
  });

  it('GIVEN a submission of a library outside the audience, or two versions of one THEN only the latest of the expected counts', () => {
    const input = visitsInput([10, 20]);
    const compiled = compileReport({
      ...input,
      submissions: [
        ...input.submissions,
        { ...input.submissions[0]!, answers: { visits: { kind: 'number', value: 15 } }, version: 2 },
        { ...input.submissions[0]!, libraryId: 99, answers: { visits: { kind: 'number', value: 1000 } } },
      ],
    });
    expect(question(compiled, 'visits', 'number').sum).toBe(35);
    expect(compiled.libraries.find((l) => l.libraryId === 1)?.version).toBe(2);
  });

  it('GIVEN an answer of another kind than the question (the template changed) THEN it is not counted', () => {
    const input = visitsInput([10]);
    const compiled = compileReport({
      ...input,
      submissions: [{ ...input.submissions[0]!, answers: { visits: { kind: 'text', text: '12' } } }],
    });
    expect(question(compiled, 'visits', 'number')).toMatchObject({ answered: 0, sum: 0 });
  });
});
