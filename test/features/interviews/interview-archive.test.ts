import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GROUP, Harness, texts, type Person } from '../../support/harness.ts';
import type { SentMessage } from '../../support/memory-adapter.ts';
import {
  experienceCommunity,
  fileText,
  member,
  withButtons,
  type ExperienceCommunity,
} from '../../support/experiences.ts';
import { answers, finishedInterview, memberId } from './interview-archive-fixtures.ts';

let h: Harness;
let c: ExperienceCommunity;
let parvin: Person;
let sara: Person;
beforeEach(async () => {
  h = await Harness.create();
  c = await experienceCommunity(h);
  parvin = await member(h, 'parvin', 'Parvin');
  await member(h, 'reza', 'Reza');
  sara = await member(h, 'sara', 'Sara');
});
afterEach(async () => {
  await h.close();
});

const archive = () => h.app.services.interviewArchive;

/** A self-paced interview of Parvin (a member) that Reza invited her to, finished with this consent. */
async function parvinsInterview(
  consent: 'named' | 'anonymous' | 'members_only' | 'private',
  options: { language?: string; story?: string[]; veteranName?: string } = {},
) {
  return finishedInterview(h, {
    communityId: c.communityId,
    veteranId: await memberId(h, 'Parvin'),
    veteranName: options.veteranName ?? 'Parvin Ahmadi',
    interviewerId: await memberId(h, 'Reza'),
    consent,
    ...(options.language ? { language: options.language } : {}),
    ...(options.story ? { answers: answers(options.story) } : {}),
  });
}

/** The ids listed in a /search answer (`1. #12 …`). */
function foundIds(replies: SentMessage[]): number[] {
  return [...texts(replies).matchAll(/^\d+\. #(\d+)/gm)].map((m) => Number(m[1]));
}

async function approveNext(): Promise<SentMessage[]> {
  return c.curator.presses(withButtons(await c.curator.says('/review')), 'Approve');
}

describe('a finished interview goes to curation', () => {
  it('GIVEN a named interview finished THEN it waits in /review as an interview, whole, with its media buttons', async () => {
    const interviewId = await parvinsInterview('named');

    const result = await archive().finished(interviewId);

    expect(result.outcome).toBe('submitted');
    const experience = await h.prisma.experience.findUniqueOrThrow({
      where: { id: result.experienceId! },
      include: { attachments: { orderBy: { position: 'asc' } } },
    });
    expect(experience).toMatchObject({
      kind: 'interview',
      interviewId,
      status: 'pending',
      consent: 'named',
      membersOnly: false,
      authorId: await memberId(h, 'Parvin'),
      title: 'Interview: Parvin Ahmadi',
    });
    expect(experience.attachments.map((a) => [a.platform, a.fileId, a.mimeType])).toEqual([
      ['test', 'photo-1', 'image/jpeg'],
      ['test', 'voice-1', 'audio/ogg'],
    ]);

    const item = withButtons(await c.curator.says('/review'));
    expect(item.text).toContain(`Submission #${experience.id}`);
    expect(item.text).toContain('Title: Interview: Parvin Ahmadi');
    // The questions asked, the follow-up the choice led to, each answer, in order.
    expect(item.text).toContain('• How did you come to libraries?\nBy chance');
    expect(item.text).toContain('• What was the chance?\nA friend needed help with the card catalogue.');
    expect(item.text).toContain('The card catalogue went online.\n\nThen came the digital libraries.');
    expect(item.text).toContain('• When was your first day?\n23 September 1986');
    expect(item.text).toContain('[Photo 1] The reading room, 1365');
    expect(item.text).toContain('[Voice message 2]');
    const labels = item.buttons!.flat().map((b) => b.label);
    expect(labels).toEqual(['Approve', 'Reject', 'Ask for changes', '📎 1. image/jpeg', '📎 2. audio/ogg']);

    // The curator opens the voice message as an experience's file: by its platform reference.
    const opened = await c.curator.presses(item, '📎 2. audio/ogg');
    expect(opened[0]!.storedFile).toMatchObject({ platform: 'test', fileId: 'voice-1', mimeType: 'audio/ogg' });
  });

  it('GIVEN an interview kept private THEN nothing reaches the curators and nothing is searchable', async () => {
    const interviewId = await parvinsInterview('private');

    expect(await archive().finished(interviewId)).toEqual({ outcome: 'private', experienceId: null });

    expect(await h.prisma.experience.count()).toBe(0);
    expect(texts(await c.curator.says('/review'))).toBe('Nothing is waiting for review.');
    expect(texts(await sara.says('/search catalogue'))).toContain('No approved experience has all of the words');
  });

  it('GIVEN finished twice THEN one experience only, and a decision taken is left alone', async () => {
    const interviewId = await parvinsInterview('named');
    const [a, b] = await Promise.all([archive().finished(interviewId), archive().finished(interviewId)]);
    expect(a.experienceId).toBe(b.experienceId);
    expect(await h.prisma.experience.count()).toBe(1);

    await approveNext();
    expect(await archive().finished(interviewId)).toEqual({ outcome: 'unchanged', experienceId: a.experienceId });
    expect((await h.prisma.experience.findUniqueOrThrow({ where: { id: a.experienceId! } })).status).toBe('approved');
  });

  it('GIVEN an interview still in progress THEN finished does nothing', async () => {
    const interviewId = await parvinsInterview('named');
    await h.prisma.interview.update({ where: { id: interviewId }, data: { status: 'in_progress' } });
    expect((await archive().finished(interviewId)).outcome).toBe('not-finished');
    expect(await h.prisma.experience.count()).toBe(0);
  });
});

describe('curators decide on an interview as on an experience', () => {
  it('GIVEN a self-paced interview sent back for changes THEN the veteran hears it, is sent to /interview, and finishing again resubmits it', async () => {
    const interviewId = await parvinsInterview('named');
    const { experienceId } = await archive().finished(interviewId);

    await c.curator.presses(withButtons(await c.curator.says('/review')), 'Ask for changes');
    const sentBack = await c.curator.says('Please say more about the card catalogue.');

    expect(texts(sentBack)).toContain(`Sent #${experienceId} “Interview: Parvin Ahmadi” back for changes.`);
    const toParvin = sentBack.find((m) => m.chatId === 'dm-parvin')!;
    expect(toParvin.text).toBe(
      h.app.translator.t('en', 'interview.archive.notice-changes', {
        title: 'Interview: Parvin Ahmadi',
        note: 'Please say more about the card catalogue.',
        interview: String(interviewId),
      }),
    );
    expect(toParvin.text).toContain(`/interview ${interviewId}`);
    // Not the experiences' edit button: an interview changes through its answers.
    expect(toParvin.buttons).toBeUndefined();
    expect(sentBack.some((m) => m.chatId === 'dm-reza')).toBe(false);

    await h.prisma.interview.update({
      where: { id: interviewId },
      data: { answers: answers(['The card catalogue went online in 1380, drawer by drawer.']) },
    });
    expect(await archive().finished(interviewId)).toEqual({ outcome: 'resubmitted', experienceId });
    const again = withButtons(await c.curator.says('/review'));
    expect(again.text).toContain('drawer by drawer');
    expect(again.text).toContain('This is a new version, after the note: Please say more about the card catalogue.');
  });

  it('GIVEN a led interview rejected THEN the interviewer hears it, not the veteran', async () => {
    const interviewId = await finishedInterview(h, {
      communityId: c.communityId,
      veteranId: await memberId(h, 'Parvin'),
      veteranName: 'Parvin Ahmadi',
      interviewerId: await memberId(h, 'Reza'),
      consent: 'named',
      mode: 'led',
    });
    await archive().finished(interviewId);

    await c.curator.presses(withButtons(await c.curator.says('/review')), 'Reject');
    const rejected = await c.curator.says('A duplicate of an earlier interview.');

    expect(texts(rejected)).toContain('The author has been told.');
    expect(rejected.find((m) => m.chatId === 'dm-reza')?.text).toContain('was not accepted for the archive');
    expect(rejected.some((m) => m.chatId === 'dm-parvin')).toBe(false);
  });

  it('GIVEN a led interview of someone on no platform, published with their name THEN search shows that name', async () => {
    const interviewId = await finishedInterview(h, {
      communityId: c.communityId,
      veteranId: null,
      veteranName: 'Mahin Rahimi',
      interviewerId: await memberId(h, 'Reza'),
      consent: 'named',
      mode: 'led',
    });
    await archive().finished(interviewId);
    await approveNext();

    expect(texts(await sara.says('/search catalogue'))).toContain('“Interview: Mahin Rahimi”, Mahin Rahimi');
  });
});

describe('search and withdrawal', () => {
  const STORY = [
    'در آن سال‌ها کتابخانه‌های دیجیتال تازه پا گرفته بودند و فهرست‌نویسی را از نو یاد گرفتیم.',
    'می‌خواستیم همه‌ی منابع را به اشتراک بگذاریم.',
  ];

  it('GIVEN an anonymous Persian interview approved THEN /search finds it by its answers in any spelling, never naming the veteran', async () => {
    const interviewId = await parvinsInterview('anonymous', {
      language: 'fa',
      story: STORY,
      veteranName: 'پروین احمدی',
    });
    const { experienceId } = await archive().finished(interviewId);
    await approveNext();

    // `کتابخانه‌های` with its ZWNJ: found without it, with a space, and with an Arabic kaf and yeh.
    for (const query of ['کتابخانههای دیجیتال', 'کتابخانه های', 'كتابخانه‌هاي', 'فهرست‌نویسی']) {
      const replies = await sara.says(`/search ${query}`);
      expect(foundIds(replies), query).toEqual([experienceId]);
      expect(texts(replies)).not.toMatch(/Parvin|پروین|احمدی/);
    }
    const shown = await sara.presses(withButtons(await sara.says('/search دیجیتال')), `#${experienceId}`);
    expect(texts(shown)).toContain('مصاحبه با یک کتابدار پیشکسوت');
    expect(texts(shown)).toContain('Author: anonymous');
    expect(texts(shown)).not.toMatch(/Parvin|پروین|احمدی/);

    // Nor is the name in what search indexes.
    const [entry] = await h.prisma.$queryRaw<Array<{ words: string; titleWords: string }>>`
      SELECT "words"::text AS words, "titleWords" FROM "ExperienceIndexEntry" WHERE "experienceId" = ${experienceId}`;
    expect(entry!.words).toContain('دیجیتال');
    expect(`${entry!.words} ${entry!.titleWords}`).not.toMatch(/parvin|پروین|احمدی/);
  });

  it('GIVEN an approved interview withdrawn THEN search no longer finds it, and the interview keeps the record', async () => {
    const interviewId = await parvinsInterview('named', { language: 'fa', story: STORY });
    const { experienceId } = await archive().finished(interviewId);
    await approveNext();
    expect(foundIds(await sara.says('/search دیجیتال'))).toEqual([experienceId]);

    expect(await archive().withdrawn(interviewId)).toEqual({ removed: true });

    expect(texts(await sara.says('/search دیجیتال'))).toContain('No approved experience has all of the words');
    expect(await h.prisma.experienceIndexEntry.count()).toBe(0);
    const interview = await h.prisma.interview.findUniqueOrThrow({ where: { id: interviewId } });
    expect(interview.status).toBe('withdrawn');
    expect(interview.withdrawnAt).not.toBeNull();
    expect(interview.answers).toMatchObject({ story: { kind: 'long-text', parts: STORY } });
    // Not in the archive export either.
    const exported = await c.curator.says('/export experiences json');
    expect(JSON.parse(fileText(exported.find((m) => m.file)!)).experiences).toEqual([]);
  });

  it('GIVEN a pending interview withdrawn THEN it leaves the review queue', async () => {
    const interviewId = await parvinsInterview('named');
    await archive().finished(interviewId);
    await archive().withdrawn(interviewId);
    expect(texts(await c.curator.says('/review'))).toBe('Nothing is waiting for review.');
    // Finishing it again after a withdrawal brings nothing back.
    expect((await archive().finished(interviewId)).outcome).toBe('not-finished');
  });
});

describe('newsletters', () => {
  it('GIVEN approved interviews, one for members only, and an experience THEN the issue has an interview section without the members-only one', async () => {
    const named = await parvinsInterview('named');
    await archive().finished(named);
    await approveNext();
    const membersOnly = await parvinsInterview('members_only', { veteranName: 'Parvin A.' });
    await archive().finished(membersOnly);
    await approveNext();
    await parvin.says('/share Reading circles | #outreach Weekly reading circles for students.');
    await approveNext();
    // Members-only is still found by members.
    expect(foundIds(await sara.says('/search catalogue'))).toHaveLength(2);

    const preview = await c.curator.says('/newsletter', GROUP);
    expect(texts(preview)).toContain('The next issue would hold 2 experiences');
    expect(texts(preview)).not.toContain('Parvin A.');
    const published = await c.curator.presses(withButtons(preview), 'Publish', GROUP);
    const markdown = fileText(published.find((m) => m.file?.fileName === 'newsletter-1.md')!);

    const sections = markdown.split(/^## /m).slice(1);
    expect(sections.map((s) => s.split('\n')[0])).toEqual(['outreach', 'Interviews with veterans']);
    expect(sections[1]).toContain('### Interview: Parvin Ahmadi');
    expect(sections[1]).toContain('*Parvin Ahmadi*');
    expect(markdown).not.toContain('Parvin A.');
    expect(await h.prisma.newsletterItem.count()).toBe(2);
  });

  it('GIVEN an approved interview withdrawn before the issue THEN the issue leaves it out', async () => {
    const interviewId = await parvinsInterview('named');
    await archive().finished(interviewId);
    await approveNext();
    await parvin.says('/share Reading circles | Weekly reading circles for students.');
    await approveNext();
    const preview = await c.curator.says('/newsletter', GROUP);
    expect(texts(preview)).toContain('2 experiences');

    await archive().withdrawn(interviewId);
    const published = await c.curator.presses(withButtons(preview), 'Publish', GROUP);

    const markdown = fileText(published.find((m) => m.file?.fileName === 'newsletter-1.md')!);
    expect(markdown).toContain('Reading circles');
    expect(markdown).not.toContain('Interview');
  });
});
