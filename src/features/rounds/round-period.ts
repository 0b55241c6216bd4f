/**
 * The period a report round is about: a Jalali or Gregorian quarter or month, or an explicit range of
 * days. Pure: no clock, no database. A period is its kind, a canonical label (`1405-Q3`, `2026-10`,
 * `1405-07-01..1405-09-30`) and its first and last days as ISO (Gregorian) dates; the label alone is
 * enough to rebuild it (`periodFromLabel`), so a round stored as (periodKind, periodLabel) comes back
 * whole.
 *
 * A 4-digit year from 1300 to 1499 is Jalali, a later one Gregorian: the two never overlap in the years
 * a round can be about, so `1405-Q3` and `2026-Q4` need no calendar beside them. The community's
 * calendar matters only for the words `current`, `next`, `previous`.
 */
import { Temporal } from 'temporal-polyfill';
import {
  gregorianToJalali,
  isValidJalaliDate,
  jalaliMonthLength,
  jalaliToGregorian,
} from '../../i18n/calendars/jalali.ts';
import { formatDate } from '../../i18n/date-format.ts';
import { localizeDigits } from '../../i18n/digits.ts';
import type { Language } from '../../i18n/languages.ts';
import { normalizeWhenInput } from '../../i18n/when-normalize.ts';

export type PeriodKind = 'jalali-quarter' | 'jalali-month' | 'gregorian-quarter' | 'gregorian-month' | 'range';
/** The kinds that have a next and a previous period (a repeating round's). */
export type RepeatingPeriodKind = Exclude<PeriodKind, 'range'>;
export type PeriodCalendar = 'jalali' | 'gregorian';

export interface Period {
  kind: PeriodKind;
  /** `1405-Q3`, `1405-07`, `2026-Q4`, `2026-10`, `2026-10-01..2026-12-31` or `1405-07-01..1405-09-30`. */
  label: string;
  /** ISO yyyy-mm-dd (Gregorian). */
  firstDay: string;
  lastDay: string;
}

export interface ParsePeriodOptions {
  /** The community's calendar, for `current`/`next`/`previous` (`persian` is the app's name for Jalali). */
  calendar: PeriodCalendar | 'persian';
  timeZone: string;
  now: Date;
}

const JALALI_FIRST_YEAR = 1300;
const GREGORIAN_FIRST_YEAR = 1500;

function calendarOfYear(year: number): PeriodCalendar | null {
  if (year < JALALI_FIRST_YEAR) return null;
  return year < GREGORIAN_FIRST_YEAR ? 'jalali' : 'gregorian';
}

const pad2 = (n: number) => String(n).padStart(2, '0');

interface CalendarDate {
  calendar: PeriodCalendar;
  year: number;
  month: number;
  day: number;
}

/** A date of either calendar as an ISO date, or null when it does not exist (`1404-12-30`, `2026-02-30`). */
function toIso(d: CalendarDate): string | null {
  if (d.calendar === 'jalali') {
    if (!isValidJalaliDate(d.year, d.month, d.day)) return null;
    const g = jalaliToGregorian(d.year, d.month, d.day);
    return Temporal.PlainDate.from({ year: g.year, month: g.month, day: g.day }).toString();
  }
  try {
    return Temporal.PlainDate.from({ year: d.year, month: d.month, day: d.day }, { overflow: 'reject' }).toString();
  } catch {
    return null;
  }
}

function monthLength(calendar: PeriodCalendar, year: number, month: number): number {
  if (calendar === 'jalali') return jalaliMonthLength(year, month) ?? 29;
  return Temporal.PlainYearMonth.from({ year, month }).daysInMonth;
}

/** The months `first`…`last` of one year as a period (a quarter or a month). */
function monthsPeriod(kind: RepeatingPeriodKind, label: string, year: number, first: number, last: number): Period {
  const calendar: PeriodCalendar = kind.startsWith('jalali') ? 'jalali' : 'gregorian';
  const firstDay = toIso({ calendar, year, month: first, day: 1 });
  const lastDay = toIso({ calendar, year, month: last, day: monthLength(calendar, year, last) });
  // Only years outside jalaali-js's range (far outside 1300–1499) get here without days.
  if (!firstDay || !lastDay) throw new RangeError(`no such period: ${label}`);
  return { kind, label, firstDay, lastDay };
}

function quarter(calendar: PeriodCalendar, year: number, q: number): Period {
  return monthsPeriod(`${calendar}-quarter`, `${year}-Q${q}`, year, q * 3 - 2, q * 3);
}

function month(calendar: PeriodCalendar, year: number, m: number): Period {
  return monthsPeriod(`${calendar}-month`, `${year}-${pad2(m)}`, year, m, m);
}

function isoLabel(d: CalendarDate): string {
  return `${d.year}-${pad2(d.month)}-${pad2(d.day)}`;
}

const QUARTER_YEAR_FIRST = /^(?<year>\d{4})\s*[-/ ]?\s*q\s*(?<q>[1-4])$/;
const QUARTER_FIRST = /^q\s*(?<q>[1-4])\s*[-/ ]?\s*(?<year>\d{4})$/;
const MONTH_YEAR_FIRST = /^(?<year>\d{4})\s*[-/.]\s*(?<month>\d{1,2})$/;
const MONTH_FIRST = /^(?<month>\d{1,2})\s*[-/.]\s*(?<year>\d{4})$/;
/** Between a range's two days: `..` (or `…`), or a spaced dash or word: `2026-10-01 - 2026-12-31`, `… تا …`. */
const RANGE_SEPARATOR = /\s*\.{2,3}\s*|\s+(?:-|to|تا|до|по|đến)\s+/;
const DAY = /^(?<year>\d{4})\s*[-/.]\s*(?<month>\d{1,2})\s*[-/.]\s*(?<day>\d{1,2})$/;

function readQuarter(text: string): Period | null {
  const g = (QUARTER_YEAR_FIRST.exec(text) ?? QUARTER_FIRST.exec(text))?.groups;
  if (!g) return null;
  const year = Number(g.year);
  const calendar = calendarOfYear(year);
  return calendar ? quarter(calendar, year, Number(g.q)) : null;
}

function readMonth(text: string): Period | null {
  const g = (MONTH_YEAR_FIRST.exec(text) ?? MONTH_FIRST.exec(text))?.groups;
  if (!g) return null;
  const year = Number(g.year);
  const m = Number(g.month);
  const calendar = calendarOfYear(year);
  return calendar && m >= 1 && m <= 12 ? month(calendar, year, m) : null;
}

function readDay(text: string): { date: CalendarDate; iso: string } | null {
  const g = DAY.exec(text.trim())?.groups;
  if (!g) return null;
  const year = Number(g.year);
  const calendar = calendarOfYear(year);
  if (!calendar) return null;
  const date = { calendar, year, month: Number(g.month), day: Number(g.day) };
  const iso = toIso(date);
  return iso ? { date, iso } : null;
}

/** Each end in the calendar it was typed in (its year says which); the label keeps that calendar. */
function readRange(text: string): Period | null {
  const ends = text.split(RANGE_SEPARATOR);
  if (ends.length !== 2) return null;
  const from = readDay(ends[0]!);
  const to = readDay(ends[1]!);
  if (!from || !to || from.iso > to.iso) return null;
  return { kind: 'range', label: `${isoLabel(from.date)}..${isoLabel(to.date)}`, firstDay: from.iso, lastDay: to.iso };
}

type Relation = 'current' | 'previous' | 'next';
type Unit = 'quarter' | 'month';

/** Words for `current quarter`, `next month`… in the four languages, either order (`ماه بعد`, `quý này`). */
const RELATION_WORDS: ReadonlyMap<string, Relation> = new Map([
  ...['current', 'this', 'جاری', 'این', 'همین', 'текущий', 'этот', 'này', 'hiện tại'].map(
    (w) => [w, 'current'] as const,
  ),
  ...['previous', 'prev', 'last', 'قبل', 'قبلی', 'پیش', 'گذشته', 'прошлый', 'предыдущий', 'trước'].map(
    (w) => [w, 'previous'] as const,
  ),
  ...['next', 'بعد', 'بعدی', 'آینده', 'следующий', 'sau', 'tới', 'tiếp theo'].map((w) => [w, 'next'] as const),
]);
const UNIT_WORDS: ReadonlyMap<string, Unit> = new Map([
  ...['quarter', 'q', 'فصل', 'سه ماهه', 'квартал', 'quý'].map((w) => [w, 'quarter'] as const),
  ...['month', 'ماه', 'месяц', 'tháng'].map((w) => [w, 'month'] as const),
]);

function readRelative(text: string, options: ParsePeriodOptions): Period | null {
  for (const [relationWord, relation] of RELATION_WORDS) {
    const rest = stripWord(text, relationWord);
    if (rest === null) continue;
    const unit = rest === '' ? 'quarter' : UNIT_WORDS.get(rest);
    if (!unit) continue;
    const calendar: PeriodCalendar = options.calendar === 'gregorian' ? 'gregorian' : 'jalali';
    const current = currentPeriod(`${calendar}-${unit}`, options.now, options.timeZone);
    if (relation === 'current') return current;
    return relation === 'next' ? nextPeriod(current) : previousPeriod(current);
  }
  return null;
}

/** The text without `word` at its start or end (a whole word), or null when it is not there. */
function stripWord(text: string, word: string): string | null {
  if (text === word) return '';
  if (text.startsWith(`${word} `)) return text.slice(word.length + 1);
  if (text.endsWith(` ${word}`)) return text.slice(0, -word.length - 1);
  return null;
}

/**
 * Persian/Arabic digits, `ق۳`, full-width forms, dashes, bidi marks and case folded to one plain form
 * (ZWNJ becomes a space: `سه‌ماهه` → `سه ماهه`).
 */
function normalizePeriodText(text: string): string {
  // NFKC first: `…` becomes `...`, full-width digits and letters plain ones.
  return normalizeWhenInput(text.normalize('NFKC')).replace(/ق\s*(?=\d)/g, 'q');
}

/**
 * What a chair typed as a round's period, or null: `1405-Q3`, `۱۴۰۵-ق۳`, `1405-07`, `2026-Q4`, `2026-10`,
 * `2026-10-01..2026-12-31`, `1405/07/01..1405/09/30`, or `current` / `previous` / `next` (with `quarter`
 * or `month`; a quarter when neither is said) in the community's calendar, as of `now` in its zone.
 */
export function parsePeriod(text: string, options: ParsePeriodOptions): Period | null {
  const normalized = normalizePeriodText(text);
  if (normalized === '' || normalized.length > 60) return null;
  return periodFromLabel(normalized) ?? readRelative(normalized, options);
}

/** A period from its label (or any explicit form `parsePeriod` reads), without the relative words. */
export function periodFromLabel(label: string): Period | null {
  const text = normalizePeriodText(label);
  return readQuarter(text) ?? readMonth(text) ?? readRange(text);
}

/** A zone's start of an ISO day: midnight, or the first instant after a gap when midnight does not exist. */
export function startOfDay(isoDay: string, timeZone: string): Date {
  const zoned = Temporal.PlainDate.from(isoDay).toZonedDateTime({ timeZone });
  return new Date(zoned.epochMilliseconds);
}

/** The ISO day an instant falls on in a zone. */
export function dayIn(instant: Date, timeZone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(instant.getTime())
    .toZonedDateTimeISO(timeZone)
    .toPlainDate()
    .toString();
}

/** An ISO day `days` later (or earlier, when negative). */
export function addDays(isoDay: string, days: number): string {
  return Temporal.PlainDate.from(isoDay).add({ days }).toString();
}

/** The period as instants: the start of its first day and the start of the day after its last, in the zone. */
export function periodRange(period: Period, timeZone: string): { start: Date; end: Date } {
  return { start: startOfDay(period.firstDay, timeZone), end: startOfDay(addDays(period.lastDay, 1), timeZone) };
}

interface LabelParts {
  calendar: PeriodCalendar;
  unit: Unit;
  year: number;
  /** The quarter (1–4) or month (1–12). */
  index: number;
}

function labelParts(period: Period): LabelParts | null {
  if (period.kind === 'range') return null;
  const [calendar, unit] = period.kind.split('-') as [PeriodCalendar, Unit];
  const match = /^(\d{4})-Q?(\d{1,2})$/.exec(period.label);
  if (!match) return null;
  return { calendar, unit, year: Number(match[1]), index: Number(match[2]) };
}

function shifted(period: Period, by: 1 | -1): Period | null {
  const parts = labelParts(period);
  if (!parts) return null;
  const perYear = parts.unit === 'quarter' ? 4 : 12;
  const zeroBased = parts.year * perYear + parts.index - 1 + by;
  const year = Math.floor(zeroBased / perYear);
  const index = (zeroBased % perYear) + 1;
  return parts.unit === 'quarter' ? quarter(parts.calendar, year, index) : month(parts.calendar, year, index);
}

/** The period after this one, of the same kind; null for a range. */
export function nextPeriod(period: Period): Period | null {
  return shifted(period, 1);
}

/** The period before this one, of the same kind; null for a range. */
export function previousPeriod(period: Period): Period | null {
  return shifted(period, -1);
}

/** The quarter or month that `now` falls in, in the zone. */
export function currentPeriod(kind: RepeatingPeriodKind, now: Date, timeZone: string): Period {
  const today = Temporal.PlainDate.from(dayIn(now, timeZone));
  const [calendar, unit] = kind.split('-') as [PeriodCalendar, Unit];
  const { year, month: m } =
    calendar === 'jalali'
      ? gregorianToJalali(today.year, today.month, today.day)
      : { year: today.year, month: today.month };
  return unit === 'quarter' ? quarter(calendar, year, Math.ceil(m / 3)) : month(calendar, year, m);
}

// Names. Built here from Intl's month names, as date-format.ts builds dates: the word order around them
// is the language's, the month names are ICU's (`fa-IR-u-ca-persian` → مهر, `ru-u-ca-persian` → мехр).

const INTL_LANGUAGE: Record<Language, string> = { en: 'en', fa: 'fa-IR', vi: 'vi', ru: 'ru' };
const monthNameCache = new Map<string, string>();

/** The month's standalone name (Russian nominative `октябрь`, Vietnamese `Tháng 10`). */
function monthName(calendar: PeriodCalendar, m: number, language: Language): string {
  const key = `${calendar}|${m}|${language}`;
  let name = monthNameCache.get(key);
  if (name === undefined) {
    const iso = calendar === 'jalali' ? jalaliToGregorian(1400, m, 15) : { year: 2001, month: m, day: 15 };
    const intlCalendar = calendar === 'jalali' ? 'persian' : 'gregory';
    name = new Intl.DateTimeFormat(`${INTL_LANGUAGE[language]}-u-ca-${intlCalendar}`, {
      month: 'long',
      timeZone: 'UTC',
    }).format(new Date(Date.UTC(iso.year, iso.month - 1, iso.day)));
    monthNameCache.set(key, name);
  }
  return name;
}

const capitalize = (s: string) => s.charAt(0).toLocaleUpperCase() + s.slice(1);
const PERSIAN_ORDINALS = ['اول', 'دوم', 'سوم', 'چهارم'];
const ROMAN = ['I', 'II', 'III', 'IV'];

function quarterName(parts: LabelParts, language: Language): string {
  const { calendar, year, index: q } = parts;
  const first = monthName(calendar, q * 3 - 2, language);
  const last = monthName(calendar, q * 3, language);
  // Jalali month names are spelled out in every language: few readers outside Iran know which they are.
  const months = (joiner: string) => (calendar === 'jalali' ? ` (${first}${joiner}${last})` : '');
  switch (language) {
    case 'fa':
      return `سه‌ماههٔ ${PERSIAN_ORDINALS[q - 1]} ${localizeDigits(String(year), 'fa')} (${first} تا ${last})`;
    case 'vi':
      return `Quý ${q}/${year}${months(' – ')}`;
    case 'ru':
      return `${ROMAN[q - 1]} квартал ${year}${months(' — ')}`;
    default:
      return `Q${q} ${year} (${first}–${last})`;
  }
}

function monthPeriodName(parts: LabelParts, language: Language): string {
  const { calendar, year, index: m } = parts;
  if (language === 'vi' && calendar === 'gregorian') return `Tháng ${m}/${year}`;
  return `${capitalize(monthName(calendar, m, language))} ${localizeDigits(String(year), language)}`;
}

function rangeName(period: Period, language: Language): string {
  const [fromLabel = '', toLabel = ''] = period.label.split('..');
  const end = (label: string, iso: string) =>
    formatDate(new Date(`${iso}T12:00:00Z`), {
      language,
      calendar: calendarOfYear(Number(label.slice(0, 4))) === 'jalali' ? 'persian' : 'gregorian',
      timeZone: 'UTC',
    });
  const joiner = language === 'fa' ? ' تا ' : ' – ';
  return `${end(fromLabel, period.firstDay)}${joiner}${end(toLabel, period.lastDay)}`;
}

/**
 * A period's name for people: `Q3 1405 (Mehr–Azar)`, `سه‌ماههٔ سوم ۱۴۰۵ (مهر تا آذر)`, `Quý 4/2026`,
 * `IV квартал 2026`, `October 2026`, `Tháng 10/2026`, `1 Mehr 1405 – 30 Azar 1405`; Persian digits in fa.
 */
export function periodName(period: Period, language: Language): string {
  if (period.kind === 'range') return rangeName(period, language);
  const parts = labelParts(period);
  if (!parts) return localizeDigits(period.label, language);
  return parts.unit === 'quarter' ? quarterName(parts, language) : monthPeriodName(parts, language);
}
