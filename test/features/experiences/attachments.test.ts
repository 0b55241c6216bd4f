import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GROUP, Harness, OTHER_GROUP, privateChat, texts, type Person } from '../../support/harness.ts';
import { experienceCommunity, member, withButtons } from '../../support/experiences.ts';
import type { SentMessage } from '../../support/memory-adapter.ts';

/**
 * Opening an experience's attachments: who may (the author; curators of its community while it is
 * pending; every member of its community once it is approved), and what the bot sends (the file by
 * its platform's reference, with notices in the viewer's language for when it cannot be delivered).
 */

let h: Harness;
beforeEach(async () => {
  h = await Harness.create();
});
afterEach(async () => {
  await h.close();
});

const PLAN = { platform: 'test', fileId: 'file-plan', fileName: 'reading-room-plan.pdf', mimeType: 'application/pdf' };
const PHOTO = { platform: 'test', fileId: 'file-photo', fileName: null, mimeType: 'image/jpeg' };

/** A pending submission of Sara's with two attachments, made through the service the share flow uses. */
async function submissionWithFiles(sara: Person): Promise<number> {
  const [community, author] = await Promise.all([
    h.prisma.community.findFirstOrThrow({ where: { name: 'University Libraries Network' } }),
    h.prisma.member.findFirstOrThrow({ where: { identities: { some: { externalId: sara.userId } } } }),
  ]);
  const { id } = await h.app.services.experiences.submissions.submit({
    communityId: community.id,
    authorId: author.id,
    platform: 'test',
    chatId: privateChat(sara.userId).chatId,
    title: 'A quiet reading room',
    body: 'We turned the old storeroom into a quiet reading room.',
    tags: [],
    library: null,
    consent: 'named',
    sourceName: null,
    sourceDate: null,
    attachments: [
      { ...PLAN, caption: null },
      { ...PHOTO, caption: 'The room' },
    ],
  });
  return id;
}

function press(person: Person, data: string, chat = privateChat(person.userId)): Promise<SentMessage[]> {
  return h.deliver(person.event({ type: 'action', action: 'exp.file', data }, chat));
}

const REFUSED = /There is no file \d+ of experience #\d+ that you can open/;

describe('opening an experience’s attachments', () => {
  it('GIVEN a pending submission with a document and a photo WHEN the curator presses their buttons in /review THEN each file goes to the curator’s chat by its platform reference', async () => {
    const { curator } = await experienceCommunity(h);
    const sara = await member(h, 'sara', 'Sara');
    const id = await submissionWithFiles(sara);

    const review = withButtons(await curator.says('/review'));
    const labels = review.buttons!.flat().map((b) => b.label);
    expect(labels).toEqual(['Approve', 'Reject', 'Ask for changes', '📎 1. reading-room-plan.pdf', '📎 2. image/jpeg']);

    const [plan, ...rest] = await curator.presses(review, '📎 1. reading-room-plan.pdf');
    expect(rest).toEqual([]);
    expect(plan!.chatId).toBe('dm-curator');
    expect(plan!.text).toBe(`📎 reading-room-plan.pdf\nFile 1 of 2 of experience #${id} “A quiet reading room”.`);
    // A reference, not bytes: the outbox row stays small and the platform sends its own file.
    expect(plan!.file).toBeUndefined();
    expect(plan!.storedFile).toEqual({
      platform: 'test',
      fileId: 'file-plan',
      fileName: 'reading-room-plan.pdf',
      mimeType: 'application/pdf',
      unavailable: {
        tooBig: expect.stringContaining('is too big for the bot to bring here from test'),
        gone: `Sorry, “reading-room-plan.pdf” (file 1 of experience #${id}) is no longer available on test: it may have been deleted there.`,
      },
    });
    // The photo came without a name: it is sent as a picture, under a name made from its type.
    const [photo] = await curator.presses(review, '📎 2. image/jpeg');
    expect(photo!.storedFile).toMatchObject({
      fileId: 'file-photo',
      fileName: `experience-${id}-2.jpg`,
      mimeType: 'image/jpeg',
      isImage: true,
    });
  });

  it('GIVEN a curator who reads Persian WHEN they open a file THEN its caption and both notices are in Persian', async () => {
    const { curator } = await experienceCommunity(h);
    await curator.says('/lang fa');
    const sara = await member(h, 'sara', 'Sara');
    await submissionWithFiles(sara);

    const [sent] = await curator.presses(withButtons(await curator.says('/review')), 3);
    expect(sent!.text).toContain('پرونده‌ی');
    expect(sent!.storedFile!.unavailable.tooBig).toContain('بیش از اندازه بزرگ است');
    expect(sent!.storedFile!.unavailable.gone).toContain('دیگر در');
  });

  it('GIVEN a pending submission THEN its author and the curator may open its files, another member may not; once approved every member may, from the full view', async () => {
    const { curator } = await experienceCommunity(h);
    const sara = await member(h, 'sara', 'Sara');
    const reza = await member(h, 'reza', 'Reza');
    const id = await submissionWithFiles(sara);

    expect((await press(sara, `${id}.1`))[0]!.storedFile?.fileId).toBe('file-plan');
    const refused = await press(reza, `${id}.1`);
    expect(texts(refused)).toMatch(REFUSED);
    expect(refused.some((m) => m.storedFile)).toBe(false);

    await curator.presses(withButtons(await curator.says('/review')), 'Approve');
    const found = await reza.says('/search quiet reading room');
    const full = await reza.presses(withButtons(found), `#${id}`);
    expect(texts(full)).toContain(`Experience #${id}`);
    const [opened] = await reza.presses(withButtons(full), '📎 2. image/jpeg');
    expect(opened!.storedFile?.fileId).toBe('file-photo');
    expect(opened!.chatId).toBe('dm-reza');
  });

  it('GIVEN a member of another community, a forged id, a file number past the last, or garbled data THEN each is refused and no file is sent', async () => {
    const { curator } = await experienceCommunity(h);
    const sara = await member(h, 'sara', 'Sara');
    const id = await submissionWithFiles(sara);
    await curator.presses(withButtons(await curator.says('/review')), 'Approve');

    const stranger = h.person('stranger', { name: 'Stranger', admin: true });
    await stranger.says('/setup new Other Libraries', OTHER_GROUP);
    await stranger.says('/start');
    const fromOtherCommunity = [
      ...(await press(stranger, `${id}.1`)),
      ...(await press(stranger, `${id}.1`, OTHER_GROUP)),
    ];
    expect(fromOtherCommunity.map((m) => m.text)).toEqual([
      `There is no file 1 of experience #${id} that you can open. The button may be out of date, or the experience is not shared with you.`,
      `There is no file 1 of experience #${id} that you can open. The button may be out of date, or the experience is not shared with you.`,
    ]);

    const reza = await member(h, 'reza', 'Reza');
    expect(texts(await press(reza, `${id + 100}.1`))).toMatch(REFUSED);
    expect(texts(await press(reza, `${id}.3`))).toMatch(REFUSED);
    expect(texts(await press(reza, `${id}.0`))).toContain('This button is no longer valid');
    expect(texts(await press(reza, 'x.1', GROUP))).toContain('This button is no longer valid');
    const sent = h.adapter.sent.filter((m) => m.storedFile && m.chatId !== 'dm-curator');
    expect(sent).toEqual([]);
  });

  it('GIVEN a file message waiting in the outbox THEN its row holds the reference and the notices, not the bytes', async () => {
    const { curator } = await experienceCommunity(h);
    const sara = await member(h, 'sara', 'Sara');
    await submissionWithFiles(sara);
    const review = withButtons(await curator.says('/review'));

    // Refused by the platform, the row stays as it was stored (a sent row keeps no payload).
    h.adapter.failures.push({ ok: false, kind: 'rejected', error: 'kept for the test' });
    await curator.presses(review, '📎 1. reading-room-plan.pdf');
    const row = await h.prisma.outboxMessage.findFirstOrThrow({ where: { status: 'failed' } });
    expect(row.payload).toMatchObject({ storedFile: { platform: 'test', fileId: 'file-plan' } });
    expect(row.payload).not.toHaveProperty('file');
    expect(JSON.stringify(row.payload).length).toBeLessThan(1500);
  });
});
