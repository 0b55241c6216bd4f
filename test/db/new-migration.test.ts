import { randomBytes } from 'node:crypto';
import { cp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../src/db/migrate.ts';
import { connectionUrl } from '../../src/db/connection-url.ts';
import { DEFAULT_MIGRATIONS_DIR, DEFAULT_SCHEMA_PATH } from '../../src/db/migrations-dir.ts';
import { createMigration } from '../../src/db/new-migration.ts';
import { silentLogger } from '../../src/logger.ts';
import { makeTestDir } from '../support/global-setup.ts';
import { testDatabaseServer, withAdminClient } from '../support/test-database.ts';

describe('db:new (a migration from a schema change)', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** The server that hosts the throwaway shadow databases. */
  const shadowHost = (): pg.PoolConfig => ({ ...testDatabaseServer(), database: 'postgres' });

  async function copyOfProject(): Promise<{ schemaPath: string; migrationsDir: string }> {
    const root = await makeTestDir();
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    const schemaPath = path.join(root, 'schema.prisma');
    const migrationsDir = path.join(root, 'migrations');
    await cp(DEFAULT_SCHEMA_PATH, schemaPath);
    await cp(DEFAULT_MIGRATIONS_DIR, migrationsDir, { recursive: true });
    return { schemaPath, migrationsDir };
  }

  /** Shadow databases on the server (other test files create and drop their own databases meanwhile). */
  async function shadowDatabases(): Promise<string[]> {
    return withAdminClient(async (client) =>
      (
        await client.query<{ datname: string }>(
          `SELECT datname FROM pg_database WHERE datname LIKE 'hamkar\\_shadow\\_%' ORDER BY datname`,
        )
      ).rows.map((r) => r.datname),
    );
  }

  it('GIVEN prisma/schema.prisma and prisma/migrations as committed THEN they agree (no migration is missing)', async () => {
    const { schemaPath, migrationsDir } = await copyOfProject();

    const created = await createMigration({ schemaPath, migrationsDir, name: 'nothing', connection: shadowHost() });

    expect(created, 'prisma/schema.prisma changed without a migration: run `npm run db:new NAME`').toBeNull();
    expect((await readdir(migrationsDir)).sort()).toEqual((await readdir(DEFAULT_MIGRATIONS_DIR)).sort());
  });

  it('GIVEN a new column and a new model in the schema THEN the new migration adds them, applies cleanly, and leaves no shadow database', async () => {
    const { schemaPath, migrationsDir } = await copyOfProject();
    const schema = await readFile(schemaPath, 'utf8');
    const changed =
      schema.replace(/model AuditLog \{\n/, 'model AuditLog {\n  note          String?\n') +
      '\nmodel MeetingNote {\n  id   Int    @id @default(autoincrement())\n  text String @default("a;b")\n}\n';
    expect(changed).not.toBe(schema);
    await writeFile(schemaPath, changed);
    const shadowsBefore = await shadowDatabases();

    const created = await createMigration({
      schemaPath,
      migrationsDir,
      name: 'Add meeting notes!',
      connection: shadowHost(),
      now: new Date(Date.UTC(2099, 0, 2, 3, 4, 5)),
    });

    expect(created).not.toBeNull();
    expect(path.basename(created!.directory)).toBe('20990102030405_add_meeting_notes');
    const sql = await readFile(path.join(created!.directory, 'migration.sql'), 'utf8');
    expect(sql).toBe(created!.sql);
    expect(sql).toContain('ALTER TABLE "AuditLog" ADD COLUMN');
    expect(sql).toMatch(/"note" TEXT/);
    expect(sql).toContain('CREATE TABLE "MeetingNote"');
    expect(await shadowDatabases()).toEqual(shadowsBefore);

    // The new folder is a regular migration: the runner applies it after the committed ones.
    const name = `newmig_${randomBytes(6).toString('hex')}`;
    await withAdminClient((client) => client.query(`CREATE DATABASE "${name}"`));
    cleanups.push(() =>
      withAdminClient((client) => client.query(`DROP DATABASE "${name}" WITH (FORCE)`)).then(() => undefined),
    );
    const applied = await applyMigrations({
      connection: { ...testDatabaseServer(), database: name },
      migrationsDir,
      logger: silentLogger(),
    });
    expect(applied.at(-1)).toBe('20990102030405_add_meeting_notes');

    // And a second db:new finds nothing left to migrate.
    expect(await createMigration({ schemaPath, migrationsDir, name: 'again', connection: shadowHost() })).toBeNull();
  });

  it('GIVEN a connection given as a URL (DATABASE_URL) THEN the migrations are replayed in a shadow database, never in the database of the URL', async () => {
    const { schemaPath, migrationsDir } = await copyOfProject();
    await writeFile(schemaPath, (await readFile(schemaPath, 'utf8')) + '\nmodel Probe {\n  id Int @id\n}\n');
    const name = `urltarget_${randomBytes(6).toString('hex')}`;
    await withAdminClient((client) => client.query(`CREATE DATABASE "${name}"`));
    cleanups.push(() =>
      withAdminClient((client) => client.query(`DROP DATABASE "${name}" WITH (FORCE)`)).then(() => undefined),
    );

    const created = await createMigration({
      schemaPath,
      migrationsDir,
      name: 'probe',
      connection: { connectionString: connectionUrl(testDatabaseServer(), name) },
    });

    expect(created?.sql).toContain('CREATE TABLE "Probe"');
    const client = new pg.Client({ ...testDatabaseServer(), database: name });
    await client.connect();
    const tables = await client
      .query(`SELECT 1 FROM information_schema.tables WHERE table_schema = 'public'`)
      .finally(() => client.end());
    expect(tables.rowCount).toBe(0);
  });
});
