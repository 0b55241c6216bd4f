/**
 * `/meeting`'s typed arguments (Discord's options), the text grammar members type after `/meeting`
 * read into the same values, and those values as the meeting line the service takes.
 */
import type { ValuesOf } from '../../core/command.ts';
import { UserError } from '../../core/errors.ts';
import { toLatinDigits } from '../../i18n/digits.ts';
import type { FeatureArg } from '../feature-command.ts';
import { suggestCommittees } from '../community/committee-suggestions.ts';
import { MAX_COMMITTEE_NAME } from '../community/committee-service.ts';
import { MAX_AGENDA, MAX_TITLE } from './meeting-input.ts';
import {
  parseMeetingLine,
  readRepeat,
  typedRecurrence,
  type MeetingLine,
  type OptionFailure,
} from './meeting-line-parser.ts';
import { suggestRecurrences, suggestUpcomingMeetings } from './meeting-suggestions.ts';

export const meetingArgs = [
  { name: 'when', type: 'when', maxLength: 100 },
  { name: 'title', type: 'text', maxLength: MAX_TITLE },
  { name: 'link', type: 'text', maxLength: 500 },
  { name: 'agenda', type: 'text', maxLength: MAX_AGENDA, multiline: true },
  { name: 'duration', type: 'when', maxLength: 30 },
  // A recurrence as the text form's option, without its `--`: `weekly`, `every 2w`, `monthly 2nd tue`.
  { name: 'repeat', type: 'text', maxLength: 100, suggest: suggestRecurrences },
  { name: 'committee', type: 'committee', maxLength: MAX_COMMITTEE_NAME, suggest: suggestCommittees },
  // In text, `--here` is `everywhere: false`: a Discord switch left off is simply not given.
  { name: 'everywhere', type: 'flag' },
  { name: 'edit', type: 'meeting', suggest: suggestUpcomingMeetings },
  { name: 'offsets', type: 'text', maxLength: 100 },
  // Minutes: close them by themselves after each time; continue what another meeting left open.
  { name: 'autoclose', type: 'flag' },
  { name: 'follows', type: 'meeting', suggest: suggestUpcomingMeetings },
] as const satisfies readonly FeatureArg[];

export type MeetingValues = ValuesOf<typeof meetingArgs>;

/**
 * An id the member typed that is no id (`/meeting edit x`, `/cancel x`): the command answers with its
 * usage after the checks that come first. Discord's ids are never below 1.
 */
export const UNREADABLE_ID = 0;

/**
 * What is no meeting line (`/meeting tomorrow`): a meeting without a title, which `run` answers with
 * the usage, whose example dates are in the member's calendar (which parsing does not know).
 */
const NOT_A_LINE: MeetingValues = { title: '' };

/** A meeting id as members type it: `12`, `#12`, `۱۲`. */
export function readId(text: string): number | null {
  const match = /^#?(\d{1,9})$/.exec(toLatinDigits(text.trim()));
  return match ? Number(match[1]) : null;
}

/**
 * `/meeting WHEN | Title [| link] [| agenda] [--options]`, `/meeting edit ID …` and
 * `/meeting offsets …` as values; a malformed option is refused here, as the line parser says.
 */
export function parseMeetingText(text: string): MeetingValues {
  if (!text) return {};
  const sub = /^(edit|offsets)(?:\s+([\s\S]*))?$/i.exec(text);
  if (!sub) return lineValues(text, false);
  if (sub[1]!.toLowerCase() === 'offsets') return { offsets: sub[2] ?? '' };
  const match = /^(\S+)\s*([\s\S]*)$/.exec((sub[2] ?? '').trim());
  const id = match ? readId(match[1]!) : null;
  if (id === null) return { edit: UNREADABLE_ID };
  // Nothing after the id: an edit with nothing to change, which `run` answers with the usage.
  if (!match?.[2]) return { edit: id };
  const values = lineValues(match[2], true);
  return values === NOT_A_LINE ? values : { edit: id, ...values };
}

function lineValues(text: string, partial: boolean): MeetingValues {
  const result = parseMeetingLine(text, { partial });
  if (!result.ok) {
    if (result.reason === 'usage') return NOT_A_LINE;
    throw failureError(result);
  }
  const { when, title, link, agenda, duration, audience, autoClose, follows } = result.value;
  const repeat = typedRecurrence(text);
  return {
    // Kept even when empty: in an edit, `| | |` still says that the parts stay as they are.
    when,
    title,
    link,
    ...(agenda !== undefined ? { agenda } : {}),
    ...(duration !== undefined ? { duration } : {}),
    ...(repeat !== undefined ? { repeat } : {}),
    ...(audience?.kind === 'committee' ? { committee: audience.name } : {}),
    ...(audience && audience.kind !== 'committee' ? { everywhere: audience.kind === 'community' } : {}),
    ...(autoClose ? { autoclose: true } : {}),
    ...(follows !== undefined ? { follows } : {}),
  };
}

/**
 * The meeting line the values stand for, or null when a new meeting lacks its time or title (the
 * usage then). `partial`: an edit, whose empty parts are kept.
 */
export function lineFromValues(values: MeetingValues, partial: boolean): MeetingLine | null {
  const part = (text: string | undefined) => text?.trim() ?? '';
  const line: MeetingLine = { when: part(values.when), title: part(values.title), link: part(values.link) };
  if (!partial && (!line.when || !line.title)) return null;
  const agenda = part(values.agenda);
  if (agenda) line.agenda = agenda;
  if (values.repeat !== undefined) {
    const failure = readRepeat(values.repeat, line);
    if (failure) throw failureError(failure);
  }
  if (values.duration !== undefined) line.duration = values.duration.trim();
  if (values.committee !== undefined) line.audience = { kind: 'committee', name: values.committee.trim() };
  // After the committee, as the text form read Discord's options: the last audience wins.
  if (values.everywhere !== undefined) line.audience = { kind: values.everywhere ? 'community' : 'chat' };
  return line;
}

/** What is wrong with a line's options, in the member's language. */
function failureError(failure: OptionFailure): UserError {
  switch (failure.reason) {
    case 'unknown-option':
      return new UserError('meeting.error.unknown-option', { option: failure.option });
    case 'option-needs-value':
      return new UserError('meeting.error.option-value', { option: failure.option });
    case 'bad-every':
      return new UserError('meeting.error.every', { value: failure.value });
    case 'bad-monthly':
      return new UserError('meeting.error.monthly', { value: failure.value });
    case 'two-recurrences':
      return new UserError('meeting.error.two-recurrences');
  }
}
