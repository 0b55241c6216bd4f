import { randomBytes } from 'node:crypto';
import { cp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { DEFAULT_MIGRATIONS_DIR, MIGRATION_LOCK_CONTENT, MIGRATION_LOCK_FILE } from '../../src/db/migrations-dir.ts';
import { makeTestDir } from './global-setup.ts';
import { testDatabaseServer, withAdminClient } from './test-database.ts';

/*
 * What a test of one migration needs to run it as an upgrade does: an empty database, the project's
 * migrations up to just before it, and a plain connection (not the bot's) to write the old data with.
 */

/** Work to undo after the test, in reverse order. */
export type Cleanups = Array<() => Promise<unknown>>;

/** An empty database of its own (not a copy of the migrated template). */
export async function emptyDatabase(cleanups: Cleanups, prefix = 'upgrade'): Promise<pg.ClientConfig> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await withAdminClient((client) => client.query(`CREATE DATABASE "${name}"`));
  cleanups.push(() => withAdminClient((client) => client.query(`DROP DATABASE "${name}" WITH (FORCE)`)));
  return { ...testDatabaseServer(), database: name };
}

/** A copy of the migrations folder that stops just before the migration `name`. */
export async function migrationsBefore(cleanups: Cleanups, name: string): Promise<string> {
  const root = await makeTestDir();
  cleanups.push(() => rm(root, { recursive: true, force: true }));
  const dir = path.join(root, 'migrations');
  await mkdir(dir);
  await writeFile(path.join(dir, MIGRATION_LOCK_FILE), MIGRATION_LOCK_CONTENT);
  for (const entry of await readdir(DEFAULT_MIGRATIONS_DIR)) {
    if (entry === MIGRATION_LOCK_FILE || entry >= name) continue;
    await cp(path.join(DEFAULT_MIGRATIONS_DIR, entry), path.join(dir, entry), { recursive: true });
  }
  return dir;
}

/** A plain pg session, as the old code's data (or an operator's psql) would have had. */
export async function withClient<T>(connection: pg.ClientConfig, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(connection);
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}
