import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GROUP, Harness, privateChat, texts, type Person } from '../../support/harness.ts';
import type { SentMessage } from '../../support/memory-adapter.ts';
import { communityWithChair, member } from '../polls/support.ts';
import { RoundAnswerService } from '../../../src/features/rounds/round-answer-service.ts';
import { RoundSubmissionRepository } from '../../../src/features/rounds/round-submission-repository.ts';
import { readAnswers } from '../../../src/features/rounds/round-answers.ts';
import { act, bare, labels, library, memberId, pressOp, round, sendFile, step } from './round-answer-support.ts';

let h: Harness;
beforeEach(async () => {
  h = await Harness.create();
  await communityWithChair(h);
});
afterEach(async () => {
  await h.close();
});

/** The first question, from the round's button in the group to the member's private chat. */
async function start(person: Person, roundId: number): Promise<SentMessage[]> {
  const invite = await act(h, person, 'rnd.go', String(roundId), GROUP);
  const privately = invite.find((m) => m.chatId === privateChat(person.userId).chatId);
  if (!privately) throw new Error(texts(invite));
  return person.presses(privately, 0);
}

/** Answers every question in English the short way, up to the summary. */
async function answerAll(person: Person, roundId: number, visits: string): Promise<SentMessage> {
  let now = step(await start(person, roundId));
  now = step(await person.says(visits)); // visits
  now = step(await pressOp(h, person, now, 'k')); // hours skipped
  now = step(await pressOp(h, person, now, 'o0')); // kind
  now = step(await pressOp(h, person, now, 'd')); // topics: none → skipped
  now = step(await pressOp(h, person, now, 's3')); // quality
  now = step(await pressOp(h, person, now, 'k')); // experience skipped
  return step(await pressOp(h, person, now, 'k')); // report skipped → summary
}

describe('answering a round, step by step', () => {
  it('GIVEN a Persian respondent THEN the whole round runs in Persian: digits, sections, back, choices, a text with ZWNJ and a file; the summary sends one version', async () => {
    const sara = await member(h, 'sara', { name: 'Sara' });
    await sara.says('/lang fa');
    const libraryId = await library(h, 'کتابخانهٔ مرکزی', [sara]);
    const roundId = await round(h);

    const opening = await start(sara, roundId);
    expect(bare(texts(opening))).toContain('شما از طرف کتابخانهٔ مرکزی پاسخ می‌دهید');
    let now = step(opening);
    expect(bare(now.text)).toContain('▌آمار');
    expect(bare(now.text)).toContain('پرسش ۱ از ۷');
    expect(bare(now.text)).toContain('شمار بازدیدها (الزامی)');
    expect(bare(now.text)).toContain('واحد: بازدید');
    expect(labels(now)).not.toContain('رد کردن'); // required: no Skip

    now = step(await sara.says('۱۲۳٬۴۵۶'));
    expect(bare(now.text)).toContain('پرسش ۲ از ۷');
    expect(bare(now.text)).toContain('از ۰ تا ۱٬۰۰۰');
    now = step(await sara.says('۱۲٫۵'));
    expect(bare(now.text)).toContain('▌فعالیت‌ها');
    now = step(await pressOp(h, sara, now, 'o1')); // single: آموزش
    now = step(await pressOp(h, sara, now, 't0')); // multi: toggles
    now = step(await pressOp(h, sara, now, 't2'));
    expect(labels(now).filter((l) => l.startsWith('✓ '))).toEqual(['✓ سواد اطلاعاتی', '✓ کودکان']);
    now = step(await pressOp(h, sara, now, 't2'));
    now = step(await pressOp(h, sara, now, 't1'));
    now = step(await pressOp(h, sara, now, 'd'));
    expect(labels(now)).toContain('۱ · بد');
    expect(labels(now)).toContain('۵ · خیلی خوب');
    now = step(await pressOp(h, sara, now, 's4'));

    now = step(await pressOp(h, sara, now, 'b')); // back to the scale: the answer is shown
    expect(bare(now.text)).toContain('پرسش ۵ از ۷');
    expect(bare(now.text)).toContain('پاسخ شما تا اینجا: ۴');
    now = step(await pressOp(h, sara, now, 's5'));

    expect(bare(now.text)).toContain('▌تجربه');
    const story = 'کتابخانه‌ها امسال می‌توانند کارگاه‌های بیشتری برگزار کنند.';
    expect(story).toContain('\u200c');
    now = step(await sara.says(story));
    expect(bare(now.text)).not.toContain('▌'); // the section started with the question before
    expect(bare(now.text)).toContain('پرسش ۷ از ۷');
    now = step(await sara.says('این هم گزارش')); // a text where a file is asked
    expect(bare(now.text)).toContain('لطفاً یک فایل پیوست بفرستید');
    const summary = step(
      await sendFile(h, sara, { fileId: 'FILE-1', fileName: 'گزارش.pdf', mimeType: 'application/pdf' }),
    );

    const shown = bare(summary.text);
    expect(shown).toContain('پاسخ‌های کتابخانهٔ مرکزی');
    expect(shown).toContain('۱. شمار بازدیدها — ۱۲۳٬۴۵۶ بازدید');
    expect(shown).toContain('۲. ساعت‌های آموزش — ۱۲٫۵');
    expect(shown).toContain('۳. فعالیت اصلی — آموزش');
    expect(shown).toContain('۴. موضوع‌ها — سواد اطلاعاتی و دیجیتال');
    expect(shown).toContain('۵. چطور پیش رفت؟ — ۵');
    expect(shown).toContain(`۶. تجربهٔ این فصل — ${story}`);
    expect(shown).toContain('۷. فایل گزارش — 📎 گزارش.pdf');
    expect(shown.indexOf('▌آمار')).toBeLessThan(shown.indexOf('▌فعالیت‌ها'));
    expect(labels(summary)).toContain('✎ ۷');

    const sent = await pressOp(h, sara, summary, 'y');
    expect(bare(texts(sent))).toContain(
      'سپاسگزاریم! گزارش کتابخانهٔ مرکزی «گزارش فعالیت فصلی» برای دورهٔ 1405-Q3 فرستاده شد.',
    );

    const submission = await h.prisma.roundSubmission.findFirstOrThrow({ include: { versions: true } });
    expect(submission).toMatchObject({ roundId, libraryId, subjectId: null, version: 1 });
    expect(submission.firstSubmittedAt).toEqual(submission.submittedAt);
    expect(readAnswers(submission.answers)).toEqual({
      visits: { kind: 'number', value: 123456 },
      hours: { kind: 'number', value: 12.5 },
      kind: { kind: 'choice', choices: [1] },
      topics: { kind: 'choice', choices: [0, 1] },
      quality: { kind: 'scale', value: 5 },
      experience: { kind: 'text', text: story },
      report: {
        kind: 'file',
        file: { platform: 'test', fileId: 'FILE-1', fileName: 'گزارش.pdf', mimeType: 'application/pdf' },
      },
    });
    expect(submission.versions).toHaveLength(1);
    expect(submission.versions[0]).toMatchObject({ version: 1, submittedById: await memberId(h, sara) });
    expect(await h.prisma.roundDraft.count()).toBe(0);
    // The typing flow ended with the submission: a message now is not taken as an answer.
    expect(bare(texts(await sara.says('۵۰')))).not.toContain('پرسش');
  });

  it('GIVEN a required question THEN a Skip (even a forged one) is refused and nothing moves', async () => {
    const sara = await member(h, 'sara');
    await library(h, 'Central', [sara]);
    const roundId = await round(h);
    const first = step(await start(sara, roundId));
    expect(labels(first)).not.toContain('Skip');
    const refused = await act(h, sara, 'rnd.a', `${roundId}.0.k`);
    expect(texts(refused)).toContain('This question is required: it cannot be skipped.');
    const draft = await h.prisma.roundDraft.findFirstOrThrow();
    expect(draft.position).toBe(0);
    expect(draft.answers).toEqual({});
    // An optional one has Skip, and the required choice refuses Done with nothing chosen.
    const second = step(await sara.says('10'));
    expect(labels(second)).toContain('Skip');
  });

  it('GIVEN numbers out of range, fractions for a count or words THEN each is refused clearly and the question waits', async () => {
    const sara = await member(h, 'sara');
    await library(h, 'Central', [sara]);
    const roundId = await round(h);
    await start(sara, roundId);
    expect(texts(await sara.says('12.5'))).toContain('Please type a whole number, without a fraction.');
    expect(texts(await sara.says('many'))).toContain('“many” is not a number I can read.');
    expect(texts(await sara.says('-4'))).toContain('The number must be at least 0.');
    const hours = step(await sara.says('1,234'));
    expect(hours.text).toContain('question 2 of 7');
    expect(hours.text).toContain('Type a number from 0 to 1,000.');
    expect(texts(await sara.says('5000'))).toContain('The number must be at most 1,000.');
    expect((await h.prisma.roundDraft.findFirstOrThrow()).position).toBe(1);
    const third = step(await sara.says('1 000'));
    expect(third.text).toContain('question 3 of 7');
    expect(readAnswers((await h.prisma.roundDraft.findFirstOrThrow()).answers)).toMatchObject({
      visits: { kind: 'number', value: 1234 },
      hours: { kind: 'number', value: 1000 },
    });
  });

  it('GIVEN a summary with a required answer missing THEN it says which, offers no Send, and a forged Send is refused', async () => {
    const sara = await member(h, 'sara');
    await library(h, 'Central', [sara]);
    const roundId = await round(h);
    await start(sara, roundId);
    // A draft at the summary without the required choice, as an older version of the bot could leave one.
    await h.prisma.roundDraft.updateMany({
      data: {
        position: 7,
        answers: {
          visits: { kind: 'number', value: 7 },
          hours: { kind: 'skipped' },
          topics: { kind: 'skipped' },
          quality: { kind: 'scale', value: 2 },
          experience: { kind: 'skipped' },
          report: { kind: 'skipped' },
        },
      },
    });
    const summary = step(await act(h, sara, 'rnd.go', String(roundId)));
    expect(summary.text).toContain('Required question 3 has no answer yet');
    expect(summary.text).toContain('3. Main activity — not answered yet');
    expect(labels(summary)).not.toContain('✅ Send');
    const refused = await act(h, sara, 'rnd.a', `${roundId}.7.y`);
    expect(texts(refused)).toContain('These required questions have no answer yet: 3.');
    expect(await h.prisma.roundSubmission.count()).toBe(0);
    // Its number opens it; once answered, the summary comes back (the others were answered).
    const third = step(await pressOp(h, sara, summary, 'c3'));
    expect(third.text).toContain('question 3 of 7');
    const back = step(await pressOp(h, sara, third, 'o2'));
    expect(back.text).toContain('please check them before sending');
    expect(labels(back)).toContain('✅ Send');
  });
});

describe('same as last time, resuming and editing', () => {
  it('GIVEN the library answered the previous period THEN each question offers its answer, and pressing it answers', async () => {
    const sara = await member(h, 'sara');
    const libraryId = await library(h, 'Central', [sara]);
    const earlier = await round(h, {
      label: '1405-Q2',
      periodStart: new Date('2026-06-21T20:30:00Z'),
      periodEnd: new Date('2026-09-22T20:30:00Z'),
      closedAt: new Date(),
    });
    const submission = await h.prisma.roundSubmission.create({
      data: {
        roundId: earlier,
        libraryId,
        answers: {
          visits: { kind: 'number', value: 120 },
          kind: { kind: 'choice', choices: [2] },
          hours: { kind: 'skipped' },
        },
        submittedAt: new Date(),
        firstSubmittedAt: new Date(),
      },
    });
    const roundId = await round(h);

    let now = step(await start(sara, roundId));
    expect(labels(now)).toContain('↺ Same as last time: 120 visits');
    now = step(await pressOp(h, sara, now, 'p'));
    expect(now.text).toContain('question 2 of 7');
    expect(labels(now).some((l) => l.startsWith('↺'))).toBe(false); // skipped last time: nothing to offer
    now = step(await pressOp(h, sara, now, 'k'));
    expect(labels(now)).toContain('↺ Same as last time: Events');
    await pressOp(h, sara, now, 'p');
    expect(readAnswers((await h.prisma.roundDraft.findFirstOrThrow()).answers)).toMatchObject({
      visits: { kind: 'number', value: 120 },
      kind: { kind: 'choice', choices: [2] },
    });

    const previous = await h.app.services.roundAnswers.previousSubmissions(roundId);
    expect(previous).toEqual({
      roundId: earlier,
      periodLabel: '1405-Q2',
      submissions: [{ libraryId, subjectId: null, answers: readAnswers(submission.answers) }],
    });
    expect(await h.app.services.roundAnswers.previousSubmissions(earlier)).toBeNull();
  });

  it('GIVEN a member half-way WHEN the bot restarts THEN a typed answer and the round’s button both go on from the draft', async () => {
    const sara = await member(h, 'sara');
    await library(h, 'Central', [sara]);
    const roundId = await round(h);
    await start(sara, roundId);
    await sara.says('42');

    await h.restart();
    const third = step(await sara.says('3.5'));
    expect(third.text).toContain('question 3 of 7');
    await h.restart();
    const again = await act(h, sara, 'rnd.go', String(roundId));
    expect(texts(again)).toContain('Welcome back: you continue where you stopped.');
    expect(step(again).text).toContain('question 3 of 7');

    // A new service over the same database reads the same place.
    const service = new RoundAnswerService(new RoundSubmissionRepository(h.prisma));
    const start2 = await service.begin(roundId, await memberId(h, sara), new Date());
    expect(start2.kind === 'answering' && start2.resumed && start2.progress.position).toBe(2);
  });

  it('GIVEN a stale button from an earlier question THEN nothing moves and the current question is shown', async () => {
    const sara = await member(h, 'sara');
    await library(h, 'Central', [sara]);
    const roundId = await round(h);
    await start(sara, roundId);
    const second = step(await sara.says('42'));
    step(await pressOp(h, sara, second, 'k'));
    const stale = await pressOp(h, sara, second, 'k');
    expect(texts(stale)).toContain('That button was for another step. Here is where you are:');
    expect(step(stale).text).toContain('question 3 of 7');
    expect((await h.prisma.roundDraft.findFirstOrThrow()).position).toBe(2);
  });

  it('GIVEN two respondents of one library WHEN both send THEN one submission, the later version kept, both versions recorded', async () => {
    const sara = await member(h, 'sara');
    const omid = await member(h, 'omid');
    const libraryId = await library(h, 'Central', [sara, omid]);
    const roundId = await round(h);

    const saraSummary = await answerAll(sara, roundId, '100');
    const omidSummary = await answerAll(omid, roundId, '250');
    const first = await pressOp(h, sara, saraSummary, 'y');
    expect(texts(first)).toContain('The report of Central “Quarterly activity” for 1405-Q3 is sent.');
    const firstRow = await h.prisma.roundSubmission.findFirstOrThrow();
    const second = await pressOp(h, omid, omidSummary, 'y');
    expect(texts(second)).toContain('is sent (version 2)');

    const rows = await h.prisma.roundSubmission.findMany({ include: { versions: { orderBy: { version: 'asc' } } } });
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({ libraryId, version: 2, submittedById: await memberId(h, omid) });
    expect(readAnswers(row!.answers).visits).toEqual({ kind: 'number', value: 250 });
    expect(row!.firstSubmittedAt).toEqual(firstRow.firstSubmittedAt);
    expect(row!.versions.map((v) => [v.version, v.submittedById, readAnswers(v.answers).visits])).toEqual([
      [1, await memberId(h, sara), { kind: 'number', value: 100 }],
      [2, await memberId(h, omid), { kind: 'number', value: 250 }],
    ]);

    const service = h.app.services.roundAnswers;
    expect(await service.submittedLibraryIds(roundId)).toEqual([libraryId]);
    expect(await service.submissionsOf(roundId)).toEqual([
      {
        libraryId,
        subjectId: null,
        answers: readAnswers(row!.answers),
        version: 2,
        firstSubmittedAt: row!.firstSubmittedAt,
        submittedAt: row!.submittedAt,
        submittedById: await memberId(h, omid),
      },
    ]);
  });

  it('GIVEN two respondents sending at the same moment THEN the row lock makes versions 1 and 2, never an error', async () => {
    const sara = await member(h, 'sara');
    const omid = await member(h, 'omid');
    await library(h, 'Central', [sara, omid]);
    const roundId = await round(h);
    const service = h.app.services.roundAnswers;
    const atSummary = async (person: Person, visits: number) => {
      const id = await memberId(h, person);
      const begun = await service.begin(roundId, id, new Date());
      if (begun.kind !== 'answering') throw new Error('not answering');
      await h.prisma.roundDraft.updateMany({
        where: { memberId: id },
        data: {
          position: 7,
          answers: { visits: { kind: 'number', value: visits }, kind: { kind: 'choice', choices: [0] } },
        },
      });
      return service.resume(roundId, id, new Date());
    };
    const [a, b] = await Promise.all([atSummary(sara, 1), atSummary(omid, 2)]);
    const sent = await Promise.all([service.submit(a, new Date()), service.submit(b, new Date())]);
    expect(sent.map((s) => s?.version).sort()).toEqual([1, 2]);
    expect(await h.prisma.roundSubmission.count()).toBe(1);
    expect(await h.prisma.roundSubmissionVersion.count()).toBe(2);
    // A second press of the same Send finds no draft: nothing is sent twice.
    await expect(service.submit(a, new Date())).resolves.toBeNull();
    expect(await h.prisma.roundSubmissionVersion.count()).toBe(2);
  });

  it('GIVEN a sent report WHEN the start button is pressed again THEN editing starts from the sent answers and sends version 2', async () => {
    const sara = await member(h, 'sara');
    await library(h, 'Central', [sara]);
    const roundId = await round(h);
    await pressOp(h, sara, await answerAll(sara, roundId, '100'), 'y');

    const offered = await act(h, sara, 'rnd.go', String(roundId));
    expect(texts(offered)).toContain(
      'Central has already sent the report “Quarterly activity” for 1405-Q3 (version 1,',
    );
    const summary = step(
      await sara.presses(step(offered), '✎ Edit our answers').catch((e) => {
        throw e;
      }),
    );
    expect(summary.text).toContain('You are changing the answers sent for Central.');
    expect(summary.text).toContain('1. Visits — 100 visits');
    expect(summary.text).toContain('Sending replaces version 1');
    const first = step(await pressOp(h, sara, summary, 'c1'));
    expect(first.text).toContain('Your answer so far: 100 visits');
    const changed = step(await sara.says('130'));
    expect(changed.text).toContain('1. Visits — 130 visits');
    expect(texts(await pressOp(h, sara, changed, 'y'))).toContain('is sent (version 2)');
    const row = await h.prisma.roundSubmission.findFirstOrThrow();
    expect(row.version).toBe(2);
    expect(readAnswers(row.answers)).toMatchObject({
      visits: { kind: 'number', value: 130 },
      quality: { kind: 'scale', value: 3 },
    });
  });
});

describe('who may answer, and when', () => {
  it('GIVEN a closed round THEN answering and editing are refused, and a draft in progress is stopped', async () => {
    const sara = await member(h, 'sara');
    await library(h, 'Central', [sara]);
    const roundId = await round(h);
    await start(sara, roundId);
    await h.prisma.reportRound.update({ where: { id: roundId }, data: { closedAt: new Date() } });
    const closed = 'is closed: answers can no longer be sent or changed.';
    expect(texts(await sara.says('12'))).toContain(`Round #${roundId} ${closed}`);
    expect(texts(await act(h, sara, 'rnd.go', String(roundId)))).toContain(closed);
    expect(texts(await act(h, sara, 'rnd.edit', String(roundId)))).toContain(closed);
    expect(texts(await act(h, sara, 'rnd.go', String(roundId), GROUP))).toContain(closed);
    expect(await h.prisma.roundSubmission.count()).toBe(0);
    // The typing flow ended: the next message is no answer.
    expect(texts(await sara.says('12'))).not.toContain('closed');
  });

  it('GIVEN a round not open yet THEN the member is told when it opens', async () => {
    const sara = await member(h, 'sara');
    await library(h, 'Central', [sara]);
    const roundId = await round(h, { opensAt: new Date(Date.now() + 3 * 24 * 3600_000) });
    expect(texts(await act(h, sara, 'rnd.go', String(roundId)))).toMatch(
      new RegExp(`Round #${roundId} is not open yet: it opens \\d`),
    );
  });

  it('GIVEN a member who answers for no library THEN they are told to choose it with /library, privately or in the group', async () => {
    const sara = await member(h, 'sara');
    const roundId = await round(h);
    const told = 'you do not answer for a library yet. Choose your library with /library';
    expect(texts(await act(h, sara, 'rnd.go', String(roundId), GROUP))).toContain(told);
    expect(texts(await act(h, sara, 'rnd.go', String(roundId)))).toContain(told);
    expect(await h.prisma.roundDraft.count()).toBe(0);
  });

  it('GIVEN a committee round THEN a library of another committee is refused, one of the committee answers', async () => {
    const sara = await member(h, 'sara');
    const omid = await member(h, 'omid');
    const community = (await h.prisma.community.findFirstOrThrow()).id;
    const north = await h.prisma.committee.create({ data: { communityId: community, name: 'North' } });
    const south = await h.prisma.committee.create({ data: { communityId: community, name: 'South' } });
    await library(h, 'Tabriz', [sara], north.id);
    await library(h, 'Shiraz', [omid], south.id);
    const roundId = await round(h, { audience: 'committee', committeeId: north.id });
    expect(step(await start(sara, roundId)).text).toContain('question 1 of 7');
    expect(texts(await act(h, omid, 'rnd.go', String(roundId)))).toContain(
      `Round #${roundId} asks the libraries of one committee, and Shiraz is not one of them.`,
    );
  });

  it('GIVEN a round about people THEN every member answers for themself', async () => {
    const sara = await member(h, 'sara');
    const roundId = await round(h, { audience: 'members' });
    const opening = await start(sara, roundId);
    expect(texts(opening)).toContain('You answer for yourself.');
    await pressOp(h, sara, await answerAll(sara, roundId, '5'), 'y');
    const row = await h.prisma.roundSubmission.findFirstOrThrow();
    expect(row).toMatchObject({ libraryId: null, subjectId: await memberId(h, sara), version: 1 });
    expect(await h.app.services.roundAnswers.submittedLibraryIds(roundId)).toEqual([]);
  });

  it('GIVEN a round of another community’s number THEN its button is refused as unknown', async () => {
    const sara = await member(h, 'sara');
    expect(texts(await act(h, sara, 'rnd.go', '999'))).toContain(
      'This button does not belong to a report round of your community.',
    );
    expect(texts(await act(h, sara, 'rnd.a', 'garbage'))).toContain('This button is no longer valid.');
  });
});

describe('stopping and going on', () => {
  it('GIVEN a member who stops THEN the answers are kept, a typed message is no answer, and Continue goes on where they were', async () => {
    const sara = await member(h, 'sara');
    await library(h, 'Central', [sara]);
    const roundId = await round(h);
    await start(sara, roundId);
    const second = step(await sara.says('42'));
    const paused = await pressOp(h, sara, second, 'x');
    expect(texts(paused)).toContain('Stopped. Your answers so far are kept (1 of 7).');
    expect(texts(await sara.says('12'))).not.toContain('question');
    const resumed = step(await sara.presses(step(paused), 'Continue'));
    expect(resumed.text).toContain('question 2 of 7');
    // A typed answer where buttons are expected is shown the question again, with a word why.
    const third = step(await sara.says('5'));
    expect(texts([step(await sara.says('Lending'))])).toContain('Please answer this question with the buttons.');
    expect(third.text).toContain('question 3 of 7');
    // /cancel stops too, and says how to go on.
    expect(texts(await sara.says('/cancel'))).toContain('Stopped. Your answers so far are kept (2 of 7).');
  });
});
