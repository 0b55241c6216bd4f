/**
 * Dates and times shown to members, in their language and calendar, in the community's zone. The strings
 * are built from Intl's fields (formatToParts) in a fixed order per language:
 *   fa  ۲۳ خرداد ۱۴۰۲، ساعت ۱۰:۰۰ (Asia/Tehran، +۰۳:۳۰)   (zone and offset isolated for right-to-left text)
 *   en  13 June 2023, 10:00 (Asia/Tehran, +03:30)
 *   ru  10 ноября 2015 г. в 10:00 (Asia/Novokuznetsk, +07:00)
 *   vi  10:00 ngày 13 tháng 6, 2023 (Asia/Ho_Chi_Minh, +07:00)
 * The zone is printed as given, never as Intl's canonical name.
 */
import { isolate } from './bidi.ts';
import { jalaliToGregorian } from './calendars/jalali.ts';
import { localizeDigits } from './digits.ts';
import type { Language } from './languages.ts';
import { zoneOffsetLabel } from './time-zones.ts';
import type { CalendarName, UnderstoodDate } from './when-types.ts';

export interface FormatOptions {
  language: Language;
  calendar: CalendarName;
  timeZone: string;
}

interface DateFields {
  day: string;
  month: string;
  year: string;
}

const INTL_LANGUAGE: Record<Language, string> = { en: 'en', fa: 'fa-IR', vi: 'vi', ru: 'ru' };

function intlLocale(language: Language, calendar: CalendarName): string {
  return `${INTL_LANGUAGE[language]}-u-ca-${calendar === 'persian' ? 'persian' : 'gregory'}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, timeZone: string, kind: 'date' | 'time'): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${kind}`;
  let f = formatters.get(key);
  if (!f) {
    const fields: Intl.DateTimeFormatOptions =
      kind === 'date'
        ? { day: 'numeric', month: 'long', year: 'numeric' }
        : { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
    f = new Intl.DateTimeFormat(locale, { ...fields, timeZone });
    formatters.set(key, f);
  }
  return f;
}

function part(parts: Intl.DateTimeFormatPart[], type: Intl.DateTimeFormatPartTypes): string {
  return parts.find((p) => p.type === type)?.value ?? '';
}

function dateFields(instant: Date, o: FormatOptions): DateFields {
  const parts = formatter(intlLocale(o.language, o.calendar), o.timeZone, 'date').formatToParts(instant);
  return { day: part(parts, 'day'), month: part(parts, 'month'), year: part(parts, 'year') };
}

/** Day, month name and year in the order and punctuation of the language. */
function joinDate(f: DateFields, language: Language, calendar: CalendarName): string {
  switch (language) {
    case 'vi':
      return `${f.day} ${f.month}, ${f.year}`;
    case 'ru':
      return calendar === 'gregorian' ? `${f.day} ${f.month} ${f.year} г.` : `${f.day} ${f.month} ${f.year}`;
    default:
      return `${f.day} ${f.month} ${f.year}`;
  }
}

function joinDateTime(date: string, time: string, language: Language): string {
  switch (language) {
    case 'fa':
      return `${date}، ساعت ${time}`;
    case 'ru':
      return `${date} в ${time}`;
    case 'vi':
      return `${time} ngày ${date}`;
    default:
      return `${date}, ${time}`;
  }
}

/** `۲۳ خرداد ۱۴۰۲`, `13 June 2023`, `10 ноября 2015 г.`, `13 tháng 6, 2023`, `23 Khordad 1402`. */
export function formatDate(instant: Date, o: FormatOptions): string {
  return joinDate(dateFields(instant, o), o.language, o.calendar);
}

/** 24-hour `HH:mm` (Persian digits for fa). */
export function formatTime(instant: Date, o: FormatOptions): string {
  const parts = formatter(intlLocale(o.language, o.calendar), o.timeZone, 'time').formatToParts(instant);
  return `${part(parts, 'hour')}:${part(parts, 'minute')}`;
}

/** Date, time, and the zone as given with its offset at that instant. */
export function formatDateTime(instant: Date, o: FormatOptions): string {
  const dateTime = joinDateTime(formatDate(instant, o), formatTime(instant, o), o.language);
  const offset = zoneOffsetLabel(instant, o.timeZone);
  if (o.language === 'fa') return `${dateTime} (${isolate(o.timeZone)}، ${isolate(localizeDigits(offset, 'fa'))})`;
  return `${dateTime} (${o.timeZone}, ${offset})`;
}

const monthNames = new Map<string, string>();

/** Intl's name of a month as it stands beside a day number (Russian genitive: `ноября`). */
function monthName(month: number, language: Language, calendar: CalendarName): string {
  const key = `${language}|${calendar}|${month}`;
  let name = monthNames.get(key);
  if (name === undefined) {
    const iso = calendar === 'persian' ? jalaliToGregorian(1400, month, 1) : { year: 2001, month, day: 1 };
    const sample = new Date(Date.UTC(iso.year, iso.month - 1, iso.day));
    name = dateFields(sample, { language, calendar, timeZone: 'UTC' }).month;
    monthNames.set(key, name);
  }
  return name;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * What the parser understood, for an error message; the date may not exist (`۳۰ اسفند ۱۴۰۲`,
 * `30 February 2023`). A month outside 1–12 is shown as numbers (`2023-13-01`).
 */
export function formatUnderstood(u: UnderstoodDate, language: Language): string {
  const digits = (s: string) => localizeDigits(s, language);
  const date =
    u.month >= 1 && u.month <= 12
      ? joinDate(
          { day: digits(String(u.day)), month: monthName(u.month, language, u.calendar), year: digits(String(u.year)) },
          language,
          u.calendar,
        )
      : digits(`${u.year}-${pad2(u.month)}-${pad2(u.day)}`);
  if (u.hour === undefined) return date;
  return joinDateTime(date, digits(`${pad2(u.hour)}:${pad2(u.minute ?? 0)}`), language);
}
