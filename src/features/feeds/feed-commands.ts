/**
 * `/feed` (a private chat; any member): a private address of an iCalendar feed of the community's
 * meetings for the member's calendar app.
 *   /feed                       buttons: what the feed holds (all one may see, a committee's, mine)
 *   /feed community | mine      /feed committee NAME
 *   /feed reset                 the same feed at a new address (the old one answers 404)
 *   /feed off                   no feed any more
 * Only the secret's hash is stored, so an address is shown once: choosing again makes a new one.
 */
import { UserError } from '../../core/errors.ts';
import type { ButtonSpec } from '../../core/context.ts';
import { Rendered } from '../../i18n/translator.ts';
import type { ValuesOf } from '../../core/command.ts';
import { suggestCommittees } from '../community/committee-suggestions.ts';
import { MAX_COMMITTEE_NAME } from '../community/committee-service.ts';
import { addAction } from '../feature-action.ts';
import { featureCommand, type FeatureArg } from '../feature-command.ts';
import type { AppRouter, Ctx } from '../services.ts';
import { inner } from '../meetings/meeting-text.ts';
import type { FeedScope } from './feed-scope.ts';
import type { FeedChoice, IssuedFeed } from './feed-service.ts';

const FEED_WORDS = ['community', 'committee', 'mine', 'reset', 'off'] as const;

const FEED_ARGS = [
  { name: 'feed', type: 'choice', choices: FEED_WORDS.map((value) => ({ value, labelKey: `feed.choice.${value}` })) },
  { name: 'committee', type: 'committee', maxLength: MAX_COMMITTEE_NAME, suggest: suggestCommittees },
] as const satisfies readonly FeatureArg[];

type FeedValues = ValuesOf<typeof FEED_ARGS>;

export function parseFeedText(text: string): FeedValues {
  const [word = '', ...rest] = text.trim().split(/\s+/);
  const name = rest.join(' ');
  if (word === '') return {};
  const feed = FEED_WORDS.find((w) => w === word.toLowerCase());
  if (feed === 'committee') return name ? { feed, committee: name } : { feed };
  if (!feed || name) throw new UserError('feed.usage');
  return { feed };
}

export const feedCommand = featureCommand({
  name: 'feed',
  audience: ['member'],
  // The reply holds the feed's secret address: never in a group.
  chats: 'private',
  args: FEED_ARGS,
  parse: parseFeedText,
  async run(ctx, values) {
    const community = ctx.requireCommunity();
    const feeds = ctx.services.feeds;
    if (values.committee && values.feed && values.feed !== 'committee') {
      throw new UserError('discord.error.conflict', { options: 'feed, committee' });
    }
    switch (values.feed ?? (values.committee ? 'committee' : undefined)) {
      case 'community':
        return issue(ctx, { kind: 'community' });
      case 'mine':
        return issue(ctx, { kind: 'mine' });
      case 'committee': {
        if (!values.committee) return showChoices(ctx);
        const committee = await ctx.services.committees.find(community.id, { name: values.committee });
        return issue(ctx, { kind: 'committee', committeeId: committee.id });
      }
      case 'reset':
        return replyIssued(ctx, await feeds.reset(community.id, ctx.member.id));
      case 'off':
        return ctx.reply((await feeds.remove(community.id, ctx.member.id)) ? 'feed.off-done' : 'feed.none');
      default:
        return showChoices(ctx);
    }
  },
});

/** `/feed` and its buttons. */
export function registerFeedCommands(router: AppRouter): void {
  router.command(feedCommand);
  addAction(router, 'feed.set', (ctx, data) => {
    // The reply is the secret address: a button pressed (or forged) in a group gets no answer there.
    if (ctx.event.chat.kind !== 'private') throw new UserError('error.private-only', { command: '/feed' });
    return issue(ctx, scopeFromButton(data));
  });
}

/** A button's data: `c` (community), `m` (mine), `k12` (committee 12). */
function scopeFromButton(data: string): FeedScope {
  if (data === 'c') return { kind: 'community' };
  if (data === 'm') return { kind: 'mine' };
  const committee = /^k(\d{1,12})$/.exec(data);
  if (committee) return { kind: 'committee', committeeId: Number(committee[1]) };
  throw new UserError('error.stale-button');
}

async function showChoices(ctx: Ctx): Promise<void> {
  const community = ctx.requireCommunity();
  const feeds = ctx.services.feeds;
  if (!feeds.served) throw new UserError('feed.not-served');
  const [current, committees] = await Promise.all([
    feeds.current(community.id, ctx.member.id),
    feeds.committees(community.id, ctx.member.id),
  ]);
  const buttons: ButtonSpec[][] = [
    [{ labelKey: 'feed.button-community', action: 'feed.set', data: 'c' }],
    ...committees.map((c) => [
      { labelKey: 'feed.button-committee', labelParams: { name: c.name }, action: 'feed.set', data: `k${c.id}` },
    ]),
    [{ labelKey: 'feed.button-mine', action: 'feed.set', data: 'm' }],
  ];
  const lines = [ctx.t('feed.choose')];
  if (current) lines.push(ctx.t('feed.current', { what: scopeText(ctx, current) }));
  await ctx.reply('feed.text', { text: new Rendered(lines.join('\n\n')) }, { buttons });
}

async function issue(ctx: Ctx, scope: FeedScope): Promise<void> {
  const community = ctx.requireCommunity();
  await replyIssued(ctx, await ctx.services.feeds.issue(community.id, ctx.member.id, scope));
}

async function replyIssued(ctx: Ctx, feed: IssuedFeed): Promise<void> {
  const lines: string[] = [];
  if (feed.replaced) lines.push(ctx.t('feed.replaced'));
  // The address alone on its line, not isolated like other values: copied, it must be exactly itself.
  lines.push(ctx.t('feed.ready', { what: scopeText(ctx, feed), url: new Rendered(feed.url) }));
  await ctx.reply('feed.text', { text: new Rendered(lines.join('\n\n')) });
}

function scopeText(ctx: Ctx, choice: FeedChoice): Rendered {
  const community = ctx.requireCommunity().name;
  return inner(ctx.t('feed.scope', { scope: choice.scope.kind, name: choice.committeeName ?? '', community }));
}
