import { describe, expect, it } from 'vitest';
import { ApplicationCommandOptionType, InteractionResponseType } from 'discord.js';
import { componentPress, person, slashCommand, userMessage } from '../../fakes/discord/wire-objects.ts';
import { DiscordHarness, TOKEN } from './discord-harness.ts';
import { harnessPerTest } from '../../support/harness-per-test.ts';

const harnesses = harnessPerTest<DiscordHarness>([TOKEN, TOKEN.split('.')[2]!]);

async function start(options?: Parameters<typeof DiscordHarness.start>[0]): Promise<DiscordHarness> {
  return harnesses.hold(await DiscordHarness.start(options));
}

const sara = person('sara', { globalName: 'Sara Karimi' });
const reza = person('reza', { globalName: 'Reza' });
const STRING = ApplicationCommandOptionType.String;
const CHANNEL_MESSAGES = /^\/channels\/\d+\/messages$/;

describe('Discord DMs, files, limits and failures, with the real discord.js client', () => {
  it('GIVEN a member who wrote to the bot in a DM WHEN they ask /mydata in the server THEN the file goes to their DM (uploaded from memory) and the server hears it went there', async () => {
    const harness = await start();
    const app = harness.fake.applicationId;
    const dm = harness.dmOf(reza);
    const [hello] = await harness.interact(slashCommand(app, reza, dm, 'start'));
    expect(hello!.content).toContain('Hello, Reza!');
    expect(harness.events[0]!.chat).toMatchObject({
      kind: 'private',
      chatId: 'dmChannelId' in dm ? dm.dmChannelId : '',
    });

    const [notice] = await harness.interact(slashCommand(app, reza, harness.general, 'mydata'));

    expect(notice!.content).toBe('I sent it to you in a private chat.');
    const dmChannelId = 'dmChannelId' in dm ? dm.dmChannelId : '';
    const [file] = harness.fake.messagesIn(dmChannelId).filter((m) => m.via === 'channel');
    expect(file!.content).toBe('Here is everything I store about you.');
    expect(file!.files.map((f) => f.filename)).toEqual(['hamkar-my-data.json']);
    expect(JSON.parse(file!.files[0]!.bytes.toString('utf8'))).toMatchObject({ member: { displayName: 'Reza' } });
  });

  it('GIVEN a member who never wrote to the bot privately WHEN they ask /mydata in the server THEN the bot opens a DM itself and the file goes there', async () => {
    const harness = await start();
    harness.fake.addPerson(sara);
    const [notice] = await harness.interact(slashCommand(harness.fake.applicationId, sara, harness.general, 'mydata'));

    expect(notice!.content).toBe('I sent it to you in a private chat.');
    expect(harness.fake.callsTo('POST', /^\/users\/@me\/channels$/).map((c) => c.body)).toEqual([
      { recipient_id: sara.id },
    ]);
    const dmChannelId = harness.fake.dmChannelOf(sara);
    const [file] = harness.fake.messagesIn(dmChannelId).filter((m) => m.via === 'channel');
    expect(file!.files.map((f) => f.filename)).toEqual(['hamkar-my-data.json']);
    // The DM is her private chat from now on: reminders and surveys reach her there.
    const identity = await harness.db.prisma.identity.findFirstOrThrow({ where: { externalId: sara.id } });
    expect(identity.privateChatId).toBe(dmChannelId);
    const chat = await harness.db.prisma.chat.findFirstOrThrow({
      where: { platform: 'discord', externalId: dmChannelId },
    });
    expect(chat.kind).toBe('private');
  });

  it('GIVEN a DM with an attachment THEN the core gets a file event kept by ids, with the text as caption, and nothing is downloaded', async () => {
    const harness = await start();
    const dm = harness.dmOf(sara);
    const message = userMessage(sara, dm, 'Our new shelves', [
      { filename: 'shelves.pdf', contentType: 'application/pdf' },
    ]);
    await harness.write(message);

    const attachment = (message.attachments as Array<{ id: string }>)[0]!;
    const channelId = 'dmChannelId' in dm ? dm.dmChannelId : '';
    expect(harness.events.map((e) => [e.chat.kind, e.payload])).toEqual([
      [
        'private',
        {
          type: 'file',
          fileId: `${channelId}/${String(message.id)}/${attachment.id}`,
          fileName: 'shelves.pdf',
          mimeType: 'application/pdf',
          caption: 'Our new shelves',
        },
      ],
    ]);
    expect(harness.fake.calls.filter((c) => c.method === 'GET' && c.path !== '/gateway/bot')).toEqual([]);
  });

  it('GIVEN server messages THEN only one that mentions the bot reaches the core, without the mention', async () => {
    const harness = await start();
    const unrelated = userMessage(reza, harness.general, 'lunch at noon?');
    harness.fake.dispatchMessage(unrelated);
    const addressed = userMessage(
      reza,
      harness.general,
      `<@${harness.fake.bot.id}> my story goes on`,
      [],
      [harness.fake.bot],
    );
    await harness.write(addressed);

    expect(harness.events.map((e) => e.payload)).toEqual([{ type: 'text', text: 'my story goes on' }]);
    expect(harness.handled.has(String(unrelated.id))).toBe(false);
  });

  it('GIVEN Discord answers 429 with retry_after on a route THEN discord.js sends again only after it, and the message arrives once', async () => {
    const harness = await start();
    const general = harness.server.channels[0]!.id;
    harness.fake.failNext('POST', CHANNEL_MESSAGES, { status: 429, retryAfter: 1 });
    await harness.app.outbox.enqueue(
      { platform: 'discord', chatId: general },
      { text: 'The meeting starts in one hour.' },
    );
    await harness.app.outbox.drain();

    const calls = harness.fake.callsTo('POST', CHANNEL_MESSAGES);
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    // The fake answers 429 again to a request that comes back before retry_after is over.
    expect(harness.fake.earlyRetries).toBe(0);
    expect(harness.fake.messagesIn(general).map((m) => m.content)).toEqual(['The meeting starts in one hour.']);
  });

  it('GIVEN a member who closed their DMs THEN the DM fails for good without a retry, their DM is marked unreachable, and the bot carries on', async () => {
    const harness = await start();
    const app = harness.fake.applicationId;
    const dm = harness.dmOf(reza);
    await harness.interact(slashCommand(app, reza, dm, 'start'));
    const dmChannelId = 'dmChannelId' in dm ? dm.dmChannelId : '';
    harness.fake.closedDms.add(dmChannelId);

    await harness.app.outbox.enqueue(
      { platform: 'discord', chatId: dmChannelId },
      { text: 'Reminder: meeting at 10:00' },
    );
    await harness.app.outbox.drain();

    expect(
      harness.fake.callsTo('POST', new RegExp(`^/channels/${dmChannelId}/messages$`)).map((c) => c.status),
    ).toEqual([403]);
    const chat = await harness.db.prisma.chat.findFirstOrThrow({
      where: { platform: 'discord', externalId: dmChannelId },
    });
    expect(chat.unreachableAt).not.toBeNull();
    expect(chat.unreachableReason).toContain('50007');
    const [help] = await harness.interact(slashCommand(app, reza, harness.general, 'help'));
    expect(help!.content).toContain('Commands you can use here:');
  });

  it('GIVEN a text longer than 2000 characters with buttons THEN it arrives in parts cut between paragraphs, escaped, the buttons on the last', async () => {
    const harness = await start();
    const general = harness.server.channels[0]!.id;
    const paragraphs = Array.from(
      { length: 10 },
      (_, i) => `Paragraph ${i + 1} *of* _ten_. ` + 'Lorem ipsum dolor sit amet. '.repeat(10),
    );
    const text = paragraphs.join('\n\n');
    const buttons = [
      Array.from({ length: 7 }, (_, i) => ({ label: `Choice ${i + 1}`, action: 'pick', data: String(i) })),
    ];
    await harness.app.outbox.enqueue({ platform: 'discord', chatId: general }, { text, buttons });
    await harness.app.outbox.drain();

    const parts = harness.fake.messagesIn(general);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.content.length).toBeLessThanOrEqual(2000);
    const unescaped = parts.map((p) => p.content.replace(/\\([*_])/g, '$1')).join('\n\n');
    expect(unescaped).toBe(text);
    expect(parts[0]!.content).toContain('\\*of\\* \\_ten\\_');
    expect(parts.slice(0, -1).every((p) => p.components.length === 0)).toBe(true);
    const lastButtons = parts.at(-1)!.components;
    expect(lastButtons.map((b) => b.label)).toEqual(buttons[0]!.map((b) => b.label));
  });

  it('GIVEN more than 25 choices THEN they come as select menus, and a choice runs its action', async () => {
    const harness = await start();
    const dm = harness.dmOf(sara);
    const dmChannelId = 'dmChannelId' in dm ? dm.dmChannelId : '';
    const choices = Array.from({ length: 30 }, (_, i) => ({
      label: `Zone ${i + 1}`,
      action: 'tz.set',
      data: `Zone/${i + 1}`,
    }));
    await harness.app.outbox.enqueue(
      { platform: 'discord', chatId: dmChannelId },
      { text: 'Pick a zone', buttons: [choices] },
    );
    await harness.app.outbox.drain();
    const [menuMessage] = harness.fake.messagesIn(dmChannelId);
    const menus = menuMessage!.components;
    expect(menus.map((m) => [m.type, m.options!.length])).toEqual([
      ['select', 25],
      ['select', 5],
    ]);

    const choose = componentPress(harness.fake.applicationId, sara, dm, menuMessage!.wire, menus[1]!.customId!, [
      menus[1]!.options![2]!.value,
    ]);
    await harness.interact(choose);
    expect(harness.events.at(-1)!.payload).toEqual({ type: 'action', action: 'tz.set', data: 'Zone/28' });
  });

  it('GIVEN a poll posted by a server admin WHEN a member votes with its button THEN the press is acknowledged without a message and the poll post is edited to count the vote', async () => {
    const harness = await start({ deferAfterMs: 100 });
    const app = harness.fake.applicationId;
    const general = harness.server.channels[0]!.id;
    await harness.interact(
      slashCommand(app, sara, harness.generalAsAdmin, 'setup', [{ name: 'new', type: STRING, value: 'Librarians' }]),
    );
    const [pollPost] = await harness.interact(
      slashCommand(app, sara, harness.generalAsAdmin, 'poll', [
        { name: 'question', type: STRING, value: 'Which day?' },
        { name: 'choice1', type: STRING, value: 'Monday' },
        { name: 'choice2', type: STRING, value: 'Tuesday' },
      ]),
    );
    const monday = pollPost!.components.find((c) => c.label?.includes('Monday'))!;
    const before = pollPost!.content;

    const vote = componentPress(app, reza, harness.general, pollPost!.wire, monday.customId!);
    await harness.interact(vote);

    expect(harness.events.at(-1)!.payload).toMatchObject({ type: 'action', action: 'poll.v' });
    expect(harness.fake.acknowledgementOf(vote.id)!.type).toBe(InteractionResponseType.DeferredMessageUpdate);
    expect(harness.fake.messages.filter((m) => m.interactionId === vote.id)).toEqual([]);
    const edited = await harness.fake.waitFor('the tally edit', () => {
      const post = harness.fake.messagesIn(general).find((m) => m.id === pollPost!.id);
      return post && post.edits > 0 ? post : undefined;
    });
    expect(edited.content).not.toBe(before);
    expect(
      harness.fake.callsTo('PATCH', new RegExp(`^/channels/${general}/messages/${pollPost!.id}$`)).length,
    ).toBeGreaterThan(0);
  });
});
