/**
 * The dates in usage texts and questions (`/meeting {date} 10:00 | …`): about a month ahead of today in
 * the member's zone and calendar, written the way the date parser reads them back, so that an example
 * copied as it is schedules a meeting instead of failing as a date in the past.
 */
import { Temporal } from 'temporal-polyfill';
import { gregorianToJalali } from '../../i18n/calendars/jalali.ts';
import { localizeDigits } from '../../i18n/digits.ts';
import type { Reader } from './meeting-text.ts';

const AHEAD_DAYS = 30;

const two = (n: number) => String(n).padStart(2, '0');

function dayAhead(reader: Reader, now: Date): Temporal.PlainDate {
  return Temporal.Instant.fromEpochMilliseconds(now.getTime())
    .toZonedDateTimeISO(reader.timeZone)
    .toPlainDate()
    .add({ days: AHEAD_DAYS });
}

/** The example date in the member's calendar and their language's usual order. */
export function exampleDate(reader: Reader, now: Date): string {
  const date = dayAhead(reader, now);
  if (reader.calendar === 'persian') {
    const j = gregorianToJalali(date.year, date.month, date.day);
    return localizeDigits(`${j.year}/${two(j.month)}/${two(j.day)}`, reader.language);
  }
  switch (reader.language) {
    case 'vi':
      return `${date.day}/${date.month}/${date.year}`;
    case 'ru':
      return `${two(date.day)}.${two(date.month)}.${date.year}`;
    default:
      return `${date.year}-${two(date.month)}-${two(date.day)}`;
  }
}

/** The same day as an ISO date, which every member may type whatever their calendar. */
export function exampleIsoDate(reader: Reader, now: Date): string {
  const date = dayAhead(reader, now);
  return `${date.year}-${two(date.month)}-${two(date.day)}`;
}

/** Both, as the parameters of the usage texts and the first question. */
export function exampleDates(reader: Reader, now: Date): { date: string; isoDate: string } {
  return { date: exampleDate(reader, now), isoDate: exampleIsoDate(reader, now) };
}
