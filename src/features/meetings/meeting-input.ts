/**
 * Reading what a chair typed for a meeting — WHEN with its length, title, agenda, recurrence, reminder
 * offsets — into checked values, or a UserError naming what is wrong. Shared by the service and the
 * guided flow (which checks each answer as it comes).
 */
import { UserError, isUserError } from '../../core/errors.ts';
import { parseDuration } from '../../i18n/when-parser.ts';
import { readWhen } from '../when-input.ts';
import { splitTrailingDuration, type MeetingLine } from './meeting-line-parser.ts';
import type { Reader } from './meeting-text.ts';
import { wallClockOf } from './occurrence-planner.ts';
import { checkRule, ruleFor } from './recurrence.ts';

export const MAX_TITLE = 200;
export const MAX_AGENDA = 1500;
export const DEFAULT_DURATION_MINUTES = 60;
const MAX_DURATION_MINUTES = 24 * 60;
const MAX_OFFSETS = 6;
const MAX_OFFSET_MINUTES = 30 * 24 * 60;

/**
 * WHEN with its length: a range (`10:00-11:30`), a duration at its end (`… 90m`) or as an option, else
 * an hour. A meeting needs a time of day, and must be in the future.
 */
export function readMeetingWhen(
  text: string,
  durationText: string | undefined,
  reader: Reader,
  now: Date,
): { start: Date; durationMinutes: number } {
  let durationMs: number | null = null;
  if (durationText !== undefined) {
    durationMs = parseDuration(durationText);
    if (durationMs === null) throw new UserError('meeting.error.duration', { value: durationText });
  }
  const split = splitTrailingDuration(text);
  let fromSplit: ReturnType<typeof readWhen> | undefined;
  let splitError: unknown;
  if (split.durationMs !== undefined) {
    try {
      fromSplit = readWhen(split.when, reader, { future: true, now });
    } catch (error) {
      if (!isUserError(error)) throw error;
      splitError = error;
    }
  }
  let parsed: ReturnType<typeof readWhen>;
  if (fromSplit?.hasTime) {
    parsed = fromSplit;
    durationMs ??= split.durationMs!;
  } else {
    // `в 10 часов` ends with what reads as a duration but is the time of day: the whole text decides.
    try {
      parsed = readWhen(text, reader, { future: true, now });
    } catch (error) {
      const specific =
        isUserError(splitError) && !['date.error.unrecognized', 'date.error.empty'].includes(splitError.key);
      throw specific ? splitError : error;
    }
  }
  if (!parsed.hasTime) throw new UserError('meeting.error.time-missing', { input: text.trim() });
  if (parsed.end) durationMs = parsed.end.getTime() - parsed.start.getTime();
  const durationMinutes =
    durationMs === null ? DEFAULT_DURATION_MINUTES : checkDuration(durationMs, durationText ?? text.trim());
  return { start: parsed.start, durationMinutes };
}

export function checkDuration(ms: number | null, typed: string): number {
  const minutes = ms === null ? NaN : Math.round(ms / 60_000);
  if (!(minutes >= 1 && minutes <= MAX_DURATION_MINUTES))
    throw new UserError('meeting.error.duration', { value: typed });
  return minutes;
}

export function checkTitle(text: string): string {
  const title = text.trim().replace(/\s+/g, ' ');
  if (!title) throw new UserError('meeting.error.title-missing');
  if (title.length > MAX_TITLE) throw new UserError('error.too-long', { max: MAX_TITLE });
  return title;
}

export function checkAgenda(text: string | undefined): string | null {
  const agenda = text?.trim() ?? '';
  if (agenda.length > MAX_AGENDA) throw new UserError('error.too-long', { max: MAX_AGENDA });
  return agenda || null;
}

/** The checked RRULE for a recurrence choice, or null for a single meeting. */
export function recurrenceRule(spec: MeetingLine['recurrence'], start: Date, timeZone: string): string | null {
  if (!spec || spec.kind === 'none') return null;
  const typed = spec.kind === 'rrule' ? spec.rule : ruleFor(spec, wallClockOf(start, timeZone));
  const checked = checkRule(typed);
  if (checked.ok) return checked.rule;
  throw new UserError(`meeting.error.recurrence-${checked.reason}`, { rule: typed });
}

/** `1d 1h 0`, `2h 15m`, `۱ روز ۰`: minutes before the start, largest first. */
export function parseOffsets(text: string): number[] {
  const tokens = text
    .trim()
    .split(/[\s,]+/)
    .filter(Boolean);
  if (tokens.length === 0 || tokens.length > MAX_OFFSETS) throw new UserError('meeting.offsets-usage');
  const minutes = tokens.map((token) => {
    if (/^[0۰٠]$/.test(token)) return 0;
    const ms = parseDuration(token);
    const value = ms === null ? NaN : ms / 60_000;
    if (!Number.isInteger(value) || value < 0 || value > MAX_OFFSET_MINUTES) {
      throw new UserError('meeting.offsets-invalid', { value: token });
    }
    return value;
  });
  return [...new Set(minutes)].sort((a, b) => b - a);
}
