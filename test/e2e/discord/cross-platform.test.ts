import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { ApplicationCommandOptionType } from 'discord.js';
import { createApp, type App } from '../../../src/app.ts';
import { createLogger } from '../../../src/logger.ts';
import { createTelegramAdapter } from '../../../src/wiring/create-telegram-adapter.ts';
import { createDiscordAdapter } from '../../../src/wiring/create-discord-adapter.ts';
import type { PlatformAdapter } from '../../../src/core/adapter.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { FakeBotApi } from '../../fakes/telegram/fake-bot-api.ts';
import * as tg from '../../fakes/telegram/updates.ts';
import { baleGroup, balePress, baleText } from '../../fakes/telegram/bale-updates.ts';
import { FakeDiscord } from '../../fakes/discord/fake-discord.ts';
import * as dc from '../../fakes/discord/wire-objects.ts';
import { TOKEN as DISCORD_TOKEN } from './discord-harness.ts';
import { storedJoinCode } from '../../support/join-code.ts';

const TELEGRAM_TOKEN = '123456789:AAHcross-platform_token-for-the-fake-api';
const BALE_TOKEN = '987654321:BaLeCrossPlatformTokenForTheFake0123';
const STRING = ApplicationCommandOptionType.String;

/** One app on one database, with the real Telegram, Bale and Discord adapters, each against its fake. */
class Platforms {
  readonly handled = new Set<string>();

  private constructor(
    readonly app: App,
    readonly db: TestDatabase,
    readonly telegram: FakeBotApi,
    readonly bale: FakeBotApi,
    readonly discord: FakeDiscord,
    readonly server: dc.FakeGuild,
    private readonly adapters: PlatformAdapter[],
  ) {}

  static async start(): Promise<Platforms> {
    const telegram = await FakeBotApi.start({ token: TELEGRAM_TOKEN, limits: false });
    const bale = await FakeBotApi.start({
      token: BALE_TOKEN,
      username: 'hamkar_bale_bot',
      dialect: 'bale',
      limits: false,
    });
    const discord = await FakeDiscord.start({ token: DISCORD_TOKEN });
    const server = dc.makeGuild('Libraries');
    discord.guilds.push(server);
    const db = await createTestDatabase();
    const logger = createLogger({ destination: new Writable({ write: (_c, _e, done) => done() }), level: 'silent' });
    const app = createApp(db.prisma, logger, { outbox: { pollIntervalMs: 50 } });
    const adapters = [
      createTelegramAdapter(app, logger, { token: TELEGRAM_TOKEN, apiRoot: telegram.url }),
      createTelegramAdapter(app, logger, { token: BALE_TOKEN, apiRoot: bale.url, platform: 'bale' }),
      createDiscordAdapter(app, logger, {
        token: DISCORD_TOKEN,
        applicationId: discord.applicationId,
        api: discord.apiUrl,
      }),
    ];
    const both = new Platforms(app, db, telegram, bale, discord, server, adapters);
    for (const adapter of adapters) app.outbox.register(adapter);
    await app.start();
    for (const adapter of adapters) {
      await adapter.start(async (event) => {
        await app.bot.handle(event);
        both.handled.add(`${event.chat.platform}:${event.id}`);
      });
    }
    return both;
  }

  get general(): dc.Place {
    return { guild: this.server, channel: this.server.channels[0]! };
  }

  async onTelegram(update: Record<string, unknown>): Promise<void> {
    const { ids } = await this.telegram.pushUpdates(update);
    await this.telegram.waitFor('the update handled', () => this.handled.has(`telegram:${ids[0]}`));
    await this.app.outbox.drain();
  }

  async onBale(update: Record<string, unknown>): Promise<void> {
    const { ids } = await this.bale.pushUpdates(update);
    await this.bale.waitFor('the update handled', () => this.handled.has(`bale:${ids[0]}`));
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
    await this.bale.close();
    await this.discord.close();
    await this.db.drop();
  }
}

let both: Platforms | undefined;
afterEach(async () => {
  await both?.close();
  both = undefined;
});

describe('one community on Telegram and Discord', () => {
  it('GIVEN a community bound to a Telegram group and a Discord channel WHEN a poll goes --everywhere THEN one vote from each platform makes one tally of 2, and a linked person votes once', async () => {
    both = await Platforms.start();
    const { telegram, discord, db } = both;
    const app = discord.applicationId;
    const librarians = tg.group(-1001234567890, 'Librarians');
    const leila = tg.person(1001, 'Leila');
    const ali = tg.person(1002, 'Ali');
    const maryamOnTelegram = tg.person(1003, 'Maryam');
    const reza = dc.person('reza', { globalName: 'Reza' });
    const sara = dc.person('sara', { globalName: 'Sara' });
    const maryamOnDiscord = dc.person('maryam', { globalName: 'Maryam' });

    // The Telegram group's owner makes the community; a Discord admin binds #general to it by its code.
    telegram.memberStatus.set(`${librarians.id}:${leila.id}`, 'creator');
    await both.onTelegram(tg.textMessage(librarians, leila, '/setup new Librarians'));
    const joinCode = await storedJoinCode(db.prisma);
    await both.onDiscord(
      dc.slashCommand(app, sara, { ...both.general, permissions: dc.ADMIN_PERMISSIONS }, 'setup', [
        { name: 'join', type: STRING, value: joinCode },
      ]),
    );
    expect(await db.prisma.chat.count({ where: { communityId: { not: null } } })).toBe(2);

    // Maryam links her Telegram and Discord accounts.
    await both.onTelegram(tg.textMessage(tg.privateChatOf(maryamOnTelegram), maryamOnTelegram, '/link'));
    const codeMessage = telegram.deliveredTo(maryamOnTelegram.id).find((m) => m.text.includes('link code'))!;
    const code = /code: (\S+)/.exec(codeMessage.text)![1]!;
    await both.onDiscord(
      dc.slashCommand(app, maryamOnDiscord, both.general, 'link', [{ name: 'code', type: STRING, value: code }]),
    );

    await both.onTelegram(tg.textMessage(librarians, leila, '/poll Which day? | Monday | Tuesday --everywhere'));
    const telegramPost = telegram.deliveredTo(librarians.id).find((m) => m.text.includes('Which day?'))!;
    const discordPost = discord.messagesIn(both.server.channels[0]!.id).find((m) => m.content.includes('Which day?'))!;
    const mondayOnTelegram = telegramPost.keyboard!.flat().find((b) => b.text.includes('Monday'))!.callback_data!;
    const mondayOnDiscord = discordPost.components.find((c) => c.label?.includes('Monday'))!.customId!;
    const tuesdayOnDiscord = discordPost.components.find((c) => c.label?.includes('Tuesday'))!.customId!;

    await both.onTelegram(tg.buttonPress(librarians, ali, mondayOnTelegram, telegramPost.messageId));
    await both.onDiscord(dc.componentPress(app, reza, both.general, discordPost.wire, mondayOnDiscord));
    const poll = await db.prisma.poll.findFirstOrThrow();
    expect(await db.prisma.pollVote.count({ where: { pollId: poll.id } })).toBe(2);
    // Both posts show the one merged tally.
    await discord.waitFor('the Discord post to show 2 votes', () => {
      const post = discord.messagesIn(both!.server.channels[0]!.id).find((m) => m.id === discordPost.id);
      return post?.content.includes('Monday — 2 (100%)') && post.content.includes('2 people have voted.');
    });
    await telegram.waitFor('the Telegram post to show 2 votes', () =>
      telegram.edits.some(
        (e) =>
          e.messageId === telegramPost.messageId &&
          e.text?.includes('Monday — 2 (100%)') &&
          e.text.includes('2 people have voted.'),
      ),
    );

    // Maryam votes on Telegram, then again on Discord: one ballot, her last choice.
    await both.onTelegram(tg.buttonPress(librarians, maryamOnTelegram, mondayOnTelegram, telegramPost.messageId));
    await both.onDiscord(dc.componentPress(app, maryamOnDiscord, both.general, discordPost.wire, tuesdayOnDiscord));
    const votes = await db.prisma.pollVote.findMany({ where: { pollId: poll.id }, include: { option: true } });
    expect(votes).toHaveLength(3);
    const maryam = await db.prisma.identity.findFirstOrThrow({
      where: { platform: 'discord', externalId: maryamOnDiscord.id },
    });
    expect(votes.filter((v) => v.memberId === maryam.memberId).map((v) => v.option.label)).toEqual(['Tuesday']);
  });

  it('GIVEN a community bound to a Telegram group, a Bale group and a Discord channel WHEN a poll goes --everywhere THEN one vote from each platform makes one merged tally of 3, shown on all three', async () => {
    both = await Platforms.start();
    const { telegram, bale, discord, db } = both;
    const app = discord.applicationId;
    const librarians = tg.group(-1001234567891, 'Librarians');
    const ketabdaran = baleGroup(-8001, 'کتابداران');
    const leila = tg.person(2001, 'Leila');
    const ali = tg.person(2002, 'Ali');
    const reza = tg.person(3001, 'Reza');
    const nasrin = tg.person(3002, 'Nasrin');
    const hoa = dc.person('hoa', { globalName: 'Hoa' });
    const sara = dc.person('sara', { globalName: 'Sara' });

    telegram.memberStatus.set(`${librarians.id}:${leila.id}`, 'creator');
    bale.memberStatus.set(`${ketabdaran.id}:${reza.id}`, 'creator');
    await both.onTelegram(tg.textMessage(librarians, leila, '/setup new Librarians'));
    // A join code binds one chat: one for Bale, one for Discord.
    await both.onBale(baleText(ketabdaran, reza, `/setup join ${await storedJoinCode(db.prisma)}`));
    await both.onDiscord(
      dc.slashCommand(app, hoa, { ...both.general, permissions: dc.ADMIN_PERMISSIONS }, 'setup', [
        { name: 'join', type: STRING, value: await storedJoinCode(db.prisma, 'JQ2K7M9Y') },
      ]),
    );
    const bound = await db.prisma.chat.findMany({ where: { communityId: { not: null } }, select: { platform: true } });
    expect(bound.map((c) => c.platform).sort()).toEqual(['bale', 'discord', 'telegram']);

    await both.onTelegram(tg.textMessage(librarians, leila, '/poll Which day? | Monday | Tuesday --everywhere'));
    const onTelegram = telegram.deliveredTo(librarians.id).find((m) => m.text.includes('Which day?'))!;
    const onBale = bale.deliveredTo(ketabdaran.id).find((m) => m.text.includes('Which day?'))!;
    const onDiscord = discord.messagesIn(both.server.channels[0]!.id).find((m) => m.content.includes('Which day?'))!;
    const monday = (m: typeof onTelegram) => m.keyboard!.flat().find((b) => b.text.includes('Monday'))!.callback_data!;

    await both.onTelegram(tg.buttonPress(librarians, ali, monday(onTelegram), onTelegram.messageId));
    await both.onBale(balePress(ketabdaran, nasrin, monday(onBale), onBale.messageId));
    const mondayOnDiscord = onDiscord.components.find((c) => c.label?.includes('Monday'))!.customId!;
    await both.onDiscord(dc.componentPress(app, sara, both.general, onDiscord.wire, mondayOnDiscord));

    const poll = await db.prisma.poll.findFirstOrThrow({ include: { votes: { include: { option: true } } } });
    expect(poll.votes.map((v) => [v.platform, v.option.label]).sort()).toEqual([
      ['bale', 'Monday'],
      ['discord', 'Monday'],
      ['telegram', 'Monday'],
    ]);
    // The one merged tally on every platform's copy of the poll.
    const merged = (text: string | undefined) => Boolean(text?.includes('Monday — 3 (100%)'));
    await telegram.waitFor('the Telegram post to show 3 votes', () =>
      telegram.edits.some((e) => e.messageId === onTelegram.messageId && merged(e.text)),
    );
    await bale.waitFor('the Bale post to show 3 votes', () =>
      bale.edits.some((e) => e.messageId === onBale.messageId && merged(e.text)),
    );
    await discord.waitFor('the Discord post to show 3 votes', () =>
      merged(discord.messagesIn(both!.server.channels[0]!.id).find((m) => m.id === onDiscord.id)?.content),
    );
  });
});
