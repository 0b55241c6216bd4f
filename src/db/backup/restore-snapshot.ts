import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import pg from 'pg';
import { backupHeader, backupRow, MIGRATIONS_TABLE, quoteIdentifier, type BackupHeader } from './snapshot-format.ts';
import { withUtcSession } from '../utc-session.ts';

const INSERT_BATCH = 500;

/**
 * Replaces every row of the (already migrated) database with the backup's, in one transaction: on
 * any error nothing changes. Foreign keys are checked by the data itself (it was one consistent
 * snapshot), so triggers are off while loading, which lets tables load in any order.
 */
export async function restoreSnapshot(
  connection: pg.ClientConfig,
  file: string,
): Promise<{ rows: number; header: BackupHeader }> {
  const client = new pg.Client(withUtcSession(connection));
  client.on('error', () => undefined);
  await client.connect();
  let header: BackupHeader | undefined;
  let rows = 0;
  let pending: { table: string; rows: unknown[] } | undefined;
  const flush = async () => {
    if (!pending || pending.rows.length === 0) return;
    const table = quoteIdentifier(pending.table);
    await client.query(`INSERT INTO ${table} SELECT * FROM json_populate_recordset(NULL::${table}, $1::json)`, [
      JSON.stringify(pending.rows),
    ]);
    rows += pending.rows.length;
    pending.rows = [];
  };
  try {
    await client.query('BEGIN');
    // Opened only now: lines read before the loop starts would be lost.
    const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
    for await (const line of lines) {
      if (!line) continue;
      if (!header) {
        header = backupHeader.parse(JSON.parse(line));
        await checkSchema(client, header);
        await client.query("SET LOCAL session_replication_role = 'replica'");
        const tables = header.tables.map(quoteIdentifier).join(', ');
        if (tables) await client.query(`TRUNCATE ${tables}`);
        continue;
      }
      const { t, r } = backupRow.parse(JSON.parse(line));
      if (!header.tables.includes(t)) throw new Error(`The backup has rows of ${t}, which its header does not list.`);
      if (pending?.table !== t) {
        await flush();
        pending = { table: t, rows: [] };
      }
      pending.rows.push(r);
      if (pending.rows.length >= INSERT_BATCH) await flush();
    }
    if (!header) throw new Error(`${file} is empty: not a Hamkar backup.`);
    await flush();
    await resetSequences(client, header.tables);
    await client.query('COMMIT');
    return { rows, header };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/** A backup from a newer version of the bot has tables this one does not know: refuse it. */
async function checkSchema(client: pg.Client, header: BackupHeader): Promise<void> {
  const applied = new Set(
    (
      await client.query<{ name: string }>(
        `SELECT migration_name AS name FROM ${MIGRATIONS_TABLE} WHERE finished_at IS NOT NULL`,
      )
    ).rows.map((row) => row.name),
  );
  const unknown = header.migrations.filter((name) => !applied.has(name));
  if (unknown.length > 0) {
    throw new Error(
      `This backup comes from a newer Hamkar (migrations ${unknown.join(', ')}); update the bot first, then restore.`,
    );
  }
}

/** Autoincrement ids continue after the restored rows, not from where the database was. */
async function resetSequences(client: pg.Client, tables: string[]): Promise<void> {
  for (const table of tables) {
    const serials = await client.query<{ column: string; sequence: string }>(
      `SELECT a.attname AS column, pg_get_serial_sequence($1, a.attname) AS sequence
       FROM pg_attribute a WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped
         AND pg_get_serial_sequence($1, a.attname) IS NOT NULL`,
      [quoteIdentifier(table)],
    );
    for (const { column, sequence } of serials.rows) {
      const col = quoteIdentifier(column);
      await client.query(
        `SELECT setval($1, COALESCE((SELECT max(${col}) FROM ${quoteIdentifier(table)}), 1), (SELECT max(${col}) IS NOT NULL FROM ${quoteIdentifier(table)}))`,
        [sequence],
      );
    }
  }
}
