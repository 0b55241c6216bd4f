import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GROUP, Harness, OTHER_GROUP, privateChat, texts } from '../../support/harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await Harness.create();
});
afterEach(async () => {
  await h.close();
});

async function communityWithAdmin() {
  const admin = h.person('admin', { name: 'Nasrin', admin: true });
  await admin.says('/start'); // opens the private chat, where join codes arrive
  await admin.says('/setup new University Libraries Network', GROUP);
  const sent = await admin.says('/setup code', GROUP);
  const code = /setup join (\w+)/.exec(sent.find((m) => m.chatId === privateChat('admin').chatId)!.text)?.[1];
  return { admin, code: code! };
}

describe('setup', () => {
  it('GIVEN a group admin WHEN /setup new NAME THEN the group belongs to a new community, the founder is its admin and no join code exists yet', async () => {
    const admin = h.person('admin', { name: 'Nasrin', admin: true });
    const [reply] = await admin.says('/setup new University Libraries Network', GROUP);
    expect(reply!.text).toContain('you are its admin');
    expect(reply!.text).toContain('/setup code');
    const chat = await h.prisma.chat.findUniqueOrThrow({
      where: { platform_externalId: { platform: 'test', externalId: GROUP.chatId } },
      include: { community: true },
    });
    expect(chat.community?.name).toBe('University Libraries Network');
    expect(chat.community?.joinCode).toBeNull();
    const membership = await h.prisma.membership.findFirstOrThrow();
    expect(membership.role).toBe('admin');
  });

  it('GIVEN a community WHEN another group is set up with its code by that group’s admin THEN both groups belong to it, the code is used up and the binder gets no role', async () => {
    const { code } = await communityWithAdmin();
    expect(code).toMatch(/^[A-Z2-9]{8}$/);
    const otherAdmin = h.person('other-admin', { admin: true });
    const replies = await otherAdmin.says(`/setup join ${code.toLowerCase()}`, OTHER_GROUP);
    expect(texts(replies)).toContain('now belongs to the community “University Libraries Network”');
    const communities = await h.prisma.chat.findMany({ where: { kind: 'group' }, select: { communityId: true } });
    expect(new Set(communities.map((c) => c.communityId)).size).toBe(1);
    expect((await h.prisma.community.findFirstOrThrow()).joinCode).toBeNull();
    await otherAdmin.says('/start', OTHER_GROUP);
    const binder = await h.prisma.membership.findFirstOrThrow({ where: { member: { displayName: 'other-admin' } } });
    expect(binder.role).toBe('member');
  });

  it('GIVEN a wrong join code THEN the admin is told and the group stays unbound', async () => {
    const admin = h.person('admin', { admin: true });
    const replies = await admin.says('/setup join NOPE1234', GROUP);
    expect(texts(replies)).toContain('The code “NOPE1234” does not work');
    expect(await h.prisma.community.count()).toBe(0);
  });

  it('GIVEN a plain member WHEN they send /setup THEN it is refused and nothing changes', async () => {
    const member = h.person('member');
    const replies = await member.says('/setup new Mine', GROUP);
    expect(texts(replies)).toContain('/setup is only for: admin');
    expect(await h.prisma.community.count()).toBe(0);
  });

  it('GIVEN /setup without arguments in an unbound group WHEN the admin presses New and types a name THEN the community is created', async () => {
    const admin = h.person('admin', { admin: true });
    const [menu] = await admin.says('/setup', GROUP);
    expect(menu!.buttons?.flat().map((b) => b.label)).toEqual(['New community', 'Join with a code']);
    const ask = await admin.presses(menu, 'New community', GROUP);
    expect(texts(ask)).toContain("community's name");
    const done = await admin.says('Hospital Library', GROUP);
    expect(texts(done)).toContain('“Hospital Library” is created');
  });

  it('GIVEN a bound group WHEN the admin sets the community zone and calendar THEN they are stored', async () => {
    const { admin } = await communityWithAdmin();
    await admin.says('/setup tz Asia/Tehran', GROUP);
    await admin.says('/setup calendar persian', GROUP);
    const community = await h.prisma.community.findFirstOrThrow();
    expect(community.timeZone).toBe('Asia/Tehran');
    expect(community.calendar).toBe('persian');
    const bad = await admin.says('/setup tz Mars/Olympus', GROUP);
    expect(texts(bad)).toContain('“Mars/Olympus” is not a time zone');
    expect((await h.prisma.community.findFirstOrThrow()).timeZone).toBe('Asia/Tehran');
  });
});

describe('start and help', () => {
  it('GIVEN a newcomer WHEN /start in private THEN they are registered and offered languages', async () => {
    const sara = h.person('sara', { name: 'Sara' });
    const [reply] = await sara.says('/start');
    expect(reply!.text).toContain('Hello, Sara!');
    expect(reply!.buttons?.flat().map((b) => b.data)).toEqual(['en', 'fa', 'vi', 'ru']);
    const identity = await h.prisma.identity.findUniqueOrThrow({
      where: { platform_externalId: { platform: 'test', externalId: 'sara' } },
    });
    expect(identity.privateChatId).toBe(privateChat('sara').chatId);
  });

  it('GIVEN a member and an admin WHEN each sends /help in the group THEN each sees only the commands they may use', async () => {
    const { admin } = await communityWithAdmin();
    const member = h.person('member');
    const memberHelp = texts(await member.says('/help', GROUP));
    const adminHelp = texts(await admin.says('/help', GROUP));
    expect(memberHelp).toContain('/committees');
    expect(memberHelp).not.toContain('/setup');
    expect(memberHelp).not.toContain('/role');
    expect(memberHelp).not.toContain('/committee —');
    expect(adminHelp).toContain('/setup');
    expect(adminHelp).toContain('/role');
    expect(memberHelp).toContain('/forgetme');
    expect(memberHelp).toContain('Privacy:');
  });

  it('GIVEN an unknown command THEN the member is told and pointed to /help', async () => {
    const replies = await h.person('x').says('/frobnicate now');
    expect(texts(replies)).toBe("I don't know the command /frobnicate. Send /help to see the commands.");
  });
});

describe('personal settings', () => {
  it('GIVEN /lang fa THEN the answer is Persian, right-to-left, and later replies stay Persian', async () => {
    const sara = h.person('sara');
    const [done] = await sara.says('/lang fa');
    expect(done!.text.startsWith('\u200F')).toBe(true);
    expect(done!.text).toContain('فارسی');
    const [help] = await sara.says('/help');
    expect(help!.text).toMatch(/[\u0600-\u06FF]/);
    const member = await h.prisma.member.findFirstOrThrow();
    expect(member.language).toBe('fa');
  });

  it('GIVEN /lang with an unknown language THEN it says how to do it right and stores nothing', async () => {
    const sara = h.person('sara');
    const replies = await sara.says('/lang klingon');
    expect(texts(replies)).toContain('/lang fa, /lang vi, /lang ru or /lang en');
    expect((await h.prisma.member.findFirstOrThrow()).language).toBeNull();
  });

  it('GIVEN a 50,000-character wrong argument THEN the one error message quotes only its start, cut with an ellipsis', async () => {
    const huge = 'x'.repeat(50_000);
    const replies = await h.person('sara').says(`/tz ${huge}`);
    expect(replies).toHaveLength(1);
    expect(texts(replies)).toContain(`${'x'.repeat(99)}…`);
    expect(texts(replies)).not.toContain('x'.repeat(100));
    expect((await h.prisma.member.findFirstOrThrow()).timeZone).toBeNull();
  });

  it('GIVEN /tz and /calendar THEN they are stored and echoed in the chosen calendar', async () => {
    const reza = h.person('reza');
    await reza.says('/tz Asia/Tehran');
    const [cal] = await reza.says('/calendar persian');
    const member = await h.prisma.member.findFirstOrThrow();
    expect(member.timeZone).toBe('Asia/Tehran');
    expect(member.calendar).toBe('persian');
    expect(cal!.text).toMatch(/Solar Hijri/);
    expect(cal!.text).toMatch(/14\d\d/);
  });

  it('GIVEN /tz without argument WHEN the member presses "Another zone" and types one THEN it is set', async () => {
    const lan = h.person('lan');
    const [menu] = await lan.says('/tz');
    await lan.presses(menu, 'Another zone…');
    const replies = await lan.says('Asia/Ho_Chi_Minh');
    expect(texts(replies)).toContain('Asia/Ho_Chi_Minh');
    expect((await h.prisma.member.findFirstOrThrow()).timeZone).toBe('Asia/Ho_Chi_Minh');
  });
});

describe('roles', () => {
  it('GIVEN an admin replying to a member with /role chair THEN the member becomes chair', async () => {
    const { admin } = await communityWithAdmin();
    const member = h.person('mina', { name: 'Mina' });
    await member.says('/start', GROUP);
    const replies = await h.deliver(
      admin.event(
        { type: 'command', name: 'role', args: 'chair', target: { userId: 'mina', displayName: 'Mina' } },
        GROUP,
      ),
    );
    expect(texts(replies)).toBe('Mina is now chair.');
    const membership = await h.prisma.membership.findFirstOrThrow({ where: { member: { displayName: 'Mina' } } });
    expect(membership.role).toBe('chair');
  });

  it('GIVEN a member WHEN they try /role THEN it is refused and no role changes', async () => {
    await communityWithAdmin();
    const member = h.person('mina', { name: 'Mina' });
    const replies = await member.says('/role chair Mina', GROUP);
    expect(texts(replies)).toContain('only for: admin');
    const membership = await h.prisma.membership.findFirstOrThrow({ where: { member: { displayName: 'Mina' } } });
    expect(membership.role).toBe('member');
  });
});

describe('committees', () => {
  it('GIVEN a chair creates a committee THEN members join and leave it by name and by button', async () => {
    const { admin } = await communityWithAdmin();
    const mina = h.person('mina', { name: 'Mina' });
    await mina.says('/start', GROUP);
    await admin.says('/role chair Mina', GROUP);
    expect(texts(await mina.says('/committee add Newsletter', GROUP))).toContain('“Newsletter” is created');

    const reza = h.person('reza', { name: 'Reza' });
    expect(texts(await reza.says('/join newsletter', GROUP))).toContain('You joined the committee “Newsletter”');
    const [list] = await reza.says('/committees', GROUP);
    expect(list!.text).toContain('Newsletter (1 member) — you are in it');
    const left = await reza.presses(list, 'Leave Newsletter', GROUP);
    expect(texts(left)).toContain('You left the committee “Newsletter”');
    expect(await h.prisma.committeeMembership.count()).toBe(0);
  });

  it('GIVEN a forged committee id on a button THEN it is refused and nothing is written', async () => {
    await communityWithAdmin();
    const reza = h.person('reza');
    const replies = await h.deliver(reza.event({ type: 'action', action: 'cmt.join', data: '999' }, GROUP));
    expect(texts(replies)).toContain('There is no committee');
    const garbled = await h.deliver(reza.event({ type: 'action', action: 'cmt.join', data: 'x; DROP' }, GROUP));
    expect(texts(garbled)).toContain('no longer valid');
    expect(await h.prisma.committeeMembership.count()).toBe(0);
  });

  it('GIVEN /committee add without a name WHEN the bot restarts before the name is typed THEN the flow goes on', async () => {
    const { admin } = await communityWithAdmin();
    expect(texts(await admin.says('/committee add', GROUP))).toContain("new committee's name");
    await h.restart();
    const replies = await admin.says('Documentation', GROUP);
    expect(texts(replies)).toContain('“Documentation” is created');
    expect(await h.prisma.conversation.count()).toBe(0);
  });

  it('GIVEN a flow in progress WHEN /cancel THEN it stops and nothing is saved', async () => {
    const { admin } = await communityWithAdmin();
    await admin.says('/committee add', GROUP);
    expect(texts(await admin.says('/cancel', GROUP))).toBe('Stopped. Nothing was saved.');
    expect(texts(await admin.says('Documentation', GROUP))).toBe('');
    expect(await h.prisma.committee.count()).toBe(0);
  });
});

describe('link', () => {
  it('GIVEN a code made on one platform WHEN typed by the same person on another THEN both identities are one member', async () => {
    const { admin } = await communityWithAdmin();
    await admin.says('/start'); // opens the private chat
    const [codeMessage] = await admin.says('/link', GROUP);
    const code = /Your link code: (\w+)/.exec(codeMessage!.text)?.[1];
    expect(codeMessage!.chatId).toBe(privateChat('admin').chatId);
    expect(code).toBeDefined();

    const onDiscord = h.person('admin-on-discord', { name: 'Nasrin D' });
    await onDiscord.says('/start');
    const replies = await onDiscord.says(`/link ${code}`);
    expect(texts(replies)).toContain('Linked');
    const identities = await h.prisma.identity.findMany();
    expect(new Set(identities.map((i) => i.memberId)).size).toBe(1);
    expect(await h.prisma.member.count()).toBe(1);
    expect(await h.prisma.linkCode.count()).toBe(0);
  });

  it('GIVEN votes under both accounts WHEN they are linked THEN one ballot per poll remains, owned by the linked member', async () => {
    const { admin } = await communityWithAdmin();
    const [both] = await admin.says('/poll Both voted? | Yes | No', GROUP);
    const [onlyOther] = await admin.says('/poll Only the other voted? | Yes | No', GROUP);
    const telegram = h.person('sara-telegram', { name: 'Sara' });
    const discord = h.person('sara-discord', { name: 'Sara D' });
    await telegram.says('/start');
    await telegram.presses(both, 0, GROUP);
    await discord.presses(both, 1, GROUP);
    await discord.presses(onlyOther, 0, GROUP);
    // The live tallies of the polls may go out in the same drain: the code is whichever reply holds it.
    const code = /Your link code: (\w+)/.exec(texts(await telegram.says('/link')))![1];
    expect(texts(await discord.says(`/link ${code}`))).toContain('Linked');

    const survivor = await h.prisma.identity.findFirstOrThrow({ where: { externalId: 'sara-telegram' } });
    const votes = await h.prisma.pollVote.findMany({ orderBy: { pollId: 'asc' } });
    expect(votes.map((v) => [v.memberId, v.voter])).toEqual([
      [survivor.memberId, String(survivor.memberId)],
      [survivor.memberId, String(survivor.memberId)],
    ]);
    // Voting again replaces the moved ballot instead of adding a second one.
    await discord.presses(onlyOther, 1, GROUP);
    expect(await h.prisma.pollVote.count()).toBe(2);
  });

  it('GIVEN a wrong code THEN nothing is merged', async () => {
    const a = h.person('a');
    await a.says('/start');
    expect(texts(await a.says('/link ZZZZZZ'))).toContain('wrong or has expired');
    expect(await h.prisma.member.count()).toBe(1);
  });

  it('GIVEN /link in a group from someone who never opened a private chat THEN no code is made', async () => {
    await communityWithAdmin();
    const reza = h.person('reza');
    expect(texts(await reza.says('/link', GROUP))).toContain("can't write to you privately");
    expect(await h.prisma.linkCode.count()).toBe(0);
  });
});

describe('redelivered events', () => {
  it('GIVEN the same update delivered twice THEN it is handled once', async () => {
    const { admin } = await communityWithAdmin();
    const event = admin.event({ type: 'command', name: 'committee', args: 'add Assessments' }, GROUP, 'update-42');
    expect(texts(await h.deliver(event))).toContain('is created');
    expect(await h.deliver({ ...event })).toEqual([]);
    expect(await h.prisma.committee.count()).toBe(1);
  });
});
