import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GROUP, Harness, texts } from '../../support/harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await Harness.create();
});
afterEach(async () => {
  await h.close();
});

async function memberWithHistory() {
  const admin = h.person('admin', { name: 'Nasrin', admin: true });
  await admin.says('/setup new Network', GROUP);
  await admin.says('/committee add Newsletter', GROUP);
  const sara = h.person('sara', { name: 'Sara Ahmadi' });
  await sara.says('/start');
  await sara.says('/lang ru');
  await sara.says('/join Newsletter', GROUP);
  return { admin, sara };
}

describe('/mydata', () => {
  it('GIVEN a member WHEN /mydata THEN a JSON file with their identities, settings, memberships and committees arrives privately', async () => {
    const { sara } = await memberWithHistory();
    const replies = await sara.says('/mydata', GROUP);
    const file = replies.find((m) => m.file)!;
    expect(file.chatId).toBe('dm-sara');
    const data = JSON.parse(Buffer.from(file.file!.contentBase64, 'base64').toString('utf8'));
    expect(data.member.displayName).toBe('Sara Ahmadi');
    expect(data.member.language).toBe('ru');
    expect(data.member.identities[0].externalId).toBe('sara');
    expect(data.member.memberships[0].community.name).toBe('Network');
    expect(data.member.committees[0].committee.name).toBe('Newsletter');
    expect(replies.some((m) => m.chatId === GROUP.chatId)).toBe(true);
  });
});

describe('/forgetme', () => {
  it('GIVEN confirmation THEN no row names the member, and the audit log keeps what happened without them', async () => {
    const { admin } = await memberWithHistory();
    await admin.says('/start');
    const [confirm] = await admin.says('/forgetme');
    const done = await admin.presses(confirm, 'Yes, delete');
    expect(texts(done)).toContain('Your personal data is deleted');
    expect(await h.prisma.member.count({ where: { displayName: 'Nasrin' } })).toBe(0);
    expect(await h.prisma.identity.count({ where: { externalId: 'admin' } })).toBe(0);
    expect(await h.prisma.conversation.count({ where: { key: { endsWith: ':admin' } } })).toBe(0);
    expect(await h.prisma.chat.count({ where: { externalId: 'dm-admin' } })).toBe(0);
    const audit = await h.prisma.auditLog.findMany({ where: { action: 'community.create' } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorMemberId).toBeNull();
    // Other members are untouched.
    expect(await h.prisma.member.count({ where: { displayName: 'Sara Ahmadi' } })).toBe(1);
  });

  it('GIVEN someone else presses the confirmation button THEN it is refused and nothing is deleted', async () => {
    const { sara } = await memberWithHistory();
    const [confirm] = await sara.says('/forgetme', GROUP);
    const intruder = h.person('intruder');
    const replies = await intruder.presses(confirm, 0, GROUP);
    expect(texts(replies)).toContain('belongs to someone else');
    expect(await h.prisma.member.count({ where: { displayName: 'Sara Ahmadi' } })).toBe(1);
  });

  it('GIVEN "No, keep" THEN nothing is deleted', async () => {
    const { sara } = await memberWithHistory();
    const [confirm] = await sara.says('/forgetme');
    expect(texts(await sara.presses(confirm, 1))).toBeTruthy();
    expect(await h.prisma.member.count({ where: { displayName: 'Sara Ahmadi' } })).toBe(1);
  });
});
