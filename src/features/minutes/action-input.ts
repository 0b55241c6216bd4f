/**
 * Reading `/action @Owner[ @Owner2] text --due WHEN`: pure functions. Owners are named at the start,
 * each with `@` and the name the community knows them by (a name may have spaces: `@Sara Ahmadi`, or
 * underscores for them: `@Sara_Ahmadi`), or as a platform mention (`<@123>` in Discord's text). The
 * longest name that matches wins; a first word that begins several names is ambiguous, and the
 * handler asks which one with buttons.
 */
import { Temporal } from 'temporal-polyfill';
import { UserError } from '../../core/errors.ts';
import { readWhen, type WhenInputContext } from '../when-input.ts';
import { normalizeForSearch } from '../experiences/search-normalizer.ts';

/** An action's owners are a handful; more is a mistake in the text. */
export const MAX_OWNERS = 5;

export interface NamedMember {
  id: number;
  displayName: string;
}

export type OwnerReference =
  | { kind: 'member'; memberId: number }
  | { kind: 'platform'; userId: string }
  | { kind: 'ambiguous'; typed: string; candidates: NamedMember[] };

/** `text --due WHEN` split; `--due` must come last. */
export function splitDue(text: string): { text: string; due?: string } {
  const match = /(?:^|\s)--due(?:\s+([\s\S]*))?$/i.exec(text);
  if (!match) return { text: text.trim() };
  const due = match[1]?.trim() ?? '';
  if (!due) throw new UserError('minutes.error.due-missing');
  return { text: text.slice(0, match.index).trim(), due };
}

/** A name as matched: one form for Persian and Arabic letters, ZWNJ or not, case; `_` is a space. */
function nameKey(text: string): string {
  return normalizeForSearch(text.replace(/_/g, ' '))
    .replace(/[^\p{L}\p{N}\s]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const PLATFORM_MENTION = /^<@!?(\d{1,25})>/;
const MAX_NAME_WORDS = 6;

/**
 * The owners named at the start of `text` and the text that follows them. A name nobody has is a
 * UserError naming it.
 */
export function leadingOwners(
  text: string,
  members: readonly NamedMember[],
): { owners: OwnerReference[]; rest: string } {
  const keyed = members.map((member) => ({ member, key: nameKey(member.displayName) }));
  const owners: OwnerReference[] = [];
  let rest = text.trimStart();
  for (;;) {
    const mention = PLATFORM_MENTION.exec(rest);
    if (mention) {
      owners.push({ kind: 'platform', userId: mention[1]! });
      rest = rest.slice(mention[0].length).trimStart();
      continue;
    }
    if (!rest.startsWith('@')) break;
    const words = rest.slice(1).split(/\s+/);
    const found = matchName(words, keyed);
    if (!found) throw new UserError('minutes.error.owner-unknown', { name: words[0] ?? '' });
    owners.push(found.owner);
    rest = words.slice(found.words).join(' ').trimStart();
    if (owners.length > MAX_OWNERS) throw new UserError('minutes.error.owners-too-many', { max: MAX_OWNERS });
  }
  return { owners, rest };
}

function matchName(
  words: readonly string[],
  keyed: ReadonlyArray<{ member: NamedMember; key: string }>,
): { owner: OwnerReference; words: number } | null {
  // The longest whole name first: `@Sara Ahmadi Rad report` is Sara Ahmadi Rad, not Sara Ahmadi.
  for (let n = Math.min(MAX_NAME_WORDS, words.length); n >= 1; n--) {
    const key = nameKey(words.slice(0, n).join(' '));
    if (!key) continue;
    const same = keyed.filter((k) => k.key === key).map((k) => k.member);
    if (same.length > 0) return { owner: ownerOf(words.slice(0, n).join(' '), same), words: n };
  }
  // Else the first word as the beginning of names: `@Sara` among Sara Ahmadi and Sara Karimi asks.
  const start = nameKey(words[0] ?? '');
  if (!start) return null;
  const begun = keyed.filter((k) => k.key === start || k.key.startsWith(`${start} `)).map((k) => k.member);
  return begun.length > 0 ? { owner: ownerOf(words[0]!, begun), words: 1 } : null;
}

function ownerOf(typed: string, candidates: NamedMember[]): OwnerReference {
  return candidates.length === 1
    ? { kind: 'member', memberId: candidates[0]!.id }
    : { kind: 'ambiguous', typed: typed.replace(/_/g, ' '), candidates };
}

/**
 * The due instant of WHEN as `/meeting` reads dates: with a time, that time; a day alone, the end of
 * that day in the reader's zone. A due time already past is refused.
 */
export function readDue(due: string, reader: WhenInputContext, now: Date): Date {
  const parsed = readWhen(due, reader, { now });
  const at = parsed.hasTime ? parsed.start : endOfDay(parsed.start, reader.timeZone);
  if (at.getTime() <= now.getTime()) throw new UserError('minutes.error.due-past', { input: due.trim() });
  return at;
}

function endOfDay(start: Date, zone: string): Date {
  const day = Temporal.Instant.fromEpochMilliseconds(start.getTime()).toZonedDateTimeISO(zone).toPlainDate();
  const next = day.add({ days: 1 }).toZonedDateTime({ timeZone: zone });
  return new Date(next.epochMilliseconds - 1);
}
