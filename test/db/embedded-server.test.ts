import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { isProcessRunning } from '../../src/db/process-info.ts';
import { readPostmasterPid } from '../../src/db/postmaster-pid.ts';
import { silentLogger } from '../../src/logger.ts';
import { makeTestDir } from '../support/global-setup.ts';

describe('embedded PostgreSQL', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function tempDir(): Promise<string> {
    const root = await makeTestDir();
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    return root;
  }

  it('GIVEN no DATABASE_URL THEN the bot initialises a server on a Unix socket in DATA_DIR, and after close a reopen finds the data', async () => {
    const dataDir = path.join(await tempDir(), 'data');
    const first = await openDatabase({ dataDir, logger: silentLogger() });
    cleanups.push(() => first.close());
    const pid = readPostmasterPid(path.join(dataDir, 'postgres'))!.pid;
    await first.prisma.auditLog.create({ data: { action: 'kept', details: { text: 'кириллица و فارسی' } } });
    const [settings] = await first.prisma.$queryRawUnsafe<Array<{ listen: string; sockets: string }>>(
      `SELECT current_setting('listen_addresses') AS listen, current_setting('unix_socket_directories') AS sockets`,
    );

    await first.close();
    expect(isProcessRunning(pid)).toBe(false);
    const second = await openDatabase({ dataDir, logger: silentLogger() });
    cleanups.push(() => second.close());

    expect(settings).toEqual({ listen: '', sockets: path.join(dataDir, 'postgres') });
    expect(first.describe).toContain(`socket in ${path.join(dataDir, 'postgres')}`);
    const rows = await second.prisma.auditLog.findMany();
    expect(rows.map((row) => row.details)).toEqual([{ text: 'кириллица و فارسی' }]);
  });

  it('GIVEN a DATA_DIR whose socket path would be too long THEN the server listens on loopback TCP with a password instead', async () => {
    const dataDir = path.join(await tempDir(), 'a-rather-long-folder-name-for-data'.repeat(2), 'data');
    expect(Buffer.byteLength(path.join(dataDir, 'postgres', '.s.PGSQL.5432'))).toBeGreaterThan(100);

    const database = await openDatabase({ dataDir, logger: silentLogger() });
    cleanups.push(() => database.close());

    expect(database.describe).toMatch(/\(127\.0\.0\.1:\d+\)$/);
    const [settings] = await database.prisma.$queryRawUnsafe<Array<{ listen: string; sockets: string }>>(
      `SELECT current_setting('listen_addresses') AS listen, current_setting('unix_socket_directories') AS sockets`,
    );
    expect(settings).toEqual({ listen: '127.0.0.1', sockets: '' });
    await database.prisma.auditLog.create({ data: { action: 'over-tcp', details: {} } });
    expect(await database.prisma.auditLog.count()).toBe(1);
    await database.close();
    expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  });
});
