import { afterEach, describe, expect, it } from 'vitest';
import { ApplicationCommandOptionType } from 'discord.js';
import { createApp, type App } from '../../src/app.ts';
import { createTelegramAdapter } from '../../src/adapters/telegram/create-telegram-adapter.ts';
import { createDiscordAdapter } from '../../src/adapters/discord/create-discord-adapter.ts';
import type { PlatformAdapter } from '../../src/core/adapter.ts';
import { withForeignFiles } from '../../src/core/foreign-files.ts';
import { capturedLogger } from '../support/captured-logger.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { FakeBotApi, type UpdateBody } from '../fakes/telegram/fake-bot-api.ts';
import * as tg from '../fakes/telegram/updates.ts';
import { FakeDiscord, type FakeMessage } from '../fakes/discord/fake-discord.ts';
import * as dc from '../fakes/discord/wire-objects.ts';
import { TOKEN as DISCORD_TOKEN } from './discord/discord-harness.ts';
import { shareGuided } from './telegram/telegram-share-steps.ts';

/**
 * A file a member sent on Telegram, opened by a curator on Discord: the bot fetches it from the
 * Telegram fake (getFile, then the file's path) while it sends, and uploads it to the Discord fake.
 * One app on one database with the real telegraf and discord.js clients, wired as main.ts wires them.
 */

const TELEGRAM_TOKEN = '123456789:AAHattachments_token-for-the-fake-api';
const STRING = ApplicationCommandOptionType.String;
/** Not text: every byte value, so that any re-encoding on the way would show. */
const PLAN = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7) % 256));

class TwoPlatforms {
  readonly handled = new Set<string>();

  private constructor(
    readonly app: App,
    readonly db: TestDatabase,
    readonly telegram: FakeBotApi,
    readonly discord: FakeDiscord,
    readonly server: dc.FakeGuild,
    readonly logs: string[],
    private readonly adapters: PlatformAdapter[],
  ) {}

  static async start(): Promise<TwoPlatforms> {
    const telegram = await FakeBotApi.start({ token: TELEGRAM_TOKEN, limits: false });
    const discord = await FakeDiscord.start({ token: DISCORD_TOKEN });
    const server = dc.makeGuild('Libraries');
    discord.guilds.push(server);
    const db = await createTestDatabase();
    const { logs, logger } = capturedLogger();
    const app = createApp(db.prisma, logger, { outbox: { pollIntervalMs: 50 } });
    const adapters = [
      createTelegramAdapter(app, logger, {
        token: TELEGRAM_TOKEN,
        apiRoot: telegram.url,
        limits: { globalPerSecond: 1000, perChatIntervalMs: 0 },
      }),
      createDiscordAdapter(app, db.prisma, logger, {
        token: DISCORD_TOKEN,
        applicationId: discord.applicationId,
        api: discord.apiUrl,
      }),
    ];
    const platforms = new TwoPlatforms(app, db, telegram, discord, server, logs, adapters);
    for (const adapter of withForeignFiles(adapters, logger)) app.outbox.register(adapter);
    await app.start();
    for (const adapter of adapters) {
      await adapter.start(async (event) => {
        await app.bot.handle(event);
        platforms.handled.add(`${event.chat.platform}:${event.id}`);
      });
    }
    return platforms;
  }

  get general(): dc.Place {
    return { guild: this.server, channel: this.server.channels[0]! };
  }

  async onTelegram(update: UpdateBody): Promise<void> {
    const { ids } = await this.telegram.pushUpdates(update);
    await this.telegram.waitFor('the update handled', () => this.handled.has(`telegram:${ids[0]}`));
    await this.app.outbox.drain();
  }

  async onDiscord(interaction: dc.InteractionPayload): Promise<void> {
    this.discord.dispatchInteraction(interaction);
    await this.discord.waitFor('the interaction handled', () => this.handled.has(`discord:${interaction.id}`));
    await this.app.outbox.drain();
  }

  async close(): Promise<void> {
    for (const adapter of this.adapters) await adapter.stop();
    await this.app.stop();
    await this.telegram.close();
    await this.discord.close();
    await this.db.drop();
  }
}

let platforms: TwoPlatforms | undefined;
afterEach(async () => {
  await platforms?.close();
  platforms = undefined;
});

const librarians = tg.group(-1001777000111, 'Librarians');
const leila = tg.person(7001, 'Leila');
const reza = tg.person(7002, 'Reza');
const admin = dc.person('nasrin', { globalName: 'Nasrin' });
const curator = dc.person('hoa', { globalName: 'Hoa' });

/**
 * One community on a Telegram group and a Discord channel, Hoa its curator on Discord, and Reza's
 * submission from Telegram with `plan.pdf` (kept by the Telegram fake as `size` bytes, PLAN unless
 * a test pretends a bigger file); the id of the submission.
 */
async function submissionFromTelegram(p: TwoPlatforms, size?: number): Promise<number> {
  p.telegram.memberStatus.set(`${librarians.id}:${leila.id}`, 'creator');
  await p.onTelegram(tg.textMessage(librarians, leila, '/setup new Librarians'));
  const { joinCode } = await p.db.prisma.community.findFirstOrThrow();
  const app = p.discord.applicationId;
  await p.onDiscord(
    dc.slashCommand(app, admin, { ...p.general, permissions: dc.ADMIN_PERMISSIONS }, 'setup', [
      { name: 'join', type: STRING, value: joinCode },
    ]),
  );
  await p.onDiscord(dc.slashCommand(app, curator, p.general, 'start'));
  // Giving the role is /role's business, tested elsewhere: here it is set as /role would leave it.
  const hoa = await p.db.prisma.identity.findFirstOrThrow({ where: { platform: 'discord', externalId: curator.id } });
  await p.db.prisma.membership.updateMany({ where: { memberId: hoa.memberId }, data: { role: 'curator' } });

  await p.onTelegram(tg.textMessage(librarians, reza, '/start'));
  p.telegram.files.keep('doc-plan.pdf', PLAN, { kind: 'document', fileName: 'plan.pdf', ...(size ? { size } : {}) });
  const dm = tg.privateChatOf(reza);
  await shareGuided({ fake: p.telegram, deliver: (update) => p.onTelegram(update) }, reza, {
    title: 'Reading room plan',
    story: 'How we planned the new reading room.',
    files: [tg.documentMessage(dm, reza, 'plan.pdf', 'application/pdf')],
  });
  return (await p.db.prisma.experience.findFirstOrThrow()).id;
}

/** Hoa runs /review in her DM with the bot and presses the button of the first file. */
async function curatorOpensFirstFile(p: TwoPlatforms): Promise<FakeMessage[]> {
  const dm = { dmChannelId: p.discord.dmChannelOf(curator) };
  const app = p.discord.applicationId;
  await p.onDiscord(dc.slashCommand(app, curator, dm, 'review'));
  const review = p.discord.messagesIn(dm.dmChannelId).find((m) => m.content.includes('Submission #'))!;
  const button = review.components.find((c) => c.label === '📎 1. plan.pdf');
  expect(button, JSON.stringify(review.components)).toBeDefined();
  const before = p.discord.messagesIn(dm.dmChannelId).length;
  await p.onDiscord(dc.componentPress(app, curator, dm, review.wire, button!.customId!));
  return p.discord.messagesIn(dm.dmChannelId).slice(before);
}

describe('an experience’s attachment across platforms', () => {
  it('GIVEN a document a member sent on Telegram WHEN a Discord curator opens it from /review THEN its bytes, fetched from Telegram, arrive intact on Discord', async () => {
    platforms = await TwoPlatforms.start();
    const id = await submissionFromTelegram(platforms);

    const [sent, ...more] = await curatorOpensFirstFile(platforms);
    expect(more).toEqual([]);
    expect(sent!.content).toContain(`File 1 of 1 of experience #${id}`);
    expect(sent!.files.map((f) => f.filename)).toEqual(['plan.pdf']);
    expect(sent!.files[0]!.bytes.equals(PLAN)).toBe(true);
    // Fetched the Bot API's way: getFile for the path, then the file itself.
    expect(platforms.telegram.callsOf('getFile').map((c) => c.params.file_id)).toEqual(['doc-plan.pdf']);
    expect(platforms.telegram.callsOf('file').map((c) => c.status)).toEqual([200]);
    // The file's URL carries the bot's token: no log line may.
    expect(platforms.logs.filter((line) => line.includes(TELEGRAM_TOKEN))).toEqual([]);
  });

  it('GIVEN a Telegram file larger than Discord lets a bot upload WHEN a Discord curator opens it THEN they read why, and nothing is downloaded', async () => {
    platforms = await TwoPlatforms.start();
    const id = await submissionFromTelegram(platforms, 15 * 1024 * 1024);

    const [sent, ...more] = await curatorOpensFirstFile(platforms);
    expect(more).toEqual([]);
    expect(sent!.files).toEqual([]);
    expect(sent!.content).toBe(
      `Sorry, “plan.pdf” (file 1 of experience #${id}) is too big for the bot to bring here from Telegram: bots may fetch files of at most 20 MB from Telegram and Bale, and send files of at most 10 MB on Discord. Ask the author to share it another way.`,
    );
    expect(platforms.telegram.callsOf('file')).toEqual([]);
  });

  it('GIVEN a Telegram file past the 20 MB a bot may download WHEN a Discord curator opens it THEN getFile’s refusal becomes the same notice', async () => {
    platforms = await TwoPlatforms.start();
    await submissionFromTelegram(platforms, 25 * 1024 * 1024);

    const [sent] = await curatorOpensFirstFile(platforms);
    expect(sent!.files).toEqual([]);
    expect(sent!.content).toContain('is too big for the bot to bring here from Telegram');
    expect(platforms.telegram.callsOf('getFile').map((c) => c.status)).toEqual([400]);
  });
});
