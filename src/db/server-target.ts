import pg from 'pg';
import type { Logger } from '../logger.ts';
import { redactConnectionUrl } from './connection-url.ts';
import { startEmbeddedServer } from './embedded-server.ts';

/** The database the bot keeps its data in, on the embedded server. */
export const APP_DATABASE = 'hamkar';

export interface ServerTargetOptions {
  /** Unset: the embedded server in `dataDir`. */
  readonly databaseUrl?: string | undefined;
  readonly dataDir: string;
  readonly logger: Logger;
  /**
   * Called once the embedded server's programs run in processes of their own (see embedded-server.ts),
   * or at once for a server elsewhere.
   */
  readonly onProgramStarted?: () => void;
}

/** Where the bot's database lives: an external server (DATABASE_URL) or the embedded one. */
export interface ServerTarget {
  /** pg connection to the bot's database. */
  readonly connection: pg.PoolConfig;
  /** Where it is, without any password. */
  readonly describe: string;
  /** Stops the embedded server, if we started one. Idempotent. */
  close(): Promise<void>;
}

export async function openServerTarget(options: ServerTargetOptions): Promise<ServerTarget> {
  if (options.databaseUrl) {
    options.onProgramStarted?.();
    return {
      connection: { connectionString: options.databaseUrl },
      describe: `PostgreSQL at ${redactConnectionUrl(options.databaseUrl)}`,
      close: async () => undefined,
    };
  }
  const server = await startEmbeddedServer({
    dataDir: options.dataDir,
    logger: options.logger,
    ...(options.onProgramStarted ? { onProgramStarted: options.onProgramStarted } : {}),
  });
  try {
    await createDatabaseIfMissing({ ...server.connection, database: 'postgres' }, APP_DATABASE);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    connection: { ...server.connection, database: APP_DATABASE },
    describe: server.describe,
    close: () => server.stop(),
  };
}

async function createDatabaseIfMissing(admin: pg.ClientConfig, name: string): Promise<void> {
  const client = new pg.Client(admin);
  client.on('error', () => undefined);
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}
