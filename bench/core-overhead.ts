/**
 * What the core costs: events per second and p50/p99 latency of one command through
 * adapter event → dedupe → member resolution → router → handler → database write → outbox → sent,
 * against the same handler written by hand on the database (see `directJoin`).
 * Runs on the embedded database in a temporary folder (or DATABASE_URL when set).
 *
 *   npm run bench            BENCH_EVENTS=2000 BENCH_CONCURRENCY=8 npm run bench
 */
import { randomUUID } from 'node:crypto';
import { openBenchDatabase } from './support/bench-database.ts';
import { createApp } from '../src/app.ts';
import { silentLogger } from '../src/logger.ts';
import type { Db } from '../src/db/prisma-client.ts';
import type { PlatformAdapter, SendResult } from '../src/core/adapter.ts';
import type { InboundEvent, OutboundMessage } from '../src/core/event.ts';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1500);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP = 100;

interface Result {
  label: string;
  perSecond: number;
  p50: number;
  p99: number;
}

/** The round with the median throughput (its latencies come with it). */
function median(results: Result[]): Result {
  return [...results].sort((a, b) => a.perSecond - b.perSecond)[Math.floor(results.length / 2)]!;
}
const MEMBERS = 50;

/** A platform that answers instantly and tells whoever waits for a reply to a chat. */
class InstantAdapter implements PlatformAdapter {
  readonly platform = 'bench';
  private readonly waiting = new Map<string, () => void>();
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async send(chatId: string, _message: OutboundMessage): Promise<SendResult> {
    this.waiting.get(chatId)?.();
    this.waiting.delete(chatId);
    return { ok: true };
  }
  replyTo(chatId: string): Promise<void> {
    return new Promise((resolve) => this.waiting.set(chatId, resolve));
  }
}

function commandEvent(i: number): InboundEvent {
  const user = `u${Math.abs(i) % MEMBERS}`;
  return {
    id: randomUUID(),
    actor: { platform: 'bench', userId: user, displayName: `Member ${user}` },
    // Consecutive events are for different members, so that concurrent ones never share a chat.
    chat: { platform: 'bench', chatId: `dm-${user}`, kind: 'private' },
    payload: { type: 'command', name: 'join', args: 'Newsletter' },
    receivedAt: new Date(),
  };
}

async function measure(label: string, run: (i: number) => Promise<void>): Promise<Result> {
  for (let i = 0; i < WARMUP; i++) await run(-i - 1);
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < EVENTS) {
        const i = next++;
        const t0 = performance.now();
        await run(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
  const result = { label, perSecond: EVENTS / seconds, p50: pct(50), p99: pct(99) };
  console.log(
    `${label.padEnd(8)} ${result.perSecond.toFixed(0).padStart(6)} events/s   p50 ${result.p50.toFixed(2)} ms   p99 ${result.p99.toFixed(2)} ms`,
  );
  return result;
}

/**
 * The same handler written by hand, without the core, keeping what the product requires of any
 * handler: the update is handled once (dedupe row), the member and their role are checked, and the
 * reply is stored before it is sent and marked sent after. What remains between the two is the
 * core's own cost: routing, context, permission checks, rendering, the outbox dispatcher.
 */
async function directJoin(db: Db, adapter: InstantAdapter, event: InboundEvent): Promise<void> {
  await db.processedEvent.create({ data: { platform: event.chat.platform, eventId: event.id } });
  const identity = await db.identity.findUnique({
    where: { platform_externalId: { platform: event.actor.platform, externalId: event.actor.userId } },
    select: { member: { select: { id: true, memberships: { select: { communityId: true, role: true }, take: 1 } } } },
  });
  const membership = identity?.member.memberships[0];
  if (!identity || !membership) throw new Error('member missing');
  const committee = await db.committee.findFirst({
    where: { communityId: membership.communityId, name: { equals: 'Newsletter', mode: 'insensitive' } },
    select: { id: true },
  });
  if (!committee) throw new Error('committee missing');
  await db.committeeMembership.createMany({
    data: [{ committeeId: committee.id, memberId: identity.member.id }],
    skipDuplicates: true,
  });
  const text = 'You joined the committee “Newsletter”.';
  const row = await db.outboxMessage.create({
    data: { platform: 'bench', chatId: event.chat.chatId, payload: { text } },
    select: { id: true },
  });
  const reply = adapter.replyTo(event.chat.chatId);
  await adapter.send(event.chat.chatId, { text });
  await db.outboxMessage.update({ where: { id: row.id }, data: { status: 'sent', sentAt: new Date() } });
  await reply;
}

async function main() {
  const database = await openBenchDatabase();
  // The bench is a flood by design: its members send far more than a person would.
  const app = createApp(database.prisma, silentLogger(), {
    outbox: { pollIntervalMs: 200 },
    floodLimitPerMinute: Infinity,
  });
  const adapter = new InstantAdapter();
  app.outbox.register(adapter);
  await app.start();
  try {
    // A community with a committee, and members who already wrote in its group.
    const admin = { platform: 'bench', userId: 'admin', displayName: 'Admin', isChatAdmin: true };
    const group = { platform: 'bench', chatId: 'group', kind: 'group' as const };
    await app.bot.handle({
      id: randomUUID(),
      actor: admin,
      chat: group,
      payload: { type: 'command', name: 'setup', args: 'new Bench' },
      receivedAt: new Date(),
    });
    await app.bot.handle({
      id: randomUUID(),
      actor: admin,
      chat: group,
      payload: { type: 'command', name: 'committee', args: 'add Newsletter' },
      receivedAt: new Date(),
    });
    for (let m = 0; m < MEMBERS; m++) {
      await app.bot.handle({ ...commandEvent(m), chat: group, payload: { type: 'command', name: 'start', args: '' } });
    }
    await app.outbox.drain();

    console.log(`${EVENTS} events per round, ${CONCURRENCY} at a time, ${ROUNDS} rounds each, ${database.describe}`);
    // Rounds alternate so that neither side always meets the warmer cache or the bigger tables.
    const core: Result[] = [];
    const direct: Result[] = [];
    let offset = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const base = offset;
      core.push(
        await measure('core', async (i) => {
          const event = commandEvent(base + i);
          const reply = adapter.replyTo(event.chat.chatId);
          await app.bot.handle(event);
          await reply;
        }),
      );
      direct.push(await measure('direct', (i) => directJoin(database.prisma, adapter, commandEvent(base + i))));
      offset += EVENTS;
    }
    const c = median(core);
    const d = median(direct);
    console.log(
      `median   core ${c.perSecond.toFixed(0)} events/s p50 ${c.p50.toFixed(2)} ms p99 ${c.p99.toFixed(2)} ms`,
    );
    console.log(
      `median   direct ${d.perSecond.toFixed(0)} events/s p50 ${d.p50.toFixed(2)} ms p99 ${d.p99.toFixed(2)} ms`,
    );
    const overhead = (d.perSecond / c.perSecond - 1) * 100;
    console.log(
      `ratio    core/direct throughput ${(c.perSecond / d.perSecond).toFixed(2)}   core overhead ${overhead.toFixed(0)}% (aim ≤ 25%: ${overhead <= 25 ? 'met' : 'NOT met'})`,
    );
    console.log(
      `ratio    p50 core/direct ${(c.p50 / d.p50).toFixed(2)}   p99 core/direct ${(c.p99 / d.p99).toFixed(2)}`,
    );
  } finally {
    await app.stop();
    await database.close();
  }
}

await main();
