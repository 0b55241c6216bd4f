// `npm run backup [FILE]`: a consistent copy of the bot's database, also while the bot runs.
import { createLogger } from '../logger.ts';
import { readDatabaseEnv } from './cli-env.ts';
import { backup, defaultBackupFile } from './backup/backup-commands.ts';

const env = readDatabaseEnv();
const file = process.argv[2] ?? defaultBackupFile(env.dataDir);
const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });
try {
  const { tables, rows } = await backup({ ...env, logger }, file);
  console.log(`Backed up ${rows} rows of ${tables} tables to ${file}`);
} catch (error) {
  console.error(`Backup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
