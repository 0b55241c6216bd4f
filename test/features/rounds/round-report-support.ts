import type { FormatOptions } from '../../../src/i18n/date-format.ts';
import type { Language } from '../../../src/i18n/languages.ts';
import { Translator } from '../../../src/i18n/translator.ts';
import type { RoundAnswers } from '../../../src/features/rounds/round-answers.ts';
import { compileReport, type ReportInput } from '../../../src/features/rounds/round-report.ts';
import type { RoundTemplate } from '../../../src/features/rounds/round-template-schema.ts';
import { loadRoundTemplates } from '../../../src/features/rounds/round-templates.ts';

/** A period of the shipped quarterly report, as the report tests read it. */

export const translator = new Translator();

export function quarterlyTemplate(): RoundTemplate {
  const template = loadRoundTemplates().templates.get('quarterly-activity');
  if (!template) throw new Error('the shipped quarterly-activity template did not load');
  return template;
}

export const DUE_AT = new Date('2026-12-21T20:29:59Z');
const DAY = 86_400_000;

export function formatFor(language: Language): FormatOptions {
  return { language, calendar: language === 'fa' ? 'persian' : 'gregorian', timeZone: 'Asia/Tehran' };
}

/**
 * Five libraries: three answer (one of them late, one with a text that a spreadsheet would run and a
 * name that is HTML), two are missing.
 */
export function sampleInput(language: Language = 'en'): ReportInput {
  const template = quarterlyTemplate();
  const expected = [
    { libraryId: 1, name: 'Central Library <script>alert(1)</script>', city: 'Hanoi' },
    { libraryId: 2, name: 'Hue University Library', city: 'Hue' },
    { libraryId: 3, name: 'Da Nang Library', city: null },
    { libraryId: 4, name: 'Vinh Library', city: 'Vinh' },
    { libraryId: 5, name: 'Can Tho Library', city: 'Can Tho' },
  ];
  const answers: Record<number, RoundAnswers> = {
    1: {
      visits: { kind: 'number', value: 1200 },
      loans: { kind: 'number', value: 300 },
      'event-kinds': { kind: 'choice', choices: [0, 3] },
      experience: { kind: 'text', text: '=1+1 <script>alert("x")</script>' },
      support: { kind: 'scale', value: 4 },
      attachment: {
        kind: 'file',
        file: { platform: 'telegram', fileId: 'f1', fileName: 'report-q3.pdf', mimeType: 'application/pdf' },
      },
    },
    2: {
      visits: { kind: 'number', value: 800 },
      loans: { kind: 'skipped' },
      'event-kinds': { kind: 'choice', choices: [0] },
      experience: { kind: 'text', text: 'A reading club for teenagers.' },
      support: { kind: 'scale', value: 5 },
    },
    3: {
      visits: { kind: 'number', value: 455 },
      loans: { kind: 'number', value: 120 },
      'digital-items': { kind: 'number', value: 40 },
      support: { kind: 'scale', value: 4 },
    },
  };
  return {
    title: template.title,
    periodName: '1405-Q3',
    language,
    template,
    expected,
    submissions: [
      {
        libraryId: 1,
        answers: answers[1]!,
        firstSubmittedAt: new Date(DUE_AT.getTime() - 3 * DAY),
        submittedAt: new Date(DUE_AT.getTime() - DAY),
        version: 2,
      },
      {
        libraryId: 2,
        answers: answers[2]!,
        firstSubmittedAt: new Date(DUE_AT.getTime() + 2 * DAY),
        submittedAt: new Date(DUE_AT.getTime() + 2 * DAY),
        version: 1,
      },
      { libraryId: 3, answers: answers[3]!, firstSubmittedAt: DUE_AT, submittedAt: DUE_AT, version: 1 },
    ],
    previous: {
      periodName: '1405-Q2',
      submissions: [
        { libraryId: 1, answers: { visits: { kind: 'number', value: 1000 }, loans: { kind: 'number', value: 0 } } },
        { libraryId: 2, answers: { visits: { kind: 'number', value: 700 }, loans: { kind: 'number', value: 0 } } },
      ],
    },
    dueAt: DUE_AT,
  };
}

export function sampleReport(language: Language = 'en') {
  return compileReport(sampleInput(language));
}
