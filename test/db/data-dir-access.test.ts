import { existsSync } from 'node:fs';
import { chmod, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { assertTraversableBy, DataDirAccessError } from '../../src/db/data-dir-access.ts';
import { openDatabase } from '../../src/db/database.ts';
import { silentLogger } from '../../src/logger.ts';
import { makeTestDir } from '../support/global-setup.ts';

describe('folders the PostgreSQL system user must enter', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function closedFolder(): Promise<string> {
    const root = await makeTestDir();
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    const closed = path.join(root, 'closed');
    await mkdir(closed);
    await chmod(closed, 0o700);
    return closed;
  }

  it('GIVEN a 0700 folder of another owner on the way THEN the check names that folder and the chmod to run', async () => {
    const closed = await closedFolder();
    const stranger = { name: 'stranger', uid: 54_321, gid: 54_321 };

    expect(() =>
      assertTraversableBy(stranger, path.join(closed, 'data'), 'DATA_DIR', 'choose a DATA_DIR elsewhere'),
    ).toThrow(DataDirAccessError);
    expect(() =>
      assertTraversableBy(stranger, path.join(closed, 'data'), 'DATA_DIR', 'choose a DATA_DIR elsewhere'),
    ).toThrow(`cannot enter ${closed} (mode 0700`);
    await chmod(closed, 0o701);
    expect(() => assertTraversableBy(stranger, path.join(closed, 'data'), 'DATA_DIR', 'elsewhere')).not.toThrow();
  });

  it.skipIf(process.getuid?.() !== 0)(
    'GIVEN root and a DATA_DIR below a 0700 folder THEN opening fails with a message naming the folder and chmod o+x, before anything is created',
    async () => {
      const closed = await closedFolder();
      const dataDir = path.join(closed, 'data');

      const opening = openDatabase({ dataDir, logger: silentLogger() });

      await expect(opening).rejects.toThrow(DataDirAccessError);
      await expect(opening).rejects.toThrow(`cannot enter ${closed}`);
      await expect(opening).rejects.toThrow(`chmod o+x ${closed}`);
      expect(existsSync(path.join(dataDir, 'postgres'))).toBe(false);
      expect(existsSync(path.join(dataDir, 'hamkar.lock'))).toBe(false);
    },
  );
});
