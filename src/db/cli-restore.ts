// `npm run restore FILE`: replaces the database's content with a backup made by `npm run backup`.
import { createLogger } from '../logger.ts';
import { readDatabaseEnv } from './cli-env.ts';
import { restore } from './backup/backup-commands.ts';

const file = process.argv[2];
if (!file) {
  console.error('Usage: npm run restore FILE   (a file written by npm run backup; stop the bot first)');
  process.exit(2);
}
const env = readDatabaseEnv();
const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });
try {
  const { rows, header } = await restore({ ...env, logger }, file);
  console.log(`Restored ${rows} rows from the backup of ${header.createdAt}`);
} catch (error) {
  console.error(`Restore failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
