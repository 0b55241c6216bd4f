import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedServer, type EmbeddedServer } from '../../src/db/embedded-server.ts';
import { findPgBinaries } from '../../src/db/pg-binaries.ts';
import { copyClusterSeed, makeClusterSeed } from '../../src/db/pg-cluster-seed.ts';
import { resolvePgSystemUser } from '../../src/db/pg-system-user.ts';
import { silentLogger } from '../../src/logger.ts';
import { capturedLogger } from '../support/captured-logger.ts';
import { makeTestDir } from '../support/global-setup.ts';

/**
 * The pristine cluster `npm install` makes (pg-cluster-seed.ts): a first start on a new DATA_DIR copies
 * it instead of running initdb, and what it gets is what initdb would have made: a server that starts,
 * a superuser password of its own (two copies share none), used over TCP when DATA_DIR moves to a path
 * too long for the socket; a seed made by other binaries is not used, and then nothing is written.
 */
let root: string;
let seedDir: string;
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  root = await makeTestDir();
  seedDir = path.join(root, 'cache', 'pg-seed');
  const binaries = await findPgBinaries();
  await makeClusterSeed({
    binaries,
    seedDir,
    superuser: 'hamkar',
    user: await resolvePgSystemUser(path.join(root, 'none'), silentLogger()),
    logger: silentLogger(),
  });
  return () => rm(root, { recursive: true, force: true });
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(dataDir: string, logger = silentLogger()): Promise<EmbeddedServer> {
  const server = await startEmbeddedServer({ dataDir, logger, durable: false, clusterSeedDir: seedDir });
  cleanups.push(() => server.stop());
  return server;
}

async function query<T>(server: EmbeddedServer, sql: string): Promise<T[]> {
  const client = new pg.Client({ ...server.connection, database: 'postgres' });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

const verifier = async (server: EmbeddedServer) =>
  (await query<{ v: string }>(server, `SELECT rolpassword AS v FROM pg_authid WHERE rolname = 'hamkar'`))[0]!.v;

describe('the PostgreSQL seed', () => {
  it('GIVEN two new DATA_DIRs THEN each is a copy of the seed, not an initdb, with a password of its own', async () => {
    const { logs, logger } = capturedLogger();
    const first = await start(path.join(root, 'one'), logger);
    const second = await start(path.join(root, 'two'));
    expect(logs.some((line) => line.includes('from the installed seed'))).toBe(true);
    expect(logs.some((line) => line.includes('initialising the embedded PostgreSQL'))).toBe(false);
    expect(await query(first, `SELECT current_user AS u`)).toEqual([{ u: 'hamkar' }]);

    const [one, two] = [await verifier(first), await verifier(second)];
    expect(one).toMatch(/^SCRAM-SHA-256\$/);
    expect(one).not.toBe(two);
    const passwordFile = path.join(root, 'one', 'postgres.password');
    expect(statSync(passwordFile).mode & 0o777).toBe(0o600);
    expect((await readFile(passwordFile, 'utf8')).trim()).not.toBe(
      (await readFile(path.join(root, 'two', 'postgres.password'), 'utf8')).trim(),
    );
    // The seed itself was only read: never started, its files as initdb left them.
    expect(existsSync(path.join(seedDir, 'postmaster.pid'))).toBe(false);
  });

  it('GIVEN a copy moved to a path too long for the socket THEN its own password opens it over TCP', async () => {
    const dataDir = path.join(root, 'short');
    const server = await start(dataDir);
    await server.stop();
    const moved = path.join(root, 'a-rather-long-folder-name-for-data'.repeat(2), 'data');
    await rm(path.dirname(moved), { recursive: true, force: true });
    await mkdir(path.dirname(moved), { recursive: true });
    await rename(dataDir, moved);
    const overTcp = await start(moved);
    expect(overTcp.connection.host).toBe('127.0.0.1');
    expect(overTcp.connection.password).toBe((await readFile(path.join(moved, 'postgres.password'), 'utf8')).trim());
    expect(await query(overTcp, `SELECT 1 AS one`)).toEqual([{ one: 1 }]);
  });

  it('GIVEN a seed made by other binaries THEN it is not copied, nothing is written, and the start runs initdb', async () => {
    const stampFile = `${seedDir}.json`;
    const stamp = await readFile(stampFile, 'utf8');
    await writeFile(stampFile, stamp.replace(/"initdbSize":\d+/, '"initdbSize":1'));
    cleanups.push(() => writeFile(stampFile, stamp));
    const pgdata = path.join(root, 'stale', 'postgres');
    const copied = await copyClusterSeed({
      binaries: await findPgBinaries(),
      seedDir,
      pgdata,
      superuser: 'hamkar',
      user: null,
      durable: false,
      logger: silentLogger(),
    });
    expect(copied).toBe(false);
    expect(existsSync(pgdata) || existsSync(`${pgdata}.init`)).toBe(false);

    const { logs, logger } = capturedLogger();
    const server = await start(path.join(root, 'stale'), logger);
    expect(logs.some((line) => line.includes('initialising the embedded PostgreSQL'))).toBe(true);
    expect(await query(server, `SELECT 1 AS one`)).toEqual([{ one: 1 }]);
  });
});
