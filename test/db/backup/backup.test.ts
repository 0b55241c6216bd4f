import path from 'node:path';
import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/db/database.ts';
import { backup, restore } from '../../../src/db/backup/backup-commands.ts';
import { silentLogger } from '../../../src/logger.ts';
import { makeTestDir } from '../../support/global-setup.ts';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function dataDir() {
  const root = await makeTestDir();
  cleanups.push(() => rm(root, { recursive: true, force: true }));
  return { dir: path.join(root, 'data'), file: path.join(root, 'backup.jsonl.gz') };
}

describe('backup and restore of the embedded database', () => {
  it('GIVEN a bot writing WHEN backed up meanwhile and restored later THEN the copy is one consistent moment', async () => {
    const { dir, file } = await dataDir();
    const options = { databaseUrl: undefined, dataDir: dir, logger: silentLogger() };
    const db = await openDatabase(options);
    cleanups.push(() => db.close());

    // Each write is one transaction of two rows that refer to each other: a copy that split one
    // would show a community without its committee.
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        await db.prisma.community.create({
          data: { name: `c${written}`, joinCode: `CODE${written}`, committees: { create: { name: 'Newsletter' } } },
        });
        written++;
      }
    })();
    while (written < 20) await new Promise((resolve) => setTimeout(resolve, 10));
    const copy = await backup(options, file);
    while (written < copy.rows) await new Promise((resolve) => setTimeout(resolve, 10));
    writing = false;
    await writer;
    await db.close();
    expect(written).toBeGreaterThan(20);

    const restored = await restore(options, file);
    expect(restored.rows).toBe(copy.rows);

    const reopened = await openDatabase(options);
    cleanups.push(() => reopened.close());
    const communities = await reopened.prisma.community.count();
    const committees = await reopened.prisma.committee.count();
    expect(communities).toBeGreaterThanOrEqual(20);
    expect(communities).toBeLessThan(written);
    expect(committees).toBe(communities);
    // Ids go on after the restored rows.
    const next = await reopened.prisma.community.create({ data: { name: 'after', joinCode: 'AFTER' } });
    const max = await reopened.prisma.community.aggregate({ _max: { id: true }, where: { name: { not: 'after' } } });
    expect(next.id).toBe((max._max.id ?? 0) + 1);
  });

  it('GIVEN a bot running on the data folder WHEN a restore is attempted THEN it is refused and nothing changes', async () => {
    const { dir, file } = await dataDir();
    const options = { databaseUrl: undefined, dataDir: dir, logger: silentLogger() };
    const db = await openDatabase(options);
    cleanups.push(() => db.close());
    await db.prisma.community.create({ data: { name: 'kept', joinCode: 'KEPT' } });
    await backup(options, file);
    await db.prisma.community.create({ data: { name: 'also kept', joinCode: 'ALSO' } });
    await expect(restore(options, file)).rejects.toThrow(
      /in use by another Hamkar process|already open in this Hamkar process/,
    );
    expect(await db.prisma.community.count()).toBe(2);
  });
});
