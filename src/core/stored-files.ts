import type { PlatformAdapter } from './adapter.ts';
import type { OutboundFile, OutboundMessage, StoredFile } from './event.ts';

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

/** The stored file of a message, when it lives on `platform`. */
export function storedOn(message: OutboundMessage, platform: string): StoredFile | undefined {
  return message.storedFile?.platform === platform ? message.storedFile : undefined;
}
