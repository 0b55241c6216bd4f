/**
 * Reads the date and time a member typed, in their community's zone, in four small steps:
 * normalise the text → take out the time or time range → read the date form in what is left → build the
 * instant with Temporal in the zone. Each step returns its value or the reason the input cannot be read;
 * nothing here throws.
 */
import { Temporal } from 'temporal-polyfill';
import { gregorianToJalali, isValidJalaliDate, jalaliToGregorian } from './calendars/jalali.ts';
import { extractDate, type DateSpec } from './when-date-forms.ts';
import { looksPersian, normalizeWhenInput } from './when-normalize.ts';
import { extractTime, extractTrailingHour, type TimeExtraction } from './when-time.ts';
import {
  fail,
  ok,
  type CalendarName,
  type ClockTime,
  type Step,
  type UnderstoodDate,
  type WhenFailureReason,
} from './when-types.ts';

export type { CalendarName, UnderstoodDate } from './when-types.ts';
export { parseDuration } from './when-duration.ts';

export interface ParseWhenOptions {
  /** IANA zone of the community/member, e.g. 'Asia/Tehran'. */
  timeZone: string;
  /** For relative words and for year-less dates. */
  now: Date;
  /**
   * Preferred calendar for ambiguous all-numeric dates (year-less `23/03`); a 4-digit year < 1700 is always
   * Jalali, >= 1700 Gregorian. Default: persian when the member wrote Persian letters or digits, else gregorian.
   */
  calendar?: CalendarName;
}

export type ParseWhenResult =
  | { ok: true; start: Date; end?: Date; understood: UnderstoodDate; hasTime: boolean }
  | {
      ok: false;
      reason: 'empty' | 'unrecognized' | 'impossible-date' | 'impossible-time' | 'end-before-start';
      understood?: UnderstoodDate;
      input: string;
    };

/** Longer input is not a date; the cap also keeps the patterns' work small. */
const MAX_INPUT_LENGTH = 200;

interface Wall {
  date: Temporal.PlainDate;
  understood: UnderstoodDate;
}

function todayIn(options: ParseWhenOptions): Temporal.PlainDate {
  return Temporal.Instant.fromEpochMilliseconds(options.now.getTime())
    .toZonedDateTimeISO(options.timeZone)
    .toPlainDate();
}

/** An ISO date as the member's calendar sees it. */
function inCalendar(date: Temporal.PlainDate, calendar: CalendarName): UnderstoodDate {
  if (calendar === 'gregorian') return { calendar, year: date.year, month: date.month, day: date.day };
  const j = gregorianToJalali(date.year, date.month, date.day);
  return { calendar, ...j };
}

/** Today's month and day come after the given ones: the year-less date is next year's. */
function yearFor(spec: { calendar: CalendarName; month: number; day: number }, today: UnderstoodDate): number {
  const passed = spec.month < today.month || (spec.month === today.month && spec.day < today.day);
  return passed ? today.year + 1 : today.year;
}

/** A calendar date checked and turned into an ISO date, or 'impossible-date' with what was understood. */
function toIsoDate(u: UnderstoodDate): Step<Wall> {
  if (u.calendar === 'persian') {
    if (!isValidJalaliDate(u.year, u.month, u.day)) return fail('impossible-date', u);
    const g = jalaliToGregorian(u.year, u.month, u.day);
    return ok({ date: Temporal.PlainDate.from(g), understood: u });
  }
  const { year, month, day } = u;
  const valid =
    month >= 1 && month <= 12 && day >= 1 && day <= Temporal.PlainYearMonth.from({ year, month }).daysInMonth;
  return valid
    ? ok({ date: Temporal.PlainDate.from({ year, month, day }), understood: u })
    : fail('impossible-date', u);
}

function resolveDate(spec: DateSpec, preferred: CalendarName, options: ParseWhenOptions): Step<Wall> {
  const today = todayIn(options);
  switch (spec.kind) {
    case 'none':
      return ok({ date: today, understood: inCalendar(today, preferred) });
    case 'relative': {
      const date = today.add({ days: spec.days });
      return ok({ date, understood: inCalendar(date, preferred) });
    }
    case 'yearless': {
      const year = yearFor(spec, inCalendar(today, spec.calendar));
      return toIsoDate({ calendar: spec.calendar, year, month: spec.month, day: spec.day });
    }
    case 'absolute':
      return toIsoDate({ calendar: spec.calendar, year: spec.year, month: spec.month, day: spec.day });
  }
}

function withTime(date: UnderstoodDate, time: ClockTime | undefined): UnderstoodDate {
  return time ? { ...date, hour: time.hour, minute: time.minute } : date;
}

function instant(date: Temporal.PlainDate, time: ClockTime | undefined, zone: string): Date {
  const wall = date.toPlainDateTime(time ? { hour: time.hour, minute: time.minute } : undefined);
  return new Date(wall.toZonedDateTime(zone, { disambiguation: 'compatible' }).epochMilliseconds);
}

/**
 * The date form in what the time left. A bare number at the end is a day (`june 13`) when the text
 * reads as a date with it, else the hour after a date (`1402/03/23 10`, `tomorrow 10`): members write
 * the hour alone as often as `10:00`.
 */
function readDatePart(time: TimeExtraction, preferred: CalendarName): Step<{ spec: DateSpec; time: TimeExtraction }> {
  const spec = extractDate(time.rest, preferred);
  if (spec.ok || time.start) return spec.ok ? ok({ spec: spec.value, time }) : fail(spec.reason);
  const hour = extractTrailingHour(time.rest);
  const dateAlone = hour && extractDate(hour.rest, preferred);
  if (!hour || !dateAlone || !dateAlone.ok || dateAlone.value.kind === 'none') return fail(spec.reason);
  return ok({ spec: dateAlone.value, time: hour });
}

function parseNormalized(text: string, input: string, options: ParseWhenOptions): ParseWhenResult {
  const failed = (reason: WhenFailureReason, understood?: UnderstoodDate): ParseWhenResult =>
    understood ? { ok: false, reason, understood, input } : { ok: false, reason, input };

  const time = extractTime(text);
  if (!time.ok) return failed(time.reason, time.understood);
  const preferred = options.calendar ?? (looksPersian(input) ? 'persian' : 'gregorian');
  const read = readDatePart(time.value, preferred);
  if (!read.ok) return failed(read.reason, read.understood);
  const { spec, time: timeOfDay } = read.value;
  const { start: startTime, end: endTime } = timeOfDay;
  if (spec.kind === 'none' && !startTime) return failed('unrecognized');

  const wall = resolveDate(spec, preferred, options);
  if (!wall.ok) return failed(wall.reason, wall.understood && withTime(wall.understood, startTime));

  const understood = withTime(wall.value.understood, startTime);
  const start = instant(wall.value.date, startTime, options.timeZone);
  if (!endTime) return { ok: true, start, understood, hasTime: Boolean(startTime) };
  const end = instant(wall.value.date, endTime, options.timeZone);
  if (end.getTime() <= start.getTime()) return failed('end-before-start', understood);
  return { ok: true, start, end, understood, hasTime: true };
}

/** What the member typed as a date and time, in the zone of `options`; never throws. */
export function parseWhen(input: string, options: ParseWhenOptions): ParseWhenResult {
  const text = normalizeWhenInput(input);
  if (text === '') return { ok: false, reason: 'empty', input };
  if (text.length > MAX_INPUT_LENGTH) return { ok: false, reason: 'unrecognized', input };
  try {
    return parseNormalized(text, input, options);
  } catch {
    // Only an unknown zone or a date out of Temporal's range gets here.
    return { ok: false, reason: 'unrecognized', input };
  }
}
