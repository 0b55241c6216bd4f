import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, renameSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { isProcessRunning } from './process-info.ts';
import type { PgSystemUser } from './pg-system-user.ts';
import { readPostmasterPid } from './postmaster-pid.ts';

/** Where the server listens: a Unix socket folder, or a loopback TCP address. */
export interface ListenSpec {
  readonly socketDir: string | null;
  readonly host: string | null;
  readonly port: number;
}

export interface LaunchOptions {
  readonly postgres: string;
  readonly pgdata: string;
  readonly user: PgSystemUser | null;
  readonly listen: ListenSpec;
  /** Extra `-c name=value` server settings. */
  readonly settings: Readonly<Record<string, string>>;
  readonly logFile: string;
  readonly onUnexpectedExit: (code: number | null, signal: NodeJS.Signals | null) => void;
  /**
   * Called once a PostgreSQL program of ours (initdb, then the server) has been spawned and runs in a
   * process of its own: the caller may take this process's CPU meanwhile (main.ts loads the rest of
   * the bot then, not before, so that the steps before the spawn are not held up behind it).
   */
  readonly onProgramStarted?: () => void;
}

export interface RunningPostgres {
  readonly pid: number;
  /** Fast shutdown, escalating to immediate shutdown and SIGKILL if the server does not stop in time. */
  stop(): Promise<void>;
  /** Synchronous fire-and-forget fast shutdown, for process 'exit' handlers. */
  signalShutdown(): void;
}

const READY_TIMEOUT_MS = 60_000; // crash recovery replays WAL before "ready"; usually well under a second

/**
 * Starts `postgres` directly rather than through `pg_ctl`: arguments go without a shell (paths need no
 * quoting), the server is our child (we see it exit and reap it, so no zombie is left behind), and
 * the log file is opened by us, so it need not be writable by the PostgreSQL system user. `detached`
 * gives it its own session, so a Ctrl-C meant for the bot does not stop the database under it.
 */
export async function launchPostgres(options: LaunchOptions): Promise<RunningPostgres> {
  const { listen } = options;
  const args = ['-D', options.pgdata, '-p', String(listen.port)];
  args.push('-c', `listen_addresses=${listen.host ?? ''}`);
  args.push('-c', `unix_socket_directories=${listen.socketDir === null ? '' : quoteListEntry(listen.socketDir)}`);
  for (const [name, value] of Object.entries(options.settings)) args.push('-c', `${name}=${value}`);

  rotateLog(options.logFile);
  const logFd = openSync(options.logFile, 'a', 0o640);
  const child = (() => {
    try {
      return spawn(options.postgres, args, {
        cwd: options.pgdata,
        detached: true,
        stdio: ['ignore', logFd, logFd],
        env: serverEnvironment(),
        ...(options.user ? { uid: options.user.uid, gid: options.user.gid } : {}),
      });
    } finally {
      closeSync(logFd);
    }
  })();
  // A running server must not keep the bot's event loop alive; stop() and the exit hook end it.
  child.unref();
  options.onProgramStarted?.();

  let exitedEarly = false;
  let ready = false;
  let stopping = false;
  let spawnError = null as Error | null; // set from a callback; `as` keeps TS from narrowing it to null
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exitedEarly = true;
      if (ready && !stopping) options.onUnexpectedExit(code, signal);
      resolve();
    });
    child.once('error', (error) => {
      spawnError = error;
      resolve();
    });
  });
  const pid = child.pid;
  if (pid === undefined) {
    await exited;
    throw new Error(`Could not start ${options.postgres}: ${spawnError?.message ?? 'unknown error'}`);
  }

  try {
    await waitUntilReady(options.pgdata, pid, () => exitedEarly, options.logFile);
    ready = true;
  } catch (error) {
    stopping = true;
    await stopPostgresProcess(pid, exited).catch(() => undefined);
    throw error;
  }

  let stopped: Promise<void> | null = null;
  return {
    pid,
    stop() {
      stopping = true;
      stopped ??= stopPostgresProcess(pid, exited);
      return stopped;
    },
    signalShutdown() {
      stopping = true;
      signalQuietly(pid, 'SIGINT');
    },
  };
}

/**
 * Stops a server by signals, as `pg_ctl stop` would (SIGINT = fast shutdown: open transactions are
 * rolled back, then a checkpoint). `exited` resolves when our own child exits; for a server left by
 * another process (not our child) we poll instead. Bounded to ~5.5 s, so that the bot's whole
 * shutdown stays within the 10 s that service managers give after SIGTERM. A checkpoint that
 * cannot finish in time is cut short by an immediate shutdown, which is safe: the next start
 * replays the WAL.
 */
export async function stopPostgresProcess(pid: number, exited: Promise<void> | null): Promise<void> {
  const steps: Array<[NodeJS.Signals, number]> = [
    ['SIGINT', 3_500],
    ['SIGQUIT', 1_000], // immediate shutdown: no checkpoint, crash recovery on next start
    ['SIGKILL', 1_000],
  ];
  for (const [signal, waitMs] of steps) {
    if (!signalQuietly(pid, signal)) return;
    if (await waitForExit(pid, exited, waitMs)) return;
  }
  throw new Error(`PostgreSQL (pid ${pid}) did not stop, even after SIGKILL.`);
}

async function waitUntilReady(pgdata: string, pid: number, hasExited: () => boolean, logFile: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (hasExited()) {
      throw new Error(`The embedded PostgreSQL exited during startup. End of ${logFile}:\n${logTail(logFile)}`);
    }
    const pidFile = readPostmasterPid(pgdata);
    if (pidFile?.pid === pid && pidFile.status === 'ready') return;
    await sleep(20);
  }
  throw new Error(
    `The embedded PostgreSQL was not ready after ${READY_TIMEOUT_MS / 1000} s. End of ${logFile}:\n${logTail(logFile)}`,
  );
}

async function waitForExit(pid: number, exited: Promise<void> | null, waitMs: number): Promise<boolean> {
  if (exited) {
    const timer = new AbortController();
    const done = await Promise.race([
      exited.then(() => true),
      sleep(waitMs, false, { signal: timer.signal }).catch(() => false),
    ]);
    timer.abort();
    return done;
  }
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline) {
    if (!isProcessRunning(pid)) return true;
    await sleep(25);
  }
  return !isProcessRunning(pid);
}

/** False when the process no longer exists. */
function signalQuietly(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/** `unix_socket_directories` is a comma-separated list; double quotes keep commas and spaces in a path. */
function quoteListEntry(dir: string): string {
  return /[\s,"]/.test(dir) ? `"${dir.replaceAll('"', '""')}"` : dir;
}

/** Our PG* variables (PGHOST, PGPORT…) must not leak into initdb or the server; messages stay in English. */
export function serverEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('PG') && !key.startsWith('LC_') && key !== 'LANG') env[key] = value;
  }
  env.LC_ALL = 'C';
  return env;
}

/** Keeps the previous run's log as `.1`: enough to see why the last run ended, bounded in size. */
function rotateLog(logFile: string): void {
  if (existsSync(logFile)) renameSync(logFile, `${logFile}.1`);
}

function logTail(logFile: string): string {
  try {
    const text = readFileSync(logFile, 'utf8');
    return text.slice(-2_000).trim();
  } catch {
    return '(no log)';
  }
}
