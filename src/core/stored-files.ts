import type { Logger } from '../logger.ts';
import type { PlatformAdapter, SendResult } from './adapter.ts';
import type { OutboundFile, OutboundMessage } from './event.ts';

/** The bytes of a platform's stored file, or why they cannot be had. */
export type FileDownload =
  | { ok: true; bytes: Buffer }
  /** Larger than `maxBytes`, or than the platform lets a bot download (Telegram: 20 MB). */
  | { ok: false; kind: 'too-big'; error: string }
  /** The platform no longer has it (deleted, or an id it does not know). */
  | { ok: false; kind: 'gone'; error: string }
  /** Try again later: a 5xx, a 429, a network error. */
  | { ok: false; kind: 'retry'; error: string; retryAfterMs?: number };

/** An adapter that can fetch the files its platform keeps (see `StoredFile`). */
export interface FileSource {
  readonly platform: string;
  /** The file's bytes, fetching at most `maxBytes` of them. Never throws for a platform error: returns it. */
  download(fileId: string, maxBytes: number): Promise<FileDownload>;
}

/** An adapter's upload limit, when it declares one. */
export interface UploadLimit {
  /** The largest file this platform lets the bot send. */
  readonly maxUploadBytes: number;
}

/** Discord lets a bot upload 10 MiB in a server without boosts: the smallest limit of the platforms. */
export const DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export function isFileSource(adapter: PlatformAdapter): adapter is PlatformAdapter & FileSource {
  return typeof (adapter as Partial<FileSource>).download === 'function';
}

export function maxUploadBytesOf(adapter: PlatformAdapter): number {
  const declared = (adapter as Partial<UploadLimit>).maxUploadBytes;
  return typeof declared === 'number' ? declared : DEFAULT_MAX_UPLOAD_BYTES;
}

/** The message with the stored file's bytes attached as an ordinary file. */
export function withFileBytes(message: OutboundMessage, bytes: Buffer): OutboundMessage {
  const { storedFile, ...rest } = message;
  if (!storedFile) return message;
  const file: OutboundFile = {
    fileName: storedFile.fileName,
    mimeType: storedFile.mimeType,
    contentBase64: bytes.toString('base64'),
    ...(storedFile.isImage ? { isImage: true } : {}),
  };
  return { ...rest, file };
}

/** Instead of a file that cannot be delivered: the notice that says why, in the recipient's language. */
export function withUnavailableNotice(message: OutboundMessage, why: 'too-big' | 'gone'): OutboundMessage {
  const { storedFile, ...rest } = message;
  if (!storedFile) return message;
  return { ...rest, text: why === 'too-big' ? storedFile.unavailable.tooBig : storedFile.unavailable.gone };
}

/** A message ready to send with its stored file's bytes (or the notice instead), or a retry of it. */
export type FetchedFile = { message: OutboundMessage } | { retry: SendResult };

/**
 * Fetches the message's stored file from `source`, at most `maxBytes` of it: the message then carries
 * the bytes, or, for a file too big or no longer there, the notice that says so. A fetch that may work
 * later (a 5xx, a network error, a 429) makes the whole message a retry.
 */
export async function withFetchedFile(
  message: OutboundMessage,
  source: Pick<FileSource, 'download'>,
  maxBytes: number,
  logger: Logger,
): Promise<FetchedFile> {
  const stored = message.storedFile!;
  const download = await source.download(stored.fileId, maxBytes);
  if (download.ok) return { message: withFileBytes(message, download.bytes) };
  logger.info(
    { from: stored.platform, outcome: download.kind, error: download.error },
    'a stored file could not be fetched',
  );
  if (download.kind !== 'retry') return { message: withUnavailableNotice(message, download.kind) };
  const retry: SendResult = { ok: false, kind: 'retry', error: `fetching the file: ${download.error}` };
  return { retry: download.retryAfterMs === undefined ? retry : { ...retry, retryAfterMs: download.retryAfterMs } };
}

/**
 * What a platform's sender can deliver of a message: a stored file of another platform should have been
 * fetched before it got there (see `withForeignFiles`); without that, the recipient is told the file is
 * unavailable rather than left waiting.
 */
export function withoutUnfetchedFile(message: OutboundMessage, platform: string, logger: Logger): OutboundMessage {
  const stored = message.storedFile;
  if (!stored || stored.platform === platform) return message;
  logger.error(
    { from: stored.platform },
    'a stored file of another platform reached the sender unfetched (wire the adapters with withForeignFiles)',
  );
  return withUnavailableNotice(message, 'gone');
}

/**
 * The file sources of the platforms this process runs, for a feature that reads what a member sent
 * (a CSV to import). Whoever starts the adapters adds them; a platform missing here (the console, a
 * platform this instance does not run) cannot be read, and the feature says so.
 */
export class FileSources {
  private readonly sources = new Map<string, Pick<FileSource, 'download'>>();
  private readonly uploadLimits = new Map<string, number>();

  add(source: FileSource & Partial<UploadLimit>): void {
    this.sources.set(source.platform, source);
    if (typeof source.maxUploadBytes === 'number') this.uploadLimits.set(source.platform, source.maxUploadBytes);
  }

  /**
   * The largest file the bot may send on `platform`, for a feature that builds one (an export): the
   * adapter's own limit when it declared one, else the smallest of the platforms.
   */
  maxUploadBytes(platform: string): number {
    return this.uploadLimits.get(platform) ?? DEFAULT_MAX_UPLOAD_BYTES;
  }

  /** The file's bytes as `FileSource.download` gives them; null when no source here has the platform. */
  async download(platform: string, fileId: string, maxBytes: number): Promise<FileDownload | null> {
    const source = this.sources.get(platform);
    return source ? source.download(fileId, maxBytes) : null;
  }
}
