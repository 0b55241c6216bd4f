import { UserError } from '../../core/errors.ts';
import type { ButtonSpec } from '../../core/context.ts';
import { Rendered } from '../../i18n/translator.ts';
import { type AppRouter, type Ctx } from '../services.ts';
import { addAction } from '../feature-action.ts';
import { featureCommand } from '../feature-command.ts';
import { readDeadline } from '../ballots/ballot-deadline.ts';
import { describeProblem } from './survey-template-loader.ts';
import { localize, readTitle } from './survey-questions.ts';
import { registerSurveyFlow } from './survey-flow.ts';
import { suggestSurveyTemplates } from './survey-suggestions.ts';

/** `NAME [--until WHEN]` (a dash typed by a phone as — or – counts as --). */
const SURVEY_ARGS = /^(\S+)(?:\s+(?:--|—|–)until\s+(.+))?$/isu;

/** `/survey [NAME [--until WHEN]]` (chairs): bare, it lists the templates and the open surveys. */
export const surveyCommand = featureCommand({
  name: 'survey',
  audience: ['chair'],
  chats: 'any',
  args: [
    { name: 'template', type: 'text', maxLength: 100, suggest: suggestSurveyTemplates },
    { name: 'until', type: 'when', maxLength: 100 },
  ],
  parse(text) {
    if (!text) return {};
    const match = SURVEY_ARGS.exec(text);
    if (!match) throw new UserError('survey.usage');
    const until = match[2]?.trim();
    return { template: match[1]!, ...(until ? { until } : {}) };
  },
  async run(ctx, values) {
    // Discord's separate options: a deadline means nothing without a template, and a name is one word.
    if (values.until !== undefined && values.template === undefined) {
      throw new UserError('discord.error.needs', { option: 'until', needs: 'template' });
    }
    ctx.requireCommunity();
    if (values.template === undefined) return listTemplates(ctx);
    const name = values.template.trim();
    if (/\s/.test(name)) throw new UserError('discord.error.one-word', { option: 'template' });
    await openSurvey(ctx, name, values.until?.trim());
  },
});

/** `/survey` (chairs) and answering surveys in the private chat (members). */
export function registerSurveyCommands(router: AppRouter): void {
  router.command(surveyCommand);
  addAction(router, 'svy.open', (ctx, data) => openSurvey(ctx, data));
  registerSurveyFlow(router);
}

async function openSurvey(ctx: Ctx, name: string, until?: string): Promise<void> {
  const community = ctx.requireCommunity();
  const template = ctx.services.surveys.template(name);
  const closesAt = until ? readDeadline(until, ctx, new Date()) : null;
  const { survey, chats } = await ctx.services.surveys.open({
    communityId: community.id,
    memberId: ctx.member.id,
    template,
    closesAt,
  });
  await ctx.reply('survey.opened', { id: String(survey.id), title: localize(survey.title, ctx.language), chats });
}

async function listTemplates(ctx: Ctx): Promise<void> {
  const community = ctx.requireCommunity();
  const { templates, problems } = ctx.services.surveys;
  const open = await ctx.services.surveys.openSurveys(community.id);
  const lines = [...templates.values()].map((t) =>
    ctx.t('survey.template-line', { name: t.name, title: localize(t.title, ctx.language), count: t.questions.length }),
  );
  for (const problem of problems)
    lines.push(ctx.t('survey.template-broken-line', { name: problem.name, problem: describeProblem(problem) }));
  for (const s of open)
    lines.push(ctx.t('survey.open-line', { id: String(s.id), title: localize(readTitle(s.title), ctx.language) }));
  const buttons: ButtonSpec[][] = [...templates.values()].map((t) => [
    { labelKey: 'survey.button-open', labelParams: { name: t.name }, action: 'svy.open', data: t.name },
  ]);
  await ctx.reply('survey.list', { list: new Rendered(lines.join('\n')) }, { buttons });
}
