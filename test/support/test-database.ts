import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { connectionUrl, type ServerAddress } from '../../src/db/connection-url.ts';
import { createPrismaClient, type Db } from '../../src/db/prisma-client.ts';

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
  /** Disconnects and drops the database. Idempotent. */
  drop(): Promise<void>;
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

/**
 * A fresh, fully migrated database of its own: `CREATE DATABASE … TEMPLATE` copies the migrated
 * template in tens of milliseconds, so tests never share rows and never wait for migrations.
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const server = testDatabaseServer();
  const name = `test_${randomBytes(6).toString('hex')}`;
  const timeZone = options.timeZone ?? process.env.HAMKAR_TEST_DATABASE_TIMEZONE;
  await withAdminClient(async (client) => {
    await client.query(`CREATE DATABASE "${name}" TEMPLATE "${server.templateDatabase}"`);
    // As an operator's `ALTER DATABASE … SET timezone` would: every session opened without its own
    // TimeZone starts in this zone.
    if (timeZone) await client.query(`ALTER DATABASE "${name}" SET timezone TO ${client.escapeLiteral(timeZone)}`);
  });
  const url = connectionUrl(server, name);
  const prisma = createPrismaClient({ connectionString: url });
  let dropping: Promise<void> | null = null;
  return {
    prisma,
    url,
    name,
    drop() {
      dropping ??= (async () => {
        await prisma.$disconnect();
        await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      })();
      return dropping;
    },
  };
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
