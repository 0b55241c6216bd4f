import { createWriteStream } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import pg from 'pg';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  MIGRATIONS_TABLE,
  quoteIdentifier,
  type BackupHeader,
} from './snapshot-format.ts';
import { withUtcSession } from '../utc-session.ts';

const FETCH_ROWS = 1000;

/**
 * Writes a consistent copy of the database while the bot keeps writing: one REPEATABLE READ, READ
 * ONLY transaction sees a single snapshot of every table, so no half of a transaction is ever
 * copied. Rows stream through a cursor; the file appears under its name only once it is complete.
 */
export async function writeSnapshot(
  connection: pg.ClientConfig,
  file: string,
): Promise<{ tables: number; rows: number }> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const partial = `${file}.partial`;
  const client = new pg.Client(withUtcSession(connection));
  client.on('error', () => undefined);
  await client.connect();
  const gzip = createGzip();
  const out = createWriteStream(partial, { mode: 0o600 });
  gzip.pipe(out);
  const write = async (value: unknown) => {
    if (!gzip.write(JSON.stringify(value) + '\n')) await once(gzip, 'drain');
  };
  let rows = 0;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const tables = (
      await client.query<{ name: string }>(
        "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> $1 ORDER BY tablename",
        [MIGRATIONS_TABLE],
      )
    ).rows.map((row) => row.name);
    const migrations = (
      await client.query<{ name: string }>(
        `SELECT migration_name AS name FROM ${MIGRATIONS_TABLE} WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
      )
    ).rows.map((row) => row.name);
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: new Date().toISOString(),
      migrations,
      tables,
    };
    await write(header);
    for (const table of tables) {
      await client.query(
        `DECLARE rows_cursor NO SCROLL CURSOR FOR SELECT row_to_json(t) AS r FROM ${quoteIdentifier(table)} t`,
      );
      for (;;) {
        const batch = await client.query<{ r: Record<string, unknown> }>(`FETCH ${FETCH_ROWS} FROM rows_cursor`);
        for (const row of batch.rows) await write({ t: table, r: row.r });
        rows += batch.rows.length;
        if (batch.rows.length < FETCH_ROWS) break;
      }
      await client.query('CLOSE rows_cursor');
    }
    await client.query('COMMIT');
    gzip.end();
    await once(out, 'close');
    await rename(partial, file);
    return { tables: tables.length, rows };
  } catch (error) {
    gzip.destroy();
    out.destroy();
    throw error;
  } finally {
    await client.end();
  }
}
