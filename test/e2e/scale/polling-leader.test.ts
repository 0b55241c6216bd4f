import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../support/test-database.ts';
import { FakeBotApi } from '../../fakes/telegram/fake-bot-api.ts';
import { person, privateChatOf, textMessage } from '../../fakes/telegram/updates.ts';
import { TOKEN } from '../telegram/telegram-harness.ts';
import { BotFleet } from './scale-support.ts';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const POLLS = 'telegram polling: this process polls';
const NAMES = ['p1', 'p2', 'p3'];

describe('one poller among three bot processes of one bot (issue #9)', () => {
  it('GIVEN three processes THEN exactly one long-polls; WHEN it is SIGKILLed THEN another takes over within a few seconds and answers', async () => {
    const fake = await FakeBotApi.start({ token: TOKEN });
    cleanups.push(() => fake.close());
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    const fleet = new BotFleet(fake, {
      TELEGRAM_BOT_TOKEN: TOKEN,
      DATABASE_URL: database.url,
      HTTP_SERVER: 'off',
      LEADER_RETRY_SECONDS: '1',
    });
    cleanups.push(() => fleet.stopAll());
    for (const name of NAMES) await fleet.start(name);
    const pollers = (names: string[]) => names.filter((name) => fleet.get(name).stderr.includes(POLLS));
    await fake.waitFor('a poller', () => pollers(NAMES).length > 0, 60_000);
    await fake.waitFor('all three ready', () => NAMES.every((n) => fleet.get(n).stderr.includes('"ready"')), 60_000);

    const alice = person(81_001, 'Alice');
    await fake.pushUpdates(textMessage(privateChatOf(alice), alice, '/start'));
    await fake.waitFor('the answer to Alice', () => fake.deliveredTo(alice.id).length > 0);
    // Several retry periods later, still one poller: the others keep trying and keep failing to take the lock.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const [leader, ...others] = pollers(NAMES);
    expect(others, 'processes that polled besides the leader').toEqual([]);
    expect(new Set(fake.callsOf('getUpdates').map((call) => call.caller))).toEqual(new Set([leader]));
    expect(fake.pollConflicts, 'getUpdates calls that overlapped another').toBe(0);

    await fleet.get(leader!).kill('SIGKILL');
    const killedAt = Date.now();
    const survivors = NAMES.filter((name) => name !== leader);
    await fake.waitFor('a new poller', () => pollers(survivors).length > 0, 10_000);
    const takeoverMs = Date.now() - killedAt;
    expect(pollers(survivors)).toHaveLength(1);
    // The lock is freed when the dead process's session ends; the survivors retry every second.
    expect(takeoverMs).toBeLessThan(5_000);

    const bob = person(81_002, 'Bob');
    await fake.pushUpdates(textMessage(privateChatOf(bob), bob, '/start'));
    const [answer] = await fake.waitFor('the answer to Bob', () => {
      const received = fake.deliveredTo(bob.id);
      return received.length > 0 ? received : undefined;
    });
    expect(answer!.text).toContain('Bob');
    expect(answer!.caller).toBe(pollers(survivors)[0]);
    expect(fake.pollConflicts).toBe(0);
    expect(fake.deliveredTo(alice.id)).toHaveLength(1);
  }, 120_000);
});
