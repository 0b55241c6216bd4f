import { afterEach, describe, expect, it } from 'vitest';
import { group, person, textMessage, buttonPress } from '../../fakes/telegram/updates.ts';
import { baleGroup, balePress, baleText } from '../../fakes/telegram/bale-updates.ts';
import { MessengerHarness } from './messenger-harness.ts';
import { storedJoinCode } from '../../support/join-code.ts';

/**
 * One bot process on Telegram and Bale at once (as `main.ts` runs it with both tokens): one community
 * spans a Telegram group and a Bale group, and a poll posted `--everywhere` is one poll with one tally.
 */
let h: MessengerHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const sara = person(7001, 'Sara');
const maryam = person(7002, 'Maryam');
const reza = person(8001, 'Reza');
const ali = person(8002, 'Ali');
const telegramGroup = group(-1007000, 'Librarians (Telegram)');
const baleGroupChat = baleGroup(-8000, 'کتابداران');

describe('one community on Telegram and Bale', () => {
  it('GIVEN a Telegram group and a Bale group bound to one community WHEN a poll is posted --everywhere and each votes THEN one tally counts both', async () => {
    h = await MessengerHarness.start({ messengers: ['telegram', 'bale'] });
    const telegram = h.fake('telegram');
    const bale = h.fake('bale');
    telegram.memberStatus.set(`${telegramGroup.id}:${sara.id}`, 'creator');
    bale.memberStatus.set(`${baleGroupChat.id}:${reza.id}`, 'creator');

    await h.deliver('telegram', textMessage(telegramGroup, sara, '/setup new Librarians'));
    await h.drained();
    const code = await storedJoinCode(h.db.prisma);
    await h.deliver('bale', baleText(baleGroupChat, reza, `/setup join ${code}`));
    await h.deliver('telegram', textMessage(telegramGroup, sara, '/poll Which day? | Monday | Tuesday --everywhere'));
    await h.drained();

    const onTelegram = telegram.deliveredTo(telegramGroup.id).find((m) => m.text.includes('Which day?'))!;
    const onBale = bale.deliveredTo(baleGroupChat.id).find((m) => m.text.includes('Which day?'))!;
    const monday = (m: typeof onTelegram) => m.keyboard!.flat().find((b) => b.text === 'Monday')!.callback_data!;
    await h.deliver('telegram', buttonPress(telegramGroup, maryam, monday(onTelegram), onTelegram.messageId));
    await h.deliver('bale', balePress(baleGroupChat, ali, monday(onBale), onBale.messageId));
    await h.drained();

    const polls = await h.db.prisma.poll.findMany({ include: { votes: { include: { option: true } } } });
    expect(polls).toHaveLength(1);
    expect(polls[0]!.votes.map((v) => v.option.label)).toEqual(['Monday', 'Monday']);
    const chats = await h.db.prisma.chat.findMany({
      where: { kind: 'group' },
      select: { platform: true, communityId: true },
    });
    expect(new Set(chats.map((c) => c.communityId)).size).toBe(1);
    expect(chats.map((c) => c.platform).sort()).toEqual(['bale', 'telegram']);
    // Each platform got what it speaks: HTML on Telegram, plain text on Bale.
    expect(telegram.callsOf('sendMessage').every((c) => c.params.parse_mode === 'HTML')).toBe(true);
    expect(bale.callsOf('sendMessage').some((c) => c.params.parse_mode !== undefined)).toBe(false);
  });
});
