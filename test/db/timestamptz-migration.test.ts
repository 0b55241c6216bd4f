import { randomBytes } from 'node:crypto';
import { cp, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../src/db/migrate.ts';
import { DEFAULT_MIGRATIONS_DIR, MIGRATION_LOCK_FILE } from '../../src/db/migrations-dir.ts';
import { silentLogger } from '../../src/logger.ts';
import { makeTestDir } from '../support/global-setup.ts';
import { testDatabaseServer, withAdminClient } from '../support/test-database.ts';

const TIMESTAMPTZ_MIGRATION = '20261207015912_timestamptz_instants';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The project's migrations up to (not including) `last`, in a folder of their own. */
async function migrationsBefore(last: string): Promise<string> {
  const dir = path.join(await makeTestDir(), 'migrations');
  cleanups.push(() => rm(path.dirname(dir), { recursive: true, force: true }));
  for (const entry of await readdir(DEFAULT_MIGRATIONS_DIR)) {
    if (entry === MIGRATION_LOCK_FILE || entry < last) {
      await cp(path.join(DEFAULT_MIGRATIONS_DIR, entry), path.join(dir, entry), { recursive: true });
    }
  }
  return dir;
}

async function withClient<T>(connection: pg.ClientConfig, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(connection);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('the timestamptz migration', () => {
  it('GIVEN instants stored as UTC wall clocks in a database whose timezone is Asia/Tehran THEN each becomes exactly the same instant', async () => {
    const name = `tstz_${randomBytes(6).toString('hex')}`;
    await withAdminClient((client) => client.query(`CREATE DATABASE "${name}"`));
    cleanups.push(() => withAdminClient((client) => client.query(`DROP DATABASE "${name}" WITH (FORCE)`)));
    const connection = { ...testDatabaseServer(), database: name };
    const logger = silentLogger();

    await applyMigrations({ connection, migrationsDir: await migrationsBefore(TIMESTAMPTZ_MIGRATION), logger });
    await withClient(connection, (client) =>
      client.query(
        `INSERT INTO "Community" (name, "joinCode", "createdAt") VALUES ('Old', 'OLDCODE1', '2026-12-07 10:00:00.250')`,
      ),
    );
    // The server's zone is what a conversion without AT TIME ZONE 'UTC' would read the old values in.
    await withAdminClient((client) => client.query(`ALTER DATABASE "${name}" SET timezone TO 'Asia/Tehran'`));

    const applied = await applyMigrations({ connection, migrationsDir: DEFAULT_MIGRATIONS_DIR, logger });
    expect(applied).toContain(TIMESTAMPTZ_MIGRATION);

    const rows = await withClient(connection, async (client) => {
      expect((await client.query<{ TimeZone: string }>('SHOW TimeZone')).rows[0]!.TimeZone).toBe('Asia/Tehran');
      return (
        await client.query<{ type: string; epoch: string }>(
          `SELECT pg_typeof("createdAt")::text AS type, extract(epoch FROM "createdAt")::text AS epoch FROM "Community"`,
        )
      ).rows;
    });
    expect(rows.map((row) => ({ type: row.type, epoch: Number(row.epoch) }))).toEqual([
      { type: 'timestamp with time zone', epoch: Date.UTC(2026, 11, 7, 10, 0, 0, 250) / 1000 },
    ]);
  });

  it('GIVEN the migrated schema THEN no column holds a timestamp without time zone', async () => {
    const name = `tstz_${randomBytes(6).toString('hex')}`;
    await withAdminClient((client) => client.query(`CREATE DATABASE "${name}"`));
    cleanups.push(() => withAdminClient((client) => client.query(`DROP DATABASE "${name}" WITH (FORCE)`)));
    const connection = { ...testDatabaseServer(), database: name };
    await applyMigrations({ connection, migrationsDir: DEFAULT_MIGRATIONS_DIR, logger: silentLogger() });
    const naive = await withClient(connection, async (client) =>
      (
        await client.query<{ column: string }>(
          `SELECT table_name || '.' || column_name AS column FROM information_schema.columns
            WHERE table_schema = 'public' AND data_type = 'timestamp without time zone'`,
        )
      ).rows.map((row) => row.column),
    );
    expect(naive).toEqual([]);
  });
});
