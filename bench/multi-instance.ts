/**
 * Several instances on one PostgreSQL database (issues #9, #21):
 *  1. 2,000 reminders due at once, delivered by 1 and by 3 real bot processes (`src/main.ts`) through the
 *     loopback fake Bot API: with Telegram's limits (30/s per bot: the platform is the bound, whatever the
 *     number of instances; aim for 3: at least 0.9 of it from the due time to the last delivery, with no
 *     429), then with the fake's limits lifted and the bots' own rate raised (TELEGRAM_MAX_PER_SECOND=1000,
 *     as paid broadcasts allow), to show what the instances achieve. The reminders are planned before
 *     they are due, as the bot plans them, and the time counts from their due time. Beside the rate: the
 *     tightest 31 consecutive deliveries (the fake, as Telegram, refuses a 31st within 1,000 ms) and how
 *     often, and by how much, the shared budget moved its schedule for a message that reached the
 *     platform late (the bots log each move at debug level): the margin as it was used, not assumed.
 *  2. Outbox claim throughput: three claimers (three connection pools, as three instances) competing
 *     with FOR UPDATE SKIP LOCKED for 20,000 due messages; claims/s and a check that none was claimed twice.
 * Runs on DATABASE_URL when set (a database the bench may fill and empty), otherwise on a temporary
 * embedded PostgreSQL server that the processes share over its socket, durable as the bot runs it.
 *
 *   npx tsx bench/multi-instance.ts          BENCH_SCALE_REMINDERS=2000 BENCH_SCALE_CLAIMS=20000
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedServer, type EmbeddedServer } from '../src/db/embedded-server.ts';
import { connectionUrl } from '../src/db/connection-url.ts';
import { applyMigrations } from '../src/db/migrate.ts';
import { DEFAULT_MIGRATIONS_DIR } from '../src/db/migrations-dir.ts';
import { createPrismaClient, type Db } from '../src/db/prisma-client.ts';
import { PrismaOutboxStore } from '../src/db/stores/outbox-store.ts';
import { silentLogger } from '../src/logger.ts';
import { BotProcess } from '../test/e2e/bot-process.ts';
import { FakeBotApi } from '../test/fakes/telegram/fake-bot-api.ts';
import { seedDueReminders } from '../test/e2e/scale/scale-support.ts';
import { TELEGRAM_FLOOD_LIMITS } from '../test/fakes/telegram/flood-control.ts';
import { SCHEDULE_MOVED } from '../src/ops/shared-send-budget.ts';

const REMINDERS = Number(process.env.BENCH_SCALE_REMINDERS ?? 2_000);
const CLAIMS = Number(process.env.BENCH_SCALE_CLAIMS ?? 20_000);
/** Reminders are planned this long before they come due: each process's next tick arms its timer for them. */
const PLANNED_AHEAD_MS = 2_500;
const AIM_RATIO = 0.9;
const TOKEN = '123456789:AAHbench-token_for-the-loopback-bot-api';
const logger = silentLogger();

interface Target {
  url: string;
  /** A fresh, migrated, empty database for one run. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

async function openTarget(): Promise<Target> {
  let server: EmbeddedServer | undefined;
  let dir: string | undefined;
  let url = process.env.DATABASE_URL;
  if (!url) {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hamkar-bench-'));
    chmodSync(dir, 0o755);
    server = await startEmbeddedServer({ dataDir: dir, logger, settings: { max_connections: '200' } });
    const admin = new pg.Client({ ...server.connection, database: 'postgres' });
    await admin.connect();
    await admin.query('CREATE DATABASE hamkar_scale_bench');
    await admin.end();
    url = connectionUrl(server.connection, 'hamkar_scale_bench');
  }
  const target = url;
  return {
    url: target,
    async reset() {
      await applyMigrations({
        connection: { connectionString: target },
        migrationsDir: DEFAULT_MIGRATIONS_DIR,
        logger,
      });
      const client = new pg.Client({ connectionString: target });
      await client.connect();
      // Everything a run writes; the schema stays.
      await client.query(
        'TRUNCATE "Reminder", "MeetingOccurrence", "Meeting", "Community", "OutboxMessage", "SendPace" RESTART IDENTITY CASCADE',
      );
      await client.end();
    },
    async close() {
      await server?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function withDb<T>(url: string, work: (db: Db) => Promise<T>): Promise<T> {
  const db = createPrismaClient({ connectionString: url });
  try {
    return await work(db);
  } finally {
    await db.$disconnect();
  }
}

interface Delivery {
  seconds: number;
  perSecond: number;
  tooManyRequests: number;
}

/** `instances` bot processes deliver REMINDERS reminders due at once; from due to the last delivery. */
async function deliver(target: Target, instances: number, lifted: boolean): Promise<Delivery> {
  await target.reset();
  const fake = await FakeBotApi.start({ token: TOKEN, ...(lifted ? { limits: false as const } : {}) });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hamkar-bench-'));
  chmodSync(dataDir, 0o755);
  const bots = Array.from(
    { length: instances },
    (_, i) =>
      new BotProcess(dataDir, {
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: `${fake.url}/p${i + 1}`,
        DATABASE_URL: target.url,
        HTTP_SERVER: 'off',
        LOG_LEVEL: 'debug', // the shared budget's schedule moves

        REMINDER_TICK_SECONDS: '1',
        ...(lifted ? { TELEGRAM_MAX_PER_SECOND: '1000' } : {}),
      }),
  );
  try {
    await fake.waitFor(
      'the bots connected',
      () => new Set(fake.callsOf('getMe').map((c) => c.caller)).size === instances,
      60_000,
    );
    await fake.waitFor('the polling', () => fake.callsOf('deleteWebhook').length > 0, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // every process past its start-up work
    // Planned (written) first, then due a moment later: the time a planner takes is not the bots'.
    const dueAt = await withDb(target.url, async (db) => {
      await seedDueReminders(db, {
        meetings: ['Bench meeting'],
        chats: REMINDERS,
        firstChatId: 100_000,
        dueAt: new Date(Date.now() + 600_000),
      });
      const due = new Date(Date.now() + PLANNED_AHEAD_MS);
      await db.reminder.updateMany({ data: { dueAt: due } });
      return due;
    });
    await fake.waitFor('every reminder delivered', () => fake.delivered.length >= REMINDERS, 600_000);
    const at = fake.delivered.map((m) => m.at).sort((a, b) => a - b);
    const seconds = (at.at(-1)! - dueAt.getTime()) / 1000;
    const perSecond = fake.delivered.length / seconds;
    const perProcess = Array.from(
      { length: instances },
      (_, i) => fake.delivered.filter((m) => m.caller === `p${i + 1}`).length,
    );
    const chats = new Set(fake.delivered.map((m) => m.chatId)).size;
    const window = TELEGRAM_FLOOD_LIMITS.perSecond;
    let tightest = Infinity;
    for (let k = 0; k + window < at.length; k++) tightest = Math.min(tightest, at[k + window]! - at[k]!);
    const moves = bots.flatMap((bot) =>
      bot.stderr // the log
        .split('\n')
        .filter((line) => line.includes(SCHEDULE_MOVED))
        .map((line) => (JSON.parse(line) as { correctionMs: number }).correctionMs),
    );
    console.log(
      `  ${instances} instance${instances > 1 ? 's' : ''}: ${fake.delivered.length} delivered to ${chats} chats in ${seconds.toFixed(1)} s ` +
        `from their due time = ${perSecond.toFixed(1)}/s${lifted ? '' : ` = ${(perSecond / window).toFixed(2)} of Telegram's ${window}/s`} ` +
        `(per process ${perProcess.join(' / ')}); 429s ${fake.flood.tooManyRequests}, most in one second ${fake.flood.maxPerSecond}`,
    );
    if (!lifted) {
      console.log(
        `    first delivery ${at[0]! - dueAt.getTime()} ms after due; tightest ${window + 1} consecutive deliveries ` +
          `${tightest} ms apart (a ${window + 1}st within 1,000 ms is refused); the shared schedule moved ` +
          `${moves.length} times for a message that reached the platform late, ${(moves.reduce((a, b) => a + b, 0) / 1000).toFixed(2)} s in all`,
      );
    }
    return { seconds, perSecond, tooManyRequests: fake.flood.tooManyRequests };
  } finally {
    await Promise.all(bots.map((bot) => bot.kill('SIGTERM')));
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Three claimers empty a queue of CLAIMS due messages in batches of 50; claims per second. */
async function claimThroughput(target: Target): Promise<void> {
  await target.reset();
  await withDb(target.url, async (db) => {
    const rows = Array.from({ length: CLAIMS }, (_, i) => ({
      platform: 'bench',
      chatId: `chat-${i}`,
      payload: { text: `message ${i}` },
    }));
    for (let i = 0; i < rows.length; i += 5_000) await db.outboxMessage.createMany({ data: rows.slice(i, i + 5_000) });
  });
  const claimers = Array.from({ length: 3 }, () => createPrismaClient({ connectionString: target.url }));
  try {
    const stores = claimers.map((db) => new PrismaOutboxStore(db));
    await Promise.all(stores.map((store) => store.countUnsent(['bench']))); // connections open
    const claimed: number[][] = stores.map(() => []);
    const started = performance.now();
    await Promise.all(
      stores.map(async (store, i) => {
        for (;;) {
          const batch = await store.claimDue(['bench'], new Date(), 50, 600_000);
          if (batch.length === 0) return;
          claimed[i]!.push(...batch.map((m) => m.id));
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const all = claimed.flat();
    const twice = all.length - new Set(all).size;
    console.log(
      `  3 claimers: ${all.length} claims in ${seconds.toFixed(2)} s = ${Math.round(all.length / seconds)} claims/s ` +
        `(${claimed.map((c) => c.length).join(' / ')}; claimed twice: ${twice})`,
    );
  } finally {
    await Promise.all(claimers.map((db) => db.$disconnect()));
  }
}

async function main(): Promise<void> {
  const target = await openTarget();
  try {
    console.log(
      `multi-instance bench: ${REMINDERS} reminders due at once, ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'a temporary embedded PostgreSQL server'}`,
    );
    console.log(
      `with the fake enforcing Telegram's 30 messages/s per bot (the bound is the platform's: ≥ ${Math.ceil(REMINDERS / 30)} s for any number of instances):`,
    );
    const one = await deliver(target, 1, false);
    const three = await deliver(target, 3, false);
    console.log(`  3 instances / 1 instance: duration ratio ${(three.seconds / one.seconds).toFixed(2)}`);
    const ratio = three.perSecond / TELEGRAM_FLOOD_LIMITS.perSecond;
    const met = ratio >= AIM_RATIO && three.tooManyRequests === 0;
    console.log(
      `3 instances on one PostgreSQL: ${REMINDERS} reminders at ${ratio.toFixed(2)} of Telegram's ${TELEGRAM_FLOOD_LIMITS.perSecond}/s, ` +
        `${three.tooManyRequests} 429s (aim ≥ ${AIM_RATIO} with no 429: ${met ? 'met' : 'NOT met'})`,
    );
    console.log(
      "with the fake's limits lifted and TELEGRAM_MAX_PER_SECOND=1000 (what the instances themselves achieve):",
    );
    const oneFree = await deliver(target, 1, true);
    const threeFree = await deliver(target, 3, true);
    console.log(`  3 instances / 1 instance: duration ratio ${(threeFree.seconds / oneFree.seconds).toFixed(2)}`);
    console.log(`outbox claims on PostgreSQL, ${CLAIMS} due messages, batches of 50:`);
    await claimThroughput(target);
  } finally {
    await target.close();
  }
}

await main();
