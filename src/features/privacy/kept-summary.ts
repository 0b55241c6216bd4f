import type { Translate } from '../../i18n/translator.ts';
import type { KeptWithoutName } from './privacy-repository.ts';

/** Each kind of thing `/forgetme` keeps without the member's name, in the order the summary lists them. */
const KEPT: ReadonlyArray<[keyof KeptWithoutName, string]> = [
  ['experiences', 'forgetme.kept.experiences'],
  ['closedPollVotes', 'forgetme.kept.closed-poll-votes'],
  ['surveyResponses', 'forgetme.kept.survey-responses'],
  ['pollsCreated', 'forgetme.kept.polls'],
  ['surveysCreated', 'forgetme.kept.surveys'],
  ['meetingsChaired', 'forgetme.kept.meetings'],
  ['roundSubmissions', 'forgetme.kept.round-submissions'],
  ['interviews', 'forgetme.kept.interviews'],
  ['auditEntries', 'forgetme.kept.audit-entries'],
];

/** One line per kind kept (none when nothing was): what the member is told stays, anonymised. */
export function keptLines(t: Translate, kept: KeptWithoutName): string[] {
  return KEPT.filter(([field]) => kept[field] > 0).map(([field, key]) => `• ${t(key, { count: kept[field] })}`);
}
