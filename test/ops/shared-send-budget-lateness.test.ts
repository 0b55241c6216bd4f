import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { silentLogger } from '../../src/logger.ts';
import type { RateLimits } from '../../src/core/rate-limiter.ts';
import { SharedSendBudget, sharedLimits, type SendPaceStore } from '../../src/ops/shared-send-budget.ts';
import { PrismaSendPaceStore } from '../../src/db/stores/send-pace-store.ts';
import { TELEGRAM_RATE_LIMITS } from '../../src/adapters/telegram/platform-profile.ts';

/**
 * How the shared budget keeps the gap between its rate and the platform's when messages reach the
 * platform late: 10 messages/s against a platform that takes 11 leaves 11 × 100 ms − 1 s = 100 ms, and
 * a message later than that moves the bot's schedule by the excess.
 */
let database: TestDatabase;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(async () => {
  await database.drop();
});

const BOT = 'telegram:1';
const LIMITS: RateLimits = { globalPerSecond: 10, platformPerSecond: 11, perChatIntervalMs: 300 };

/** The real store, with the last booking's wait and each schedule move recorded (and awaitable). */
function recordingStore(): SendPaceStore & { lastWaitMs: number; moves: number[]; settled(): Promise<unknown> } {
  const store = new PrismaSendPaceStore(database.prisma);
  const pending: Array<Promise<void>> = [];
  const moves: number[] = [];
  const recording = {
    lastWaitMs: 0,
    async book(request: Parameters<SendPaceStore['book']>[0]) {
      const answer = await store.book(request);
      recording.lastWaitMs = answer.waitMs;
      return answer;
    },
    pauseBot: (key: string, ms: number) => store.pauseBot(key, ms),
    forgetIdleChats: (key: string, ms: number) => store.forgetIdleChats(key, ms),
    delayBot(key: string, ms: number) {
      moves.push(ms);
      const done = store.delayBot(key, ms);
      pending.push(done);
      return done;
    },
    moves,
    settled: () => Promise.all(pending),
  };
  return recording;
}

/** The bot's next slot, in milliseconds (microseconds kept). */
async function nextAt(): Promise<number> {
  const [row] = await database.prisma.$queryRaw<Array<{ ms: number }>>`
    SELECT extract(epoch FROM "nextAt")::float8 * 1000 AS ms FROM "SendPace" WHERE key = ${BOT}`;
  return Number(row!.ms);
}

/**
 * A budget on a clock the test moves, that never really sleeps: the bot's schedule is put 10 s ahead
 * first, so that every slot is in the future and a move of the schedule shows exactly.
 */
async function setUp(limits = LIMITS) {
  const store = recordingStore();
  let clock = 1_000_000;
  const budget = new SharedSendBudget({
    store,
    botKey: BOT,
    limits,
    logger: silentLogger(),
    sleep: async () => {},
    now: () => clock,
  });
  await store.pauseBot(BOT, 10_000);
  /** Takes a turn for `chat` at the clock's time; returns its slot on that clock (10 s and some ahead). */
  const turn = async (chat: string): Promise<number> => {
    await budget.acquire(chat);
    return clock + store.lastWaitMs;
  };
  /** The platform answered `chat` `roundTrip` ms after it left, which was `lateBy` ms after its slot. */
  const answer = (chat: string, slotAt: number, lateBy: number, roundTrip = 5) => {
    clock = slotAt + lateBy + roundTrip;
    budget.answered(chat, slotAt + lateBy);
  };
  return { store, budget, turn, answer };
}

describe('the shared budget and messages that reach the platform late', () => {
  it('GIVEN a message later than the margin THEN the schedule moves by the excess; one within it moves nothing', async () => {
    const { store, turn, answer } = await setUp();
    const slotA = await turn('a');
    answer('a', slotA, 60); // within the 100 ms
    expect(store.moves).toEqual([]);

    const slotB = await turn('b');
    const before = await nextAt();
    answer('b', slotB, 250);
    await store.settled();
    // 250 ms late where 100 ms are allowed: the schedule moves 150 ms.
    expect(store.moves).toHaveLength(1);
    expect(store.moves[0]!).toBeCloseTo(150, 6);
    expect((await nextAt()) - before).toBeCloseTo(150, 2);
  });

  it('GIVEN several messages late from one stall THEN the schedule moves once for them, and again for a later one', async () => {
    const { store, turn, answer } = await setUp();
    const slots = [await turn('a'), await turn('b'), await turn('c')];
    // One stall: all three answered late, after all three were booked.
    for (const [i, chat] of ['a', 'b', 'c'].entries()) answer(chat, slots[i]!, 300);
    await store.settled();
    expect(store.moves).toHaveLength(1);

    // Booked after that move: its own lateness is its own.
    const slotD = await turn('d');
    answer('d', slotD, 300);
    await store.settled();
    expect(store.moves).toHaveLength(2);
  });

  it('GIVEN a slow network, equally slow for every message THEN nothing moves: a constant delay crowds no second', async () => {
    const { store, turn, answer } = await setUp();
    for (const chat of ['a', 'b', 'c', 'd']) answer(chat, await turn(chat), 0, 400);
    expect(store.moves).toEqual([]);
    // One of them slower than the others by more than the margin does.
    answer('e', await turn('e'), 0, 400 + 250);
    expect(store.moves).toHaveLength(1);
  });

  it('GIVEN no platform limit known (a rate raised past it) THEN lateness moves nothing, and the rate keeps the fixed margin', async () => {
    const raised = { ...LIMITS, globalPerSecond: 1000 };
    const { store, turn, answer } = await setUp(raised);
    answer('a', await turn('a'), 5_000);
    expect(store.moves).toEqual([]);
    expect(sharedLimits(raised).globalPerSecond).toBe(860);
    // Telegram's own numbers: the same 29/s as one instance, the margin kept per message instead.
    expect(sharedLimits(TELEGRAM_RATE_LIMITS).globalPerSecond).toBe(29);
  });

  it('GIVEN 29 messages a second THEN 30 slots in a row span 30 intervals of 34.48 ms, not 30 rounded to 34', async () => {
    const store = new PrismaSendPaceStore(database.prisma);
    await store.pauseBot(BOT, 10_000);
    const start = await nextAt();
    const interval = 1000 / 29;
    for (let i = 0; i < 30; i++) {
      await store.book({
        botKey: BOT,
        chatKey: `${BOT}:chat:${i}`,
        globalIntervalMs: interval,
        perChatIntervalMs: 1050,
        groupLimit: 0,
        groupWindowMs: 60_000,
      });
    }
    expect((await nextAt()) - start).toBeCloseTo(30 * interval, 1); // 1,034.5 ms; rounded it was 1,020
  });
});
