import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from '../logger.ts';
import type { PgBinaries } from './pg-binaries.ts';
import { initialiseCluster } from './pg-cluster-init.ts';
import { serverEnvironment } from './pg-server-process.ts';
import { giveTreeTo, type PgSystemUser } from './pg-system-user.ts';

const run = promisify(execFile);

/*
 * A pristine PostgreSQL cluster, made once by `npm install` (initdb, never started), that a first start
 * on a new DATA_DIR copies instead of running initdb: initdb's bootstrap is about a second of CPU, a
 * copy of its result some 50 ms. The copy is then what initdb would have left: synced to disk (initdb
 * --sync-only) unless the server is a throwaway one, owned by the server's system user, renamed into
 * place only when whole. Its superuser gets a password of its own at the first start (see
 * embedded-server.ts), so two DATA_DIRs made from one seed share nothing but the empty catalogue.
 *
 * A seed is used only while it matches the installed binaries (the stamp names the initdb it came
 * from, with its size and time): a PostgreSQL upgraded by npm is a new seed or, until there is one,
 * initdb as before.
 */

/** What makes a seed: the initdb it was made with, and the superuser it has. */
interface SeedStamp {
  readonly initdb: string;
  readonly initdbSize: number;
  readonly initdbModifiedMs: number;
  readonly superuser: string;
}

/** `<node_modules>/.cache/hamkar/pg-seed`, beside the binaries the seed was made with. */
export function clusterSeedDir(binaries: PgBinaries): string {
  const parts = binaries.binDir.split(path.sep);
  const nodeModules = parts.lastIndexOf('node_modules');
  const base = nodeModules > 0 ? parts.slice(0, nodeModules + 1).join(path.sep) : path.dirname(binaries.binDir);
  return path.join(base, '.cache', 'hamkar', 'pg-seed');
}

function stampOf(binaries: PgBinaries, superuser: string): SeedStamp {
  const initdb = statSync(binaries.initdb);
  return { initdb: binaries.initdb, initdbSize: initdb.size, initdbModifiedMs: initdb.mtimeMs, superuser };
}

const stampFile = (seedDir: string) => `${seedDir}.json`;

async function seedMatches(seedDir: string, binaries: PgBinaries, superuser: string): Promise<boolean> {
  if (!existsSync(path.join(seedDir, 'PG_VERSION'))) return false;
  try {
    const stamp = JSON.parse(await readFile(stampFile(seedDir), 'utf8')) as SeedStamp;
    return JSON.stringify(stamp) === JSON.stringify(stampOf(binaries, superuser));
  } catch {
    return false;
  }
}

export interface MakeSeedOptions {
  readonly binaries: PgBinaries;
  /** The seed's folder: clusterSeedDir(binaries) unless a test keeps its own. */
  readonly seedDir?: string;
  readonly superuser: string;
  /** The system user initdb runs as when we are root (PostgreSQL refuses root); null: ourselves. */
  readonly user: PgSystemUser | null;
  readonly logger: Logger;
}

/** Makes the seed unless a matching one exists; returns its folder. */
export async function makeClusterSeed(options: MakeSeedOptions): Promise<string> {
  const seedDir = options.seedDir ?? clusterSeedDir(options.binaries);
  if (await seedMatches(seedDir, options.binaries, options.superuser)) return seedDir;
  // The stamp goes first and last: a seed being remade is never taken for a whole one.
  await rm(stampFile(seedDir), { force: true });
  await rm(seedDir, { recursive: true, force: true });
  await mkdir(path.dirname(seedDir), { recursive: true, mode: 0o755 });
  // The folder above the seed must let the server's system user through to write initdb's staging dir.
  if (options.user) await chmod(path.dirname(seedDir), 0o755);
  const throwawayPassword = `${seedDir}.password`;
  await initialiseCluster({
    initdb: options.binaries.initdb,
    pgdata: seedDir,
    superuser: options.superuser,
    user: options.user,
    passwordFile: throwawayPassword,
    // Never started and only ever copied: each copy is synced where it is used.
    durable: false,
    logger: options.logger,
  });
  // Its password is replaced in every copy; this one is of no use to anyone.
  await rm(throwawayPassword, { force: true });
  await writeFile(stampFile(seedDir), JSON.stringify(stampOf(options.binaries, options.superuser)), 'utf8');
  return seedDir;
}

export interface CopySeedOptions {
  readonly binaries: PgBinaries;
  /** The seed's folder: clusterSeedDir(binaries) unless a test keeps its own. */
  readonly seedDir?: string;
  readonly pgdata: string;
  readonly superuser: string;
  readonly user: PgSystemUser | null;
  readonly durable: boolean;
  readonly logger: Logger;
  /** See ClusterInitOptions: called once the copy runs in a process of its own. */
  readonly onProgramStarted?: () => void;
}

/**
 * Makes `pgdata` a copy of the seed, as initialiseCluster would have made it with initdb; false (and
 * nothing written) when there is no seed that matches the binaries.
 */
export async function copyClusterSeed(options: CopySeedOptions): Promise<boolean> {
  const { pgdata, user } = options;
  const seedDir = options.seedDir ?? clusterSeedDir(options.binaries);
  if (!(await seedMatches(seedDir, options.binaries, options.superuser))) return false;
  const staging = `${pgdata}.init`;
  await rm(staging, { recursive: true, force: true });
  options.logger.info({ pgdata }, 'making the embedded PostgreSQL data directory from the installed seed');
  try {
    // cp keeps the modes (0700 folders, 0600 files) that PostgreSQL checks; -a keeps the owner as root.
    const copying = run('cp', ['-a', seedDir, staging]);
    // As with initdb: the rest of the bot loads while another process does this part of the work.
    options.onProgramStarted?.();
    await copying;
    if (user && statSync(staging).uid !== user.uid) await giveTreeTo(staging, user);
    if (options.durable) {
      await run(options.binaries.initdb, ['--sync-only', `--pgdata=${staging}`], {
        env: serverEnvironment(),
        ...(user ? { uid: user.uid, gid: user.gid } : {}),
      });
    }
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`copying the PostgreSQL seed to ${pgdata} failed: ${stderr || (error as Error).message}`, {
      cause: error,
    });
  }
  await rename(staging, pgdata);
  return true;
}
