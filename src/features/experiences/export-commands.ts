import { UserError } from '../../core/errors.ts';
import type { OutboundFile } from '../../core/event.ts';
import {
  csvFile as archiveCsv,
  EXPORT_FORMATS,
  jsonFile as archiveJson,
  type ExportFormat,
} from '../archives/archive-file.ts';
import { archiveClock } from '../archives/csv-clock.ts';
import type { CsvClock } from '../archives/csv-file.ts';
import type { Ctx } from '../services.ts';
import type { ExperienceService } from './experience-service.ts';
import { authorNameOf } from './experience-view.ts';

/**
 * `/export experiences csv|json` (chairs and curators): the community's whole archive of experiences,
 * every status, sent privately (it names authors and curators). Column names are fixed English words,
 * so that spreadsheets and scripts read every community's file the same way.
 */
type ExportRow = Awaited<ReturnType<ExperienceService['exportRows']>>[number];

export async function exportExperiences(ctx: Ctx, args: string): Promise<void> {
  const community = ctx.requireCommunity();
  const format = (args.trim().toLowerCase() || 'csv') as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) throw new UserError('experience.export.usage');
  ctx.requirePrivateReach();
  const rows = await ctx.services.experiences.submissions.exportRows(community.id);
  const file = format === 'csv' ? csvFile(rows, archiveClock(community)) : jsonFile(rows, community.name);
  await ctx.replyPrivately('experience.export.ready', { count: rows.length, format }, { file });
}

/** The author's name only where they agreed to be named; the consent column says which. */
function author(row: ExportRow): string {
  return row.consent === 'named' ? (authorNameOf(row) ?? '') : '';
}

const CSV_HEADER = [
  'id',
  'status',
  'title',
  'text',
  'tags',
  'library',
  'author',
  'consent',
  'source_name',
  { time: 'source_date' },
  { time: 'submitted_at' },
  { time: 'approved_at' },
  'attachments',
  'newsletter_issue',
];

function csvFile(rows: readonly ExportRow[], clock: CsvClock): OutboundFile {
  const records = rows.map((row) => [
    row.id,
    row.status,
    row.title,
    row.body,
    row.tags.join('; '),
    row.library ?? '',
    author(row),
    row.consent,
    row.sourceName ?? '',
    row.sourceDate ?? '',
    row.submittedAt,
    row.approvedAt ?? '',
    row.attachments.map((a) => a.fileName ?? a.mimeType).join('; '),
    row.newsletterItem?.issue.number ?? '',
  ]);
  return archiveCsv('experiences', CSV_HEADER, records, clock);
}

function jsonFile(rows: readonly ExportRow[], community: string): OutboundFile {
  const experiences = rows.map((row) => ({
    id: row.id,
    status: row.status,
    title: row.title,
    text: row.body,
    tags: row.tags,
    library: row.library,
    author: author(row) || null,
    consent: row.consent,
    source: row.sourceName ? { name: row.sourceName, date: row.sourceDate } : null,
    submittedAt: row.submittedAt,
    approvedAt: row.approvedAt,
    newsletterIssue: row.newsletterItem?.issue.number ?? null,
    attachments: row.attachments,
    history: row.statusChanges.map((change) => ({
      from: change.fromStatus,
      to: change.toStatus,
      // The author's own steps (submitting, resubmitting) name them only as far as their consent does.
      by:
        change.actorId !== null && change.actorId === row.authorId
          ? author(row) || null
          : (change.actor?.displayName ?? null),
      note: change.note,
      at: change.createdAt,
    })),
  }));
  return archiveJson('experiences', community, { experiences });
}
