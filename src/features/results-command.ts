import { UserError } from '../core/errors.ts';
import type { OutboundMessage } from '../core/event.ts';
import { checkAudience } from '../core/router.ts';
import type { AppRouter, Ctx } from './services.ts';
import { featureCommand } from './feature-command.ts';
import { suggestPollsAndSurveys } from './results-suggestions.ts';
import {
  ARCHIVE_CHOICES,
  FORMAT_CHOICES,
  exportNamedArchive,
  readArchiveText,
  showArchives,
} from './export-command.ts';
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
  // In this order: /help lists them so.
  router.command(resultsCommand);
  router.command(exportCommand);
  router.command(nudgeCommand);
}

/** The id argument of each: suggested from the community's polls and surveys. */
const pollArg = { name: 'poll', type: 'poll', suggest: suggestPollsAndSurveys } as const;

/**
 * What stands for text that is not an id, where the text grammar cannot refuse it yet: `/export` must
 * first learn whether the asker may use ids at all (a curator may not), as the ids' usage is for chairs.
 */
const NOT_AN_ID = 0;

export const resultsCommand = featureCommand({
  name: 'results',
  audience: ['chair'],
  chats: 'any',
  args: [
    { ...pollArg, required: true },
    { name: 'close', type: 'flag' },
  ],
  parse(text) {
    const [idText = '', sub = '', ...rest] = text.split(/\s+/);
    const close = sub.toLowerCase() === 'close';
    const poll = readShortId(idText);
    if ((sub && !close) || rest.length > 0 || poll === null) throw new UserError('poll.results-usage');
    return { poll, ...(close ? { close } : {}) };
  },
  async run(ctx, values) {
    const target = await findTarget(ctx, values.poll, 'poll.results-usage');
    const close = values.close ?? false;
    if (target.kind === 'poll') return close ? closePoll(ctx, target.poll) : showPollResults(ctx, target.poll);
    return close ? closeSurvey(ctx, target.survey) : showSurveyReport(ctx, target.survey);
  },
});

/** Who may export a poll's or survey's own answers: the matrix lets curators in for the archives only. */
const BY_ID_AUDIENCE = ['chair'] as const;

/** `/export [ID | ARCHIVE [csv|json]]`: bare, it offers the archives as buttons (see export-command.ts). */
export const exportCommand = featureCommand({
  name: 'export',
  audience: ['chair', 'curator'],
  chats: 'any',
  args: [
    { name: 'archive', type: 'choice', choices: ARCHIVE_CHOICES },
    { name: 'format', type: 'choice', choices: FORMAT_CHOICES },
    pollArg,
  ],
  parse(text) {
    if (!text) return {};
    return readArchiveText(text) ?? { poll: readShortId(text) ?? NOT_AN_ID };
  },
  async run(ctx, values) {
    // Discord's separate options: an archive or a poll, and a format only for an archive.
    if (values.archive !== undefined && values.poll !== undefined) {
      throw new UserError('discord.error.conflict', { options: 'archive, poll' });
    }
    if (values.format !== undefined && values.archive === undefined) {
      throw new UserError('discord.error.needs', { option: 'format', needs: 'archive' });
    }
    if (values.archive !== undefined) return exportNamedArchive(ctx, values.archive, values.format ?? '');
    if (values.poll === undefined) return showArchives(ctx);
    checkAudience(BY_ID_AUDIENCE, ctx, '/export');
    const target = await findTarget(ctx, values.poll, 'poll.export-usage');
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
  },
});

export const nudgeCommand = featureCommand({
  name: 'nudge',
  audience: ['chair'],
  chats: 'any',
  args: [{ ...pollArg, required: true }],
  parse(text) {
    const poll = readShortId(text);
    if (poll === null) throw new UserError('poll.nudge-usage');
    return { poll };
  },
  async run(ctx, values) {
    const target = await findTarget(ctx, values.poll, 'poll.nudge-usage');
    const outcome =
      target.kind === 'poll'
        ? await ctx.services.polls.nudge(target.poll)
        : await ctx.services.surveys.nudge(target.survey);
    const id = target.kind === 'poll' ? target.poll.id : target.survey.id;
    await ctx.reply('poll.nudged', { id: String(id), ...outcome });
  },
});

type Target = { kind: 'poll'; poll: PollRow } | { kind: 'survey'; survey: Survey };

/** The poll or survey of the asker's community with this id; an id no short id can be is its usage. */
async function findTarget(ctx: Ctx, given: number, usageKey: string): Promise<Target> {
  const community = ctx.requireCommunity();
  // Discord's integers may be longer than any short id (`/export`'s text may be none at all).
  const id = readShortId(String(given));
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
