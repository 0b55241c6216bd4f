import { ApplicationCommandOptionType } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import * as dc from '../../fakes/discord/wire-objects.ts';
import { InterviewBot } from './interview-bot.ts';
import { DiscordPerson, labels } from './discord-person.ts';
import { readInterviewZip } from './interview-zip.ts';

/**
 * Issue 20, "Must show", second item: the real bot process (src/main.ts, on the real clock) against the
 * Discord fake. An interviewer runs the shipped "veteran librarian's career" in his DM with the bot for
 * a veteran on no platform: he types her answers (a story over messages, a Jalali date, the card
 * catalogue branch), sends her voice recording and an old photo as attachments, and records her
 * consent on her behalf. The finished interview waits for the curators as an interview with its two
 * files, which a curator opens (downloaded from Discord's CDN, the same bytes) and approves; `/search`
 * finds it by the words of one answer, under her name, and its export holds both files.
 */

const STRING = ApplicationCommandOptionType.String;
const INTEGER = ApplicationCommandOptionType.Integer;
const USER = ApplicationCommandOptionType.User;

const sara = dc.person('sara', { globalName: 'Sara' });
const reza = dc.person('reza', { globalName: 'Reza Moradi' });
const hoa = dc.person('hoa', { globalName: 'Hoa' });
const minh = dc.person('minh', { globalName: 'Minh' });

/** Every byte value: any re-encoding on the way would show. */
const VOICE = Buffer.from([0x4f, 0x67, 0x67, 0x53, ...Array.from({ length: 4000 }, (_, i) => (i * 13) % 256)]);
const PHOTO = Buffer.from([
  0xff,
  0xd8,
  0xff,
  0xe0,
  ...Array.from({ length: 6000 }, (_, i) => (i * 5) % 256),
  0xff,
  0xd9,
]);
/** A voice message as Discord sends one: an Ogg file of this name. */
const VOICE_FILE: dc.AttachmentSpec = { filename: 'voice-message.ogg', contentType: 'audio/ogg', bytes: VOICE };
const PHOTO_FILE: dc.AttachmentSpec = { filename: 'reading-room-1350.jpg', contentType: 'image/jpeg', bytes: PHOTO };
const VETERAN = 'Mahin Rahimi';
/** The answer /search looks in. */
const PROBLEM = 'The roof leaked over the manuscripts, so we carried them to the mosque basement overnight.';
const CATALOGUE_MOVE = 'For ten years the cards stood beside the screens.';

let bot: InterviewBot | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

/** The experience ids a /search answer lists (`1. #12 “…”`, its dot escaped from Discord's Markdown). */
function foundIds(text: string): number[] {
  return [...text.matchAll(/^\d+\\?\. #(\d+)/gm)].map((m) => Number(m[1]));
}

describe('a led interview on Discord, end to end (issue 20)', () => {
  it(
    'GIVEN an interviewer in his DM with the bot WHEN he records the career interview of a veteran on no platform, with the branch, a voice message and a photo, and her consent on her behalf ' +
      'THEN it waits for the curators with its two files, is approved, /search finds it under her name, and its export holds both files',
    async () => {
      const b = (bot = await InterviewBot.onDiscord());
      const fake = b.discord!;
      const [admin, interviewer, curator, reader] = [sara, reza, hoa, minh].map((u) => new DiscordPerson(b, u)) as [
        DiscordPerson,
        DiscordPerson,
        DiscordPerson,
        DiscordPerson,
      ];
      const asAdmin = { ...b.general, permissions: dc.ADMIN_PERMISSIONS };

      // The community on the server's #general: Sara its admin, Hoa its curator, Reza and Minh members.
      await admin.command('setup', [{ name: 'new', type: STRING, value: 'Library network' }], /is created/, asAdmin);
      for (const person of [interviewer, curator, reader]) await person.command('start', [], /./, b.general);
      await admin.command(
        'role',
        [
          { name: 'role', type: STRING, value: 'curator' },
          { name: 'member', type: USER, value: hoa.id },
        ],
        /Hoa is now/,
        asAdmin,
        { users: { [hoa.id]: dc.userObject(hoa) } },
      );
      // An experience approved before: the interview's submission gets a number of its own, not the
      // interview's, and search has something else to leave out.
      await reader.command(
        'share',
        [
          { name: 'title', type: STRING, value: 'Reading circles' },
          { name: 'text', type: STRING, value: 'Weekly reading circles for students.' },
        ],
        /submitted as experience #1/,
      );
      await curator.command('review', [], /Submission #1/);
      await curator.presses('Approve', /Approved #1/);
      const inGeneral = fake.messagesIn(b.server!.channels[0]!.id).length;

      // The interview, in Reza's DM: whom he interviews, then each question for him to ask her.
      await interviewer.command('interview', [{ name: 'template', type: STRING, value: 'veteran-career' }], /Whom/);
      const first = await interviewer.says(VETERAN, /When did you start working in libraries\?/);
      expect(first.content).toContain(`Ask ${VETERAN}:`);
      expect(first.content).toMatch(/question 1 of 10/);
      const interview = await b.db.prisma.interview.findFirstOrThrow();
      const id = interview.id;
      expect(interview).toMatchObject({ mode: 'led', veteranId: null, veteranName: VETERAN });

      await interviewer.says('۱۳۶۵/۰۷/۰۱', /Which library was your first/);
      await interviewer.says('The library of the Faculty of Letters in Tabriz.', /What brought you/);
      await interviewer.says('A teacher asked her to help in the library after class.', /1 message so far/);
      await interviewer.presses('Done ✓', /which changes mattered most/);
      await interviewer.presses('Skip', /Did you work with card catalogues\?/);
      // The branch: she did, so the follow-up is asked, and the interview grows from 10 questions to 11.
      const followUp = await interviewer.presses('Yes, I did', /move from cards to the computer/);
      expect(followUp.content).toMatch(/question 6 of 11/);
      await interviewer.says(CATALOGUE_MOVE, /1 message so far/);
      await interviewer.presses('Done ✓', /Think of a hard problem/);
      await interviewer.says(PROBLEM, /1 message so far/);
      await interviewer.presses('Done ✓', /send a voice message/);
      // Her voice, recorded on his phone, and the photo she brought: attachments in his DM.
      await interviewer.sends('', [VOICE_FILE], /What would you tell a colleague/);
      await interviewer.presses('Skip', /photo of the library as it was then/);
      await interviewer.sends('The reading room, 1350', [PHOTO_FILE], /Received: 1 of 3/);
      await interviewer.presses('Done ✓', /anything else you would like to say/);

      // Her consent, recorded by him on her behalf.
      const consent = await interviewer.presses('Skip', /Now ask Mahin Rahimi how the interview may be used/);
      expect(labels(consent)).toEqual(expect.arrayContaining(['Publish with the name', 'Publish anonymously']));
      await interviewer.presses(
        'Publish with the name',
        /is finished — publish with the name \(recorded on the veteran’s behalf\)/,
      );
      // All of it in the DM: #general heard nothing.
      expect(fake.messagesIn(b.server!.channels[0]!.id)).toHaveLength(inGeneral);

      const finished = await b.db.prisma.interview.findUniqueOrThrow({ where: { id } });
      expect(finished).toMatchObject({ status: 'finished', consent: 'named', consentBy: 'interviewer' });
      const answers = finished.answers as Record<string, unknown>;
      expect(answers.began).toMatchObject({ kind: 'date', day: '1986-09-23' });
      expect(answers['catalogue-move']).toEqual({ kind: 'long-text', parts: [CATALOGUE_MOVE] });
      expect(answers['problem-voice']).toMatchObject({
        kind: 'media',
        files: [{ platform: 'discord', fileName: 'voice-message.ogg', mimeType: 'audio/ogg', media: 'voice' }],
      });
      expect(answers['library-photo']).toMatchObject({
        kind: 'media',
        files: [
          { platform: 'discord', fileName: 'reading-room-1350.jpg', media: 'photo', caption: 'The reading room, 1350' },
        ],
      });
      // Kept by reference: nothing downloaded while he recorded.
      expect(fake.cdn.downloads).toEqual([]);

      // Curation in Hoa's DM: the interview, whole, with a button for each of its files.
      const review = curator.received().length;
      const item = await curator.command('review', [], /Submission #\d+/);
      const experienceId = Number(/Submission #(\d+)/.exec(item.content)![1]);
      expect(experienceId).not.toBe(id);
      const experience = await b.db.prisma.experience.findUniqueOrThrow({
        where: { id: experienceId },
        include: { attachments: { orderBy: { position: 'asc' } } },
      });
      expect(experience).toMatchObject({ kind: 'interview', interviewId: id, status: 'pending', consent: 'named' });
      expect(experience.attachments.map((a) => [a.platform, a.fileName])).toEqual([
        ['discord', 'voice-message.ogg'],
        ['discord', 'reading-room-1350.jpg'],
      ]);
      // She opens the recording: fetched from Discord's CDN now, the same bytes.
      const opened = await curator.presses(
        '📎 1. voice-message.ogg',
        new RegExp(`File 1 of 2 of experience #${experienceId}`),
        review,
      );
      expect(opened.files.map((f) => f.filename)).toEqual(['voice-message.ogg']);
      expect(opened.files[0]!.bytes.equals(VOICE)).toBe(true);
      const toInterviewer = interviewer.received().length;
      await curator.presses('Approve', new RegExp(`Approved #${experienceId}`), review);
      // A led interview's author is its interviewer: he hears of it.
      await interviewer.awaits(/is approved for the archive/, toInterviewer);

      // Any member finds it by the words of one answer, under her name.
      const found = await reader.command(
        'search',
        [{ name: 'words', type: STRING, value: 'mosque basement manuscripts' }],
        /Experiences for/,
      );
      expect(foundIds(found.content)).toEqual([experienceId]);
      expect(found.content).toContain(`“Interview: ${VETERAN}”, ${VETERAN}`);

      // And its export holds both files, as Discord keeps them, with her as the contributor.
      await curator.command(
        'interview',
        [
          { name: 'interview', type: INTEGER, value: id },
          { name: 'action', type: STRING, value: 'export' },
        ],
        /2 of 2 media files/,
      );
      const sent = await b.until('the ZIP in Hoa’s DM', () =>
        curator.received().find((m) => m.files.some((f) => f.filename === `interview-${id}.zip`)),
      );
      const zip = readInterviewZip(sent.files.find((f) => f.filename === `interview-${id}.zip`)!.bytes);
      expect(zip.media).toEqual(['media/01-voice-message.ogg', 'media/02-reading-room-1350.jpg']);
      expect(zip.bytes('media/01-voice-message.ogg').equals(VOICE)).toBe(true);
      expect(zip.bytes('media/02-reading-room-1350.jpg').equals(PHOTO)).toBe(true);
      expect(zip.text('transcript.md')).toContain(PROBLEM);
      expect(zip.text('transcript.html')).toContain(CATALOGUE_MOVE);
      expect(zip.metadata).toMatchObject({
        rights: 'named',
        creator: 'Reza Moradi',
        contributor: VETERAN,
        identifier: `interview-${id}`,
      });
    },
    300_000,
  );
});
