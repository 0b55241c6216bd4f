// `npm run db:migrate`: applies pending migrations of prisma/migrations, offline. The bot also does
// this at every start; this is for deployments that migrate as a separate step.
import { createLogger } from '../logger.ts';
import { readDatabaseEnv } from './cli-env.ts';
import { applyMigrations } from './migrate.ts';
import { DEFAULT_MIGRATIONS_DIR } from './migrations-dir.ts';
import { openServerTarget } from './server-target.ts';

const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'info' });
const env = readDatabaseEnv();

try {
  const target = await openServerTarget({ ...env, logger });
  try {
    const applied = await applyMigrations({
      connection: target.connection,
      migrationsDir: DEFAULT_MIGRATIONS_DIR,
      logger,
    });
    console.log(
      applied.length === 0
        ? `${target.describe}: already up to date.`
        : `${target.describe}: applied ${applied.length} migration(s):\n${applied.map((name) => `  ${name}`).join('\n')}`,
    );
  } finally {
    await target.close();
  }
} catch (error) {
  console.error(`db:migrate failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
