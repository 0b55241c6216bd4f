import type { PageRegistry } from '../web-pages.ts';

/** The community's home page: who the member is here, and what their role lets them do. */
export function registerHomePage(pages: PageRegistry): void {
  pages.registerPage({
    method: 'GET',
    path: '/',
    role: 'member',
    nav: { labelKey: 'web.nav.home', order: 0 },
    async handler(page) {
      return page.render('home', {
        title: page.t('web.home.title', { community: page.community.name }),
        greeting: page.t('web.home.greeting', { name: page.member.displayName }),
        roleLine: page.t('web.home.role', { role: page.t(`role.${page.role}`), community: page.community.name }),
        roleDoes: page.t(`web.home.role-does.${page.role}`),
        offers: page.offers,
      });
    },
  });
}
