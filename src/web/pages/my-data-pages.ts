import type { PageRegistry } from '../web-pages.ts';

/** The member's own data: the same JSON file as `/mydata` in chat, from the same privacy service. */
export function registerMyDataPages(pages: PageRegistry): void {
  pages.registerPage({
    method: 'GET',
    path: '/me/data',
    scope: 'member',
    role: 'member',
    nav: { labelKey: 'web.nav.my-data', order: 900, descriptionKey: 'web.my-data.offer' },
    async handler(page) {
      return page.render('my-data', { title: page.t('web.my-data.title') });
    },
  });

  pages.registerPage({
    method: 'GET',
    path: '/me/data.json',
    scope: 'member',
    role: 'member',
    async handler(page) {
      const json = await page.services.privacy.export(page.member.id);
      return page.file({ fileName: 'hamkar-my-data.json', mimeType: 'application/json', content: json });
    },
  });
}
