/**
 * Recurrence rules (RFC 5545 RRULE) through the `rrule` library, used in floating wall-clock mode: a
 * series is expanded as local date-times (carried as UTC "floating" Dates), and each one is turned into
 * an instant in the meeting's zone afterwards. So 10:00 stays 10:00 local across a DST change, and a
 * zone's past rules (Tehran's DST before 2022) apply to the dates they governed.
 */
import { createRequire } from 'node:module';
import type * as RRuleModule from 'rrule';
import { Temporal } from 'temporal-polyfill';

// rrule ships a UMD bundle for Node, whose named exports Node's ESM loader cannot see.
const { RRule } = createRequire(import.meta.url)('rrule') as typeof RRuleModule;

export const WEEKDAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type WeekdayCode = (typeof WEEKDAY_CODES)[number];

/** What a chair asked for, before it becomes an RRULE. */
export type RecurrenceSpec =
  | { kind: 'daily'; interval: number }
  | { kind: 'weekly'; interval: number }
  /** The Nth (1–4, or -1 for the last) weekday of each month; both default to those of the first date. */
  | { kind: 'monthly'; nth?: number; weekday?: WeekdayCode }
  | { kind: 'rrule'; rule: string };

export type RuleCheck =
  { ok: true; rule: string } | { ok: false; reason: 'unparseable' | 'too-frequent' | 'has-start' };

/** Above this, an interval or count is a typo, and a huge one makes the library loop for long. */
const MAX_NUMBER = 1000;

/** The RRULE (without DTSTART) for a recurrence starting at `start` (wall clock in the meeting's zone). */
export function ruleFor(spec: RecurrenceSpec, start: Temporal.PlainDateTime): string {
  switch (spec.kind) {
    case 'daily':
      return spec.interval > 1 ? `FREQ=DAILY;INTERVAL=${spec.interval}` : 'FREQ=DAILY';
    case 'weekly':
      return spec.interval > 1 ? `FREQ=WEEKLY;INTERVAL=${spec.interval}` : 'FREQ=WEEKLY';
    case 'monthly': {
      const nth = spec.nth ?? nthWeekdayOf(start);
      const weekday = spec.weekday ?? WEEKDAY_CODES[start.dayOfWeek - 1]!;
      return `FREQ=MONTHLY;BYDAY=${nth > 0 ? '+' : ''}${nth}${weekday}`;
    }
    case 'rrule':
      return spec.rule;
  }
}

/** Which of its weekday in the month a date is: the 5th is called the last (not every month has one). */
export function nthWeekdayOf(date: Temporal.PlainDateTime | Temporal.PlainDate): number {
  const nth = Math.ceil(date.day / 7);
  return nth >= 5 ? -1 : nth;
}

/**
 * A rule checked by the library and normalised (`RRULE:` prefix dropped, upper case, the library's own
 * spelling). Sub-daily rules are refused: a meeting series repeats on days. The start comes from WHEN,
 * so a DTSTART inside the rule is refused rather than silently ignored.
 */
export function checkRule(text: string): RuleCheck {
  const raw = text
    .trim()
    .replace(/^RRULE:/i, '')
    .trim();
  if (raw === '' || /[\r\n]/.test(raw)) return { ok: false, reason: 'unparseable' };
  if (/(^|;)DTSTART/i.test(raw)) return { ok: false, reason: 'has-start' };
  let options: Partial<RRuleModule.Options>;
  try {
    options = RRule.parseString(raw.toUpperCase());
  } catch {
    return { ok: false, reason: 'unparseable' };
  }
  if (options.freq === undefined || !saneNumbers(options)) return { ok: false, reason: 'unparseable' };
  if (options.freq > RRule.DAILY || options.byhour != null || options.byminute != null || options.bysecond != null) {
    return { ok: false, reason: 'too-frequent' };
  }
  try {
    const rule = new RRule({ ...options, dtstart: null }).toString().replace(/^RRULE:/, '');
    return { ok: true, rule };
  } catch {
    return { ok: false, reason: 'unparseable' };
  }
}

/** The library accepts `INTERVAL=abc` and then loops forever; numbers are checked here first. */
function saneNumbers(o: Partial<RRuleModule.Options>): boolean {
  const positive = (v: unknown) =>
    v == null || (Number.isInteger(v) && (v as number) > 0 && (v as number) <= MAX_NUMBER);
  const within = (v: unknown, min: number, max: number) =>
    v == null || (Array.isArray(v) ? v : [v]).every((n) => Number.isInteger(n) && n >= min && n <= max && n !== 0);
  const weekdays = o.byweekday == null || (Array.isArray(o.byweekday) ? o.byweekday : [o.byweekday]).every(Boolean);
  return (
    positive(o.interval) &&
    positive(o.count) &&
    within(o.bymonth, 1, 12) &&
    within(o.bymonthday, -31, 31) &&
    within(o.byyearday, -366, 366) &&
    within(o.byweekno, -53, 53) &&
    within(o.bysetpos, -366, 366) &&
    weekdays &&
    (o.until == null || !Number.isNaN(o.until.getTime()))
  );
}

/** A wall-clock date-time as the floating Date the library works with. */
function toFloating(wall: Temporal.PlainDateTime): Date {
  return new Date(Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second));
}

function fromFloating(date: Date): Temporal.PlainDateTime {
  return new Temporal.PlainDateTime(
    date.getUTCFullYear(),
    date.getUTCMonth() + 1,
    date.getUTCDate(),
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
  );
}

/**
 * The wall-clock date-times of a checked rule starting at `start`, from `from` to `to` inclusive, at
 * most `limit` of them. An UNTIL in the rule is read as wall-clock time too (floating).
 */
export function expandWallClock(
  rule: string,
  start: Temporal.PlainDateTime,
  from: Temporal.PlainDateTime,
  to: Temporal.PlainDateTime,
  limit: number,
): Temporal.PlainDateTime[] {
  const options = RRule.parseString(rule);
  const series = new RRule({ ...options, dtstart: toFloating(start) });
  return series.between(toFloating(from), toFloating(to), true, (_, i) => i < limit).map(fromFloating);
}

/** The parts of a rule that `/meetings` and confirmations can say in words; anything else is shown as is. */
export type RuleDescription =
  | { kind: 'daily' | 'weekly'; interval: number }
  | { kind: 'monthly'; nth: number; weekday: WeekdayCode }
  | { kind: 'custom'; rule: string };

export function describeRule(rule: string): RuleDescription {
  const parts = new Map(rule.split(';').map((p) => p.split('=') as [string, string]));
  const interval = Number(parts.get('INTERVAL') ?? 1);
  const keys = [...parts.keys()].filter((k) => k !== 'INTERVAL');
  const freq = parts.get('FREQ');
  if (keys.length === 1 && freq === 'DAILY') return { kind: 'daily', interval };
  if (keys.length === 1 && freq === 'WEEKLY') return { kind: 'weekly', interval };
  const byday = /^([+-]?\d)(MO|TU|WE|TH|FR|SA|SU)$/.exec(parts.get('BYDAY') ?? '');
  if (keys.length === 2 && freq === 'MONTHLY' && interval === 1 && byday) {
    return { kind: 'monthly', nth: Number(byday[1]), weekday: byday[2] as WeekdayCode };
  }
  return { kind: 'custom', rule };
}
