import { strFromU8, unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileDownload } from '../../../src/core/stored-files.ts';
import { GROUP, Harness, privateChat, texts, type Person } from '../../support/harness.ts';
import type { SentMessage } from '../../support/memory-adapter.ts';
import { experienceCommunity, member, type ExperienceCommunity } from '../../support/experiences.ts';
import { answers, finishedInterview, memberId, PHOTO_BYTES, VOICE_BYTES } from './interview-archive-fixtures.ts';

let h: Harness;
let c: ExperienceCommunity;
let sara: Person;
beforeEach(async () => {
  h = await Harness.create();
  c = await experienceCommunity(h);
  await member(h, 'parvin', 'Parvin');
  await member(h, 'reza', 'Reza');
  sara = await member(h, 'sara', 'Sara');
});
afterEach(async () => {
  await h.close();
});

/**
 * The test platform's stored files, as an adapter gives them: past `maxBytes` a file is too big
 * (the adapters check before reading it whole), an id it does not know is gone.
 */
function platformFiles(files: Record<string, Buffer>, maxUploadBytes?: number): void {
  h.app.files.add({
    platform: 'test',
    ...(maxUploadBytes ? { maxUploadBytes } : {}),
    download: async (fileId: string, maxBytes: number): Promise<FileDownload> => {
      const bytes = files[fileId];
      if (!bytes) return { ok: false, kind: 'gone', error: 'HTTP 404' };
      if (bytes.length > maxBytes) return { ok: false, kind: 'too-big', error: `${bytes.length} bytes` };
      return { ok: true, bytes };
    },
  });
}

async function interview(
  consent: 'named' | 'anonymous' | 'members_only' | 'private',
  options: { language?: string; veteranName?: string; story?: string[] } = {},
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

/** `/interview ID export`, typed by the person in a chat; what the outbox sent because of it. */
async function exportAs(person: Person, id: number, chat = privateChat(person.userId)): Promise<SentMessage[]> {
  return person.says(`/interview ${id} export`, chat);
}

function unzipped(message: SentMessage): Record<string, Uint8Array> {
  expect(message.file).toMatchObject({ mimeType: 'application/zip' });
  return unzipSync(new Uint8Array(Buffer.from(message.file!.contentBase64, 'base64')));
}

const textOf = (zip: Record<string, Uint8Array>, name: string) => strFromU8(zip[name]!);

describe('/interview ID export', () => {
  it('GIVEN a named interview THEN the curator gets privately a ZIP with the transcript, both media files and Dublin Core metadata', async () => {
    platformFiles({ 'photo-1': PHOTO_BYTES, 'voice-1': VOICE_BYTES });
    const id = await interview('named');

    const sent = await exportAs(c.curator, id, GROUP);

    // Asked in the group, answered in private: it carries voices and names.
    expect(sent.find((m) => m.chatId === GROUP.chatId)?.file).toBeUndefined();
    const zipMessage = sent.find((m) => m.chatId === 'dm-curator')!;
    expect(zipMessage.file!.fileName).toBe(`interview-${id}.zip`);
    expect(zipMessage.text).toContain('2 of 2 media files');
    const zip = unzipped(zipMessage);
    expect(Object.keys(zip).sort()).toEqual([
      'files.txt',
      'media/01-photo.jpg',
      'media/02-voice.ogg',
      'metadata.json',
      'transcript.html',
      'transcript.md',
    ]);
    expect(Buffer.from(zip['media/01-photo.jpg']!)).toEqual(PHOTO_BYTES);
    expect(Buffer.from(zip['media/02-voice.ogg']!)).toEqual(VOICE_BYTES);

    const markdown = textOf(zip, 'transcript.md');
    expect(markdown).toMatch(/^# Interview: Parvin Ahmadi\n/);
    expect(markdown).toContain('- Veteran: Parvin Ahmadi');
    expect(markdown).toContain('- Interviewer: Reza');
    expect(markdown).toContain('### How did you come to libraries?\n\nBy chance');
    expect(markdown).toContain('![Photo 1](media/01-photo.jpg) — The reading room, 1365');
    expect(markdown).toContain('[Voice message 2](media/02-voice.ogg)');
    const html = textOf(zip, 'transcript.html');
    expect(html).toContain('<html lang="en" dir="ltr">');
    expect(html).toContain('<img src="media/01-photo.jpg" alt="Photo 1">');
    expect(html).toContain('<audio controls preload="none" src="media/02-voice.ogg"></audio>');

    expect(JSON.parse(textOf(zip, 'metadata.json'))).toEqual({
      '@context': { '@vocab': 'http://purl.org/dc/elements/1.1/' },
      title: 'Interview: Parvin Ahmadi',
      creator: 'Reza',
      contributor: 'Parvin Ahmadi',
      publisher: 'University Libraries Network',
      description: "A veteran librarian's career",
      date: new Date().toISOString().slice(0, 10),
      language: 'en',
      rights: 'named',
      type: 'Interview',
      format: ['text/markdown', 'text/html', 'image/jpeg', 'audio/ogg'],
      identifier: `interview-${id}`,
    });
    expect(textOf(zip, 'files.txt')).toContain('Photo 1 → media/01-photo.jpg');
  });

  it('GIVEN an anonymous Persian interview THEN the ZIP names nobody: rights say anonymous, no contributor, a right-to-left transcript', async () => {
    platformFiles({ 'photo-1': PHOTO_BYTES, 'voice-1': VOICE_BYTES });
    const id = await interview('anonymous', {
      language: 'fa',
      veteranName: 'پروین احمدی',
      story: ['کتابخانه‌های دیجیتال تازه پا گرفته بودند.'],
    });

    const zip = unzipped((await exportAs(c.curator, id)).find((m) => m.file)!);

    const metadata = JSON.parse(textOf(zip, 'metadata.json'));
    expect(metadata.rights).toBe('anonymous');
    expect(metadata).not.toHaveProperty('contributor');
    expect(metadata.title).toBe('مصاحبه با یک کتابدار پیشکسوت');
    expect(metadata.language).toBe('fa');
    for (const name of ['transcript.md', 'transcript.html', 'files.txt', 'metadata.json']) {
      expect(textOf(zip, name), name).not.toMatch(/Parvin|پروین|احمدی/);
    }
    const html = textOf(zip, 'transcript.html');
    expect(html).toContain('<html lang="fa" dir="rtl">');
    expect(html).toContain('@font-face { font-family: Vazirmatn;');
    expect(html).toContain('کتابخانه‌های دیجیتال تازه پا گرفته بودند.');
    // The date in the Persian calendar, Persian digits.
    expect(textOf(zip, 'transcript.md')).toContain('۱ مهر ۱۳۶۵');
    expect(Object.keys(zip)).toContain('media/02-voice.ogg');
  });

  it('GIVEN a file too big for the ZIP and one the platform lost THEN both are listed, not dropped, and the rest is sent', async () => {
    const bigPhoto = Buffer.alloc(300_000, 7);
    platformFiles({ 'photo-1': bigPhoto, 'voice-1': VOICE_BYTES }, 250_000);
    const lost = answers(['A story.']);
    lost['voice'] = {
      kind: 'media',
      files: [
        {
          platform: 'test',
          fileId: 'voice-1',
          fileName: 'first days.ogg',
          mimeType: 'audio/ogg',
          media: 'voice',
          caption: null,
        },
        {
          platform: 'test',
          fileId: 'voice-gone',
          fileName: null,
          mimeType: 'audio/ogg',
          media: 'audio',
          caption: null,
        },
      ],
    };
    const id = await finishedInterview(h, {
      communityId: c.communityId,
      veteranId: await memberId(h, 'Parvin'),
      veteranName: 'Parvin Ahmadi',
      interviewerId: await memberId(h, 'Reza'),
      consent: 'members_only',
      answers: lost,
    });

    const message = (await exportAs(c.curator, id)).find((m) => m.file)!;

    expect(message.text).toContain('1 of 3 media files');
    expect(message.text).toContain('2 files could not be included: files.txt says why.');
    const zip = unzipped(message);
    expect(Object.keys(zip).filter((name) => name.startsWith('media/'))).toEqual(['media/02-first-days.ogg']);
    expect(textOf(zip, 'files.txt').split('\n')).toEqual([
      `Media files of interview #${id}, “Interview: Parvin Ahmadi”`,
      '',
      'Photo 1: not included: too big to fetch, or to fit in the ZIP',
      'Voice message 2: first days.ogg → media/02-first-days.ogg',
      'Recording 3: not included: no longer on test',
      '',
    ]);
    expect(textOf(zip, 'transcript.md')).toContain(
      'Photo 1 — The reading room, 1365 — *not included: too big to fetch, or to fit in the ZIP*',
    );
    expect(JSON.parse(textOf(zip, 'metadata.json')).rights).toBe('members_only');
    expect(Buffer.from(message.file!.contentBase64, 'base64').length).toBeLessThanOrEqual(250_000);
  });

  it('GIVEN media of a platform this instance does not run THEN they are listed as not fetchable here', async () => {
    const id = await interview('named');
    const message = (await exportAs(c.curator, id)).find((m) => m.file)!;
    expect(message.text).toContain('0 of 2 media files');
    expect(textOf(unzipped(message), 'files.txt')).toContain(
      'Photo 1: not included: files of test cannot be fetched here',
    );
  });

  it('GIVEN a withdrawn interview, one not finished, or a member who is not a curator THEN nothing is exported', async () => {
    platformFiles({ 'photo-1': PHOTO_BYTES, 'voice-1': VOICE_BYTES });
    const withdrawn = await interview('named');
    await h.app.services.interviewArchive.finished(withdrawn);
    await h.app.services.interviewArchive.withdrawn(withdrawn);
    const running = await interview('named');
    await h.prisma.interview.update({ where: { id: running }, data: { status: 'in_progress' } });
    const fine = await interview('named');

    expect(texts(await exportAs(c.curator, withdrawn))).toBe(
      `The veteran withdrew interview #${withdrawn}: it is no longer exported.`,
    );
    expect(texts(await exportAs(c.curator, running))).toBe(
      `Interview #${running} is not finished yet: it can be exported once it is.`,
    );
    expect(texts(await exportAs(c.curator, 999))).toBe('There is no interview #999 in this community.');
    expect(texts(await exportAs(sara, fine))).toBe('/interview … export is only for: curator.');
  });
});
