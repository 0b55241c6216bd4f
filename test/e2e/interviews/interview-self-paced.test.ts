import { afterEach, describe, expect, it } from 'vitest';
import * as tg from '../../fakes/telegram/updates.ts';
import { InterviewBot } from './interview-bot.ts';
import { labels, TelegramPerson } from './telegram-person.ts';
import { readInterviewZip } from './interview-zip.ts';

/**
 * Issue 20, "Must show", first item: the real bot process (src/main.ts, on the real clock) against the
 * Telegram fake. An interviewer invites a veteran, who answers the shipped "veteran librarian's career"
 * privately: the follow-up on card catalogues is asked because she worked with them, a voice message
 * and a photo are sent as answers, and the bot is killed (SIGKILL) between the two and started again on
 * the same database, where `/interview` goes on at the same question. She publishes anonymously; a
 * curator approves it from /review; `/search` finds it by the words of one answer without her name;
 * the curator's export is a ZIP (read with fflate) with both transcripts, both media files fetched from
 * the platform only then (the bytes the fake keeps for those file ids), and Dublin Core metadata whose
 * `rights` is anonymous and that names no contributor; once she withdraws it, search no longer finds it.
 */

const network = tg.group(-1001820000000, 'Library network');
const leila = tg.person(2001, 'Leila', { last_name: 'Karimi', language_code: 'en' });
const ali = tg.person(2002, 'Ali', { language_code: 'en' });
const parvin = tg.person(2003, 'Parvin', { last_name: 'Ahmadi', language_code: 'en' });
const reza = tg.person(2004, 'Reza', { language_code: 'en' });

/** Every byte value: any re-encoding on the way would show. */
const VOICE = Buffer.from([0x4f, 0x67, 0x67, 0x53, ...Array.from({ length: 3000 }, (_, i) => (i * 11) % 256)]);
const PHOTO = Buffer.from([
  0xff,
  0xd8,
  0xff,
  0xe0,
  ...Array.from({ length: 5000 }, (_, i) => (i * 7) % 256),
  0xff,
  0xd9,
]);
const VOICE_ID = 'voice-parvin-flood-story';
const PHOTO_ID = 'photo-parvin-reading-room';
/** The answer /search looks in. */
const PROBLEM =
  'In 1372 our basement flooded and we dried the rare books page by page on washing lines in the courtyard.';
const CATALOGUE_MOVE = 'We typed forty thousand cards into the computer in two years.';
/** Her name, in any of the ways it could show. */
const HER_NAME = /Parvin|Ahmadi/;

let bot: InterviewBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

/** The experience ids a /search answer lists (`1. #12 “…”`). */
function foundIds(text: string): number[] {
  return [...text.matchAll(/^\d+\. #(\d+)/gm)].map((m) => Number(m[1]));
}

describe('a self-paced interview on Telegram, end to end (issue 20)', () => {
  it(
    'GIVEN a veteran invited to the career interview WHEN she answers the follow-up, a voice message and a photo across a bot restart and publishes anonymously ' +
      'THEN a curator approves it, /search finds it without her name, the export ZIP holds both transcripts, both media and anonymous metadata, and withdrawing it takes it out of search',
    async () => {
      const b = (bot = await InterviewBot.onTelegram());
      const fake = b.telegram!;
      const [interviewer, curator, veteran, reader] = [leila, ali, parvin, reza].map(
        (u) => new TelegramPerson(b, u),
      ) as [TelegramPerson, TelegramPerson, TelegramPerson, TelegramPerson];

      // The community: Leila's group; Ali its curator; Parvin and Reza members, each with a private chat.
      fake.memberStatus.set(`${network.id}:${leila.id}`, 'creator');
      await interviewer.saysIn(network, '/setup new Library network', /“Library network” is created/);
      const aliHello = tg.textMessage(network, ali, 'Hello everyone');
      await curator.posts(aliHello);
      await interviewer.saysIn(network, '/role curator', /Ali is now/, { reply_to_message: aliHello.message });
      await veteran.posts(tg.textMessage(network, parvin, 'سلام به همه'));
      await reader.posts(tg.textMessage(network, reza, 'Hello everyone'));
      for (const person of [interviewer, curator, veteran, reader]) await person.says('/start', /./);
      // An experience approved before: the interview's submission gets a number of its own, not the
      // interview's, and search has something else to leave out.
      await reader.says('/share Reading circles | Weekly reading circles for students.', /submitted as experience #1/);
      await curator.says('/review', /Submission #1/);
      await curator.presses('Approve', /Approved #1/);

      // The invitation, from the group: Parvin is asked privately.
      const invited = await interviewer.saysIn(
        network,
        '/interview veteran-career invite Parvin Ahmadi',
        /Parvin Ahmadi is invited/,
      );
      const id = Number(/Interview #(\d+)/.exec(invited.text)![1]);
      const invitation = await veteran.awaits(/invites you to an interview/);
      expect(invitation.text).toContain('A veteran librarian’s career');
      expect(labels(invitation)).toEqual(['Begin']);

      // Beginnings: a Jalali year, a one-message answer, a story over two messages.
      const first = await veteran.presses('Begin', /When did you start working in libraries\?/);
      expect(first.text).toMatch(/question 1 of 10/);
      await veteran.says('۱۳۶۵', /Which library was your first/);
      await veteran.says('The central library of Tabriz University, at the lending desk.', /What brought you/);
      await veteran.says('My aunt was a librarian.', /1 message so far/);
      await veteran.says('She took me to work on Thursdays.', /2 messages so far/);
      await veteran.presses('Done ✓', /which changes mattered most/);
      await veteran.says('Computers came, then the internet.', /1 message so far/);
      await veteran.presses('Done ✓', /Did you work with card catalogues\?/);

      // The branch: "Yes" brings the follow-up, and the interview grows from 10 questions to 11.
      const followUp = await veteran.presses('Yes, I did', /move from cards to the computer/);
      expect(followUp.text).toMatch(/question 6 of 11/);
      await veteran.says(CATALOGUE_MOVE, /1 message so far/);
      await veteran.presses('Done ✓', /Think of a hard problem/);
      await veteran.says(PROBLEM, /1 message so far/);
      await veteran.presses('Done ✓', /send a voice message/);

      // The voice message: one file answers the question, and the next one follows.
      const advice = await veteran.sendsVoice(VOICE_ID, VOICE, /What would you tell a colleague/);
      expect(advice.text).toMatch(/question 9 of 11/);

      // The bot dies mid-interview (SIGKILL: nothing flushed) and starts again on the same database.
      await b.restart('SIGKILL');
      const resumed = await veteran.says('/interview', /Welcome back/);
      expect(resumed.text).toMatch(/What would you tell a colleague/);
      expect(resumed.text).toMatch(/question 9 of 11/);
      await veteran.says('Ask the readers: they know what a library is for.', /1 message so far/);
      await veteran.presses('Done ✓', /photo of the library as it was then/);
      await veteran.sendsPhoto(PHOTO_ID, PHOTO, 'The reading room, 1368', /Received: 1 of 3/);
      await veteran.presses('Done ✓', /anything else you would like to say/);

      // The consent, hers: anonymously.
      const consent = await veteran.presses('Skip', /Before anything is published/);
      expect(labels(consent)).toEqual([
        'Publish with the name',
        'Publish anonymously',
        'Network members only',
        'Keep private (archive only)',
        '◀ Back',
        'Pause',
      ]);
      const before = interviewer.received().length;
      const finished = await veteran.presses('Publish anonymously', /is finished — publish anonymously/);
      expect(finished.text).toMatch(/goes to the curators/);
      await interviewer.awaits(new RegExp(`Parvin Ahmadi finished interview #${id}`), before);

      const interview = await b.db.prisma.interview.findUniqueOrThrow({ where: { id } });
      expect(interview).toMatchObject({ mode: 'self', status: 'finished', consent: 'anonymous', consentBy: 'veteran' });
      const answers = interview.answers as Record<string, unknown>;
      expect(answers['card-catalogue']).toEqual({ kind: 'choice', choice: 0 });
      expect(answers['catalogue-move']).toEqual({ kind: 'long-text', parts: [CATALOGUE_MOVE] });
      expect(answers['problem-voice']).toMatchObject({
        kind: 'media',
        files: [{ platform: 'telegram', fileId: VOICE_ID, mimeType: 'audio/ogg', media: 'voice' }],
      });
      expect(answers['library-photo']).toMatchObject({
        kind: 'media',
        files: [{ platform: 'telegram', fileId: PHOTO_ID, media: 'photo', caption: 'The reading room, 1368' }],
      });
      // Kept by reference: nothing fetched from Telegram while she answered.
      expect(fake.callsOf('getFile')).toEqual([]);

      // Curation: an interview waiting in /review, approved like an experience.
      const review = curator.received().length;
      const item = await curator.says('/review', /Submission #\d+/);
      const experienceId = Number(/Submission #(\d+)/.exec(item.text)![1]);
      const experience = await b.db.prisma.experience.findUniqueOrThrow({
        where: { id: experienceId },
        include: { attachments: true },
      });
      expect(experienceId).not.toBe(id);
      expect(experience).toMatchObject({ kind: 'interview', interviewId: id, status: 'pending', consent: 'anonymous' });
      expect(experience.attachments.map((a) => a.fileId).sort()).toEqual([PHOTO_ID, VOICE_ID].sort());
      const toVeteran = veteran.received().length;
      await curator.presses('Approve', new RegExp(`Approved #${experienceId}`), review);
      await veteran.awaits(/is approved for the archive/, toVeteran);

      // Search by the words of one answer: found, and her name is nowhere, not in the list nor in full.
      const found = await reader.says('/search basement washing lines', /Experiences for/);
      expect(foundIds(found.text)).toEqual([experienceId]);
      expect(found.text).toContain('Interview with a veteran librarian');
      expect(found.text).not.toMatch(HER_NAME);
      const full = await reader.presses(`#${experienceId}`, /rare books/);
      expect(full.text).toContain('Author: anonymous');
      expect(full.text).not.toMatch(HER_NAME);

      // The export, the curator's: a ZIP sent privately, the media fetched from Telegram now.
      const curatorMessages = curator.received().length;
      await curator.says(`/interview ${id} export`, /the transcript \(Markdown and HTML\), 2 of 2 media files/);
      const sent = await b.until('the ZIP in the curator’s chat', () =>
        curator
          .received()
          .slice(curatorMessages)
          .find((m) => m.file?.filename === `interview-${id}.zip`),
      );
      const zip = readInterviewZip(sent.file!.bytes);
      expect(zip.names).toEqual(expect.arrayContaining(['transcript.md', 'transcript.html', 'metadata.json']));
      expect(zip.media).toHaveLength(2);
      const [voicePath, photoPath] = zip.media as [string, string];
      expect(voicePath).toMatch(/^media\/01-voice\.ogg$/);
      expect(photoPath).toMatch(/^media\/02-photo\.jpe?g$/);
      expect(zip.bytes(voicePath).equals(VOICE)).toBe(true);
      expect(zip.bytes(photoPath).equals(PHOTO)).toBe(true);
      expect(fake.callsOf('getFile').map((c) => c.params.file_id)).toEqual([VOICE_ID, PHOTO_ID]);
      expect(fake.callsOf('file').map((c) => c.status)).toEqual([200, 200]);

      const markdown = zip.text('transcript.md');
      const html = zip.text('transcript.html');
      for (const transcript of [markdown, html]) {
        expect(transcript).toContain(PROBLEM);
        expect(transcript).toContain(CATALOGUE_MOVE);
        expect(transcript).toContain('Did you work with card catalogues?');
        expect(transcript).toContain(voicePath);
        expect(transcript).toContain(photoPath);
        expect(transcript).not.toMatch(HER_NAME);
      }
      expect(zip.metadata).toMatchObject({
        rights: 'anonymous',
        creator: 'Leila Karimi',
        type: 'Interview',
        identifier: `interview-${id}`,
        language: 'en',
      });
      expect(zip.metadata).not.toHaveProperty('contributor');
      expect(zip.metadata.format).toEqual(expect.arrayContaining(['audio/ogg', 'image/jpeg']));
      expect(JSON.stringify(zip.metadata)).not.toMatch(HER_NAME);

      // She withdraws it: search no longer finds it, nor does the export give it.
      const toInterviewer = interviewer.received().length;
      await veteran.says(`/interview ${id} withdraw`, new RegExp(`Interview #${id} .* is withdrawn`));
      await interviewer.awaits(new RegExp(`withdrew interview #${id}`), toInterviewer);
      await reader.says('/search basement washing lines', /No approved experience has all of the words/);
      await curator.says(`/interview ${id} export`, new RegExp(`withdrew interview #${id}: it is no longer exported`));
      expect(await b.db.prisma.experience.count({ where: { interviewId: id } })).toBe(0);
      expect((await b.db.prisma.interview.findUniqueOrThrow({ where: { id } })).status).toBe('withdrawn');
    },
    300_000,
  );
});
