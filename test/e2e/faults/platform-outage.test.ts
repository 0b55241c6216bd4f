import { describe, it } from 'vitest';
import type { OutageMode } from '../../fakes/telegram/outage.ts';
import type { Outage } from '../../fakes/telegram/outage.ts';
import { TOKEN } from '../telegram/telegram-harness.ts';
import {
  expectOneWelcomeEach,
  FaultScene,
  newcomers,
  OUTAGE_MS,
  startsOf,
  untilPolling,
  untilQuiet,
} from './fault-support.ts';

const BEFORE = 40;
const DURING = 10;
const OUTAGE_AFTER_DELIVERED = 5;

const MODES: Array<[string, OutageMode]> = [
  ['answers 502 to every call', { kind: 'fail', status: 502 }],
  ['hangs on every call (no answer, then a dropped connection)', { kind: 'hang' }],
];

// The two outages at once, each with its own fake, bot and data: each test mostly waits its outage out.
describe.concurrent('the Telegram Bot API unavailable while the bot runs', () => {
  for (const [what, mode] of MODES) {
    it(`GIVEN replies queued and updates arriving WHEN the API ${what} for ${OUTAGE_MS / 1000} s THEN after it recovers every reply arrives exactly once`, async ({
      expect,
      onTestFinished,
    }) => {
      const scene = new FaultScene();
      onTestFinished(() => scene.cleanup());
      const fake = await scene.fakeTelegram();
      // Not about the first start: a seeded data folder (initialised and migrated).
      const bot = scene.telegramBot(fake, await scene.seededDataDir());
      await untilPolling(fake);

      // The outage starts while most welcomes are still in the outbox.
      let outage: Outage | undefined;
      fake.onDelivered = () => {
        if (!outage && fake.delivered.length >= OUTAGE_AFTER_DELIVERED) outage = fake.startOutage(mode, OUTAGE_MS);
      };
      const early = newcomers(BEFORE, 80_000);
      await fake.pushUpdates(...startsOf(early));
      await fake.waitFor('the outage', () => outage);
      fake.onDelivered = undefined;
      const deliveredAtOutage = fake.delivered.length;
      expect(deliveredAtOutage, 'the outage began with welcomes still queued').toBeLessThan(BEFORE);

      // People keep writing during the outage: Telegram keeps their updates until the bot can fetch them.
      const late = newcomers(DURING, 90_000);
      await fake.pushUpdates(...startsOf(late));
      await fake.waitFor('the outage to end', () => !outage!.active, OUTAGE_MS + 5_000);
      expect(fake.delivered.length, 'nothing got through during the outage').toBe(deliveredAtOutage);
      expect(outage!.refused.get('sendMessage') ?? 0, 'the bot kept trying to send').toBeGreaterThan(0);
      expect(outage!.refused.get('getUpdates') ?? 0, 'the bot kept polling').toBeGreaterThan(0);

      await fake.waitFor(
        'a welcome for everyone',
        () => [...early, ...late].every((user) => fake.deliveredTo(user.id).length > 0),
        90_000,
      );
      await untilQuiet(fake);
      expectOneWelcomeEach(fake, [...early, ...late]);

      await bot.kill('SIGTERM');
      const { code } = await bot.exited;
      expect(code, bot.stderr).toBe(0);
      expect(bot.stderr).not.toContain('message failed for good');
      expect(bot.stderr).not.toContain(TOKEN.split(':')[1]);
    }, 180_000);
  }
});
