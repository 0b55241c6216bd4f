import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TelegramAdapter } from '../../../src/adapters/telegram/telegram-adapter.ts';
import { silentLogger } from '../../../src/logger.ts';

/**
 * A Bot API server whose getFile names every file by an absolute path on the bot's machine, as a
 * self-hosted server in local mode does — and as a hostile or compromised server could, pointing at
 * the bot's `.env`.
 */
const TOKEN = '123456:local-files-test-token-abcdefghij';
let dir: string;
let secretFile: string;
let server: Server;
let apiRoot: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hamkar-local-files-'));
  secretFile = path.join(dir, '.env');
  await writeFile(secretFile, 'TELEGRAM_BOT_TOKEN=secret\n');
  server = createServer((request, response) => {
    response.setHeader('content-type', 'application/json');
    if (request.url?.endsWith('/getFile')) {
      response.end(JSON.stringify({ ok: true, result: { file_id: 'f', file_unique_id: 'u', file_path: secretFile } }));
      return;
    }
    response.statusCode = 404;
    response.end(JSON.stringify({ ok: false, error_code: 404, description: 'Not Found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

function adapter(platform: 'telegram' | 'bale', localFiles: boolean | undefined): TelegramAdapter {
  return new TelegramAdapter({
    token: TOKEN,
    apiRoot,
    platform,
    logger: silentLogger(),
    requestTimeoutMs: 5_000,
    ...(localFiles === undefined ? {} : { localFiles }),
  });
}

describe('a file_path that is a path on the bot’s machine', () => {
  it('GIVEN Telegram without TELEGRAM_LOCAL_FILES THEN it is refused, nothing read from disk', async () => {
    expect(await adapter('telegram', undefined).download('f', 1024)).toMatchObject({ ok: false, kind: 'gone' });
    expect(await adapter('telegram', false).download('f', 1024)).toMatchObject({ ok: false, kind: 'gone' });
  });

  it('GIVEN Bale, even with local files asked for THEN it is refused: Bale has no self-hosted server', async () => {
    expect(await adapter('bale', true).download('f', 1024)).toMatchObject({ ok: false, kind: 'gone' });
  });

  it('GIVEN Telegram with the operator’s own server declared (TELEGRAM_LOCAL_FILES=on) THEN the file is read', async () => {
    const download = await adapter('telegram', true).download('f', 1024);
    expect(download).toMatchObject({ ok: true });
    expect(download.ok && download.bytes.toString()).toBe('TELEGRAM_BOT_TOKEN=secret\n');
  });
});
