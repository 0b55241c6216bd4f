import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness, texts } from '../../support/harness.ts';
import { communityWithChair, member } from '../polls/support.ts';
import { library, memberId, round } from './round-answer-support.ts';

/**
 * A respondent's reports belong to their library: /mydata shows them what they sent, and /forgetme
 * takes their name off them but leaves the library's report (and its history) whole.
 */
let h: Harness;
beforeEach(async () => {
  h = await Harness.create();
  await communityWithChair(h);
});
afterEach(async () => {
  await h.close();
});

async function sentBy(roundId: number, libraryId: number, senderId: number, text: string): Promise<number> {
  const at = new Date();
  const answers = { visits: { kind: 'number', value: 42 }, experience: { kind: 'text', text } };
  const submission = await h.prisma.roundSubmission.create({
    data: { roundId, libraryId, answers, submittedById: senderId, submittedAt: at, firstSubmittedAt: at },
  });
  await h.prisma.roundSubmissionVersion.create({
    data: { submissionId: submission.id, version: 1, answers, submittedById: senderId, submittedAt: at },
  });
  return submission.id;
}

describe('report rounds and privacy', () => {
  it('GIVEN a respondent sent their library’s report THEN /mydata lists it with the library and period', async () => {
    const sara = await member(h, 'sara', { name: 'Sara Ahmadi' });
    const libraryId = await library(h, 'کتابخانهٔ مرکزی', [sara]);
    const roundId = await round(h, { label: '1405-Q3' });
    await sentBy(roundId, libraryId, await memberId(h, sara), 'کارگاه سواد اطلاعاتی');
    const replies = await sara.says('/mydata');
    const file = replies.find((m) => m.file)!.file!;
    const data = JSON.parse(Buffer.from(file.contentBase64, 'base64').toString('utf8')) as {
      roundVersionsSent: Array<{
        version: number;
        answers: unknown;
        submission: { library: { name: string }; round: { periodLabel: string } };
      }>;
      libraries: Array<{ library: { name: string } }>;
    };
    expect(data.roundVersionsSent).toHaveLength(1);
    expect(data.roundVersionsSent[0]!.submission.library.name).toBe('کتابخانهٔ مرکزی');
    expect(data.roundVersionsSent[0]!.submission.round.periodLabel).toBe('1405-Q3');
    expect(JSON.stringify(data.roundVersionsSent[0]!.answers)).toContain('کارگاه سواد اطلاعاتی');
    expect(data.libraries.map((l) => l.library.name)).toEqual(['کتابخانهٔ مرکزی']);
  });

  it('GIVEN a respondent forgets themself THEN the library keeps its report and its history, without their name', async () => {
    const sara = await member(h, 'sara', { name: 'Sara Ahmadi' });
    const libraryId = await library(h, 'Central Library', [sara]);
    const roundId = await round(h);
    const submissionId = await sentBy(roundId, libraryId, await memberId(h, sara), 'Our reading club grew.');
    const [confirm] = await sara.says('/forgetme');
    const done = texts(await sara.presses(confirm, 'Yes, delete'));
    expect(done).toMatch(/1 report you sent for your library, which stays with the library/);
    const kept = await h.prisma.roundSubmission.findUniqueOrThrow({
      where: { id: submissionId },
      include: { versions: true },
    });
    expect(kept.submittedById).toBeNull();
    expect(kept.libraryId).toBe(libraryId);
    expect(JSON.stringify(kept.answers)).toContain('Our reading club grew.');
    expect(kept.versions.map((v) => v.submittedById)).toEqual([null]);
    expect(await h.prisma.libraryRespondent.count()).toBe(0);
  });
});
