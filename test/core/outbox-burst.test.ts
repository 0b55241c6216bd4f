import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { silentLogger } from '../../src/logger.ts';
import { Outbox } from '../../src/core/outbox.ts';
import type { PlatformAdapter, SendResult } from '../../src/core/adapter.ts';
import type { OutboundMessage } from '../../src/core/event.ts';
import { PrismaOutboxStore } from '../../src/db/stores/outbox-store.ts';
import { insertOutboxRows } from '../../src/db/stores/outbox-rows.ts';

/**
 * A burst queued at once (a chair's nudge to thousands): the outbox holds only so many sends in hand,
 * leaves the rest in the database for its passes, and still sends each message once, each chat in order.
 */
let database: TestDatabase;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(async () => {
  await database.drop();
});

/**
 * A platform that answers nothing until `open()` (a rate limit that lets nothing through yet), then one
 * message every 4 ms; it counts the sends it holds at once.
 */
class SlowPlatform implements PlatformAdapter {
  readonly platform = 'test';
  readonly sent: Array<{ chatId: string; text: string }> = [];
  holding = 0;
  mostHeld = 0;
  private opened!: () => void;
  private readonly gate = new Promise<void>((resolve) => (this.opened = resolve));
  private line: Promise<unknown> = Promise.resolve();
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  open(): void {
    this.opened();
  }
  async send(chatId: string, message: OutboundMessage): Promise<SendResult> {
    this.holding += 1;
    this.mostHeld = Math.max(this.mostHeld, this.holding);
    await this.gate;
    // One message at a time, as under a rate limit: the backlog drains slower than it is queued.
    const turn = this.line.then(() => new Promise((resolve) => setTimeout(resolve, 4)));
    this.line = turn;
    await turn;
    this.holding -= 1;
    this.sent.push({ chatId, text: message.text });
    return { ok: true, messageId: String(this.sent.length) };
  }
}

async function burst(maxSendingAtOnce: number) {
  const platform = new SlowPlatform();
  const outbox = new Outbox(new PrismaOutboxStore(database.prisma), silentLogger(), {
    maxSendingAtOnce,
    batchSize: 10,
    pollIntervalMs: 50,
  });
  outbox.register(platform);
  outbox.start();
  // 150 chats, two messages each, queued as fast as they are stored; the platform lets messages
  // through from the second round on, so that sends finish while more are queued.
  for (const round of [1, 2]) {
    if (round === 2) {
      await new Promise((resolve) => setTimeout(resolve, 200)); // the passes have woken meanwhile
      platform.open();
    }
    for (let chat = 0; chat < 150; chat++) {
      await outbox.enqueue({ platform: 'test', chatId: `c${chat}` }, { text: `c${chat} m${round}` });
    }
  }
  await outbox.drain();
  await outbox.stop();
  return platform;
}

describe('a burst of messages queued at once', () => {
  it('GIVEN 300 messages queued at once and room for 20 in hand THEN at most 20 and a batch are held, each goes once, each chat in order', async () => {
    const platform = await burst(20);
    expect(platform.sent).toHaveLength(300);
    expect(new Set(platform.sent.map((m) => m.text)).size).toBe(300);
    for (let chat = 0; chat < 150; chat++) {
      expect(platform.sent.filter((m) => m.chatId === `c${chat}`).map((m) => m.text)).toEqual([
        `c${chat} m1`,
        `c${chat} m2`,
      ]);
    }
    expect(platform.mostHeld).toBeLessThanOrEqual(20 + 10);
    const rows = await database.prisma.outboxMessage.groupBy({ by: ['status'], _count: true });
    expect(rows.map((r) => [r.status, r._count])).toEqual([['sent', 300]]);
  });

  it('GIVEN no such limit THEN the first round is all held at once (what the limit prevents)', async () => {
    const platform = await burst(Infinity);
    expect(platform.sent).toHaveLength(300);
    expect(platform.mostHeld).toBe(150); // every chat's first message
  });
});

/** A platform whose every send waits until the test answers it. */
class HeldPlatform implements PlatformAdapter {
  readonly platform = 'test';
  readonly sent: Array<{ chatId: string; text: string }> = [];
  private readonly waiting: Array<() => void> = [];
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  get holding(): number {
    return this.waiting.length;
  }
  async send(chatId: string, message: OutboundMessage): Promise<SendResult> {
    await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.sent.push({ chatId, text: message.text });
    return { ok: true, messageId: String(this.sent.length) };
  }
  answerOne(): void {
    this.waiting.shift()?.();
  }
  answerAll(): void {
    while (this.waiting.length > 0) this.answerOne();
  }
}

describe('the default room in hand', () => {
  it('GIVEN 300 messages queued while the platform lets none through THEN at most 100 and a batch are held', async () => {
    const platform = new SlowPlatform();
    const outbox = new Outbox(new PrismaOutboxStore(database.prisma), silentLogger(), { pollIntervalMs: 50 });
    outbox.register(platform);
    outbox.start();
    for (let chat = 0; chat < 300; chat++) {
      await outbox.enqueue({ platform: 'test', chatId: `c${chat}` }, { text: `c${chat}` });
    }
    platform.open();
    await outbox.drain();
    await outbox.stop();
    expect(platform.sent).toHaveLength(300);
    expect(platform.mostHeld).toBeLessThanOrEqual(100 + 50);
  });
});

describe('the passes over a backlog', () => {
  it('GIVEN a backlog of 30 THEN the next batch is claimed while the one before is still going out, not after all of it', async () => {
    const platform = new HeldPlatform();
    const outbox = new Outbox(new PrismaOutboxStore(database.prisma), silentLogger(), {
      batchSize: 10,
      pollIntervalMs: 50,
    });
    outbox.register(platform);
    for (let chat = 0; chat < 30; chat++)
      await outbox.enqueue({ platform: 'test', chatId: `c${chat}` }, { text: `m${chat}` });
    outbox.start();
    // The second batch is claimed before any message of the first was answered: two in hand.
    await vi.waitFor(() => expect(platform.holding).toBe(20));
    expect(platform.sent).toHaveLength(0);
    // Ten answered: a batch is left in hand, and the last batch is claimed while it still goes out.
    for (let k = 0; k < 10; k++) platform.answerOne();
    await vi.waitFor(() => expect(platform.sent).toHaveLength(10));
    await vi.waitFor(() => expect(platform.holding).toBe(20));
    while (platform.sent.length < 30) {
      platform.answerAll();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await outbox.drain();
    await outbox.stop();
    expect(platform.sent.map((m) => m.text).sort()).toEqual(Array.from({ length: 30 }, (_, k) => `m${k}`).sort());
    const rows = await database.prisma.outboxMessage.groupBy({ by: ['status'], _count: true });
    expect(rows.map((r) => [r.status, r._count])).toEqual([['sent', 30]]);
  });

  it('GIVEN messages written to the store by a caller and handed over THEN a message enqueued after them to the same chat goes after them', async () => {
    const platform = new SlowPlatform();
    platform.open();
    const outbox = new Outbox(new PrismaOutboxStore(database.prisma), silentLogger(), {
      batchSize: 10,
      pollIntervalMs: 50,
    });
    outbox.register(platform);
    outbox.start();
    const written = Array.from({ length: 25 }, (_, k) => ({
      platform: 'test',
      chatId: `c${k}`,
      message: { text: `c${k} first` },
    }));
    await database.prisma.$transaction((tx) => insertOutboxRows(tx, written));
    outbox.handOver(written.length);
    for (let k = 0; k < 25; k++) await outbox.enqueue({ platform: 'test', chatId: `c${k}` }, { text: `c${k} second` });
    await outbox.drain();
    await outbox.stop();
    for (let k = 0; k < 25; k++) {
      expect(platform.sent.filter((m) => m.chatId === `c${k}`).map((m) => m.text)).toEqual([
        `c${k} first`,
        `c${k} second`,
      ]);
    }
  });
});
