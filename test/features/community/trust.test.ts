import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatRef } from '../../../src/core/event.ts';
import type { SentMessage } from '../../support/memory-adapter.ts';
import { GROUP, Harness, OTHER_GROUP, privateChat, texts } from '../../support/harness.ts';

/**
 * The takeover an audit reproduced (issue 14, item 1), step by step: a member reads the join code,
 * binds a group of her own with it, becomes admin there, and demotes the founder with /role. Each step
 * must now fail on its own, with a reply that says why.
 */
const THIRD_GROUP: ChatRef = { platform: 'test', chatId: 'group-3', kind: 'group', title: 'Mallory’s group' };
const CODE = /\b[A-Z2-9]{8}\b/;

let h: Harness;
beforeEach(async () => {
  h = await Harness.create();
});
afterEach(async () => {
  await h.close();
});

/** Nasrin founds the community in GROUP; Mallory is a plain member there who owns a group of her own. */
async function founderAndMember() {
  const founder = h.person('nasrin', { name: 'Nasrin', admin: true });
  await founder.says('/start');
  await founder.says('/setup new Ketabdaran', GROUP);
  const mallory = h.person('mallory', { name: 'Mallory' });
  await mallory.says('/start', GROUP);
  await mallory.says('/start');
  // The same person as the administrator of her own (or any other) group: the platform says so there.
  const malloryAsChatAdmin = h.person('mallory', { name: 'Mallory', admin: true });
  return { founder, mallory, malloryAsChatAdmin };
}

async function codeFor(founder: ReturnType<Harness['person']>): Promise<string> {
  const sent = await founder.says('/setup code', GROUP);
  const code = sent.find((m) => m.chatId === privateChat('nasrin').chatId)?.text.match(/setup join (\w+)/)?.[1];
  if (!code) throw new Error(`no code in ${texts(sent)}`);
  return code;
}

async function roleOf(userId: string): Promise<string | undefined> {
  const membership = await h.prisma.membership.findFirst({
    where: { member: { identities: { some: { externalId: userId } } } },
  });
  return membership?.role;
}

function inChat(messages: SentMessage[], chat: ChatRef): SentMessage[] {
  return messages.filter((m) => m.chatId === chat.chatId);
}

describe('step 1: a member cannot read the join code', () => {
  it('GIVEN /setup new and /setup code THEN no code is ever posted in the group, only sent to the admin privately', async () => {
    const founder = h.person('nasrin', { name: 'Nasrin', admin: true });
    await founder.says('/start');
    const created = await founder.says('/setup new Ketabdaran', GROUP);
    expect(texts(created)).not.toMatch(CODE);
    const shown = await founder.says('/setup', GROUP);
    expect(texts(shown)).not.toMatch(CODE);

    const sent = await founder.says('/setup code', GROUP);
    expect(texts(inChat(sent, GROUP))).toBe('I sent it to you in a private chat.');
    const [privately] = inChat(sent, privateChat('nasrin'));
    expect(privately!.text).toMatch(/Join code of “Ketabdaran”: [A-Z2-9]{8}/);
    expect(privately!.text).toContain('It works once');
  });

  it('GIVEN a member, or a chat admin who is only a member, WHEN they ask for the code THEN they are refused and no code is made', async () => {
    const { mallory, malloryAsChatAdmin } = await founderAndMember();
    expect(texts(await mallory.says('/setup code', GROUP))).toContain('/setup is only for:');
    const asChatAdmin = await malloryAsChatAdmin.says('/setup code', GROUP);
    expect(texts(asChatAdmin)).toBe('/setup code is only for: admin.');
    const menu = await malloryAsChatAdmin.says('/setup', GROUP);
    expect(texts(menu)).toContain('As an administrator of this group you may unbind it');
    expect(texts(menu)).not.toMatch(CODE);
    const pressed = await h.deliver(
      malloryAsChatAdmin.event({ type: 'action', action: 'setup.code', data: '' }, GROUP),
    );
    expect(texts(pressed)).toBe('This button is only for: admin.');
    expect((await h.prisma.community.findFirstOrThrow()).joinCode).toBeNull();
  });

  it('GIVEN an admin who never opened a private chat WHEN /setup code THEN no code is made and they are told how to get it', async () => {
    const founder = h.person('nasrin', { name: 'Nasrin', admin: true });
    await founder.says('/setup new Ketabdaran', GROUP);
    const replies = await founder.says('/setup code', GROUP);
    expect(texts(replies)).toContain("can't write to you privately");
    expect((await h.prisma.community.findFirstOrThrow()).joinCode).toBeNull();
  });
});

describe('step 2: a code that is not hers does not bind her group', () => {
  it('GIVEN a guessed code THEN her group stays unbound, with a reply in her language', async () => {
    const { malloryAsChatAdmin } = await founderAndMember();
    await malloryAsChatAdmin.says('/lang fa');
    const replies = await malloryAsChatAdmin.says('/setup join ABCDEFGH', THIRD_GROUP);
    // Persian replies isolate what they quote (bidi marks): read the words without them.
    expect(texts(replies).replace(/[\u2066-\u2069\u200f]/g, '')).toContain('کد «ABCDEFGH» کار نمی‌کند');
    const chat = await h.prisma.chat.findFirstOrThrow({ where: { externalId: THIRD_GROUP.chatId } });
    expect(chat.communityId).toBeNull();
  });

  it('GIVEN a code replaced by a newer /setup code THEN the old one stops working and the new one works', async () => {
    const { founder, malloryAsChatAdmin } = await founderAndMember();
    const old = await codeFor(founder);
    const current = await codeFor(founder);
    expect(current).not.toBe(old);
    expect(texts(await malloryAsChatAdmin.says(`/setup join ${old}`, THIRD_GROUP))).toContain('does not work');
    const other = h.person('reza', { admin: true });
    expect(texts(await other.says(`/setup join ${current}`, OTHER_GROUP))).toContain('now belongs to');
  });

  it('GIVEN a code already used once THEN a second chat cannot use it', async () => {
    const { founder, malloryAsChatAdmin } = await founderAndMember();
    const code = await codeFor(founder);
    await h.person('reza', { admin: true }).says(`/setup join ${code}`, OTHER_GROUP);
    expect(texts(await malloryAsChatAdmin.says(`/setup join ${code}`, THIRD_GROUP))).toContain('does not work');
    const third = await h.prisma.chat.findFirstOrThrow({ where: { externalId: THIRD_GROUP.chatId } });
    expect(third.communityId).toBeNull();
  });

  it('GIVEN a code older than 24 hours THEN it does not bind', async () => {
    const { founder, malloryAsChatAdmin } = await founderAndMember();
    const code = await codeFor(founder);
    const community = await h.prisma.community.findFirstOrThrow();
    expect(community.joinCodeExpiresAt!.getTime() - Date.now()).toBeGreaterThan(23.9 * 3600_000);
    expect(community.joinCodeExpiresAt!.getTime() - Date.now()).toBeLessThanOrEqual(24 * 3600_000);
    await h.prisma.community.update({
      where: { id: community.id },
      data: { joinCodeExpiresAt: new Date(Date.now() - 1000) },
    });
    expect(texts(await malloryAsChatAdmin.says(`/setup join ${code}`, THIRD_GROUP))).toContain('does not work');
  });
});

describe('step 3: binding a group gives no role in the community', () => {
  it('GIVEN a chat admin who binds her group with a valid code THEN she stays a member, and the admins are told privately with an Unbind button that works', async () => {
    const { founder, malloryAsChatAdmin } = await founderAndMember();
    const code = await codeFor(founder);
    const replies = await malloryAsChatAdmin.says(`/setup join ${code}`, THIRD_GROUP);
    expect(texts(inChat(replies, THIRD_GROUP))).toContain('Binding gives nobody a role');
    expect(await roleOf('mallory')).toBe('member');

    const [notice] = inChat(replies, privateChat('nasrin'));
    expect(notice!.text).toContain('Mallory bound the chat “Mallory’s group” (test) to the community “Ketabdaran”');
    expect(notice!.text).toMatch(/on .*\d{4}/); // when, in the admin's calendar
    expect(notice!.buttons?.flat().map((b) => b.label)).toEqual(['Unbind the chat']);

    // In her own group she is its administrator, not the community's.
    expect(texts(await malloryAsChatAdmin.says('/setup lang fa', THIRD_GROUP))).toBe('/setup lang is only for: admin.');
    expect(texts(await malloryAsChatAdmin.says('/role chair Mallory', THIRD_GROUP))).toBe('/role is only for: admin.');
    expect((await h.prisma.community.findFirstOrThrow()).language).toBe('en');

    // Someone else pressing a forged Unbind for the founder's group is refused; the founder's press works.
    const forged = await h.deliver(
      malloryAsChatAdmin.event(
        { type: 'action', action: 'setup.unbind', data: notice!.buttons![0]![0]!.data! },
        privateChat('mallory'),
      ),
    );
    expect(texts(forged)).toContain('Only an admin of the community “Ketabdaran”');
    expect(
      (await h.prisma.chat.findFirstOrThrow({ where: { externalId: THIRD_GROUP.chatId } })).communityId,
    ).not.toBeNull();
    const unbound = await founder.presses(notice, 'Unbind the chat');
    expect(texts(unbound)).toBe('The chat “Mallory’s group” no longer belongs to the community “Ketabdaran”.');
    expect(
      (await h.prisma.chat.findFirstOrThrow({ where: { externalId: THIRD_GROUP.chatId } })).communityId,
    ).toBeNull();
  });

  it('GIVEN a chat admin of a bound group WHEN /setup unbind THEN that chat leaves the community and nothing else changes', async () => {
    const { founder } = await founderAndMember();
    const code = await codeFor(founder);
    const reza = h.person('reza', { name: 'Reza', admin: true });
    await reza.says(`/setup join ${code}`, OTHER_GROUP);
    expect(texts(await h.person('plain').says('/setup unbind', OTHER_GROUP))).toContain('/setup is only for:');
    expect(texts(await reza.says('/setup unbind', OTHER_GROUP))).toBe(
      'The chat “Committee” no longer belongs to the community “Ketabdaran”.',
    );
    const group = await h.prisma.chat.findFirstOrThrow({ where: { externalId: GROUP.chatId } });
    expect(group.communityId).not.toBeNull();
    expect(await roleOf('nasrin')).toBe('admin');
  });
});

describe('step 4: a chat admin cannot demote the founder', () => {
  it('GIVEN a member who administers the founder’s group on the platform WHEN /role member Nasrin THEN it is refused and the founder stays admin', async () => {
    const { malloryAsChatAdmin } = await founderAndMember();
    const replies = await malloryAsChatAdmin.says('/role member Nasrin', GROUP);
    expect(texts(replies)).toBe('/role is only for: admin.');
    const asReply = await h.deliver(
      malloryAsChatAdmin.event(
        { type: 'command', name: 'role', args: 'member', target: { userId: 'nasrin', displayName: 'Nasrin' } },
        GROUP,
      ),
    );
    expect(texts(asReply)).toBe('/role is only for: admin.');
    expect(await roleOf('nasrin')).toBe('admin');
    expect(await roleOf('mallory')).toBe('member');
    const grants = await h.prisma.auditLog.count({ where: { action: 'role.grant' } });
    expect(grants).toBe(0);
  });

  it('GIVEN the founder WHEN she names a second admin with /role admin THEN that member is an admin of the community', async () => {
    const { founder } = await founderAndMember();
    expect(texts(await founder.says('/role admin Mallory', GROUP))).toBe('Mallory is now admin.');
    expect(await roleOf('mallory')).toBe('admin');
  });
});

describe('a code copied from a Persian reply', () => {
  it('GIVEN the code as a Persian reply shows it (bidi isolates around it) WHEN pasted into /setup join THEN it binds', async () => {
    const founder = h.person('nasrin', { name: 'Nasrin', admin: true });
    await founder.says('/start');
    await founder.says('/lang fa');
    await founder.says('/setup new Ketabdaran', GROUP);
    const sent = await founder.says('/setup code', GROUP);
    const line = inChat(sent, privateChat('nasrin'))[0]!.text.split('\n')[1]!;
    const pasted = line.slice(line.indexOf('/setup join'));
    expect(pasted).toMatch(/\u2068[A-Z2-9]{8}\u2069/);
    const replies = await h.person('reza', { admin: true }).says(pasted, OTHER_GROUP);
    expect(texts(replies)).toContain('now belongs to');
  });
});
