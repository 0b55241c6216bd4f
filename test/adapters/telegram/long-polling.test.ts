import { Telegraf } from 'telegraf';
import { afterEach, describe, expect, it } from 'vitest';
import { LongPolling } from '../../../src/adapters/telegram/long-polling.ts';
import type { WireUpdate } from '../../../src/adapters/telegram/update-to-event.ts';
import { capturedLogger } from '../../support/captured-logger.ts';
import { FakeBotApi } from '../../fakes/telegram/fake-bot-api.ts';
import { person, privateChatOf, textMessage } from '../../fakes/telegram/updates.ts';
import { TOKEN } from '../../e2e/telegram/telegram-harness.ts';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The loop with a real telegraf client against the fake, its pauses shortened for the test. */
async function pollingAgainstFake(
  handle: (update: WireUpdate) => Promise<void>,
): Promise<{ fake: FakeBotApi; logs: string[]; ended: Promise<void> }> {
  const fake = await FakeBotApi.start({ token: TOKEN });
  cleanups.push(() => fake.close());
  const { logs, logger } = capturedLogger();
  const polling = new LongPolling({
    api: new Telegraf(TOKEN, { telegram: { apiRoot: fake.url } }).telegram,
    allowedUpdates: ['message'],
    handle,
    logger,
    retryMs: 10,
    maxAttempts: 3,
  });
  const ended = polling.run();
  cleanups.push(async () => {
    polling.stop();
    await ended;
  });
  return { fake, logs, ended };
}

const sara = person(1001, 'Sara');

describe('LongPolling', () => {
  it('GIVEN an update whose handling always fails THEN it is tried maxAttempts times, then given up (logged) so that the updates after it are confirmed', async () => {
    const tries = new Map<number, number>();
    const { fake, logs } = await pollingAgainstFake(async (update) => {
      tries.set(update.update_id, (tries.get(update.update_id) ?? 0) + 1);
      if (update.update_id === 700) throw new Error('this update always breaks the handler');
    });

    await fake.pushUpdates(
      { update_id: 700, ...textMessage(privateChatOf(sara), sara, 'bad') },
      { update_id: 701, ...textMessage(privateChatOf(sara), sara, 'good') },
    );
    await fake.waitFor('both confirmed', () => fake.confirmedOffset === 702);

    expect(tries.get(700)).toBe(3);
    // Answered polls: the first batch, then two redeliveries from the failing update on; 702 waits now.
    expect(fake.callsOf('getUpdates').map((c) => c.params.offset)).toEqual([0, 700, 700]);
    const lines = logs.join('');
    expect(lines.match(/telegram update not handled; fetched again/g)).toHaveLength(2);
    expect(lines).toContain('telegram update not handled; given up');
  });

  it('GIVEN 401 from getUpdates THEN the polling ends with that error instead of retrying', async () => {
    const fake = await FakeBotApi.start({ token: TOKEN });
    cleanups.push(() => fake.close());
    fake.failNext('getUpdates', { code: 401, description: 'Unauthorized' });
    const polling = new LongPolling({
      api: new Telegraf(TOKEN, { telegram: { apiRoot: fake.url } }).telegram,
      allowedUpdates: ['message'],
      handle: async () => undefined,
      logger: capturedLogger().logger,
    });

    await expect(polling.run()).rejects.toMatchObject({ code: 401 });
    expect(fake.callsOf('getUpdates')).toHaveLength(1);
  });
});
