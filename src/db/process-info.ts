import { readFileSync, readlinkSync } from 'node:fs';

/**
 * Whether a process is running. A zombie (exited, not yet reaped) counts as gone: a PostgreSQL
 * server started by a Hamkar process that died is re-parented to PID 1, and in containers PID 1
 * often reaps late or never, so `kill(pid, 0)` alone would report a stopped server as alive.
 */
export function isProcessRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  const state = readProcStat(pid)?.state;
  return state !== 'Z' && state !== 'X';
}

/**
 * When the process started (clock ticks since boot, from /proc), to tell the process that wrote a
 * pid file from an unrelated one that got the same pid later (after a reboot). Null where /proc is
 * missing (not Linux); callers then trust the pid alone.
 */
export function processStartTime(pid: number): string | null {
  return readProcStat(pid)?.startTime ?? null;
}

/** Argument vector of a process, or null where it cannot be read. */
export function processArguments(pid: number): string[] | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return null;
  }
}

/** Working directory of a process (PostgreSQL changes into its data directory), or null. */
export function processWorkingDirectory(pid: number): string | null {
  try {
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return null;
  }
}

function readProcStat(pid: number): { state: string; startTime: string } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses; fields after the last ')' are plain.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', startTime: fields[19] ?? '' };
  } catch {
    return null;
  }
}
