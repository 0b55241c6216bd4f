/**
 * The one-line form of `/meeting`: `WHEN | Title [| link or place] [| agenda] [options]`, pure. Options follow the
 * parts: `--weekly`, `--daily`, `--every 2w`, `--monthly [2nd tue]`, `--rrule "FREQ=…"`,
 * `--committee NAME`, `--everywhere`, `--duration 90m`. The date itself, the link and the rule are
 * checked by the service; this only splits and reads the shape, and says what is wrong with it.
 */
import { parseDuration } from '../../i18n/when-parser.ts';
import { toLatinDigits } from '../../i18n/digits.ts';
import { WEEKDAY_CODES, type RecurrenceSpec, type WeekdayCode } from './recurrence.ts';

export type AudienceChoice = { kind: 'chat' } | { kind: 'community' } | { kind: 'committee'; name: string };

export interface MeetingLine {
  /** Empty in an edit when the time is kept. */
  when: string;
  title: string;
  /** The third part as typed: a link, a place (meeting-venue.ts decides), or empty. */
  link: string;
  agenda?: string;
  recurrence?: RecurrenceSpec | { kind: 'none' };
  audience?: AudienceChoice;
  /** A duration as typed (`90m`), when given as an option. */
  duration?: string;
  /** `--auto-close`: its minutes close by themselves half an hour after each time it ends. */
  autoClose?: boolean;
  /** `--follows ID`: its agenda starts with what that meeting left open. */
  follows?: number;
}

export type LineFailure = { reason: 'usage' } | OptionFailure;

/** What is wrong with a line's options (its parts aside). */
export type OptionFailure =
  | { reason: 'unknown-option'; option: string }
  | { reason: 'option-needs-value'; option: string }
  | { reason: 'bad-every'; value: string }
  | { reason: 'bad-monthly'; value: string }
  | { reason: 'two-recurrences' };

export type LineResult = { ok: true; value: MeetingLine } | ({ ok: false } & LineFailure);

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/** An option starts with `--` after white space, so that a link with `--` inside stays a link. */
const OPTION_START = /(?:^|\s)--(?=\p{L})/u;

const ORDINALS: Record<string, number> = {
  '1': 1,
  '1st': 1,
  first: 1,
  '2': 2,
  '2nd': 2,
  second: 2,
  '3': 3,
  '3rd': 3,
  third: 3,
  '4': 4,
  '4th': 4,
  fourth: 4,
  '-1': -1,
  last: -1,
};

const WEEKDAY_NAMES: Record<string, WeekdayCode> = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].flatMap((name, i) => {
    const code = WEEKDAY_CODES[i]!;
    const full = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'][i]!;
    return [
      [name, code],
      [full, code],
      [code.toLowerCase(), code],
    ];
  }),
);

/**
 * `partial`: the form of `/meeting edit ID …`, where every part may be left empty (kept) and fewer
 * than three parts may be given.
 */
export function parseMeetingLine(text: string, options: { partial?: boolean } = {}): LineResult {
  const optionAt = text.search(OPTION_START);
  const main = optionAt < 0 ? text : text.slice(0, optionAt);
  const parts = main.split('|').map((p) => p.trim());
  // A meeting needs a time and a title; where is optional (an in-person meeting has a place, not a link).
  if (!options.partial && (parts.length < 2 || parts.length > 4 || parts.slice(0, 2).some((p) => p === ''))) {
    return { ok: false, reason: 'usage' };
  }
  if (options.partial && parts.length > 4) return { ok: false, reason: 'usage' };
  const [when = '', title = '', link = '', agenda = ''] = parts;
  const line: MeetingLine = { when, title, link, ...(agenda ? { agenda } : {}) };
  if (optionAt >= 0) {
    const failure = readOptions(text.slice(optionAt), line);
    if (failure) return { ok: false, ...failure };
  }
  return { ok: true, value: line };
}

function readOptions(text: string, line: MeetingLine): OptionFailure | null {
  for (const chunk of optionChunks(text)) {
    const space = chunk.search(/\s/);
    const value = unquote(space < 0 ? '' : chunk.slice(space + 1).trim());
    const failure = readOption(optionName(chunk), value, line);
    if (failure) return failure;
  }
  return null;
}

/** Each option as typed, without its `--`: `every 2w`, `committee Docs`. */
function optionChunks(text: string): string[] {
  return text
    .split(OPTION_START)
    .map((c) => c.trim())
    .filter(Boolean);
}

function optionName(chunk: string): string {
  const space = chunk.search(/\s/);
  return (space < 0 ? chunk : chunk.slice(0, space)).toLowerCase();
}

/** The options that set how a meeting repeats. */
const RECURRENCE_OPTIONS = new Set(['once', 'daily', 'weekly', 'every', 'monthly', 'rrule']);

/**
 * The recurrence option of a line as typed, without its `--` (`every 2w`, `rrule "FREQ=…"`), or
 * undefined: what `/meeting`'s `repeat` argument holds. Read from a line `parseMeetingLine` accepted,
 * which has at most one.
 */
export function typedRecurrence(text: string): string | undefined {
  const optionAt = text.search(OPTION_START);
  if (optionAt < 0) return undefined;
  return optionChunks(text.slice(optionAt)).find((chunk) => RECURRENCE_OPTIONS.has(optionName(chunk)));
}

/**
 * `repeat` (`weekly`, `every 2w`, `--monthly 2nd tue`) read into the line as the option it names, as
 * if typed after the line with its `--`.
 */
export function readRepeat(repeat: string, line: MeetingLine): OptionFailure | null {
  return readOptions(`--${repeat.trim().replace(/^-+/, '')}`, line);
}

function readOption(name: string, value: string, line: MeetingLine): OptionFailure | null {
  const setRecurrence = (spec: RecurrenceSpec | { kind: 'none' }): OptionFailure | null => {
    if (line.recurrence) return { reason: 'two-recurrences' };
    line.recurrence = spec;
    return null;
  };
  switch (name) {
    case 'once':
      return setRecurrence({ kind: 'none' });
    case 'daily':
      return setRecurrence({ kind: 'daily', interval: 1 });
    case 'weekly':
      return setRecurrence({ kind: 'weekly', interval: 1 });
    case 'every': {
      const ms = value ? parseDuration(value) : null;
      if (ms !== null && ms % WEEK_MS === 0) return setRecurrence({ kind: 'weekly', interval: ms / WEEK_MS });
      if (ms !== null && ms % DAY_MS === 0) return setRecurrence({ kind: 'daily', interval: ms / DAY_MS });
      return { reason: 'bad-every', value };
    }
    case 'monthly': {
      if (!value) return setRecurrence({ kind: 'monthly' });
      const monthly = readMonthly(value);
      return monthly ? setRecurrence(monthly) : { reason: 'bad-monthly', value };
    }
    case 'rrule':
      return value
        ? setRecurrence({ kind: 'rrule', rule: value })
        : { reason: 'option-needs-value', option: '--rrule' };
    case 'committee':
      if (!value) return { reason: 'option-needs-value', option: '--committee' };
      line.audience = { kind: 'committee', name: value };
      return null;
    case 'everywhere':
    case 'community':
      line.audience = { kind: 'community' };
      return null;
    case 'here':
    case 'chat':
      line.audience = { kind: 'chat' };
      return null;
    case 'duration':
      if (!value) return { reason: 'option-needs-value', option: '--duration' };
      line.duration = value;
      return null;
    case 'auto-close':
    case 'autoclose':
      line.autoClose = true;
      return null;
    case 'follows': {
      const id = /^#?(\d{1,9})$/.exec(toLatinDigits(value));
      if (!id) return { reason: 'option-needs-value', option: '--follows' };
      line.follows = Number(id[1]);
      return null;
    }
    default:
      return { reason: 'unknown-option', option: `--${name}` };
  }
}

/** `2nd tue`, `last friday`, `3 wed`. */
function readMonthly(value: string): RecurrenceSpec | null {
  const match = /^(\S+)\s+(\S+)$/.exec(value.trim().toLowerCase());
  if (!match) return null;
  const nth = ORDINALS[match[1]!];
  const weekday = WEEKDAY_NAMES[match[2]!];
  return nth !== undefined && weekday ? { kind: 'monthly', nth, weekday } : null;
}

function unquote(value: string): string {
  const quoted = /^(["'«“])([\s\S]*)(["'»”])$/.exec(value);
  return quoted ? quoted[2]!.trim() : value;
}

/**
 * A duration at the end of WHEN (`2024-06-13 10:00 90m`, `فردا ساعت ۱۰ ۹۰ دقیقه`): split off, so that
 * the date parser sees the date alone. Only the last one or two words are tried.
 */
export function splitTrailingDuration(when: string): { when: string; durationMs?: number } {
  const words = when.trim().split(/\s+/);
  for (const take of [2, 1]) {
    if (words.length <= take) continue;
    const tail = words.slice(-take).join(' ');
    // A bare number is a day or an hour, never a duration; parseDuration wants a unit anyway.
    const ms = parseDuration(tail);
    if (ms !== null) return { when: words.slice(0, -take).join(' '), durationMs: ms };
  }
  return { when: when.trim() };
}
