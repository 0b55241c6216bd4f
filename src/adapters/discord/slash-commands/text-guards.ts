/**
 * Typed options become one line of text for the core's parsers, and those parsers read `|` as a
 * separator and a word starting with `--` as an option. Neither has an escape, so a member's text that
 * holds either could not reach the parser as typed: it is refused with a short explanation instead of
 * being split or changed behind the member's back.
 */
import { UserError } from '../../../core/errors.ts';

/** The poll parser (and the survey's `--until`) read phones' em and en dashes as `--` too. */
export const POLL_FLAG_START = /(?:^|\s)(?:--|—|–)(?=\p{L})/u;
/** The meeting line parser's option start: only a real `--`. */
export const MEETING_OPTION_START = /(?:^|\s)--(?=\p{L})/u;

/**
 * The value, when it can be one part of a `|`-separated line followed by options (`optionStart`:
 * how that command's parser sees one begin; null when it has none); else a UserError naming the
 * option and what is wrong with it.
 */
export function plainPart(command: string, option: string, value: string, optionStart: RegExp | null): string {
  if (value.includes('|')) throw new UserError('discord.error.separator', { option, command: `/${command}` });
  const flag = optionStart?.exec(value);
  if (flag) {
    const word = value.slice(flag.index).trim().split(/\s+/)[0] ?? '';
    throw new UserError('discord.error.flag-like', { option, text: word, command: `/${command}` });
  }
  return value;
}

/** A value that the command reads as one word (a template name, a code). */
export function oneWord(option: string, value: string): string {
  const word = value.trim();
  if (/\s/.test(word)) throw new UserError('discord.error.one-word', { option });
  return word;
}

/** Refuses two options that ask for different things at once (`/topics add:` with `remove:`). */
export function atMostOne(given: readonly string[]): void {
  if (given.length > 1) throw new UserError('discord.error.conflict', { options: given.join(', ') });
}

/** Refuses an option that means nothing without another one (`to:` without `from:`). */
export function requireWith(option: string, present: boolean, needs: string, needsPresent: boolean): void {
  if (present && !needsPresent) throw new UserError('discord.error.needs', { option, needs });
}
