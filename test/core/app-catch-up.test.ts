import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp, type App } from '../../src/app.ts';
import { silentLogger } from '../../src/logger.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

/**
 * At start each periodic job runs once for the work that fell due while the bot was down (its catch-up
 * run). main.ts starts the app without them and runs them once the platforms are connected; a plain
 * start runs them at once.
 */
let db: TestDatabase | undefined;
let app: App | undefined;

afterEach(async () => {
  await app?.stop();
  await db?.drop();
  app = undefined;
  db = undefined;
});

async function startedApp(options?: { catchUp?: boolean }): Promise<{ runs: string[] }> {
  db = await createTestDatabase();
  app = createApp(db.prisma, silentLogger());
  const runs: string[] = [];
  const runOnce = app.scheduler.runOnce.bind(app.scheduler);
  vi.spyOn(app.scheduler, 'runOnce').mockImplementation((job) => {
    runs.push(job.name);
    return runOnce(job);
  });
  await app.start(options);
  return { runs };
}

describe('the jobs’ catch-up runs at start', () => {
  it('GIVEN a plain start THEN every job runs once at once, each scheduled job among them', async () => {
    const { runs } = await startedApp();
    expect(runs.length).toBeGreaterThan(10);
    expect(new Set(runs).size).toBe(runs.length);
    expect(runs).toEqual(expect.arrayContaining(['outbox-retention', 'search-reindex']));
  });

  it('GIVEN a start without catch-up THEN no job runs until catchUp(), which runs each once and waits for them', async () => {
    const { runs } = await startedApp({ catchUp: false });
    expect(runs).toEqual([]);
    await app!.catchUp();
    expect(runs.length).toBeGreaterThan(10);
    expect(new Set(runs).size).toBe(runs.length);
    expect(runs).toEqual(expect.arrayContaining(['outbox-retention', 'search-reindex']));
  });
});
