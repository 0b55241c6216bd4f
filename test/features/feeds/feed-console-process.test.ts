import { rm } from 'node:fs/promises';
import path from 'node:path';
import ICAL from 'ical.js';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestDir } from '../../support/global-setup.ts';
import { copySeedDataDir } from '../../support/seed-data-dir.ts';
import { BotProcess } from '../../e2e/bot-process.ts';
import { freePort } from '../../e2e/scale/scale-support.ts';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

// A real bot, cold: its first answer may take a minute on a loaded machine (see bot-process.ts).
describe('calendar feeds in the console, as `npm start` runs it (issue 18)', { timeout: 150_000 }, () => {
  it('GIVEN no platform token THEN the HTTP server runs too, and the address /feed gives (PUBLIC_URL) serves the meetings', async () => {
    const root = await makeTestDir();
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    const port = await freePort();
    const bot = new BotProcess(await copySeedDataDir(path.join(root, 'data')), {
      CONSOLE_USER_NAME: 'Nasrin',
      PORT: String(port),
      PUBLIC_URL: `http://localhost:${port}/`,
    });
    cleanups.push(() => bot.kill('SIGKILL'));
    const day = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    bot.type(`/meeting ${day} 10:00 | Console board | Room 2`);
    await bot.waitFor(/is scheduled: “Console board”/);
    bot.type('/private');
    bot.type('/feed');
    bot.type('1');
    const [url] = await bot.waitFor(new RegExp(`http://localhost:${port}/feed/[A-Za-z0-9_-]{43}\\.ics`));

    const response = await fetch(url.replace('localhost', '127.0.0.1'));
    expect(response.status).toBe(200);
    const calendar = new ICAL.Component(ICAL.parse(await response.text()));
    const events = calendar.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
    expect(events.map((e) => e.summary)).toEqual(['Console board']);
    expect(events[0]!.location).toBe('Room 2');
    bot.endInput();
    expect((await bot.exited).code).toBe(0);
  });
});
