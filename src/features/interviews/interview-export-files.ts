import { extensionOf } from '../experiences/attachment-types.ts';
import type { FileDownload } from '../../core/stored-files.ts';
import type { TranscriptMedia } from './interview-transcript.ts';

/**
 * The media of an interview fetched for its export, now, from the platforms that keep them. What
 * cannot be had is kept as a reason, never dropped: the transcript and files.txt list it.
 */

/** Why a media file is not in the ZIP. */
export type MissingReason =
  /** Larger than the platform lets the bot download, or than what is left of the ZIP's room. */
  | 'too-big'
  /** The platform no longer has it. */
  | 'gone'
  /** The platform did not answer now (a 5xx, a 429, the network): another export may get it. */
  | 'retry'
  /** This instance runs no adapter for the file's platform. */
  | 'no-source';

export type ExportedMedia =
  | { media: TranscriptMedia; included: true; path: string; bytes: Buffer }
  | { media: TranscriptMedia; included: false; reason: MissingReason };

export type Download = (platform: string, fileId: string, maxBytes: number) => Promise<FileDownload | null>;

/** What a ZIP entry costs beyond its bytes (headers in the entry and in the central directory). */
const ENTRY_OVERHEAD = 256;

/**
 * Fetches each file, in transcript order, with at most what is left of `budget` bytes: the first
 * files fit, a later one that would not is listed as too big. One at a time: a platform's bytes
 * stay in memory until the ZIP is written, and a burst of downloads would only hit rate limits.
 */
export async function fetchMedia(
  media: readonly TranscriptMedia[],
  download: Download,
  budget: number,
): Promise<ExportedMedia[]> {
  const fetched: ExportedMedia[] = [];
  let left = budget;
  for (const item of media) {
    const path = mediaPath(item);
    const room = left - ENTRY_OVERHEAD - Buffer.byteLength(path) * 2;
    if (room <= 0) {
      fetched.push({ media: item, included: false, reason: 'too-big' });
      continue;
    }
    const result = await download(item.file.platform, item.file.fileId, room);
    if (!result) fetched.push({ media: item, included: false, reason: 'no-source' });
    else if (!result.ok) fetched.push({ media: item, included: false, reason: result.kind });
    else {
      left = room - result.bytes.length;
      fetched.push({ media: item, included: true, path, bytes: result.bytes });
    }
  }
  return fetched;
}

/** The same files, none of them included: what is sent when the ZIP with them would be too big. */
export function withoutMedia(fetched: ReadonlyArray<{ media: TranscriptMedia }>): ExportedMedia[] {
  return fetched.map(({ media }) => ({ media, included: false, reason: 'too-big' }));
}

/** Names some archive tools refuse or misread: path separators, reserved characters, control characters. */
const UNSAFE = /[\\/:*?"<>|\p{Cc}\s]+/gu;
const MAX_NAME = 80;

/**
 * Where a file goes in the ZIP: `media/01-library-1986.jpg`, numbered as in the transcript, its own
 * name kept as far as it is safe, or its kind and type when it came without one (a photo, a voice).
 */
export function mediaPath(item: TranscriptMedia): string {
  const number = String(item.n).padStart(2, '0');
  const given =
    item.file.fileName
      ?.normalize('NFC')
      .replace(UNSAFE, '-')
      .replace(/^[-.]+/, '') ?? '';
  const name = given ? shortened(given) : `${item.file.media}.${extensionFor(item.file.mimeType)}`;
  return `media/${number}-${name}`;
}

/** Audio types the experiences' table does not know (it takes images and documents). */
const AUDIO_EXTENSIONS: Record<string, string> = {
  'audio/ogg': 'ogg',
  'audio/opus': 'opus',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/x-m4a': 'm4a',
  'audio/aac': 'aac',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/webm': 'webm',
};

function extensionFor(mimeType: string): string {
  return AUDIO_EXTENSIONS[mimeType] ?? extensionOf(mimeType);
}

/** At most MAX_NAME characters, the extension kept. */
function shortened(name: string): string {
  const chars = [...name];
  if (chars.length <= MAX_NAME) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 && name.length - dot <= 8 ? name.slice(dot) : '';
  return chars.slice(0, MAX_NAME - [...extension].length).join('') + extension;
}
