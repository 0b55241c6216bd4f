import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expireConversations } from '../../src/core/flow-expiry.ts';
import { GROUP, Harness } from '../support/harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await Harness.create();
});
afterEach(async () => {
  await h.close();
});

describe('flow expiry', () => {
  it('GIVEN a flow left half-way past its expiry THEN it is removed and the member is told in their language, where it started', async () => {
    const admin = h.person('admin', { admin: true });
    await admin.says('/setup new Network', GROUP);
    await admin.says('/lang ru', GROUP);
    await admin.says('/committee add', GROUP);
    expect(await h.prisma.conversation.count()).toBe(1);

    const later = new Date(Date.now() + 24 * 3600_000);
    const expired = await expireConversations(h.app.conversations, h.app.outbox, h.app.translator, later);
    await h.app.outbox.drain();

    expect(expired).toBe(1);
    expect(await h.prisma.conversation.count()).toBe(0);
    const notice = h.adapter.sent.at(-1)!;
    expect(notice.chatId).toBe(GROUP.chatId);
    expect(notice.text).toMatch(/[А-Яа-я]/);
    // The next message is plain chatter again, not the flow's answer.
    await admin.says('Documentation', GROUP);
    expect(await h.prisma.committee.count()).toBe(0);
  });
});

describe('first contact', () => {
  it('GIVEN two first events of one new person at once THEN both are answered and one member exists', async () => {
    const sara = h.person('sara');
    const [a, b] = await Promise.all([sara.says('/start'), sara.says('/help')]);
    expect(a.length + b.length).toBeGreaterThanOrEqual(2);
    expect(await h.prisma.member.count()).toBe(1);
    expect(h.adapter.sent.some((m) => m.text.includes('Sorry'))).toBe(false);
  });
});
