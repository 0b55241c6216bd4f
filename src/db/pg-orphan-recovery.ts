import { readdirSync, realpathSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logger.ts';
import { stopPostgresProcess } from './pg-server-process.ts';
import { isProcessRunning, processArguments, processWorkingDirectory } from './process-info.ts';
import { postmasterPidPath, readPostmasterPid } from './postmaster-pid.ts';

/**
 * Called while we hold the Hamkar lock of the data directory, before starting PostgreSQL.
 *
 * A Hamkar process that was killed (SIGKILL, OOM killer) leaves its PostgreSQL running: the server
 * is a separate process in its own session, and it keeps the data directory locked, so a plain
 * start would fail. Since we hold the Hamkar lock, no live Hamkar process uses that server: we stop
 * it (fast shutdown, so committed work is checkpointed) and start our own, with our settings,
 * rather than adopt one whose settings and log we do not control.
 *
 * A pid file whose server is not running is removed, with the socket lock files. PostgreSQL takes
 * over a stale pid file only when `kill(pid, 0)` fails: a server killed together with its bot (a
 * container stop, a cgroup's OOM killer) stays a zombie until PID 1 reaps it, which in containers
 * is late or never, and a pid reused after a reboot by an unrelated process of the same user is
 * alive too; either way PostgreSQL would refuse to start ("lock file already exists").
 */
export async function recoverLeftoverServer(pgdata: string, logger: Logger): Promise<void> {
  const pidFile = readPostmasterPid(pgdata);
  if (!pidFile) return;
  if (!isProcessRunning(pidFile.pid)) {
    // Gone, or a zombie: the server died with the process that started it.
    logger.info({ postgresPid: pidFile.pid }, 'removing the postmaster.pid of an embedded PostgreSQL that died');
    removeLockFiles(pgdata);
    return;
  }
  if (!isPostgresServing(pidFile.pid, pgdata)) {
    logger.warn(
      { postgresPid: pidFile.pid },
      'removing a stale postmaster.pid whose pid now belongs to another process',
    );
    removeLockFiles(pgdata);
    return;
  }
  logger.warn(
    { postgresPid: pidFile.pid, pgdata },
    'found the embedded PostgreSQL of a Hamkar process that died still running; stopping it before starting again',
  );
  await stopPostgresProcess(pidFile.pid, null);
  // A fast shutdown removes its own pid file; an immediate one or SIGKILL leaves it, naming a zombie.
  if (readPostmasterPid(pgdata)?.pid === pidFile.pid) removeLockFiles(pgdata);
}

/** The pid file, and the socket lock files (our sockets live in the data directory) that carry the same pid. */
function removeLockFiles(pgdata: string): void {
  rmSync(postmasterPidPath(pgdata), { force: true });
  for (const name of readdirSync(pgdata)) {
    if (/^\.s\.PGSQL\.\d+\.lock$/.test(name)) rmSync(path.join(pgdata, name), { force: true });
  }
}

function isPostgresServing(pid: number, pgdata: string): boolean {
  const args = processArguments(pid);
  if (args === null) return true; // no /proc: trust the pid file, as pg_ctl does
  if (!args[0] || !path.basename(args[0]).startsWith('postgres')) return false;
  const cwd = processWorkingDirectory(pid);
  return cwd === null || sameDirectory(cwd, pgdata);
}

function sameDirectory(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}
