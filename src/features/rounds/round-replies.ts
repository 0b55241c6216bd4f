import type { Ctx } from '../services.ts';
import { localize } from '../surveys/survey-questions.ts';
import { formatDate } from '../../i18n/date-format.ts';
import { computeCompleteness, completenessText } from './round-completeness.ts';
import { completenessChartPng } from './round-charts.ts';
import { lastDueDay } from './round-chaser.ts';
import { nameOfPeriod } from './round-report-data.ts';
import type { RoundRow } from './round-repository.ts';

export { PUBLISH_ACTION } from './round-report-files.ts';

/** What a chair reads when a round is made: its period, when it opens and is due, whom it asks. */
export async function replyCreated(ctx: Ctx, round: RoundRow): Promise<void> {
  const expected =
    round.audience === 'members'
      ? (await ctx.services.rounds.expectedMembers(round)).length
      : (await ctx.services.rounds.expectedLibraries(round)).length;
  await ctx.reply('round.created', {
    id: String(round.id),
    title: localize(round.template.title, ctx.language),
    period: nameOfPeriod(round.periodLabel, ctx.language),
    opens: formatDate(round.opensAt, ctx),
    due: formatDate(lastDueDay(round.dueAt), ctx),
    expected,
    audience: round.audience,
    every: round.repeatEvery ?? 'none',
  });
}

/** `/round status ID`: the completeness matrix as text (who is missing, by name) and as a chart. */
export async function sendStatus(ctx: Ctx, round: RoundRow): Promise<void> {
  const input = await ctx.services.roundReports.data.completeness(round);
  const result = computeCompleteness(input, ctx.language);
  const png = await completenessChartPng(result, ctx.t, ctx.language);
  await ctx.reply(
    'round.status-header',
    {
      id: String(round.id),
      title: localize(round.template.title, ctx.language),
      period: nameOfPeriod(round.periodLabel, ctx.language),
      due: formatDate(lastDueDay(round.dueAt), ctx),
      state: round.closedAt ? 'closed' : round.openedAt ? 'open' : 'planned',
      details: completenessText(result, ctx.t, ctx.language),
    },
    {
      file: {
        fileName: `round-${round.id}-status.png`,
        mimeType: 'image/png',
        contentBase64: png.toString('base64'),
        isImage: true,
      },
    },
  );
}

/** `/round report ID`: the compiled report, privately (a summary with a publish button, then the files). */
export async function sendReport(ctx: Ctx, round: RoundRow): Promise<void> {
  ctx.requirePrivateReach();
  const [summary, ...files] = await ctx.services.roundReports.messages(round, ctx);
  const target = ctx.privateTarget!;
  await ctx.send(target, summary!);
  for (const file of files) await ctx.send(target, file);
  if (ctx.event.chat.kind !== 'private') await ctx.reply('notice.sent-privately');
}

/** "Publish": the report's summary and its HTML and XLSX files posted in each of the community's groups. */
export async function publishReport(ctx: Ctx, round: RoundRow): Promise<void> {
  const community = ctx.requireCommunity();
  const chats = await ctx.services.rounds.groupChats(community.id);
  if (chats.length === 0) return ctx.reply('round.report-no-groups');
  const language = community.language;
  const reader = { language, calendar: community.calendar, timeZone: community.timeZone };
  const [summary, ...files] = await ctx.services.roundReports.messages(round, reader);
  const shared = files.filter((m) => m.file && /\.(html|xlsx)$/.test(m.file.fileName));
  for (const chat of chats) {
    const target = { platform: chat.platform, chatId: chat.externalId };
    await ctx.send(target, { text: summary!.text });
    for (const file of shared) await ctx.send(target, file);
  }
  await ctx.reply('round.report-published', { id: String(round.id), chats: chats.length });
}
