import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleAdapter } from '../../../src/adapters/console/console-adapter.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hamkar-console-files-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('files the console writes', () => {
  it('GIVEN an exported file sent to the console THEN it is written readable by the bot’s user only (0600, folder 0700)', async () => {
    const output = new PassThrough();
    const filesDir = path.join(dir, 'files');
    const adapter = new ConsoleAdapter({
      input: new PassThrough(),
      output,
      filesDir,
      userName: 'Nasrin',
      waitForReplies: async () => {},
    });
    const csv = 'member,answer\nSara,yes\n';
    await adapter.send('private-local', {
      text: 'Your export is ready.',
      file: { fileName: 'polls.csv', mimeType: 'text/csv', contentBase64: Buffer.from(csv).toString('base64') },
    });
    const printed = String(output.read());
    const written = /📎 (.+)$/m.exec(printed)![1]!;
    expect(await readFile(written, 'utf8')).toBe(csv);
    expect((await stat(written)).mode & 0o777).toBe(0o600);
    expect((await stat(filesDir)).mode & 0o777).toBe(0o700);
  });
});
