import { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';
import type { Logger } from '../logger.ts';
import { PrismaClient, type Prisma } from './generated/client.ts';
import { trackedAdapterFactory, type TrackedAdapterFactory } from './pg-driver-adapter.ts';
import { withUtcSession } from './utc-session.ts';

/** The one database client type the rest of the bot sees (repositories take it in their constructor). */
export type Db = PrismaClient;

/** The client inside `db.$transaction(async (tx) => …)`. */
export type DbTransaction = Prisma.TransactionClient;

/** A `postgresql://` URL, or pg connection fields (a Unix socket folder goes in `host`). */
export type DbConnection = { connectionString: string } | pg.PoolConfig;

export interface PrismaClientOptions {
  /** Where idle-connection errors go (a server restart drops pooled connections; pg then reconnects). */
  logger?: Logger;
}

export function createPrismaClient(connection: DbConnection, options: PrismaClientOptions = {}): Db {
  const { logger } = options;
  const adapter = trackedAdapterFactory(
    new PrismaPg(withUtcSession(connection), {
      onPoolError: (err) => logger?.warn({ err }, 'database connection lost while idle'),
      statementNameGenerator: statementName,
    }),
  );
  const db = new PrismaClient({ adapter });
  openSockets.set(db, adapter);
  return db;
}

const openSockets = new WeakMap<Db, TrackedAdapterFactory>();

/**
 * `$disconnect`, and then the wait until every pooled connection has closed its socket: a server
 * stopped before that would end those connections itself, and each would be logged as lost.
 */
export async function disconnectDb(db: Db): Promise<void> {
  await db.$disconnect();
  await openSockets.get(db)?.socketsClosed();
}

/** More distinct statements than the bot has are not kept: past this, each runs unnamed (parsed each time). */
const MAX_NAMED_STATEMENTS = 2_000;
const statementNames = new Map<string, string>();

/**
 * A name per distinct SQL text: pg then prepares each statement once per connection, and PostgreSQL
 * keeps its plan, instead of parsing and planning it on every call (most of the server's work on a
 * short query, such as those every event runs).
 */
function statementName(query: { sql: string }): string {
  let name = statementNames.get(query.sql);
  if (name === undefined && statementNames.size < MAX_NAMED_STATEMENTS) {
    name = `hamkar_${statementNames.size}`;
    statementNames.set(query.sql, name);
  }
  return name ?? '';
}
