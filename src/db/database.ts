import type pg from 'pg';
import type { Logger } from '../logger.ts';
import { describeConnectionFailure } from './connection-failure.ts';
import { applyMigrations } from './migrate.ts';
import { DEFAULT_MIGRATIONS_DIR } from './migrations-dir.ts';
import type { Db } from './prisma-client.ts';
import { openServerTarget } from './server-target.ts';

export interface OpenDatabaseOptions {
  /** A `postgresql://` URL; unset: the embedded PostgreSQL in `dataDir`. */
  readonly databaseUrl?: string | undefined;
  readonly dataDir: string;
  readonly logger: Logger;
  /** Defaults to the project's `prisma/migrations`. */
  readonly migrationsDir?: string;
  /**
   * How long the first connection may take before the start fails. A host that drops packets would
   * otherwise hang the start for minutes (the kernel's TCP retries) with nothing said.
   */
  readonly connectTimeoutMs?: number;
  /** See ServerTargetOptions: when the caller may use the CPU while the server starts. */
  readonly onProgramStarted?: () => void;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

export interface Database {
  readonly prisma: Db;
  /** Where the data lives, without any password: for the start-up log line. */
  readonly describe: string;
  /** The connection settings, for a session of the bot's own outside Prisma's pool (a leader lock). */
  readonly connection: pg.PoolConfig;
  /** Disconnects and stops the embedded server; bounded to well under 10 s. Idempotent. */
  close(): Promise<void>;
}

/** Pool connections still checked out by a hung query must not hold up a shutdown. */
const DISCONNECT_TIMEOUT_MS = 1_500;

/** Opens the bot's database: starts the embedded server when there is no URL, then migrates it. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const { logger } = options;
  // Prisma's client (some 100 ms of module loading) loads while the embedded server starts, in its own
  // process, rather than before it.
  let loadingPrisma: Promise<typeof import('./prisma-client.ts')> | undefined;
  const loadPrisma = () => {
    if (!loadingPrisma) {
      loadingPrisma = import('./prisma-client.ts');
      loadingPrisma.catch(() => undefined);
    }
    return loadingPrisma;
  };
  const target = await openServerTarget({
    ...options,
    onProgramStarted: () => {
      void loadPrisma();
      options.onProgramStarted?.();
    },
  });
  let prisma: Db;
  let disconnectDb: (prisma: Db) => Promise<void>;
  try {
    const prismaClient = await loadPrisma();
    disconnectDb = prismaClient.disconnectDb;
    await applyMigrations({
      connection: {
        ...target.connection,
        connectionTimeoutMillis: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      },
      migrationsDir: options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR,
      logger,
    });
    prisma = prismaClient.createPrismaClient(target.connection, { logger });
  } catch (error) {
    await target.close();
    throw describeConnectionFailure(error, target.describe);
  }
  logger.info({ database: target.describe }, 'database ready');

  let closing: Promise<void> | null = null;
  return {
    prisma,
    describe: target.describe,
    connection: target.connection,
    close() {
      closing ??= (async () => {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, DISCONNECT_TIMEOUT_MS);
        });
        await Promise.race([
          disconnectDb(prisma).catch((err: unknown) => logger.warn({ err }, 'disconnect failed')),
          timeout,
        ]);
        clearTimeout(timer);
        // A fast shutdown of the server also ends any connection the disconnect left behind.
        await target.close();
      })();
      return closing;
    },
  };
}
