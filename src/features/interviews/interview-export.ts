import { strToU8, zipSync, type Zippable } from 'fflate';
import { UserError } from '../../core/errors.ts';
import { checkAudience } from '../../core/router.ts';
import { DEFAULT_MAX_UPLOAD_BYTES } from '../../core/stored-files.ts';
import type { Ctx } from '../services.ts';
import type { InterviewArchiveService, InterviewForExport } from './interview-archive-service.ts';
import { buildExportDocument } from './interview-export-document.ts';
import { fetchMedia, withoutMedia, type ExportedMedia } from './interview-export-files.ts';
import { renderTranscriptHtml } from './interview-export-html.ts';
import { renderTranscriptMarkdown } from './interview-export-markdown.ts';
import { interviewMetadata } from './interview-export-metadata.ts';

/**
 * `/interview ID export` (curators; the command is the interview flows', which call `exportInterview`):
 * one ZIP with the transcript as Markdown and HTML, every media file fetched from its platform now,
 * files.txt listing each of them (included, or why not) and metadata.json (Dublin Core), sent to the
 * curator privately: it names people and carries their voices.
 */
const EXPORTERS = ['curator'] as const;

/** Room kept beside the text files' own size, for the lines that change once the media are fetched. */
const TEXT_MARGIN = 64 * 1024;

export interface InterviewZip {
  fileName: string;
  bytes: Uint8Array;
  /** Media files in the ZIP, of `count`. */
  included: number;
  count: number;
  /** Whether the media had to be left out because the ZIP with them was past the upload limit. */
  stripped: boolean;
}

export async function exportInterview(ctx: Ctx, interviewId: number): Promise<void> {
  checkAudience(EXPORTERS, ctx, '/interview … export');
  const community = ctx.requireCommunity();
  ctx.requirePrivateReach();
  const archive = ctx.services.interviewArchive;
  const exported = await archive.forExport(community.id, interviewId);
  // The private chat is on the platform the command came from: its upload limit bounds the ZIP.
  const platform = ctx.event.chat.platform;
  const limit = archive.maxUploadBytes(platform) ?? DEFAULT_MAX_UPLOAD_BYTES;
  const zip = await buildInterviewZip(archive, exported, limit);
  if (!zip) {
    throw new UserError('interview.export.too-big', { id: String(interviewId), limit: megabytes(limit) });
  }
  await ctx.replyPrivately(
    'interview.export.ready',
    {
      id: String(interviewId),
      title: exported.title,
      included: zip.included,
      count: zip.count,
      missing: zip.count - zip.included,
      stripped: zip.stripped ? 'yes' : 'no',
      limit: megabytes(limit),
    },
    {
      file: {
        fileName: zip.fileName,
        mimeType: 'application/zip',
        contentBase64: Buffer.from(zip.bytes).toString('base64'),
      },
    },
  );
}

/**
 * The ZIP, at most `limit` bytes: the media that fit in what the text files leave, in transcript
 * order; without any media when even that is too big; null when the text alone is.
 */
export async function buildInterviewZip(
  archive: Pick<InterviewArchiveService, 'download'>,
  exported: InterviewForExport,
  limit: number,
): Promise<InterviewZip | null> {
  const media = exported.transcript.media;
  const textOnly = zipOf(exported, withoutMedia(media.map((m) => ({ media: m }))));
  const budget = limit - textOnly.length - TEXT_MARGIN;
  const fetched = await fetchMedia(media, (p, id, max) => archive.download(p, id, max), budget);
  let stripped = false;
  let bytes = zipOf(exported, fetched);
  if (bytes.length > limit && fetched.some((f) => f.included)) {
    stripped = true;
    bytes = zipOf(exported, withoutMedia(fetched));
  }
  if (bytes.length > limit) return null;
  const included = stripped ? 0 : fetched.filter((f) => f.included).length;
  return { fileName: `interview-${exported.interview.id}.zip`, bytes, included, count: media.length, stripped };
}

function zipOf(exported: InterviewForExport, fetched: readonly ExportedMedia[]): Uint8Array {
  const doc = buildExportDocument(exported, fetched);
  const text = (content: string): Zippable[string] => [strToU8(content), { level: 6 }];
  const entries: Zippable = {
    'transcript.md': text(renderTranscriptMarkdown(doc)),
    'transcript.html': text(renderTranscriptHtml(doc)),
    'files.txt': text([doc.filesHeading, '', ...doc.fileList, ''].join('\n')),
    'metadata.json': text(`${JSON.stringify(interviewMetadata(exported, fetched), null, 2)}\n`),
  };
  // Stored as they are: photos and recordings are compressed already.
  for (const f of fetched) if (f.included) entries[f.path] = [new Uint8Array(f.bytes), { level: 0 }];
  const { finishedAt, startedAt } = exported.interview;
  return zipSync(entries, { mtime: zipTime(finishedAt ?? startedAt) });
}

/** A ZIP stores DOS times, from 1980 to 2107. */
function zipTime(date: Date): Date {
  const earliest = new Date('1980-01-02T00:00:00Z');
  return date.getTime() < earliest.getTime() ? earliest : date;
}

/** Whole megabytes of a limit, as members read them (`10`, `50`). */
function megabytes(bytes: number): number {
  return Math.floor(bytes / (1024 * 1024));
}
