/**
 * `/library`'s arguments (Discord's options) and its text grammar, which gives the same values:
 * `/library` (the member's library and the list to choose from), `/library NAME`, `/library add NAME
 * [| city | kind | committee]`, `/library rename OLD | NEW`, `/library delegate NAME | @member` (or as a
 * reply to the member's message), `/library list`, and `/library import` followed by the CSV's lines or
 * alone (the file is asked for next).
 */
import { UserError } from '../../core/errors.ts';
import type { TextInput, ValuesOf } from '../../core/command.ts';
import type { FeatureArg } from '../feature-command.ts';
import { suggestCommittees } from '../community/committee-suggestions.ts';
import { MAX_COMMITTEE_NAME } from '../community/committee-service.ts';
import { KIND_CHOICES, kindFromText } from './library-kinds.ts';
import { MAX_LIBRARY_CITY, MAX_LIBRARY_NAME } from './library-names.ts';
import { suggestLibraries } from './library-suggestions.ts';

/** Discord's longest text option: a short list pasted into the `csv` option. */
const MAX_CSV_OPTION = 6000;

export const LIBRARY_ARGS = [
  { name: 'name', type: 'text', maxLength: MAX_LIBRARY_NAME, suggest: suggestLibraries },
  { name: 'add', type: 'text', maxLength: MAX_LIBRARY_NAME },
  { name: 'city', type: 'text', maxLength: MAX_LIBRARY_CITY },
  { name: 'kind', type: 'choice', choices: KIND_CHOICES },
  { name: 'committee', type: 'committee', maxLength: MAX_COMMITTEE_NAME, suggest: suggestCommittees },
  { name: 'rename', type: 'text', maxLength: MAX_LIBRARY_NAME, suggest: suggestLibraries },
  { name: 'to', type: 'text', maxLength: MAX_LIBRARY_NAME },
  { name: 'delegate', type: 'text', maxLength: MAX_LIBRARY_NAME, suggest: suggestLibraries },
  { name: 'member', type: 'member' },
  { name: 'list', type: 'flag' },
  { name: 'import', type: 'flag' },
  { name: 'csv', type: 'text', multiline: true, maxLength: MAX_CSV_OPTION },
] as const satisfies readonly FeatureArg[];

export type LibraryValues = ValuesOf<typeof LIBRARY_ARGS>;

/** A person named in the text (not replied to) has no platform id: found by the name the community knows. */
export const NAMED_ONLY = '';

/** What `/library` does with its values: one form at a time. */
export type LibraryForm = 'show' | 'name' | 'add' | 'rename' | 'delegate' | 'list' | 'import';

/** The options that go with each form besides its own. */
const COMPANIONS: Partial<Record<LibraryForm, ReadonlyArray<keyof LibraryValues>>> = {
  add: ['city', 'kind', 'committee'],
  rename: ['to'],
  delegate: ['member'],
  import: ['csv'],
};
const FORMS = ['name', 'add', 'rename', 'delegate', 'list', 'import'] as const;

/** The form the values ask for; a UserError for a mix (Discord lets any options be filled together). */
export function libraryForm(values: LibraryValues): LibraryForm {
  // The CSV pasted into its option is an import, whether or not `import` was ticked.
  const given = FORMS.filter((form) => values[form] !== undefined || (form === 'import' && values.csv !== undefined));
  if (given.length > 1) throw new UserError('library.usage');
  const form: LibraryForm = given[0] ?? 'show';
  const allowed = new Set<string>([...(form === 'show' ? [] : [form]), ...(COMPANIONS[form] ?? [])]);
  if (Object.keys(values).some((name) => !allowed.has(name))) throw new UserError('library.usage');
  return form;
}

/** The values of `/library`'s text, or a UserError naming what is wrong before anything changes. */
export function parseLibraryText(text: string, input: TextInput = {}): LibraryValues {
  const trimmed = text.trim();
  if (!trimmed) return {};
  const [, first = '', rest = ''] = /^(\S+)\s*([\s\S]*)$/.exec(trimmed) ?? [];
  switch (first.toLowerCase()) {
    case 'add':
      return addForm(rest);
    case 'rename': {
      const [from, to, ...more] = bars(rest);
      if (!from || !to || more.length > 0) throw new UserError('library.usage');
      return { rename: from, to };
    }
    case 'delegate': {
      const [library, person, ...more] = bars(rest);
      const named = person?.replace(/^@/, '').trim();
      if (!library || more.length > 0 || (!input.target && !named)) throw new UserError('library.usage');
      return { delegate: library, member: input.target ?? { userId: NAMED_ONLY, displayName: named! } };
    }
    case 'list':
      return rest ? { name: trimmed } : { list: true };
    case 'import':
      // The lines after `/library import` are the CSV, kept as they are (a name may start a line with spaces).
      return rest ? { import: true, csv: rest } : { import: true };
    default:
      return { name: trimmed };
  }
}

function addForm(rest: string): LibraryValues {
  const [name, city, kindText, committee, ...more] = bars(rest);
  if (!name || more.length > 0) throw new UserError('library.usage');
  const kind = kindText ? kindFromText(kindText) : undefined;
  if (kind === null) throw new UserError('library.error.kind-unknown', { value: kindText });
  return {
    add: name,
    ...(city ? { city } : {}),
    ...(kind ? { kind } : {}),
    ...(committee ? { committee } : {}),
  };
}

/** The parts of a text between `|`, each trimmed; empty parts stay in place (`NAME | | public`). */
function bars(text: string): string[] {
  return text.trim() ? text.split('|').map((part) => part.trim()) : [];
}
