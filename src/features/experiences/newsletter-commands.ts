import { z } from 'zod';
import { UserError } from '../../core/errors.ts';
import type { OutboundFile } from '../../core/event.ts';
import { formatDate } from '../../i18n/date-format.ts';
import { type AppRouter, type Ctx } from '../services.ts';
import { addAction } from '../feature-action.ts';
import { featureCommand } from '../feature-command.ts';
import { readPeriod, readPeriodBetween } from './newsletter-period.ts';
import type { Period } from './newsletter-repository.ts';
import { newsletterTitleList, postNewsletterIssue } from './newsletter-posting.ts';
import type { PublishedIssue } from './newsletter-service.ts';

/**
 * `/newsletter [FROM TO]` (curators): shows what the next issue would hold (by default every approved
 * experience not yet in an issue) and publishes it on the curator's word, to every chat of the
 * community, with the issue as a Markdown and a standalone HTML file. What the curator saw is what is
 * published: the preview's experience ids wait in the conversation.
 */
const FLOW = 'newsletter';
const FLOW_TTL_MS = 30 * 60_000;

const pendingIssue = z.object({
  ids: z.array(z.number().int()),
  from: z.string().nullable(),
  to: z.string().nullable(),
});

/**
 * The text after `/newsletter` is all `from` (the default grammar): where one date ends and the other
 * begins is only known by reading them as dates, which `readPeriod` does in the member's calendar.
 */
export const newsletterCommand = featureCommand({
  name: 'newsletter',
  audience: ['curator'],
  chats: 'any',
  args: [
    { name: 'from', type: 'when', maxLength: 100 },
    { name: 'to', type: 'when', maxLength: 100 },
  ],
  async run(ctx, { from, to }) {
    // Discord's options: an end means nothing without a start.
    if (to !== undefined && from === undefined)
      throw new UserError('discord.error.needs', { option: 'to', needs: 'from' });
    const community = ctx.requireCommunity();
    const period: Period =
      from === undefined
        ? { from: null, to: null }
        : to === undefined
          ? readPeriod(from, ctx)
          : readPeriodBetween(from.trim(), to.trim(), ctx);
    const { items, chats } = await ctx.services.experiences.newsletters.preview(community.id, period);
    if (items.length === 0) return ctx.reply('newsletter.nothing', periodParams(ctx, period));
    await ctx.conversation.start(
      FLOW,
      'confirm',
      { ids: items.map((i) => i.id), from: period.from?.toISOString() ?? null, to: period.to?.toISOString() ?? null },
      FLOW_TTL_MS,
    );
    await ctx.reply(
      'newsletter.preview',
      { count: items.length, chats, list: newsletterTitleList(items, ctx.language), ...periodParams(ctx, period) },
      {
        buttons: [
          [{ labelKey: 'newsletter.button.publish', action: 'nl.pub' }],
          [{ labelKey: 'newsletter.button.cancel', action: 'nl.cancel' }],
        ],
      },
    );
  },
});

export function registerNewsletterCommands(router: AppRouter): void {
  router.command(newsletterCommand);

  router.flow({ name: FLOW, steps: { confirm: (ctx) => ctx.reply('newsletter.press-publish') } });

  addAction(router, 'nl.cancel', async (ctx) => {
    await pending(ctx);
    await ctx.conversation.end();
    await ctx.reply('newsletter.cancelled');
  });

  addAction(router, 'nl.pub', async (ctx) => {
    const community = ctx.requireCommunity();
    const state = await pending(ctx);
    const period = { from: state.from ? new Date(state.from) : null, to: state.to ? new Date(state.to) : null };
    const issue = await ctx.services.experiences.newsletters.publish(community.id, ctx.member.id, period, state.ids);
    await ctx.conversation.end();
    if (!issue) return ctx.reply('newsletter.nothing', periodParams(ctx, period));
    const html = await post(ctx, issue, period);
    const postedHere = issue.chats.some(
      (chat) => chat.platform === ctx.event.chat.platform && chat.externalId === ctx.event.chat.chatId,
    );
    await ctx.reply(
      'newsletter.published',
      { number: issue.number, count: issue.items.length, chats: issue.chats.length },
      // A curator who published from elsewhere (their private chat) gets the file to look at.
      postedHere ? {} : { file: html },
    );
  });
}

/** The confirmation waiting for this button; anything else makes the button stale. */
async function pending(ctx: Ctx) {
  const state = await ctx.conversation.current();
  if (state?.flow !== FLOW || state.expiresAt.getTime() <= Date.now()) throw new UserError('error.stale-button');
  return pendingIssue.parse(state.data);
}

/** Posts the issue to each chat of the community, in the community's language. */
function post(ctx: Ctx, issue: PublishedIssue, period: Period): Promise<OutboundFile> {
  return postNewsletterIssue(
    ctx.services.experiences.messages,
    (target, message) => ctx.send(target, message),
    ctx.requireCommunity(),
    issue,
    period,
  );
}

function periodParams(ctx: Ctx, period: Period) {
  const format = { language: ctx.language, calendar: ctx.calendar, timeZone: ctx.timeZone };
  return {
    from: period.from ? formatDate(period.from, format) : '',
    // An open-ended period runs until now.
    to: formatDate(period.to ? new Date(period.to.getTime() - 1) : new Date(), format),
    period: period.from ? 'range' : 'unpublished',
  };
}
