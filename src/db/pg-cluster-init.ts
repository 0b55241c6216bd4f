import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chown, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from '../logger.ts';
import type { PgSystemUser } from './pg-system-user.ts';
import { serverEnvironment } from './pg-server-process.ts';

const run = promisify(execFile);

export interface ClusterInitOptions {
  readonly initdb: string;
  readonly pgdata: string;
  readonly superuser: string;
  readonly user: PgSystemUser | null;
  /** Where to keep the superuser password (used only when we must fall back to TCP). */
  readonly passwordFile: string;
  /** False skips fsync during initdb: for throwaway test servers. */
  readonly durable: boolean;
  readonly logger: Logger;
  /**
   * Called once a PostgreSQL program of ours (initdb, then the server) has been spawned and runs in a
   * process of its own: the caller may take this process's CPU meanwhile (main.ts loads the rest of
   * the bot then, not before, so that the steps before the spawn are not held up behind it).
   */
  readonly onProgramStarted?: () => void;
}

/** A random password for the embedded superuser: used only over TCP, when the socket path is too long. */
export function newSuperuserPassword(): string {
  return randomBytes(24).toString('base64url');
}

export function isClusterInitialised(pgdata: string): boolean {
  return existsSync(path.join(pgdata, 'PG_VERSION'));
}

/**
 * Runs initdb into `<pgdata>.init` and renames it into place when it succeeded, so that an
 * interrupted first start (killed bot, full disk) leaves no half-initialised data directory that
 * later starts would mistake for a real one; the leftover staging folder is simply redone.
 *
 * Authentication: trust on the Unix socket, which sits inside the 0700 data directory (only the
 * PostgreSQL user and root can reach it); password (SCRAM) on TCP, which we only use when the socket
 * path would be too long. Locale: the builtin C.UTF-8 provider (PostgreSQL 17+) sorts by code point
 * like C, but upper/lower and ILIKE know Cyrillic and Persian, and it needs no OS locale.
 */
export async function initialiseCluster(options: ClusterInitOptions): Promise<void> {
  const { pgdata, user } = options;
  const staging = `${pgdata}.init`;
  const pwfile = `${pgdata}.initpw`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { mode: 0o700 });
  const password = newSuperuserPassword();
  await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  if (user) {
    await chown(staging, user.uid, user.gid);
    await chown(pwfile, user.uid, user.gid);
  }
  options.logger.info({ pgdata }, 'initialising the embedded PostgreSQL data directory');
  const args = [
    `--pgdata=${staging}`,
    `--username=${options.superuser}`,
    `--pwfile=${pwfile}`,
    '--auth-local=trust',
    '--auth-host=scram-sha-256',
    '--encoding=UTF8',
    '--locale-provider=builtin',
    '--builtin-locale=C.UTF-8',
    '--locale=C',
    '--no-instructions',
    ...(options.durable ? [] : ['--no-sync']),
  ];
  try {
    const initdb = run(options.initdb, args, {
      cwd: path.dirname(pgdata),
      env: serverEnvironment(),
      ...(user ? { uid: user.uid, gid: user.gid } : {}),
    });
    options.onProgramStarted?.();
    await initdb;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`initdb failed for ${pgdata}: ${stderr || (error as Error).message}`, { cause: error });
  } finally {
    await rm(pwfile, { force: true });
  }
  await writeFile(options.passwordFile, `${password}\n`, { mode: 0o600 });
  await rename(staging, pgdata);
}
