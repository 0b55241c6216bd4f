import { stringify } from 'csv-stringify/sync';
import { Temporal } from 'temporal-polyfill';
import type { OutboundFile } from '../../core/event.ts';
import { gregorianToJalali } from '../../i18n/calendars/jalali.ts';

/** A column of instants: written in the community's zone, with a Jalali date beside it when it uses that calendar. */
export interface TimeColumn {
  time: string;
}

export type CsvHeader = ReadonlyArray<string | TimeColumn>;

/** The community's clock, which every time of a CSV follows. */
export interface CsvClock {
  timeZone: string;
  calendar: string;
  /** The header of the Jalali date column that follows a time column (`submitted_at` → `submitted_at_jalali`). */
  jalaliHeader(column: string): string;
}

/**
 * Direction marks (LRM, RLM, ALM, embeddings, overrides, isolates): they belong in chat messages, and in
 * a cell they are invisible characters that break sorting, matching and formulas. ZWNJ is a letter of
 * Persian spelling, not a mark, and stays.
 */
const BIDI_MARKS = /[\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/g;

/**
 * A CSV file as UTF-8 with a byte-order mark: without it, spreadsheet programs read the bytes in the
 * system's code page and Persian turns to mojibake. Times are ISO 8601 in the community's zone with
 * their offset (`2026-12-07T03:54:44+03:30`). A cell a spreadsheet would run as a formula (starting
 * with `=`, `+`, `-`, `@`, tab or CR: a member's title `=HYPERLINK(…)`) gets a leading `'`.
 */
export function csvFile(
  fileName: string,
  header: CsvHeader,
  rows: ReadonlyArray<readonly unknown[]>,
  clock: CsvClock,
): OutboundFile {
  const jalali = clock.calendar === 'persian';
  const names = header.flatMap((column) =>
    typeof column === 'string' ? [column] : jalali ? [column.time, clock.jalaliHeader(column.time)] : [column.time],
  );
  const cells = rows.map((row) =>
    header.flatMap((column, i) => {
      const value = row[i];
      if (typeof column === 'string') return [value];
      const instant = value instanceof Date ? value : null;
      const time = instant ? zonedTime(instant, clock.timeZone) : '';
      return jalali ? [time, instant ? jalaliDate(instant, clock.timeZone) : ''] : [time];
    }),
  );
  const text = stringify([names, ...cells], {
    bom: true,
    escape_formulas: true,
    cast: {
      string: (s) => s.replace(BIDI_MARKS, ''),
      date: (d) => zonedTime(d, clock.timeZone),
      // csv-stringify writes `false` as an empty cell, which reads as "unknown"; a flag column says which.
      boolean: (b) => (b ? 'true' : 'false'),
    },
  });
  return { fileName, mimeType: 'text/csv', contentBase64: Buffer.from(text, 'utf8').toString('base64') };
}

/** `2026-12-07T03:54:44+03:30`. */
export function zonedTime(instant: Date, timeZone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(instant.getTime())
    .toZonedDateTimeISO(timeZone)
    .toString({ timeZoneName: 'never', smallestUnit: 'second' });
}

/** `1405/09/16`: the day in the community's zone, in the Jalali calendar (ASCII digits, for spreadsheets). */
export function jalaliDate(instant: Date, timeZone: string): string {
  const day = Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(timeZone);
  const { year, month, day: d } = gregorianToJalali(day.year, day.month, day.day);
  return `${year}/${String(month).padStart(2, '0')}/${String(d).padStart(2, '0')}`;
}
