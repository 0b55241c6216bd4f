import { randomBytes } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  ColumnTypeEnum,
  DriverAdapterError,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlResultSet,
  type Transaction,
} from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { withUtcSession } from './utc-session.ts';

/**
 * `@prisma/adapter-pg` as the wasm schema engine needs it. The adapter is made for the query engine
 * and trips the schema engine in four places, each handled here:
 *
 * 1. Catalog columns of type `"char"` (OID 18, e.g. `pg_constraint.contype`) are rejected as an
 *    unsupported type, yet the engine reads them as characters. We let pg report them as text and
 *    then mark those columns as Character for the engine.
 * 2. The adapter's `executeScript` splits scripts on every `;`, breaking string literals and function
 *    bodies; a migration replay sends whole scripts. We send a script as one simple-protocol query.
 * 3. Its shadow database takes `database` from the config, but a `connectionString` wins over it in
 *    pg, so the "shadow" would be the main database. We build the shadow target ourselves.
 * 4. Its shadow cleanup drops the database before closing the pool that is still connected to it,
 *    and nothing closes the main pool (the process then lingers ~10 s). We close pools ourselves and
 *    drop the shadow with `WITH (FORCE)`; `close()` ends whatever the engine left open.
 */
export interface MigrationAdapterFactory extends SqlMigrationAwareDriverAdapterFactory {
  close(): Promise<void>;
}

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

/** Result rows of queries that had `"char"` columns → indexes of those columns. */
const charColumns = new WeakMap<object, number[]>();

export function createMigrationAdapterFactory(target: pg.PoolConfig): MigrationAdapterFactory {
  const open = new Set<SqlDriverAdapter>();
  const connectTo = async (config: pg.PoolConfig, afterClose?: () => Promise<void>) => {
    const pool = new pg.Pool(withUtcSession(config));
    // pool.end() resolves before its sockets have closed, so dropping the shadow database WITH (FORCE)
    // right after can terminate a connection that is already on its way out; pg reports that as a
    // pool error, which would otherwise be thrown as an uncaught exception.
    pool.on('error', () => undefined);
    patchCharColumns(pool);
    const adapter = engineFriendly(await new PrismaPg(pool).connect(), pool, async () => {
      open.delete(adapter);
      await afterClose?.();
    });
    open.add(adapter);
    return adapter;
  };
  return {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: () => connectTo(target),
    async connectToShadowDb() {
      const name = `hamkar_shadow_${randomBytes(6).toString('hex')}`;
      await runAdmin(target, `CREATE DATABASE "${name}"`);
      return connectTo(shadowTarget(target, name), () =>
        runAdmin(target, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
      );
    },
    async close() {
      for (const adapter of [...open]) await adapter.dispose();
    },
  };
}

function shadowTarget(target: pg.PoolConfig, database: string): pg.PoolConfig {
  if (!target.connectionString) return { ...target, database };
  const url = new URL(target.connectionString);
  url.pathname = `/${encodeURIComponent(database)}`;
  return { ...target, connectionString: url.toString() };
}

async function runAdmin(target: pg.PoolConfig, sql: string): Promise<void> {
  const client = new pg.Client(target);
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function engineFriendly(inner: SqlDriverAdapter, pool: pg.Pool, onClosed: () => Promise<void>): SqlDriverAdapter {
  let closing: Promise<void> | null = null;
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: async (query) => withCharColumns(await inner.queryRaw(query)),
    executeRaw: (query) => inner.executeRaw(query),
    async executeScript(script) {
      try {
        await pool.query(script);
      } catch (error) {
        throw asDriverAdapterError(error);
      }
    },
    async startTransaction(isolationLevel) {
      const tx: Transaction = await inner.startTransaction(isolationLevel);
      const queryRaw = tx.queryRaw.bind(tx);
      tx.queryRaw = async (query) => withCharColumns(await queryRaw(query));
      return tx;
    },
    getConnectionInfo: () => inner.getConnectionInfo?.() ?? { supportsRelationJoins: true },
    dispose() {
      closing ??= (async () => {
        await inner.dispose();
        await pool.end();
        await onClosed();
      })();
      return closing;
    },
  };
}

function withCharColumns(result: SqlResultSet): SqlResultSet {
  const indexes = charColumns.get(result.rows);
  if (indexes) for (const i of indexes) result.columnTypes[i] = ColumnTypeEnum.Character;
  return result;
}

/**
 * Patches each pooled connection's `query`, which both `pool.query` (callback form) and the
 * adapter's transactions (promise form) go through.
 */
function patchCharColumns(pool: pg.Pool): void {
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    const patched = (...args: unknown[]): unknown => {
      const callback = args.at(-1);
      if (typeof callback === 'function') {
        args[args.length - 1] = (error: unknown, result: unknown) =>
          (callback as (e: unknown, r: unknown) => void)(error, error ? result : markCharColumns(result));
        return query(...args);
      }
      const result = query(...args);
      return result instanceof Promise ? result.then(markCharColumns) : result;
    };
    Object.assign(client, { query: patched });
  });
}

function markCharColumns(result: unknown): unknown {
  for (const one of Array.isArray(result) ? result : [result]) {
    const { fields, rows } = one as Partial<pg.QueryResult>;
    if (!fields || !rows) continue;
    const indexes: number[] = [];
    fields.forEach((field, i) => {
      if (field.dataTypeID === PG_CHAR_OID) {
        field.dataTypeID = PG_TEXT_OID;
        indexes.push(i);
      }
    });
    if (indexes.length > 0) charColumns.set(rows, indexes);
  }
  return result;
}

function asDriverAdapterError(error: unknown): unknown {
  if (!(error instanceof pg.DatabaseError)) return error;
  return new DriverAdapterError({
    kind: 'postgres',
    code: error.code ?? 'unknown',
    severity: error.severity ?? 'ERROR',
    message: error.message,
    detail: error.detail,
    column: error.column,
    hint: error.hint,
  });
}
