import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GROUP, Harness, texts } from '../../support/harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await Harness.create();
});
afterEach(async () => {
  await h.close();
});

/** A chair who scheduled a meeting and answered it, and a member who answered it too. */
async function meetingWithAnswers() {
  const chair = h.person('chair', { name: 'Nasrin', admin: true });
  await chair.says('/setup new Network', GROUP);
  await chair.says('/start');
  const sara = h.person('sara', { name: 'Sara' });
  await sara.says('/start', GROUP);
  await chair.says('/meeting 2099-06-13 10:00 | Board | https://x.org/board', GROUP);
  const [list] = await sara.says('/meetings', GROUP);
  await sara.presses(list, '1: ✓ yes', GROUP);
  await chair.presses(list, '1: ? maybe', GROUP);
  return { chair, sara };
}

describe('meetings in /mydata and /forgetme', () => {
  it('GIVEN a chair with a meeting and an answer WHEN /mydata THEN both are in the file', async () => {
    const { chair } = await meetingWithAnswers();
    const file = (await chair.says('/mydata')).find((m) => m.file)!;
    const data = JSON.parse(Buffer.from(file.file!.contentBase64, 'base64').toString('utf8'));
    expect(data.meetingsChaired).toMatchObject([{ title: 'Board' }]);
    expect(data.rsvps).toMatchObject([{ answer: 'maybe', occurrence: { meeting: { title: 'Board' } } }]);
  });

  it('GIVEN /forgetme by the chair THEN their answers are deleted, the meeting stays without its chair, other answers stay', async () => {
    const { chair } = await meetingWithAnswers();
    const [confirm] = await chair.says('/forgetme');
    expect(texts(await chair.presses(confirm, 'Yes, delete'))).toContain('Your personal data is deleted');
    const meeting = await h.prisma.meeting.findFirstOrThrow();
    expect(meeting.chairId).toBeNull();
    expect(meeting.title).toBe('Board');
    const answers = await h.prisma.rsvp.findMany({ include: { member: true } });
    expect(answers.map((a) => [a.member.displayName, a.answer])).toEqual([['Sara', 'yes']]);
  });
});
