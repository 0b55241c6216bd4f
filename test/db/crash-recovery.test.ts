import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it, type TestContext } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { isProcessRunning } from '../../src/db/process-info.ts';
import { postmasterPidPath, readPostmasterPid } from '../../src/db/postmaster-pid.ts';
import { silentLogger } from '../../src/logger.ts';
import { makeTestDir } from '../support/global-setup.ts';
import { copySeedDataDir } from '../support/seed-data-dir.ts';
import { DbWriterProcess } from './db-writer-process.ts';

/**
 * What a test set up, torn down in reverse order when it finishes. Each test has its own, and asserts
 * with its context's `expect`: the tests run concurrently, each waiting mostly on its own PostgreSQL
 * starting, recovering and stopping.
 */
function cleanupsOf(onTestFinished: TestContext['onTestFinished']): Array<() => Promise<unknown>> {
  const cleanups: Array<() => Promise<unknown>> = [];
  onTestFinished(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return cleanups;
}

// None of these tests is about the first start: each data folder is a copy of the seeded one (initialised
// and migrated), which spares an initdb and every migration.
describe.concurrent('recovery of the embedded server after the bot was killed', () => {
  it('GIVEN a bot killed with SIGKILL while writing THEN the next open stops its orphaned server, starts its own and keeps every committed row', async ({
    expect,
    onTestFinished,
  }) => {
    const cleanups = cleanupsOf(onTestFinished);
    const root = await makeTestDir();
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    const dataDir = await copySeedDataDir(path.join(root, 'data'));
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
    const found = await database.prisma.auditLog.findMany({
      where: { id: { in: writer.ids } },
      select: { id: true },
    });
    expect(found.map((row) => row.id).sort((a, b) => a - b)).toEqual([...writer.ids].sort((a, b) => a - b));
    expect(writer.ids.length).toBeGreaterThanOrEqual(30);

    await database.close();
    expect(existsSync(postmasterPidPath(pgdata))).toBe(false);
    expect(existsSync(path.join(dataDir, 'hamkar.lock'))).toBe(false);
  }, 120_000);

  it('GIVEN a postmaster.pid whose pid now belongs to an unrelated process (as after a reboot) THEN the open removes it and starts the server', async ({
    expect,
    onTestFinished,
  }) => {
    const cleanups = cleanupsOf(onTestFinished);
    const root = await makeTestDir();
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    const dataDir = await copySeedDataDir(path.join(root, 'data'));
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
  }, 120_000);
  it('GIVEN a postmaster.pid naming a zombie (a server killed with its bot, not yet reaped by PID 1) THEN the open removes it and starts the server', async ({
    expect,
    onTestFinished,
  }) => {
    const cleanups = cleanupsOf(onTestFinished);
    const root = await makeTestDir();
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    const dataDir = await copySeedDataDir(path.join(root, 'data'));
    const pgdata = path.join(dataDir, 'postgres');
    const first = await openDatabase({ dataDir, logger: silentLogger() });
    await first.prisma.auditLog.create({ data: { action: 'before-the-kill', details: {} } });
    await first.close();
    const owner = statSync(pgdata);
    const zombie = await zombieOf(owner.uid, owner.gid);
    cleanups.push(zombie.reap);
    // PostgreSQL itself sees the zombie's pid alive and would refuse: "lock file postmaster.pid already exists".
    await writeFile(postmasterPidPath(pgdata), `${zombie.pid}\n${pgdata}\n`);
    await writeFile(path.join(pgdata, '.s.PGSQL.5432.lock'), `${zombie.pid}\n${pgdata}\n`);

    const database = await openDatabase({ dataDir, logger: silentLogger() });
    cleanups.push(() => database.close());

    expect(readPostmasterPid(pgdata)?.pid).not.toBe(zombie.pid);
    expect(await database.prisma.auditLog.count()).toBe(1);
  }, 120_000);

  it('GIVEN the bot and its PostgreSQL killed together (SIGKILL to both), ten times over THEN every next start recovers and keeps every committed row', async ({
    expect,
    onTestFinished,
  }) => {
    const cleanups = cleanupsOf(onTestFinished);
    const root = await makeTestDir();
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    const dataDir = await copySeedDataDir(path.join(root, 'data'));
    const pgdata = path.join(dataDir, 'postgres');
    const committed: number[] = [];
    for (let round = 1; round <= 10; round++) {
      const writer = new DbWriterProcess(dataDir);
      cleanups.push(() => writer.kill('SIGKILL'));
      await writer.waitForIds(1);
      const server = readPostmasterPid(pgdata)!.pid;
      // As a container stop or a cgroup's OOM killer does: the whole tree at once, server first.
      process.kill(server, 'SIGKILL');
      await writer.kill('SIGKILL');
      committed.push(...writer.ids);
    }
    const database = await openDatabase({ dataDir, logger: silentLogger() });
    cleanups.push(() => database.close());
    const found = await database.prisma.auditLog.findMany({ where: { id: { in: committed } }, select: { id: true } });
    expect(found).toHaveLength(committed.length);
  }, 240_000);
});

/**
 * A zombie of the given user: a shell starts a short `sleep` in the background, then becomes a long
 * `sleep` itself (`exec`), which never waits for its child, so the short one stays unreaped.
 */
async function zombieOf(uid: number, gid: number): Promise<{ pid: number; reap: () => Promise<void> }> {
  const parent = spawn('sh', ['-c', 'sleep 0.05 & echo $!; exec sleep 120'], {
    uid,
    gid,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const pid = Number((await once(parent.stdout!, 'data'))[0]);
  while (processState(pid) !== 'Z') await new Promise((resolve) => setTimeout(resolve, 10));
  // Killing the parent hands the zombie to PID 1 (or the closest subreaper), which reaps it some time.
  return { pid, reap: async () => void parent.kill('SIGKILL') };
}

function processState(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]!;
}
