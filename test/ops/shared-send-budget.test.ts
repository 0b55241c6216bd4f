import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { silentLogger } from '../../src/logger.ts';
import { RateLimiter, type RateLimits } from '../../src/core/rate-limiter.ts';
import type { SendPacer } from '../../src/core/send-pacer.ts';
import { SharedSendBudget } from '../../src/ops/shared-send-budget.ts';
import { PrismaSendPaceStore } from '../../src/db/stores/send-pace-store.ts';
import { FloodControl } from '../fakes/telegram/flood-control.ts';

let database: TestDatabase;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(async () => {
  await database.drop();
});

/** Small numbers, so that the test takes seconds: 10 messages/s for the bot, 300 ms between two to one chat. */
const LIMITS: RateLimits = { globalPerSecond: 10, perChatIntervalMs: 300, perGroupPerWindow: 3, groupWindowMs: 1_500 };
/**
 * The "platform": a little above the bot's numbers, as Telegram's are above ours. Its gap per chat is
 * half ours: a booked slot is reached by a timer, which a loaded CI machine may fire 100 ms late, and the
 * gap must hold against that. Two instances not sharing the budget would send to the chat at once.
 */
const PLATFORM = { perSecond: 12, perChatIntervalMs: 150, perGroupPerMinute: 1_000 };

function budget(botKey = 'telegram:1'): SharedSendBudget {
  return new SharedSendBudget({
    store: new PrismaSendPaceStore(database.prisma),
    botKey,
    limits: LIMITS,
    logger: silentLogger(),
  });
}

/** Each pacer sends its messages (chat ids) at once, as an instance's outbox would; the platform judges them. */
async function sendThrough(platform: FloodControl, work: Array<[SendPacer, string[]]>): Promise<number[]> {
  const sentAt: number[] = [];
  await Promise.all(
    work.flatMap(([pacer, chats]) =>
      chats.map(async (chatId) => {
        await pacer.acquire(chatId, chatId.startsWith('-'));
        sentAt.push(Date.now());
        platform.admit(chatId); // a refusal is counted in `tooManyRequests`
      }),
    ),
  );
  return sentAt;
}

const chats = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('the send budget shared by several instances of one bot', () => {
  it('GIVEN two instances sending 15 messages each at once THEN together they keep the bot’s rate (two in-process limiters would not)', async () => {
    const platform = new FloodControl(PLATFORM);
    await sendThrough(platform, [
      [budget(), chats('1', 15)],
      [budget(), chats('2', 15)],
    ]);
    expect(platform.tooManyRequests).toBe(0);
    // Within the platform's own bound: late timers on a loaded machine may bunch two slots into one second.
    expect(platform.maxPerSecond).toBeLessThanOrEqual(PLATFORM.perSecond);

    // The same traffic with each instance pacing only itself: twice the rate, refused by the platform.
    const unshared = new FloodControl(PLATFORM);
    await sendThrough(unshared, [
      [new RateLimiter(LIMITS), chats('3', 15)],
      [new RateLimiter(LIMITS), chats('4', 15)],
    ]);
    expect(unshared.tooManyRequests).toBeGreaterThan(0);
  }, 20_000);

  it('GIVEN two instances sending to the same chat THEN the chat’s own gap holds across them', async () => {
    const platform = new FloodControl(PLATFORM);
    const sentAt = await sendThrough(platform, [
      [budget(), ['42', '42', '42']],
      [budget(), ['42', '42', '42']],
    ]);
    expect(sentAt).toHaveLength(6);
    expect(platform.tooManyRequests).toBe(0);
  }, 20_000);

  it('GIVEN a group’s window cap THEN the message over it waits for the window, whichever instance sends it', async () => {
    const a = budget();
    const b = budget();
    const sentAt: number[] = [];
    for (const pacer of [a, b, a, b]) {
      await pacer.acquire('-100', true);
      sentAt.push(Date.now());
    }
    // Three may go 300 ms apart; the fourth only once the first is out of the 1.5 s window.
    expect(sentAt[3]! - sentAt[0]!).toBeGreaterThanOrEqual(LIMITS.groupWindowMs! - 100);
  }, 20_000);

  it('GIVEN one instance told to pause by a 429 THEN the other holds back too', async () => {
    const a = budget();
    const b = budget();
    await b.acquire('7');
    a.pauseAll(800);
    const pausedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 50)); // the pause is written in the background
    await b.acquire('8');
    expect(Date.now() - pausedAt).toBeGreaterThanOrEqual(700);
  }, 20_000);

  it('GIVEN two different bots THEN each has its own budget, and idle chats are forgotten', async () => {
    // Each bot has its own allowance at the platform.
    await Promise.all([
      sendThrough(new FloodControl(PLATFORM), [[budget('telegram:1'), chats('5', 8)]]),
      sendThrough(new FloodControl(PLATFORM), [[budget('telegram:2'), chats('6', 8)]]),
    ]);
    const keys = await database.prisma.sendPace.findMany({ select: { key: true } });
    expect(
      keys
        .filter((k) => !k.key.includes(':chat:'))
        .map((k) => k.key)
        .sort(),
    ).toEqual(['telegram:1', 'telegram:2']);
    expect(keys.filter((k) => k.key.startsWith('telegram:1:chat:'))).toHaveLength(8);
    await new Promise((resolve) => setTimeout(resolve, LIMITS.perChatIntervalMs + 50)); // every chat free again
    expect(await budget('telegram:1').forgetIdleChats(0)).toBe(8);
    expect(await database.prisma.sendPace.count({ where: { key: { startsWith: 'telegram:2:chat:' } } })).toBe(8);
  }, 20_000);
});
