import type { Translate } from '../../i18n/translator.ts';
import { formatDate, type FormatOptions } from '../../i18n/date-format.ts';
import type { Language } from '../../i18n/languages.ts';
import { excerpt } from './experience-limits.ts';
import { authorNameOf, byline } from './experience-view.ts';
import type { PublishableRow } from './newsletter-repository.ts';

/** A newsletter issue as text in the community's language, before it becomes Markdown or HTML. */
export interface NewsletterDocument {
  language: Language;
  title: string;
  /** The issue's date, period and size, one line. */
  meta: string;
  groups: NewsletterGroup[];
}

export interface NewsletterGroup {
  heading: string;
  items: NewsletterEntry[];
}

export interface NewsletterEntry {
  id: number;
  title: string;
  /** The author's name or "anonymous", and the library when there is one. */
  byline: string;
  excerpt: string;
  /** Where a forwarded message came from. */
  source: string | null;
}

const EXCERPT_LENGTH = 300;

export interface IssueFacts {
  number: number;
  communityName: string;
  createdAt: Date;
  period: { from: Date | null; to: Date | null };
  items: readonly PublishableRow[];
}

/**
 * Groups the experiences by their first tag (the topic they were filed under), the biggest group
 * first, then the interviews with veterans in a section of their own, untagged ones last; each keeps
 * its approval order.
 */
export function buildNewsletterDocument(issue: IssueFacts, t: Translate, format: FormatOptions): NewsletterDocument {
  const untagged = t('newsletter.untagged');
  const groups = new Map<string, NewsletterEntry[]>();
  const interviews: NewsletterEntry[] = [];
  for (const item of issue.items) {
    if (item.kind === 'interview') {
      interviews.push(entry(item, t, format));
      continue;
    }
    const heading = item.tags[0] ?? untagged;
    const list = groups.get(heading) ?? [];
    list.push(entry(item, t, format));
    groups.set(heading, list);
  }
  const ordered = [...groups.entries()]
    .map(([heading, items]) => ({ heading, items }))
    .sort((a, b) => {
      if ((a.heading === untagged) !== (b.heading === untagged)) return a.heading === untagged ? 1 : -1;
      return b.items.length - a.items.length || a.heading.localeCompare(b.heading, format.language);
    });
  if (interviews.length > 0) {
    const beforeUntagged = ordered.length - (groups.has(untagged) ? 1 : 0);
    ordered.splice(beforeUntagged, 0, { heading: t('newsletter.interviews'), items: interviews });
  }
  const date = formatDate(issue.createdAt, format);
  const { from, to } = issue.period;
  const meta = t(from || to ? 'newsletter.doc.meta-period' : 'newsletter.doc.meta', {
    date,
    from: from ? formatDate(from, format) : '…',
    to: to ? formatDate(new Date(to.getTime() - 1), format) : date,
    count: issue.items.length,
  });
  return {
    language: format.language,
    title: t('newsletter.doc.title', { community: issue.communityName, number: issue.number }),
    meta,
    groups: ordered,
  };
}

function entry(item: PublishableRow, t: Translate, format: FormatOptions): NewsletterEntry {
  return {
    id: item.id,
    title: item.title,
    byline: byline(t, { consent: item.consent, authorName: authorNameOf(item), library: item.library }),
    excerpt: excerpt(item.body, EXCERPT_LENGTH),
    source:
      item.sourceName && item.sourceDate
        ? t('experience.source', { name: item.sourceName, date: formatDate(item.sourceDate, format) })
        : null,
  };
}
