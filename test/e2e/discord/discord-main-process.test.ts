import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copySeedDataDir } from '../../support/seed-data-dir.ts';
import { BotProcess } from '../bot-process.ts';
import { FakeDiscord } from '../../fakes/discord/fake-discord.ts';
import { makeGuild, person, slashCommand } from '../../fakes/discord/wire-objects.ts';
import { TOKEN } from './discord-harness.ts';

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function until(what: string, check: () => boolean, bot: BotProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}.\nstderr:\n${bot.stderr.slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('npm start with DISCORD_* set', { timeout: 150_000 }, () => {
  it('GIVEN a token and an application id THEN src/main.ts connects to Discord, answers a slash command, stops cleanly on SIGTERM, and never logs the token', async () => {
    const fake = await FakeDiscord.start({ token: TOKEN });
    cleanup.push(() => fake.close());
    fake.guilds.push(makeGuild('Libraries'));
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hamkar-discord-main-'));
    chmodSync(dataDir, 0o755);
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const bot = new BotProcess(await copySeedDataDir(path.join(dataDir, 'data')), {
      DISCORD_TOKEN: TOKEN,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API: fake.apiUrl,
      HTTP_SERVER: 'off',
      LOG_LEVEL: 'debug',
    });
    cleanup.push(() => bot.kill('SIGKILL'));

    await until('ready', () => /"msg":"ready"/.test(bot.stderr), bot);
    expect(bot.stderr).toMatch(/"adapters":\["discord"\]/);
    expect(fake.registeredCommands.has('global')).toBe(true);

    const sara = person('sara', { globalName: 'Sara' });
    const start = fake.dispatchInteraction(
      slashCommand(fake.applicationId, sara, { dmChannelId: fake.dmChannelOf(sara) }, 'start'),
    );
    await fake.waitFor(
      'the answer',
      () => fake.messages.find((m) => m.interactionId === start.id && !m.loading),
      30_000,
    );

    await bot.kill('SIGTERM');
    expect((await bot.exited).code).toBe(0);
    expect(fake.gateway.readySessions).toBe(0);
    expect(bot.stderr).not.toContain(TOKEN);
    expect(bot.stderr).not.toContain(TOKEN.split('.')[2]);
  });
});
