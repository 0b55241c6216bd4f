import { stringify } from 'csv-stringify/sync';
import type { OutboundFile } from '../../core/event.ts';

/**
 * A CSV file as UTF-8 with a byte-order mark: without it, spreadsheet programs read the bytes in the
 * system's code page and Persian turns to mojibake.
 */
export function csvFile(
  fileName: string,
  header: readonly string[],
  rows: ReadonlyArray<readonly unknown[]>,
): OutboundFile {
  const text = stringify([header, ...rows], {
    bom: true,
    // csv-stringify writes `false` as an empty cell, which reads as "unknown"; a flag column says which.
    cast: { date: (d) => d.toISOString(), boolean: (b) => (b ? 'true' : 'false') },
  });
  return { fileName, mimeType: 'text/csv', contentBase64: Buffer.from(text, 'utf8').toString('base64') };
}
