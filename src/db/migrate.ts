import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Logger } from '../logger.ts';
import { readMigrationsDir, type LocalMigration } from './migrations-dir.ts';
import { assertUtcSession, withUtcSession } from './utc-session.ts';

/**
 * Applies the migrations of `prisma/migrations` that the database lacks, with plain `pg`, keeping
 * `_prisma_migrations` exactly as Prisma keeps it, so that `prisma migrate deploy` (where its engine
 * can be downloaded) and this runner agree on what is applied.
 *
 * Differences from Prisma, on purpose: each migration runs in a transaction together with its row
 * in `_prisma_migrations`, so a failed migration leaves nothing behind (Prisma records it as failed
 * and needs `migrate resolve`). A migration that contains its own COMMIT ends our transaction
 * early; PostgreSQL then runs the rest in autocommit and only warns, which is what Prisma does too.
 */

/** Prisma's own advisory lock key: our runner and `prisma migrate` also exclude each other. */
const PRISMA_ADVISORY_LOCK_KEY = 72707369;

/** Prisma's DDL for the table (postgres flavour of the schema engine). */
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export interface ApplyMigrationsOptions {
  /** A `postgresql://` URL or pg connection fields of the target database. */
  readonly connection: pg.ClientConfig;
  readonly migrationsDir: string;
  readonly logger: Logger;
}

export class MigrationError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

/** Returns the names of the migrations it applied (empty when the database was up to date). */
export async function applyMigrations(options: ApplyMigrationsOptions): Promise<string[]> {
  const { logger } = options;
  const local = await readMigrationsDir(options.migrationsDir);
  const client = new pg.Client(withUtcSession(options.connection));
  // Without a listener, a connection dropped by the server would crash the process.
  client.on('error', (err) => logger.warn({ err }, 'migration connection lost'));
  await client.connect();
  try {
    await assertUtcSession(client);
    await takeAdvisoryLock(client, logger);
    try {
      await client.query(CREATE_MIGRATIONS_TABLE);
      const rows = (
        await client.query<AppliedRow>(
          'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"',
        )
      ).rows;
      const pending = pendingMigrations(local.migrations, rows, logger);
      for (const migration of pending) await applyOne(client, migration, logger);
      return pending.map((m) => m.name);
    } finally {
      // Closing the session below releases the lock anyway; unlocking early frees waiters sooner.
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    await client.end();
  }
}

/** Several bot instances may start at once against one server; only one migrates at a time. */
async function takeAdvisoryLock(client: pg.Client, logger: Logger): Promise<void> {
  const tried = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
    PRISMA_ADVISORY_LOCK_KEY,
  ]);
  if (tried.rows[0]?.locked) return;
  logger.info('another process is migrating this database; waiting for it');
  await client.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK_KEY]);
}

function pendingMigrations(local: LocalMigration[], rows: AppliedRow[], logger: Logger): LocalMigration[] {
  const localNames = new Set(local.map((m) => m.name));
  for (const row of rows) {
    if (!localNames.has(row.migration_name) && row.rolled_back_at === null) {
      logger.warn({ migration: row.migration_name }, 'the database has a migration that prisma/migrations lacks');
    }
  }
  const pending: LocalMigration[] = [];
  for (const migration of local) {
    const mine = rows.filter((row) => row.migration_name === migration.name && row.rolled_back_at === null);
    const applied = mine.find((row) => row.finished_at !== null);
    if (applied) {
      if (applied.checksum !== migration.checksum) {
        logger.warn(
          { migration: migration.name },
          'migration.sql was edited after it was applied; the database keeps the old version',
        );
      }
      continue;
    }
    if (mine.length > 0) {
      // Written by `prisma migrate deploy`, which does not run migrations in a transaction.
      throw new MigrationError(
        `Migration ${migration.name} failed earlier (it is marked as failed in _prisma_migrations). Repair the database, ` +
          `then run \`prisma migrate resolve --rolled-back ${migration.name}\` or \`--applied\`.`,
      );
    }
    pending.push(migration);
  }
  return pending;
}

async function applyOne(client: pg.Client, migration: LocalMigration, logger: Logger): Promise<void> {
  const startedAt = new Date();
  await client.query('BEGIN');
  try {
    // One simple-protocol query runs the whole multi-statement script.
    await client.query(migration.script);
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
       VALUES ($1, $2, now(), $3, NULL, NULL, $4, 1)`,
      [randomUUID(), migration.checksum, migration.name, startedAt],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw new MigrationError(`Migration ${migration.name} failed and was rolled back: ${(error as Error).message}`, {
      cause: error,
    });
  }
  logger.info({ migration: migration.name }, 'applied migration');
}
