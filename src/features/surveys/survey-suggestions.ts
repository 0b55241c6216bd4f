import type { SuggestContext, Suggestion } from '../../core/command.ts';
import type { Services } from '../services.ts';
import { suggestionMatches } from '../suggestion-match.ts';
import { localize } from './survey-questions.ts';

/** The survey templates a chair can open, by name or title; values are names, as `/survey NAME` takes them. */
export async function suggestSurveyTemplates(ctx: SuggestContext<Services>, query: string): Promise<Suggestion[]> {
  return [...ctx.services.surveys.templates.values()]
    .map((template) => ({ name: template.name, title: localize(template.title, ctx.viewer.language) }))
    .filter((template) => suggestionMatches(query, null, `${template.name} ${template.title}`))
    .map((template) => ({ value: template.name, label: `${template.name} — ${template.title}` }));
}
