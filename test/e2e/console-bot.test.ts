import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestDir } from '../support/global-setup.ts';
import { copySeedDataDir } from '../support/seed-data-dir.ts';
import { BotProcess } from './bot-process.ts';
import { readPostmasterPid } from '../../src/db/postmaster-pid.ts';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** None of these tests is about the first start (clean-stop.test.ts and the build tests are): a seeded DATA_DIR. */
async function dataDir(): Promise<string> {
  const root = await makeTestDir();
  cleanups.push(() => rm(root, { recursive: true, force: true }));
  return copySeedDataDir(path.join(root, 'data'));
}

function startBot(dir: string): BotProcess {
  const bot = new BotProcess(dir, { CONSOLE_USER_NAME: 'Nasrin' });
  cleanups.push(() => bot.kill('SIGKILL'));
  return bot;
}

// Each test starts a real bot, cold: its first answer may take a minute on a loaded CI machine (see bot-process.ts).
describe('the bot as `npm start` runs it, in the console', { timeout: 150_000 }, () => {
  it('GIVEN piped /start, /lang fa, /help THEN it prints Persian help and exits 0 at the end of input', async () => {
    const bot = startBot(await dataDir());
    bot.type('/start');
    bot.type('/lang fa');
    bot.type('/help');
    bot.endInput();
    const { code } = await bot.exited;
    expect(code).toBe(0);
    expect(bot.stdout).toContain('Hello, Nasrin! Welcome to Local community.');
    // The help, in Persian, right-to-left, listing the admin's commands.
    expect(bot.stdout).toMatch(/\u200Fدستورهایی که اینجا می‌توانید/);
    expect(bot.stdout).toContain('/setup');
    expect(bot.stdout.indexOf('/lang')).toBeLessThan(bot.stdout.lastIndexOf('/forgetme'));
  });

  it('GIVEN buttons on a reply WHEN their number is typed THEN that button is pressed; /private switches chat', async () => {
    const bot = startBot(await dataDir());
    bot.type('/calendar');
    bot.type('9');
    bot.type('1');
    bot.type('/private');
    bot.type('/link');
    bot.endInput();
    expect((await bot.exited).code).toBe(0);
    expect(bot.stdout).toMatch(/\[1\] Solar Hijri \(Jalali\)\n\s+\[2\] Gregorian/);
    expect(bot.stdout).toContain('Your calendar is now Solar Hijri (Jalali).');
    expect(bot.stdout).toMatch(/🔒 Your link code: [A-Z2-9]{6}/);
    expect(bot.stdout).toContain('[9] ✗');
  });

  it('GIVEN the bot killed (SIGKILL) while it writes THEN the next start recovers by itself and every confirmed write is there', async () => {
    const dir = await dataDir();
    const first = startBot(dir);
    const confirmed: string[] = [];
    for (let i = 1; i <= 8; i++) {
      first.type(`/committee add Committee ${i}`);
      await first.waitFor(new RegExp(`“Committee ${i}” is created`));
      confirmed.push(`Committee ${i}`);
    }
    // More writes in flight, then the kill: the embedded PostgreSQL it started is orphaned.
    for (let i = 9; i <= 12; i++) first.type(`/committee add Committee ${i}`);
    await first.kill('SIGKILL');

    const second = startBot(dir);
    second.type('/committees');
    second.endInput();
    const { code } = await second.exited;
    expect(code, second.stderr).toBe(0);
    for (const name of confirmed) expect(second.stdout).toContain(`• ${name} (`);
  });

  it('GIVEN a start with an instance secret that is not the database’s THEN it is refused clearly, the embedded server it started is stopped on the way out, and the right secret starts again', async () => {
    const dir = await dataDir();
    const first = startBot(dir);
    first.type('/start');
    first.endInput();
    expect((await first.exited).code).toBe(0);

    const wrong = new BotProcess(dir, { CONSOLE_USER_NAME: 'Nasrin', HAMKAR_SECRET: 'x'.repeat(40) });
    cleanups.push(() => wrong.kill('SIGKILL'));
    const { code } = await wrong.exited;
    expect(code).not.toBe(0);
    expect(wrong.stderr).toContain('is not the one this database was used with');
    // The server it started is stopped on the way out (embedded-server.ts's exit hook), not left running.
    expect(readPostmasterPid(path.join(dir, 'postgres'))).toBeNull();

    const again = startBot(dir);
    again.type('/committees');
    again.endInput();
    expect((await again.exited).code, again.stderr).toBe(0);
    expect(again.stdout).toContain('no committees yet');
    expect(again.stderr).not.toMatch(/recover|stale|orphan/i);
  });

  it('GIVEN a bot running on a data folder WHEN a second one starts on it THEN the second is refused with a clear message', async () => {
    const dir = await dataDir();
    const first = startBot(dir);
    first.type('/start');
    await first.waitFor(/Hello, Nasrin!/);

    const second = startBot(dir);
    const { code } = await second.exited;
    expect(code).not.toBe(0);
    expect(second.stderr).toMatch(/is in use by another Hamkar process \(pid \d+\)/);

    first.type('/committees');
    await first.waitFor(/no committees yet/);
  });
});

describe('roles, votes and buttons in the console', { timeout: 150_000 }, () => {
  it('GIVEN a poll in the console group WHEN someone else votes (/as) THEN the updated tally is printed again, and /as alone returns to the admin', async () => {
    const bot = startBot(await dataDir());
    bot.type('/poll Colour? | Red | Blue');
    await bot.waitFor(/\[2\] Blue/, 60_000);
    // Ali opens a private chat first, so that the group's last message is still the poll.
    bot.type('/as Ali');
    bot.type('/private');
    bot.type('/start');
    bot.type('/group');
    bot.type('2');
    await bot.waitFor(/🔒 Your vote in poll #1: Blue/);
    // The live tally is edited at most every 5 seconds.
    await bot.waitFor(/✎ 📊 Poll #1: Colour\?[\s\S]*Blue — 1 \(100%\)/, 30_000);
    bot.type('/as');
    bot.type('/role chair Ali');
    bot.endInput();
    expect((await bot.exited).code).toBe(0);
    expect(bot.stdout).toContain('— Nasrin —');
    expect(bot.stdout).toContain('Ali is now chair.');
  }, 120_000);

  it('GIVEN a poll posted before a restart WHEN its button number is typed after it THEN the vote counts', async () => {
    const dir = await dataDir();
    const first = startBot(dir);
    first.type('/poll Colour? | Red | Blue');
    first.endInput();
    expect((await first.exited).code).toBe(0);

    const second = startBot(dir);
    second.type('2');
    second.type('/results 1');
    second.endInput();
    expect((await second.exited).code).toBe(0);
    expect(second.stdout).not.toContain('[2] ✗');
    expect(second.stdout).toMatch(/Blue — 1 \(100%\)/);
  }, 120_000);

  it('GIVEN a guided poll WHEN an option is a number (10, 20) THEN it is taken as the option, not as a button press', async () => {
    const bot = startBot(await dataDir());
    bot.type('/poll');
    bot.type('Pages a day?');
    bot.type('10');
    bot.type('20');
    bot.endInput();
    expect((await bot.exited).code).toBe(0);
    expect(bot.stdout).not.toMatch(/\[(10|20)\] ✗/);
    expect(bot.stdout).toContain('2 options so far');
  }, 120_000);
});
