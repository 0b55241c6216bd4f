import { execFile } from 'node:child_process';
import { lchown, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from '../logger.ts';

const run = promisify(execFile);

/** The system user the embedded PostgreSQL runs as, when it cannot run as ourselves. */
export interface PgSystemUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

export const PG_SYSTEM_USER_NAME = 'hamkar-pg';

/**
 * PostgreSQL refuses to run as root. As root we run it as the owner of an existing data directory
 * (it may have been created by a normal user earlier) or else as a dedicated system user, created
 * on first use. As any other user: null, PostgreSQL runs as ourselves and no user is created.
 */
export async function resolvePgSystemUser(pgdata: string, logger: Logger): Promise<PgSystemUser | null> {
  if (process.getuid?.() !== 0) return null;
  const existing = await stat(pgdata).catch(() => null);
  if (existing && existing.uid !== 0) {
    const name = await commandOutput('id', ['-nu', String(existing.uid)]).catch(() => `uid ${existing.uid}`);
    return { name, uid: existing.uid, gid: existing.gid };
  }
  return (await lookupUser(PG_SYSTEM_USER_NAME)) ?? createSystemUser(PG_SYSTEM_USER_NAME, logger);
}

async function lookupUser(name: string): Promise<PgSystemUser | null> {
  try {
    const [uid, gid] = await Promise.all([commandOutput('id', ['-u', name]), commandOutput('id', ['-g', name])]);
    return { name, uid: Number(uid), gid: Number(gid) };
  } catch {
    return null;
  }
}

async function createSystemUser(name: string, logger: Logger): Promise<PgSystemUser> {
  logger.info({ user: name }, 'creating a system user for the embedded PostgreSQL (it refuses to run as root)');
  const attempts: Array<[string, string[]]> = [
    [
      'useradd',
      [
        '--system',
        '--user-group',
        '--no-create-home',
        '--home-dir',
        '/nonexistent',
        '--shell',
        '/usr/sbin/nologin',
        name,
      ],
    ],
    ['adduser', ['-S', '-D', '-H', '-s', '/sbin/nologin', name]], // BusyBox (Alpine) has no useradd
  ];
  const failures: string[] = [];
  for (const [command, args] of attempts) {
    try {
      await run(command, args);
      break;
    } catch (error) {
      failures.push(`${command}: ${(error as Error).message.trim()}`);
    }
  }
  // Checked after a failure too: a concurrent start may have created the user first.
  const user = await lookupUser(name);
  if (user) return user;
  throw new Error(
    `The embedded PostgreSQL cannot run as root and the system user "${name}" could not be created ` +
      `(${failures.join('; ')}). Create it yourself (useradd --system --user-group ${name}), ` +
      'run Hamkar as a normal user, or set DATABASE_URL to use a PostgreSQL server.',
  );
}

/** Gives a folder and everything in it to `user` (PostgreSQL refuses a data directory not its own). */
export async function giveTreeTo(dir: string, user: PgSystemUser): Promise<void> {
  await lchown(dir, user.uid, user.gid);
  for (const entry of await readdir(dir, { recursive: true })) {
    await lchown(path.join(dir, entry), user.uid, user.gid);
  }
}

async function commandOutput(command: string, args: string[]): Promise<string> {
  const { stdout } = await run(command, args);
  return stdout.trim();
}
