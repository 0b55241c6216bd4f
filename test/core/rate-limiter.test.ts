import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/core/rate-limiter.ts';

/** A clock that only moves when the limiter sleeps: the sends' times are exact and the test is instant. */
function fakeClock() {
  let now = 0;
  return { now: () => now, sleep: async (ms: number) => void (now += ms) };
}

/** Telegram's overall pace (29/s for its 30), without the per-chat limits. */
function telegramPaced(clock: ReturnType<typeof fakeClock>): RateLimiter {
  return new RateLimiter({ globalPerSecond: 29, platformPerSecond: 30, perChatIntervalMs: 0 }, clock.now, clock.sleep);
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

  it('GIVEN 29/s for a platform that counts 30 a second WHEN a prepare makes some messages leave late THEN no 31 consecutive messages leave within 1,034 ms', async () => {
    const clock = fakeClock();
    const limiter = telegramPaced(clock);
    // Every 31st message's "delivering" mark takes 8 ms: under a quarter interval, so its slot does not
    // move the schedule, and the message 30 after it, on time, would leave 8 ms closer than 31 slots span.
    const departures: number[] = [];
    for (let i = 0; i < 93; i++) {
      await limiter.acquire(`chat-${i}`, false, async () => {
        if (i % 31 === 0) await clock.sleep(8);
      });
      departures.push(clock.now());
    }
    const window = (30 * 1000) / 29;
    const spans = departures.slice(30).map((at, i) => at - departures[i]!);
    expect(Math.min(...spans)).toBeGreaterThanOrEqual(window - 1e-6);
    // The guard took back the 8 ms the late ones crowded in, no more: the schedule is kept otherwise.
    expect(departures[30]! - departures[0]!).toBeCloseTo(window, 6);
    expect(departures[1]! - departures[0]!).toBeCloseTo(1000 / 29 - 8, 6);
  });

  it('GIVEN 29/s for a platform that counts 30 a second THEN on schedule the guard never waits: 60 messages in 59 intervals', async () => {
    const clock = fakeClock();
    const limiter = telegramPaced(clock);
    for (let i = 0; i < 60; i++) await limiter.acquire(`chat-${i}`, false, async () => undefined);
    expect(clock.now()).toBeCloseTo((59 * 1000) / 29, 6);
  });

  it('GIVEN a prepare that fails THEN its message did not leave and takes no room in the platform window', async () => {
    const clock = fakeClock();
    const limiter = telegramPaced(clock);
    await expect(
      limiter.acquire('chat-x', false, async () => {
        throw new Error('database gone');
      }),
    ).rejects.toThrow('database gone');
    for (let i = 0; i < 31; i++) await limiter.acquire(`chat-${i}`, false, async () => undefined);
    // Had the failed one counted, the 31st after it would wait for the window rather than its slot.
    expect(clock.now()).toBeCloseTo((31 * 1000) / 29, 6);
  });

  it('GIVEN no platform limit above its own rate THEN the limiter keeps no departures: a long-running one does not grow', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ globalPerSecond: 30, perChatIntervalMs: 0 }, clock.now, clock.sleep);
    for (let i = 0; i < 100; i++) await limiter.acquire(`chat-${i}`, false, async () => undefined);
    expect((limiter as unknown as { departures: number[] }).departures).toHaveLength(0);
  });
});
