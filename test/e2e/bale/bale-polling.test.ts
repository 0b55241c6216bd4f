import { afterEach, describe, expect, it } from 'vitest';
import { person } from '../../fakes/telegram/updates.ts';
import {
  baleBotMembership,
  baleGroup,
  balePress,
  balePrivateChatOf,
  baleText,
} from '../../fakes/telegram/bale-updates.ts';
import { BALE_METHODS } from '../../fakes/telegram/fake-bot-api.ts';
import { MessengerHarness, TOKENS } from './messenger-harness.ts';
import { harnessPerTest } from '../../support/harness-per-test.ts';

/**
 * The bot on Bale: the real adapter and telegraf client, run as platform `bale`, against a loopback
 * fake that behaves like Bale's Bot API — no entities in messages, `group` chats, plain texts, 404 for
 * the methods Bale lacks. The same scenarios as on Telegram.
 */
let clockAheadMs = 0;
afterEach(() => {
  clockAheadMs = 0;
});
const harnesses = harnessPerTest<MessengerHarness>([TOKENS.bale, TOKENS.bale.split(':')[1]!], (harness) => {
  const bale = harness.fake('bale');
  // Nothing went to a method Bale lacks, and no text asked for a parse mode Bale does not document.
  expect(bale.unknownMethodCalls).toEqual([]);
  expect(bale.calls.filter((c) => !BALE_METHODS.has(c.method))).toEqual([]);
  expect(bale.calls.filter((c) => c.params.parse_mode !== undefined)).toEqual([]);
});

async function start(adminCacheMs?: number): Promise<MessengerHarness> {
  return harnesses.hold(
    await MessengerHarness.start({
      messengers: ['bale'],
      clockAheadMs: () => clockAheadMs,
      ...(adminCacheMs !== undefined ? { adminCacheMs } : {}),
    }),
  );
}

const sara = person(5001, 'Sara', { last_name: 'Karimi' });
const reza = person(5002, 'Reza');
const librarians = baleGroup(-4001, 'کتابداران');

/** Sara creates the community in the Bale group; Bale's getChatMember says she owns the group. */
async function boundGroup(harness: MessengerHarness): Promise<void> {
  harness.fake('bale').memberStatus.set(`${librarians.id}:${sara.id}`, 'creator');
  await harness.deliver('bale', baleText(librarians, sara, '/setup new Librarians'));
  await harness.drained();
}

describe('the bot on Bale, against a Bale-like fake Bot API', () => {
  it('GIVEN a private /start without entities THEN the bot connects without a command menu and welcomes the member', async () => {
    const harness = await start();
    await harness.deliver('bale', baleText(balePrivateChatOf(sara), sara, '/start'));
    await harness.drained();

    const bale = harness.fake('bale');
    expect(bale.callsOf('getMe')).toHaveLength(1);
    expect(bale.callsOf('setMyCommands')).toEqual([]);
    const [welcome, ...more] = bale.deliveredTo(sara.id);
    expect(more).toEqual([]);
    expect(welcome!.text).toContain('Hello, Sara Karimi!');
    expect(welcome!.keyboard?.flat().map((b) => b.callback_data)).toContain('lang.set|fa');
    expect(harness.events.map((e) => [e.chat.platform, e.actor.platform, e.payload])).toEqual([
      ['bale', 'bale', { type: 'command', name: 'start', args: '' }],
    ]);
  });

  it('GIVEN /help, /help@bot and /help@other_bot in a Bale group THEN the first two are answered and the third is not', async () => {
    const harness = await start();
    await harness.deliver('bale', baleText(librarians, reza, '/help@other_bot'));
    await harness.deliver('bale', baleText(librarians, reza, `/help@${harness.fake('bale').botUsername}`));
    await harness.deliver('bale', baleText(librarians, reza, '/help'));
    await harness.drained();

    const received = harness.fake('bale').deliveredTo(librarians.id);
    expect(received).toHaveLength(2);
    for (const message of received) expect(message.text).toContain('Commands you can use here:');
  });

  it('GIVEN /lang fa typed in a private chat THEN the member is answered in Persian from then on', async () => {
    const harness = await start();
    await harness.deliver('bale', baleText(balePrivateChatOf(reza), reza, '/lang fa'));
    await harness.deliver('bale', baleText(balePrivateChatOf(reza), reza, '/help'));
    await harness.drained();

    const [done, help] = harness.fake('bale').deliveredTo(reza.id);
    // Without the bidi marks the bot puts around Persian text and its inserted words.
    expect(done!.text.replace(/[\u200e\u200f\u2066-\u2069]/g, '')).toBe(
      'انجام شد: از این پس با شما به فارسی صحبت می‌کنم.',
    );
    expect(help!.text).not.toContain('Commands you can use here:');
    expect(help!.text).toMatch(/[\u0600-\u06FF]/);
  });

  it('GIVEN a slash inside a sentence or a path THEN it is plain text, not a command', async () => {
    const harness = await start();
    await harness.deliver('bale', baleText(balePrivateChatOf(reza), reza, 'see /help/faq and a/b'));
    await harness.deliver('bale', baleText(balePrivateChatOf(reza), reza, '/help/faq'));
    expect(harness.events.map((e) => e.payload.type)).toEqual(['text', 'text']);
  });

  it('GIVEN a chair posts /poll in a Bale group WHEN a member votes with a button THEN the press is answered and the tally counts the vote', async () => {
    const harness = await start();
    await boundGroup(harness);
    await harness.deliver('bale', baleText(librarians, sara, '/poll Which day suits you? | Monday | Tuesday'));
    await harness.drained();
    const bale = harness.fake('bale');
    const poll = bale.deliveredTo(librarians.id).find((m) => m.text.includes('Which day suits you?'))!;
    const tuesday = poll.keyboard!.flat().find((b) => b.text === 'Tuesday')!;

    const press = balePress(librarians, reza, tuesday.callback_data!, poll.messageId);
    await harness.deliver('bale', press);
    await harness.drained();

    expect(bale.callsOf('answerCallbackQuery').map((c) => c.params.callback_query_id)).toEqual([
      (press.callback_query as { id: string }).id,
    ]);
    const votes = await harness.db.prisma.pollVote.findMany({ select: { option: { select: { label: true } } } });
    expect(votes.map((v) => v.option.label)).toEqual(['Tuesday']);
    await harness.app.services.polls.flushTallies(new Date(Date.now() + 60_000));
    await harness.drained();
    // The edit may still wait in the adapter's per-message edit throttle when the queue is drained.
    const tally = await bale.waitFor('the live tally counting the vote', () =>
      bale.edits.findLast(
        (e) =>
          e.chatId === String(librarians.id) && e.messageId === poll.messageId && /Tuesday[^\n]*1/.test(e.text ?? ''),
      ),
    );
    expect(tally.text).toMatch(/Tuesday[^\n]*1/);
  });

  it('GIVEN a meeting scheduled in a Bale group WHEN its time comes THEN the reminder is delivered to the group', async () => {
    const harness = await start();
    await boundGroup(harness);
    const at = new Date(Math.ceil((Date.now() + 3 * 3600_000) / 60_000) * 60_000);
    const when = at.toISOString().slice(0, 16).replace('T', ' ');
    await harness.deliver('bale', baleText(librarians, sara, '/meeting offsets 0'));
    await harness.deliver('bale', baleText(librarians, sara, `/meeting ${when} | Reading circle | https://x.org/rc`));
    await harness.drained();
    const bale = harness.fake('bale');
    expect(
      bale
        .deliveredTo(librarians.id)
        .map((m) => m.text)
        .join('\n'),
    ).toContain('Reading circle');

    // The reminder dispatcher's clock reaches the meeting's start (the real one stays where it is).
    clockAheadMs = at.getTime() - Date.now() + 1_000;
    const reminder = await bale.waitFor('the reminder', () =>
      bale.deliveredTo(librarians.id).find((m) => m.text.includes('“Reading circle” starts now.')),
    );
    expect(reminder.method).toBe('sendMessage');
  });

  it('GIVEN user text with <, & and * THEN Bale gets it as typed, without a parse mode', async () => {
    const harness = await start();
    await boundGroup(harness);
    const [created] = harness.fake('bale').deliveredTo(librarians.id);
    expect(created!.text).toContain('“Librarians” is created');
    await harness.deliver('bale', baleText(librarians, sara, '/poll <Q> & *bold*? | a<b | c&d'));
    await harness.drained();
    const poll = harness.fake('bale').deliveredTo(librarians.id).at(-1)!;
    expect(poll.text).toContain('<Q> & *bold*?');
    expect(poll.keyboard!.flat().map((b) => b.text)).toEqual(['a<b', 'c&d']);
  });

  it('GIVEN the bot added to a Bale group (a service message) THEN it offers /setup; removed THEN the chat is inactive', async () => {
    const harness = await start();
    const bale = harness.fake('bale');
    await harness.deliver('bale', baleBotMembership(librarians, sara, bale.botId, 'added'));
    await harness.drained();
    const [offer] = bale.deliveredTo(librarians.id);
    expect(offer!.text).toContain('An admin of this group binds it to a community: send /setup');

    await harness.deliver('bale', baleBotMembership(librarians, sara, bale.botId, 'removed'));
    await harness.drained();
    const chat = await harness.db.prisma.chat.findFirstOrThrow({ where: { platform: 'bale' } });
    expect(chat.active).toBe(false);
    expect(bale.deliveredTo(librarians.id)).toHaveLength(1);
  });

  it('GIVEN the admin who ran /setup WHEN Bale no longer calls them an admin THEN the role recorded at /setup still lets them act', async () => {
    const harness = await start(0);
    await boundGroup(harness);
    const bale = harness.fake('bale');
    bale.memberStatus.set(`${librarians.id}:${sara.id}`, 'member');
    const hello = baleText(librarians, reza, 'Hello all');
    await harness.deliver('bale', hello);
    await harness.deliver('bale', baleText(librarians, sara, '/role chair', { reply_to_message: hello.message }));
    await harness.drained();

    expect(bale.deliveredTo(librarians.id).at(-1)!.text).toBe('Reza is now chair.');
    // Bale was asked, and said "member": the role came from the community's record, not from Bale.
    const asked = bale.callsOf('getChatMember').filter((c) => String(c.params.user_id) === String(sara.id));
    expect(asked.length).toBeGreaterThanOrEqual(2);
  });
});
