/**
 * Several `/setup` forms in one command, separated by `|` (`/setup lang fa | tz Asia/Tehran | calendar
 * persian | new NAME`): what Discord's `/setup` sends when an admin fills several options, and what anyone
 * may type; `new NAME` comes last (a name may hold `|`, so `/setup new A | B` stays one form).
 * All are checked before any is applied, then applied in order. On a chat with no community yet, the
 * settings wait for the community: with `new NAME` it is made first; without, its name is asked.
 */
import { UserError } from '../../core/errors.ts';
import { isLanguage } from '../../i18n/languages.ts';
import { isValidTimeZone } from '../../i18n/time-zones.ts';

/** The forms that change a community and so may follow one another (`new` binds first, if given). */
const COMBINABLE = new Set(['lang', 'tz', 'calendar', 'map', 'unmap']);

export interface SeveralForms {
  /** `new NAME`, when the command makes the community too. */
  newName?: string;
  /** The other forms, each as `/setup` takes it alone. */
  forms: string[];
}

/**
 * The forms of `args`: several separated by `|`, or one that changes the community (which, on a chat
 * without one, waits for it too); null for any other single form. A UserError when they cannot combine.
 */
export function readSeveralForms(args: string): SeveralForms | null {
  const single = args.trim().split(/\s+/);
  const first = single[0]!.toLowerCase();
  // `new NAME` first is the single form, whose name is everything after it, `|` included.
  if (first === 'new') return null;
  if (!args.includes('|') && !(single.length > 1 && COMBINABLE.has(first))) return null;
  const parts = args
    .split('|')
    .map((part) => part.trim())
    .filter(Boolean);
  const several: SeveralForms = { forms: [] };
  for (const part of parts) {
    const [sub = '', ...rest] = part.split(/\s+/);
    const value = rest.join(' ');
    const name = sub.toLowerCase();
    if (name === 'new' && value && several.newName === undefined) several.newName = value;
    else if (COMBINABLE.has(name) && value) several.forms.push(`${name} ${value}`);
    else throw new UserError('setup.usage');
    checkValue(name, value);
  }
  return several;
}

/** A wrong value is told before anything changes, as the single form would tell it. */
function checkValue(sub: string, value: string): void {
  if (sub === 'lang' && !isLanguage(value.toLowerCase())) throw new UserError('lang.invalid', { value });
  if (sub === 'tz' && !isValidTimeZone(value)) throw new UserError('tz.invalid', { value });
  if (sub === 'calendar' && !['persian', 'gregorian'].includes(value.toLowerCase())) {
    throw new UserError('calendar.invalid', { value });
  }
}
