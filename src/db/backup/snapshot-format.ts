import { z } from 'zod';

/**
 * A backup file: gzip'd JSON lines. The first line is the header; every other line is one row of
 * one table, `{"t": table, "r": row}`, rows as PostgreSQL's row_to_json writes them (so that
 * json_populate_record reads them back with their exact types: timestamps, enums, JSON).
 */
export const BACKUP_FORMAT = 'hamkar-backup';
export const BACKUP_VERSION = 1;

export const backupHeader = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_VERSION),
  createdAt: z.string(),
  /** Names of the migrations the database had: a restore needs a schema at least as new. */
  migrations: z.array(z.string()),
  tables: z.array(z.string()),
});
export type BackupHeader = z.infer<typeof backupHeader>;

export const backupRow = z.object({ t: z.string(), r: z.record(z.string(), z.unknown()) });

/** Prisma's bookkeeping is not data: a restore keeps the target's own (already migrated) history. */
export const MIGRATIONS_TABLE = '_prisma_migrations';

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
