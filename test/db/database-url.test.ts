import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { connectionUrl } from '../../src/db/connection-url.ts';
import { openDatabase } from '../../src/db/database.ts';
import { silentLogger } from '../../src/logger.ts';
import { testDatabaseServer, withAdminClient } from '../support/test-database.ts';

describe('DATABASE_URL (an external PostgreSQL server)', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('GIVEN a URL of an empty database THEN openDatabase migrates it and uses it, and describe hides the password', async () => {
    const name = `external_${randomBytes(6).toString('hex')}`;
    await withAdminClient((client) => client.query(`CREATE DATABASE "${name}"`));
    cleanups.push(async () => {
      await withAdminClient((client) => client.query(`DROP DATABASE "${name}" WITH (FORCE)`));
    });
    // The test server trusts its socket, so any password is accepted; it must not be shown.
    const url = connectionUrl({ ...testDatabaseServer(), password: 's3cret-Pa55' }, name);

    const database = await openDatabase({ databaseUrl: url, dataDir: '/nonexistent/unused', logger: silentLogger() });
    cleanups.push(() => database.close());
    await database.prisma.auditLog.create({ data: { action: 'external', details: {} } });

    expect(database.describe).not.toContain('s3cret-Pa55');
    expect(database.describe).toContain(`/${name}`);
    const [row] = await database.prisma.$queryRawUnsafe<Array<{ db: string }>>('SELECT current_database() AS db');
    expect(row?.db).toBe(name);
    expect(await database.prisma.auditLog.count()).toBe(1);
  });
});
