import type { NewsletterDocument } from '../../features/experiences/newsletter-document.ts';

/**
 * The start of a newsletter document for a page: its first `max` entries, in their groups, and how
 * many are left out. An issue of a whole year's archive would make a page of megabytes; the files
 * (the posted ones, or the preview's) hold every entry.
 */
export function documentStart(doc: NewsletterDocument, max: number): { doc: NewsletterDocument; more: number } {
  let room = max;
  let more = 0;
  const groups: NewsletterDocument['groups'] = [];
  for (const group of doc.groups) {
    const items = group.items.slice(0, Math.max(0, room));
    more += group.items.length - items.length;
    room -= items.length;
    if (items.length > 0) groups.push({ ...group, items });
  }
  return { doc: { ...doc, groups }, more };
}
