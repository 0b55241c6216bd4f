/**
 * Step 3 of reading a date: what is left after the time must be one date form, or nothing at all:
 * - a relative word: `today`, `فردا`, `завтра`, `ngày mai`, `پس‌فردا`…
 * - all-numeric: `2023-06-13`, `1402/03/23` (year first), `13/06/2023`, `02.9.2021` (day first); a 4-digit
 *   year below 1700 is Jalali, any other Gregorian. Year-less `23/03` is day/month in the preferred calendar.
 * - a month name, whose calendar it names: `۳ تیر ۱۴۰۲`, `۳ تیرماه`, `3 Tir 1402`, `10 ноября 2015 г.`,
 *   `June 13, 2023`, `2 tháng 9 năm 2021`. Without a year, the parser takes the next such day to come.
 */
import { lookupMonthName, MONTH_NAME_PATTERN } from './calendars/month-names.ts';
import { fail, ok, type CalendarName, type Step } from './when-types.ts';

export type DateSpec =
  | { kind: 'none' }
  | { kind: 'relative'; days: number }
  | { kind: 'absolute'; calendar: CalendarName; year: number; month: number; day: number }
  | { kind: 'yearless'; calendar: CalendarName; month: number; day: number };

/** Words that may stand around a date and mean nothing more: `روز`, `в`, `г.`, `ngày`, `on the`… */
const FILLER = new Set([
  'ساعت',
  'روز',
  'تاریخ',
  'در',
  'on',
  'the',
  'of',
  'at',
  'в',
  'во',
  'г',
  'г.',
  'года',
  'ngày',
  'vào',
  'lúc',
]);

const RELATIVE = new Map<string, number>([
  ['today', 0],
  ['امروز', 0],
  ['сегодня', 0],
  ['hôm nay', 0],
  ['tomorrow', 1],
  ['فردا', 1],
  ['завтра', 1],
  ['mai', 1], // `ngày mai`, once `ngày` is dropped
  ['day after tomorrow', 2],
  ['پس فردا', 2],
  ['پسفردا', 2],
  ['послезавтра', 2],
  ['kia', 2],
  ['mốt', 2],
  ['yesterday', -1],
  ['دیروز', -1],
  ['вчера', -1],
  ['hôm qua', -1],
]);

const MONTH = `(?<name>${MONTH_NAME_PATTERN})(?:\\s*ماه)?\\.?(?![\\p{L}\\p{M}\\p{N}])`;
const ORDINAL = '(?:st|nd|rd|th)?';
const YEAR = '(?:\\s+(?:năm\\s+)?(?<year>\\d{4}))?';

const YEAR_FIRST = /^(?<year>\d{4})(?<sep>[-/.])(?<month>\d{1,2})\k<sep>(?<day>\d{1,2})$/u;
const DAY_FIRST = /^(?<day>\d{1,2})(?<sep>[-/.])(?<month>\d{1,2})\k<sep>(?<year>\d{4})$/u;
const DAY_MONTH_NUMERIC = /^(?<day>\d{1,2})[/.](?<month>\d{1,2})$/u;
const DAY_NAME = new RegExp(`^(?<day>\\d{1,2})${ORDINAL}\\s*${MONTH}${YEAR}$`, 'u');
const NAME_DAY = new RegExp(`^${MONTH}\\s*(?<day>\\d{1,2})${ORDINAL}${YEAR}$`, 'u');

/** The folded rest of the input without commas and filler words. */
export function cleanDateText(rest: string): string {
  return rest
    .replace(/[,;]/g, ' ')
    .split(' ')
    .filter((word) => word !== '' && !FILLER.has(word))
    .join(' ');
}

function calendarOfYear(year: number): CalendarName {
  return year < 1700 ? 'persian' : 'gregorian';
}

type Form = (text: string, preferred: CalendarName) => DateSpec | undefined;

const numericWithYear: Form = (text) => {
  const g = (YEAR_FIRST.exec(text) ?? DAY_FIRST.exec(text))?.groups;
  if (!g) return undefined;
  const year = Number(g.year);
  return { kind: 'absolute', calendar: calendarOfYear(year), year, month: Number(g.month), day: Number(g.day) };
};

const numericWithoutYear: Form = (text, preferred) => {
  const g = DAY_MONTH_NUMERIC.exec(text)?.groups;
  return g && { kind: 'yearless', calendar: preferred, month: Number(g.month), day: Number(g.day) };
};

const withMonthName: Form = (text) => {
  const g = (DAY_NAME.exec(text) ?? NAME_DAY.exec(text))?.groups;
  const ref = g?.name === undefined ? undefined : lookupMonthName(g.name);
  if (!g || !ref) return undefined;
  const day = Number(g.day);
  if (g.year === undefined) return { kind: 'yearless', calendar: ref.calendar, month: ref.month, day };
  return { kind: 'absolute', calendar: ref.calendar, year: Number(g.year), month: ref.month, day };
};

const relative: Form = (text) => {
  const days = RELATIVE.get(text);
  return days === undefined ? undefined : { kind: 'relative', days };
};

const FORMS: readonly Form[] = [relative, numericWithYear, numericWithoutYear, withMonthName];

/** The date form in the rest of the input; 'unrecognized' when the rest is not one. */
export function extractDate(rest: string, preferred: CalendarName): Step<DateSpec> {
  const text = cleanDateText(rest);
  if (text === '') return ok({ kind: 'none' });
  for (const form of FORMS) {
    const spec = form(text, preferred);
    if (spec) return ok(spec);
  }
  return fail('unrecognized');
}
