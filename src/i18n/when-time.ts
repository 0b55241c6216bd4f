/**
 * Step 2 of reading a date: find the time of day or the time range in the folded input, check it, and
 * hand back the rest of the text (the date part) without it.
 *
 * A time is `10:00`, `10am`, `3 pm`, `10h30` (vi), `10 giờ 30`, `10 часов`, `۱۰ و نیم`, or an hour after a
 * marker (`ساعت ۱۰`, `в 10`, `at 10`, `lúc 10`). A bare number is a day, not a time, except in a range
 * (`۱۰ الی ۱۱`, `10-11`, `с 10 до 11`) and at the end after a whole date (extractTrailingHour).
 */
import { fail, ok, type ClockTime, type Step } from './when-types.ts';
import { alternation } from './when-normalize.ts';

export interface TimeExtraction {
  /** The input without the time (what is left for the date). */
  rest: string;
  start?: ClockTime;
  end?: ClockTime;
}

type Meridiem = 'am' | 'pm' | 'night';

const MERIDIEMS: Record<Meridiem, readonly string[]> = {
  am: ['am', 'a.m.', 'a.m', 'صبح', 'ق.ظ', 'قبل از ظهر', 'قبلازظهر', 'утра', 'sáng'],
  pm: ['pm', 'p.m.', 'p.m', 'ظهر', 'بعد از ظهر', 'بعدازظهر', 'ب.ظ', 'عصر', 'дня', 'вечера', 'chiều', 'trưa'],
  night: ['شب', 'ночи', 'tối', 'đêm'],
};

const MERIDIEM_OF = new Map<string, Meridiem>(
  Object.entries(MERIDIEMS).flatMap(([kind, words]) => words.map((w) => [w, kind as Meridiem] as const)),
);

const NOT_LETTER_BEFORE = '(?<![\\p{L}\\p{M}])';
const NOT_LETTER_AFTER = '(?![\\p{L}\\p{M}])';
/** No digit, date separator or letter right before or after a time: `2023-06-13` holds no `06-13` range. */
const NO_DATE_BEFORE = '(?<![\\d/.:\\-])';
const NO_DATE_AFTER = '(?![\\d/.:\\-\\p{L}\\p{M}])';

const MARKER = `${NOT_LETTER_BEFORE}(?:ساعت|at|@|в|во|vào lúc|lúc|vào)${NOT_LETTER_AFTER}\\s*`;
const RANGE_PREFIX = `${NOT_LETTER_BEFORE}(?:from|с|со|از|từ)\\s+`;
const RANGE_SEPARATOR = `\\s*(?:-|${NOT_LETTER_BEFORE}(?:to|till|until|до|по|الی|تا|đến|tới)${NOT_LETTER_AFTER})\\s*`;
const MERIDIEM = `(?:${alternation(MERIDIEM_OF.keys())})${NOT_LETTER_AFTER}`;

/** One time of day; `p` prefixes the group names so that a range can hold two. */
function timePattern(p: string): string {
  const hourUnit = `(?:giờ|часов|часа|час|ч\\.?)${NOT_LETTER_AFTER}`;
  const minuteUnit = `(?:phút|минуты|минута|минут|мин\\.?)${NOT_LETTER_AFTER}`;
  const suffix = [
    `[:.](?<${p}Min>\\d{2})(?!\\d)`, // 10:30, 10.30 (the dot only after a marker: see isExplicit)
    `h(?<${p}MinH>\\d{2})?(?!\\d)${NOT_LETTER_AFTER}`, // 10h, 10h30
    `\\s*${hourUnit}(?:\\s*(?<${p}MinU>\\d{1,2})(?:\\s*${minuteUnit})?|\\s*(?<${p}HalfVi>rưỡi))?`, // 10 giờ 30
    `\\s*و\\s*(?:(?<${p}MinFa>\\d{1,2})\\s*دقیقه|(?<${p}HalfFa>نیم))`, // ۱۰ و ۳۰ دقیقه, ۱۰ و نیم
  ].join('|');
  return `(?<${p}Hour>\\d{1,2})(?!\\d)(?<${p}Suffix>${suffix})?(?:\\s*(?<${p}Mer>${MERIDIEM}))?`;
}

const SINGLE = new RegExp(`${NO_DATE_BEFORE}(?<sMark>${MARKER})?${timePattern('s')}${NO_DATE_AFTER}`, 'gu');
const RANGE = new RegExp(
  `${NO_DATE_BEFORE}(?:${RANGE_PREFIX})?(?<sMark>${MARKER})?${timePattern('s')}` +
    `${RANGE_SEPARATOR}(?:${MARKER})?${timePattern('e')}${NO_DATE_AFTER}`,
  'u',
);

type Groups = Record<string, string | undefined>;

/** Whether a match is surely a time and not a day number: it has a marker, minutes, a unit or am/pm. */
function isExplicit(g: Groups, p: string): boolean {
  const suffix = g[`${p}Suffix`];
  return Boolean(g[`${p}Mark`] || g[`${p}Mer`] || (suffix && !suffix.startsWith('.')));
}

interface RawTime {
  hour: number;
  minute: number;
  meridiem?: Meridiem;
}

function readRaw(g: Groups, p: string): RawTime {
  const half = g[`${p}HalfVi`] ?? g[`${p}HalfFa`];
  const minute = g[`${p}Min`] ?? g[`${p}MinH`] ?? g[`${p}MinU`] ?? g[`${p}MinFa`];
  const mer = g[`${p}Mer`];
  return {
    hour: Number(g[`${p}Hour`]),
    minute: half ? 30 : Number(minute ?? 0),
    ...(mer ? { meridiem: MERIDIEM_OF.get(mer) } : {}),
  };
}

/** 24-hour clock time from a raw reading, or 'impossible-time' (`25:00`, `13pm`, `10:75`). */
export function toClockTime(raw: RawTime): Step<ClockTime> {
  const { hour, minute, meridiem } = raw;
  if (minute > 59) return fail('impossible-time');
  if (!meridiem) return hour <= 23 ? ok({ hour, minute }) : fail('impossible-time');
  if (hour < 1 || hour > 12) return fail('impossible-time');
  const h12 = hour % 12; // 12 am → 0
  if (meridiem === 'am') return ok({ hour: h12, minute });
  if (meridiem === 'pm') return ok({ hour: h12 + 12, minute });
  return ok({ hour: hour >= 6 && hour < 12 ? hour + 12 : h12, minute }); // night: ۱۰ شب → 22, ۲ شب → 2
}

function cut(text: string, index: number, length: number): string {
  return `${text.slice(0, index)} ${text.slice(index + length)}`.replace(/\s+/g, ' ').trim();
}

function extractRange(text: string): Step<TimeExtraction> | undefined {
  const m = RANGE.exec(text);
  if (!m?.groups) return undefined;
  const rawStart = readRaw(m.groups, 's');
  const rawEnd = readRaw(m.groups, 'e');
  // `10-11am`, `9-11 pm`: the end's am/pm covers a start without one, unless that would put it after the end.
  if (!rawStart.meridiem && rawEnd.meridiem && rawStart.hour <= rawEnd.hour) rawStart.meridiem = rawEnd.meridiem;
  const start = toClockTime(rawStart);
  if (!start.ok) return fail(start.reason);
  const end = toClockTime(rawEnd);
  if (!end.ok) return fail(end.reason);
  return ok({ rest: cut(text, m.index, m[0].length), start: start.value, end: end.value });
}

function extractSingle(text: string): Step<TimeExtraction> | undefined {
  for (const m of text.matchAll(SINGLE)) {
    if (!m.groups || !isExplicit(m.groups, 's')) continue;
    const start = toClockTime(readRaw(m.groups, 's'));
    if (!start.ok) return fail(start.reason);
    return ok({ rest: cut(text, m.index, m[0].length), start: start.value });
  }
  return undefined;
}

/** The time or time range in folded input, and the text left for the date; no time is not a failure. */
export function extractTime(text: string): Step<TimeExtraction> {
  return extractRange(text) ?? extractSingle(text) ?? ok({ rest: text });
}

/**
 * A bare hour at the very end (`… 10`), which the patterns above take for a day: only for the caller to
 * try when the text does not read as a date with it (when-parser.ts decides).
 */
export function extractTrailingHour(text: string): TimeExtraction | undefined {
  const m = /(?:^|\s)(\d{1,2})$/.exec(text);
  if (!m) return undefined;
  const hour = Number(m[1]);
  if (hour > 23) return undefined;
  return { rest: text.slice(0, m.index).trim(), start: { hour, minute: 0 } };
}
