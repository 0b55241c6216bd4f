import { afterEach, describe, expect, it } from 'vitest';
import { TelegramAdapter } from '../../../src/adapters/telegram/telegram-adapter.ts';
import type { InboundEvent } from '../../../src/core/event.ts';
import { capturedLogger } from '../../support/captured-logger.ts';
import { FakeBotApi } from '../../fakes/telegram/fake-bot-api.ts';
import { person, privateChatOf, textMessage, type FakeUser } from '../../fakes/telegram/updates.ts';
import { TOKEN } from './telegram-harness.ts';

/**
 * Which updates the long polling confirms to Telegram (by the `offset` of its next getUpdates): the real
 * adapter and telegraf client against the fake Bot API, with a stand-in for the core that the test
 * controls — it succeeds, fails, or waits until the "process" stops and then gives up, as the core
 * does with an event it cannot record while its database is out of reach.
 */
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const { logs, logger } = capturedLogger();
afterEach(() => {
  expect(logs.join(''), 'the token in the logs').not.toContain(TOKEN.split(':')[1]);
  logs.length = 0;
});

async function fakeApi(): Promise<FakeBotApi> {
  const fake = await FakeBotApi.start({ token: TOKEN });
  cleanups.push(() => fake.close());
  return fake;
}

/** The adapter, polling, handing every event to `onEvent`. */
async function polling(
  fake: FakeBotApi,
  onEvent: (event: InboundEvent) => Promise<void>,
  options: { pollingConflictRetryMs?: number } = {},
): Promise<TelegramAdapter> {
  const adapter = new TelegramAdapter({ token: TOKEN, apiRoot: fake.url, logger, ...options });
  cleanups.push(() => adapter.stop());
  await adapter.start(onEvent);
  return adapter;
}

const people = (count: number, firstId: number): FakeUser[] =>
  Array.from({ length: count }, (_, i) => person(firstId + i, `Member ${i + 1}`));
const startsOf = (users: FakeUser[]) => users.map((user) => textMessage(privateChatOf(user), user, '/start'));
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The offsets the bot's answered getUpdates calls asked with, in order. */
function offsetsAsked(fake: FakeBotApi): number[] {
  return fake.callsOf('getUpdates').map((call) => Number(call.params.offset ?? 0));
}

describe('long polling confirms an update to Telegram only once it is handled', () => {
  it('GIVEN updates the core handles THEN the next getUpdates confirms them, the offset only moves forward, and none comes twice', async () => {
    const fake = await fakeApi();
    const handled: string[] = [];
    await polling(fake, async (event) => void handled.push(event.id));

    const { ids: first } = await fake.pushUpdates(...startsOf(people(3, 1000)));
    await fake.waitFor('the first batch confirmed', () => fake.confirmedOffset === Math.max(...first) + 1);
    const { ids: second } = await fake.pushUpdates(...startsOf(people(2, 2000)));
    await fake.waitFor('the second batch confirmed', () => fake.confirmedOffset === Math.max(...second) + 1);
    await pause(300);

    expect(handled).toEqual([...first, ...second].map(String));
    const offsets = offsetsAsked(fake);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    expect(offsets).toContain(Math.max(...first) + 1);
    // No redelivery loop: one poll per batch, and the one waiting now.
    expect(offsets.length).toBeLessThanOrEqual(3);
  });

  it('GIVEN the core fails on an update in the middle of a batch THEN the later ones are handled anyway, nothing from the failed one on is confirmed until it is handled on its redelivery', async () => {
    const fake = await fakeApi();
    const users = people(4, 3000);
    const attempts = new Map<string, number>();
    const confirmedWhenTried: number[] = [];
    const failing = '9001';
    await polling(fake, async (event) => {
      attempts.set(event.id, (attempts.get(event.id) ?? 0) + 1);
      if (event.id !== failing) return;
      confirmedWhenTried.push(fake.confirmedOffset);
      if (attempts.get(event.id) === 1) throw new Error('the database hiccupped');
    });

    const { ids } = await fake.pushUpdates(...startsOf(users).map((body, i) => ({ update_id: 9_000 + i, ...body })));
    await fake.waitFor('every update confirmed', () => fake.confirmedOffset === Math.max(...ids) + 1);

    // Every update was handled in the first pass; the failed one and those after it came once more.
    expect(Object.fromEntries(attempts)).toEqual({ 9000: 1, 9001: 2, 9002: 2, 9003: 2 });
    // When the failed update came again, the one before it was confirmed, it and those after were not.
    expect(confirmedWhenTried).toEqual([0, ids[1]]);
    expect(offsetsAsked(fake)).toContain(ids[1]);
    expect(logs.join('')).toContain('telegram update not handled; fetched again');
  });

  it('GIVEN updates the core is still waiting to record WHEN the adapter stops and the core gives up THEN none is confirmed, and the next start receives and handles each of them', async () => {
    const fake = await fakeApi();
    const giveUp = new AbortController();
    const waiting: string[] = [];
    const first = await polling(fake, (event) => {
      waiting.push(event.id);
      // As the core does while its database is away: waits, and rejects once told to stop retrying.
      return new Promise((_, reject) =>
        giveUp.signal.addEventListener('abort', () => reject(new Error('event not admitted'))),
      );
    });
    const users = people(3, 4000);
    const { ids } = await fake.pushUpdates(...startsOf(users));
    await fake.waitFor('the batch with the core', () => waiting.length === users.length);
    const pollsBefore = fake.callsOf('getUpdates').length;

    // main.ts's order: the core stops retrying, then the adapters stop.
    giveUp.abort();
    await first.stop();

    expect(fake.confirmedOffset).toBeLessThanOrEqual(Math.min(...ids));
    expect(fake.callsOf('getUpdates'), 'no getUpdates at the stop').toHaveLength(pollsBefore);

    const handled: string[] = [];
    await polling(fake, async (event) => void handled.push(event.id));
    await fake.waitFor('the updates confirmed after the restart', () => fake.confirmedOffset === Math.max(...ids) + 1);
    expect(handled).toEqual(ids.map(String));
  });

  it('GIVEN Telegram answers getUpdates with 429 and then 502 THEN the bot waits retry_after, tries again, and loses nothing', async () => {
    const fake = await fakeApi();
    const { ids } = await fake.pushUpdates(...startsOf(people(2, 5000)));
    fake.failNext('getUpdates', { code: 429, description: 'Too Many Requests: retry after 1', retryAfter: 1 });
    fake.failNext('getUpdates', { code: 502, description: 'Bad Gateway' });
    const handled: string[] = [];
    await polling(fake, async (event) => void handled.push(event.id));

    await fake.waitFor('the updates confirmed', () => fake.confirmedOffset === Math.max(...ids) + 1);
    const [limited, failed, fetched] = fake.callsOf('getUpdates');
    expect([limited!.status, failed!.status, fetched!.status]).toEqual([429, 502, 200]);
    expect(failed!.at - limited!.at).toBeGreaterThanOrEqual(950);
    expect(handled).toEqual(ids.map(String));
  });

  it('GIVEN another process polls with the same token (409) THEN this one says so loudly, keeps trying, and polls again once the other is gone', async () => {
    const fake = await fakeApi();
    const handled: string[] = [];
    await polling(fake, async (event) => void handled.push(event.id), { pollingConflictRetryMs: 300 });
    await fake.waitFor('the first poll waiting', () => fake.calls.some((c) => c.method === 'deleteWebhook'));
    await pause(100);
    const stray = await polling(fake, async () => undefined, { pollingConflictRetryMs: 300 });

    await fake.waitFor('the conflict reported', () =>
      logs.join('').includes('telegram polling: 409, another process polls with this token'),
    );
    await stray.stop();
    const { ids } = await fake.pushUpdates(...startsOf(people(1, 6000)));
    await fake.waitFor('the update handled after the conflict', () => handled.length === 1);
    expect(handled).toEqual(ids.map(String));
    expect(fake.callsOf('getUpdates').some((c) => c.status === 409)).toBe(true);
  });
});
