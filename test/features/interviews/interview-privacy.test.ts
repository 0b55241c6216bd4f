import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GROUP, Harness, texts, type Person } from '../../support/harness.ts';
import { communityWithChair, member } from '../polls/support.ts';
import { interviewIdIn, nextSitting, press, sendFile, shown } from './interview-support.ts';

/**
 * Interviews and privacy: /mydata of the veteran holds the interviews they gave (answers as given), of
 * the interviewer the ones they led; /forgetme of the veteran takes their name and the files they sent
 * from every interview, keeps the words only of what they consented to publish anonymously, and
 * withdraws the rest.
 */
let h: Harness;
let nasrin: Person;
let sara: Person;
beforeEach(async () => {
  h = await Harness.create();
  ({ chair: nasrin } = await communityWithChair(h));
  sara = await member(h, 'sara', { name: 'Sara Ahmadi' });
});
afterEach(async () => {
  await h.close();
});

/** A self-paced interview Sara answers: a year, her first library, a voice message, then the consent. */
async function interviewOf(consent: string, firstLibrary: string): Promise<number> {
  await nextSitting(h);
  const id = interviewIdIn(await nasrin.says('/interview veteran-career invite Sara Ahmadi', GROUP));
  await press(h, sara, 'Begin');
  await sara.says('1986');
  await sara.says(firstLibrary);
  while (!/send a voice message/.test(shown(h, sara).text)) {
    const labels = shown(h, sara)
      .buttons!.flat()
      .map((b) => b.label);
    await press(h, sara, labels.includes('No') ? 'No' : 'Skip');
  }
  await sendFile(h, sara, { fileId: `voice-${id}`, mimeType: 'audio/ogg' });
  await nextSitting(h);
  while (!/Before anything is published/.test(shown(h, sara).text)) await press(h, sara, 'Skip');
  await press(h, sara, consent);
  return id;
}

function fileOf(replies: Awaited<ReturnType<Person['says']>>): Record<string, unknown> {
  const file = replies.find((m) => m.file)!.file!;
  return JSON.parse(Buffer.from(file.contentBase64, 'base64').toString('utf8')) as Record<string, unknown>;
}

describe('interviews and privacy', () => {
  it('GIVEN an interview THEN /mydata of the veteran holds their answers as given, and of the interviewer the interview they led', async () => {
    const id = await interviewOf('Publish with the name', 'The library of Tabriz University');
    await nextSitting(h);
    const mine = fileOf(await sara.says('/mydata')) as {
      interviewsGiven: Array<{
        id: number;
        veteranName: string;
        consent: string;
        answers: Array<{ key: string; question: string; answer: unknown }>;
      }>;
    };
    expect(mine.interviewsGiven).toHaveLength(1);
    const given = mine.interviewsGiven[0]!;
    expect(given).toMatchObject({ id, veteranName: 'Sara Ahmadi', consent: 'named' });
    expect(given.answers.find((a) => a.key === 'first-library')).toEqual({
      key: 'first-library',
      question: 'Which library was your first, and what was your work there?',
      answer: { kind: 'text', text: 'The library of Tabriz University' },
    });
    expect(given.answers.find((a) => a.key === 'problem-voice')?.answer).toMatchObject({
      kind: 'media',
      files: [{ fileId: `voice-${id}`, media: 'voice' }],
    });
    // The one who invited her sees where it stands, not what she said.
    const theirs = await nasrin.says('/mydata');
    const invited = fileOf(theirs) as {
      interviewsLed: unknown[];
      interviewsInvited: Array<{ id: number; veteranName: string; status: string }>;
    };
    expect(invited.interviewsLed).toEqual([]);
    expect(invited.interviewsInvited).toMatchObject([{ id, veteranName: 'Sara Ahmadi', status: 'finished' }]);
    expect(JSON.stringify(invited)).not.toMatch(/Tabriz University/);
  });

  it('GIVEN a led interview THEN /mydata of the interviewer holds the answers they recorded', async () => {
    await nasrin.says('/interview veteran-career Mr. Karimi');
    await nasrin.says('1350');
    await nasrin.says('The National Library, in the reading rooms.');
    const led = fileOf(await nasrin.says('/mydata')) as {
      interviewsLed: Array<{ veteranName: string; status: string; answers: Array<{ key: string; answer: unknown }> }>;
    };
    expect(led.interviewsLed).toHaveLength(1);
    expect(led.interviewsLed[0]).toMatchObject({ veteranName: 'Mr. Karimi', status: 'in_progress' });
    expect(led.interviewsLed[0]!.answers.map((a) => a.key)).toEqual(['began', 'first-library']);
  });

  it('GIVEN the veteran forgets themself THEN their name and files leave every interview, and only the anonymous one keeps its words', async () => {
    const anonymous = await interviewOf('Publish anonymously', 'The library of Tabriz University');
    const named = await interviewOf('Publish with the name', 'The children’s library of Shiraz');
    // The curators approved the anonymous one; the named one is still waiting for them.
    await h.prisma.experience.updateMany({
      where: { interviewId: anonymous },
      data: { status: 'approved', approvedAt: new Date() },
    });
    expect(await h.prisma.experienceAttachment.count({ where: { experience: { interviewId: anonymous } } })).toBe(1);

    await nextSitting(h);
    const [confirm] = await sara.says('/forgetme');
    const done = texts(await sara.presses(confirm, 'Yes, delete'));
    expect(done).toMatch(
      /1 interview you gave, consented as anonymous: its words stay, without your name or your files/,
    );

    const kept = await h.prisma.interview.findUniqueOrThrow({ where: { id: anonymous } });
    expect(kept).toMatchObject({ veteranId: null, veteranName: 'a veteran librarian', status: 'finished' });
    expect(kept.answers).toEqual({
      began: { kind: 'year', year: 1986, calendar: 'gregorian', typed: '1986' },
      'first-library': { kind: 'text', text: 'The library of Tabriz University' },
      ...Object.fromEntries(
        Object.entries(kept.answers as Record<string, { kind: string }>).filter(
          ([, a]) => a.kind === 'skipped' || a.kind === 'choice',
        ),
      ),
    });
    expect(JSON.stringify(kept.answers)).not.toMatch(/voice-/);
    const experience = await h.prisma.experience.findUniqueOrThrow({ where: { interviewId: anonymous } });
    expect(experience.authorId).toBeNull();
    expect(JSON.stringify(experience)).not.toMatch(/Sara Ahmadi/);
    expect(await h.prisma.experienceAttachment.count({ where: { experienceId: experience.id } })).toBe(0);

    const gone = await h.prisma.interview.findUniqueOrThrow({ where: { id: named } });
    expect(gone).toMatchObject({
      veteranId: null,
      veteranName: 'a veteran librarian',
      status: 'withdrawn',
      answers: {},
    });
    expect(await h.prisma.experience.count({ where: { interviewId: named } })).toBe(0);

    // Nothing of theirs is left in any interview or reminder.
    const all = JSON.stringify(await h.prisma.interview.findMany());
    expect(all).not.toMatch(/Sara Ahmadi|Shiraz/);
    expect(await h.prisma.interviewReminder.count()).toBe(0);
  });
});
