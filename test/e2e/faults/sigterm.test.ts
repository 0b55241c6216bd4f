import { afterEach, describe, expect, it } from 'vitest';
import { expectOneWelcomeEach, FaultScene, newcomers, startsOf, untilPolling, untilQuiet } from './fault-support.ts';

const scene = new FaultScene();
afterEach(() => scene.cleanup());

/** Enough welcomes that Telegram's ~30 a second keeps the outbox busy for several seconds. */
const QUEUED = 150;
const IN_FLIGHT = 40;

describe('SIGTERM while the bot is busy', () => {
  it('GIVEN welcomes queued and a batch of commands being handled WHEN SIGTERM THEN the process exits 0 and after a restart every welcome arrives exactly once', async () => {
    const fake = await scene.fakeTelegram();
    // Not about the first start: a seeded data folder (initialised and migrated).
    const dataDir = await scene.seededDataDir();
    const first = scene.telegramBot(fake, dataDir);
    await untilPolling(fake);

    const queued = newcomers(QUEUED, 50_000);
    await fake.pushUpdates(...startsOf(queued));
    await fake.waitFor('the sending under way', () => fake.delivered.length >= 10, 30_000);

    // A second batch, handed to the bot by its next getUpdates: SIGTERM lands while it is being handled.
    const inFlight = newcomers(IN_FLIGHT, 60_000);
    const pollsBefore = fake.callsOf('getUpdates').length;
    const { ids } = await fake.pushUpdates(...startsOf(inFlight));
    await fake.waitFor('the batch handed out', () => fake.callsOf('getUpdates').length > pollsBefore, 10_000);
    const deliveredAtStop = fake.delivered.length;
    await first.kill('SIGTERM');
    const { code } = await first.exited;
    expect(code, first.stderr).toBe(0);
    expect(first.stderr).toContain('stopping');
    expect(deliveredAtStop, 'stopped in the middle of the sending').toBeLessThan(QUEUED);

    const second = scene.telegramBot(fake, dataDir);
    const everyone = [...queued, ...inFlight];
    await fake.waitFor(
      'a welcome for everyone',
      () => everyone.every((u) => fake.deliveredTo(u.id).length > 0),
      90_000,
    );
    await untilQuiet(fake);
    expectOneWelcomeEach(fake, everyone);
    // A clean stop leaves nothing in doubt: every send's outcome was known before the process ended.
    expect(second.stderr).not.toContain('message in doubt');
    expect(fake.confirmedOffset).toBeGreaterThan(Math.max(...ids));

    await second.kill('SIGTERM');
    expect((await second.exited).code, second.stderr).toBe(0);
  }, 180_000);
});
