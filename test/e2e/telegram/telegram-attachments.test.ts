import { afterEach, describe, expect, it } from 'vitest';
import { TelegramHarness } from './telegram-harness.ts';
import { pressLast, shareGuided, type TelegramDriver } from './telegram-share-steps.ts';
import {
  buttonPress,
  documentMessage,
  group,
  person,
  photoMessage,
  privateChatOf,
  textMessage,
  type FakeChat,
  type FakeUser,
} from '../../fakes/telegram/updates.ts';

/**
 * An experience's attachments over the real telegraf client and the fake Bot API: a member sends a
 * document and a photo with /share; a curator opens them from /review and gets them by their
 * `file_id` (nothing downloaded, nothing uploaded); whoever may not see the experience is refused.
 */

let h: TelegramHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const librarians = group(-1001555000111, 'Librarians');
const others = group(-1001555000222, 'Other libraries');
const leila = person(5001, 'Leila');
const ali = person(5002, 'Ali');
const sara = person(5003, 'Sara');
const omid = person(5004, 'Omid');
const PDF = Buffer.from('%PDF-1.4 the reading room plan');
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 0xff, 0xd9]);

async function start(): Promise<TelegramHarness> {
  // Telegram's pace is tested elsewhere: here a flow of a dozen messages should not take a dozen seconds.
  h = await TelegramHarness.start({
    limits: false,
    adapter: { limits: { globalPerSecond: 1000, perChatIntervalMs: 0 } },
  });
  return h;
}

async function say(harness: TelegramHarness, chat: FakeChat, from: FakeUser, text: string, extra = {}) {
  await harness.deliver(textMessage(chat, from, text, extra));
  await harness.drained();
}

function driver(harness: TelegramHarness): TelegramDriver {
  return {
    fake: harness.fake,
    deliver: async (update) => {
      await harness.deliver(update);
      await harness.drained();
    },
  };
}

function press(harness: TelegramHarness, chat: FakeChat, from: FakeUser, label: string): Promise<void> {
  return pressLast(driver(harness), chat, from, label);
}

/**
 * A community with Ali as its curator, and Sara's submission of a document and a photo; its id.
 * `unnamedDocument`: the document is a picture sent as a file without a name (it looks like a photo).
 */
async function submissionWithFiles(harness: TelegramHarness, unnamedDocument = false): Promise<number> {
  const { fake } = harness;
  fake.memberStatus.set(`${librarians.id}:${leila.id}`, 'creator');
  await say(harness, librarians, leila, '/setup new Librarians');
  const hello = textMessage(librarians, ali, '/start');
  await harness.deliver(hello);
  await say(harness, librarians, leila, '/role curator', { reply_to_message: hello.message });
  await say(harness, privateChatOf(ali), ali, '/start');
  await say(harness, librarians, sara, '/start');

  // The files Sara sends, as Telegram keeps them (the ids the updates below name).
  fake.files.keep('doc-report.pdf', PDF, { kind: 'document', fileName: 'report.pdf' });
  fake.files.keep('photo-large', JPEG, { kind: 'photo' });
  const dm = privateChatOf(sara);
  const document = documentMessage(dm, sara, 'report.pdf', 'application/pdf');
  if (unnamedDocument) {
    const wire = (document.message as { document: Record<string, unknown> }).document;
    delete wire.file_name;
    wire.mime_type = 'image/png';
    fake.files.keep('doc-report.pdf', PDF, { kind: 'document' });
  }
  await shareGuided(driver(harness), sara, {
    title: 'A quiet reading room',
    story: 'We turned the old storeroom into a quiet reading room.',
    files: [document, photoMessage(dm, sara, 'The room')],
  });
  const experience = await harness.db.prisma.experience.findFirstOrThrow({ include: { attachments: true } });
  expect(experience.attachments.map((a) => [a.platform, a.fileId])).toEqual([
    ['telegram', 'doc-report.pdf'],
    ['telegram', 'photo-large'],
  ]);
  return experience.id;
}

const fileSends = (harness: TelegramHarness, chatId: number) =>
  harness.fake.deliveredTo(chatId).filter((m) => m.method === 'sendDocument' || m.method === 'sendPhoto');

describe('Telegram: an experience’s attachments', () => {
  it('GIVEN a submission with a document and a photo WHEN the curator presses their buttons in /review THEN sendDocument and sendPhoto carry the same file_ids, nothing downloaded', async () => {
    const harness = await start();
    const id = await submissionWithFiles(harness);
    const curatorChat = privateChatOf(ali);

    await say(harness, curatorChat, ali, '/review');
    const review = harness.fake.deliveredTo(ali.id).at(-1)!;
    expect(review.text).toContain(`Submission #${id}`);
    expect(review.text).toContain('Attachments (2): report.pdf, image/jpeg');

    await press(harness, curatorChat, ali, '📎 1. report.pdf');
    await press(harness, curatorChat, ali, '📎 2. image/jpeg');
    const [document, photo] = fileSends(harness, ali.id);
    expect(document).toMatchObject({
      method: 'sendDocument',
      text: `📎 report.pdf\nFile 1 of 2 of experience #${id} “A quiet reading room”.`,
      file: { fileId: 'doc-report.pdf', sentBy: 'file_id', filename: 'report.pdf' },
    });
    expect(document!.file!.bytes.equals(PDF)).toBe(true);
    expect(photo).toMatchObject({ method: 'sendPhoto', file: { fileId: 'photo-large', sentBy: 'file_id' } });
    expect(harness.fake.callsOf('sendDocument').at(-1)!.params.document).toBe('doc-report.pdf');
    expect(harness.fake.callsOf('sendPhoto').at(-1)!.params.photo).toBe('photo-large');
    // By reference: no getFile, no download.
    expect(harness.fake.callsOf('getFile')).toEqual([]);
    expect(harness.fake.callsOf('file')).toEqual([]);
  });

  it('GIVEN a member of another community, a plain member before approval, or a forged id THEN each is refused in their chat and no file is sent', async () => {
    const harness = await start();
    const id = await submissionWithFiles(harness);
    harness.fake.memberStatus.set(`${others.id}:${omid.id}`, 'creator');
    await say(harness, others, omid, '/setup new Other libraries');
    await say(harness, privateChatOf(omid), omid, '/start');
    await say(harness, privateChatOf(sara), sara, '/start');
    const reza = person(5005, 'Reza');
    await say(harness, librarians, reza, '/start');
    await say(harness, privateChatOf(reza), reza, '/start');

    for (const [who, data] of [
      [omid, `${id}.1`],
      [reza, `${id}.2`],
      [reza, `${id + 40}.1`],
    ] as const) {
      await harness.deliver(buttonPress(privateChatOf(who), who, `exp.file|${data}`));
      await harness.drained();
      expect(harness.fake.deliveredTo(who.id).at(-1)!.text).toMatch(
        /^There is no file \d of experience #\d+ that you can open\. The button may be out of date/,
      );
    }
    // The author may open her own submission.
    await harness.deliver(buttonPress(privateChatOf(sara), sara, `exp.file|${id}.1`));
    await harness.drained();
    expect(fileSends(harness, sara.id).map((m) => m.file!.fileId)).toEqual(['doc-report.pdf']);
    expect([...fileSends(harness, omid.id), ...fileSends(harness, reza.id)]).toEqual([]);
  });

  it('GIVEN a file Telegram no longer knows WHEN the curator opens it THEN they read that it is no longer available', async () => {
    const harness = await start();
    const id = await submissionWithFiles(harness);
    harness.fake.files.forget('doc-report.pdf');

    await say(harness, privateChatOf(ali), ali, '/review');
    await press(harness, privateChatOf(ali), ali, '📎 1. report.pdf');
    expect(fileSends(harness, ali.id)).toEqual([]);
    expect(harness.fake.deliveredTo(ali.id).at(-1)!.text).toBe(
      `Sorry, “report.pdf” (file 1 of experience #${id}) is no longer available on Telegram: it may have been deleted there.`,
    );
  });

  it('GIVEN a picture sent as a file without a name WHEN the curator opens it THEN Telegram’s “type of file mismatch” for sendPhoto is followed by sendDocument with the same file_id', async () => {
    const harness = await start();
    await submissionWithFiles(harness, true);

    await say(harness, privateChatOf(ali), ali, '/review');
    await press(harness, privateChatOf(ali), ali, '📎 1. image/png');
    expect(harness.fake.callsOf('sendPhoto').map((c) => [c.params.photo, c.status])).toEqual([['doc-report.pdf', 400]]);
    expect(fileSends(harness, ali.id).map((m) => [m.method, m.file!.fileId, m.file!.sentBy])).toEqual([
      ['sendDocument', 'doc-report.pdf', 'file_id'],
    ]);
  });
});
