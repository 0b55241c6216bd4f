import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations, MigrationError } from '../../src/db/migrate.ts';
import { DEFAULT_MIGRATIONS_DIR, MIGRATION_LOCK_CONTENT, readMigrationsDir } from '../../src/db/migrations-dir.ts';
import { silentLogger } from '../../src/logger.ts';
import { makeTestDir } from '../support/global-setup.ts';
import { createTestDatabase, testDatabaseServer, withAdminClient } from '../support/test-database.ts';

interface MigrationRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

describe('migration runner', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** An empty database (not a copy of the migrated template). */
  async function emptyDatabase(): Promise<pg.ClientConfig> {
    const name = `migrate_${randomBytes(6).toString('hex')}`;
    await withAdminClient((client) => client.query(`CREATE DATABASE "${name}"`));
    cleanups.push(() =>
      withAdminClient((client) => client.query(`DROP DATABASE "${name}" WITH (FORCE)`)).then(() => undefined),
    );
    return { ...testDatabaseServer(), database: name };
  }

  async function query<T extends pg.QueryResultRow>(connection: pg.ClientConfig, sql: string): Promise<T[]> {
    const client = new pg.Client(connection);
    await client.connect();
    try {
      return (await client.query<T>(sql)).rows;
    } finally {
      await client.end();
    }
  }

  it('GIVEN an empty database THEN every migration is applied once, a second run is a no-op, and _prisma_migrations rows are in Prisma format', async () => {
    const connection = await emptyDatabase();
    const local = await readMigrationsDir(DEFAULT_MIGRATIONS_DIR);
    expect(local.migrations.length).toBeGreaterThan(0);

    const first = await applyMigrations({ connection, migrationsDir: DEFAULT_MIGRATIONS_DIR, logger: silentLogger() });
    const rowsAfterFirst = await query<MigrationRow>(
      connection,
      'SELECT * FROM "_prisma_migrations" ORDER BY migration_name',
    );
    const second = await applyMigrations({ connection, migrationsDir: DEFAULT_MIGRATIONS_DIR, logger: silentLogger() });
    const rowsAfterSecond = await query<MigrationRow>(
      connection,
      'SELECT * FROM "_prisma_migrations" ORDER BY migration_name',
    );

    expect(first).toEqual(local.migrations.map((m) => m.name));
    expect(second).toEqual([]);
    expect(rowsAfterSecond).toEqual(rowsAfterFirst);
    expect(rowsAfterFirst.map((row) => row.migration_name)).toEqual(local.migrations.map((m) => m.name));
    for (const row of rowsAfterFirst) {
      const file = await readFile(path.join(DEFAULT_MIGRATIONS_DIR, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(file).digest('hex'));
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row.logs).toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
    const tables = await query<{ table_name: string }>(
      connection,
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'AuditLog'`,
    );
    expect(tables).toHaveLength(1);
  });

  it('GIVEN the _prisma_migrations table THEN its columns are exactly the ones Prisma creates', async () => {
    const connection = await emptyDatabase();
    await applyMigrations({ connection, migrationsDir: DEFAULT_MIGRATIONS_DIR, logger: silentLogger() });

    const columns = await query<{ column_name: string; data_type: string; is_nullable: string }>(
      connection,
      `SELECT column_name, data_type, is_nullable FROM information_schema.columns
       WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns).toEqual([
      { column_name: 'id', data_type: 'character varying', is_nullable: 'NO' },
      { column_name: 'checksum', data_type: 'character varying', is_nullable: 'NO' },
      { column_name: 'finished_at', data_type: 'timestamp with time zone', is_nullable: 'YES' },
      { column_name: 'migration_name', data_type: 'character varying', is_nullable: 'NO' },
      { column_name: 'logs', data_type: 'text', is_nullable: 'YES' },
      { column_name: 'rolled_back_at', data_type: 'timestamp with time zone', is_nullable: 'YES' },
      { column_name: 'started_at', data_type: 'timestamp with time zone', is_nullable: 'NO' },
      { column_name: 'applied_steps_count', data_type: 'integer', is_nullable: 'NO' },
    ]);
  });

  it('GIVEN several instances migrating one empty database at once THEN each migration is applied exactly once', async () => {
    const connection = await emptyDatabase();

    const results = await Promise.all(
      [1, 2, 3, 4].map(() =>
        applyMigrations({ connection, migrationsDir: DEFAULT_MIGRATIONS_DIR, logger: silentLogger() }),
      ),
    );

    const local = await readMigrationsDir(DEFAULT_MIGRATIONS_DIR);
    expect(results.flat().sort()).toEqual(local.migrations.map((m) => m.name).sort());
    const counts = await query<{ migration_name: string; n: string }>(
      connection,
      'SELECT migration_name, count(*) AS n FROM "_prisma_migrations" GROUP BY migration_name',
    );
    expect(counts.every((row) => row.n === '1')).toBe(true);
    expect(counts).toHaveLength(local.migrations.length);
  });

  it('GIVEN a migration that fails halfway THEN none of its statements remain and it is not recorded', async () => {
    const root = await makeTestDir();
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    const migrationsDir = path.join(root, 'migrations');
    await mkdir(path.join(migrationsDir, '20200101000000_good'), { recursive: true });
    await mkdir(path.join(migrationsDir, '20200102000000_bad'), { recursive: true });
    await writeFile(path.join(migrationsDir, 'migration_lock.toml'), MIGRATION_LOCK_CONTENT);
    await writeFile(
      path.join(migrationsDir, '20200101000000_good', 'migration.sql'),
      'CREATE TABLE "Good" ("id" INTEGER);\n',
    );
    await writeFile(
      path.join(migrationsDir, '20200102000000_bad', 'migration.sql'),
      'CREATE TABLE "Half" ("id" INTEGER);\nINSERT INTO "Good" VALUES (1);\nSELECT 1 / 0;\n',
    );
    const connection = await emptyDatabase();

    const run = applyMigrations({ connection, migrationsDir, logger: silentLogger() });

    await expect(run).rejects.toThrow(MigrationError);
    await expect(run).rejects.toThrow('20200102000000_bad');
    const tables = await query<{ table_name: string }>(
      connection,
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('Good', 'Half')`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(['Good']);
    expect(await query(connection, 'SELECT * FROM "Good"')).toEqual([]);
    const names = await query<{ migration_name: string }>(
      connection,
      'SELECT migration_name FROM "_prisma_migrations"',
    );
    expect(names.map((row) => row.migration_name)).toEqual(['20200101000000_good']);
  });

  it('GIVEN two test databases THEN each is migrated and neither sees the rows of the other', async () => {
    const a = await createTestDatabase();
    cleanups.push(() => a.drop());
    const b = await createTestDatabase();
    cleanups.push(() => b.drop());

    await a.prisma.auditLog.create({ data: { action: 'only-in-a', details: {} } });

    expect(await a.prisma.auditLog.count()).toBe(1);
    expect(await b.prisma.auditLog.count()).toBe(0);
    expect(a.url).not.toBe(b.url);
  });
});
