import { describeBrowser } from '../../features/dashboard/browser-name.ts';
import type { PageRegistry } from '../web-pages.ts';

/** The browsers signed in as the member (as `/dashboard sessions` lists them), each with an End button. */
export function registerSessionsPages(pages: PageRegistry): void {
  pages.registerPage({
    method: 'GET',
    path: '/me/sessions',
    scope: 'member',
    role: 'member',
    nav: { labelKey: 'web.nav.sessions', order: 910, descriptionKey: 'web.sessions.offer' },
    async handler(page) {
      const sessions = await page.services.dashboard.sessions(page.member.id);
      return page.render('sessions', {
        title: page.t('web.sessions.title'),
        sessions: sessions.map((session) => ({
          id: session.id,
          browser: describeBrowser(page.t, session.userAgent),
          since: page.dateTime(session.createdAt),
          seen: page.dateTime(session.lastSeenAt),
          current: session.id === page.viewer.session.id,
        })),
      });
    },
  });

  pages.registerPage({
    method: 'POST',
    path: '/me/sessions/end',
    scope: 'member',
    role: 'member',
    async handler(page) {
      const id = Number(page.field('session'));
      if (!Number.isSafeInteger(id)) page.notFound();
      // Only the member's own: another member's id ends nothing, like a missing one.
      const ended = await page.services.dashboard.endSession(id, page.member.id, 'web');
      if (!ended) page.notFound();
      if (id !== page.viewer.session.id) return page.redirect('/me/sessions');
      page.clearSessionCookie();
      return page.redirect(`/signed-out?lang=${page.language}`);
    },
  });
}
