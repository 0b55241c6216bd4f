import dotenv from 'dotenv';

/** What the database CLIs read: the environment, completed by `.env` when present (as the bot does). */
export interface DatabaseEnv {
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
}

export function readDatabaseEnv(): DatabaseEnv {
  dotenv.config({ quiet: true });
  const databaseUrl = process.env.DATABASE_URL?.trim() || undefined;
  const dataDir = process.env.DATA_DIR?.trim() || './data';
  return { databaseUrl, dataDir };
}
