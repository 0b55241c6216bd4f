import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import escapeHtml from 'escape-html';
import { formatDateTime, type FormatOptions } from '../../i18n/date-format.ts';
import { withoutParagraphMarks } from '../../i18n/bidi.ts';
import { isRightToLeft, type Language } from '../../i18n/languages.ts';
import type { Translate } from '../../i18n/translator.ts';
import { barChartSvg } from '../ballots/bar-chart-svg.ts';
import { completenessChart, questionChart } from './round-charts.ts';
import { formatRate } from './round-completeness.ts';
import {
  formatChange,
  formatFigure,
  questionHeading,
  textIn,
  type CompiledReport,
  type NumberSummary,
  type QuestionSummary,
  type ReportLibrary,
  type SectionSummary,
} from './round-report.ts';

/**
 * A compiled round report as one standalone HTML page, which reads the same opened from disk, mailed or
 * printed: no external resource (the charts are inline SVG from the polls' chart code; a Persian page
 * carries its Vazirmatn font inside). Right to left with `lang="fa"` for Persian. Every text, the
 * libraries' and the template's, is escaped.
 *
 * The isolates the translator puts around a value in Persian (a Latin name, a zone, a date) are kept:
 * browsers honour them, and without them `(Asia/Tehran، +۰۳:۳۰)` comes out scrambled in a
 * right-to-left line. Only the RIGHT-TO-LEFT MARK at each line's start goes (the page sets direction).
 */
export function renderRoundReportHtml(report: CompiledReport, t: Translate, format: FormatOptions): string {
  const { language } = format;
  const rtl = isRightToLeft(language);
  const h = (text: string) => escapeHtml(withoutParagraphMarks(text));
  const title = t('round.report.title', { title: textIn(report.title, language), period: report.periodName });
  const { completeness } = report;
  const summary = t('round.status.summary', {
    expected: completeness.expected,
    onTime: completeness.onTime,
    late: completeness.late,
    missing: completeness.missing.length,
    reportingRate: formatRate(completeness.reportingRate, language),
    onTimeRate: formatRate(completeness.onTimeRate, language),
  });
  const missing =
    completeness.missing.length === 0
      ? ''
      : `<h3>${h(t('round.status.missing-header', { count: completeness.missing.length }))}</h3>
<ul class="missing">${completeness.missing.map((name) => `<li>${bdi(name)}</li>`).join('')}</ul>`;
  const compared =
    report.previousPeriodName === null
      ? t('round.report.no-previous')
      : t('round.report.compared', { period: report.previousPeriodName });

  return `<!DOCTYPE html>
<html lang="${language}" dir="${rtl ? 'rtl' : 'ltr'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)}</title>
<style>${rtl ? persianFontFaces() : ''}${STYLE}</style>
</head>
<body>
<main>
<header>
<h1>${h(title)}</h1>
<p class="meta">${h(t('round.report.due', { due: formatDateTime(report.dueAt, format) }))}<br>${h(compared)}</p>
</header>
<section class="completeness">
<h2>${h(t('round.report.completeness'))}</h2>
<p class="summary">${h(summary)}</p>
<figure class="chart">${barChartSvg({ ...completenessChart(completeness, t, language), title: '' })}</figure>
${missing}
</section>
${report.sections.map((section) => sectionHtml(section, report, t, language)).join('\n')}
</main>
</body>
</html>
`;
}

function sectionHtml(section: SectionSummary, report: CompiledReport, t: Translate, language: Language): string {
  const h = (text: string) => escapeHtml(withoutParagraphMarks(text));
  const numbers = section.questions.filter((q): q is NumberSummary => q.type === 'number');
  const parts = [`<section id="section-${escapeHtml(section.key)}">`, `<h2>${h(textIn(section.title, language))}</h2>`];
  if (numbers.length > 0) {
    parts.push(numberTable(numbers, report, t, language));
    parts.push(byLibraryTable(numbers, report.libraries, t, language));
  }
  for (const question of section.questions) {
    if (question.type === 'number') continue;
    parts.push(
      `<article class="question" id="q-${escapeHtml(question.key)}">`,
      `<h3>${h(questionHeading(question, language))}</h3>`,
      questionBody(question, t, language),
      '</article>',
    );
  }
  parts.push('</section>');
  return parts.join('\n');
}

const NONE = '—';

/**
 * A library's name or a file's name inside a line of the page: isolated, so that a Latin name in a
 * Persian page (or the reverse) keeps its own order and does not pull the punctuation around it.
 */
function bdi(text: string): string {
  return `<bdi>${escapeHtml(text)}</bdi>`;
}

/**
 * Numbers are written by Intl in the language's digits; a negative one in Persian carries its own
 * LEFT-TO-RIGHT MARK, which is kept so that the minus stays before the digits in a right-to-left cell.
 */
function numberTable(numbers: readonly NumberSummary[], report: CompiledReport, t: Translate, language: Language) {
  const h = (text: string) => escapeHtml(withoutParagraphMarks(text));
  const withPrevious = report.previousPeriodName !== null;
  const headers = [
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
  ];
  const figure = (value: number | null) => (value === null ? NONE : formatFigure(value, language));
  const rows = numbers.map((q) => {
    const change = q.change ? formatChange(q.change, language) : null;
    const direction = !q.change || q.change.absolute === 0 ? '' : q.change.absolute > 0 ? ' up' : ' down';
    const cells = [
      figure(q.answered),
      figure(q.sum),
      figure(q.mean),
      figure(q.median),
      figure(q.min),
      figure(q.max),
      ...(withPrevious ? [figure(q.previous && q.previous.answered > 0 ? q.previous.sum : null)] : []),
    ].map((cell) => `<td class="num">${escapeHtml(cell)}</td>`);
    if (withPrevious) {
      cells.push(`<td class="num${direction}">${escapeHtml(change?.absolute ?? NONE)}</td>`);
      cells.push(`<td class="num${direction}">${escapeHtml(change?.percent ?? NONE)}</td>`);
    }
    return `<tr><th scope="row">${h(questionHeading(q, language))}</th>${cells.join('')}</tr>`;
  });
  return `<table class="figures">
<thead><tr>${headers.map((header, i) => `<th scope="col"${i > 0 ? ' class="num"' : ''}>${h(header)}</th>`).join('')}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
}

/** Each library's figures for the section's number questions, folded away: a network may have a thousand. */
function byLibraryTable(
  numbers: readonly NumberSummary[],
  libraries: readonly ReportLibrary[],
  t: Translate,
  language: Language,
) {
  const h = (text: string) => escapeHtml(withoutParagraphMarks(text));
  const rows = libraries
    .filter((library) => library.status !== 'missing')
    .map((library) => {
      const cells = numbers.map((q) => {
        const answer = library.answers[q.key];
        return `<td class="num">${answer?.kind === 'number' ? escapeHtml(formatFigure(answer.value, language)) : NONE}</td>`;
      });
      return `<tr><th scope="row">${bdi(library.name)}</th>${cells.join('')}</tr>`;
    });
  return `<details>
<summary>${h(t('round.report.by-library'))}</summary>
<table class="figures by-library">
<thead><tr><th scope="col">${h(t('round.report.col.library'))}</th>${numbers.map((q) => `<th scope="col" class="num">${h(questionHeading(q, language))}</th>`).join('')}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</details>`;
}

function questionBody(question: Exclude<QuestionSummary, NumberSummary>, t: Translate, language: Language): string {
  const h = (text: string) => escapeHtml(withoutParagraphMarks(text));
  if (question.answered === 0) return `<p class="empty">${h(t('round.report.no-answers'))}</p>`;
  switch (question.type) {
    case 'single':
    case 'multi':
    case 'scale':
      // The question is the heading just above: the chart goes without its title.
      return `<figure class="chart">${barChartSvg({ ...questionChart(question, t, language), title: '' })}</figure>`;
    case 'text':
      return question.entries
        .map(
          (entry) => `<div class="answer" id="q-${escapeHtml(question.key)}-library-${entry.libraryId}">
<h4>${bdi(entry.name)}</h4>
<p dir="auto">${h(entry.text)}</p>
</div>`,
        )
        .join('\n');
    case 'file':
      return `<ul class="files">${question.entries
        .map((entry) => `<li><b>${bdi(entry.name)}</b>: ${bdi(entry.fileName ?? t('round.report.file-unnamed'))}</li>`)
        .join('')}</ul>`;
  }
}

const STYLE = `
body { margin: 0; background: #f4f5f7; color: #1f2933; font: 16px/1.7 Vazirmatn, "Noto Sans", "Segoe UI", Tahoma, Arial, sans-serif; }
main { max-width: 60rem; margin: 0 auto; padding: 2rem 1.5rem 3rem; background: #fff; }
h1 { font-size: 1.7rem; margin: 0 0 .25rem; }
.meta { color: #52606d; margin: 0 0 1.5rem; }
h2 { font-size: 1.3rem; border-bottom: 2px solid #3b6ea5; padding-bottom: .25rem; margin-top: 2.5rem; }
h3 { font-size: 1.05rem; margin: 1.75rem 0 .5rem; }
h4 { font-size: 1rem; margin: 1rem 0 .25rem; color: #3b6ea5; }
.summary { white-space: pre-line; }
figure.chart { margin: .5rem 0; }
/* The chart lays itself out (mirrored for Persian) and embeds each text in its own direction, as
   for resvg: inside a right-to-left page it must not inherit the page's direction, which would flip
   every text-anchor. */
figure.chart svg { display: block; max-width: 100%; height: auto; direction: ltr; unicode-bidi: isolate; }
/* The chart names the fonts resvg is given; a browser may lack them, so it takes the page's. */
figure.chart svg g { font-family: inherit; }
ul.missing { columns: 2 14rem; margin: 0; padding-inline-start: 1.25rem; }
table.figures { border-collapse: collapse; width: 100%; margin: 1rem 0; font-size: .92rem; }
table.figures th, table.figures td { border-bottom: 1px solid #d9e2ec; padding: .35rem .5rem; text-align: start; vertical-align: top; }
table.figures thead th { background: #f0f4f8; font-weight: 600; }
table.figures .num { text-align: end; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.figures tbody th { font-weight: normal; }
.up { color: #1d7a46; }
.down { color: #b42318; }
details { margin: .5rem 0 1rem; }
summary { cursor: pointer; color: #3b6ea5; }
.answer p { margin: 0; white-space: pre-line; }
.empty { color: #7b8794; font-style: italic; }
@media print { body { background: #fff; } main { max-width: none; } details { display: block; } }
`;

const require = createRequire(import.meta.url);
let fontFaces: string | undefined;

/**
 * Vazirmatn inside the page (WOFF2, about 50 kB a weight): a chair opens the file on a phone or in an
 * office where the font is not installed, and Persian in a fallback font reads poorly.
 */
export function persianFontFaces(): string {
  if (fontFaces === undefined) {
    const dir = path.join(path.dirname(require.resolve('vazirmatn/package.json')), 'fonts', 'webfonts');
    const face = (file: string, weight: number) =>
      `@font-face { font-family: Vazirmatn; font-weight: ${weight}; font-style: normal; font-display: swap; src: url(data:font/woff2;base64,${readFileSync(path.join(dir, file)).toString('base64')}) format("woff2"); }\n`;
    fontFaces = face('Vazirmatn-Regular.woff2', 400) + face('Vazirmatn-Bold.woff2', 700);
  }
  return fontFaces;
}
