import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { isProcessRunning } from '../../src/db/process-info.ts';
import { postmasterPidPath, readPostmasterPid } from '../../src/db/postmaster-pid.ts';
import { silentLogger } from '../../src/logger.ts';
import { makeTestDir } from '../support/global-setup.ts';
import { DbWriterProcess } from './db-writer-process.ts';

describe('recovery of the embedded server after the bot was killed', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('GIVEN a bot killed with SIGKILL while writing THEN the next open stops its orphaned server, starts its own and keeps every committed row', async () => {
    const root = await makeTestDir();
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    const dataDir = path.join(root, 'data');
    const pgdata = path.join(dataDir, 'postgres');

    const writer = new DbWriterProcess(dataDir);
    cleanups.push(() => writer.kill('SIGKILL'));
    await writer.waitForIds(30);
    await writer.kill('SIGKILL');

    // The premise: the killed bot's PostgreSQL still runs and holds the data directory.
    const orphan = readPostmasterPid(pgdata);
    expect(orphan).not.toBeNull();
    expect(isProcessRunning(orphan!.pid)).toBe(true);

    const database = await openDatabase({ dataDir, logger: silentLogger() });
    cleanups.push(() => database.close());

    expect(isProcessRunning(orphan!.pid)).toBe(false);
    expect(readPostmasterPid(pgdata)?.pid).not.toBe(orphan!.pid);
    const found = await database.prisma.auditLog.findMany({ where: { id: { in: writer.ids } }, select: { id: true } });
    expect(found.map((row) => row.id).sort((a, b) => a - b)).toEqual([...writer.ids].sort((a, b) => a - b));
    expect(writer.ids.length).toBeGreaterThanOrEqual(30);

    await database.close();
    expect(existsSync(postmasterPidPath(pgdata))).toBe(false);
    expect(existsSync(path.join(dataDir, 'hamkar.lock'))).toBe(false);
  });

  it('GIVEN a postmaster.pid whose pid now belongs to an unrelated process (as after a reboot) THEN the open removes it and starts the server', async () => {
    const root = await makeTestDir();
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    const dataDir = path.join(root, 'data');
    const pgdata = path.join(dataDir, 'postgres');
    const first = await openDatabase({ dataDir, logger: silentLogger() });
    await first.prisma.auditLog.create({ data: { action: 'before-reboot', details: {} } });
    await first.close();
    // Of the same user as the server: PostgreSQL ignores a pid of another user by itself.
    const owner = statSync(pgdata);
    const unrelated = spawn('sleep', ['60'], { stdio: 'ignore', uid: owner.uid, gid: owner.gid });
    cleanups.push(async () => void unrelated.kill('SIGKILL'));
    // PostgreSQL would refuse to start: "lock file postmaster.pid already exists" (the pid is alive).
    await writeFile(postmasterPidPath(pgdata), `${unrelated.pid}\n${pgdata}\n`);
    await writeFile(path.join(pgdata, '.s.PGSQL.5432.lock'), `${unrelated.pid}\n${pgdata}\n`);

    const database = await openDatabase({ dataDir, logger: silentLogger() });
    cleanups.push(() => database.close());

    expect(isProcessRunning(unrelated.pid!)).toBe(true);
    expect(readPostmasterPid(pgdata)?.pid).not.toBe(unrelated.pid);
    expect(await database.prisma.auditLog.count()).toBe(1);
  });
});
