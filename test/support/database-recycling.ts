import pg from 'pg';

/**
 * Test databases are reused within a worker: copying the template (CREATE DATABASE), connecting a new
 * client and dropping the copy cost some 400 ms a test, most of the time of a short feature test. A
 * database a test has finished with is wiped instead — its rows deleted, the template's own rows
 * (`_prisma_migrations`, `Installation`) put back, its sequences set back — in one transaction of some
 * tens of milliseconds, and handed to the next test as if it were a new copy.
 *
 * Only a database whose schema is still the template's comes back: a test that changed it (a trigger, a
 * table, `ALTER DATABASE … SET`) is caught by a fingerprint of the catalogs and its database dropped.
 */

/** The sessions of the Prisma client that stays with a recycled database (test-database.ts). */
export const POOL_APPLICATION_NAME = 'hamkar_test_pool';

/** What a fresh copy of the template holds besides its schema, read once per worker. */
export interface TemplateContents {
  /** Every table, schema-qualified and quoted, in a stable order. */
  readonly tables: readonly string[];
  /** The tables a fresh copy has rows in, with those rows (as json) and their insertable columns. */
  readonly seeded: ReadonlyArray<{ table: string; columns: string; rows: string }>;
  /** Every sequence with the value a fresh copy has. */
  readonly sequences: ReadonlyArray<{ sequence: string; value: string; called: boolean }>;
}

const USER_SCHEMAS = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'`;

/**
 * The catalogs a test's change of definition writes to. A copy of the template keeps the template's
 * catalog rows as they are (xmin included); DDL inserts, updates or deletes rows here, so the count and
 * the sum of xmins change, while rows, sequences and VACUUM/ANALYZE's in-place statistics never do.
 */
const CATALOGS = [
  'pg_class',
  'pg_attribute',
  'pg_attrdef',
  'pg_constraint',
  'pg_index',
  'pg_trigger',
  'pg_proc',
  'pg_type',
  'pg_enum',
  'pg_namespace',
  'pg_rewrite',
  'pg_policy',
  'pg_extension',
  'pg_event_trigger',
];
const FINGERPRINT = `concat_ws(' ', ${CATALOGS.map(
  (catalog) => `(SELECT count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) FROM ${catalog})`,
).join(', ')},
  (SELECT string_agg(s.xmin::text || array_to_string(s.setconfig, ';'), ',') FROM pg_db_role_setting s
     JOIN pg_database d ON d.oid = s.setdatabase WHERE d.datname = current_database()),
  (SELECT xmin::text FROM pg_database WHERE datname = current_database()))`;

export async function fingerprintOf(client: pg.Client): Promise<string> {
  const { rows } = await client.query<{ fingerprint: string }>(`SELECT ${FINGERPRINT} AS fingerprint`);
  return rows[0]!.fingerprint;
}

/**
 * The rows of each seeded table as count and sum of xmins: a row inserted, updated or deleted since
 * changes them (a new row version has a newer xmin than every row it could replace), so a table whose
 * signature is still the one it had after the copy or the last wipe holds the template's rows as they were.
 */
function seededSignatures(contents: TemplateContents): string {
  const each = contents.seeded.map(
    ({ table }) => `(SELECT count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) FROM ${table})`,
  );
  return `ARRAY[${each.join(', ')}]::text[]`;
}

/** The seeded tables' signatures now (see `wipeDatabase`): read once when a copy is made. */
export async function seededSignaturesOf(client: pg.Client, contents: TemplateContents): Promise<string[]> {
  const { rows } = await client.query<{ signatures: string[] }>(`SELECT ${seededSignatures(contents)} AS signatures`);
  return rows[0]!.signatures;
}

/** What a database must still be at the end of a test to be wiped and handed on. */
export interface RecycledState {
  /** `fingerprintOf` when it was made: its definition. */
  readonly fingerprint: string;
  /** The seeded tables' signatures after the copy or the last wipe; `wipeDatabase` updates them. */
  seeded: string[];
}

/** Reads what a fresh copy of the template holds (call it on a copy no test has touched yet). */
export async function readTemplateContents(client: pg.Client): Promise<TemplateContents> {
  const tables = (
    await client.query<{ name: string }>(
      `SELECT format('%I.%I', n.nspname, c.relname) AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND c.relispartition = false AND ${USER_SCHEMAS} ORDER BY 1`,
    )
  ).rows.map((row) => row.name);
  const seeded: Array<{ table: string; columns: string; rows: string }> = [];
  for (const table of tables) {
    const { rows } = await client.query<{ rows: unknown[] | null }>(`SELECT json_agg(t) AS rows FROM ${table} t`);
    if (!rows[0]?.rows) continue;
    // Generated columns are computed again by the insert; every other column is copied as it was.
    const columns = (
      await client.query<{ columns: string }>(
        `SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) AS columns FROM pg_attribute
          WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''`,
        [table],
      )
    ).rows[0]!.columns;
    seeded.push({ table, columns, rows: JSON.stringify(rows[0].rows) });
  }
  const sequences = (
    await client.query<{ sequence: string; value: string; called: boolean }>(
      `SELECT format('%I.%I', schemaname, sequencename) AS sequence,
              coalesce(last_value, start_value)::text AS value, last_value IS NOT NULL AS called
         FROM pg_sequences ORDER BY 1`,
    )
  ).rows;
  return { tables, seeded, sequences };
}

/**
 * Puts a database back to a fresh copy's contents: whoever else is still connected is disconnected (a
 * test's bot process, its own clients), but not the client that stays with the database; then one
 * transaction deletes every row with foreign keys and triggers off (`session_replication_role =
 * replica`), puts the template's rows back where a test touched them (a seeded table whose signature
 * is unchanged still holds exactly them, and is left alone) and resets the sequences. Refuses (throws)
 * when the definition no longer matches the state's fingerprint.
 */
export async function wipeDatabase(client: pg.Client, contents: TemplateContents, state: RecycledState): Promise<void> {
  await client.query(
    `SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid()
        AND application_name <> $1`,
    [POOL_APPLICATION_NAME],
  );
  const { rows } = await client.query<{ fingerprint: string; seeded: string[] }>(
    `SELECT ${FINGERPRINT} AS fingerprint, ${seededSignatures(contents)} AS seeded`,
  );
  if (rows[0]!.fingerprint !== state.fingerprint) throw new Error('the test changed its database’s definition');
  const touched = contents.seeded.filter((_, i) => rows[0]!.seeded[i] !== state.seeded[i]);
  const untouched = new Set(contents.seeded.filter((seeded) => !touched.includes(seeded)).map(({ table }) => table));
  const statements = [
    'BEGIN',
    'SET LOCAL session_replication_role = replica',
    ...contents.tables.filter((table) => !untouched.has(table)).map((table) => `DELETE FROM ${table}`),
    ...touched.map(
      ({ table, columns, rows }) =>
        `INSERT INTO ${table} (${columns}) OVERRIDING SYSTEM VALUE SELECT ${columns} FROM json_populate_recordset(NULL::${table}, ${client.escapeLiteral(rows)})`,
    ),
    ...(contents.sequences.length > 0
      ? [
          `SELECT ${contents.sequences
            .map(({ sequence, value, called }) => `setval(${client.escapeLiteral(sequence)}, ${value}, ${called})`)
            .join(', ')}`,
        ]
      : []),
    // The rows just put back have this transaction's xmin: the signatures the next wipe compares with.
    `SELECT ${seededSignatures(contents)} AS seeded`,
    'COMMIT',
  ];
  let results: pg.QueryResult[];
  try {
    results = (await client.query(statements.join(';\n'))) as unknown as pg.QueryResult[];
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  state.seeded = (results.at(-2)!.rows[0] as { seeded: string[] }).seeded;
}
