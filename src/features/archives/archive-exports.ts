import { UserError } from '../../core/errors.ts';
import type { OutboundFile } from '../../core/event.ts';
import type { Ctx } from '../services.ts';
import { EXPORT_FORMATS, type ExportFormat } from './archive-file.ts';
import { archiveClock } from './csv-clock.ts';
import type { CsvClock } from './csv-file.ts';
import { meetingsCsv, meetingsJson } from './meeting-archive-files.ts';
import { pollsCsv, pollsJson } from './poll-archive-files.ts';

/**
 * `/export polls|meetings csv|json` (chairs and curators): a community's whole archive as one file,
 * sent privately (it names voters, chairs and who answered).
 */
interface Archive<Row> {
  name: 'polls' | 'meetings';
  load(ctx: Ctx, communityId: number): Promise<Row[]>;
  csv(rows: readonly Row[], clock: CsvClock): OutboundFile;
  json(rows: readonly Row[], community: string): OutboundFile;
}

async function sendArchive<Row>(ctx: Ctx, args: string, archive: Archive<Row>): Promise<void> {
  const community = ctx.requireCommunity();
  const format = (args.trim().toLowerCase() || 'csv') as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) throw new UserError('archive.usage');
  ctx.requirePrivateReach();
  const rows = await archive.load(ctx, community.id);
  const file = format === 'csv' ? archive.csv(rows, archiveClock(community)) : archive.json(rows, community.name);
  await ctx.replyPrivately(`archive.${archive.name}.ready`, { count: rows.length, format }, { file });
}

export function exportPolls(ctx: Ctx, args: string): Promise<void> {
  return sendArchive(ctx, args, {
    name: 'polls',
    load: (c, communityId) => c.services.archives.polls(communityId),
    csv: pollsCsv,
    json: pollsJson,
  });
}

export function exportMeetings(ctx: Ctx, args: string): Promise<void> {
  return sendArchive(ctx, args, {
    name: 'meetings',
    load: (c, communityId) => c.services.archives.meetings(communityId),
    csv: meetingsCsv,
    json: meetingsJson,
  });
}
