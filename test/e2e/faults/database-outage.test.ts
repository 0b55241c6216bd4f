import { afterEach, describe, expect, it } from 'vitest';
import { startEmbeddedServer, type EmbeddedServer } from '../../../src/db/embedded-server.ts';
import { connectionUrl } from '../../../src/db/connection-url.ts';
import { silentLogger } from '../../../src/logger.ts';
import {
  expectOneWelcomeEach,
  FaultScene,
  newcomers,
  OUTAGE_MS,
  startsOf,
  untilPolling,
  untilQuiet,
} from './fault-support.ts';

const scene = new FaultScene();
afterEach(() => scene.cleanup());

const BEFORE = 40;
const DURING = 10;
const OUTAGE_AFTER_DELIVERED = 5;

/** A PostgreSQL server of the test's own (the bot reaches it by DATABASE_URL), to stop and start again. */
async function databaseServer(dataDir: string): Promise<EmbeddedServer> {
  return startEmbeddedServer({ dataDir, logger: silentLogger(), durable: false });
}

describe('the database going away while the bot runs', () => {
  it(`GIVEN replies queued and updates arriving WHEN the database server is down for ${OUTAGE_MS / 1000} s THEN the bot keeps running, and once it is back every reply and every update of the outage is answered exactly once`, async () => {
    // On a copy of the seeded folder: its `hamkar` database is migrated already, as a server the bot has
    // used before (the test is about the outage, not the bot's first start).
    const serverDir = await scene.seededDataDir();
    let server = await databaseServer(serverDir);
    scene.onCleanup(() => server.stop());
    const url = connectionUrl(server.connection, 'hamkar');

    const fake = await scene.fakeTelegram();
    // A short outbox lease: a message claimed when the database went away is claimed again sooner.
    const bot = scene.telegramBot(fake, await scene.dataDir(), { DATABASE_URL: url, OUTBOX_LEASE_SECONDS: '5' });
    let botExited = false;
    void bot.exited.then(() => (botExited = true));
    await untilPolling(fake);

    // The server stops while most welcomes are still in the outbox.
    let stopping: Promise<void> | undefined;
    fake.onDelivered = () => {
      if (!stopping && fake.delivered.length >= OUTAGE_AFTER_DELIVERED) stopping = server.stop();
    };
    const early = newcomers(BEFORE, 20_000);
    await fake.pushUpdates(...startsOf(early));
    await fake.waitFor('the database stopping', () => stopping);
    fake.onDelivered = undefined;
    await stopping;
    const deliveredAtOutage = fake.delivered.length;
    expect(deliveredAtOutage, 'the outage began with welcomes still queued').toBeLessThan(BEFORE);

    // People keep writing: the bot cannot record their updates, so it must not confirm them.
    const late = newcomers(DURING, 30_000);
    await fake.pushUpdates(...startsOf(late));
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    expect(botExited, `the bot kept running through the outage\n${bot.stderr}`).toBe(false);

    server = await databaseServer(serverDir);
    const backAt = Date.now();
    await fake.waitFor(
      'a welcome for everyone',
      () => [...early, ...late].every((user) => fake.deliveredTo(user.id).length > 0),
      90_000,
    );
    await untilQuiet(fake);
    expectOneWelcomeEach(fake, [...early, ...late]);
    expect(fake.deliveredTo(late[0]!.id)[0]!.at, 'answered once the database was back').toBeGreaterThan(backAt);

    await bot.kill('SIGTERM');
    expect((await bot.exited).code, bot.stderr).toBe(0);
  }, 180_000);
});
