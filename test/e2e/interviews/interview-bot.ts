import { rm } from 'node:fs/promises';
import { makeTestDir } from '../../support/global-setup.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { FakeBotApi } from '../../fakes/telegram/fake-bot-api.ts';
import { FakeDiscord } from '../../fakes/discord/fake-discord.ts';
import * as dc from '../../fakes/discord/wire-objects.ts';
import { TOKEN as DISCORD_TOKEN } from '../discord/discord-harness.ts';
import { BotProcess } from '../bot-process.ts';

export const TELEGRAM_TOKEN = '123456789:AAHinterviews-e2e_token-for-the-fake-api';

/** A wait on a loaded 2-core CI machine: generous, never a measure of speed. */
const WAIT_MS = 90_000;
const START_MS = 120_000;

/**
 * The real bot (`src/main.ts` in its own process, on the real clock) with one platform's token, its API
 * pointed at that platform's loopback fake in this process, on a PostgreSQL database of its own that the
 * test reads too. The process can be stopped (SIGTERM, or SIGKILL: nothing flushed) and started again on
 * the same database and fake.
 */
export class InterviewBot {
  private current: BotProcess;

  private constructor(
    readonly db: TestDatabase,
    private readonly dataDir: string,
    private readonly env: Record<string, string>,
    readonly telegram: FakeBotApi | undefined,
    readonly discord: FakeDiscord | undefined,
    readonly server: dc.FakeGuild | undefined,
  ) {
    this.current = this.spawn();
  }

  static async onTelegram(): Promise<InterviewBot> {
    const telegram = await FakeBotApi.start({ token: TELEGRAM_TOKEN });
    return InterviewBot.launch({ TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN, TELEGRAM_API_ROOT: telegram.url }, telegram);
  }

  static async onDiscord(): Promise<InterviewBot> {
    const discord = await FakeDiscord.start({ token: DISCORD_TOKEN });
    const server = dc.makeGuild('Libraries');
    discord.guilds.push(server);
    const env = { DISCORD_TOKEN, DISCORD_APPLICATION_ID: discord.applicationId, DISCORD_API: discord.apiUrl };
    return InterviewBot.launch(env, undefined, discord, server);
  }

  private static async launch(
    platformEnv: Record<string, string>,
    telegram?: FakeBotApi,
    discord?: FakeDiscord,
    server?: dc.FakeGuild,
  ): Promise<InterviewBot> {
    const db = await createTestDatabase();
    const dataDir = await makeTestDir();
    const env = {
      ...platformEnv,
      DATABASE_URL: db.url,
      HTTP_SERVER: 'off',
      LOG_LEVEL: 'info',
      LEADER_RETRY_SECONDS: '1',
      // An interview is some thirty answers and presses from one person. A veteran spreads them over
      // days; the test gives them in a minute, which the flood guard (20 a minute) would cut short.
      FLOOD_LIMIT_PER_MINUTE: '1000',
    };
    const bot = new InterviewBot(db, dataDir, env, telegram, discord, server);
    try {
      await bot.ready({ polls: 0, sessions: 0 });
    } catch (error) {
      await bot.close();
      throw error;
    }
    return bot;
  }

  /** The bot process running now (a new one after `restart`). */
  get process(): BotProcess {
    return this.current;
  }

  /** `#general` of the Discord server. */
  get general(): dc.Place {
    return { guild: this.server!, channel: this.server!.channels[0]! };
  }

  /** Stops the process with `signal` and starts a new one on the same database; waits until it listens. */
  async restart(signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    const before = {
      polls: this.telegram?.callsOf('deleteWebhook').length ?? 0,
      sessions: this.discord?.gateway.readySessions ?? 0,
    };
    await this.current.kill(signal);
    this.current = this.spawn();
    await this.ready(before);
  }

  /** Waits until `check` gives something truthy; fails after `timeoutMs` saying what, with the bot's last log lines. */
  async until<T>(
    what: string,
    check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
    timeoutMs = WAIT_MS,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const result = await check();
      if (result) return result;
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${what}.\nbot stderr (end):\n${this.current.stderr.slice(-4000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async close(): Promise<void> {
    await this.current.kill('SIGKILL');
    await this.telegram?.close();
    await this.discord?.close();
    await this.db.drop();
    await rm(this.dataDir, { recursive: true, force: true });
  }

  private spawn(): BotProcess {
    return new BotProcess(this.dataDir, this.env);
  }

  private async ready(before: { polls: number; sessions: number }): Promise<void> {
    const bot = this.current;
    await this.until('the bot to be ready', () => /"msg":"ready"/.test(bot.stderr), START_MS);
    const { telegram, discord } = this;
    // The poller deletes any webhook before its first long poll; the gateway says READY to a new session.
    if (telegram) await this.until('Telegram polling', () => telegram.callsOf('deleteWebhook').length > before.polls);
    if (discord) await this.until('the Discord gateway', () => discord.gateway.readySessions > before.sessions);
  }
}
