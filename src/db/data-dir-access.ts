import { statSync } from 'node:fs';
import path from 'node:path';
import type { PgSystemUser } from './pg-system-user.ts';

/** A folder that the PostgreSQL system user cannot enter. */
export class DataDirAccessError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataDirAccessError';
  }
}

/**
 * When we are root, PostgreSQL runs as another user, which must be able to enter (search, x bit)
 * every folder from `/` down to `target`. `mktemp -d` and Node's `mkdtemp` make 0700 folders, and
 * initdb then fails with a bare "Permission denied"; this check names the folder instead.
 *
 * Mode bits only: ACLs and supplementary groups are not considered (the system user we create has
 * none). Folders that do not exist yet are skipped; the caller creates them.
 */
export function assertTraversableBy(user: PgSystemUser, target: string, label: string, alternative: string): void {
  for (const dir of selfAndAncestors(path.resolve(target))) {
    const info = statSync(dir, { throwIfNoEntry: false });
    if (!info || canEnter(info, user)) continue;
    const mode = (info.mode & 0o7777).toString(8).padStart(4, '0');
    throw new DataDirAccessError(
      `PostgreSQL runs as the system user ${user.name}, which cannot enter ${dir} ` +
        `(mode ${mode}, owner uid ${info.uid}) on the way to ${label} ${target}. ` +
        `Make the folder traversable with \`chmod o+x ${dir}\`, or ${alternative}.`,
    );
  }
}

function canEnter(info: { uid: number; gid: number; mode: number }, user: PgSystemUser): boolean {
  // POSIX checks exactly one class: the owner bits for the owner, else group bits, else other bits.
  if (info.uid === user.uid) return (info.mode & 0o100) !== 0;
  if (info.gid === user.gid) return (info.mode & 0o010) !== 0;
  return (info.mode & 0o001) !== 0;
}

function selfAndAncestors(dir: string): string[] {
  const chain: string[] = [];
  for (let current = dir; ; current = path.dirname(current)) {
    chain.unshift(current);
    if (path.dirname(current) === current) return chain;
  }
}
