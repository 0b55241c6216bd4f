import type { OutboundFile } from '../../core/event.ts';
import { EXPORT_FORMATS, type ExportFormat } from '../../features/archives/archive-file.ts';
import { archiveClock } from '../../features/archives/csv-clock.ts';
import { meetingsCsv, meetingsJson } from '../../features/archives/meeting-archive-files.ts';
import { pollsCsv, pollsJson } from '../../features/archives/poll-archive-files.ts';
import type { Page, PageRegistry } from '../web-pages.ts';
import { download } from './chair-common.ts';

/** The archives a chair downloads here, as `/export ARCHIVE csv|json` sends them. */
const ARCHIVES = {
  polls: async (page: Page, format: ExportFormat): Promise<OutboundFile> => {
    const rows = await page.services.archives.polls(page.community.id);
    return format === 'csv' ? pollsCsv(rows, archiveClock(page.community)) : pollsJson(rows, page.community.name);
  },
  meetings: async (page: Page, format: ExportFormat): Promise<OutboundFile> => {
    const rows = await page.services.archives.meetings(page.community.id);
    return format === 'csv' ? meetingsCsv(rows, archiveClock(page.community)) : meetingsJson(rows, page.community.name);
  },
} as const;
type ArchiveName = keyof typeof ARCHIVES;

/**
 * The community's whole archives of polls and meetings (every poll with its options and counts, every
 * meeting with its answers), by the same functions as `/export polls|meetings csv|json`. A file is
 * named and dated by the day it is made, as in the chat. Each poll's, survey's and round's own files
 * are on its page.
 */
export function registerChairExportPages(pages: PageRegistry): void {
  pages.registerPage({
    method: 'GET',
    path: '/exports',
    role: 'chair',
    nav: { labelKey: 'web.nav.exports', order: 46, descriptionKey: 'web.exports.offer' },
    async handler(page) {
      return page.render('chair-exports', {
        title: page.t('web.exports.title'),
        archives: (Object.keys(ARCHIVES) as ArchiveName[]).map((name) => ({
          name: page.t(`web.exports.archive.${name}`),
          description: page.t(`web.exports.archive.${name}-about`),
          files: EXPORT_FORMATS.map((format) => ({
            label: page.t('web.exports.format', { format: format.toUpperCase() }),
            href: page.communityPath(`/exports/${name}/${format}`),
          })),
        })),
      });
    },
  });

  pages.registerPage({
    method: 'GET',
    path: '/exports/:archive/:format',
    role: 'chair',
    async handler(page) {
      const name = page.param('archive') ?? '';
      const format = page.param('format') ?? '';
      if (!Object.hasOwn(ARCHIVES, name) || !(EXPORT_FORMATS as readonly string[]).includes(format)) page.notFound();
      const file = await ARCHIVES[name as ArchiveName](page, format as ExportFormat);
      await page.audit('web.export', { archive: name, format });
      return download(page, file);
    },
  });
}
