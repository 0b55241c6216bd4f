import { execFile } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { inject } from 'vitest';
import { LOCK_FILE_NAME } from '../../src/db/data-dir-lock.ts';

const run = promisify(execFile);

declare module 'vitest' {
  export interface ProvidedContext {
    /** A DATA_DIR whose embedded database is initialised and migrated, and nothing else (global-setup.ts's makeSeedDataDir). */
    hamkarSeedDataDir: string;
  }
}

/**
 * For a test of a real bot process that is not about the first start: its DATA_DIR begins as a copy
 * of the seed (`cp -a`, so the files keep the PostgreSQL system user as owner), and the bot starts as
 * it would the second time, without running initdb and every migration again (a few seconds of CPU
 * a start). Tests about the first start (a new DATA_DIR, initdb in the server's time zone) do not use it.
 */
export async function copySeedDataDir(dataDir: string): Promise<string> {
  await mkdir(path.dirname(dataDir), { recursive: true });
  await run('cp', ['-a', inject('hamkarSeedDataDir'), dataDir]);
  // The test run holds the seed's lock (global-setup.ts); the copy is the bot's to take.
  await rm(path.join(dataDir, LOCK_FILE_NAME), { force: true });
  return dataDir;
}
