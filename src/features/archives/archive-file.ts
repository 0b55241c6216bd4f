import type { OutboundFile } from '../../core/event.ts';
import { csvFile as namedCsvFile, type CsvClock, type CsvHeader } from './csv-file.ts';

/**
 * The files of `/export ARCHIVE csv|json`. Column and field names are fixed English words, so that
 * spreadsheets and scripts read every community's file the same way. Instants are ISO 8601 in UTC in
 * JSON; in CSV, in the community's zone with their offset (what a spreadsheet shows as it is).
 */
export const EXPORT_FORMATS = ['csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** `2026-11-22`: the day of the export, in the file's name. */
export function exportStamp(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** A CSV archive named after the day of the export (`polls-2026-11-22.csv`). */
export function csvFile(
  baseName: string,
  header: CsvHeader,
  records: readonly unknown[][],
  clock: CsvClock,
): OutboundFile {
  return namedCsvFile(`${baseName}-${exportStamp()}.csv`, header, records, clock);
}

export function jsonFile(baseName: string, community: string, body: Record<string, unknown>): OutboundFile {
  const text = JSON.stringify({ community, exportedAt: new Date().toISOString(), ...body }, null, 2);
  return {
    fileName: `${baseName}-${exportStamp()}.json`,
    mimeType: 'application/json',
    contentBase64: Buffer.from(text, 'utf8').toString('base64'),
  };
}

/** `2026-11-22 10:00` on the wall clock of `timeZone`: how the meeting's own people read it. */
export function wallClock(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(instant);
}
