import type { OutboundFile } from '../../core/event.ts';
import type { Language } from '../../i18n/languages.ts';
import type { Translate } from '../../i18n/translator.ts';
import { csvFile, type CsvClock } from '../archives/csv-file.ts';
import { localize } from './survey-questions.ts';
import type { Survey } from './survey-service.ts';
import type { ReportResponse } from './survey-report.ts';

export interface CsvResponse extends ReportResponse {
  startedAt: Date;
  member: { id: number; displayName: string } | null;
}

/**
 * One row per respondent: who (or that they asked to be forgotten), whether they finished, when, and
 * one column per question (choices joined with `; `, the scale's number, the text; empty when skipped).
 */
export function surveyCsv(
  t: Translate,
  language: Language,
  survey: Survey,
  responses: readonly CsvResponse[],
  clock: CsvClock,
): OutboundFile {
  const header = [
    t('survey.csv.respondent'),
    t('survey.csv.status'),
    { time: t('survey.csv.submitted-at') },
    ...survey.questions.map((q) => `${q.position + 1}. ${localize(q.text, language)}`),
  ];
  const rows = responses.map((response) => [
    response.member ? `${response.member.displayName} (#${response.member.id})` : t('survey.csv.forgotten'),
    t(response.submittedAt ? 'survey.csv.complete' : 'survey.csv.in-progress'),
    response.submittedAt ?? '',
    ...survey.questions.map((question) => {
      const answer = response.answers.find((a) => a.questionId === question.id);
      if (!answer || answer.skipped) return '';
      if (question.kind === 'scale') return answer.scale ?? '';
      if (question.kind === 'text') return answer.text ?? '';
      return answer.choices.map((i) => (question.options[i] ? localize(question.options[i], language) : '')).join('; ');
    }),
  ]);
  return csvFile(`survey-${survey.id}.csv`, header, rows, clock);
}
