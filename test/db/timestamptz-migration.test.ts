import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../src/db/migrate.ts';
import { DEFAULT_MIGRATIONS_DIR } from '../../src/db/migrations-dir.ts';
import { silentLogger } from '../../src/logger.ts';
import { emptyDatabase, migrationsBefore, withClient, type Cleanups } from '../support/migration-upgrade.ts';
import { withAdminClient } from '../support/test-database.ts';

const TIMESTAMPTZ_MIGRATION = '20261207015912_timestamptz_instants';

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('the timestamptz migration', () => {
  it('GIVEN instants stored as UTC wall clocks in a database whose timezone is Asia/Tehran THEN each becomes exactly the same instant', async () => {
    const connection = await emptyDatabase(cleanups, 'tstz');
    const logger = silentLogger();

    await applyMigrations({
      connection,
      migrationsDir: await migrationsBefore(cleanups, TIMESTAMPTZ_MIGRATION),
      logger,
    });
    await withClient(connection, (client) =>
      client.query(
        `INSERT INTO "Community" (name, "joinCode", "createdAt") VALUES ('Old', 'OLDCODE1', '2026-12-07 10:00:00.250')`,
      ),
    );
    // The server's zone is what a conversion without AT TIME ZONE 'UTC' would read the old values in.
    await withAdminClient((client) =>
      client.query(`ALTER DATABASE "${String(connection.database)}" SET timezone TO 'Asia/Tehran'`),
    );

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
    const connection = await emptyDatabase(cleanups, 'tstz');
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
