import type { APIApplicationCommandOptionChoice } from 'discord-api-types/v10';
import { optionsOf, type AutocompleteKind } from './command-options.ts';
import { cutAtWord } from './discord-text-limits.ts';

/** One suggestion: the value the option gets, and what the member reads. */
export interface Suggestion {
  value: string | number;
  label: string;
}

/**
 * What the suggestions come from, for one member in one chat: always that member's community (the
 * group's, or in a DM their active one), never another's. `autocomplete-source.ts` implements it over
 * the features' services.
 */
export interface AutocompleteSource {
  /** Whether the member may use this command here: what a command would refuse, its options don't list. */
  mayUse(commandName: string): Promise<boolean>;
  /** Meetings to come that this member may see, soonest first; values are meeting ids. */
  upcomingMeetings(query: string): Promise<Suggestion[]>;
  /** Polls and surveys (one numbering), open ones first, then the latest closed; values are their ids. */
  pollsAndSurveys(query: string): Promise<Suggestion[]>;
  /** The community's committees by name; values are names. */
  committees(query: string): Promise<Suggestion[]>;
  /** IANA zones, the networks' own first; values are zone names. */
  timeZones(query: string): Promise<Suggestion[]>;
  /** The survey templates a chair can open; values are template names. */
  surveyTemplates(query: string): Promise<Suggestion[]>;
}

/** The kinds that read the community (its meetings, polls, surveys, committees), not a fixed list. */
const COMMUNITY_KINDS: ReadonlySet<AutocompleteKind> = new Set(['meetings', 'polls', 'committees']);

/** Discord shows at most 25 suggestions, each named in at most 100 characters. */
const MAX_CHOICES = 25;
const MAX_CHOICE_NAME = 100;
const MAX_CHOICE_VALUE = 100;

/** The recurrences `/meeting` reads after `--` (meeting-line-parser.ts), suggested as typed there. */
const RECURRENCES = ['weekly', 'daily', 'every 2w', 'monthly', 'monthly 1st mon', 'monthly last fri', 'once'];

const SOURCES: Record<AutocompleteKind, (source: AutocompleteSource, query: string) => Promise<Suggestion[]>> = {
  meetings: (source, query) => source.upcomingMeetings(query),
  polls: (source, query) => source.pollsAndSurveys(query),
  committees: (source, query) => source.committees(query),
  timeZones: (source, query) => source.timeZones(query),
  surveyTemplates: (source, query) => source.surveyTemplates(query),
  recurrences: async (_source, query) => {
    const typed = query.trim().toLowerCase();
    return RECURRENCES.filter((r) => r.startsWith(typed) || typed === '').map((r) => ({ value: r, label: r }));
  },
};

/**
 * The suggestions for the option being typed (`query` is what the member typed so far), at most 25;
 * none for an option that does not autocomplete.
 */
export async function autocompleteChoices(
  commandName: string,
  optionName: string,
  query: string,
  source: AutocompleteSource,
): Promise<APIApplicationCommandOptionChoice[]> {
  const option = optionsOf(commandName)?.find((o) => o.name === optionName);
  const kind = option && 'autocomplete' in option ? option.autocomplete : undefined;
  if (!kind) return [];
  // Discord lists suggestions to anyone who can type the command in a bound channel, before the bot
  // checks who sends it: a chair-only option lists nothing to a member.
  if (COMMUNITY_KINDS.has(kind) && !(await source.mayUse(commandName))) return [];
  const suggestions = await SOURCES[kind](source, query);
  return suggestions
    .filter((s) => typeof s.value === 'number' || s.value.length <= MAX_CHOICE_VALUE)
    .slice(0, MAX_CHOICES)
    .map((s) => ({ name: cutAtWord(s.label, MAX_CHOICE_NAME), value: s.value }));
}
