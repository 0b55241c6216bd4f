import { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';
import type { Logger } from '../logger.ts';
import { PrismaClient, type Prisma } from './generated/client.ts';

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
  const adapter = new PrismaPg(connection, {
    onPoolError: (err) => logger?.warn({ err }, 'database connection lost while idle'),
  });
  return new PrismaClient({ adapter });
}
