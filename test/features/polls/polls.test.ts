import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pollJobs } from '../../../src/features/polls/poll-jobs.ts';
import { TALLY_EDIT_INTERVAL_MS } from '../../../src/features/polls/poll-live-tally.ts';
import { GROUP, Harness, OTHER_GROUP, privateChat, texts } from '../../support/harness.ts';
import { joinCodeFrom } from '../../support/join-code.ts';
import { communityWithChair, editsOf, member, pollMessage, shownText } from './support.ts';

let h: Harness;
beforeEach(async () => {
  h = await Harness.create();
});
afterEach(async () => {
  await h.close();
});

async function flush(at: Date = new Date()) {
  await h.app.services.polls.flushTallies(at);
  await h.app.outbox.drain();
}

describe('posting a poll', () => {
  it('GIVEN a chair WHEN /poll Question | A | B THEN the poll is posted with its number, one button per option, and stored', async () => {
    const { chair } = await communityWithChair(h);
    const poll = pollMessage(await chair.says('/poll Which day suits you? | Monday | Tuesday | Friday', GROUP));
    expect(poll.chatId).toBe(GROUP.chatId);
    expect(poll.text).toContain('Poll #1: Which day suits you?');
    expect(poll.buttons!.flat().map((b) => b.label)).toEqual(['Monday', 'Tuesday', 'Friday']);
    // Buttons carry ids only: well inside Telegram's 64 bytes of callback data.
    for (const b of poll.buttons!.flat()) expect(Buffer.byteLength(`${b.action}|${b.data}`)).toBeLessThanOrEqual(64);
    const stored = await h.prisma.poll.findFirstOrThrow({ include: { options: true, messages: true } });
    expect(stored.options.map((o) => o.label)).toEqual(['Monday', 'Tuesday', 'Friday']);
    expect(stored.messages).toHaveLength(1);
  });

  it('GIVEN a poll written in Persian THEN its language is Persian whatever the chair reads the bot in', async () => {
    const { chair } = await communityWithChair(h);
    await chair.says('/poll کدام روز مناسب است؟ | شنبه | یکشنبه', GROUP);
    expect((await h.prisma.poll.findFirstOrThrow()).language).toBe('fa');
  });

  it('GIVEN /poll without arguments THEN the guided form asks question and options, toggles settings and posts the poll', async () => {
    const { chair } = await communityWithChair(h);
    expect(texts(await chair.says('/poll', GROUP))).toContain("poll's question");
    expect(texts(await chair.says('Which training first?', GROUP))).toContain('send the options');
    await chair.says('Cataloguing', GROUP);
    const [added] = await chair.says('Koha | DSpace', GROUP);
    expect(added!.text).toContain('3 options so far');
    const [settings] = await chair.presses(added, 'Done', GROUP);
    const [toggled] = await chair.presses(settings, '⬜ Anonymous', GROUP);
    expect(toggled!.buttons!.flat().map((b) => b.label)).toContain('✅ Anonymous');
    const posted = await chair.presses(toggled, 'Post the poll', GROUP);
    expect(pollMessage(posted).text).toContain('Which training first?');
    const poll = await h.prisma.poll.findFirstOrThrow({ include: { options: true } });
    expect(poll.anonymous).toBe(true);
    expect(poll.options.map((o) => o.label)).toEqual(['Cataloguing', 'Koha', 'DSpace']);
    expect(await h.prisma.conversation.count()).toBe(0);
  });
});

describe('bad input is refused clearly and nothing is stored', () => {
  const cases: Array<[string, string, string]> = [
    ['one option', '/poll Which day? | Monday', 'at least 2 options'],
    [
      'eleven options',
      `/poll Q | ${Array.from({ length: 11 }, (_, i) => `Option ${i + 1}`).join(' | ')}`,
      'at most 10 options',
    ],
    ['an option over the platform limit', `/poll Q | A | ${'x'.repeat(81)}`, 'at most 80 characters'],
    ['--until in the past', '/poll Q | A | B --until 2020-01-01 10:00', 'is already past'],
    ['an unknown flag', '/poll Q | A | B --native', "I don't know the setting --native"],
  ];
  for (const [what, command, answer] of cases) {
    it(`GIVEN ${what} THEN the chair is told why and no poll is stored`, async () => {
      const { chair } = await communityWithChair(h);
      expect(texts(await chair.says(command, GROUP))).toContain(answer);
      expect(await h.prisma.poll.count()).toBe(0);
      expect(await h.prisma.shortNumber.count()).toBe(0);
    });
  }

  it('GIVEN a plain member WHEN /poll THEN it is refused and nothing is stored', async () => {
    await communityWithChair(h);
    const sara = await member(h, 'sara');
    expect(texts(await sara.says('/poll Q | A | B', GROUP))).toContain('/poll is only for: chair.');
    expect(await h.prisma.poll.count()).toBe(0);
  });

  it('GIVEN a forged button naming another community’s poll THEN the press is refused and no vote is stored', async () => {
    const { chair } = await communityWithChair(h);
    const poll = pollMessage(await chair.says('/poll Q | A | B', GROUP));
    const otherAdmin = h.person('other-admin', { admin: true });
    await otherAdmin.says('/setup new Another network', OTHER_GROUP);
    const outsider = h.person('outsider');
    await outsider.says('/start');
    await outsider.says('/help', OTHER_GROUP);
    const forged = outsider.event({ type: 'action', action: 'poll.v', data: poll.buttons![0]![0]!.data! }, OTHER_GROUP);
    expect(texts(await h.deliver(forged))).toContain('does not belong to a poll of your community');
    // The same forgery in a private chat, by someone who is not a member of the poll's community.
    const inPrivate = outsider.event(
      { type: 'action', action: 'poll.v', data: poll.buttons![0]![0]!.data! },
      privateChat('outsider'),
    );
    expect(texts(await h.deliver(inPrivate))).toContain('does not belong to a poll of your community');
    const garbled = outsider.event({ type: 'action', action: 'poll.v', data: '1; DROP' }, OTHER_GROUP);
    expect(texts(await h.deliver(garbled))).toContain('no longer valid');
    expect(await h.prisma.pollVote.count()).toBe(0);
  });
});

describe('voting', () => {
  it('GIVEN a single-answer poll WHEN a member votes twice THEN the second vote replaces the first', async () => {
    const { chair } = await communityWithChair(h);
    const poll = pollMessage(await chair.says('/poll Which day? | Monday | Tuesday', GROUP));
    const sara = await member(h, 'sara');
    const first = await sara.presses(poll, 'Monday', GROUP);
    expect(first.find((m) => m.chatId === 'dm-sara')?.text).toContain('Your vote in poll #1: Monday');
    expect(first.some((m) => m.chatId === GROUP.chatId)).toBe(false); // no group message per vote
    await sara.presses(poll, 'Tuesday', GROUP);
    const votes = await h.prisma.pollVote.findMany({ include: { option: true } });
    expect(votes.map((v) => v.option.label)).toEqual(['Tuesday']);
    expect(votes[0]!.platform).toBe('test');
  });

  it('GIVEN a multiple-answer poll WHEN a member presses options THEN each press toggles that option', async () => {
    const { chair } = await communityWithChair(h);
    const poll = pollMessage(await chair.says('/poll Which software? | Koha | DSpace | Greenstone --multi', GROUP));
    const sara = await member(h, 'sara');
    await sara.presses(poll, 'Koha', GROUP);
    const both = await sara.presses(poll, 'DSpace', GROUP);
    expect(texts(both)).toContain('Your choices in poll #1: Koha and DSpace');
    await sara.presses(poll, 'Koha', GROUP);
    const votes = await h.prisma.pollVote.findMany({ include: { option: true } });
    expect(votes.map((v) => v.option.label)).toEqual(['DSpace']);
    const none = await sara.presses(poll, 'DSpace', GROUP);
    expect(texts(none)).toContain('You took back all your choices');
    expect(await h.prisma.pollVote.count()).toBe(0);
  });

  it('GIVEN a closed poll WHEN a member presses an option THEN the press is refused with a message and nothing changes', async () => {
    const { chair } = await communityWithChair(h);
    const poll = pollMessage(await chair.says('/poll Which day? | Monday | Tuesday', GROUP));
    const sara = await member(h, 'sara');
    await sara.presses(poll, 'Monday', GROUP);
    const closing = await chair.says('/results 1 close', GROUP);
    expect(texts(closing)).toContain('Poll #1 is closed');
    const late = await sara.presses(poll, 'Tuesday', GROUP);
    expect(texts(late)).toContain('Poll #1 is closed: votes are no longer accepted.');
    const votes = await h.prisma.pollVote.findMany({ include: { option: true } });
    expect(votes.map((v) => v.option.label)).toEqual(['Monday']);
    expect(texts(await chair.says('/results 1 close', GROUP))).toContain('#1 is already closed');
  });

  it('GIVEN 100 members voting at the same moment THEN the tally is exact', async () => {
    const { chair } = await communityWithChair(h);
    const poll = pollMessage(await chair.says('/poll Which day? | Monday | Tuesday | Friday', GROUP));
    const buttons = poll.buttons!.flat();
    const people = Array.from({ length: 100 }, (_, i) => h.person(`voter-${i}`));
    await Promise.all(
      people.map((person, i) => {
        const button = buttons[i % 3]!;
        return h.app.bot.handle(person.event({ type: 'action', action: button.action, data: button.data! }, GROUP));
      }),
    );
    await h.app.outbox.drain();
    const counts = await h.prisma.pollVote.groupBy({ by: ['optionId'], _count: true, orderBy: { optionId: 'asc' } });
    expect(counts.map((c) => c._count)).toEqual([34, 33, 33]);
    const results = texts(await chair.says('/results 1', GROUP));
    expect(results).toContain('Monday — 34 (34%)');
    expect(results).toContain('Tuesday — 33 (33%)');
    expect(results).toContain('100 voters of 101 members (99%)');
  });
});

describe('live tally', () => {
  it('GIVEN votes between edits THEN one edit per interval shows them, and the latest tally ends up shown', async () => {
    await h.app.scheduler.stop(); // this test moves the clock itself: no background flush in between
    const { chair } = await communityWithChair(h);
    const poll = pollMessage(await chair.says('/poll Which day? | Monday | Tuesday', GROUP));
    const [a, b, c] = [await member(h, 'a'), await member(h, 'b'), await member(h, 'c')];
    const t0 = new Date(Date.now() + 60_000);
    await a.presses(poll, 'Monday', GROUP);
    await b.presses(poll, 'Monday', GROUP);
    await flush(t0);
    expect(editsOf(h, poll)).toHaveLength(1); // two votes, one edit
    expect(shownText(h, GROUP.chatId, poll)).toContain('Monday — 2 (100%)');

    await c.presses(poll, 'Tuesday', GROUP);
    await flush(new Date(t0.getTime() + 1000)); // too soon after the last edit: coalesced, not sent
    expect(editsOf(h, poll)).toHaveLength(1);
    await flush(new Date(t0.getTime() + TALLY_EDIT_INTERVAL_MS + 1000));
    expect(editsOf(h, poll)).toHaveLength(2);
    expect(shownText(h, GROUP.chatId, poll)).toContain('Tuesday — 1 (33%)');
    expect(editsOf(h, poll).at(-1)!.buttons!.flat()).toHaveLength(2);
  });
});

describe('--hide', () => {
  it('GIVEN a hidden poll THEN no counts are shown or edited in until it closes, and then they are', async () => {
    const { chair } = await communityWithChair(h);
    const poll = pollMessage(await chair.says('/poll Which day? | Monday | Tuesday --hide', GROUP));
    expect(poll.text).not.toMatch(/\(\d+%\)/);
    expect(poll.text).toContain('hidden until the poll closes');
    const sara = await member(h, 'sara');
    await sara.presses(poll, 'Monday', GROUP);
    await flush(new Date(Date.now() + 60_000));
    await h.app.services.polls.sweepTallies(new Date(Date.now() + 120_000));
    await h.app.outbox.drain();
    expect(editsOf(h, poll)).toHaveLength(0);
    const inGroup = await chair.says('/results 1', GROUP);
    expect(texts(inGroup)).not.toContain('Monday — 1');
    expect(texts(inGroup)).toContain('1 voter of 2 members');
    expect(inGroup[0]!.file).toBeUndefined();
    // The chair may look privately; members in the group may not.
    expect(texts(await chair.says('/results 1'))).toContain('Monday — 1 (100%)');
    const closing = await chair.says('/results 1 close', GROUP);
    expect(texts(closing)).toContain('Monday — 1 (100%)');
    expect(shownText(h, GROUP.chatId, poll)).toContain('Monday — 1 (100%)');
  });
});

describe('--everywhere', () => {
  it('GIVEN two groups of one community THEN the poll is posted in both and both show one merged tally', async () => {
    const { chair } = await communityWithChair(h);
    await h.person('admin-2', { admin: true }).says(`/setup join ${await joinCodeFrom(chair)}`, OTHER_GROUP);
    const replies = await chair.says('/poll Which day? | Monday | Tuesday --everywhere', GROUP);
    expect(texts(replies)).toContain('posted in 2 chats');
    const inFirst = pollMessage(replies.filter((m) => m.chatId === GROUP.chatId));
    const inSecond = pollMessage(replies.filter((m) => m.chatId === OTHER_GROUP.chatId));
    const sara = await member(h, 'sara');
    const oleg = h.person('oleg');
    await oleg.says('/help', OTHER_GROUP);
    await sara.presses(inFirst, 'Monday', GROUP);
    await oleg.presses(inSecond, 'Tuesday', OTHER_GROUP);
    await flush(new Date(Date.now() + 60_000));
    for (const [chat, message] of [
      [GROUP, inFirst],
      [OTHER_GROUP, inSecond],
    ] as const) {
      const shown = shownText(h, chat.chatId, message);
      expect(shown).toContain('Monday — 1 (50%)');
      expect(shown).toContain('Tuesday — 1 (50%)');
    }
    expect(await h.prisma.poll.count()).toBe(1);
    const results = texts(await chair.says('/results 1'));
    expect(results).toContain('2 voters');
  });
});

describe('deadline', () => {
  it('GIVEN --until 2h WHEN the scheduler runs with the clock past it THEN the poll closes once and its result with a chart is posted', async () => {
    const { chair } = await communityWithChair(h);
    const poll = pollMessage(await chair.says('/poll Which day? | Monday | Tuesday --until 2h', GROUP));
    const sara = await member(h, 'sara');
    await sara.presses(poll, 'Tuesday', GROUP);
    const deadlines = (at: Date) => pollJobs(h.app.services, () => at).find((j) => j.name === 'poll-deadlines')!;
    const before = h.adapter.sent.length;
    await h.app.scheduler.runOnce(deadlines(new Date(Date.now() + 3600_000)));
    await h.app.outbox.drain();
    expect((await h.prisma.poll.findFirstOrThrow()).closedAt).toBeNull();

    await h.app.scheduler.runOnce(deadlines(new Date(Date.now() + 3 * 3600_000)));
    await h.app.scheduler.runOnce(deadlines(new Date(Date.now() + 4 * 3600_000)));
    await h.app.outbox.drain();
    const after = h.adapter.sent.slice(before).filter((m) => !m.replaceMessageId);
    const finals = after.filter((m) => m.text.includes('Poll #1 is closed'));
    expect(finals).toHaveLength(1);
    expect(finals[0]!.text).toContain('Tuesday — 1 (100%)');
    expect(finals[0]!.file?.mimeType).toBe('image/png');
    expect(finals[0]!.file?.isImage).toBe(true);
    expect(shownText(h, GROUP.chatId, poll)).toContain('Closed');
    expect(editsOf(h, poll).at(-1)!.buttons).toEqual([]);
    const stored = await h.prisma.poll.findFirstOrThrow();
    expect(stored.closedAt).not.toBeNull();
    expect(stored.announcedAt).not.toBeNull();
  });
});

describe('nudges', () => {
  it('GIVEN members who voted, who can be reached and who cannot THEN /nudge reminds the reachable non-voters privately and counts the rest', async () => {
    const { chair } = await communityWithChair(h);
    const poll = pollMessage(await chair.says('/poll Which day? | Monday | Tuesday', GROUP));
    const voter = await member(h, 'voter');
    await voter.presses(poll, 'Monday', GROUP);
    await member(h, 'reachable');
    await member(h, 'silent', { reachable: false });
    await member(h, 'blocker');
    await h.prisma.chat.updateMany({ where: { externalId: 'dm-blocker' }, data: { unreachableAt: new Date() } });

    const replies = await chair.says('/nudge 1', GROUP);
    expect(texts(replies)).toContain('#1: 2 members reminded privately; 2 members I cannot write to');
    const reminders = replies.filter((m) => m.text.includes('you have not voted yet'));
    expect(reminders.map((m) => m.chatId).sort()).toEqual(['dm-chair', 'dm-reachable']);
    expect(reminders[0]!.buttons!.flat().map((b) => b.label)).toEqual(['Monday', 'Tuesday']);
    // A reminded member can vote from the private chat.
    const reachable = h.person('reachable');
    const reminder = reminders.find((m) => m.chatId === 'dm-reachable');
    expect(texts(await reachable.presses(reminder, 'Tuesday'))).toContain('Your vote in poll #1: Tuesday');
    expect(await h.prisma.pollVote.count()).toBe(2);
  });

  it('GIVEN many members who did not vote THEN /nudge writes their reminders together, one message per language, for the outbox to send in batches', async () => {
    const { chair } = await communityWithChair(h);
    pollMessage(await chair.says('/poll Which day? | Monday | Tuesday', GROUP));
    for (const name of ['ana', 'bob', 'cyrus']) await member(h, name);
    await h.prisma.member.updateMany({ where: { displayName: 'cyrus' }, data: { language: 'fa' } });
    const enqueue = vi.spyOn(h.app.outbox, 'enqueue');
    const handOver = vi.spyOn(h.app.outbox, 'handOver');
    const before = h.adapter.sent.length;

    const replies = await chair.says('/nudge 1', GROUP);
    expect(texts(replies)).toContain('#1: 4 members reminded privately');
    // Not one enqueue (one commit, one send in hand) per member: the rows were written in one statement.
    const enqueuedTexts = enqueue.mock.calls.map(([, message]) => message.text);
    expect(enqueuedTexts.filter((text) => text.includes('you have not voted yet'))).toEqual([]);
    expect(handOver).toHaveBeenCalledWith(4);
    const nudgeIds = h.adapter.sent.flatMap((m, k) =>
      k >= before && m.buttons && m.chatId.startsWith('dm-') ? [String(k + 1)] : [],
    );
    const nudges = await h.prisma.outboxMessage.findMany({ where: { platformMessageId: { in: nudgeIds } } });
    expect(nudges.map((r) => r.chatId).sort()).toEqual(['dm-ana', 'dm-bob', 'dm-chair', 'dm-cyrus']);
    // One statement in one transaction: the rows share its time.
    expect(new Set(nudges.map((r) => r.createdAt.getTime())).size).toBe(1);
    expect(nudges.every((r) => r.status === 'sent')).toBe(true);
    const persian = replies.find((m) => m.chatId === 'dm-cyrus');
    expect(persian?.text).not.toContain('you have not voted yet');
  });

  it('GIVEN an anonymous poll THEN /nudge reminds those whose keyed ballot is not there, and not the voter', async () => {
    const { chair } = await communityWithChair(h);
    const poll = pollMessage(await chair.says('/poll Which day? | Monday | Tuesday --anon', GROUP));
    const voter = await member(h, 'voter');
    await voter.presses(poll, 'Monday', GROUP);
    await member(h, 'reachable');
    const replies = await chair.says('/nudge 1', GROUP);
    expect(texts(replies)).toContain('#1: 2 members reminded privately');
    const reminded = replies.filter((m) => m.text.includes('you have not voted yet')).map((m) => m.chatId);
    expect(reminded.sort()).toEqual(['dm-chair', 'dm-reachable']);
  });

  it('GIVEN --until WHEN the automatic reminder is due THEN the scheduler sends it once and tells the chair the counts', async () => {
    const { chair } = await communityWithChair(h);
    await chair.says('/poll Which day? | Monday | Tuesday --until 3d', GROUP);
    await member(h, 'reachable');
    await member(h, 'silent', { reachable: false });
    const stored = await h.prisma.poll.findFirstOrThrow();
    expect(stored.closesAt!.getTime() - stored.nudgeAt!.getTime()).toBe(24 * 3600_000);
    const deadlines = pollJobs(h.app.services, () => new Date(stored.nudgeAt!.getTime() + 1000)).find(
      (j) => j.name === 'poll-deadlines',
    )!;
    const before = h.adapter.sent.length;
    await h.app.scheduler.runOnce(deadlines);
    await h.app.scheduler.runOnce(deadlines);
    await h.app.outbox.drain();
    const sent = h.adapter.sent.slice(before);
    expect(
      sent
        .filter((m) => m.text.includes('you have not voted yet'))
        .map((m) => m.chatId)
        .sort(),
    ).toEqual(['dm-chair', 'dm-reachable']);
    expect(sent.find((m) => m.text.startsWith('Automatic reminder'))?.text).toContain(
      '2 members reminded; 1 cannot be reached',
    );
  });
});

describe('export', () => {
  it('GIVEN a named poll THEN /export sends privately a UTF-8 CSV with BOM, one row per vote with time, platform, member and option', async () => {
    const { chair } = await communityWithChair(h);
    const poll = pollMessage(await chair.says('/poll کدام نرم‌افزار؟ | کوها | DSpace --multi', GROUP));
    const sara = await member(h, 'sara', { name: 'Sara Ahmadi' });
    await sara.presses(poll, 'کوها', GROUP);
    await sara.presses(poll, 'DSpace', GROUP);
    const replies = await chair.says('/export 1', GROUP);
    const file = replies.find((m) => m.file)!;
    expect(file.chatId).toBe('dm-chair');
    const bytes = Buffer.from(file.file!.contentBase64, 'base64');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trim().split('\n');
    expect(lines[0]).toBe('time,platform,member,option');
    expect(lines).toHaveLength(3);
    // In the community's zone (UTC here) with its offset, to the second.
    expect(lines[1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00,test,Sara Ahmadi \(#\d+\),کوها$/);
    expect(lines[2]).toContain(',DSpace');
  });

  it('GIVEN a poll of another community or no poll at all THEN /results, /export and /nudge say there is none', async () => {
    const { chair } = await communityWithChair(h);
    for (const command of ['/results 7', '/export 7', '/nudge ۷']) {
      expect(texts(await chair.says(command, GROUP))).toContain('There is no poll or survey #7 in this community.');
    }
    expect(texts(await chair.says('/results', GROUP))).toContain('Send /results ID');
  });
});
