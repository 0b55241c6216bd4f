/**
 * A decision's number, `PREFIX-YEAR-NN` (`DOC-1405-07`): pure rules. The counter that gives NN lives in
 * the database (DecisionCounter, raised in the transaction that records the decision); this only says
 * which counter and how the number reads.
 */
import { gregorianToJalali } from '../../i18n/calendars/jalali.ts';
import type { CalendarName } from '../../i18n/when-parser.ts';

/** The counter of decisions taken without a committee; committees count under their own id. */
export const NO_COMMITTEE = 0;
export const GENERAL_PREFIX = 'GEN';

/** Small words left out of initials: `Conferences and Meetings` → `CM`, not `CAM`. */
const SMALL_WORDS = new Set(['and', 'of', 'the', 'for', 'a', 'an', 'in', 'on', 'to', '&']);
const LATIN_WORD = /^[A-Za-z][A-Za-z0-9]*$/;
const MAX_INITIALS = 5;

export interface CommitteeNaming {
  id: number;
  name: string;
  code: string | null;
}

/**
 * The committee's own code when it has one; else made from its name: the first three letters of a
 * one-word Latin name (`Documentation` → `DOC`), the initials of a longer one (`Needs Assessment` →
 * `NA`). A name with words in another script cannot be made into Latin letters simply
 * (transliterating Persian is guesswork), so it is `C` and the committee's id (`C4`).
 */
export function prefixFromName(committee: CommitteeNaming): string {
  const words = committee.name
    .trim()
    .split(/[\s\-_/]+/)
    .filter(Boolean);
  if (words.length === 0 || !words.every((word) => LATIN_WORD.test(word) || SMALL_WORDS.has(word.toLowerCase()))) {
    return `C${committee.id}`;
  }
  const significant = words.filter((word) => !SMALL_WORDS.has(word.toLowerCase()));
  if (significant.length === 0) return `C${committee.id}`;
  if (significant.length === 1) return significant[0]!.slice(0, 3).toUpperCase();
  return significant
    .slice(0, MAX_INITIALS)
    .map((word) => word[0]!.toUpperCase())
    .join('');
}

/**
 * The prefix of a committee's decisions among its community's committees: its code, or the one made
 * from its name, unless another committee already reads the same, when the id is added (`DOC7`), so
 * that two committees' counters never print the same number.
 */
export function decisionPrefix(committee: CommitteeNaming | null, all: readonly CommitteeNaming[]): string {
  if (!committee) return GENERAL_PREFIX;
  const code = committee.code?.trim().toUpperCase();
  if (code) return code;
  const made = prefixFromName(committee);
  const taken = all.some(
    (other) => other.id !== committee.id && (other.code?.trim().toUpperCase() || prefixFromName(other)) === made,
  );
  return taken || made === GENERAL_PREFIX ? `${made}${committee.id}` : made;
}

/** The year a decision is counted in: Jalali where the community keeps that calendar, else Gregorian. */
export function decisionYear(instant: Date, calendar: CalendarName, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-u-ca-gregory', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(instant);
  const field = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const [year, month, day] = [field('year'), field('month'), field('day')];
  return calendar === 'persian' ? gregorianToJalali(year, month, day).year : year;
}

/** `DOC-1405-07`: at least two digits, more when a year has a hundred decisions. */
export function formatDecisionNumber(prefix: string, year: number, n: number): string {
  return `${prefix}-${year}-${String(n).padStart(2, '0')}`;
}
