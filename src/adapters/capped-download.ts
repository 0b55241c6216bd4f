import { readFile, stat } from 'node:fs/promises';
import type { FileDownload } from '../core/stored-files.ts';

/**
 * The bytes at `url`, refusing more than `maxBytes`: by the announced length first, then while reading,
 * so that a file past the limit is never held whole in memory. With `localFiles`, a `file:` URL is read
 * from disk: a self-hosted Bot API server in local mode keeps its files on this machine, and telegraf
 * then names them `file://<api host>/<absolute path>` (so only the path counts). Any other caller's
 * `file:` URL is refused: a link a platform hands out must not read this machine's files. Errors never
 * name the URL: a Bot API file URL carries the bot's token.
 */
export async function downloadCapped(
  url: URL,
  maxBytes: number,
  timeoutMs: number,
  options: { localFiles?: boolean } = {},
): Promise<FileDownload> {
  if (url.protocol === 'file:') {
    if (!options.localFiles) return { ok: false, kind: 'gone', error: 'a file: link is not downloaded' };
    return readLocal(decodeURIComponent(url.pathname), maxBytes);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, kind: 'gone', error: `a ${url.protocol} link is not downloaded` };
  }
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    return { ok: false, kind: 'retry', error: describe(error) };
  }
  if (!response.ok) {
    await response.body?.cancel();
    return httpFailure(response);
  }
  const announced = Number(response.headers.get('content-length') ?? NaN);
  if (announced > maxBytes) {
    await response.body?.cancel();
    return tooBig(announced, maxBytes);
  }
  try {
    return await readCapped(response, maxBytes);
  } catch (error) {
    return { ok: false, kind: 'retry', error: describe(error) };
  }
}

async function readCapped(response: Response, maxBytes: number): Promise<FileDownload> {
  const chunks: Buffer[] = [];
  let total = 0;
  const reader = response.body?.getReader();
  if (!reader) return { ok: true, bytes: Buffer.alloc(0) };
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return tooBig(total, maxBytes);
    }
    chunks.push(Buffer.from(value));
  }
  return { ok: true, bytes: Buffer.concat(chunks) };
}

async function readLocal(path: string, maxBytes: number): Promise<FileDownload> {
  try {
    const { size } = await stat(path);
    if (size > maxBytes) return tooBig(size, maxBytes);
    return { ok: true, bytes: await readFile(path) };
  } catch (error) {
    return { ok: false, kind: 'gone', error: describe(error) };
  }
}

function httpFailure(response: Response): FileDownload {
  const error = `HTTP ${response.status}`;
  if (response.status === 429) {
    const seconds = Number(response.headers.get('retry-after') ?? NaN);
    return Number.isFinite(seconds)
      ? { ok: false, kind: 'retry', error, retryAfterMs: seconds * 1000 }
      : { ok: false, kind: 'retry', error };
  }
  if (response.status >= 500 || response.status === 408) return { ok: false, kind: 'retry', error };
  // 404 and 403: the file is gone, or its signed link expired (Discord's CDN links last about a day).
  return { ok: false, kind: 'gone', error };
}

function tooBig(bytes: number, maxBytes: number): FileDownload {
  return { ok: false, kind: 'too-big', error: `${bytes} bytes, more than the ${maxBytes} allowed` };
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.name}: ${error.message}${cause}`;
}
