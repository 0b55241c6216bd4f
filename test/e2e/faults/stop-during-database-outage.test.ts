import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmbeddedServer } from '../../../src/db/embedded-server.ts';
import { connectionUrl } from '../../../src/db/connection-url.ts';
import { silentLogger } from '../../../src/logger.ts';
import { expectOneWelcomeEach, FaultScene, newcomers, startsOf, untilPolling, untilQuiet } from './fault-support.ts';

const scene = new FaultScene();
afterEach(() => scene.cleanup());

/**
 * The bot's database refuses it (as when its connection pool cannot reach or may not use the server),
 * while the polling leader's own session stays: this process keeps polling and fetches updates the
 * core cannot record. New connections are refused and the open ones, but the leader's, are ended.
 */
async function refuseTheBot(admin: pg.Client): Promise<void> {
  await admin.query('ALTER DATABASE hamkar ALLOW_CONNECTIONS false');
  await admin.query(
    `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE datname = 'hamkar' AND pid NOT IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory')`,
  );
}

describe('SIGTERM while the database is out of reach', () => {
  it('GIVEN updates fetched while the bot cannot reach its database WHEN it is stopped (SIGTERM) before the database is back THEN none of them is confirmed to Telegram, and after a restart each is answered exactly once', async () => {
    // On a copy of the seeded folder: its `hamkar` database is migrated already, as a server the bot has
    // used before (the test is about the refusal, not the bot's first start).
    const server = await startEmbeddedServer({
      dataDir: await scene.seededDataDir(),
      logger: silentLogger(),
      durable: false,
    });
    scene.onCleanup(() => server.stop());
    const admin = new pg.Client({ ...server.connection, database: 'postgres' });
    await admin.connect();
    scene.onCleanup(() => admin.end());
    const env = { DATABASE_URL: connectionUrl(server.connection, 'hamkar'), HTTP_SERVER: 'off' };
    const fake = await scene.fakeTelegram();
    const dataDir = await scene.dataDir();

    const first = scene.telegramBot(fake, dataDir, env);
    await untilPolling(fake);
    // The normal path: handled updates are confirmed by the next getUpdates.
    const early = newcomers(3, 110_000);
    const { ids: earlyIds } = await fake.pushUpdates(...startsOf(early));
    await fake.waitFor('the early updates confirmed', () => fake.confirmedOffset > Math.max(...earlyIds), 30_000);
    await fake.waitFor('the early welcomes', () => early.every((u) => fake.deliveredTo(u.id).length > 0), 30_000);

    await refuseTheBot(admin);
    const late = newcomers(6, 120_000);
    const polls = fake.callsOf('getUpdates').length;
    const { ids: lateIds } = await fake.pushUpdates(...startsOf(late));
    await fake.waitFor('the updates fetched', () => fake.callsOf('getUpdates').length > polls, 10_000);
    await fake.waitFor('the core retrying them', () => first.stderr.includes('event not admitted'), 30_000);
    await first.kill('SIGTERM');
    expect(first.stderr).toContain('stopping');
    expect(fake.confirmedOffset, 'no update the core could not record is confirmed').toBeLessThanOrEqual(
      Math.min(...lateIds),
    );
    expect(first.stderr, 'the leader kept its session: this process polled until the stop').not.toContain(
      'database session lost',
    );

    await admin.query('ALTER DATABASE hamkar ALLOW_CONNECTIONS true');
    const second = scene.telegramBot(fake, dataDir, env);
    const everyone = [...early, ...late];
    await fake.waitFor(
      'a welcome for everyone',
      () => everyone.every((u) => fake.deliveredTo(u.id).length > 0),
      90_000,
    );
    await untilQuiet(fake);
    expectOneWelcomeEach(fake, everyone);
    await fake.waitFor('the late updates confirmed', () => fake.confirmedOffset > Math.max(...lateIds), 30_000);

    await second.kill('SIGTERM');
    expect((await second.exited).code, second.stderr).toBe(0);
  }, 180_000);
});
