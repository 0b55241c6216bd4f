import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { connectionUrl, type ServerAddress } from '../../src/db/connection-url.ts';
import { createPrismaClient, type Db } from '../../src/db/prisma-client.ts';
import {
  fingerprintOf,
  POOL_APPLICATION_NAME,
  readTemplateContents,
  seededSignaturesOf,
  wipeDatabase,
  type RecycledState,
  type TemplateContents,
} from './database-recycling.ts';

/** The one embedded server of the test run (started in global-setup.ts), as workers see it. */
export interface TestDatabaseServer extends ServerAddress {
  /** Migrated once per run; every test database is a copy of it. */
  readonly templateDatabase: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    hamkarTestDatabaseServer: TestDatabaseServer;
  }
}

export interface TestDatabase {
  readonly prisma: Db;
  /** `postgresql://` URL of this database (socket folder in the `host` parameter). */
  readonly url: string;
  readonly name: string;
  /** Wipes the database for the next test (or, when it cannot be wiped, disconnects and drops it). Idempotent. */
  drop(): Promise<void>;
  /** Disconnects and drops the database for good, at once: for a test about the database going away. */
  destroy(): Promise<void>;
}

export interface TestDatabaseOptions {
  /**
   * The database's own `timezone` setting (default: `HAMKAR_TEST_DATABASE_TIMEZONE`, else the
   * server's), to prove that nothing depends on the zone a PostgreSQL server is configured with.
   */
  readonly timeZone?: string;
}

export function testDatabaseServer(): TestDatabaseServer {
  return inject('hamkarTestDatabaseServer');
}

/** Per worker: databases tests have finished with, wiped, by the time zone they were made with. */
const idleDatabases = new Map<string, string[]>();
/**
 * Each database's definition when it was made (one that differs at its end is dropped, not reused), and
 * its seeded tables' signatures since its last wipe.
 */
const recycledStates = new Map<string, RecycledState>();
let templateContents: Promise<TemplateContents> | undefined;

/**
 * A fully migrated database of its own, as a fresh copy of the template is: `CREATE DATABASE … TEMPLATE`
 * copies the migrated template, so tests never wait for migrations; a database a test has finished with
 * is wiped back to that state and handed to the next (database-recycling.ts), so tests never share rows.
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const server = testDatabaseServer();
  const timeZone = options.timeZone ?? process.env.HAMKAR_TEST_DATABASE_TIMEZONE ?? '';
  const name = idleDatabases.get(timeZone)?.pop() ?? (await copyTemplate(timeZone));
  const url = connectionUrl(server, name);
  // The client comes with the database: its pooled connections have prepared the bot's statements
  // already, where a new client opened up to ten connections as the app's first jobs started (a few
  // hundred ms a test). drop() leaves it connected; the wipe spares its sessions (POOL_APPLICATION_NAME).
  const prisma = keptClients.get(name) ?? createPrismaClient({ connectionString: withApplicationName(url) });
  let dropping: Promise<void> | null = null;
  return {
    prisma,
    url,
    name,
    drop() {
      dropping ??= (async () => {
        keptClients.set(name, prisma);
        await recycle(name, timeZone);
      })();
      return dropping;
    },
    destroy() {
      dropping ??= (async () => {
        await prisma.$disconnect();
        await forget(name);
      })();
      return dropping;
    },
  };
}

/** Each recycled database's Prisma client, handed to its next test. */
const keptClients = new Map<string, Db>();

function withApplicationName(url: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}application_name=${POOL_APPLICATION_NAME}`;
}

async function copyTemplate(timeZone: string): Promise<string> {
  const server = testDatabaseServer();
  const name = `${server.templateDatabase}_copy_${randomBytes(6).toString('hex')}`;
  await withAdminClient(async (client) => {
    // FILE_COPY copies the template's files (tens of ms); the default, WAL_LOG, writes each of its pages
    // to the WAL and takes several times as long.
    await client.query(`CREATE DATABASE "${name}" TEMPLATE "${server.templateDatabase}" STRATEGY FILE_COPY`);
    // As an operator's `ALTER DATABASE … SET timezone` would: every session opened without its own
    // TimeZone starts in this zone.
    if (timeZone) await client.query(`ALTER DATABASE "${name}" SET timezone TO ${client.escapeLiteral(timeZone)}`);
  });
  await withDatabaseClient(name, async (client) => {
    templateContents ??= readTemplateContents(client);
    const contents = await templateContents;
    recycledStates.set(name, {
      fingerprint: await fingerprintOf(client),
      seeded: await seededSignaturesOf(client, contents),
    });
  });
  return name;
}

/** Wipes the database for the next test; one that cannot be wiped (its definition changed) is dropped. */
async function recycle(name: string, timeZone: string): Promise<void> {
  try {
    await withDatabaseClient(name, async (client) =>
      wipeDatabase(client, await templateContents!, recycledStates.get(name)!),
    );
  } catch {
    await keptClients.get(name)?.$disconnect();
    await forget(name);
    return;
  }
  const idle = idleDatabases.get(timeZone) ?? [];
  idle.push(name);
  idleDatabases.set(timeZone, idle);
}

/**
 * One connection per database kept by the worker, for its fingerprint and its wipes: a new backend reads
 * every table's catalog entries again, which made a wipe three times as slow. A test that ends it
 * (terminating the database's sessions, as outage tests do) gets it replaced.
 */
const wipingClients = new Map<string, Promise<pg.Client>>();

/** Drops the database and everything the worker kept for it. */
async function forget(name: string): Promise<void> {
  recycledStates.delete(name);
  keptClients.delete(name);
  await releaseDatabaseClient(name);
  await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

async function withDatabaseClient<T>(name: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  let kept = wipingClients.get(name);
  if (!kept) {
    kept = (async () => {
      const client = new pg.Client({ ...testDatabaseServer(), database: name });
      const dropKeptClient = () => {
        if (wipingClients.get(name) === kept) wipingClients.delete(name);
      };
      client.on('error', dropKeptClient);
      client.on('end', dropKeptClient);
      await client.connect();
      return client;
    })();
    wipingClients.set(name, kept);
  }
  return work(await kept);
}

/** Ends the kept connection before its database is dropped. */
async function releaseDatabaseClient(name: string): Promise<void> {
  const kept = wipingClients.get(name);
  wipingClients.delete(name);
  await (await kept?.catch(() => undefined))?.end().catch(() => undefined);
}

/** A short-lived connection to the test server's `postgres` database, for CREATE/DROP DATABASE. */
export async function withAdminClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const server = testDatabaseServer();
  const client = new pg.Client({ ...server, database: 'postgres' });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
