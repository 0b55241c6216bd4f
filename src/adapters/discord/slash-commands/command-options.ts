/**
 * The typed options of every command of the contract, as Discord shows them. Option names stay the
 * English words of the text form (`--multi` is `multi`), so that an error can name them in any
 * language; their descriptions come from `discord.option.<command>.<option>` in the locales. How the
 * filled-in options become the text the core's parsers read is `command-text.ts`'s job.
 */
import type { CommandName } from '../../../features/permission-matrix.ts';
import { MAX_TITLE as MAX_EXPERIENCE_TITLE } from '../../../features/experiences/experience-limits.ts';
import { ARCHIVE_NAMES } from '../../../features/archives/archive-names.ts';
import { MAX_AGENDA, MAX_TITLE as MAX_MEETING_TITLE } from '../../../features/meetings/meeting-input.ts';
import { MAX_COMMITTEE_NAME } from '../../../features/community/committee-service.ts';
import { MAX_OPTIONS, MAX_QUESTION, optionLimit } from '../../../features/polls/poll-rules.ts';
import { LANGUAGES } from '../../../i18n/languages.ts';

/** What an autocompleting option suggests (see `autocomplete.ts`). */
export type AutocompleteKind = 'meetings' | 'polls' | 'committees' | 'timeZones' | 'surveyTemplates' | 'recurrences';

/** A fixed choice: its label from a locale key (translated) or a literal label (a format name). */
export type ChoiceSpec = { value: string; labelKey: string } | { value: string; label: string };

interface BaseOption {
  name: string;
  required?: boolean;
  /** The locale key of the description; `discord.option.<command>.<name>` when absent. */
  descriptionKey?: string;
  descriptionParams?: Record<string, string | number>;
}

export type OptionSpec =
  | (BaseOption & {
      type: 'string';
      choices?: readonly ChoiceSpec[];
      autocomplete?: AutocompleteKind;
      maxLength?: number;
    })
  | (BaseOption & { type: 'integer'; autocomplete?: AutocompleteKind })
  | (BaseOption & { type: 'boolean' })
  | (BaseOption & { type: 'user' })
  | (BaseOption & { type: 'role' });

/** Discord's own bound on a string option's value. */
const MAX_STRING_OPTION = 6000;

const languageChoices: ChoiceSpec[] = LANGUAGES.map((language) => ({
  value: language,
  labelKey: `language.${language}`,
}));
const calendarChoices: ChoiceSpec[] = ['persian', 'gregorian'].map((c) => ({ value: c, labelKey: `calendar.${c}` }));
const roleChoices: ChoiceSpec[] = ['admin', 'chair', 'curator', 'member'].map((r) => ({
  value: r,
  labelKey: `role.${r}`,
}));
const formatChoices: ChoiceSpec[] = ['csv', 'json'].map((f) => ({ value: f, label: f.toUpperCase() }));

/** The archives `/export NAME` knows; a test checks the core takes each. */
export const EXPORT_ARCHIVES = ARCHIVE_NAMES;

/** `choice1` … `choice10`: one option per poll answer, as many as a Discord poll may have. */
export const POLL_CHOICE_OPTIONS = Array.from({ length: MAX_OPTIONS }, (_, i) => `choice${i + 1}`);

const meetingId = (name: string, required = false): OptionSpec => ({
  name,
  type: 'integer',
  autocomplete: 'meetings',
  required,
});
const pollId = (required: boolean): OptionSpec => ({ name: 'poll', type: 'integer', autocomplete: 'polls', required });

/**
 * Options per command, required ones first (Discord's rule). A command whose text form is free text
 * keeps every option optional, so that calling it bare opens its guided form (or modal) as the
 * contract wants.
 */
export const COMMAND_OPTIONS: Record<CommandName, readonly OptionSpec[]> = {
  start: [],
  help: [],
  lang: [{ name: 'language', type: 'string', choices: languageChoices }],
  tz: [{ name: 'zone', type: 'string', autocomplete: 'timeZones', maxLength: 64 }],
  calendar: [{ name: 'calendar', type: 'string', choices: calendarChoices }],
  setup: [
    { name: 'new', type: 'string', maxLength: 100 },
    { name: 'join', type: 'string', maxLength: 32 },
    { name: 'language', type: 'string', choices: languageChoices },
    { name: 'zone', type: 'string', autocomplete: 'timeZones', maxLength: 64 },
    { name: 'calendar', type: 'string', choices: calendarChoices },
    // A server role whose members act as chairs or curators here (`/setup map …`, `/setup unmap …`).
    { name: 'chair_role', type: 'role' },
    { name: 'curator_role', type: 'role' },
    { name: 'unmap_role', type: 'role' },
  ],
  role: [
    { name: 'role', type: 'string', choices: roleChoices, required: true },
    { name: 'member', type: 'user', required: true },
  ],
  committees: [],
  join: [{ name: 'committee', type: 'string', autocomplete: 'committees', maxLength: MAX_COMMITTEE_NAME }],
  leave: [{ name: 'committee', type: 'string', autocomplete: 'committees', maxLength: MAX_COMMITTEE_NAME }],
  committee: [{ name: 'add', type: 'string', maxLength: MAX_COMMITTEE_NAME }],
  link: [{ name: 'code', type: 'string', maxLength: 32 }],
  mydata: [],
  forgetme: [],
  cancel: [meetingId('meeting')],
  meeting: [
    { name: 'when', type: 'string', maxLength: 100 },
    { name: 'title', type: 'string', maxLength: MAX_MEETING_TITLE },
    { name: 'link', type: 'string', maxLength: 500 },
    { name: 'agenda', type: 'string', maxLength: MAX_AGENDA },
    { name: 'duration', type: 'string', maxLength: 30 },
    { name: 'repeat', type: 'string', autocomplete: 'recurrences', maxLength: 100 },
    { name: 'committee', type: 'string', autocomplete: 'committees', maxLength: MAX_COMMITTEE_NAME },
    { name: 'everywhere', type: 'boolean' },
    meetingId('edit'),
    { name: 'offsets', type: 'string', maxLength: 100 },
  ],
  meetings: [],
  ics: [meetingId('meeting', true)],
  poll: [
    { name: 'question', type: 'string', maxLength: MAX_QUESTION },
    ...POLL_CHOICE_OPTIONS.map((name, i): OptionSpec => ({
      name,
      type: 'string',
      maxLength: optionLimit(['discord']),
      descriptionKey: 'discord.option.poll.choice',
      descriptionParams: { n: i + 1 },
    })),
    { name: 'multi', type: 'boolean' },
    { name: 'anon', type: 'boolean' },
    { name: 'hide', type: 'boolean' },
    { name: 'until', type: 'string', maxLength: 100 },
    { name: 'everywhere', type: 'boolean' },
    { name: 'committee', type: 'string', autocomplete: 'committees', maxLength: MAX_COMMITTEE_NAME },
  ],
  results: [pollId(true), { name: 'close', type: 'boolean' }],
  export: [
    {
      name: 'archive',
      type: 'string',
      choices: EXPORT_ARCHIVES.map((a) => ({ value: a, labelKey: `discord.choice.archive.${a}` })),
    },
    { name: 'format', type: 'string', choices: formatChoices },
    pollId(false),
  ],
  nudge: [pollId(true)],
  survey: [
    { name: 'template', type: 'string', autocomplete: 'surveyTemplates', maxLength: 100 },
    { name: 'until', type: 'string', maxLength: 100 },
  ],
  share: [
    { name: 'title', type: 'string', maxLength: MAX_EXPERIENCE_TITLE },
    { name: 'text', type: 'string', maxLength: MAX_STRING_OPTION },
  ],
  review: [],
  search: [{ name: 'words', type: 'string', maxLength: 200 }],
  newsletter: [
    { name: 'from', type: 'string', maxLength: 100 },
    { name: 'to', type: 'string', maxLength: 100 },
  ],
  topics: [
    { name: 'add', type: 'string', maxLength: 300 },
    { name: 'remove', type: 'string', maxLength: 100 },
  ],
  unreachable: [],
};

/** The options of a command the router knows, or undefined for one the catalog lacks. */
export function optionsOf(command: string): readonly OptionSpec[] | undefined {
  return Object.hasOwn(COMMAND_OPTIONS, command) ? COMMAND_OPTIONS[command as CommandName] : undefined;
}

export function optionDescriptionKey(command: string, option: OptionSpec): string {
  return option.descriptionKey ?? `discord.option.${command}.${option.name}`;
}
