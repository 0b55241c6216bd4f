import { afterEach, describe, expect, it, vi } from 'vitest';
import { RateLimiter } from '../../src/core/rate-limiter.ts';

/** A clock that only moves when the limiter sleeps: the sends' times are exact and the test is instant. */
function fakeClock() {
  let now = 0;
  return { now: () => now, sleep: async (ms: number) => void (now += ms) };
}

describe('RateLimiter', () => {
  it('GIVEN 1 message/s per chat THEN three messages to one chat go out a second apart', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ globalPerSecond: 30, perChatIntervalMs: 1000 }, clock.now, clock.sleep);
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      await limiter.acquire('chat-a');
      times.push(clock.now());
    }
    expect(times).toEqual([0, 1000, 2000]);
  });

  it('GIVEN work to do before a message leaves (prepare) THEN the next message to the chat waits a full interval after it', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ globalPerSecond: 30, perChatIntervalMs: 1000 }, clock.now, clock.sleep);
    const prepared: number[] = [];
    await limiter.acquire('chat-a', false, async () => {
      prepared.push(clock.now());
      await clock.sleep(300); // a slow database write
    });
    const left = clock.now();
    await limiter.acquire('chat-a');
    expect(prepared).toEqual([0]);
    expect(clock.now() - left).toBe(1000);
  });

  it('GIVEN 30 messages/s overall THEN 60 messages to different chats take two seconds', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ globalPerSecond: 30, perChatIntervalMs: 1000 }, clock.now, clock.sleep);
    for (let i = 0; i < 60; i++) await limiter.acquire(`chat-${i}`);
    expect(clock.now()).toBeGreaterThanOrEqual(1966);
    expect(clock.now()).toBeLessThan(2000);
  });

  it('GIVEN 20 per minute per group THEN the 21st message waits for the window', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(
      { globalPerSecond: 30, perChatIntervalMs: 0, perGroupPerWindow: 20, groupWindowMs: 60_000 },
      clock.now,
      clock.sleep,
    );
    for (let i = 0; i < 20; i++) await limiter.acquire('group', true);
    const before = clock.now();
    await limiter.acquire('group', true);
    expect(before).toBeLessThan(1000);
    expect(clock.now()).toBeGreaterThanOrEqual(60_000);
  });

  it('GIVEN a 429 with retry_after THEN nothing goes until it has passed', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ globalPerSecond: 30, perChatIntervalMs: 0 }, clock.now, clock.sleep);
    limiter.pauseAll(5000);
    await limiter.acquire('chat-b');
    expect(clock.now()).toBe(5000);
  });

  describe("GIVEN Telegram's numbers (29/s booked for its 30/s) and sends that each first write to the database", () => {
    afterEach(() => void vi.useRealTimers());
    const limits = { globalPerSecond: 29, platformPerSecond: 30, perChatIntervalMs: 1000 };
    const interval = 1000 / 29;

    /** `count` sends to different chats, all queued at once as the outbox hands them over; when each left. */
    async function sendAll(count: number, prepareMs: (i: number) => number): Promise<number[]> {
      vi.useFakeTimers({ now: 0 });
      const limiter = new RateLimiter(limits);
      const left: number[] = [];
      const sends = Array.from({ length: count }, (_, i) =>
        limiter
          .acquire(`chat-${i}`, false, () => new Promise((resolve) => setTimeout(resolve, prepareMs(i))))
          .then(() => left.push(Date.now())),
      );
      await vi.advanceTimersByTimeAsync(60_000);
      await Promise.all(sends);
      return left;
    }

    it('THEN a 10 ms write before each send costs no rate: 290 messages still take ten seconds', async () => {
      const left = await sendAll(290, () => 10);
      expect(left).toHaveLength(290);
      // Moving the schedule by each write made it 29 sends per 1.29 s (22/s).
      expect(Math.max(...left)).toBeLessThanOrEqual(289 * interval + 50);
    });

    it('THEN writes stalled for 400 ms do not let their messages crowd the next ones past the platform’s 30 in a second', async () => {
      // The disk stalls for 400 ms: the writes of a dozen messages in a row finish together, late,
      // among the later messages' own.
      const left = await sendAll(300, (i) => (i >= 30 && i < 42 ? 400 : 5));
      left.sort((a, b) => a - b);
      expect(left).toHaveLength(300);
      // No 31 within a second, with the 34 ms a message's trip may vary by to spare: any 31 span at
      // least 30 of the schedule's intervals.
      const spans = left.slice(30).map((at, n) => at - left[n]!);
      expect(Math.min(...spans)).toBeGreaterThanOrEqual(30 * interval - 1);
      // And the stalls cost at most their own length, not a stall per message.
      expect(Math.max(...left)).toBeLessThanOrEqual(299 * interval + 400 + 40);
    });
  });
});
