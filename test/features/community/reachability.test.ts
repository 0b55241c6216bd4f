import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MeetingRepository } from '../../../src/features/meetings/meeting-repository.ts';
import { GROUP, Harness, OTHER_GROUP, privateChat, texts } from '../../support/harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await Harness.create();
});
afterEach(async () => {
  await h.close();
});

const BLOCKED = { ok: false as const, kind: 'permanent' as const, error: 'Forbidden: bot was blocked by the user' };

/** A community with a chair (known privately), Alice (reachable), Bob (never opened a private chat). */
async function community() {
  const admin = h.person('admin', { name: 'Nasrin', admin: true });
  await admin.says('/setup new Librarians', GROUP);
  await admin.says('/start');
  const chair = h.person('chair', { name: 'Hoa' });
  await chair.says('/start', GROUP);
  await chair.says('/start');
  await h.prisma.membership.updateMany({
    where: { member: { identities: { some: { externalId: 'chair' } } } },
    data: { role: 'chair' },
  });
  const alice = h.person('alice', { name: 'Alice' });
  await alice.says('/start', GROUP);
  await alice.says('/start');
  const bob = h.person('bob', { name: 'Bob' });
  await bob.says('/start', GROUP);
  return { admin, chair, alice, bob };
}

/** Carol joins, opens a private chat, then blocks the bot: the next private send to her fails for good. */
async function carolWhoBlockedTheBot() {
  const carol = h.person('carol', { name: 'Carol' });
  await carol.says('/start', GROUP);
  await carol.says('/start');
  h.adapter.failures.push(BLOCKED);
  await carol.says('/help');
  return carol;
}

describe('/unreachable: who the bot cannot reach, for chairs', () => {
  it('GIVEN a member who blocked the bot and one who never opened a private chat WHEN a chair asks in the group THEN the chair gets privately who, on which platform, since when and why', async () => {
    const { chair } = await community();
    await carolWhoBlockedTheBot();
    const sent = await chair.says('/unreachable', GROUP);
    expect(texts(sent.filter((m) => m.chatId === GROUP.chatId))).toContain('I sent it to you in a private chat.');
    const report = texts(sent.filter((m) => m.chatId === privateChat('chair').chatId));
    expect(report).toContain('Who the bot cannot reach in Librarians:');
    expect(report).toMatch(
      /1 member refuses the bot’s private messages[^\n]*\n• Carol \(test\), since [^:]+: Forbidden: bot was blocked by the user/,
    );
    expect(report).toMatch(/1 member has never opened a private chat with the bot[^\n]*\n• Bob(\n|$)/);
    expect(report).not.toContain('Alice');
    expect(report).not.toContain('Hoa');
  });

  it('GIVEN a member who blocked the bot WHEN they write to the bot again THEN their chat is reachable again and the chair no longer sees them', async () => {
    const { chair } = await community();
    const carol = await carolWhoBlockedTheBot();
    const blocked = await h.prisma.chat.findFirstOrThrow({ where: { externalId: privateChat('carol').chatId } });
    expect(blocked.unreachableAt).not.toBeNull();

    const again = await carol.says('/start');
    expect(again.map((m) => m.chatId)).toContain(privateChat('carol').chatId);
    const chat = await h.prisma.chat.findFirstOrThrow({ where: { externalId: privateChat('carol').chatId } });
    expect(chat.unreachableAt).toBeNull();
    expect(chat.unreachableReason).toBeNull();
    expect(texts(await chair.says('/unreachable'))).not.toContain('Carol');
  });

  it('GIVEN the bot removed from one group and refused by another THEN both are listed with what to do', async () => {
    const { admin, chair } = await community();
    const [joined] = await admin.says('/setup new Other', OTHER_GROUP);
    expect(joined).toBeDefined();
    // Bind the second group to the same community, then make Telegram refuse it for good.
    const first = await h.prisma.chat.findFirstOrThrow({ where: { externalId: GROUP.chatId } });
    await h.prisma.chat.updateMany({
      where: { externalId: OTHER_GROUP.chatId },
      data: {
        communityId: first.communityId,
        unreachableAt: new Date(),
        unreachableReason: 'Bad Request: chat not found',
      },
    });
    await h.deliver(admin.event({ type: 'membership', change: 'bot-removed' }, GROUP));
    const report = texts(await chair.says('/unreachable'));
    expect(report).toMatch(/2 groups of the community the bot cannot post in:/);
    expect(report).toContain('• Librarians (test): the bot was removed from it; add it back to resume');
    expect(report).toMatch(/• Committee \(test\), since [^:]+: Bad Request: chat not found/);
  });

  it('GIVEN everyone reachable THEN the chair is told so; GIVEN a Persian chair THEN the report is in Persian', async () => {
    const { chair, bob } = await community();
    await bob.says('/start');
    expect(texts(await chair.says('/unreachable'))).toContain('The bot can reach every member privately');
    await chair.says('/lang fa');
    await carolWhoBlockedTheBot();
    const report = texts(await chair.says('/unreachable'));
    expect(report).toContain('پیام‌های خصوصی بات را نمی‌پذیرند');
    expect(report).toContain('Carol');
  });

  it('GIVEN a plain member THEN /unreachable is refused and names no one', async () => {
    const { alice } = await community();
    await carolWhoBlockedTheBot();
    const reply = texts(await alice.says('/unreachable'));
    expect(reply).toContain('/unreachable is only for: chair.');
    expect(reply).not.toContain('Carol');
  });
});

describe('committee reminders and blocked private chats', () => {
  it('GIVEN a committee member who blocked the bot on one platform but not on another THEN reminders go to the one that still reaches them', async () => {
    const { chair } = await community();
    const carol = await carolWhoBlockedTheBot();
    const member = await h.prisma.member.findFirstOrThrow({
      where: { identities: { some: { externalId: carol.userId } } },
    });
    await h.prisma.identity.create({
      data: {
        platform: 'other',
        externalId: 'carol-2',
        displayName: 'Carol',
        privateChatId: 'dm-carol-2',
        memberId: member.id,
      },
    });
    await chair.says('/committee add Newsletter');
    const committee = await h.prisma.committee.findFirstOrThrow();
    await h.prisma.committeeMembership.create({ data: { committeeId: committee.id, memberId: member.id } });

    const targets = await new MeetingRepository(h.prisma).findTargets({
      communityId: committee.communityId,
      audience: 'committee',
      chatId: null,
      committeeId: committee.id,
    });
    expect(targets).toEqual([{ platform: 'other', chatId: 'dm-carol-2', memberId: member.id }]);
  });
});
