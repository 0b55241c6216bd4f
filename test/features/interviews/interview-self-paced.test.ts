import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GROUP, Harness, privateChat, texts, type Person } from '../../support/harness.ts';
import { communityWithChair, member } from '../polls/support.ts';
import { interviewIdIn, memberIdOf, nextSitting, press, sendFile, shown, theInterview } from './interview-support.ts';

/**
 * A self-paced interview from the veteran's side: invited by an interviewer, asked privately in their
 * own language, one question at a time, with a follow-up only for the answer that calls for it, a
 * voice message and a photo kept by reference, a restart in the middle, and the consent at the end.
 */
let h: Harness;
let nasrin: Person;
beforeEach(async () => {
  h = await Harness.create();
  ({ chair: nasrin } = await communityWithChair(h));
});
afterEach(async () => {
  await h.close();
});

async function invite(veteran: Person, name: string): Promise<number> {
  const replies = await nasrin.says(`/interview veteran-career invite ${name}`, GROUP);
  expect(texts(replies)).toMatch(/is invited/);
  return interviewIdIn(replies);
}

describe('a self-paced interview', () => {
  it('GIVEN an invited veteran WHEN they answer over a restart THEN the follow-up, the voice message and the photo are kept, and the consent finishes it', async () => {
    const sara = await member(h, 'sara', { name: 'Sara Ahmadi' });
    const id = await invite(sara, 'Sara Ahmadi');

    const invitation = shown(h, sara);
    expect(invitation.text).toMatch(/Nasrin invites you to an interview/);
    expect(invitation.text).toContain('A veteran librarian’s career');
    await press(h, sara, 'Begin');
    expect(shown(h, sara).text).toMatch(/When did you start working in libraries\?/);
    expect(shown(h, sara).text).toMatch(/question 1 of 10/);

    await sara.says('۱۳۶۵');
    expect(shown(h, sara).text).toMatch(/Which library was your first/);
    await sara.says('The central library of Tabriz University, at the lending desk.');
    expect(shown(h, sara).text).toMatch(/What brought you to library work\?/);
    // A long answer over several messages, finished with Done.
    expect(texts(await sara.says('My aunt was a librarian.'))).toMatch(/1 message so far/);
    expect(texts(await sara.says('She took me to work on Thursdays.'))).toMatch(/2 messages so far/);
    await press(h, sara, 'Done ✓');
    await sara.says('Computers, then the internet.');
    await press(h, sara, 'Done ✓');
    expect(shown(h, sara).text).toMatch(/Did you work with card catalogues\?/);
    await press(h, sara, 'Yes, I did');
    // The follow-up, asked because of that answer; the count of questions grows by one.
    expect(shown(h, sara).text).toMatch(/move from cards to the computer/);
    expect(shown(h, sara).text).toMatch(/question 6 of 11/);

    await h.restart();
    await nextSitting(h);
    const back = texts(await sara.says('/interview'));
    expect(back).toMatch(/Welcome back/);
    expect(back).toMatch(/move from cards to the computer/);
    await sara.says('We typed forty thousand cards in two years.');
    await press(h, sara, 'Done ✓');
    await sara.says('Our basement flooded; we dried the cards on washing lines.');
    await press(h, sara, 'Done ✓');

    expect(shown(h, sara).text).toMatch(/send a voice message/);
    // A Telegram voice note: Ogg/Opus without a name. One file is the whole answer: the next question follows.
    await sendFile(h, sara, { fileId: 'voice-file-1', mimeType: 'audio/ogg' });
    expect(shown(h, sara).text).toMatch(/What would you tell a colleague/);
    await press(h, sara, 'Skip');
    expect(shown(h, sara).text).toMatch(/photo of the library as it was then/);
    const received = texts(
      await sendFile(h, sara, { fileId: 'photo-file-1', mimeType: 'image/jpeg', caption: 'Reading room, 1366' }),
    );
    expect(received).toMatch(/Received: 1 of 3/);
    await press(h, sara, 'Done ✓');
    await press(h, sara, 'Skip');

    const consent = shown(h, sara);
    expect(consent.text).toMatch(/Before anything is published/);
    expect(consent.buttons!.flat().map((b) => b.label)).toEqual([
      'Publish with the name',
      'Publish anonymously',
      'Network members only',
      'Keep private (archive only)',
      '◀ Back',
      'Pause',
    ]);
    const finished = await press(h, sara, 'Publish anonymously');
    expect(texts(finished)).toMatch(/Interview #\d+ .* is finished — publish anonymously/);
    expect(texts(finished)).toMatch(/goes to the curators/);
    // The interviewer hears of it privately.
    const nasrinChat = privateChat(nasrin.userId).chatId;
    expect(texts(finished.filter((m) => m.chatId === nasrinChat))).toMatch(/Sara Ahmadi finished interview/);

    const row = await theInterview(h);
    expect(row).toMatchObject({
      id,
      mode: 'self',
      status: 'finished',
      consent: 'anonymous',
      consentBy: 'veteran',
      veteranId: await memberIdOf(h, sara),
      currentKey: null,
    });
    const answers = row.answers as Record<string, unknown>;
    expect(answers.began).toEqual({ kind: 'year', year: 1365, calendar: 'persian', typed: '۱۳۶۵' });
    expect(answers['card-catalogue']).toEqual({ kind: 'choice', choice: 0 });
    expect(answers['why-libraries']).toEqual({
      kind: 'long-text',
      parts: ['My aunt was a librarian.', 'She took me to work on Thursdays.'],
    });
    expect(answers['problem-voice']).toEqual({
      kind: 'media',
      files: [
        {
          platform: 'test',
          fileId: 'voice-file-1',
          fileName: null,
          mimeType: 'audio/ogg',
          media: 'voice',
          caption: null,
        },
      ],
    });
    expect(answers['library-photo']).toEqual({
      kind: 'media',
      files: [
        {
          platform: 'test',
          fileId: 'photo-file-1',
          fileName: null,
          mimeType: 'image/jpeg',
          media: 'photo',
          caption: 'Reading room, 1366',
        },
      ],
    });
    expect(answers.advice).toEqual({ kind: 'skipped' });
    // Handed to the archive: an interview experience waiting for the curators, anonymous.
    const experience = await h.prisma.experience.findUniqueOrThrow({ where: { interviewId: id } });
    expect(experience).toMatchObject({ kind: 'interview', status: 'pending', consent: 'anonymous' });
  });

  it('GIVEN the veteran answers No THEN the follow-up is never asked, and Back leaves the answers as they were', async () => {
    const sara = await member(h, 'sara', { name: 'Sara Ahmadi' });
    await invite(sara, 'Sara Ahmadi');
    await press(h, sara, 'Begin');
    await press(h, sara, 'Skip');
    await press(h, sara, 'Skip');
    await press(h, sara, 'Skip');
    await press(h, sara, 'Skip');
    await press(h, sara, 'No');
    expect(shown(h, sara).text).toMatch(/Think of a hard problem/);
    expect(shown(h, sara).text).toMatch(/question 6 of 10/);
    // Back returns to the choice, which shows the answer given; changing it opens the branch.
    await press(h, sara, '◀ Back');
    expect(shown(h, sara).text).toMatch(/Did you work with card catalogues\?/);
    expect(
      shown(h, sara)
        .buttons!.flat()
        .map((b) => b.label),
    ).toContain('✓ No');
    await press(h, sara, 'Yes, I did');
    expect(shown(h, sara).text).toMatch(/move from cards to the computer/);
    // And back to No: the branch's answer (none yet) is not kept, and it is not asked.
    await press(h, sara, '◀ Back');
    await press(h, sara, 'No');
    expect(shown(h, sara).text).toMatch(/Think of a hard problem/);
    const row = await theInterview(h);
    expect(row.currentKey).toBe('problem');
    expect(Object.keys(row.answers as object)).not.toContain('catalogue-move');
  });

  it('GIVEN a stale button from an earlier question THEN nothing moves and the current question is shown again', async () => {
    const sara = await member(h, 'sara', { name: 'Sara Ahmadi' });
    await invite(sara, 'Sara Ahmadi');
    await press(h, sara, 'Begin');
    const first = shown(h, sara);
    await sara.says('1986');
    const again = texts(await sara.presses(first, 'Skip'));
    expect(again).toMatch(/That button was for another step/);
    expect(again).toMatch(/Which library was your first/);
    const row = await theInterview(h);
    expect((row.answers as Record<string, unknown>).began).toMatchObject({ kind: 'year', year: 1986 });
  });

  it('GIVEN a Persian-speaking veteran THEN the invitation and the questions are in Persian', async () => {
    const sara = await member(h, 'sara', { name: 'Sara Ahmadi' });
    await sara.says('/lang fa');
    await invite(sara, 'Sara Ahmadi');
    expect(shown(h, sara).text).toContain('کارنامهٔ یک کتابدار پیشکسوت');
    await press(h, sara, 'شروع');
    expect(shown(h, sara).text).toContain('از چه زمانی کار در کتابخانه را آغاز کردید؟');
    const row = await theInterview(h);
    expect(row.language).toBe('fa');
  });

  it('GIVEN the interviewer THEN /interviews shows the veteran, how far they got, and the status', async () => {
    const sara = await member(h, 'sara', { name: 'Sara Ahmadi' });
    const id = await invite(sara, 'Sara Ahmadi');
    await press(h, sara, 'Begin');
    await sara.says('1986');
    await sara.says('Tabriz');
    const list = texts(await nasrin.says('/interviews'));
    expect(list).toMatch(
      new RegExp(
        `#${id} A veteran librarian’s career — Sara Ahmadi \\(self-paced\\): 2 of 10 answered, last answer .+; in progress`,
      ),
    );
    // The interviewer cannot answer for the veteran of a self-paced interview.
    expect(texts(await nasrin.says(`/interview ${id}`))).toMatch(/answered by Sara Ahmadi themself/);
  });

  it('GIVEN a name that is no member THEN an invitation is refused: the veteran must be able to answer', async () => {
    expect(texts(await nasrin.says('/interview veteran-career invite Nobody Known'))).toMatch(
      /I know no member of this network named “Nobody Known”/,
    );
    expect(await h.prisma.interview.count()).toBe(0);
  });

  it('GIVEN a finished interview WHEN the veteran withdraws it THEN it is withdrawn, the archive lets it go, and the interviewer is told', async () => {
    const sara = await member(h, 'sara', { name: 'Sara Ahmadi' });
    const id = await invite(sara, 'Sara Ahmadi');
    await press(h, sara, 'Begin');
    await sara.says('1986');
    for (let i = 0; i < 9; i++) {
      const labels = shown(h, sara)
        .buttons!.flat()
        .map((b) => b.label);
      await press(h, sara, labels.includes('No') ? 'No' : 'Skip');
    }
    await nextSitting(h);
    await press(h, sara, 'Publish with the name');
    expect(await h.prisma.experience.count({ where: { interviewId: id } })).toBe(1);

    // The interviewer may not withdraw what the veteran consented to.
    expect(texts(await nasrin.says(`/interview ${id} withdraw`))).toMatch(/Only Sara Ahmadi can withdraw/);
    const replies = await sara.says(`/interview ${id} withdraw`);
    expect(texts(replies)).toMatch(/is withdrawn\. It leaves search, newsletters and exports/);
    expect(texts(replies.filter((m) => m.chatId === privateChat(nasrin.userId).chatId))).toMatch(
      /Sara Ahmadi withdrew interview/,
    );
    const row = await theInterview(h);
    expect(row.status).toBe('withdrawn');
    expect(row.withdrawnAt).not.toBeNull();
    expect(await h.prisma.experience.count({ where: { interviewId: id } })).toBe(0);
    expect(texts(await sara.says(`/interview ${id} withdraw`))).toMatch(/already withdrawn/);
  });

  it('GIVEN the curators asked for changes THEN /interview ID opens it again at the consent, and consenting again sends it back', async () => {
    const sara = await member(h, 'sara', { name: 'Sara Ahmadi' });
    const id = await invite(sara, 'Sara Ahmadi');
    await press(h, sara, 'Begin');
    await sara.says('1986');
    for (let i = 0; i < 9; i++) {
      const labels = shown(h, sara)
        .buttons!.flat()
        .map((b) => b.label);
      await press(h, sara, labels.includes('No') ? 'No' : 'Skip');
    }
    await nextSitting(h);
    await press(h, sara, 'Publish with the name');
    // Finished and not sent back: it cannot be opened again.
    expect(texts(await sara.says(`/interview ${id}`))).toMatch(/already finished/);
    await h.prisma.experience.updateMany({ where: { interviewId: id }, data: { status: 'changes_requested' } });

    const reopened = texts(await sara.says(`/interview ${id}`));
    expect(reopened).toMatch(/The curators asked for changes/);
    expect(reopened).toMatch(/Before anything is published/);
    await press(h, sara, '◀ Back');
    expect(shown(h, sara).text).toMatch(/Is there anything else you would like to say/);
    await sara.says('Thank you all for listening.');
    await press(h, sara, 'Done ✓');
    await press(h, sara, 'Publish with the name');
    const row = await theInterview(h);
    expect(row.status).toBe('finished');
    expect((row.answers as Record<string, unknown>)['anything-else']).toEqual({
      kind: 'long-text',
      parts: ['Thank you all for listening.'],
    });
    expect((await h.prisma.experience.findUniqueOrThrow({ where: { interviewId: id } })).status).toBe('pending');
  });
});
