import { UserError } from '../core/errors.ts';
import type { OutboundMessage } from '../core/event.ts';
import { addCommand, type AppRouter, type Ctx } from './services.ts';
import { exportArchive } from './export-command.ts';
import type { PollRow } from './polls/poll-repository.ts';
import { chartFile } from './polls/poll-format.ts';
import { resultsText } from './polls/poll-text.ts';
import { readShortId } from './ballots/short-id.ts';
import type { Survey } from './surveys/survey-service.ts';
import { surveyReport } from './surveys/survey-report.ts';
import { surveyCsv } from './surveys/survey-csv.ts';
import { localizedClock } from './archives/csv-clock.ts';

/**
 * `/results ID [close]`, `/export ID`, `/nudge ID` (chairs): one short id names a poll or a survey
 * (they share one numbering), always of the chair's own community.
 */
export function registerResultsCommands(router: AppRouter): void {
  addCommand(router, 'results', async (ctx, args) => {
    const [idText = '', sub = '', ...rest] = args.split(/\s+/);
    const close = sub.toLowerCase() === 'close';
    if ((sub && !close) || rest.length > 0) throw new UserError('poll.results-usage');
    const target = await findTarget(ctx, idText, 'poll.results-usage');
    if (target.kind === 'poll') return close ? closePoll(ctx, target.poll) : showPollResults(ctx, target.poll);
    return close ? closeSurvey(ctx, target.survey) : showSurveyReport(ctx, target.survey);
  });

  addCommand(router, 'export', async (ctx, args) => {
    // `/export experiences …` and the other archives share this command (see export-command.ts).
    if (await exportArchive(ctx, args)) return;
    const target = await findTarget(ctx, args, 'poll.export-usage');
    ctx.requirePrivateReach();
    // Named ballots and answers are for chairs' eyes: the file goes to the private chat.
    if (target.kind === 'poll') {
      const file = await ctx.services.polls.exportCsv(target.poll, ctx.t);
      return ctx.replyPrivately('poll.export-ready', { id: String(target.poll.id) }, { file });
    }
    const { responses } = await ctx.services.surveys.reportData(target.survey);
    const clock = localizedClock(ctx.requireCommunity(), ctx.t);
    const file = surveyCsv(ctx.t, ctx.language, target.survey, responses, clock);
    await ctx.replyPrivately('poll.export-ready', { id: String(target.survey.id) }, { file });
  });

  addCommand(router, 'nudge', async (ctx, args) => {
    const target = await findTarget(ctx, args, 'poll.nudge-usage');
    const outcome =
      target.kind === 'poll'
        ? await ctx.services.polls.nudge(target.poll)
        : await ctx.services.surveys.nudge(target.survey);
    const id = target.kind === 'poll' ? target.poll.id : target.survey.id;
    await ctx.reply('poll.nudged', { id: String(id), ...outcome });
  });
}

type Target = { kind: 'poll'; poll: PollRow } | { kind: 'survey'; survey: Survey };

async function findTarget(ctx: Ctx, text: string, usageKey: string): Promise<Target> {
  const community = ctx.requireCommunity();
  const id = readShortId(text);
  if (id === null) throw new UserError(usageKey);
  const poll = await ctx.services.polls.find(id, community.id);
  if (poll) return { kind: 'poll', poll };
  const survey = await ctx.services.surveys.find(id, community.id);
  if (survey) return { kind: 'survey', survey };
  throw new UserError('poll.error.not-found', { id: String(id) });
}

function viewerFormat(ctx: Ctx) {
  return { language: ctx.language, calendar: ctx.calendar, timeZone: ctx.timeZone };
}

/**
 * Counts, percentages, turnout and the chart. A hidden poll that is still open shows only its turnout
 * in a group (members read it there); in the chair's private chat it shows everything.
 */
async function showPollResults(ctx: Ctx, poll: PollRow): Promise<void> {
  const withCounts = !poll.hideResults || poll.closedAt !== null || ctx.event.chat.kind === 'private';
  const { tally, audience, chart } = await ctx.services.polls.results(poll, withCounts ? ctx.language : null);
  const text = resultsText(ctx.t, poll, tally, audience, viewerFormat(ctx), { showCounts: withCounts });
  const message: OutboundMessage = { text };
  if (chart) message.file = chartFile(poll.id, chart);
  if (ctx.event.chat.threadId) message.threadId = ctx.event.chat.threadId;
  await ctx.send(ctx.here, message);
}

async function closePoll(ctx: Ctx, poll: PollRow): Promise<void> {
  await ctx.services.polls.close(poll, ctx.member.id, new Date());
  // The result goes to the poll's chats; a chair who closed it from elsewhere sees it here too.
  if (!(await ctx.services.polls.isShownIn(poll.id, ctx.here))) {
    const closed = await ctx.services.polls.find(poll.id, poll.communityId);
    if (closed) await showPollResults(ctx, closed);
  }
}

async function showSurveyReport(ctx: Ctx, survey: Survey): Promise<void> {
  const { responses, audience } = await ctx.services.surveys.reportData(survey);
  for (const message of await surveyReport(ctx.t, ctx.language, survey, responses, audience)) {
    await ctx.send(ctx.here, message);
  }
}

async function closeSurvey(ctx: Ctx, survey: Survey): Promise<void> {
  await ctx.services.surveys.close(survey, ctx.member.id, new Date());
  const closed = await ctx.services.surveys.find(survey.id, survey.communityId);
  if (closed) await showSurveyReport(ctx, closed);
}
