import type { ExperienceRow } from '../../features/experiences/experience-repository.ts';
import { authorLabel, authorNameOf, byline } from '../../features/experiences/experience-view.ts';
import { excerpt } from '../../features/experiences/experience-limits.ts';
import type { ArchiveRow } from '../../features/experiences/search-repository.ts';
import type { Page } from '../web-pages.ts';

/** An experience as the archive list shows it. */
export interface ArchiveItemView {
  id: string;
  href: string;
  title: string;
  byline: string;
  approved: string;
  excerpt: string;
  tags: string[];
  interview: boolean;
  membersOnly: boolean;
  files: string | null;
}

/** An experience shown whole: to a reader of the archive, or to a curator deciding on it. */
export interface ExperienceDetailView {
  id: string;
  title: string;
  interview: boolean;
  /** One line each: author (and library), source, dates. */
  facts: Array<{ label: string; value: string }>;
  tags: string[];
  /** The story in paragraphs, each with its inner line breaks (shown with `white-space: pre-line`). */
  paragraphs: string[];
  files: Array<{ label: string; href: string }>;
}

const EXCERPT_LENGTH = 240;

export function archiveItemView(page: Page, row: ArchiveRow): ArchiveItemView {
  return {
    id: page.number(row.id),
    href: page.communityPath(`/archive/${row.id}`),
    title: row.title,
    byline: byline(page.t, row),
    approved: page.date(row.approvedAt),
    excerpt: excerpt(row.body, EXCERPT_LENGTH),
    tags: row.tags,
    interview: row.kind === 'interview',
    membersOnly: row.membersOnly,
    files: row.attachments > 0 ? page.t('web.archive.files', { count: row.attachments }) : null,
  };
}

/**
 * The whole of an experience. A reader sees the author as the consent allows (anonymous ones name
 * nobody); a curator sees who sent it whatever the consent, and what it will be published as.
 */
export function experienceDetailView(
  page: Page,
  row: ExperienceRow,
  audience: 'reader' | 'curator',
): ExperienceDetailView {
  const facts: Array<{ label: string; value: string }> = [];
  if (audience === 'reader') {
    facts.push({ label: page.t('web.experience.author'), value: authorLabel(page.t, viewOf(row)) });
  } else {
    const name = authorNameOf(row) ?? '—';
    facts.push({
      label: page.t('web.experience.author'),
      value: page.t('web.experience.author-curator', { author: name, consent: row.consent }),
    });
  }
  if (row.library) facts.push({ label: page.t('web.experience.library'), value: row.library });
  if (row.sourceName && row.sourceDate) {
    facts.push({
      label: page.t('web.experience.source'),
      value: page.t('experience.source', { name: row.sourceName, date: page.date(row.sourceDate) }),
    });
  }
  if (audience === 'reader' && row.approvedAt) {
    facts.push({ label: page.t('web.experience.approved'), value: page.date(row.approvedAt) });
  } else {
    facts.push({ label: page.t('web.experience.submitted'), value: page.dateTime(row.submittedAt) });
  }
  return {
    id: page.number(row.id),
    title: row.title,
    interview: row.kind === 'interview',
    facts,
    tags: row.tags,
    paragraphs: row.body
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter(Boolean),
    files: row.attachments.map((attachment, index) => ({
      label: page.t('web.experience.file', {
        n: index + 1,
        name: attachment.fileName ?? attachment.mimeType,
      }),
      href: page.communityPath(`/archive/${row.id}/files/${index + 1}`),
    })),
  };
}

function viewOf(row: ExperienceRow) {
  return { consent: row.consent, authorName: authorNameOf(row) };
}
