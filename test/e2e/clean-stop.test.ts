import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestDir } from '../support/global-setup.ts';
import { BotProcess } from './bot-process.ts';

/**
 * A clean stop is quiet: the bot, the embedded database and every connection between them end in
 * order, so nothing is logged as lost or failed, and pg has no concurrent query to warn about.
 */

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** pino lines at warn or above, and Node's warnings (printed to stderr as `(node:PID) …Warning`). */
function problems(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((line) => {
      if (/\(node:\d+\) \w*Warning/.test(line)) return true;
      if (!line.startsWith('{')) return false;
      return (JSON.parse(line) as { level: number }).level >= 40;
    })
    .map((line) => line.slice(0, 300));
}

describe('a clean stop', () => {
  it('GIVEN the console bot used and stopped at the end of its input, four times THEN no warning or error is logged', async () => {
    const root = await makeTestDir();
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    const dir = path.join(root, 'data');
    for (let run = 1; run <= 4; run++) {
      const bot = new BotProcess(dir, { CONSOLE_USER_NAME: 'Nasrin' });
      cleanups.push(() => bot.kill('SIGKILL'));
      bot.type('/start');
      bot.type(`/poll Colour ${run}? | Red | Blue`);
      bot.type(`/share Reading room ${run} | We opened one and people came.`);
      bot.type('/help');
      bot.type('/calendar');
      bot.endInput();
      expect((await bot.exited).code).toBe(0);
      expect(bot.stderr).toContain('embedded PostgreSQL stopped');
      expect(problems(bot.stderr)).toEqual([]);
    }
  }, 180_000);
});
