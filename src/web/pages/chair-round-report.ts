import { completenessChart, questionChart } from '../../features/rounds/round-charts.ts';
import { formatRate } from '../../features/rounds/round-completeness.ts';
import { lastDueDay } from '../../features/rounds/round-chaser.ts';
import { answerCell } from '../../features/rounds/round-report-csv.ts';
import {
  compileReport,
  formatChange,
  formatFigure,
  questionHeading,
  textIn,
  type CompiledReport,
  type NumberSummary,
  type QuestionSummary,
} from '../../features/rounds/round-report.ts';
import { localize } from '../../features/surveys/survey-questions.ts';
import type { Page, PageRegistry } from '../web-pages.ts';
import { inlineChart } from './chair-chart.ts';
import { download, idParam } from './chair-common.ts';
import { roundOf, roundState } from './chair-round-lookup.ts';

/** The report's files, as `/round report ID` sends them: one download each. */
const FORMATS = ['xlsx', 'csv', 'html', 'md'] as const;
const NONE = '—';

/**
 * One round's report on a page — the completeness matrix (every expected library: on time, late or
 * missing, when it first submitted, its version), the rates, the figures of number questions with the
 * change against the previous period, the charts of choice and scale questions (the SVG the chat's
 * PNG is drawn from), text answers and attached files — then each library's answers, and the four
 * files of `/round report ID` compiled by the same code for the same reader (identical bytes).
 */
export function registerChairRoundReportPages(pages: PageRegistry): void {
  pages.registerPage({
    method: 'GET',
    path: '/rounds/:round',
    role: 'chair',
    async handler(page) {
      const round = await roundOf(page);
      const report = compileReport(await page.services.roundReports.data.reportInput(round, page.language));
      const { completeness } = report;
      const t = page.chatT;
      const title = page.t('round.report.title', {
        title: textIn(report.title, page.language),
        period: report.periodName,
      });
      return page.render('chair-round', {
        title,
        heading: page.t('web.round.title', { id: page.number(round.id) }),
        status: page.t(`web.status.${roundState(round)}`),
        dates: [
          page.t('web.round.opens', { when: page.date(round.opensAt) }),
          page.t('web.round.due', { when: page.date(lastDueDay(round.dueAt)) }),
          ...(round.closedAt ? [page.t('web.round.closed', { when: page.dateTime(round.closedAt) })] : []),
        ],
        compared:
          report.previousPeriodName === null
            ? page.t('round.report.no-previous')
            : page.t('round.report.compared', { period: report.previousPeriodName }),
        rates: [
          { label: page.t('web.round.expected'), value: page.number(completeness.expected) },
          { label: page.t('round.status.on-time'), value: page.number(completeness.onTime) },
          { label: page.t('round.status.late'), value: page.number(completeness.late) },
          { label: page.t('round.status.missing'), value: page.number(completeness.missing.length) },
          { label: page.t('web.round.reporting-rate'), value: formatRate(completeness.reportingRate, page.language) },
          { label: page.t('web.round.on-time-rate'), value: formatRate(completeness.onTimeRate, page.language) },
        ],
        completenessChart: inlineChart(
          completenessChart(completeness, t, page.language),
          page.t('web.round.chart-label', {
            reportingRate: formatRate(completeness.reportingRate, page.language),
          }),
        ),
        matrix: report.libraries.map((library) => ({
          name: library.name,
          city: library.city ?? '',
          status: page.t(`round.status.${library.status}`),
          statusClass: `status-${library.status}`,
          submitted: library.firstSubmittedAt ? page.dateTime(library.firstSubmittedAt) : NONE,
          version: library.version === null ? NONE : page.number(library.version),
          href: page.communityPath(`/rounds/${round.id}/libraries/${library.libraryId}`),
        })),
        missing: completeness.missing,
        sections: report.sections.map((section) => ({
          title: textIn(section.title, page.language),
          numbers: numberRows(
            page,
            report,
            section.questions.filter((q): q is NumberSummary => q.type === 'number'),
          ),
          questions: section.questions
            .filter((q) => q.type !== 'number')
            .map((question) => questionView(page, question)),
        })),
        withPrevious: report.previousPeriodName !== null,
        previousColumn:
          report.previousPeriodName === null
            ? ''
            : page.t('round.report.col.previous', { period: report.previousPeriodName }),
        downloads: FORMATS.map((format) => ({
          label: page.t(`web.round.download.${format}`),
          href: page.communityPath(`/rounds/${round.id}/download/${format}`),
        })),
        backHref: page.communityPath('/rounds'),
      });
    },
  });

  pages.registerPage({
    method: 'GET',
    path: '/rounds/:round/libraries/:library',
    role: 'chair',
    async handler(page) {
      const round = await roundOf(page);
      const libraryId = idParam(page, 'library');
      const report = compileReport(await page.services.roundReports.data.reportInput(round, page.language));
      // Only an expected library (or member) of this round has a page: any other id is as missing.
      const library = report.libraries.find((l) => l.libraryId === libraryId) ?? page.notFound();
      return page.render('chair-round-library', {
        title: library.name,
        round: page.t('round.report.title', {
          title: localize(round.template.title, page.language),
          period: report.periodName,
        }),
        status: page.t(`round.status.${library.status}`),
        statusClass: `status-${library.status}`,
        city: library.city,
        submitted: library.firstSubmittedAt
          ? page.t('web.round.first-submitted', { when: page.dateTime(library.firstSubmittedAt) })
          : null,
        edited:
          library.submittedAt && library.version !== null && library.version > 1
            ? page.t('web.round.edited', { when: page.dateTime(library.submittedAt), version: library.version })
            : null,
        sections: report.sections.map((section) => ({
          title: textIn(section.title, page.language),
          answers: section.questions.map((question) => ({
            question: questionHeading(question, page.language),
            answer: shownAnswer(page, question, library.answers[question.key]),
          })),
        })),
        backHref: page.communityPath(`/rounds/${round.id}`),
      });
    },
  });

  pages.registerPage({
    method: 'GET',
    path: '/rounds/:round/download/:format',
    role: 'chair',
    async handler(page) {
      const format = page.param('format');
      if (!(FORMATS as readonly string[]).includes(format ?? '')) page.notFound();
      const round = await roundOf(page);
      // What `/round report ID` sends this chair: compiled for the same reader, so the same bytes.
      const { files } = await page.services.roundReports.compile(round, page.format);
      const file = files.find((f) => f.fileName.endsWith(`.${format}`)) ?? page.notFound();
      return download(page, file);
    },
  });
}

function numberRows(page: Page, report: CompiledReport, numbers: readonly NumberSummary[]) {
  const figure = (value: number | null) => (value === null ? NONE : formatFigure(value, page.language));
  return numbers.map((q) => {
    const change = q.change ? formatChange(q.change, page.language) : null;
    return {
      question: questionHeading(q, page.language),
      cells: [
        figure(q.answered),
        figure(q.sum),
        figure(q.mean),
        figure(q.median),
        figure(q.min),
        figure(q.max),
        ...(report.previousPeriodName !== null
          ? [
              figure(q.previous && q.previous.answered > 0 ? q.previous.sum : null),
              change?.absolute ?? NONE,
              change?.percent ?? NONE,
            ]
          : []),
      ],
    };
  });
}

function questionView(page: Page, question: Exclude<QuestionSummary, NumberSummary>) {
  const heading = questionHeading(question, page.language);
  const base = { heading, chart: null as string | null, texts: [] as Array<{ name: string; text: string }> };
  if (question.answered === 0) return { ...base, empty: true };
  switch (question.type) {
    case 'single':
    case 'multi':
    case 'scale':
      // The question is the heading just above: the chart goes without its title, as in the HTML report.
      return {
        ...base,
        empty: false,
        chart: inlineChart({ ...questionChart(question, page.chatT, page.language), title: '' }, heading),
      };
    case 'text':
      return { ...base, empty: false, texts: question.entries.map((e) => ({ name: e.name, text: e.text })) };
    case 'file':
      return {
        ...base,
        empty: false,
        texts: question.entries.map((e) => ({
          name: e.name,
          text: e.fileName ?? page.t('round.report.file-unnamed'),
        })),
      };
  }
}

/** One library's answer as the CSV's cell says it, numbers in the reader's digits; a skip or none said so. */
function shownAnswer(
  page: Page,
  question: QuestionSummary,
  answer: Parameters<typeof answerCell>[1],
): { text: string; empty: boolean } {
  if (answer?.kind === 'skipped') return { text: page.t('web.round.skipped'), empty: true };
  const cell = answerCell(question, answer, page.chatT, page.language);
  if (cell === '') return { text: page.t('web.round.no-answer'), empty: true };
  return { text: typeof cell === 'number' ? formatFigure(cell, page.language) : cell, empty: false };
}
