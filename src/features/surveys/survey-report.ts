import type { OutboundMessage } from '../../core/event.ts';
import type { Language } from '../../i18n/languages.ts';
import type { Translate } from '../../i18n/translator.ts';
import type { BarChartSpec } from '../ballots/bar-chart-svg.ts';
import { chartFontFamilies } from '../ballots/chart-fonts.ts';
import { renderBarChartPng } from '../ballots/chart-renderer.ts';
import { countWithPercent } from '../ballots/count-format.ts';
import { computeTally, leaders, responseRate, type Tally } from '../ballots/tally.ts';
import { localize, SCALE_POINTS, type Question } from './survey-questions.ts';
import type { Survey } from './survey-service.ts';

/** Free-text answers listed in the report; the rest are in the CSV. */
const MAX_TEXT_ANSWERS = 30;

export interface ReportResponse {
  submittedAt: Date | null;
  answers: Array<{
    questionId: number;
    choices: number[];
    scale: number | null;
    text: string | null;
    skipped: boolean;
  }>;
}

/**
 * A survey's report for a chair, as messages: the response rate, then one message per question — a
 * chart with counts for choice and scale questions, the answers themselves for free text. Only
 * submitted responses count; responses still in progress are counted apart.
 */
export async function surveyReport(
  t: Translate,
  language: Language,
  survey: Survey,
  responses: readonly ReportResponse[],
  audience: number,
): Promise<OutboundMessage[]> {
  const submitted = responses.filter((r) => r.submittedAt !== null);
  const messages: OutboundMessage[] = [
    {
      text: t('survey.report-header', {
        id: String(survey.id),
        title: localize(survey.title, language),
        responses: submitted.length,
        audience,
        rate: responseRate(submitted.length, audience),
        inProgress: responses.length - submitted.length,
      }),
    },
  ];
  for (const question of survey.questions) {
    const result = surveyQuestionResult(t, language, question, submitted);
    if (result.kind === 'text') {
      const lines = result.texts.slice(0, MAX_TEXT_ANSWERS).map((text) => t('survey.report-text-line', { text }));
      if (result.texts.length > MAX_TEXT_ANSWERS)
        lines.push(t('survey.report-text-more', { count: result.texts.length - MAX_TEXT_ANSWERS }));
      if (result.texts.length === 0) lines.push(t('survey.report-no-answers'));
      messages.push({ text: [result.header, ...lines].join('\n') });
      continue;
    }
    const png = await renderBarChartPng(result.chart);
    messages.push({
      text: [result.header, ...result.lines, result.footer].join('\n'),
      file: {
        fileName: `survey-${survey.id}-q${question.position + 1}.png`,
        mimeType: 'image/png',
        contentBase64: png.toString('base64'),
        isImage: true,
      },
    });
  }
  return messages;
}

/** One question's results: the answers of a free-text question, or the counts and chart of the others. */
export type SurveyQuestionResult =
  | { kind: 'text'; header: string; texts: string[] }
  | { kind: 'chart'; header: string; lines: string[]; footer: string; chart: BarChartSpec };

/**
 * A question's results over the submitted responses, as the chat shows them: the chart is the one
 * drawn as the PNG, and the dashboard draws the same spec as inline SVG.
 */
export function surveyQuestionResult(
  t: Translate,
  language: Language,
  question: Question,
  submitted: readonly ReportResponse[],
): SurveyQuestionResult {
  const answers = submitted.flatMap((r) => r.answers.filter((a) => a.questionId === question.id));
  const answered = answers.filter((a) => !a.skipped);
  const header = t('survey.report-question', {
    n: question.position + 1,
    question: localize(question.text, language),
  });
  if (question.kind === 'text') {
    return { kind: 'text', header, texts: answered.map((a) => a.text ?? '').filter(Boolean) };
  }
  const tally = questionTally(question, answered, language);
  const lines = tally.rows.map((row) =>
    t('survey.report-option-line', { label: row.label, count: row.count, percent: row.percent }),
  );
  const average = question.kind === 'scale' ? scaleAverage(answered) : null;
  const counted = t('survey.report-question-footer', {
    answered: answered.length,
    skipped: answers.length - answered.length,
  });
  const footer =
    average === null
      ? counted
      : `${counted} ${t('survey.report-average', { average: new Intl.NumberFormat(intlLocale(language), { maximumFractionDigits: 1 }).format(average) })}`;
  const direction = language === 'fa' ? 'rtl' : 'ltr';
  const chart: BarChartSpec = {
    title: `${question.position + 1}. ${localize(question.text, language)}`,
    bars: tally.rows.map((row) => ({
      label: row.label,
      value: row.count,
      valueText: countWithPercent(row.count, row.percent, language),
      highlight: leaders(tally).has(row.id),
    })),
    footer,
    direction,
    fontFamilies: chartFontFamilies(direction),
  };
  return { kind: 'chart', header, lines, footer, chart };
}

type Answer = ReportResponse['answers'][number];

/** Counts per option (or per scale point), percent of those who answered the question. */
function questionTally(question: Question, answered: readonly Answer[], language: Language): Tally {
  const counts = new Map<number, number>();
  const add = (id: number) => counts.set(id, (counts.get(id) ?? 0) + 1);
  if (question.kind === 'scale') {
    for (const a of answered) if (a.scale !== null) add(a.scale);
    const options = SCALE_POINTS.map((n) => ({ id: n, label: scaleLabel(question, n, language) }));
    return computeTally(options, counts, answered.length, false);
  }
  for (const a of answered) for (const choice of a.choices) add(choice);
  const options = question.options.map((option, i) => ({ id: i, label: localize(option, language) }));
  return computeTally(options, counts, answered.length, question.kind === 'multiple');
}

function scaleLabel(question: Question, n: number, language: Language): string {
  const digits = new Intl.NumberFormat(intlLocale(language)).format(n);
  if (!question.scale) return digits;
  if (n === 1) return `${digits} — ${localize(question.scale.low, language)}`;
  if (n === 5) return `${digits} — ${localize(question.scale.high, language)}`;
  return digits;
}

function scaleAverage(answered: readonly Answer[]): number | null {
  const values = answered.map((a) => a.scale).filter((v): v is number => v !== null);
  return values.length > 0 ? values.reduce((sum, v) => sum + v, 0) / values.length : null;
}

function intlLocale(language: Language): string {
  return language === 'fa' ? 'fa-IR' : language;
}
