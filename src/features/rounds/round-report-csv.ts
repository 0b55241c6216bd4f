import type { FormatOptions } from '../../i18n/date-format.ts';
import type { Language } from '../../i18n/languages.ts';
import type { Translate } from '../../i18n/translator.ts';
import { localizedClock } from '../archives/csv-clock.ts';
import { csvFile } from '../archives/csv-file.ts';
import type { RoundAnswer } from './round-answers.ts';
import { questionHeading, textIn, type CompiledReport, type QuestionSummary } from './round-report.ts';

/**
 * The round's answers as a CSV file, by the project's CSV rules (csv-file.ts: UTF-8 with a byte-order
 * mark, times in the community's zone with a Jalali column where it uses that calendar, no direction
 * marks, a cell that a spreadsheet would run as a formula made text). One row per expected library, a
 * missing one with its status and empty cells; one column per question: a number as a number, the
 * labels of the chosen options joined with `; `, the scale's point, the text, the attached file's name.
 * Returned as text (its byte-order mark first), for the caller to name and send.
 */
export function roundReportCsv(report: CompiledReport, t: Translate, format: FormatOptions): string {
  const { language } = format;
  const questions = report.sections.flatMap((section) => section.questions);
  const header = [
    t('round.report.col.library'),
    t('round.report.col.city'),
    t('round.report.col.status'),
    { time: t('round.report.col.submitted-at') },
    t('round.report.col.version'),
    ...questions.map((question) => questionHeading(question, language)),
  ];
  const rows = report.libraries.map((library) => [
    library.name,
    library.city ?? '',
    t(`round.status.${library.status}`),
    library.firstSubmittedAt ?? '',
    library.version ?? '',
    ...questions.map((question) => answerCell(question, library.answers[question.key], t, language)),
  ]);
  const file = csvFile('round-report.csv', header, rows, localizedClock(format, t));
  return Buffer.from(file.contentBase64, 'base64').toString('utf8');
}

/** One answer as a spreadsheet cell (also the XLSX's): what was answered, empty when it was not. */
export function answerCell(
  question: QuestionSummary,
  answer: RoundAnswer | undefined,
  t: Translate,
  language: Language,
): string | number {
  if (!answer) return '';
  switch (question.type) {
    case 'number':
      return answer.kind === 'number' ? answer.value : '';
    case 'single':
    case 'multi':
      return answer.kind === 'choice'
        ? [...new Set(answer.choices)]
            .sort((a, b) => a - b)
            .flatMap((i) => {
              const option = question.options.find((o) => o.index === i);
              return option ? [textIn(option.label, language)] : [];
            })
            .join('; ')
        : '';
    case 'scale':
      return answer.kind === 'scale' ? answer.value : '';
    case 'text':
      return answer.kind === 'text' ? answer.text : '';
    case 'file':
      return answer.kind === 'file' ? (answer.file.fileName ?? t('round.report.file-unnamed')) : '';
  }
}
