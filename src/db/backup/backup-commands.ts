import path from 'node:path';
import type pg from 'pg';
import type { Logger } from '../../logger.ts';
import { applyMigrations } from '../migrate.ts';
import { DEFAULT_MIGRATIONS_DIR } from '../migrations-dir.ts';
import { openServerTarget } from '../server-target.ts';
import { runningServerConnection } from './running-server.ts';
import { restoreSnapshot } from './restore-snapshot.ts';
import { writeSnapshot } from './write-snapshot.ts';

export interface BackupOptions {
  databaseUrl: string | undefined;
  dataDir: string;
  logger: Logger;
}

export function defaultBackupFile(dataDir: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return path.join(dataDir, 'backups', `hamkar-${stamp}.jsonl.gz`);
}

/**
 * Backs up the bot's database to `file`. With the embedded database it works whether the bot runs
 * (through the running server's socket) or not (it starts the server for the copy).
 */
export async function backup(options: BackupOptions, file: string) {
  const running = options.databaseUrl ? null : runningServerConnection(options.dataDir);
  if (running) return writeSnapshot(running, file);
  const target = await openServerTarget(options);
  try {
    return await writeSnapshot(target.connection as pg.ClientConfig, file);
  } finally {
    await target.close();
  }
}

/**
 * Replaces the database's content with a backup's. The embedded database must not be in use: the
 * data directory lock refuses while a bot runs on it, with a message that says so.
 */
export async function restore(options: BackupOptions, file: string) {
  const target = await openServerTarget(options);
  try {
    await applyMigrations({
      connection: target.connection,
      migrationsDir: DEFAULT_MIGRATIONS_DIR,
      logger: options.logger,
    });
    return await restoreSnapshot(target.connection as pg.ClientConfig, file);
  } finally {
    await target.close();
  }
}
