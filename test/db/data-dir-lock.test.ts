import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { acquireDataDirLock, DataDirInUseError, LOCK_FILE_NAME } from '../../src/db/data-dir-lock.ts';
import { readPostmasterPid } from '../../src/db/postmaster-pid.ts';
import { silentLogger } from '../../src/logger.ts';
import { makeTestDir } from '../support/global-setup.ts';
import { DbWriterProcess } from './db-writer-process.ts';

const OPEN_FAILED_EXIT_CODE = 3; // test/fixtures/db-writer.ts

describe('one Hamkar process per DATA_DIR', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function tempDir(): Promise<string> {
    const root = await makeTestDir();
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    return root;
  }

  it('GIVEN a bot holding a DATA_DIR THEN a second bot on it is refused with a message naming the holder, and the first server keeps running', async () => {
    const dataDir = path.join(await tempDir(), 'data');
    const database = await openDatabase({ dataDir, logger: silentLogger() });
    cleanups.push(() => database.close());
    const serverPid = readPostmasterPid(path.join(dataDir, 'postgres'))?.pid;

    const second = new DbWriterProcess(dataDir);
    cleanups.push(() => second.kill('SIGKILL'));
    const { code } = await second.exited;

    expect(code).toBe(OPEN_FAILED_EXIT_CODE);
    expect(second.stderr).toContain(`DATA_DIR ${dataDir} is in use by another Hamkar process (pid ${process.pid})`);
    expect(readPostmasterPid(path.join(dataDir, 'postgres'))?.pid).toBe(serverPid);
    await database.prisma.auditLog.create({ data: { action: 'still-works', details: {} } });
    expect(await database.prisma.auditLog.count()).toBe(1);
  });

  it('GIVEN a DATA_DIR already open in this process THEN opening it again is refused', async () => {
    const dataDir = path.join(await tempDir(), 'data');
    const database = await openDatabase({ dataDir, logger: silentLogger() });
    cleanups.push(() => database.close());

    await expect(openDatabase({ dataDir, logger: silentLogger() })).rejects.toThrow(DataDirInUseError);
    expect(await database.prisma.auditLog.count()).toBe(0);
  });

  it('GIVEN a lock file left by a process that died THEN the lock is taken over and released again', async () => {
    const dataDir = await tempDir();
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    await writeFile(path.join(dataDir, LOCK_FILE_NAME), JSON.stringify({ pid: dead, startTime: null }));

    const lock = acquireDataDirLock(dataDir);
    expect(JSON.parse(await readFile(lock.path, 'utf8')).pid).toBe(process.pid);
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
  });

  it('GIVEN a lock file of a live process THEN the lock is refused with that pid', async () => {
    const dataDir = await tempDir();
    await writeFile(path.join(dataDir, LOCK_FILE_NAME), JSON.stringify({ pid: process.ppid, startTime: null }));

    expect(() => acquireDataDirLock(dataDir)).toThrow(
      `DATA_DIR ${dataDir} is in use by another Hamkar process (pid ${process.ppid})`,
    );
  });
});
