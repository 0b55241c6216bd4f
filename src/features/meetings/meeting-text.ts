/**
 * Lines that describe a meeting to one reader: pure functions of a speaker (messages and lists in the
 * reader's language) and the reader's calendar and zone. Used by reminders (rendered by the dispatcher
 * inside its transaction), confirmations and `/meetings`.
 */
import { Rendered, type MessageParams, type Translator } from '../../i18n/translator.ts';
import type { Language } from '../../i18n/languages.ts';
import type { CalendarName } from '../../i18n/when-parser.ts';
import { formatDateTime } from '../../i18n/date-format.ts';
import { describeRule } from './recurrence.ts';

/** Who reads a message: their language, calendar and zone. */
export interface Reader {
  language: Language;
  calendar: CalendarName;
  timeZone: string;
}

/** Messages in one language: `ctx.t`/`ctx.list` in a handler, a translator bound to a language elsewhere. */
export interface Speaker {
  t(key: string, params?: MessageParams): string;
  list(items: readonly string[]): string;
}

export function speakerFor(translator: Translator, language: Language): Speaker {
  return {
    t: (key, params) => translator.t(language, key, params),
    list: (items) => translator.list(language, items),
  };
}

/** `13 June 2023, 10:00 (Asia/Tehran, +03:30)` in the reader's calendar and zone. */
export function when(instant: Date, reader: Reader): string {
  return formatDateTime(instant, reader);
}

/**
 * The time lines: in the reader's zone, and in the meeting's own zone when it differs (a member in
 * Novokuznetsk sees both the local time and the chair's).
 */
export function whenLines(s: Speaker, instant: Date, meetingZone: string, reader: Reader): string[] {
  const lines = [s.t('meeting.when-line', { when: when(instant, reader) })];
  if (meetingZone !== reader.timeZone) {
    lines.push(s.t('meeting.zone-line', { when: when(instant, { ...reader, timeZone: meetingZone }) }));
  }
  return lines;
}

/**
 * Text rendered in the reader's language, to insert into another message of it: without the
 * right-to-left mark the translator puts at the start of every Persian line (it belongs at the start
 * of the whole line only), and not isolated as foreign text.
 */
export function inner(text: string): Rendered {
  return new Rendered(text.replace(/^\u200F/, ''));
}

/** `1 day and 2 hours`, `30 minutes`. */
export function offsetText(s: Speaker, minutes: number): string {
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const parts: string[] = [];
  if (days) parts.push(s.t('meeting.days', { n: days }));
  if (hours) parts.push(s.t('meeting.hours', { n: hours }));
  if (rest || parts.length === 0) parts.push(s.t('meeting.minutes', { n: rest }));
  return s.list(parts);
}

/** `1 day before, 1 hour before and at the start`. */
export function offsetsText(s: Speaker, offsets: readonly number[]): string {
  if (offsets.length === 0) return s.t('meeting.offsets-none');
  return s.list(
    offsets.map((m) =>
      m === 0 ? s.t('meeting.offset-start') : s.t('meeting.offset-before', { time: inner(offsetText(s, m)) }),
    ),
  );
}

/** The recurrence in words where it can be said simply, else the rule itself. */
export function recurrenceText(s: Speaker, rule: string): string {
  const description = describeRule(rule);
  switch (description.kind) {
    case 'daily':
      return s.t('meeting.recurs-daily', { n: description.interval });
    case 'weekly':
      return s.t('meeting.recurs-weekly', { n: description.interval });
    case 'monthly':
      // The weekday goes in as its code: Russian ordinals agree with the weekday's gender.
      return s.t('meeting.recurs-monthly', { nth: description.nth, weekday: description.weekday.toLowerCase() });
    case 'custom':
      return s.t('meeting.recurs-custom', { rule: description.rule });
  }
}
