import { isUserError } from '../../core/errors.ts';
import type { Period, PublishableRow } from '../../features/experiences/newsletter-repository.ts';
import { communityNewsletterDocument, postNewsletterIssue } from '../../features/experiences/newsletter-posting.ts';
import { renderHtml } from '../../features/experiences/newsletter-renderer.ts';
import { isRightToLeft } from '../../i18n/languages.ts';
import type { Page, PageRegistry, PageResult } from '../web-pages.ts';
import { documentStart } from './member-newsletter-view.ts';
import { pageLink, readDateRange, refusalText, todayExample } from './member-page-parts.ts';

/** Entries the preview page shows; the preview's HTML file holds them all. */
const PREVIEW_SHOWN = 30;

/**
 * Compiling a newsletter issue, as `/newsletter [FROM TO]` does in chat: the period typed in the
 * curator's calendar (by default everything approved and not yet in an issue), a preview of the issue
 * as it will be posted (the same document, in the community's language; the whole of it as the HTML
 * file), and Publish, which posts it to every chat of the community with its Markdown and HTML files,
 * as in chat. What the curator saw is what is published: the form carries the period and the latest
 * approval the preview held, so that an experience approved since waits for the next issue.
 */
export function registerNewsletterCompilePages(pages: PageRegistry): void {
  pages.registerPage({
    method: 'GET',
    path: '/curate/newsletter',
    role: 'curator',
    nav: { labelKey: 'web.nav.compile', order: 55, descriptionKey: 'web.compile.offer' },
    handler: (page) => compilePage(page, null, 200),
  });

  pages.registerPage({
    method: 'GET',
    path: '/curate/newsletter/preview.html',
    role: 'curator',
    async handler(page) {
      let period: Period;
      try {
        period = readDateRange(page, page.query('from') ?? '', page.query('to') ?? '');
      } catch (error) {
        // The page's own link carries dates it read; others are a typed URL.
        if (isUserError(error)) return page.notFound();
        throw error;
      }
      const { items } = await page.services.experiences.newsletters.preview(page.community.id, period);
      if (items.length === 0) return page.notFound();
      const doc = await previewDocument(page, period, items);
      return page.file({
        fileName: `newsletter-${doc.number}-preview.html`,
        mimeType: 'text/html',
        content: renderHtml(doc.doc),
      });
    },
  });

  pages.registerPage({
    method: 'POST',
    path: '/curate/newsletter',
    role: 'curator',
    async handler(page) {
      const from = instant(page.field('periodFrom'));
      const to = instant(page.field('periodTo'));
      const asOf = instant(page.field('asOf'));
      if (from === undefined || to === undefined || !asOf) return compilePage(page, page.t('web.compile.stale'), 400);
      const period: Period = { from, to };
      const community = page.community;
      const { newsletters, messages } = page.services.experiences;
      const { items } = await newsletters.preview(community.id, period);
      const ids = items.filter((item) => item.approvedAt && item.approvedAt <= asOf).map((item) => item.id);
      // Published meanwhile by another curator, from chat or here: nothing of this preview is left.
      if (ids.length === 0) return compilePage(page, page.t('web.compile.nothing-left'), 409);
      let issue;
      try {
        issue = await newsletters.publish(community.id, page.member.id, period, ids);
      } catch (error) {
        if (!isUserError(error)) throw error;
        return compilePage(page, refusalText(page, error), 409);
      }
      if (!issue) return compilePage(page, page.t('web.compile.nothing-left'), 409);
      await postNewsletterIssue(
        messages,
        (target, message) => page.messenger.enqueue(target, message),
        community,
        issue,
        period,
      );
      await page.audit('newsletter.publish', {
        number: issue.number,
        experiences: issue.items.length,
        chats: issue.chats.length,
      });
      return page.redirect(pageLink(page, `/newsletters/${issue.number}`, { posted: issue.chats.length }));
    },
  });
}

/** An ISO instant from the form; '' is none (an open period); anything else is undefined (forged). */
function instant(raw: string | undefined): Date | null | undefined {
  if (raw === undefined) return undefined;
  if (raw === '') return null;
  const date = new Date(raw);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The next issue's document as it would be posted: numbered after the last one, dated now. */
async function previewDocument(page: Page, period: Period, items: PublishableRow[]) {
  const issues = await page.services.experiences.newsletters.issues(page.community.id);
  const number = (issues[0]?.number ?? 0) + 1;
  const { messages } = page.services.experiences;
  return {
    number,
    doc: communityNewsletterDocument(messages, page.community, { number, createdAt: new Date(), period, items }),
  };
}

async function compilePage(page: Page, problem: string | null, status: number): Promise<PageResult> {
  const form = { from: page.query('from') ?? '', to: page.query('to') ?? '' };
  let period: Period = { from: null, to: null };
  try {
    period = readDateRange(page, form.from, form.to);
  } catch (error) {
    return render(page, { form, problem: refusalText(page, error), preview: null }, 400);
  }
  const community = page.community;
  const { items, chats } = await page.services.experiences.newsletters.preview(community.id, period);
  if (items.length === 0) {
    const nothing = page.t('web.compile.nothing', {
      period: period.from || period.to ? 'range' : 'unpublished',
    });
    return render(page, { form, problem, preview: null, nothing }, status);
  }
  const { number, doc } = await previewDocument(page, period, items);
  const shown = documentStart(doc, PREVIEW_SHOWN);
  const latest = Math.max(...items.map((item) => item.approvedAt?.getTime() ?? 0));
  return render(
    page,
    {
      form,
      problem,
      preview: {
        summary: page.t('web.compile.summary', { count: items.length, chats, number }),
        doc: shown.doc,
        more: shown.more > 0 ? page.t('web.compile.more', { count: shown.more }) : null,
        file: pageLink(page, '/curate/newsletter/preview.html', form),
        lang: community.language,
        dir: isRightToLeft(community.language) ? 'rtl' : 'ltr',
        periodFrom: period.from?.toISOString() ?? '',
        periodTo: period.to?.toISOString() ?? '',
        asOf: new Date(latest).toISOString(),
        publish: page.t('web.compile.publish', { number, chats }),
      },
    },
    status,
  );
}

function render(
  page: Page,
  data: { form: { from: string; to: string }; problem: string | null; preview: object | null; nothing?: string },
  status: number,
): Promise<PageResult> {
  return page.render(
    'curator-newsletter',
    {
      title: page.t('web.compile.title'),
      action: page.communityPath('/curate/newsletter'),
      dateHint: page.t('web.compile.date-hint', { example: todayExample(page) }),
      nothing: null,
      archive: (id: number) => page.communityPath(`/archive/${id}`),
      ...data,
    },
    status,
  );
}
