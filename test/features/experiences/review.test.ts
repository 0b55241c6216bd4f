import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GROUP, Harness, OTHER_GROUP, privateChat, texts } from '../../support/harness.ts';
import { corpusParagraphs, experienceCommunity, experienceId, member, withButtons } from '../../support/experiences.ts';

let h: Harness;
beforeEach(async () => {
  h = await Harness.create();
});
afterEach(async () => {
  await h.close();
});

async function history(id: number) {
  const changes = await h.prisma.experienceStatusChange.findMany({
    where: { experienceId: id },
    orderBy: { id: 'asc' },
    include: { actor: { select: { displayName: true } } },
  });
  return changes.map((c) => ({ from: c.fromStatus, to: c.toStatus, by: c.actor?.displayName ?? null, note: c.note }));
}

describe('/review', () => {
  it('GIVEN three submissions WHEN a curator approves, rejects and asks for changes THEN each author is told in their own language and every change is kept', async () => {
    const { curator } = await experienceCommunity(h);
    const sara = await member(h, 'sara', 'Sara', 'ru');
    const reza = await member(h, 'reza', 'Reza', 'fa');
    const lan = await member(h, 'lan', 'Lan', 'vi');
    const [ru] = corpusParagraphs('ru-libraries-partnership-resolution');
    const [fa] = corpusParagraphs('fa-hospital-library-strategic-plan');
    const [vi] = corpusParagraphs('vi-university-library-association-meeting');
    const a = experienceId(texts(await sara.says(`/share Мобильная библиография | ${ru}`)));
    const b = experienceId(texts(await reza.says(`/share برنامه راهبردی | ${fa}`)));
    const c = experienceId(texts(await lan.says(`/share Họp ban chấp hành | ${vi}`)));

    // The oldest first, with the author's name and how many wait.
    const first = await curator.says('/review');
    expect(texts(first)).toContain(`Submission #${a}`);
    expect(texts(first)).toContain('(3 waiting in all)');
    expect(texts(first)).toContain('Author: Sara');
    expect(texts(first)).toContain('Title: Мобильная библиография');

    // Approve: the author hears in Russian, and the next submission follows.
    const approved = await curator.presses(withButtons(first), 'Approve');
    expect(texts(approved)).toContain(`Approved #${a} “Мобильная библиография”. The author has been told.`);
    const toSara = approved.find((m) => m.chatId === 'dm-sara')!;
    expect(toSara.text).toBe(
      h.app.translator.t('ru', 'experience.notice-approve', { id: String(a), title: 'Мобильная библиография' }),
    );
    const second = withButtons(approved.filter((m) => m.chatId === 'dm-curator'));
    expect(second.text).toContain(`Submission #${b}`);

    // Reject takes a note, typed next; the author hears it in Persian.
    expect(texts(await curator.presses(second, 'Reject'))).toContain(`Why is #${b} “برنامه راهبردی” not accepted?`);
    const rejected = await curator.says('This is a plan, not an experience.');
    expect(texts(rejected)).toContain(`Rejected #${b}`);
    const toReza = rejected.find((m) => m.chatId === 'dm-reza')!;
    expect(toReza.text).toContain('پذیرفته نشد');
    expect(toReza.text).toContain('This is a plan, not an experience.');

    // Ask for changes: the author hears in Vietnamese, with a button to edit.
    const third = withButtons(rejected.filter((m) => m.chatId === 'dm-curator'));
    expect(third.text).toContain(`Submission #${c}`);
    await curator.presses(third, 'Ask for changes');
    const sentBack = await curator.says('Please add what came of the meeting.');
    expect(texts(sentBack)).toContain(`Sent #${c} “Họp ban chấp hành” back for changes.`);
    expect(texts(sentBack)).toContain('That was the last one');
    const toLan = sentBack.find((m) => m.chatId === 'dm-lan')!;
    expect(toLan.text).toContain('Người duyệt yêu cầu sửa');
    expect(toLan.text).toContain('Please add what came of the meeting.');
    expect(toLan.buttons?.flat().map((x) => x.label)).toEqual(['Sửa và gửi lại']);

    const statuses = await h.prisma.experience.findMany({ orderBy: { id: 'asc' }, select: { status: true } });
    expect(statuses.map((s) => s.status)).toEqual(['approved', 'rejected', 'changes_requested']);
    expect(await history(a)).toEqual([
      { from: null, to: 'pending', by: 'Sara', note: null },
      { from: 'pending', to: 'approved', by: 'Curator', note: null },
    ]);
    expect(await history(b)).toEqual([
      { from: null, to: 'pending', by: 'Reza', note: null },
      { from: 'pending', to: 'rejected', by: 'Curator', note: 'This is a plan, not an experience.' },
    ]);
    // Only the approved one is searchable.
    expect((await h.prisma.experienceIndexEntry.findMany()).map((e) => e.experienceId)).toEqual([a]);

    // The author edits from the notice and sends it again; it waits for review once more.
    const editing = await lan.presses(toLan, 'Sửa và gửi lại');
    expect(texts(editing)).toContain(`kinh nghiệm #${c}`);
    const askTitle = await lan.presses(withButtons(editing), 'Tiêu đề');
    const preview = await lan.says('Họp ban chấp hành lần thứ 3: kết quả');
    expect(texts(preview)).toContain('Tiêu đề: Họp ban chấp hành lần thứ 3: kết quả');
    expect(texts(askTitle)).toContain('Họp ban chấp hành');
    const resent = await lan.presses(withButtons(preview), 'Gửi lại');
    expect(texts(resent)).toContain(`kinh nghiệm #${c}`);
    expect(await history(c)).toEqual([
      { from: null, to: 'pending', by: 'Lan', note: null },
      { from: 'pending', to: 'changes_requested', by: 'Curator', note: 'Please add what came of the meeting.' },
      { from: 'changes_requested', to: 'pending', by: 'Lan', note: null },
    ]);
    const again = await curator.says('/review');
    expect(texts(again)).toContain('Title: Họp ban chấp hành lần thứ 3: kết quả');
    expect(texts(again)).toContain('This is a new version, after the note: Please add what came of the meeting.');

    // The edit button works once: the submission no longer waits for changes.
    expect(texts(await lan.presses(toLan, 'Sửa và gửi lại'))).toContain(`#${c}`);
    expect((await h.prisma.experience.findUniqueOrThrow({ where: { id: c } })).status).toBe('pending');
  });

  it('GIVEN a note step WHEN the curator cancels THEN nothing is decided', async () => {
    const { curator } = await experienceCommunity(h);
    const sara = await member(h, 'sara', 'Sara');
    const id = experienceId(texts(await sara.says('/share Title | Text')));
    const item = await curator.says('/review');
    const ask = await curator.presses(withButtons(item), 'Reject');
    expect(texts(await curator.presses(withButtons(ask), 'Cancel'))).toContain('Nothing was decided');
    expect((await h.prisma.experience.findUniqueOrThrow({ where: { id } })).status).toBe('pending');
    expect(texts(await curator.says('A note that comes too late'))).toContain('I understand commands');
  });

  it('GIVEN an empty note THEN it is refused and the submission still waits', async () => {
    const { curator } = await experienceCommunity(h);
    const sara = await member(h, 'sara', 'Sara');
    const id = experienceId(texts(await sara.says('/share Title | Text')));
    await curator.presses(withButtons(await curator.says('/review')), 'Ask for changes');
    expect(texts(await curator.says('   '))).toBe('The note is empty. Please write a few words for the author.');
    expect((await h.prisma.experience.findUniqueOrThrow({ where: { id } })).status).toBe('pending');
  });

  it('GIVEN a decision already made THEN its old buttons are refused and nothing is recorded twice', async () => {
    const { curator } = await experienceCommunity(h);
    const sara = await member(h, 'sara', 'Sara');
    const id = experienceId(texts(await sara.says('/share Title | Text')));
    const item = await curator.says('/review');
    await curator.presses(withButtons(item), 'Approve');
    expect(texts(await curator.presses(withButtons(item), 'Approve'))).toBe(
      `Submission #${id} has been reviewed already (approved).`,
    );
    expect(texts(await curator.presses(withButtons(item), 'Reject'))).toContain('reviewed already (approved)');
    expect(await h.prisma.experienceStatusChange.count({ where: { experienceId: id } })).toBe(2);
  });

  it('GIVEN a forged id from another community or garbage THEN it is refused and nothing changes', async () => {
    const { curator } = await experienceCommunity(h);
    // A second community with its own submission.
    const otherAdmin = h.person('other-admin', { admin: true });
    await otherAdmin.says('/setup new Other Network', OTHER_GROUP);
    const stranger = h.person('stranger', { name: 'Stranger' });
    await stranger.says('/start', OTHER_GROUP);
    const foreign = experienceId(texts(await stranger.says('/share Foreign | Not yours to review', OTHER_GROUP)));

    const forged = await h.deliver(
      curator.event({ type: 'action', action: 'rev.ok', data: String(foreign) }, privateChat('curator')),
    );
    expect(texts(forged)).toBe(`There is no submission #${foreign} in this community.`);
    const garbage = await h.deliver(
      curator.event({ type: 'action', action: 'rev.chg', data: '1; DROP TABLE' }, privateChat('curator')),
    );
    expect(texts(garbage)).toContain('This button is no longer valid');
    expect((await h.prisma.experience.findUniqueOrThrow({ where: { id: foreign } })).status).toBe('pending');
    expect(await h.prisma.experienceStatusChange.count()).toBe(1);
    expect(await h.prisma.conversation.count()).toBe(0);
  });

  it('GIVEN a member who is not a curator THEN /review and the review buttons are refused and nothing changes', async () => {
    const { curator } = await experienceCommunity(h);
    const sara = await member(h, 'sara', 'Sara');
    const id = experienceId(texts(await sara.says('/share Title | Text')));
    const item = await curator.says('/review');

    expect(texts(await sara.says('/review'))).toBe('/review is only for: curator.');
    const pressed = await sara.presses(withButtons(item), 'Approve');
    expect(texts(pressed)).toBe('This button is only for: curator.');
    expect((await h.prisma.experience.findUniqueOrThrow({ where: { id } })).status).toBe('pending');
    expect(await h.prisma.experienceStatusChange.count()).toBe(1);
    expect(await h.prisma.experienceIndexEntry.count()).toBe(0);
  });

  it('GIVEN /review in a group THEN it points to the private chat, since submissions wait unpublished', async () => {
    const { curator } = await experienceCommunity(h);
    const [reply] = await curator.says('/review', GROUP);
    expect(reply!.text).toBe('/review works in a private chat with me.');
  });

  it('GIVEN nothing pending THEN the curator is told so', async () => {
    const { curator } = await experienceCommunity(h);
    expect(texts(await curator.says('/review'))).toBe('Nothing is waiting for review.');
  });
});
