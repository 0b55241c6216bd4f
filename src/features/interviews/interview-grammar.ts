/**
 * `/interview`'s arguments (Discord's options) and its text grammar, which gives the same values:
 * `/interview` (go on with the interview one answers), `/interview TEMPLATE [NAME]` (a led interview;
 * the veteran named after it, by a reply to their message, or asked next), `/interview TEMPLATE invite
 * @member|NAME` (the veteran answers privately), `/interview ID` (go on with that one) and
 * `/interview ID withdraw` and (curators) `/interview ID export`.
 */
import { UserError } from '../../core/errors.ts';
import type { SuggestContext, Suggestion, TextInput, ValuesOf } from '../../core/command.ts';
import type { FeatureArg } from '../feature-command.ts';
import type { Services } from '../services.ts';
import { readShortId } from '../ballots/short-id.ts';
import { localize } from '../surveys/survey-questions.ts';
import { MAX_VETERAN_NAME } from './interview-service.ts';

export const INTERVIEW_ACTIONS = ['invite', 'withdraw', 'export'] as const;

export const INTERVIEW_ARGS = [
  { name: 'template', type: 'text', maxLength: 40, suggest: suggestTemplates },
  {
    name: 'action',
    type: 'choice',
    choices: INTERVIEW_ACTIONS.map((value) => ({ value, labelKey: `interview.action.${value}` })),
  },
  { name: 'veteran', type: 'member' },
  { name: 'name', type: 'text', maxLength: MAX_VETERAN_NAME },
  { name: 'interview', type: 'integer' },
] as const satisfies readonly FeatureArg[];

export type InterviewValues = ValuesOf<typeof INTERVIEW_ARGS>;

/** The values of `/interview`'s text, or a UserError before anything happens. */
export function parseInterviewText(text: string, input: TextInput = {}): InterviewValues {
  const trimmed = text.trim();
  if (!trimmed) return {};
  const [, first = '', rest = ''] = /^(\S+)\s*([\s\S]*)$/.exec(trimmed) ?? [];
  const id = readShortId(first);
  if (id !== null) {
    const word = rest.trim().toLowerCase();
    if (!word) return { interview: id };
    if (word === 'withdraw') return { interview: id, action: 'withdraw' };
    if (word === 'export') return { interview: id, action: 'export' };
    throw new UserError('interview.usage');
  }
  const invite = /^invite(?:\s+([\s\S]*))?$/i.exec(rest.trim());
  const who = (invite ? (invite[1] ?? '') : rest).trim();
  const values: InterviewValues = { template: first };
  if (invite) values.action = 'invite';
  if (input.target) values.veteran = input.target;
  else if (who) values.name = who;
  return values;
}

async function suggestTemplates(ctx: SuggestContext<Services>, query: string): Promise<Suggestion[]> {
  const typed = query.trim().toLowerCase();
  return [...ctx.services.interviews.templates.values()]
    .map((template) => ({
      value: template.name,
      label: `${template.name}: ${localize(template.title, ctx.viewer.language)}`,
    }))
    .filter((item) => item.label.toLowerCase().includes(typed));
}
