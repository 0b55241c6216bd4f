import type { OutboundFile, OutboundMessage } from '../../core/event.ts';
import type { FormatOptions } from '../../i18n/date-format.ts';
import type { Language } from '../../i18n/languages.ts';
import type { Translator } from '../../i18n/translator.ts';
import { localize } from '../surveys/survey-questions.ts';
import { exportStamp } from '../archives/archive-file.ts';
import type { RoundRepository, RoundRow } from './round-repository.ts';
import { RoundReportData } from './round-report-data.ts';
import { compileReport, type CompiledReport } from './round-report.ts';
import { renderRoundReportMarkdown } from './round-report-markdown.ts';
import { renderRoundReportHtml } from './round-report-html.ts';
import { roundReportCsv } from './round-report-csv.ts';
import { roundReportXlsx } from './round-report-xlsx.ts';
import { completenessText } from './round-completeness.ts';
import type { ReportComposer } from './round-chaser.ts';

export const PUBLISH_ACTION = 'rnd.pub';

export type Reader = FormatOptions & { language: Language };

/** The report's four files, named after the round and its period (`round-12-1405-Q3.xlsx`). */
export interface ReportFiles {
  report: CompiledReport;
  files: OutboundFile[];
}

/**
 * A round's compiled report as files (Markdown, HTML, CSV, XLSX) and as chat messages: what `/round
 * report` replies, what the chair gets when a round closes by time, and what the bench times.
 */
export class RoundReportFiles implements ReportComposer {
  readonly data: RoundReportData;

  constructor(
    private readonly repo: RoundRepository,
    private readonly translator: Translator,
  ) {
    this.data = new RoundReportData(repo);
  }

  async compile(round: RoundRow, reader: Reader): Promise<ReportFiles> {
    const report = compileReport(await this.data.reportInput(round, reader.language));
    const t = this.translator.forLanguage(reader.language);
    const base = `round-${round.id}-${round.periodLabel.replace(/[^0-9A-Za-z-]+/g, '_')}`;
    const text = (fileName: string, mimeType: string, content: string): OutboundFile => ({
      fileName,
      mimeType,
      contentBase64: Buffer.from(content, 'utf8').toString('base64'),
    });
    const xlsx = await roundReportXlsx(report, t, reader);
    return {
      report,
      files: [
        text(`${base}.md`, 'text/markdown', renderRoundReportMarkdown(report, t, reader)),
        text(`${base}.html`, 'text/html', renderRoundReportHtml(report, t, reader)),
        text(`${base}.csv`, 'text/csv', roundReportCsv(report, t, reader)),
        {
          fileName: `${base}.xlsx`,
          mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          contentBase64: xlsx.toString('base64'),
        },
      ],
    };
  }

  /** The summary (completeness, and a button to publish) then one message per file. */
  async messages(round: RoundRow, reader: Reader): Promise<OutboundMessage[]> {
    const { report, files } = await this.compile(round, reader);
    const t = this.translator.forLanguage(reader.language);
    const summary: OutboundMessage = {
      text: [
        t('round.report-ready', {
          id: String(round.id),
          title: localize(round.template.title, reader.language),
          period: report.periodName,
          stamp: exportStamp(),
        }),
        completenessText(report.completeness, t, reader.language),
      ].join('\n\n'),
      buttons: [[{ label: t('round.button.publish'), action: PUBLISH_ACTION, data: String(round.id) }]],
    };
    return [summary, ...files.map((file) => ({ text: file.fileName, file }))];
  }

  async reportMessages(roundId: number, reader: Reader): Promise<OutboundMessage[]> {
    const round = await this.repo.find(roundId);
    if (!round) return [{ text: this.translator.t(reader.language, 'round.error.not-found', { id: roundId }) }];
    return this.messages(round, reader);
  }
}
