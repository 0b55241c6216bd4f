// `npm run db:new NAME`: writes prisma/migrations/<timestamp>_<name>/migration.sql with what changed in
// prisma/schema.prisma since the last migration, offline (Prisma's wasm schema engine). The database
// server only hosts a throwaway shadow database; no data is touched and nothing is applied.
import path from 'node:path';
import { createLogger } from '../logger.ts';
import { readDatabaseEnv } from './cli-env.ts';
import { DEFAULT_MIGRATIONS_DIR, DEFAULT_SCHEMA_PATH } from './migrations-dir.ts';
import { createMigration } from './new-migration.ts';
import { openServerTarget } from './server-target.ts';

const name = process.argv.slice(2).join(' ').trim();
if (!name) {
  console.error('Usage: npm run db:new NAME   (e.g. npm run db:new add_meeting_notes)');
  process.exit(2);
}

const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });
const env = readDatabaseEnv();

try {
  const target = await openServerTarget({ ...env, logger });
  try {
    const created = await createMigration({
      schemaPath: DEFAULT_SCHEMA_PATH,
      migrationsDir: DEFAULT_MIGRATIONS_DIR,
      name,
      connection: target.connection,
    });
    if (created) {
      console.log(
        `Created ${path.relative(process.cwd(), path.join(created.directory, 'migration.sql'))}:\n\n${created.sql}`,
      );
      console.log(
        'Review it, then run `node scripts/prisma-generate.mjs` (the client) and start the bot (it applies migrations).',
      );
    } else {
      console.log('prisma/schema.prisma has no change since the last migration; nothing created.');
    }
  } finally {
    await target.close();
  }
} catch (error) {
  console.error(`db:new failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
