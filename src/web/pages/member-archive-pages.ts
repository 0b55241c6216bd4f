import { isUserError } from '../../core/errors.ts';
import { roleAllows } from '../../core/roles.ts';
import type { FileDownload } from '../../core/stored-files.ts';
import { REVIEW_AUDIENCE } from '../../features/experiences/review-audience.ts';
import { extensionOf } from '../../features/experiences/attachment-types.ts';
import type { Page, PageRegistry, PageResult } from '../web-pages.ts';
import { archiveItemView, experienceDetailView } from './member-experience-view.ts';
import { idParam, pageLink, readDateRange, readPositive, refusalText, todayExample } from './member-page-parts.ts';

/** Experiences a page of the archive lists. */
export const ARCHIVE_PAGE_SIZE = 20;
/** No archive is this deep: a larger page number is a typed URL, shown as an empty page. */
const MAX_PAGE = 10_000;
/**
 * The largest file fetched for a browser: Telegram and Bale let a bot download at most 20 MB, and
 * the bytes are held in memory while they are sent.
 */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** Platforms whose names the locales spell out (Persian writes them in its own script). */
const NAMED_PLATFORMS = new Set(['telegram', 'bale', 'discord', 'console']);

/**
 * The approved archive for every member: `/archive` searches it with the same Persian-aware matching
 * as `/search` (the same search service) and narrows it by topic, named author and the dates typed in
 * the member's calendar; `/archive/:id` shows an experience whole with its files, which are fetched
 * from the platform they were sent on, as the chat's file buttons do.
 */
export function registerArchivePages(pages: PageRegistry): void {
  pages.registerPage({
    method: 'GET',
    path: '/archive',
    role: 'member',
    nav: { labelKey: 'web.nav.archive', order: 10, descriptionKey: 'web.archive.offer' },
    handler: archivePage,
  });

  pages.registerPage({
    method: 'GET',
    path: '/archive/:id',
    role: 'member',
    async handler(page) {
      const id = idParam(page, 'id');
      const experience = await page.services.experiences.submissions
        .findApproved(page.community.id, id)
        .catch((error: unknown) => {
          if (isUserError(error)) page.notFound();
          throw error;
        });
      const view = experienceDetailView(page, experience, 'reader');
      return page.render('member-experience', {
        title: experience.title,
        experience: view,
        back: page.communityPath('/archive'),
      });
    },
  });

  pages.registerPage({
    method: 'GET',
    path: '/archive/:id/files/:n',
    role: 'member',
    handler: attachmentFile,
  });
}

async function archivePage(page: Page): Promise<PageResult> {
  const form = {
    q: page.query('q') ?? '',
    topic: page.query('topic') ?? '',
    author: page.query('author') ?? '',
    from: page.query('from') ?? '',
    to: page.query('to') ?? '',
  };
  const pageNumber = Math.min(readPositive(page.query('page')) ?? 1, MAX_PAGE);
  const community = page.community.id;
  const { search, topics } = page.services.experiences;
  const [topicList, authors] = await Promise.all([topics.list(community), search.namedAuthors(community)]);
  const authorId = readPositive(form.author) ?? null;
  let problem: string | null = null;
  let period: { from: Date | null; to: Date | null } = { from: null, to: null };
  try {
    period = readDateRange(page, form.from, form.to);
  } catch (error) {
    problem = refusalText(page, error);
  }
  // An author not in the list (named on nothing approved, or gone) finds nothing rather than everything.
  const unknownAuthor = authorId !== null && !authors.some((a) => a.id === authorId);
  const found =
    problem || unknownAuthor
      ? { results: [], total: 0 }
      : await search.browse(
          community,
          { query: form.q, topic: form.topic || null, authorId, ...period },
          (pageNumber - 1) * ARCHIVE_PAGE_SIZE,
          ARCHIVE_PAGE_SIZE,
        );
  const pages = Math.max(1, Math.ceil(found.total / ARCHIVE_PAGE_SIZE));
  const filtered = Object.values(form).some((value) => value.trim() !== '');
  const link = (n: number) => pageLink(page, '/archive', { ...form, page: n === 1 ? null : n });
  return page.render(
    'member-archive',
    {
      title: page.t('web.archive.title'),
      action: page.communityPath('/archive'),
      form,
      topics: topicList.map((topic) => ({ name: topic.name, selected: topic.name === form.topic })),
      authors: authors.map((author) => ({
        id: String(author.id),
        name: author.name,
        selected: author.id === authorId,
      })),
      dateHint: page.t('web.archive.date-hint', { example: todayExample(page) }),
      problem,
      summary: problem
        ? null
        : found.total === 0
          ? page.t(filtered ? 'web.archive.none-found' : 'web.archive.empty')
          : page.t('web.archive.summary', {
              total: found.total,
              from: (pageNumber - 1) * ARCHIVE_PAGE_SIZE + 1,
              to: (pageNumber - 1) * ARCHIVE_PAGE_SIZE + found.results.length,
            }),
      items: found.results.map((row) => archiveItemView(page, row)),
      pager: {
        label: page.t('web.pager.label'),
        position: page.t('web.pager.position', { page: pageNumber, pages }),
        previous: pageNumber > 1 ? link(pageNumber - 1) : null,
        next: pageNumber < pages ? link(pageNumber + 1) : null,
      },
      clear: filtered ? page.communityPath('/archive') : null,
    },
    problem ? 400 : 200,
  );
}

/**
 * An experience's file as a download: the author, a curator (whatever its status) and every member
 * once it is approved may open it (the service's rule, as for the chat's button), in this community
 * only. The bytes come from the platform it was sent on, through the adapters this server runs.
 */
async function attachmentFile(page: Page): Promise<PageResult> {
  const id = idParam(page, 'id');
  const n = idParam(page, 'n');
  const viewer = {
    memberId: page.member.id,
    communityId: page.community.id,
    isCurator: roleAllows(REVIEW_AUDIENCE, page.role),
  };
  const found = await page.services.experiences.submissions.attachmentFor(viewer, id, n).catch((error: unknown) => {
    if (isUserError(error)) page.notFound();
    throw error;
  });
  // The service lets an author open their own files from anywhere; a page is about its community only.
  page.requireSameCommunity(found.experience.communityId);
  const { attachment, experience } = found;
  const fileName = attachment.fileName ?? `experience-${experience.id}-${n}.${extensionOf(attachment.mimeType)}`;
  // The same FileSources as the interview export's media: the adapters of the platforms this process runs.
  const download = await page.services.interviewArchive.download(
    attachment.platform,
    attachment.fileId,
    MAX_FILE_BYTES,
  );
  if (download?.ok) return page.file({ fileName, mimeType: attachment.mimeType, content: download.bytes });
  const problem = fileProblem(download);
  const platform = NAMED_PLATFORMS.has(attachment.platform)
    ? page.t(`platform.${attachment.platform}`)
    : attachment.platform;
  return page.render(
    'member-file-problem',
    {
      title: page.t('web.file.title'),
      message: page.t(`web.file.${problem.key}`, {
        name: fileName,
        platform,
        max: Math.round(MAX_FILE_BYTES / 1024 / 1024),
      }),
      back: page.communityPath(
        experience.status === 'approved' ? `/archive/${experience.id}` : `/curate/review/${experience.id}`,
      ),
    },
    problem.status,
  );
}

function fileProblem(download: FileDownload | null): { key: string; status: number } {
  if (download === null) return { key: 'unreachable', status: 503 };
  if (download.ok) throw new Error('not a problem');
  switch (download.kind) {
    case 'too-big':
      return { key: 'too-big', status: 413 };
    case 'gone':
      return { key: 'gone', status: 410 };
    case 'retry':
      return { key: 'retry', status: 503 };
  }
}
