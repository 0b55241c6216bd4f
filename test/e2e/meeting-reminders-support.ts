import { rm } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { makeTestDir } from '../support/global-setup.ts';
import { copySeedDataDir } from '../support/seed-data-dir.ts';
import { BotProcess } from './bot-process.ts';

/**
 * The real bot with the console adapter on its embedded database, as the meeting-reminder tests run it:
 * what they start, and how they bring a meeting's time close without waiting for the clock to get there.
 */

/**
 * Seconds between the reminder dispatcher's periodic ticks in these tests (15 by default). Neither test
 * is about that default: a reminder is handed over by the timer the dispatcher arms at its tick before
 * the due time, and a restarted bot ticks at once. A short tick only shortens the wait until a meeting
 * moved in the database (bringCloser) is seen by a tick.
 */
export const TICK_SECONDS = 3;

export class ConsoleBots {
  private readonly cleanups: Array<() => Promise<unknown>> = [];

  /**
   * A data folder of its own, deleted at cleanup: new, for a test about the first start (initdb), or a
   * copy of the seeded one (initialised and migrated), for a test that is not.
   */
  async dataDir(kind: 'new' | 'seeded'): Promise<string> {
    const root = await makeTestDir();
    this.cleanups.push(() => rm(root, { recursive: true, force: true }));
    const dir = path.join(root, 'data');
    return kind === 'seeded' ? copySeedDataDir(dir) : dir;
  }

  /** `npm start` in the console, as Nasrin; killed at cleanup if still running. */
  start(dir: string, env: Record<string, string> = {}): BotProcess {
    const bot = new BotProcess(dir, {
      CONSOLE_USER_NAME: 'Nasrin',
      LOG_LEVEL: 'warn',
      REMINDER_TICK_SECONDS: String(TICK_SECONDS),
      ...env,
    });
    this.cleanups.push(() => bot.kill('SIGKILL'));
    return bot;
  }

  async cleanup(): Promise<void> {
    for (const cleanup of this.cleanups.splice(0).reverse()) await cleanup();
  }
}

/**
 * A whole minute far enough ahead that scheduling a meeting at it is never refused as past, however
 * slow the machine: the tests schedule there, then bring the meeting close with bringCloser.
 */
export function minuteAhead(): number {
  return Math.ceil((Date.now() + 10 * 60_000) / 60_000) * 60_000;
}

/** `YYYY-MM-DD HH:MM` in UTC (the console community's zone). */
export function minuteText(at: number): string {
  return new Date(at).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * The moment to bring a meeting to: far enough ahead that a periodic tick of the running bot comes
 * before it (and so arms its timer for the due time, as for any reminder due within a tick), and on a
 * whole second.
 */
export function dueSoon(): number {
  return Math.ceil((Date.now() + TICK_SECONDS * 1000 + 3_000) / 1000) * 1000;
}

/**
 * Moves every meeting in the running bot's embedded database by `byMs` (negative: earlier), its
 * occurrences and planned reminders with it, as if that much time had passed: the rows stay as the bot
 * wrote them, shifted by an interval, so that whatever it stored (time zone included) is still what it
 * then reads. The bot sees the change at its next periodic tick.
 */
export async function bringCloser(dataDir: string, byMs: number): Promise<void> {
  const client = new pg.Client({
    host: path.join(dataDir, 'postgres'),
    port: 5432,
    user: 'hamkar',
    database: 'hamkar',
  });
  await client.connect();
  try {
    const shift = `${byMs} milliseconds`;
    await client.query('BEGIN');
    await client.query(`UPDATE "Meeting" SET "startsAt" = "startsAt" + $1::interval`, [shift]);
    await client.query(
      `UPDATE "MeetingOccurrence" SET "startsAt" = "startsAt" + $1::interval, "endsAt" = "endsAt" + $1::interval`,
      [shift],
    );
    await client.query(`UPDATE "Reminder" SET "dueAt" = "dueAt" + $1::interval WHERE status = 'planned'`, [shift]);
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}
