/**
 * `/setup`'s arguments (Discord's options) and its text grammar, which gives the same values:
 * `/setup`, `/setup new NAME`, `/setup join CODE`, `/setup lang fa`, `/setup tz Asia/Tehran`,
 * `/setup calendar persian`, `/setup map chair <@&ID> [name]`, `/setup unmap <@&ID>`, and the forms
 * Discord offers as buttons of the bare `/setup` instead: `code`, `unbind`, `roles`.
 *
 * Several forms may be sent at once, separated by `|` (`/setup lang fa | tz Asia/Tehran | new NAME`),
 * as Discord's options may be filled together; `new NAME` alone is one form whose name may hold `|`.
 * Every value is checked here, before anything is applied.
 */
import { UserError } from '../../core/errors.ts';
import type { TextInput, ValuesOf } from '../../core/command.ts';
import { isLanguage } from '../../i18n/languages.ts';
import { isValidTimeZone } from '../../i18n/time-zones.ts';
import type { FeatureArg } from '../feature-command.ts';
import { CALENDAR_CHOICES, LANGUAGE_CHOICES } from './settings-commands.ts';
import { suggestTimeZones } from './time-zone-suggestions.ts';
import { parseMapArgs, parseUnmapArgs } from './role-mapping-args.ts';

export const SETUP_ARGS = [
  { name: 'new', type: 'text', maxLength: 100 },
  { name: 'join', type: 'text', maxLength: 32 },
  { name: 'language', type: 'choice', choices: LANGUAGE_CHOICES },
  { name: 'zone', type: 'text', maxLength: 64, suggest: suggestTimeZones },
  { name: 'calendar', type: 'choice', choices: CALENDAR_CHOICES },
  // A server role whose members act as chairs or curators here (`/setup map …`, `/setup unmap …`).
  { name: 'chair_role', type: 'role' },
  { name: 'curator_role', type: 'role' },
  { name: 'unmap_role', type: 'role' },
] as const satisfies readonly FeatureArg[];

/** The forms only text has: Discord shows them as buttons of the bare `/setup`, not as options. */
export type TextOnlyForm = 'code' | 'unbind' | 'roles';

/**
 * What `/setup` is given. From text, `new` or `join` empty asks for the name or code; a role named by
 * its id alone has the name ''; `only` is a text-only form (Discord cannot send it: the core refuses
 * an option a command does not declare).
 */
export type SetupValues = ValuesOf<typeof SETUP_ARGS> & { only?: TextOnlyForm };

/** The forms that change a community and so may follow one another (`new` binds first, if given). */
const COMBINABLE = new Set(['lang', 'tz', 'calendar', 'map', 'unmap']);
const TEXT_ONLY = new Set<string>(['code', 'unbind', 'roles'] satisfies TextOnlyForm[]);

/** The values of `/setup`'s text, or a UserError naming what is wrong before anything changes. */
export function parseSetupText(text: string, input: TextInput = {}): SetupValues {
  const [sub = '', ...rest] = text.trim().split(/\s+/);
  const word = sub.toLowerCase();
  // `new NAME` first is the single form, whose name is everything after it, `|` included.
  if (word === 'new') return { new: rest.join(' ') };
  if (text.includes('|') || (rest.length > 0 && COMBINABLE.has(word))) return severalForms(text, input);
  if (word === '') return {};
  // A code is read without its spaces (`normalizeCode` drops them anyway).
  if (word === 'join') return { join: rest.join('') };
  if (TEXT_ONLY.has(word)) return { only: word as TextOnlyForm };
  // A setting without its value: the answer says what it takes.
  if (COMBINABLE.has(word)) return addForm({}, word, '', input);
  throw new UserError('setup.usage');
}

function severalForms(text: string, input: TextInput): SetupValues {
  const values: SetupValues = {};
  const parts = text
    .split('|')
    .map((part) => part.trim())
    .filter(Boolean);
  for (const part of parts) {
    const [sub = '', ...rest] = part.split(/\s+/);
    const value = rest.join(' ');
    const word = sub.toLowerCase();
    if (word === 'new' && value && values.new === undefined) values.new = value;
    else if (COMBINABLE.has(word) && value) addForm(values, word, value, input);
    else throw new UserError('setup.usage');
  }
  return values;
}

/** One form's value into `values`; each setting once, as each option is given once on Discord. */
function addForm(values: SetupValues, sub: string, value: string, input: TextInput): SetupValues {
  const set = <K extends keyof SetupValues>(key: K, given: SetupValues[K]) => {
    if (values[key] !== undefined) throw new UserError('setup.usage');
    values[key] = given;
  };
  // Role mappings are Discord's: said so before their syntax, wherever roles are not shown.
  if ((sub === 'map' || sub === 'unmap') && !input.platformRoles) throw new UserError('setup.map-no-roles');
  switch (sub) {
    case 'lang': {
      const language = value.toLowerCase();
      if (!isLanguage(language)) throw new UserError('lang.invalid', { value });
      set('language', language);
      break;
    }
    case 'tz':
      if (!isValidTimeZone(value.trim())) throw new UserError('tz.invalid', { value: value.trim() });
      set('zone', value);
      break;
    case 'calendar': {
      const calendar = value.toLowerCase();
      if (calendar !== 'persian' && calendar !== 'gregorian') throw new UserError('calendar.invalid', { value });
      set('calendar', calendar);
      break;
    }
    case 'map': {
      const request = parseMapArgs(value);
      const role = { id: request.platformRoleId, name: request.platformRoleName ?? '' };
      set(request.role === 'chair' ? 'chair_role' : 'curator_role', role);
      break;
    }
    case 'unmap':
      set('unmap_role', { id: parseUnmapArgs(value), name: '' });
      break;
  }
  return values;
}
