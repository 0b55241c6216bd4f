import { afterEach, describe, expect, it } from 'vitest';
import {
  bringCloser,
  ConsoleBots,
  dueSoon,
  minuteAhead,
  minuteText,
  TICK_SECONDS,
} from './meeting-reminders-support.ts';

/**
 * The real bot (as `npm start` runs it, console adapter, embedded database) on a server whose time zone
 * is not UTC, until a meeting's reminder arrives. Its kills around the due time are in
 * meeting-reminders-sigkill.test.ts.
 */
const bots = new ConsoleBots();
afterEach(() => bots.cleanup());

describe('reminders on a server whose time zone is not UTC', () => {
  it('GIVEN the bot process (and so its new embedded database) in TZ=Asia/Tehran WHEN a meeting starts THEN its reminder arrives on time, once', async () => {
    // initdb writes the process's TZ into postgresql.conf: before the fix, the server then compared
    // UTC instants as Tehran wall clocks and the reminder came 3.5 hours late.
    const dir = await bots.dataDir('new');
    const bot = bots.start(dir, { TZ: 'Asia/Tehran' });
    bot.type('/meeting offsets 0');
    await bot.waitFor(/From now on reminders go out at the start/, 60_000);
    const scheduledAt = minuteAhead();
    bot.type(`/meeting ${minuteText(scheduledAt)} | Tehran server | https://x.org/t`);
    await bot.waitFor(/is scheduled: “Tehran server”/, 30_000);
    // Brought close in the database rather than waited for: shifted by an interval, the times stay as
    // the bot wrote them in its Tehran process, and its own queries still decide when it is due.
    const dueAt = dueSoon();
    await bringCloser(dir, dueAt - scheduledAt);
    await bot.waitFor(/“Tehran server” starts now\./, dueAt - Date.now() + 30_000);
    const arrivedAt = Date.now();
    // Not early, and within the dispatcher's tick plus a busy machine's delay.
    expect(arrivedAt).toBeGreaterThanOrEqual(dueAt);
    expect(arrivedAt - dueAt).toBeLessThan(30_000);
    // Time for a duplicate to show up if there were one: more than one tick of the dispatcher.
    await new Promise((resolve) => setTimeout(resolve, Math.max(3_000, (TICK_SECONDS + 1) * 1000)));
    bot.endInput();
    expect((await bot.exited).code, bot.stderr).toBe(0);
    expect(bot.stdout.split('“Tehran server” starts now.').length - 1).toBe(1);
  }, 180_000);
});
