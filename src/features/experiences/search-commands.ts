import type { ButtonSpec } from '../../core/context.ts';
import { formatDate } from '../../i18n/date-format.ts';
import { Rendered } from '../../i18n/translator.ts';
import { type AppRouter, type Ctx } from '../services.ts';
import { addAction } from '../feature-action.ts';
import { featureCommand } from '../feature-command.ts';
import { buttonId, readSearchPageData, searchPageData } from './button-data.ts';
import { attachmentButtons } from './attachment-commands.ts';
import { excerpt } from './experience-limits.ts';
import { byline, experienceDetails, viewOfRow } from './experience-view.ts';
import { PAGE_SIZE, type SearchPage } from './search-service.ts';
import { roleAllows } from '../../core/roles.ts';
import { showMinutesResults } from '../minutes/minutes-search-results.ts';

/**
 * `/search words` over the community's approved experiences, five at a time with Previous / Next
 * buttons (they carry the search's id and an offset, nothing else), and a button per result that shows
 * it in full. `/search` alone asks for the words.
 */
const QUERY_FLOW = 'search';
const QUERY_TTL_MS = 10 * 60_000;
const EXCERPT_LENGTH = 160;

/** The whole text after `/search` is the words (the default grammar). */
export const searchCommand = featureCommand({
  name: 'search',
  audience: ['member'],
  chats: 'any',
  args: [{ name: 'words', type: 'text', maxLength: 200 }],
  async run(ctx, values) {
    ctx.requireCommunity();
    if (values.words === undefined) {
      await ctx.conversation.start(QUERY_FLOW, 'query', {}, QUERY_TTL_MS);
      return ctx.reply('search.ask');
    }
    // Trimmed as a typed command's text is.
    await runSearch(ctx, values.words.trim());
  },
});

export function registerSearchCommands(router: AppRouter): void {
  router.command(searchCommand);

  router.flow({
    name: QUERY_FLOW,
    steps: {
      query: async (ctx, input) => {
        if (input.type !== 'text' || !input.text.trim()) return ctx.reply('search.ask');
        await ctx.conversation.end();
        await runSearch(ctx, input.text);
      },
    },
  });

  addAction(router, 'srch.pg', async (ctx, data) => {
    const community = ctx.requireCommunity();
    const { searchId, offset } = readSearchPageData(data);
    await showPage(ctx, await ctx.services.experiences.search.more(community.id, ctx.member.id, searchId, offset));
  });

  addAction(router, 'exp.show', async (ctx, data) => {
    const community = ctx.requireCommunity();
    const experience = await ctx.services.experiences.submissions.findApproved(community.id, buttonId(data));
    const format = { language: ctx.language, calendar: ctx.calendar, timeZone: ctx.timeZone };
    const details = experienceDetails(ctx.t, viewOfRow(experience), { audience: 'reader', format });
    await ctx.reply(
      'experience.full',
      {
        id: String(experience.id),
        approved: experience.approvedAt ? formatDate(experience.approvedAt, format) : '',
        details,
      },
      experience.attachments.length > 0 ? { buttons: attachmentButtons(experience) } : {},
    );
  });
}

async function runSearch(ctx: Ctx, query: string): Promise<void> {
  const community = ctx.requireCommunity();
  const page = await ctx.services.experiences.search.start(community.id, ctx.member.id, query);
  // The second source: decisions and notes of closed minutes, shown after the experiences.
  const minutes = await ctx.services.minutes.search(
    community.id,
    { memberId: ctx.member.id, seeAll: roleAllows(['chair'], ctx.role) },
    page.query,
  );
  if (page.total > 0 || minutes.length === 0) await showPage(ctx, page);
  if (minutes.length > 0) await showMinutesResults(ctx, page.query, minutes);
}

async function showPage(ctx: Ctx, page: SearchPage): Promise<void> {
  if (page.total === 0 && page.offset === 0) return ctx.reply('search.none', { query: page.query });
  if (page.results.length === 0) return ctx.reply('search.no-more', { query: page.query });
  const lines = page.results.map((row, i) =>
    ctx.t('search.line', {
      n: page.offset + i + 1,
      id: String(row.id),
      title: row.title,
      byline: byline(ctx.t, row),
      excerpt: excerpt(row.body, EXCERPT_LENGTH),
    }),
  );
  const open: ButtonSpec[] = page.results.map((row) => ({
    label: `#${row.id}`,
    action: 'exp.show',
    data: String(row.id),
  }));
  const paging: ButtonSpec[] = [];
  if (page.offset > 0) {
    paging.push({
      labelKey: 'search.button.previous',
      action: 'srch.pg',
      data: searchPageData(page.searchId, Math.max(0, page.offset - PAGE_SIZE)),
    });
  }
  if (page.offset + page.results.length < page.total) {
    paging.push({
      labelKey: 'search.button.next',
      action: 'srch.pg',
      data: searchPageData(page.searchId, page.offset + PAGE_SIZE),
    });
  }
  await ctx.reply(
    'search.results',
    {
      query: page.query,
      total: page.total,
      from: page.offset + 1,
      to: page.offset + page.results.length,
      list: new Rendered(lines.join('\n\n')),
    },
    { buttons: [open, paging].filter((row) => row.length > 0) },
  );
}
