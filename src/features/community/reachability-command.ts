import { formatDate } from '../../i18n/date-format.ts';
import { Rendered } from '../../i18n/translator.ts';
import { featureCommand } from '../feature-command.ts';
import type { AppRouter, Ctx } from '../services.ts';
import type { ReachabilityReport } from './reachability-service.ts';

/** Names beyond this many per section are counted, not listed: the answer must stay one message. */
const MAX_LISTED = 30;
/** The platform's own words for a refusal can be long; the gist fits in a line. */
const MAX_REASON = 100;
/** Platforms whose names the locales spell out (Persian writes them in its own script). */
const NAMED_PLATFORMS = new Set(['telegram', 'bale', 'discord', 'console']);

/**
 * `/unreachable` (chairs): the members and groups the bot cannot reach, and why, so that a chair can
 * ask them to unblock the bot or open a private chat. Sent privately: it names members.
 */
export const unreachableCommand = featureCommand({
  name: 'unreachable',
  audience: ['chair'],
  chats: 'any',
  args: [],
  async run(ctx) {
    const community = ctx.requireCommunity();
    ctx.requirePrivateReach();
    const report = await ctx.services.reachability.report(community.id);
    await ctx.replyPrivately('reach.report', { community: community.name, sections: renderSections(ctx, report) });
  },
});

export function registerReachabilityCommand(router: AppRouter): void {
  router.command(unreachableCommand);
}

function renderSections(ctx: Ctx, report: ReachabilityReport): Rendered {
  const date = (instant: Date) =>
    formatDate(instant, { language: ctx.language, calendar: ctx.calendar, timeZone: ctx.timeZone });
  const platform = (name: string) => (NAMED_PLATFORMS.has(name) ? ctx.t(`platform.${name}`) : name);
  const sections: string[] = [];
  if (report.refusing.length > 0) {
    const lines = report.refusing.map((m) =>
      ctx.t('reach.refusing-line', {
        name: m.name,
        platform: platform(m.platform),
        since: date(m.since),
        reason: shorten(m.reason),
      }),
    );
    sections.push(section(ctx, ctx.t('reach.refusing-header', { count: report.refusing.length }), lines));
  }
  if (report.neverOpened.length > 0) {
    const lines = report.neverOpened.map((name) => ctx.t('reach.never-line', { name }));
    sections.push(section(ctx, ctx.t('reach.never-header', { count: report.neverOpened.length }), lines));
  }
  if (report.groups.length > 0) {
    const lines = report.groups.map((g) => {
      const params = { title: g.title ?? '—', platform: platform(g.platform) };
      return g.active && g.unreachableAt
        ? ctx.t('reach.group-line', {
            ...params,
            since: date(g.unreachableAt),
            reason: shorten(g.unreachableReason ?? ''),
          })
        : ctx.t('reach.group-removed-line', params);
    });
    sections.push(section(ctx, ctx.t('reach.groups-header', { count: report.groups.length }), lines));
  }
  if (sections.length === 0) sections.push(ctx.t('reach.everyone'));
  return new Rendered(sections.join('\n\n'));
}

function section(ctx: Ctx, header: string, lines: string[]): string {
  const listed = lines.slice(0, MAX_LISTED);
  if (lines.length > MAX_LISTED) listed.push(ctx.t('reach.more', { count: lines.length - MAX_LISTED }));
  return [header, ...listed].join('\n');
}

function shorten(reason: string): string {
  const oneLine = reason.replace(/\s+/g, ' ').trim();
  return oneLine.length <= MAX_REASON ? oneLine : `${oneLine.slice(0, MAX_REASON - 1)}…`;
}
