import type { Page, PageRegistry } from '../web-pages.ts';

/** The administration's pages, in the order the admin's index and sub-navigation list them. */
export const ADMIN_SECTIONS = ['libraries', 'holidays', 'templates', 'roles', 'chats', 'audit'] as const;
export type AdminSection = (typeof ADMIN_SECTIONS)[number];

/**
 * The administration's index: one entry in the site's navigation for admins, leading to each of its
 * pages (so that the header stays short), each of which repeats the list as a sub-navigation.
 */
export function registerAdminHomePage(pages: PageRegistry): void {
  pages.registerPage({
    method: 'GET',
    path: '/admin',
    role: 'admin',
    nav: { labelKey: 'web.nav.admin', order: 60, descriptionKey: 'web.admin.offer' },
    async handler(page) {
      return page.render('admin-home', {
        title: page.t('web.admin.title'),
        sections: ADMIN_SECTIONS.map((section) => ({
          label: page.t(`web.admin.${section}.title`),
          description: page.t(`web.admin.${section}.offer`),
          href: page.communityPath(`/admin/${section}`),
        })),
      });
    },
  });
}

/** The sub-navigation every administration page shows, with the current one marked. */
export function adminNav(page: Page, current: AdminSection) {
  return ADMIN_SECTIONS.map((section) => ({
    label: page.t(`web.admin.${section}.title`),
    href: page.communityPath(`/admin/${section}`),
    current: section === current,
  }));
}
