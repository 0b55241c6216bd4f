import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The attachment side of the Discord fake, as Discord's CDN behaves: every link is signed and stops
 * working when the fake expires it (Discord's links last about a day), a file whose message was deleted
 * is no longer served, and the bytes go out in chunks at the pace the client reads them, so that a test
 * sees a download broken off before its end.
 */

/** A file the CDN keeps: a member's attachment or one the bot uploaded. */
export interface CdnFile {
  attachmentId: string;
  channelId: string;
  messageId: string;
  filename: string;
  /** What the message says the file weighs. */
  size: number;
  /** What the CDN serves; made up (`size` bytes of a pattern) when a test gave none. */
  bytes?: Buffer;
}

/** One request for a file's bytes, as the CDN saw it. */
export interface CdnDownload {
  attachmentId: string;
  status: number;
  /** Bytes the CDN handed to the connection before it ended. */
  bytesSent: number;
  /** The whole file went out. */
  completed: boolean;
  /** The client closed the connection before the end (a download refused past its limit). */
  brokenOff: boolean;
}

const PATH = /^\/attachments\/(\d+)\/(\d+)\/[^/]+$/;
const CHUNK_BYTES = 64 * 1024;

export class FakeCdn {
  readonly downloads: CdnDownload[] = [];
  /** Off: the bytes go out chunked, with no `content-length` (a proxy that streams them on). */
  sendsLength = true;
  private readonly files = new Map<string, CdnFile>();
  private readonly signatures = new Set<string>();

  /** `isGone`: whether the file's message was deleted (its files are no longer served). */
  constructor(
    private readonly origin: () => string,
    private readonly isGone: (file: CdnFile) => boolean,
  ) {}

  keep(file: CdnFile): void {
    this.files.set(file.attachmentId, file);
  }

  /** A fresh signed link to the file, as a message fetched from the API carries. */
  link(attachmentId: string): string {
    const file = this.files.get(attachmentId);
    if (!file) throw new Error(`the fake CDN keeps no attachment ${attachmentId}`);
    const signature = randomBytes(8).toString('hex');
    this.signatures.add(signature);
    const expires = Math.floor(Date.now() / 1000 + 86_400).toString(16);
    const name = encodeURIComponent(file.filename);
    return `${this.origin()}/attachments/${file.channelId}/${attachmentId}/${name}?ex=${expires}&is=0&hm=${signature}`;
  }

  /** Every link given so far stops working, as a day later on Discord. */
  expireLinks(): void {
    this.signatures.clear();
  }

  handles(path: string): boolean {
    return PATH.test(path);
  }

  async serve(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const attachmentId = PATH.exec(url.pathname)?.[2] ?? '';
    const file = this.files.get(attachmentId);
    const valid = file && !this.isGone(file) && this.signatures.has(url.searchParams.get('hm') ?? '');
    const status = valid ? 200 : 404;
    const download: CdnDownload = { attachmentId, status, bytesSent: 0, completed: false, brokenOff: false };
    this.downloads.push(download);
    if (req.method !== 'GET' || !valid) {
      // Discord's CDN answers an expired or deleted file so.
      res.writeHead(404, { 'content-type': 'text/plain' }).end('This content is no longer available.');
      return;
    }
    const bytes = file.bytes ?? madeUpBytes(file.size);
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      ...(this.sendsLength ? { 'content-length': String(bytes.length) } : {}),
    });
    let closed = false;
    res.on('close', () => {
      closed = true;
      download.brokenOff = !res.writableFinished;
    });
    for (let offset = 0; offset < bytes.length && !closed; offset += CHUNK_BYTES) {
      const chunk = bytes.subarray(offset, offset + CHUNK_BYTES);
      download.bytesSent += chunk.length;
      if (!res.write(chunk)) await drainedOrClosed(res);
    }
    if (closed) return;
    res.end(() => (download.completed = true));
  }
}

/** Bytes of every value, in an order that shows a shifted or truncated copy. */
export function madeUpBytes(size: number): Buffer {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + 7) % 251;
  return bytes;
}

function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done).off('close', done);
      resolve();
    };
    res.on('drain', done).on('close', done);
  });
}
