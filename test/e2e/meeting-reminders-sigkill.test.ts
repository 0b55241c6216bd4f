import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { silentLogger } from '../../src/logger.ts';
import {
  bringCloser,
  ConsoleBots,
  dueSoon,
  minuteAhead,
  minuteText,
  TICK_SECONDS,
} from './meeting-reminders-support.ts';

/**
 * The real bot (as `npm start` runs it, console adapter, embedded database) killed with SIGKILL just
 * before, at, and just after the moment its reminders are due, then started again: each reminder
 * reaches the chat exactly once, counted both in what the bot printed and in the database.
 */
const MEETINGS = 6;
const bots = new ConsoleBots();
afterEach(() => bots.cleanup());

const sleepUntil = (at: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));

interface Outcome {
  printed: number[];
  statuses: string[];
  distinctOutboxIds: number;
  /** Each reminder's outbox row: its status and how many times it was handed to the platform. */
  outboxRows: Array<{ status: string; attempts: number }>;
}

/**
 * One data folder: meetings scheduled by command, brought close in the database (rather than waiting
 * minutes for the clock), the bot killed `killAfterMs` after they are due, then started again.
 */
async function scenario(killAfterMs: number): Promise<Outcome> {
  // Not about the first start: a seeded data folder (initialised and migrated) spares three initdb at once.
  const dir = await bots.dataDir('seeded');
  const first = bots.start(dir);
  first.type('/meeting offsets 0');
  await first.waitFor(/From now on reminders go out at the start/, 60_000);
  const scheduledAt = minuteAhead();
  for (let n = 1; n <= MEETINGS; n++) {
    first.type(`/meeting ${minuteText(scheduledAt)} | Kill test ${n} | https://x.org/k${n}`);
    await first.waitFor(new RegExp(`is scheduled: “Kill test ${n}”`), 30_000);
  }
  const dueAt = dueSoon();
  await bringCloser(dir, dueAt - scheduledAt);
  await sleepUntil(dueAt + killAfterMs);
  await first.kill('SIGKILL');
  // Killed before the due time: stay down until after it, so that the reminders come due while down.
  await sleepUntil(dueAt + Math.max(killAfterMs, 0) + 2_000);

  const second = bots.start(dir);
  const count = (n: number) => (first.stdout + second.stdout).split(`“Kill test ${n}” starts now.`).length - 1;
  const deadline = Date.now() + 60_000;
  while ([...Array(MEETINGS).keys()].some((i) => count(i + 1) === 0) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // Time for a duplicate to show up if there were one: more than one tick of the dispatcher (the outbox
  // sends a row as soon as it is written).
  await new Promise((resolve) => setTimeout(resolve, Math.max(3_000, (TICK_SECONDS + 1) * 1000)));
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
    const outcomes = await Promise.all([scenario(-2_000), scenario(0), scenario(1_500)]);
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
