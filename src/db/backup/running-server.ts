import { readFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { EMBEDDED_SUPERUSER } from '../embedded-server.ts';
import { isProcessRunning } from '../process-info.ts';
import { APP_DATABASE } from '../server-target.ts';

/**
 * How to reach the embedded server a running bot owns, from another process (`npm run backup` while
 * the bot runs): PostgreSQL writes its port, socket folder and listen address into postmaster.pid.
 * Null when no live server runs on this data directory.
 */
export function runningServerConnection(dataDir: string): pg.ClientConfig | null {
  const pgdata = path.join(path.resolve(dataDir), 'postgres');
  let lines: string[];
  try {
    lines = readFileSync(path.join(pgdata, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return null;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  const socketDir = (lines[4] ?? '').trim();
  const listenAddress = (lines[5] ?? '').trim();
  if (!Number.isInteger(pid) || !isProcessRunning(pid) || !Number.isInteger(port)) return null;
  if (socketDir) return { host: socketDir, port, user: EMBEDDED_SUPERUSER, database: APP_DATABASE };
  // The loopback fallback (socket path too long) uses a password kept beside the data.
  const password = readFileSync(path.join(path.resolve(dataDir), 'postgres.password'), 'utf8').trim();
  return { host: listenAddress || '127.0.0.1', port, user: EMBEDDED_SUPERUSER, password, database: APP_DATABASE };
}
