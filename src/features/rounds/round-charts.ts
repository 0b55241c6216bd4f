import type { Language } from '../../i18n/languages.ts';
import { isRightToLeft } from '../../i18n/languages.ts';
import type { Translate } from '../../i18n/translator.ts';
import type { BarChartSpec } from '../ballots/bar-chart-svg.ts';
import { chartFontFamilies } from '../ballots/chart-fonts.ts';
import { renderBarChartPng } from '../ballots/chart-renderer.ts';
import { countWithPercent } from '../ballots/count-format.ts';
import { formatRate, type Completeness } from './round-completeness.ts';
import { formatFigure, textIn, type ChoiceSummary, type ScaleSummary } from './round-report.ts';

/**
 * A round's charts, drawn by the polls' chart code: the same SVG for the PNG sent in a chat (resvg) and
 * for the HTML report (inline). A Persian chart is mirrored, its labels and bars starting at the right.
 */

function frame(language: Language): Pick<BarChartSpec, 'direction' | 'fontFamilies'> {
  const direction = isRightToLeft(language) ? 'rtl' : 'ltr';
  return { direction, fontFamilies: chartFontFamilies(direction) };
}

function wholePercent(count: number, total: number): number {
  return total > 0 ? Math.round((count * 100) / total) : 0;
}

/** On time, late and missing as bars; the missing bar stands out, since that is who the chair chases. */
export function completenessChart(result: Completeness, t: Translate, language: Language): BarChartSpec {
  const missing = result.missing.length;
  const bar = (label: string, count: number, highlight: boolean) => ({
    label,
    value: count,
    valueText: countWithPercent(count, wholePercent(count, result.expected), language),
    highlight,
  });
  return {
    title: t('round.status.chart-title'),
    bars: [
      bar(t('round.status.on-time'), result.onTime, false),
      bar(t('round.status.late'), result.late, false),
      bar(t('round.status.missing'), missing, missing > 0),
    ],
    footer: t('round.status.chart-footer', {
      expected: result.expected,
      reportingRate: formatRate(result.reportingRate, language),
    }),
    ...frame(language),
  };
}

export function completenessChartPng(result: Completeness, t: Translate, language: Language): Promise<Buffer> {
  return renderBarChartPng(completenessChart(result, t, language));
}

/** A choice question's options, or a scale's five points, with how many libraries chose each. */
export function questionChart(question: ChoiceSummary | ScaleSummary, t: Translate, language: Language): BarChartSpec {
  const rows =
    question.type === 'scale'
      ? question.distribution.map((row) => ({ ...row, label: scalePointLabel(question, row.value, language) }))
      : question.options.map((row) => ({ ...row, label: textIn(row.label, language) }));
  const top = Math.max(0, ...rows.map((row) => row.count));
  const answered = t('round.report.chart-answered', { count: question.answered });
  const footer =
    question.type === 'scale' && question.mean !== null
      ? `${answered} · ${t('round.report.mean-line', { mean: formatFigure(question.mean, language, 1) })}`
      : answered;
  return {
    title: `${formatFigure(question.position + 1, language)}. ${textIn(question.text, language)}`,
    bars: rows.map((row) => ({
      label: row.label,
      value: row.count,
      valueText: countWithPercent(row.count, row.percent, language),
      highlight: top > 0 && row.count === top,
    })),
    footer,
    ...frame(language),
  };
}

export function questionChartPng(
  question: ChoiceSummary | ScaleSummary,
  t: Translate,
  language: Language,
): Promise<Buffer> {
  return renderBarChartPng(questionChart(question, t, language));
}

/** `1 — Not at all satisfied`, `2`, … `5 — Very satisfied`, in the language's digits. */
export function scalePointLabel(question: ScaleSummary, value: number, language: Language): string {
  const digits = formatFigure(value, language);
  if (value === 1) return `${digits} — ${textIn(question.low, language)}`;
  if (value === 5) return `${digits} — ${textIn(question.high, language)}`;
  return digits;
}
