import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { silentLogger } from '../../src/logger.ts';
import { makeTestDir } from '../support/global-setup.ts';
import { BotProcess } from './bot-process.ts';

/**
 * The real bot (as `npm start` runs it, console adapter, embedded database) killed with SIGKILL just
 * before, at, and just after the moment its reminders are due, then started again: each reminder
 * reaches the chat exactly once, counted both in what the bot printed and in the database.
 */
const MEETINGS = 6;
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const sleepUntil = (at: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));

function startBot(dir: string, env: Record<string, string> = {}): BotProcess {
  const bot = new BotProcess(dir, { CONSOLE_USER_NAME: 'Nasrin', LOG_LEVEL: 'warn', ...env });
  cleanups.push(() => bot.kill('SIGKILL'));
  return bot;
}

/** `YYYY-MM-DD HH:MM` in UTC (the console community's zone). */
function minuteText(at: number): string {
  return new Date(at).toISOString().slice(0, 16).replace('T', ' ');
}

interface Outcome {
  printed: number[];
  statuses: string[];
  distinctOutboxIds: number;
  /** Each reminder's outbox row: its status and how many times it was handed to the platform. */
  outboxRows: Array<{ status: string; attempts: number }>;
}

/** One data folder: meetings due at `dueAt`, the bot killed at `dueAt + killAfterMs`, started again. */
async function scenario(dueAt: number, killAfterMs: number): Promise<Outcome> {
  const root = await makeTestDir();
  cleanups.push(() => rm(root, { recursive: true, force: true }));
  const dir = path.join(root, 'data');
  const first = startBot(dir);
  first.type('/meeting offsets 0');
  await first.waitFor(/From now on reminders go out at the start/, 60_000);
  for (let n = 1; n <= MEETINGS; n++) {
    first.type(`/meeting ${minuteText(dueAt)} | Kill test ${n} | https://x.org/k${n}`);
    await first.waitFor(new RegExp(`is scheduled: “Kill test ${n}”`), 30_000);
  }
  await sleepUntil(dueAt + killAfterMs);
  await first.kill('SIGKILL');
  // Killed before the due time: stay down until after it, so that the reminders come due while down.
  await sleepUntil(dueAt + Math.max(killAfterMs, 0) + 2_000);

  const second = startBot(dir);
  const count = (n: number) => (first.stdout + second.stdout).split(`“Kill test ${n}” starts now.`).length - 1;
  const deadline = Date.now() + 60_000;
  while ([...Array(MEETINGS).keys()].some((i) => count(i + 1) === 0) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // Time for a duplicate to show up if there were one: more than one tick of the dispatcher.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  second.endInput();
  expect((await second.exited).code, second.stderr).toBe(0);

  const database = await openDatabase({ dataDir: dir, logger: silentLogger() });
  try {
    const reminders = await database.prisma.reminder.findMany({ orderBy: { id: 'asc' } });
    const ids = reminders.map((r) => r.outboxId).filter((id): id is number => id !== null);
    const rows = await database.prisma.outboxMessage.findMany({
      where: { id: { in: ids } },
      select: { status: true, attempts: true },
    });
    return {
      printed: [...Array(MEETINGS).keys()].map((i) => count(i + 1)),
      statuses: reminders.map((r) => r.status),
      distinctOutboxIds: new Set(ids).size,
      outboxRows: rows.map((r) => ({ status: r.status, attempts: r.attempts })),
    };
  } finally {
    await database.close();
  }
}

describe('reminders across SIGKILL of the real bot process', () => {
  it('GIVEN reminders due while the bot is killed just before, at, and just after their time THEN after a restart each is delivered exactly once', async () => {
    // A minute boundary far enough ahead for three bots to start and schedule their meetings.
    const dueAt = Math.ceil((Date.now() + 45_000) / 60_000) * 60_000;
    const outcomes = await Promise.all([scenario(dueAt, -2_000), scenario(dueAt, 0), scenario(dueAt, 1_500)]);
    for (const [i, outcome] of outcomes.entries()) {
      const label = ['killed before', 'killed at', 'killed after'][i];
      expect(outcome.printed, `${label}: printed per meeting`).toEqual(Array(MEETINGS).fill(1));
      // `late` when the restart took longer than the lateness threshold on a busy machine: still delivered.
      for (const status of outcome.statuses) expect(['sent', 'late'], `${label}: reminder status`).toContain(status);
      expect(outcome.statuses, `${label}: one reminder per meeting`).toHaveLength(MEETINGS);
      expect(outcome.distinctOutboxIds, `${label}: one outbox row per reminder`).toBe(MEETINGS);
      // Sent, and handed to the platform once: a second send after the restart would count 2 attempts.
      expect(outcome.outboxRows, `${label}: outbox rows`).toEqual(
        Array(MEETINGS).fill({ status: 'sent', attempts: 1 }),
      );
    }
  }, 240_000);
});

describe('reminders on a server whose time zone is not UTC', () => {
  it('GIVEN the bot process (and so its new embedded database) in TZ=Asia/Tehran WHEN a meeting starts THEN its reminder arrives on time, once', async () => {
    const root = await makeTestDir();
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    // initdb writes the process's TZ into postgresql.conf: before the fix, the server then compared
    // UTC instants as Tehran wall clocks and the reminder came 3.5 hours late.
    const bot = startBot(path.join(root, 'data'), { TZ: 'Asia/Tehran' });
    bot.type('/meeting offsets 0');
    await bot.waitFor(/From now on reminders go out at the start/, 60_000);
    const dueAt = Math.ceil((Date.now() + 20_000) / 60_000) * 60_000;
    bot.type(`/meeting ${minuteText(dueAt)} | Tehran server | https://x.org/t`);
    await bot.waitFor(/is scheduled: “Tehran server”/, 30_000);
    await bot.waitFor(/“Tehran server” starts now\./, dueAt - Date.now() + 30_000);
    const arrivedAt = Date.now();
    // Not early, and within the dispatcher's tick plus a busy machine's delay.
    expect(arrivedAt).toBeGreaterThanOrEqual(dueAt);
    expect(arrivedAt - dueAt).toBeLessThan(30_000);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    bot.endInput();
    expect((await bot.exited).code, bot.stderr).toBe(0);
    expect(bot.stdout.split('“Tehran server” starts now.').length - 1).toBe(1);
  }, 180_000);
});
