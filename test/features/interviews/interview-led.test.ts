import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GROUP, Harness, texts, type Person } from '../../support/harness.ts';
import { communityWithChair, member } from '../polls/support.ts';
import { memberIdOf, nextSitting, press, sendFile, shown, theInterview } from './interview-support.ts';

/**
 * A led interview: the interviewer names the veteran (a member, or someone on no platform), the bot
 * prompts each question to the interviewer, who records the answers, and at the end the interviewer
 * records the veteran's consent on their behalf.
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

describe('a led interview', () => {
  it('GIVEN a veteran on no platform WHEN the interviewer records the answers THEN the consent is recorded as given through the interviewer', async () => {
    const who = texts(await nasrin.says('/interview veteran-career'));
    expect(who).toMatch(/Whom are you interviewing\?/);
    const started = texts(await nasrin.says('Mr. Hossein Karimi'));
    expect(started).toMatch(/with Mr\. Hossein Karimi \(on no platform: only the name is kept\)/);
    expect(started).toMatch(/Ask Mr\. Hossein Karimi:\nWhen did you start working in libraries\?/);

    // A date as /meeting reads it, in the Jalali calendar.
    await nasrin.says('۱۳۶۵/۰۷/۰۱');
    await nasrin.says('The library of the Faculty of Letters.');
    await nasrin.says('He answered the call of a teacher.');
    await press(h, nasrin, 'Done ✓');
    await press(h, nasrin, 'Skip');
    await press(h, nasrin, 'Yes, I did');
    await nasrin.says('Slowly: the cards stayed for ten years beside the screens.');
    await press(h, nasrin, 'Done ✓');
    await press(h, nasrin, 'Skip');
    await nextSitting(h);
    // The veteran's voice, recorded on the interviewer's phone, and a photo he brought.
    await sendFile(h, nasrin, { fileId: 'voice-karimi', mimeType: 'audio/ogg' });
    await press(h, nasrin, 'Skip');
    await sendFile(h, nasrin, { fileId: 'photo-karimi', fileName: 'reading-room.jpg', mimeType: 'image/jpeg' });
    await press(h, nasrin, 'Done ✓');
    await press(h, nasrin, 'Skip');

    const consent = shown(h, nasrin);
    expect(consent.text).toMatch(
      /Now ask Mr\. Hossein Karimi how the interview may be used, and record their choice on their behalf/,
    );
    const done = texts(await press(h, nasrin, 'Network members only'));
    expect(done).toMatch(/is finished — network members only \(recorded on the veteran’s behalf\)/);

    const row = await theInterview(h);
    expect(row).toMatchObject({
      mode: 'led',
      veteranId: null,
      veteranName: 'Mr. Hossein Karimi',
      interviewerId: await memberIdOf(h, nasrin),
      status: 'finished',
      consent: 'members_only',
      consentBy: 'interviewer',
    });
    const answers = row.answers as Record<string, unknown>;
    expect(answers.began).toEqual({ kind: 'date', day: '1986-09-23', time: null, typed: '۱۳۶۵/۰۷/۰۱' });
    expect(answers['catalogue-move']).toEqual({
      kind: 'long-text',
      parts: ['Slowly: the cards stayed for ten years beside the screens.'],
    });
    expect(answers['problem-voice']).toMatchObject({
      kind: 'media',
      files: [{ fileId: 'voice-karimi', media: 'voice' }],
    });
    expect(answers['library-photo']).toMatchObject({
      kind: 'media',
      files: [{ fileId: 'photo-karimi', fileName: 'reading-room.jpg', media: 'photo' }],
    });
    expect(await h.prisma.experience.count({ where: { interviewId: row.id, membersOnly: true } })).toBe(1);
    // No reminder is ever planned for a led interview: the interviewer sets the pace.
    expect(await h.prisma.interviewReminder.count()).toBe(0);

    // A veteran on no platform cannot withdraw: their interviewer does it for them.
    expect(texts(await nasrin.says(`/interview ${row.id} withdraw`))).toMatch(/is withdrawn/);
    expect((await theInterview(h)).status).toBe('withdrawn');
  });

  it('GIVEN a member named after the template THEN the interview is linked to them, and a wrong answer type is explained', async () => {
    const sara = await member(h, 'sara', { name: 'Sara Ahmadi' });
    const started = texts(await nasrin.says('/interview veteran-career Sara Ahmadi'));
    expect(started).toMatch(/with Sara Ahmadi \(a member of the network\)/);
    expect((await theInterview(h)).veteranId).toBe(await memberIdOf(h, sara));
    expect(texts(await nasrin.says('not a date at all'))).toMatch(/could not read “not a date at all” as a date/);
    await nasrin.says('1990');
    expect(texts(await sendFile(h, nasrin, { fileId: 'x', mimeType: 'image/png' }))).toMatch(
      /answered in writing: type the answer/,
    );
    expect((await theInterview(h)).currentKey).toBe('first-library');
  });

  it('GIVEN an @name that is no member THEN it is refused, since @ means a member', async () => {
    await nasrin.says('/interview veteran-career');
    expect(texts(await nasrin.says('@Nobody Here'))).toMatch(/I know no member of this network named “Nobody Here”/);
    expect(await h.prisma.interview.count()).toBe(0);
  });

  it('GIVEN a group THEN a led interview is refused there: it is recorded in a private chat', async () => {
    expect(texts(await nasrin.says('/interview veteran-career Mr. Karimi', GROUP))).toMatch(
      /\/interview works in a private chat/,
    );
    expect(await h.prisma.interview.count()).toBe(0);
  });

  it('GIVEN a template that does not exist THEN the ones that do are named', async () => {
    expect(texts(await nasrin.says('/interview career'))).toMatch(
      /no interview template “career”\. Templates: veteran-career/,
    );
  });
});
