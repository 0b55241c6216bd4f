import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { downloadCapped } from '../../src/adapters/capped-download.ts';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function localFile(bytes: Buffer): Promise<string> {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hamkar-capped-'));
  const file = path.join(dir, 'documents', 'file 7.pdf');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, bytes);
  return file;
}

describe('downloadCapped with file: links', () => {
  it('GIVEN a self-hosted Bot API link file://<api host>/<absolute path> THEN the local file is read, whatever the host', async () => {
    const file = await localFile(Buffer.from('%PDF-1.7 plan'));
    // What telegraf builds for a local-mode server at TELEGRAM_API_ROOT=http://telegram-bot-api:8081.
    const url = new URL(`file://telegram-bot-api${encodeURI(file)}`);
    const result = await downloadCapped(url, 1_000, 1_000, { localFiles: true });
    expect(result).toEqual({ ok: true, bytes: Buffer.from('%PDF-1.7 plan') });
  });

  it('GIVEN a local file past the limit THEN it is refused as too big', async () => {
    const file = await localFile(Buffer.alloc(2_000));
    const result = await downloadCapped(new URL(`file://${encodeURI(file)}`), 1_000, 1_000, { localFiles: true });
    expect(result).toMatchObject({ ok: false, kind: 'too-big' });
  });

  it('GIVEN a file: link from a caller that does not allow local files (a link a platform handed out) THEN nothing is read', async () => {
    const file = await localFile(Buffer.from('secret'));
    const result = await downloadCapped(new URL(`file://${encodeURI(file)}`), 1_000, 1_000);
    expect(result).toMatchObject({ ok: false, kind: 'gone' });
  });
});
