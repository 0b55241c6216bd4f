import { formatDateTime, type FormatOptions } from '../../i18n/date-format.ts';
import type { Language } from '../../i18n/languages.ts';
import type { Translate } from '../../i18n/translator.ts';
import { countWithPercent } from '../ballots/count-format.ts';
import { escapeMarkdown } from '../experiences/newsletter-renderer.ts';
import { scalePointLabel } from './round-charts.ts';
import { formatRate } from './round-completeness.ts';
import {
  formatChange,
  formatFigure,
  questionHeading,
  textIn,
  type CompiledReport,
  type NumberSummary,
  type QuestionSummary,
} from './round-report.ts';

/**
 * A compiled round report as Markdown: the completeness with every missing library by name, then per
 * section a table of the number questions and, under a heading each, the counts of choice and scale
 * questions, every library's text and the files attached. Every text a library wrote is escaped, so
 * that its `*` or `|` stays what was written; the translator's direction marks are left out (a
 * Markdown renderer picks each paragraph's direction from its first letter).
 */
export function renderRoundReportMarkdown(report: CompiledReport, t: Translate, format: FormatOptions): string {
  const { language } = format;
  const md = escapeMarkdown;
  const { completeness } = report;
  const lines: string[] = [
    `# ${md(t('round.report.title', { title: textIn(report.title, language), period: report.periodName }))}`,
    '',
    `${md(t('round.report.due', { due: formatDateTime(report.dueAt, format) }))}  `,
    md(
      report.previousPeriodName === null
        ? t('round.report.no-previous')
        : t('round.report.compared', { period: report.previousPeriodName }),
    ),
    '',
    `## ${md(t('round.report.completeness'))}`,
    '',
    ...md(
      t('round.status.summary', {
        expected: completeness.expected,
        onTime: completeness.onTime,
        late: completeness.late,
        missing: completeness.missing.length,
        reportingRate: formatRate(completeness.reportingRate, language),
        onTimeRate: formatRate(completeness.onTimeRate, language),
      }),
    )
      .split('\n')
      .map((line) => `${line}  `),
    '',
  ];
  if (completeness.missing.length > 0) {
    lines.push(`**${md(t('round.status.missing-header', { count: completeness.missing.length }))}**`, '');
    for (const name of completeness.missing) lines.push(`- ${md(name)}`);
    lines.push('');
  }

  for (const section of report.sections) {
    lines.push(`## ${md(textIn(section.title, language))}`, '');
    const numbers = section.questions.filter((q): q is NumberSummary => q.type === 'number');
    if (numbers.length > 0) lines.push(...numberTable(numbers, report, t, language), '');
    for (const question of section.questions) {
      if (question.type === 'number') continue;
      lines.push(`### ${md(questionHeading(question, language))}`, '', ...questionBody(question, t, language), '');
    }
  }
  return lines.join('\n');
}

const NONE = '—';

function numberTable(
  numbers: readonly NumberSummary[],
  report: CompiledReport,
  t: Translate,
  language: Language,
): string[] {
  const md = escapeMarkdown;
  const withPrevious = report.previousPeriodName !== null;
  const header = [
    t('round.report.col.question'),
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
  ].map(md);
  const figure = (value: number | null) => (value === null ? NONE : formatFigure(value, language));
  const rows = numbers.map((q) => {
    const change = q.change ? formatChange(q.change, language) : null;
    return [
      md(questionHeading(q, language)),
      formatFigure(q.answered, language),
      figure(q.sum),
      figure(q.mean),
      figure(q.median),
      figure(q.min),
      figure(q.max),
      ...(withPrevious
        ? [
            figure(q.previous && q.previous.answered > 0 ? q.previous.sum : null),
            change?.absolute ?? NONE,
            change?.percent ?? NONE,
          ]
        : []),
    ];
  });
  return [
    `| ${header.join(' | ')} |`,
    `| --- |${header
      .slice(1)
      .map(() => ' ---: |')
      .join('')}`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
}

function questionBody(question: Exclude<QuestionSummary, NumberSummary>, t: Translate, language: Language): string[] {
  const md = escapeMarkdown;
  if (question.answered === 0) return [`*${md(t('round.report.no-answers'))}*`];
  switch (question.type) {
    case 'single':
    case 'multi':
    case 'scale': {
      const rows =
        question.type === 'scale'
          ? question.distribution.map((row) => ({ ...row, label: scalePointLabel(question, row.value, language) }))
          : question.options.map((row) => ({ ...row, label: textIn(row.label, language) }));
      const answered = t('round.report.chart-answered', { count: question.answered });
      const mean =
        question.type === 'scale' && question.mean !== null
          ? ` · ${t('round.report.mean-line', { mean: formatFigure(question.mean, language, 1) })}`
          : '';
      return [
        ...rows.map((row) => `- ${md(row.label)}: ${countWithPercent(row.count, row.percent, language)}`),
        '',
        `*${md(answered + mean)}*`,
      ];
    }
    case 'text':
      return question.entries.flatMap((entry) => [
        `**${md(entry.name)}**`,
        '',
        ...md(entry.text)
          .split('\n')
          .map((line) => `> ${line}`),
        '',
      ]);
    case 'file':
      return question.entries.map(
        (entry) => `- **${md(entry.name)}**: ${md(entry.fileName ?? t('round.report.file-unnamed'))}`,
      );
  }
}
