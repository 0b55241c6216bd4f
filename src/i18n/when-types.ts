/** Types shared by the date parser's steps (re-exported from when-parser.ts). */

export type CalendarName = 'persian' | 'gregorian';

/** What the parser understood, to show back to the member in an error or confirmation. */
export interface UnderstoodDate {
  calendar: CalendarName;
  year: number;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
}

export type WhenFailureReason = 'empty' | 'unrecognized' | 'impossible-date' | 'impossible-time' | 'end-before-start';

/** What each step returns: its value, or why the input cannot be read (in the style of Sapphire's resolvers). */
export type Step<T> = { ok: true; value: T } | { ok: false; reason: WhenFailureReason; understood?: UnderstoodDate };

export function ok<T>(value: T): Step<T> {
  return { ok: true, value };
}

export function fail<T>(reason: WhenFailureReason, understood?: UnderstoodDate): Step<T> {
  return understood ? { ok: false, reason, understood } : { ok: false, reason };
}

/** A wall-clock time of day. */
export interface ClockTime {
  hour: number;
  minute: number;
}
