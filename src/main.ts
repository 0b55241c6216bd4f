import 'dotenv/config';
import { loadConfig, ConfigError, type Config } from './config.ts';
import { createLogger } from './logger.ts';
import { openDatabase, type Database } from './db/database.ts';
import { preloadPlatformWiring } from './wiring/platform-modules.ts';
import { loadWebApp } from './web/web-app-module.ts';

/**
 * The entry: reads the config, starts the database, and meanwhile loads the rest of the bot. Loading
 * the bot's modules is a large part of a start (most of a second of one core) and the embedded
 * PostgreSQL starts in processes of its own, so the two overlap instead of following each other: this
 * file imports only what opening the database needs, and run-bot.ts with everything else is loaded
 * once initdb or the server runs.
 */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger({
    level: config.LOG_LEVEL,
    ...(config.LOG_FORMAT === 'auto' ? {} : { pretty: config.LOG_FORMAT === 'pretty' }),
  });
  let loading: Promise<[typeof import('./run-bot.ts'), ...unknown[]]> | undefined;
  const loadTheRest = () => {
    if (!loading) {
      loading = Promise.all([
        import('./run-bot.ts'),
        preloadPlatformWiring(config),
        config.HTTP_SERVER === 'on' ? loadWebApp() : undefined,
      ]);
      // A database that cannot open is the error to report, not a module load it interrupted.
      loading.catch(() => undefined);
    }
    return loading;
  };
  const opening = openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_SECONDS * 1000,
    logger,
    // Not before: each step up to the spawn (the data folder's lock, initdb's files) would wait behind
    // the loading, which holds this process's one thread for most of a second.
    onProgramStarted: () => void loadTheRest(),
  });
  // Known as soon as it is open, so that a failure in the loading below still stops its server.
  void opening.then(
    (database) => (openedDatabase = database),
    () => undefined,
  );
  const database = await opening;
  const [{ runBot }] = await loadTheRest();
  await runBot(config, logger, database);
}

/** The database main() opened, so that a start that fails after it stops its embedded server first. */
let openedDatabase: Database | undefined;

main().catch(async (error: unknown) => {
  // The database layer throws errors whose message already says what is wrong and what to do.
  console.error(error instanceof Error ? error.message : error);
  // A start refused after the database was opened (a wrong instance secret): the embedded server is
  // stopped and DATA_DIR unlocked before the process ends, not merely signalled by the exit hook, so
  // that the next start, even at once, finds it free.
  await openedDatabase?.close().catch(() => undefined);
  process.exit(1);
});
