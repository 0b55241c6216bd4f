import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { acquireDataDirLock, DataDirInUseError } from '../../src/db/data-dir-lock.ts';
import { startEmbeddedServer } from '../../src/db/embedded-server.ts';
import { openDatabase } from '../../src/db/database.ts';
import { applyMigrations } from '../../src/db/migrate.ts';
import { DEFAULT_MIGRATIONS_DIR } from '../../src/db/migrations-dir.ts';
import { recoverLeftoverServer } from '../../src/db/pg-orphan-recovery.ts';
import { silentLogger } from '../../src/logger.ts';
import { PROJECT_ROOT } from '../../scripts/production-command.ts';
import { E2E_BUILD_DIR } from './e2e-build.ts';
import type { TestDatabaseServer } from './test-database.ts';

/** Every temporary folder of database tests starts with this, so that a later run can clean it up. */
export const TEST_DIR_PREFIX = 'hamkar-test-';

const TEMPLATE_DATABASE = 'hamkar_template';

/**
 * One embedded PostgreSQL for the whole run, with a template database migrated once;
 * `createTestDatabase()` copies the template for each test (see test-database.ts).
 * With HAMKAR_TEST_DATABASE_URL (a superuser on a PostgreSQL server, as CI starts one), the same
 * template lives on that server instead, so the database suites also prove the server path.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  buildForBotProcesses();
  await removeLeftoversOfKilledRuns();
  // Made beside the template database, for the bot processes that copy it (seed-data-dir.ts).
  const seedRoot = await makeTestDir();
  const seedDataDir = path.join(seedRoot, 'data');
  const seeding = makeSeedDataDir(seedDataDir);
  const removeSeed = () => rm(seedRoot, { recursive: true, force: true });
  let teardown: () => Promise<void>;
  try {
    const externalUrl = process.env.HAMKAR_TEST_DATABASE_URL;
    teardown = await (externalUrl ? setupOnServer(project, externalUrl) : setupEmbedded(project));
  } catch (error) {
    await seeding.catch(() => undefined);
    await removeSeed();
    throw error;
  }
  try {
    await seeding;
  } catch (error) {
    await teardown();
    await removeSeed();
    throw error;
  }
  // Held for the run: another test run starting meanwhile takes an unlocked folder of ours that is
  // older than ten minutes for a killed run's leftover (removeLeftoversOfKilledRuns) and deletes it.
  const seedLock = acquireDataDirLock(seedDataDir);
  project.provide('hamkarSeedDataDir', seedDataDir);
  return async () => {
    await teardown();
    seedLock.release();
    await removeSeed();
  };
}

async function setupEmbedded(project: TestProject): Promise<() => Promise<void>> {
  const logger = silentLogger();
  const root = await makeTestDir();
  const server = await startEmbeddedServer({
    dataDir: root,
    logger,
    durable: false,
    settings: { max_connections: '300' },
  });
  try {
    const admin: pg.ClientConfig = { ...server.connection, database: 'postgres' };
    await query(admin, `CREATE DATABASE "${TEMPLATE_DATABASE}"`);
    await applyMigrations({
      connection: { ...server.connection, database: TEMPLATE_DATABASE },
      migrationsDir: DEFAULT_MIGRATIONS_DIR,
      logger,
    });
    // No one may connect to a template while it is copied; refusing connections makes that certain.
    await query(admin, `ALTER DATABASE "${TEMPLATE_DATABASE}" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
  } catch (error) {
    await server.stop();
    throw error;
  }
  const provided: TestDatabaseServer = { ...server.connection, templateDatabase: TEMPLATE_DATABASE };
  project.provide('hamkarTestDatabaseServer', provided);

  return async () => {
    await server.stop();
    await rm(root, { recursive: true, force: true });
  };
}

async function setupOnServer(project: TestProject, url: string): Promise<() => Promise<void>> {
  const parsed = new URL(url);
  const address = {
    host: parsed.searchParams.get('host') ?? parsed.hostname,
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
  };
  const admin: pg.ClientConfig = { ...address, database: decodeURIComponent(parsed.pathname.slice(1)) || 'postgres' };
  // Its own name, so that two runs against one server never share a template.
  const template = `${TEMPLATE_DATABASE}_${process.pid}`;
  await query(admin, `DROP DATABASE IF EXISTS "${template}"`);
  await query(admin, `CREATE DATABASE "${template}"`);
  await applyMigrations({
    connection: { ...address, database: template },
    migrationsDir: DEFAULT_MIGRATIONS_DIR,
    logger: silentLogger(),
  });
  await query(admin, `ALTER DATABASE "${template}" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
  project.provide('hamkarTestDatabaseServer', { ...address, templateDatabase: template });
  return async () => {
    // The copies workers kept for reuse (test-database.ts) go with the template.
    const copies = new pg.Client(admin);
    await copies.connect();
    try {
      const { rows } = await copies.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE starts_with(datname, $1)`,
        [`${template}_copy_`],
      );
      for (const { datname } of rows) await copies.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    } finally {
      await copies.end();
    }
    await query(admin, `ALTER DATABASE "${template}" WITH IS_TEMPLATE false`);
    await query(admin, `DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
  };
}

/**
 * Makes `dataDir` as the bot's first start leaves it once initdb and the migrations are done (its
 * embedded database cluster, migrated, stopped), the way `openDatabase` makes it, before any of the
 * bot's own rows: test/support/seed-data-dir.ts copies it for bot processes not about the first start.
 */
async function makeSeedDataDir(dataDir: string): Promise<void> {
  const database = await openDatabase({ dataDir, logger: silentLogger() });
  await database.close();
}

/** The current sources built once (incrementally: a few ms when nothing changed) for test/e2e/bot-process.ts. */
function buildForBotProcesses(): void {
  const build = spawnSync(
    process.execPath,
    [path.join(PROJECT_ROOT, 'scripts', 'build.mjs'), '--incremental', '--out-dir', E2E_BUILD_DIR],
    { cwd: PROJECT_ROOT, encoding: 'utf8' },
  );
  if (build.status !== 0) throw new Error(`the build for the bot processes failed:\n${build.stdout}${build.stderr}`);
}

/**
 * A temporary folder that the PostgreSQL system user can enter: `mkdtemp` makes 0700 folders, and as
 * root PostgreSQL runs as another user. Test files use the same helper for their own data folders.
 */
export async function makeTestDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), TEST_DIR_PREFIX));
  await chmod(dir, 0o755);
  return dir;
}

/**
 * A run that was killed (Ctrl-C twice, CI timeout) leaves its servers running and its folders behind.
 * A folder is a leftover when it is old and none of its data directories is locked by a live process;
 * its servers are stopped before it is deleted. The age check keeps us off folders that another run,
 * starting right now, has created but not locked yet.
 */
async function removeLeftoversOfKilledRuns(): Promise<void> {
  const base = tmpdir();
  const names = (await readdir(base)).filter((name) => name.startsWith(TEST_DIR_PREFIX));
  for (const name of names) {
    const dir = path.join(base, name);
    const info = await stat(dir).catch(() => null);
    if (!info?.isDirectory() || Date.now() - info.mtimeMs < 10 * 60_000) continue;
    const dataDirs = [dir, ...(await readdir(dir)).map((child) => path.join(dir, child))].filter((candidate) =>
      existsSync(path.join(candidate, 'postgres')),
    );
    if (await stopLeftoverServers(dataDirs)) await rm(dir, { recursive: true, force: true });
  }
}

async function stopLeftoverServers(dataDirs: string[]): Promise<boolean> {
  for (const dataDir of dataDirs) {
    let lock;
    try {
      lock = acquireDataDirLock(dataDir);
    } catch (error) {
      if (error instanceof DataDirInUseError) return false;
      throw error;
    }
    try {
      await recoverLeftoverServer(path.join(dataDir, 'postgres'), silentLogger());
    } finally {
      lock.release();
    }
  }
  return true;
}

async function query(connection: pg.ClientConfig, sql: string): Promise<void> {
  const client = new pg.Client(connection);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
