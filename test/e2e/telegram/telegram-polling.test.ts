import { describe, expect, it } from 'vitest';
import { TelegramAdapter } from '../../../src/adapters/telegram/telegram-adapter.ts';
import {
  botMembership,
  buttonPress,
  forwardedText,
  group,
  person,
  photoMessage,
  privateChatOf,
  textMessage,
} from '../../fakes/telegram/updates.ts';
import { TelegramHarness, TOKEN } from './telegram-harness.ts';
import { harnessPerTest } from '../../support/harness-per-test.ts';

// Telegram puts the token in every request URL: each run's logs are searched for it.
const harnesses = harnessPerTest<TelegramHarness>([TOKEN, TOKEN.split(':')[1]!]);

async function start(options?: Parameters<typeof TelegramHarness.start>[0]): Promise<TelegramHarness> {
  return harnesses.hold(await TelegramHarness.start(options));
}

const sara = person(1001, 'Sara', { last_name: 'Karimi', language_code: 'en' });
const reza = person(1002, 'Reza');
const librarians = group(-1001234567890, 'Librarians');

describe('the Telegram adapter by long polling, against a fake Bot API', () => {
  it('GIVEN long polling WHEN a private /start arrives THEN the bot connects with getMe → deleteWebhook → getUpdates and answers in that chat', async () => {
    const harness = await start();
    await harness.deliver(textMessage(privateChatOf(sara), sara, '/start'));
    await harness.drained();

    const methods = harness.fake.calls.map((c) => c.method);
    expect(methods.indexOf('getMe')).toBeLessThan(methods.indexOf('deleteWebhook'));
    expect(methods.indexOf('deleteWebhook')).toBeLessThan(methods.indexOf('getUpdates'));
    const [welcome, ...more] = harness.fake.deliveredTo(sara.id);
    expect(more).toEqual([]);
    expect(welcome!.text).toContain('Hello, Sara Karimi!');
    expect(welcome!.keyboard?.flat().map((b) => b.callback_data)).toContain('lang.set|fa');
  });

  it('GIVEN /help@botname in a group THEN the group gets the help, and a command for another bot gets nothing', async () => {
    const harness = await start();
    await harness.deliver(textMessage(librarians, reza, '/help@other_bot'));
    await harness.deliver(textMessage(librarians, reza, `/help@${harness.fake.botUsername}`));
    await harness.drained();

    const received = harness.fake.deliveredTo(librarians.id);
    expect(received).toHaveLength(1);
    expect(received[0]!.text).toContain('Commands you can use here:');
  });

  it('GIVEN a button pressed THEN the press is answered (answerCallbackQuery) and its action runs', async () => {
    const harness = await start();
    await harness.deliver(textMessage(privateChatOf(sara), sara, '/calendar'));
    await harness.drained();
    const question = harness.fake.deliveredTo(sara.id)[0]!;
    const persian = question.keyboard!.flat().find((b) => b.callback_data === 'cal.set|persian')!;

    const press = buttonPress(privateChatOf(sara), sara, persian.callback_data!, question.messageId);
    await harness.deliver(press);
    await harness.drained();

    const queryId = (press.callback_query as { id: string }).id;
    expect(harness.fake.callsOf('answerCallbackQuery').map((c) => c.params.callback_query_id)).toEqual([queryId]);
    expect(harness.fake.deliveredTo(sara.id)[1]!.text).toContain('Your calendar is now Solar Hijri (Jalali).');
  });

  it('GIVEN a press on a button the bot no longer knows THEN it is answered too, and the member is told', async () => {
    const harness = await start();
    await harness.deliver(buttonPress(privateChatOf(sara), sara, 'gone.action|7'));
    await harness.drained();
    expect(harness.fake.callsOf('answerCallbackQuery')).toHaveLength(1);
    expect(harness.fake.deliveredTo(sara.id)[0]!.text).toContain('This button is no longer valid.');
  });

  it('GIVEN a forwarded message THEN the core gets its text with who wrote it first and when', async () => {
    const harness = await start();
    const written = new Date('2024-05-01T08:30:00Z');
    const maryam = person(2001, 'Maryam', { last_name: 'Ahmadi' });
    await harness.deliver(
      forwardedText(privateChatOf(sara), sara, 'Our reading circle doubled loans.', maryam, written),
    );

    expect(harness.events.map((e) => e.payload)).toEqual([
      {
        type: 'text',
        text: 'Our reading circle doubled loans.',
        forward: { fromName: 'Maryam Ahmadi', date: written },
      },
    ]);
  });

  it('GIVEN a photo THEN the core gets a file event with the largest size, kept by file id (nothing downloaded)', async () => {
    const harness = await start();
    await harness.deliver(photoMessage(privateChatOf(sara), sara, 'Our new shelves'));

    expect(harness.events.map((e) => e.payload)).toEqual([
      { type: 'file', fileId: 'photo-large', mimeType: 'image/jpeg', caption: 'Our new shelves' },
    ]);
    expect(harness.fake.callsOf('getFile')).toEqual([]);
  });

  it('GIVEN the same update delivered twice in one batch THEN it is handled once', async () => {
    const harness = await start();
    const update = { update_id: 777_001, ...textMessage(privateChatOf(sara), sara, '/start') };
    await harness.deliver(update, update);
    await harness.drained();
    expect(harness.fake.deliveredTo(sara.id)).toHaveLength(1);
  });

  it('GIVEN a text longer than 4096 characters THEN it arrives in two messages cut between paragraphs, the buttons on the last', async () => {
    const harness = await start();
    const paragraphs = Array.from(
      { length: 12 },
      (_, i) => `Paragraph ${i + 1}. ` + 'Lorem ipsum dolor sit amet. '.repeat(20),
    );
    const text = paragraphs.join('\n\n');
    expect(text.length).toBeGreaterThan(4096);
    await harness.app.outbox.enqueue(
      { platform: 'telegram', chatId: String(sara.id) },
      { text, buttons: [[{ label: 'OK', action: 'ok' }]] },
    );
    await harness.drained();

    const parts = harness.fake.deliveredTo(sara.id);
    expect(parts).toHaveLength(2);
    for (const part of parts) expect(part.text.length).toBeLessThanOrEqual(4096);
    expect(parts.map((p) => p.text).join('\n\n')).toBe(text);
    expect(parts[0]!.text.endsWith('Lorem ipsum dolor sit amet. ')).toBe(true);
    expect(parts[1]!.text.startsWith('Paragraph ')).toBe(true);
    expect(parts.map((p) => Boolean(p.keyboard))).toEqual([false, true]);
  });

  it('GIVEN user text with <, & and * THEN it reaches the chat exactly as typed', async () => {
    const harness = await start();
    harness.fake.memberStatus.set(`${librarians.id}:${sara.id}`, 'creator');
    await harness.deliver(textMessage(librarians, sara, '/setup new <Libraries & *Friends*> of_the_north'));
    await harness.drained();

    const [created] = harness.fake.deliveredTo(librarians.id);
    expect(created!.text).toContain('The community “<Libraries & *Friends*> of_the_north” is created');
  });

  it('GIVEN Telegram answers 429 with retry_after THEN the message goes again only after it, and is delivered once', async () => {
    const harness = await start();
    harness.fake.failNext('sendMessage', { code: 429, description: 'Too Many Requests: retry after 1', retryAfter: 1 });
    await harness.deliver(textMessage(privateChatOf(sara), sara, '/start'));
    await harness.drained();

    expect(harness.fake.callsOf('sendMessage').map((c) => c.status)).toEqual([429, 200]);
    // The fake answers 429 again to anything that comes back before retry_after is over.
    expect(harness.fake.flood.earlyRetries).toBe(0);
    expect(harness.fake.deliveredTo(sara.id)).toHaveLength(1);
  });

  it('GIVEN a member who blocked the bot THEN the reply fails for good, is not retried, and the chat is marked unreachable', async () => {
    const harness = await start();
    harness.fake.blocked.add(String(sara.id));
    await harness.deliver(textMessage(privateChatOf(sara), sara, '/start'));
    await harness.drained();

    expect(harness.fake.callsOf('sendMessage').map((c) => c.status)).toEqual([403]);
    const chat = await harness.db.prisma.chat.findFirstOrThrow({ where: { platform: 'telegram', externalId: '1001' } });
    expect(chat.unreachableAt).not.toBeNull();
    expect(chat.unreachableReason).toContain('blocked');
    const row = await harness.db.prisma.outboxMessage.findFirstOrThrow({ where: { chatId: '1001' } });
    expect(row.status).toBe('failed');
  });

  it('GIVEN /mydata in a group from someone who never opened a private chat THEN the answer links to the bot, and the link runs /mydata there, sending the file from memory', async () => {
    const harness = await start();
    await harness.deliver(textMessage(librarians, reza, '/mydata'));
    await harness.drained();
    const [answer] = harness.fake.deliveredTo(librarians.id);
    expect(answer!.text).toContain("I can't write to you privately yet.");
    const link = answer!.keyboard!.flat().find((b) => b.url);
    expect(link).toEqual({
      text: 'Open a private chat with me',
      url: `https://t.me/${harness.fake.botUsername}?start=mydata`,
    });

    // What the client sends when the link is opened and Start pressed.
    await harness.deliver(textMessage(privateChatOf(reza), reza, '/start mydata'));
    await harness.drained();
    const [file] = harness.fake.deliveredTo(reza.id);
    expect(file!.method).toBe('sendDocument');
    expect(file!.text).toBe('Here is everything I store about you.');
    expect(file!.file!.filename).toBe('hamkar-my-data.json');
    expect(JSON.parse(file!.file!.bytes.toString('utf8'))).toMatchObject({ member: { displayName: 'Reza' } });
  });

  it('GIVEN the bot added to a group THEN it offers /setup to the admins; removed THEN the chat is marked inactive and nothing is sent', async () => {
    const harness = await start();
    harness.fake.memberStatus.set(`${librarians.id}:${sara.id}`, 'administrator');
    await harness.deliver(botMembership(librarians, sara, harness.fake.botId, 'added'));
    await harness.drained();
    const [offer] = harness.fake.deliveredTo(librarians.id);
    expect(offer!.text).toContain('An admin of this group binds it to a community: send /setup');
    expect(offer!.keyboard!.flat().map((b) => b.callback_data)).toEqual(['setup.new', 'setup.join']);

    await harness.deliver(botMembership(librarians, sara, harness.fake.botId, 'removed'));
    await harness.drained();
    const chat = await harness.db.prisma.chat.findFirstOrThrow({ where: { externalId: String(librarians.id) } });
    expect(chat.active).toBe(false);
    expect(harness.fake.deliveredTo(librarians.id)).toHaveLength(1);
  });

  it('GIVEN a Telegram group admin WHEN /role chair is sent as a reply to a member THEN that member becomes chair; a member may not', async () => {
    const harness = await start();
    harness.fake.memberStatus.set(`${librarians.id}:${sara.id}`, 'creator');
    await harness.deliver(textMessage(librarians, sara, '/setup new Librarians'));
    const hello = textMessage(librarians, reza, 'Hello all');
    await harness.deliver(hello);
    await harness.deliver(textMessage(librarians, reza, '/role chair Sara', {}));
    await harness.deliver(textMessage(librarians, sara, '/role chair', { reply_to_message: hello.message }));
    await harness.drained();

    const texts = harness.fake.deliveredTo(librarians.id).map((m) => m.text);
    // Two members' commands: their answers may leave in either order on a busy machine.
    expect(texts.slice(1).sort()).toEqual(['/role is only for: admin.', 'Reza is now chair.']);
    const roles = await harness.db.prisma.membership.findMany({
      select: { role: true, member: { select: { displayName: true } } },
    });
    expect(roles.find((r) => r.member.displayName === 'Reza')?.role).toBe('chair');
  });

  it('GIVEN a command in a forum topic THEN the answer goes to the same topic', async () => {
    const harness = await start();
    const forum = group(-1009876543210, 'Librarians forum', { is_forum: true });
    const topicStart = { message_id: 42, chat: forum, date: 1, forum_topic_created: { name: 'Newsletter' } };
    await harness.deliver(
      textMessage(forum, reza, '/help', {
        message_thread_id: 42,
        is_topic_message: true,
        reply_to_message: topicStart,
      }),
    );
    await harness.drained();
    const [answer] = harness.fake.deliveredTo(forum.id);
    expect(answer!.threadId).toBe(42);
    expect(answer!.text).toContain('Commands you can use here:');
  });

  it('GIVEN the bot starts THEN its command menu is registered per language and per scope, from the locales', async () => {
    const harness = await start();
    const menus = harness.fake.callsOf('setMyCommands').map((c) => ({
      scope: (c.params.scope as { type: string }).type,
      language: (c.params.language_code as string | undefined) ?? 'default',
      commands: c.params.commands as Array<{ command: string; description: string }>,
    }));
    const scopes = ['all_private_chats', 'all_group_chats', 'all_chat_administrators'];
    expect(menus.map((m) => `${m.scope}/${m.language}`).sort()).toEqual(
      scopes.flatMap((s) => ['default', 'fa', 'vi', 'ru'].map((l) => `${s}/${l}`)).sort(),
    );
    const menu = (scope: string, language: string) =>
      menus.find((m) => m.scope === scope && m.language === language)!.commands;
    const names = (scope: string) => menu(scope, 'default').map((c) => c.command);
    expect(names('all_chat_administrators')).toEqual(expect.arrayContaining(['setup', 'role', 'help']));
    expect(names('all_group_chats')).not.toContain('setup');
    expect(names('all_private_chats')).not.toContain('role');
    expect(menu('all_private_chats', 'default').find((c) => c.command === 'help')!.description).toBe('this list');
    expect(menu('all_private_chats', 'fa').find((c) => c.command === 'lang')!.description).toMatch(/زبان/);
    expect(menu('all_private_chats', 'ru').find((c) => c.command === 'lang')!.description).toMatch(/язык/i);
  });

  it('GIVEN a chart and a file THEN they are sent from memory, the chart as a photo and the file as a document', async () => {
    const harness = await start();
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const csv = Buffer.from('option,votes\nA,3\n');
    const target = { platform: 'telegram', chatId: String(librarians.id) };
    await harness.app.outbox.enqueue(target, {
      text: 'Results',
      file: { fileName: 'chart.png', mimeType: 'image/png', contentBase64: png.toString('base64'), isImage: true },
    });
    await harness.app.outbox.enqueue(target, {
      text: 'Export',
      file: { fileName: 'poll-3.csv', mimeType: 'text/csv', contentBase64: csv.toString('base64') },
    });
    await harness.drained();

    const [chart, file] = harness.fake.deliveredTo(librarians.id);
    expect([chart!.method, chart!.text, chart!.file!.filename]).toEqual(['sendPhoto', 'Results', 'chart.png']);
    expect(chart!.file!.bytes.equals(png)).toBe(true);
    expect([file!.method, file!.text, file!.file!.filename]).toEqual(['sendDocument', 'Export', 'poll-3.csv']);
    expect(file!.file!.bytes.equals(csv)).toBe(true);
  });

  it('GIVEN many edits of one message (a live tally) THEN they are throttled and the message ends with the latest content', async () => {
    const harness = await start({ adapter: { editIntervalMs: 1_000 } });
    const target = { platform: 'telegram', chatId: String(sara.id) };
    const id = await harness.app.outbox.enqueue(target, {
      text: 'Votes: 0',
      buttons: [[{ label: 'Yes', action: 'v', data: '1' }]],
    });
    await harness.drained();
    const messageId = (await harness.app.outbox.sentMessageId(id))!;
    for (let votes = 1; votes <= 6; votes++) {
      await harness.app.outbox.enqueue(target, {
        text: `Votes: ${votes}`,
        buttons: [[{ label: 'Yes', action: 'v', data: '1' }]],
        replaceMessageId: messageId,
      });
    }
    await harness.drained();

    const edits = harness.fake.edits.map((e) => e.text);
    expect(edits.at(-1)).toBe('Votes: 6');
    expect(edits.length).toBeLessThan(6); // coalesced: the superseded ones never went out

    // The poll closes: an edit without text changes only the buttons (here: removes them).
    await harness.app.outbox.enqueue(target, { text: '', replaceMessageId: messageId });
    await harness.drained();
    expect(harness.fake.edits.at(-1)).toEqual({
      method: 'editMessageReplyMarkup',
      chatId: String(sara.id),
      messageId: Number(messageId),
      text: 'Votes: 6',
      keyboard: [],
    });
  });

  it('GIVEN a button whose callback data is over 64 bytes THEN that button is dropped and logged, and the message still goes', async () => {
    const harness = await start();
    await harness.app.outbox.enqueue(
      { platform: 'telegram', chatId: String(sara.id) },
      {
        text: 'Choose',
        buttons: [
          [
            { label: 'Short', action: 'cmt.join', data: '12' },
            { label: 'Long', action: 'cmt.join', data: 'x'.repeat(70) },
          ],
        ],
      },
    );
    await harness.drained();
    const [message] = harness.fake.deliveredTo(sara.id);
    expect(message!.keyboard).toEqual([[{ text: 'Short', callback_data: 'cmt.join|12' }]]);
    expect(harness.logs.join('')).toMatch(/button dropped: its callback data is longer than Telegram allows/);
  });

  it('GIVEN requests that fail with the token in their URL THEN no log line of the run contains the token', async () => {
    const harness = await start();
    // A second adapter on the same logs, pointed at a port where nothing listens: every call fails.
    const broken = new TelegramAdapter({ token: TOKEN, apiRoot: 'http://127.0.0.1:9/', logger: harness.logger });
    const result = await broken.send(String(sara.id), { text: 'hello' });
    expect(result).toMatchObject({ ok: false, kind: 'retry', error: expect.stringContaining('ECONNREFUSED') });
    harness.logger.warn({ result }, 'send failed');
    const error = await broken.start(async () => undefined).catch((err: unknown) => err);
    harness.logger.fatal({ err: error }, 'could not connect');
    harness.fake.failNext('sendMessage', { code: 500, description: 'Internal Server Error' });
    await harness.deliver(textMessage(privateChatOf(sara), sara, '/start'));
    await harness.drained();
    const logs = harness.logs.join('');
    expect(logs).toMatch(/could not connect/);
    expect(logs).toMatch(/message will be retried/);
    // The afterEach hook searches every line for the token.
  });
});
