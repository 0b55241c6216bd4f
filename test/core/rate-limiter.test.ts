import { describe, expect, it } from 'vitest';
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
});
