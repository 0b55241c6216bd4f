import { rm } from 'node:fs/promises';
import { ApplicationCommandOptionType } from 'discord.js';
import { makeTestDir } from '../../support/global-setup.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { FakeBotApi, type DeliveredMessage } from '../../fakes/telegram/fake-bot-api.ts';
import * as tg from '../../fakes/telegram/updates.ts';
import { balePress, balePrivateChatOf, baleText } from '../../fakes/telegram/bale-updates.ts';
import { FakeDiscord, type FakeMessage } from '../../fakes/discord/fake-discord.ts';
import * as dc from '../../fakes/discord/wire-objects.ts';
import { TOKEN as DISCORD_TOKEN } from '../discord/discord-harness.ts';
import { BotProcess } from '../bot-process.ts';

export const TELEGRAM_TOKEN = '123456789:AAHreport-round_token-for-the-fake-api';
export const BALE_TOKEN = '987654321:BaLeReportRoundTokenForTheFake0123';
export const STRING = ApplicationCommandOptionType.String;

export type PlatformName = 'telegram' | 'bale' | 'discord';

/** A message the bot sent to one person's private chat, as any of the three platforms shows it. */
export interface Received {
  /** The platform's id of the message (unique within this chat). */
  id: string;
  text: string;
  /** The `action|data` of each button (or select-menu option) it carries. */
  payloads: string[];
  at: number;
}

/**
 * One person talking to the bot privately on one platform: what they received, and typing or pressing
 * a button there. Steps return once the platform fake has the event; the test waits for the answer.
 */
export interface Chatter {
  readonly platform: PlatformName;
  readonly name: string;
  received(): Received[];
  /** Types a message in the private chat with the bot. */
  say(text: string): Promise<void>;
  /** Presses the button carrying `payload` on the latest message that has it. */
  press(payload: string): Promise<void>;
}

/** Waits until `check` gives something truthy; fails after `timeoutMs` saying what, with the bot's last log lines. */
export async function until<T>(
  what: string,
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  bot: BotProcess,
  timeoutMs = 90_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await check();
    if (result) return result;
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}.\nbot stderr (end):\n${bot.stderr.slice(-4000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The real bot (`src/main.ts` in its own process, on the real clock) with Telegram, Bale and Discord
 * tokens, each platform's API pointed at its loopback fake in this process, on a PostgreSQL database
 * of its own that the test reads and writes too.
 */
export class ThreePlatforms {
  private constructor(
    readonly telegram: FakeBotApi,
    readonly bale: FakeBotApi,
    readonly discord: FakeDiscord,
    readonly server: dc.FakeGuild,
    readonly db: TestDatabase,
    readonly bot: BotProcess,
    private readonly dataDir: string,
  ) {}

  static async start(): Promise<ThreePlatforms> {
    const telegram = await FakeBotApi.start({ token: TELEGRAM_TOKEN });
    const bale = await FakeBotApi.start({ token: BALE_TOKEN, username: 'hamkar_bale_bot', dialect: 'bale' });
    const discord = await FakeDiscord.start({ token: DISCORD_TOKEN });
    const server = dc.makeGuild('Libraries');
    discord.guilds.push(server);
    const db = await createTestDatabase();
    const dataDir = await makeTestDir();
    const bot = new BotProcess(dataDir, {
      TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
      TELEGRAM_API_ROOT: telegram.url,
      BALE_BOT_TOKEN: BALE_TOKEN,
      BALE_API_ROOT: bale.url,
      DISCORD_TOKEN,
      DISCORD_APPLICATION_ID: discord.applicationId,
      DISCORD_API: discord.apiUrl,
      DATABASE_URL: db.url,
      HTTP_SERVER: 'off',
      LOG_LEVEL: 'info',
      LEADER_RETRY_SECONDS: '1',
    });
    const platforms = new ThreePlatforms(telegram, bale, discord, server, db, bot, dataDir);
    try {
      await until('the bot to be ready', () => /"msg":"ready"/.test(bot.stderr), bot, 120_000);
      // Each poller deletes any webhook before its first long poll (a poll is recorded only when answered).
      await until('Telegram polling', () => telegram.callsOf('deleteWebhook').length > 0, bot);
      await until('Bale polling', () => bale.callsOf('deleteWebhook').length > 0, bot);
      await until('the Discord gateway', () => discord.gateway.readySessions > 0, bot);
    } catch (error) {
      await platforms.close();
      throw error;
    }
    return platforms;
  }

  get general(): dc.Place {
    return { guild: this.server, channel: this.server.channels[0]! };
  }

  /** Pushes Telegram updates and waits until the bot confirmed them (its next getUpdates). */
  async telegramUpdate(update: Record<string, unknown>): Promise<void> {
    await confirmed(this.telegram, update, this.bot);
  }

  async baleUpdate(update: Record<string, unknown>): Promise<void> {
    await confirmed(this.bale, update, this.bot);
  }

  /** Dispatches an interaction and waits until Discord saw it acknowledged. */
  async discordInteraction(payload: dc.InteractionPayload): Promise<void> {
    this.discord.dispatchInteraction(payload);
    await until(
      `Discord interaction ${payload.id} acknowledged`,
      () => {
        // Past Discord's 3 s the interaction is gone, and so is its answer: say so, not "timed out".
        if (this.discord.lateAcknowledgements > 0) throw new Error('the bot acknowledged an interaction after 3 s');
        return this.discord.acknowledgementOf(payload.id);
      },
      this.bot,
    );
  }

  telegramChatter(user: tg.FakeUser): Chatter {
    return botApiChatter('telegram', this.telegram, user, {
      text: (text) => tg.textMessage(tg.privateChatOf(user), user, text),
      press: (data, messageId) => tg.buttonPress(tg.privateChatOf(user), user, data, messageId),
    });
  }

  baleChatter(user: tg.FakeUser): Chatter {
    return botApiChatter('bale', this.bale, user, {
      text: (text) => baleText(balePrivateChatOf(user), user, text),
      press: (data, messageId) => balePress(balePrivateChatOf(user), user, data, messageId),
    });
  }

  discordChatter(user: dc.FakeUser): Chatter {
    const fake = this.discord;
    const dm = { dmChannelId: fake.dmChannelOf(user) };
    const shown = () => fake.messagesIn(dm.dmChannelId);
    return {
      platform: 'discord',
      name: user.globalName ?? user.username,
      received: () => shown().map(discordReceived),
      say: async (text) => fake.dispatchMessage(dc.userMessage(user, dm, text)),
      press: async (payload) => {
        const message = [...shown()].reverse().find((m) => discordPayloads(m).includes(payload));
        if (!message) throw new Error(`no button ${payload} in the DM of ${user.username}`);
        const button = message.components.find((c) => c.type === 'button' && stripPosition(c.customId) === payload);
        const menu = message.components.find((c) => c.options?.some((o) => o.value === payload));
        const interaction = button
          ? dc.componentPress(fake.applicationId, user, dm, message.wire, button.customId!)
          : dc.componentPress(fake.applicationId, user, dm, message.wire, menu!.customId!, [payload]);
        await this.discordInteraction(interaction);
      },
    };
  }

  async close(): Promise<void> {
    await this.bot.kill('SIGKILL');
    await this.telegram.close();
    await this.bale.close();
    await this.discord.close();
    await this.db.drop();
    await rm(this.dataDir, { recursive: true, force: true });
  }
}

async function confirmed(fake: FakeBotApi, update: Record<string, unknown>, bot: BotProcess): Promise<void> {
  const { ids } = await fake.pushUpdates(update);
  await until(`update ${ids[0]} handled`, () => fake.confirmedOffset > ids[0]!, bot);
}

function botApiChatter(
  platform: 'telegram' | 'bale',
  fake: FakeBotApi,
  user: tg.FakeUser,
  updates: {
    text(text: string): Record<string, unknown>;
    press(data: string, messageId: number): Record<string, unknown>;
  },
): Chatter {
  const shown = () => fake.deliveredTo(user.id);
  const payloadsOf = (m: DeliveredMessage) =>
    (m.keyboard ?? []).flat().flatMap((b) => (b.callback_data ? [b.callback_data] : []));
  return {
    platform,
    name: user.first_name,
    received: () => shown().map((m) => ({ id: String(m.messageId), text: m.text, payloads: payloadsOf(m), at: m.at })),
    say: async (text) => void (await fake.pushUpdates(updates.text(text))),
    press: async (payload) => {
      const message = [...shown()].reverse().find((m) => payloadsOf(m).includes(payload));
      if (!message) throw new Error(`no button ${payload} in the ${platform} chat of ${user.first_name}`);
      await fake.pushUpdates(updates.press(payload, message.messageId));
    },
  };
}

function stripPosition(customId: string | undefined): string {
  return (customId ?? '').replace(/^\d+:/, '');
}

function discordPayloads(message: FakeMessage): string[] {
  return message.components.flatMap((c) =>
    c.type === 'button'
      ? [stripPosition(c.customId)]
      : c.type === 'select'
        ? (c.options ?? []).map((o) => o.value)
        : [],
  );
}

function discordReceived(message: FakeMessage): Received {
  return { id: message.id, text: message.content, payloads: discordPayloads(message), at: message.at };
}

/**
 * One step of a conversation: `act` as the person, then wait for a message to them, not there before,
 * that `expected` accepts (the bot's answer to that step). Returns it.
 */
export async function step(
  chatter: Chatter,
  what: string,
  act: () => Promise<void>,
  expected: (message: Received) => boolean,
  bot: BotProcess,
): Promise<Received> {
  const seen = new Set(chatter.received().map((m) => m.id));
  await act();
  try {
    return await until(
      `${chatter.name} on ${chatter.platform}: ${what}`,
      () => chatter.received().find((m) => !seen.has(m.id) && expected(m)),
      bot,
    );
  } catch (error) {
    const recent = chatter
      .received()
      .slice(-3)
      .map((m) => `${m.text.slice(0, 300)} [${m.payloads.join(' ')}]`);
    throw new Error(`${(error as Error).message}\nlast messages to ${chatter.name}:\n${recent.join('\n')}`);
  }
}
