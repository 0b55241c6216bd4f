/**
 * `/dashboard`: a one-time link into the web dashboard, sent in a private chat (it signs the member in:
 * never in a group). `/dashboard sessions` lists the browsers signed in, with a button to end each.
 */
import { UserError } from '../../core/errors.ts';
import { formatDateTime } from '../../i18n/date-format.ts';
import { Rendered } from '../../i18n/translator.ts';
import { addAction } from '../feature-action.ts';
import { featureCommand } from '../feature-command.ts';
import type { AppRouter, Ctx } from '../services.ts';
import { describeBrowser } from './browser-name.ts';
import { LINK_LIFETIME_MS } from './dashboard-service.ts';

/** The word of `/dashboard sessions`; Discord has a switch of the same name. */
const SESSIONS_WORD = 'sessions';

export const dashboardCommand = featureCommand({
  name: 'dashboard',
  audience: ['member'],
  chats: 'any',
  args: [{ name: SESSIONS_WORD, type: 'flag' }] as const,
  parse(text) {
    const word = text.trim();
    if (word === '') return {};
    if (word.toLowerCase() === SESSIONS_WORD) return { sessions: true };
    throw new UserError('dashboard.unknown-word', { word });
  },
  async run(ctx, { sessions }) {
    // The link signs its holder in as this member: it must not be seen by a group.
    if (ctx.event.chat.kind !== 'private') {
      return ctx.reply('dashboard.ask-privately', {}, { openPrivateChat: 'dashboard' });
    }
    const community = ctx.requireCommunity();
    if (sessions) return listSessions(ctx);
    // HTTP_SERVER=off, or the port was taken: a link would lead nowhere.
    if (!ctx.services.dashboard.served) return ctx.reply('dashboard.not-served');
    const { url } = await ctx.services.dashboard.issueLink(ctx.member.id, community.id, ctx.language);
    await ctx.reply('dashboard.link', { url, minutes: LINK_LIFETIME_MS / 60_000 });
  },
});

async function listSessions(ctx: Ctx): Promise<void> {
  const sessions = await ctx.services.dashboard.sessions(ctx.member.id);
  if (sessions.length === 0) return ctx.reply('dashboard.sessions-none');
  const format = { language: ctx.language, calendar: ctx.calendar, timeZone: ctx.timeZone };
  const lines = sessions.map((session, i) =>
    ctx.t('dashboard.sessions-line', {
      n: i + 1,
      browser: describeBrowser(ctx.t, session.userAgent),
      since: formatDateTime(session.createdAt, format),
      seen: formatDateTime(session.lastSeenAt, format),
    }),
  );
  await ctx.reply(
    'dashboard.sessions',
    { count: sessions.length, lines: new Rendered(lines.join('\n')) },
    {
      buttons: sessions.map((session, i) => [
        {
          labelKey: 'dashboard.end-button',
          labelParams: { n: i + 1 },
          action: 'dash.end',
          data: String(session.id),
        },
      ]),
    },
  );
}

export function registerDashboardCommands(router: AppRouter): void {
  router.command(dashboardCommand);

  // The session id rides on the button; ending it checks that it is the presser's own.
  addAction(router, 'dash.end', async (ctx, data) => {
    const id = Number(data);
    const ended = Number.isSafeInteger(id) && (await ctx.services.dashboard.endSession(id, ctx.member.id, 'chat'));
    await ctx.reply(ended ? 'dashboard.session-ended' : 'dashboard.session-gone');
  });
}
