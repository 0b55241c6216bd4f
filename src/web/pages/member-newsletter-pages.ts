import { buildNewsletterDocument } from '../../features/experiences/newsletter-document.ts';
import { communityNewsletterDocument } from '../../features/experiences/newsletter-posting.ts';
import { renderHtml, renderMarkdown } from '../../features/experiences/newsletter-renderer.ts';
import type { Page, PageRegistry } from '../web-pages.ts';
import { documentStart } from './member-newsletter-view.ts';
import { idParam } from './member-page-parts.ts';

/** Entries an issue's page shows; its files hold them all. */
const ISSUE_SHOWN = 100;

/**
 * The newsletter issues a community published (`/newsletter` in chat, or the curators' page), to
 * read in the browser in the reader's language and calendar, and as the files that were posted (the
 * same Markdown and HTML, in the community's language).
 */
export function registerNewsletterPages(pages: PageRegistry): void {
  pages.registerPage({
    method: 'GET',
    path: '/newsletters',
    role: 'member',
    nav: { labelKey: 'web.nav.newsletters', order: 20, descriptionKey: 'web.newsletters.offer' },
    async handler(page) {
      const issues = await page.services.experiences.newsletters.issues(page.community.id);
      return page.render('member-newsletters', {
        title: page.t('web.newsletters.title'),
        issues: issues.map((issue) => ({
          href: page.communityPath(`/newsletters/${issue.number}`),
          name: page.t('web.newsletters.issue', { number: issue.number }),
          date: page.date(issue.createdAt),
          count: page.t('web.newsletters.count', { count: issue.count }),
        })),
      });
    },
  });

  pages.registerPage({
    method: 'GET',
    path: '/newsletters/:number',
    role: 'member',
    async handler(page) {
      const issue = await findIssue(page);
      const postedRaw = page.query('posted');
      const posted = postedRaw !== undefined && /^\d{1,6}$/.test(postedRaw) ? Number(postedRaw) : undefined;
      const whole = buildNewsletterDocument({ ...issue, communityName: page.community.name }, page.t, page.format);
      const { doc, more } = documentStart(whole, ISSUE_SHOWN);
      return page.render('member-newsletter', {
        title: doc.title,
        doc,
        more: more > 0 ? page.t('web.newsletters.more', { count: more }) : null,
        files: {
          html: page.communityPath(`/newsletters/${issue.number}/html`),
          markdown: page.communityPath(`/newsletters/${issue.number}/markdown`),
        },
        archive: (id: number) => page.communityPath(`/archive/${id}`),
        // After a curator published it from the dashboard: where it went.
        posted: posted === undefined ? null : page.t('web.compile.published', { number: issue.number, chats: posted }),
        back: page.communityPath('/newsletters'),
      });
    },
  });

  for (const format of ['html', 'markdown'] as const) {
    pages.registerPage({
      method: 'GET',
      path: `/newsletters/:number/${format}`,
      role: 'member',
      async handler(page) {
        const issue = await findIssue(page);
        const doc = communityNewsletterDocument(page.services.experiences.messages, page.community, issue);
        return format === 'html'
          ? page.file({ fileName: `newsletter-${issue.number}.html`, mimeType: 'text/html', content: renderHtml(doc) })
          : page.file({
              fileName: `newsletter-${issue.number}.md`,
              mimeType: 'text/markdown',
              content: renderMarkdown(doc),
            });
      },
    });
  }
}

async function findIssue(page: Page) {
  const issue = await page.services.experiences.newsletters.issue(page.community.id, idParam(page, 'number'));
  return issue ?? page.notFound();
}
