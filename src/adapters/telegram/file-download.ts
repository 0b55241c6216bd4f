import { TelegramError, type Telegram } from 'telegraf';
import type { File } from 'telegraf/types';
import type { FileDownload } from '../../core/stored-files.ts';
import { downloadCapped } from '../capped-download.ts';

/**
 * The Bot API's file limits (Bale follows Telegram's Bot API, limits included): `getFile` serves files
 * of up to 20 MB; a bot uploads photos of up to 10 MB and other files of up to 50 MB.
 */
export const TELEGRAM_MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;
export const TELEGRAM_MAX_PHOTO_BYTES = 10 * 1024 * 1024;
export const TELEGRAM_MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/** A download takes longer than an API call. */
const DOWNLOAD_TIMEOUT_FACTOR = 4;

/**
 * A file the bot received, fetched as the Bot API allows: `getFile` gives its size and path, then
 * the bytes come from `<api root>/file/bot<token>/<path>`. A self-hosted server in local mode gives an
 * absolute path on this machine instead, which telegraf turns into a `file:` link: read only with
 * `localFiles` (the operator's word that the server is theirs), or any server could read the bot's disk.
 */
export class TelegramFileDownloader {
  constructor(
    private readonly telegram: Telegram,
    private readonly timeoutMs: number,
    private readonly localFiles = false,
  ) {}

  async download(fileId: string, maxBytes: number): Promise<FileDownload> {
    const limit = Math.min(maxBytes, TELEGRAM_MAX_DOWNLOAD_BYTES);
    let file: File;
    try {
      // telegraf types the signal with the `abort-controller` shim; node-fetch takes Node's own.
      const signal = AbortSignal.timeout(this.timeoutMs) as never;
      file = await this.telegram.callApi('getFile', { file_id: fileId }, { signal });
    } catch (error) {
      return getFileFailure(error);
    }
    if (file.file_size !== undefined && file.file_size > limit) {
      return { ok: false, kind: 'too-big', error: `${file.file_size} bytes, more than the ${limit} allowed` };
    }
    if (!file.file_path) return { ok: false, kind: 'gone', error: 'getFile gave no file_path' };
    const url = await this.telegram.getFileLink(file);
    return downloadCapped(url, limit, this.timeoutMs * DOWNLOAD_TIMEOUT_FACTOR, {
      localFiles: this.localFiles,
    });
  }
}

function getFileFailure(error: unknown): FileDownload {
  if (!(error instanceof TelegramError)) {
    return {
      ok: false,
      kind: 'retry',
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    };
  }
  const text = `${error.code}: ${error.description}`;
  // Past 20 MB Telegram answers getFile with this 400 rather than a size.
  if (/file is too big/i.test(error.description)) return { ok: false, kind: 'too-big', error: text };
  if (error.code === 429) {
    const seconds = error.parameters?.retry_after ?? 1;
    return { ok: false, kind: 'retry', error: text, retryAfterMs: seconds * 1000 };
  }
  if (error.code >= 500 || error.code === 401) return { ok: false, kind: 'retry', error: text };
  return { ok: false, kind: 'gone', error: text };
}

/** Telegram's answers to a `file_id` it does not know (deleted, garbled, or another bot's). */
export function isUnknownFileId(error: unknown): boolean {
  return (
    error instanceof TelegramError &&
    /wrong (remote )?file identifier|invalid file_?id|file reference/i.test(error.description)
  );
}

/** A photo's `file_id` sent with sendDocument, or a document's with sendPhoto. */
export function isFileTypeMismatch(error: unknown): boolean {
  return error instanceof TelegramError && /type of file mismatch/i.test(error.description);
}
