import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { silentLogger } from '../../src/logger.ts';

/**
 * The database a bench measures: DATABASE_URL when set, otherwise a new embedded one in a temporary
 * folder (enterable by PostgreSQL's own user when run as root), removed by `close()`.
 */
export async function openBenchDatabase(): Promise<Database> {
  const dataDir = process.env.DATABASE_URL ? undefined : mkdtempSync(path.join(os.tmpdir(), 'hamkar-bench-'));
  if (dataDir) chmodSync(dataDir, 0o755);
  const database = await openDatabase({
    databaseUrl: process.env.DATABASE_URL,
    dataDir: dataDir ?? './data',
    logger: silentLogger(),
  });
  return {
    ...database,
    async close() {
      await database.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
