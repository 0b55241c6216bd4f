import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Bot } from '../../src/core/bot.ts';
import { Outbox } from '../../src/core/outbox.ts';
import type { EventGate } from '../../src/core/ports.ts';
import type { InboundEvent } from '../../src/core/event.ts';
import { PrismaConversationStore } from '../../src/db/stores/conversation-store.ts';
import { PrismaEventGate } from '../../src/db/stores/event-gate-store.ts';
import { PrismaOutboxStore } from '../../src/db/stores/outbox-store.ts';
import { buildFeatures } from '../../src/features/register-features.ts';
import type { Services } from '../../src/features/services.ts';
import { Translator } from '../../src/i18n/translator.ts';
import { createLogger } from '../../src/logger.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { isDatabaseUnavailable } from '../../src/db/connection-failure.ts';

/**
 * An event that cannot even be admitted (the database is out of reach when it arrives) is tried again
 * until it goes through, so that the adapter confirms nothing to the platform in the meantime; a stop
 * ends the waiting. The gate here is the real one over the real database, made to fail its first calls
 * as a refused connection does.
 */

let db: TestDatabase;
let outbox: Outbox;
let logs: Array<{ level: number; msg: string }>;

beforeEach(async () => {
  db = await createTestDatabase();
  logs = [];
});
afterEach(async () => {
  await outbox.stop();
  await db.drop();
});

function botWithGate(
  gate: EventGate,
  resolverFailures = 0,
  resolverError: () => Error = () => new Error('Connection terminated unexpectedly'),
): Bot<Services> {
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      logs.push(JSON.parse(String(chunk)) as { level: number; msg: string });
      callback();
    },
  });
  const logger = createLogger({ destination, pretty: false, level: 'info' });
  const translator = new Translator();
  outbox = new Outbox(new PrismaOutboxStore(db.prisma), logger);
  const { router, services, resolver } = buildFeatures(db.prisma, { outbox, translator, logger });
  let failuresLeft = resolverFailures;
  return new Bot({
    router,
    services,
    // The real resolver, refusing its first calls as a connection dropped mid-way does.
    resolver: {
      resolve(actor, chat) {
        if (failuresLeft-- > 0) return Promise.reject(resolverError());
        return resolver.resolve(actor, chat);
      },
      view: (actor, chat) => resolver.view(actor, chat),
    },
    gate,
    floodLimitPerMinute: 20,
    conversations: new PrismaConversationStore(db.prisma),
    outbox,
    translator,
    logger,
    isDatabaseUnavailable,
  });
}

/** The real gate, refusing its first `failures` calls as a database that is down does. */
function gateFailingFirst(failures: number): EventGate & { calls: number } {
  const real = new PrismaEventGate(db.prisma);
  return {
    calls: 0,
    async admit(...args) {
      this.calls++;
      if (this.calls <= failures) {
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      }
      return real.admit(...args);
    },
  };
}

function startEvent(): InboundEvent {
  return {
    id: 'update-1',
    actor: { platform: 'test', userId: 'nasrin', displayName: 'Nasrin' },
    chat: { platform: 'test', chatId: 'dm-nasrin', kind: 'private' },
    payload: { type: 'command', name: 'start', args: '' },
    receivedAt: new Date(),
  };
}

describe('an event that arrives while the database is unreachable', () => {
  it('GIVEN the gate failing twice THEN the event is tried again and handled once, with no apology and no error logged', async () => {
    const gate = gateFailingFirst(2);
    const bot = botWithGate(gate);
    await bot.handle(startEvent());

    expect(gate.calls).toBe(3);
    const queued = await db.prisma.outboxMessage.findMany();
    expect(queued).toHaveLength(1);
    expect(JSON.stringify(queued[0]!.payload)).toContain('Hello, Nasrin');
    expect(logs.filter((l) => l.msg.startsWith('event not admitted'))).toHaveLength(2);
    expect(logs.filter((l) => l.level >= 50)).toEqual([]);
  });

  it('GIVEN the database never comes back WHEN the bot is told to stop retrying THEN handle gives up with an error and records nothing', async () => {
    const gate = gateFailingFirst(Number.POSITIVE_INFINITY);
    const bot = botWithGate(gate);
    const handled = bot.handle(startEvent());
    while (gate.calls < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    bot.stopRetrying();

    await expect(handled).rejects.toThrow('event not admitted');
    expect(await db.prisma.outboxMessage.count()).toBe(0);
    expect(await db.prisma.processedEvent.count()).toBe(0);
  });

  it('GIVEN resolving the sender fails once THEN the event is not marked as seen, and the next attempt handles it once', async () => {
    const gate = gateFailingFirst(0);
    const bot = botWithGate(gate, 1);
    await bot.handle(startEvent());

    expect(gate.calls).toBe(1); // the gate records the event only once its sender is known
    const queued = await db.prisma.outboxMessage.findMany();
    expect(queued).toHaveLength(1);
    expect(JSON.stringify(queued[0]!.payload)).toContain('Hello, Nasrin');
    expect(await db.prisma.processedEvent.count()).toBe(1);

    // A real redelivery of the same update (a new handle call) is still dropped.
    await bot.handle(startEvent());
    expect(await db.prisma.outboxMessage.count()).toBe(1);
  });

  it('GIVEN resolving keeps failing WHEN the bot stops retrying THEN nothing marks the event as seen, and the next process handles its redelivery', async () => {
    const stopping = botWithGate(gateFailingFirst(0), Number.POSITIVE_INFINITY);
    const handled = stopping.handle(startEvent());
    while (!logs.some((l) => l.msg.startsWith('event not admitted'))) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    stopping.stopRetrying();
    await expect(handled).rejects.toThrow('event not admitted');
    expect(await db.prisma.processedEvent.count()).toBe(0);

    await outbox.stop();
    const next = botWithGate(gateFailingFirst(0));
    await next.handle(startEvent());
    const queued = await db.prisma.outboxMessage.findMany();
    expect(queued).toHaveLength(1);
    expect(JSON.stringify(queued[0]!.payload)).toContain('Hello, Nasrin');
  });

  it('GIVEN the gate records the event but its answer is lost (the connection cut right after the commit) THEN the next attempt handles it once, not as a redelivery', async () => {
    const real = new PrismaEventGate(db.prisma);
    let calls = 0;
    const gate: EventGate = {
      async admit(...args) {
        const decision = await real.admit(...args);
        if (++calls === 1) throw Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
        return decision;
      },
    };
    const bot = botWithGate(gate);
    await bot.handle(startEvent());

    expect(calls).toBe(2);
    const queued = await db.prisma.outboxMessage.findMany();
    expect(queued).toHaveLength(1);
    expect(JSON.stringify(queued[0]!.payload)).toContain('Hello, Nasrin');
  });

  it('GIVEN resolving the sender fails with an error that is not an outage (a bug) THEN it is answered with an apology at once, not retried forever, and the event is not recorded', async () => {
    const bot = botWithGate(gateFailingFirst(0), Number.POSITIVE_INFINITY, () => new TypeError('x is undefined'));
    await bot.handle(startEvent());

    expect(logs.filter((l) => l.msg.startsWith('event not admitted'))).toEqual([]);
    expect(logs.filter((l) => l.msg === 'handler failed')).toHaveLength(1);
    const queued = await db.prisma.outboxMessage.findMany();
    expect(queued).toHaveLength(1);
    expect(JSON.stringify(queued[0]!.payload)).toContain('something went wrong on my side');
    expect(await db.prisma.processedEvent.count()).toBe(0);
  });
});
