import { readFileSync } from 'node:fs';
import path from 'node:path';

/** What PostgreSQL writes into `<pgdata>/postmaster.pid` while it runs (see pidfile.h). */
export interface PostmasterPid {
  readonly pid: number;
  /** 'starting', 'stopping', 'ready' or 'standby'; empty while the file is being written. */
  readonly status: string;
}

export function postmasterPidPath(pgdata: string): string {
  return path.join(pgdata, 'postmaster.pid');
}

/** Null when there is no pid file, or it is unreadable. */
export function readPostmasterPid(pgdata: string): PostmasterPid | null {
  let text: string;
  try {
    text = readFileSync(postmasterPidPath(pgdata), 'utf8');
  } catch {
    return null;
  }
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  return { pid, status: (lines[7] ?? '').trim() };
}
