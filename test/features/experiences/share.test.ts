import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expireConversations } from '../../../src/core/flow-expiry.ts';
import { GROUP, Harness, privateChat, texts, type Person } from '../../support/harness.ts';
import {
  corpusParagraphs,
  experienceCommunity,
  experienceId,
  experienceRows,
  member,
  withButtons,
} from '../../support/experiences.ts';

let h: Harness;
beforeEach(async () => {
  h = await Harness.create();
});
afterEach(async () => {
  await h.close();
});

const pdf = {
  type: 'file' as const,
  fileId: 'tg-file-1',
  fileName: 'reading-room-plan.pdf',
  mimeType: 'application/pdf',
};

function sendFile(person: Person, file: { fileId: string; fileName?: string; mimeType?: string }) {
  return h.deliver(person.event({ type: 'file', ...file }, privateChat(person.userId)));
}

/** A number as English messages print it (`1,234`). */
const n = (value: number) => new Intl.NumberFormat('en').format(value);

async function conversationData() {
  const row = await h.prisma.conversation.findFirst({ where: { flow: 'share' } });
  return row ? { step: row.step, data: row.data as Record<string, unknown> } : null;
}

describe('/share, guided', () => {
  it('GIVEN a member in a private chat WHEN they go through every step, with an attachment and a step back THEN the submission is stored pending, whole', async () => {
    const { admin } = await experienceCommunity(h);
    await admin.says('/topics add Digital library, Training', GROUP);
    const sara = await member(h, 'sara', 'Sara Ahmadi');
    const [story1, story2] = corpusParagraphs('fa-university-network-experience-sharing-meeting');

    expect(texts(await sara.says('/share'))).toContain('What is its title?');
    expect(texts(await sara.says('Experience-sharing working group'))).toContain('Now tell the story');
    expect(texts(await sara.says(story1!))).toContain('Added.');
    const added = await sara.says(story2!);
    const doneOnStory = withButtons(added);
    const files = await sara.presses(doneOnStory, 'Done ›');
    expect(texts(files)).toContain('Any photos or documents');

    const attached = await sendFile(sara, pdf);
    expect(texts(attached)).toContain('Attached “reading-room-plan.pdf” (1 of at most 10)');
    // A step back: the story is still there, and more can be added to it.
    const back = await sara.presses(withButtons(attached), '‹ Back');
    expect(texts(back)).toContain(`The story has ${n(story1!.length + 2 + story2!.length)} characters so far`);
    const filesAgain = await sara.presses(withButtons(back), 'Done ›');
    expect(texts(filesAgain)).toContain('One so far.');

    const topics = await sara.presses(withButtons(filesAgain), 'Next ›');
    expect(
      withButtons(topics)
        .buttons!.flat()
        .map((b) => b.label),
    ).toContain('Digital library');
    const chosen = await sara.presses(withButtons(topics), 'Digital library');
    expect(
      withButtons(chosen)
        .buttons!.flat()
        .map((b) => b.label),
    ).toContain('✓ Digital library');
    const typed = await sara.says('reading rooms، outreach');
    expect(texts(typed)).toContain('Chosen: Digital library, reading rooms, outreach.');

    expect(texts(await sara.presses(withButtons(typed), 'Next ›'))).toContain('Which library or organization');
    const consent = await sara.says('Central Library of Sharif University');
    expect(texts(consent)).toContain('how may it be published?');
    const preview = await sara.presses(withButtons(consent), 'Anonymously');
    const previewText = texts(preview);
    expect(previewText).toContain('Title: Experience-sharing working group');
    expect(previewText).toContain('Topics: Digital library, reading rooms, outreach');
    expect(previewText).toContain('Library: Central Library of Sharif University');
    expect(previewText).toContain('Published anonymously');
    expect(previewText).toContain('Attachments (1): reading-room-plan.pdf');
    expect(await h.prisma.experience.count()).toBe(0);

    const done = await sara.presses(withButtons(preview), 'Send for review');
    const id = experienceId(texts(done));
    const stored = await h.prisma.experience.findUniqueOrThrow({
      where: { id },
      include: { attachments: true, statusChanges: true, author: true },
    });
    expect(stored).toMatchObject({
      title: 'Experience-sharing working group',
      body: `${story1}\n\n${story2}`,
      tags: ['Digital library', 'reading rooms', 'outreach'],
      library: 'Central Library of Sharif University',
      consent: 'anonymous',
      status: 'pending',
    });
    expect(stored.author?.displayName).toBe('Sara Ahmadi');
    expect(stored.attachments).toMatchObject([
      { platform: 'test', fileId: 'tg-file-1', fileName: 'reading-room-plan.pdf', mimeType: 'application/pdf' },
    ]);
    expect(stored.statusChanges.map((c) => c.toStatus)).toEqual(['pending']);
    expect(stored.author?.organization).toBe('Central Library of Sharif University');
    expect(await h.prisma.conversation.count({ where: { flow: 'share' } })).toBe(0);
  });

  it('GIVEN a flow half-way WHEN the member presses Cancel THEN nothing is stored and the flow is gone', async () => {
    await experienceCommunity(h);
    const sara = await member(h, 'sara', 'Sara');
    await sara.says('/share');
    const story = await sara.says('A title');
    const cancelled = await sara.presses(withButtons(story), 'Cancel');
    expect(texts(cancelled)).toBe('Cancelled. Nothing was submitted.');
    expect(await experienceRows(h)).toEqual({ experiences: 0, attachments: 0, changes: 0, index: 0 });
    expect(await conversationData()).toBeNull();
    // The next message is no longer the story.
    expect(texts(await sara.says('Some text'))).toContain('I understand commands');
  });

  it('GIVEN a flow half-way WHEN the member sends /cancel THEN nothing is stored', async () => {
    await experienceCommunity(h);
    const sara = await member(h, 'sara', 'Sara');
    await sara.says('/share');
    await sara.says('A title');
    await sara.says('Part of a story');
    expect(texts(await sara.says('/cancel'))).toBe('Stopped. Nothing was saved.');
    expect(await experienceRows(h)).toEqual({ experiences: 0, attachments: 0, changes: 0, index: 0 });
  });

  it('GIVEN the preview WHEN the member edits the title from it THEN the flow comes back to the preview with the new title', async () => {
    await experienceCommunity(h);
    const sara = await member(h, 'sara', 'Sara');
    await sara.says('/share');
    await sara.says('Old title');
    const added = await sara.says('The story.');
    let replies = await sara.presses(withButtons(added), 'Done ›');
    replies = await sara.presses(withButtons(replies), 'Next ›');
    replies = await sara.presses(withButtons(replies), 'Next ›');
    replies = await sara.presses(withButtons(replies), 'No library');
    const preview = await sara.presses(withButtons(replies), 'With my name');
    const askTitle = await sara.presses(withButtons(preview), 'Title');
    expect(texts(askTitle)).toContain('The title is “Old title”');
    const previewAgain = await sara.says('New title');
    expect(texts(previewAgain)).toContain('Title: New title');
    await sara.presses(withButtons(previewAgain), 'Send for review');
    expect((await h.prisma.experience.findFirstOrThrow()).title).toBe('New title');
  });

  it('GIVEN a button of a step already left THEN it is refused as stale and changes nothing', async () => {
    await experienceCommunity(h);
    const sara = await member(h, 'sara', 'Sara');
    await sara.says('/share');
    await sara.says('Title');
    const added = await sara.says('Story');
    const files = await sara.presses(withButtons(added), 'Done ›');
    const again = await sara.presses(withButtons(added), 'Done ›');
    expect(texts(again)).toContain('This button is no longer valid');
    expect((await conversationData())?.step).toBe('attachments');
    expect(texts(files)).toContain('Any photos');
  });

  it('GIVEN /share in a group without arguments THEN the member is sent to the private chat and no flow starts there', async () => {
    await experienceCommunity(h);
    const sara = await member(h, 'sara', 'Sara');
    const [reply] = await sara.says('/share', GROUP);
    expect(reply!.text).toContain('send /share to me in our private chat');
    expect(reply!.privateChatLink?.command).toBe('share');
    expect(await h.prisma.conversation.count()).toBe(0);
  });
});

describe('/share Title | text', () => {
  it('GIVEN one line in the group THEN it is stored pending with its hashtags and the remembered library, named until the author says otherwise', async () => {
    await experienceCommunity(h);
    const sara = await member(h, 'sara', 'Sara');
    await h.prisma.member.updateMany({
      where: { displayName: 'Sara' },
      data: { organization: 'Tabriz Central Library' },
    });
    const replies = await sara.says(
      '/share Friday opening | We opened the reading room on Fridays #outreach #reading_room',
      GROUP,
    );
    expect(texts(replies)).toContain('“Friday opening” is submitted as experience #');
    const id = experienceId(texts(replies));
    const stored = await h.prisma.experience.findUniqueOrThrow({ where: { id } });
    expect(stored).toMatchObject({
      title: 'Friday opening',
      body: 'We opened the reading room on Fridays #outreach #reading_room',
      tags: ['outreach', 'reading room'],
      library: 'Tabriz Central Library',
      consent: 'named',
      status: 'pending',
    });

    // Only the author may make it anonymous.
    const other = await member(h, 'reza', 'Reza');
    const refused = await other.presses(withButtons(replies), 'Publish anonymously', GROUP);
    expect(texts(refused)).toContain(`Experience #${id} can’t be changed now`);
    expect((await h.prisma.experience.findUniqueOrThrow({ where: { id } })).consent).toBe('named');
    const accepted = await sara.presses(withButtons(replies), 'Publish anonymously', GROUP);
    expect(texts(accepted)).toContain(`experience #${id} will be published anonymously`);
    expect((await h.prisma.experience.findUniqueOrThrow({ where: { id } })).consent).toBe('anonymous');
  });

  it('GIVEN a Persian one-line submission in Persian digits and Arabic letters THEN it is kept as written', async () => {
    await experienceCommunity(h);
    const reza = await member(h, 'reza', 'Reza', 'fa');
    const [paragraph] = corpusParagraphs('fa-provincial-public-libraries-orientation');
    const replies = await reza.says(`/share جلسه توجیهی مدیران جدید | ${paragraph}`);
    expect(texts(replies)).toContain('ثبت شد');
    const stored = await h.prisma.experience.findFirstOrThrow();
    expect(stored.title).toBe('جلسه توجیهی مدیران جدید');
    expect(stored.body).toBe(paragraph);
  });

  it('GIVEN no bar THEN the member is told how to write it, and nothing is stored', async () => {
    await experienceCommunity(h);
    const sara = await member(h, 'sara', 'Sara');
    expect(texts(await sara.says('/share just some words'))).toContain('Write /share Title | your experience');
    expect(await experienceRows(h)).toEqual({ experiences: 0, attachments: 0, changes: 0, index: 0 });
  });
});

describe('a forwarded message', () => {
  it('GIVEN a message forwarded to the bot THEN it asks, and the experience keeps the original author and date as its source', async () => {
    await experienceCommunity(h);
    const sara = await member(h, 'sara', 'Sara');
    const [text] = corpusParagraphs('vi-university-library-association-meeting');
    const forwarded = await h.deliver(
      sara.event(
        {
          type: 'text',
          text: text!,
          forward: { fromName: 'Nguyễn Huy Chương', date: new Date('2021-09-02T03:00:00Z') },
        },
        privateChat('sara'),
      ),
    );
    expect(texts(forwarded)).toContain('You forwarded a message by Nguyễn Huy Chương (2 September 2021)');
    expect(await h.prisma.experience.count()).toBe(0);

    let replies = await sara.presses(withButtons(forwarded), 'Yes, share it');
    expect(texts(replies)).toContain('What title shall the forwarded message have?');
    replies = await sara.says('NALA executive meeting');
    expect(texts(replies)).toContain(`The story has ${n(text!.length)} characters so far`);
    replies = await sara.presses(withButtons(replies), 'Done ›');
    replies = await sara.presses(withButtons(replies), 'Next ›');
    replies = await sara.presses(withButtons(replies), 'Next ›');
    replies = await sara.presses(withButtons(replies), 'No library');
    const preview = await sara.presses(withButtons(replies), 'With my name');
    expect(texts(preview)).toContain('Source: Nguyễn Huy Chương, 2 September 2021');
    await sara.presses(withButtons(preview), 'Send for review');

    const stored = await h.prisma.experience.findFirstOrThrow();
    expect(stored).toMatchObject({ title: 'NALA executive meeting', body: text, sourceName: 'Nguyễn Huy Chương' });
    expect(stored.sourceDate?.toISOString()).toBe('2021-09-02T03:00:00.000Z');
  });

  it('GIVEN a forwarded message WHEN the member says no THEN nothing is stored', async () => {
    await experienceCommunity(h);
    const sara = await member(h, 'sara', 'Sara');
    const forwarded = await h.deliver(
      sara.event({ type: 'text', text: 'Hello', forward: { fromName: 'X', date: new Date() } }, privateChat('sara')),
    );
    expect(texts(await sara.presses(withButtons(forwarded), 'No, thanks'))).toContain('Nothing was submitted');
    expect(await experienceRows(h)).toEqual({ experiences: 0, attachments: 0, changes: 0, index: 0 });
  });
});

describe('a flow across a restart and past its expiry', () => {
  it('GIVEN a flow half-way WHEN the bot restarts THEN the member goes on where they were, old buttons included', async () => {
    await experienceCommunity(h);
    const sara = await member(h, 'sara', 'Sara');
    await sara.says('/share');
    await sara.says('Before the restart');
    const added = await sara.says('First part.');

    await h.restart();

    expect(texts(await sara.says('Second part.'))).toContain('The story has 25 characters now');
    const resumed = await sara.says('/share');
    expect(texts(resumed)).toContain('You have an unfinished experience');
    expect(texts(resumed)).toContain('The story has 25 characters so far');
    let replies = await sara.presses(withButtons(added), 'Done ›');
    replies = await sara.presses(withButtons(replies), 'Next ›');
    replies = await sara.presses(withButtons(replies), 'Next ›');
    replies = await sara.presses(withButtons(replies), 'No library');
    replies = await sara.presses(withButtons(replies), 'With my name');
    await sara.presses(withButtons(replies), 'Send for review');
    const stored = await h.prisma.experience.findFirstOrThrow();
    expect(stored).toMatchObject({ title: 'Before the restart', body: 'First part.\n\nSecond part.' });
  });

  it('GIVEN a flow left past its expiry THEN the member is told in their language, and what follows is not taken as the story', async () => {
    await experienceCommunity(h);
    const sara = await member(h, 'sara', 'Sara', 'ru');
    await sara.says('/share');
    const story = await sara.says('Заголовок');
    await h.prisma.conversation.updateMany({
      where: { flow: 'share' },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });

    expect(await expireConversations(h.app.conversations, h.app.outbox, h.app.translator)).toBe(1);
    await h.app.outbox.drain();
    const notice = h.adapter.sent.at(-1)!;
    expect(notice.chatId).toBe('dm-sara');
    expect(notice.text).toBe(h.app.translator.t('ru', 'flow.expired'));

    expect(texts(await sara.says('Это могло бы быть текстом'))).toBe(h.app.translator.t('ru', 'error.not-a-command'));
    expect(texts(await sara.presses(withButtons(story), 0))).toBe(h.app.translator.t('ru', 'error.stale-button'));
    expect(await experienceRows(h)).toEqual({ experiences: 0, attachments: 0, changes: 0, index: 0 });
  });
});

describe('bad input leaves no partial row', () => {
  it('GIVEN an empty title, guided or in one line THEN the member is told and nothing is stored', async () => {
    await experienceCommunity(h);
    const sara = await member(h, 'sara', 'Sara');
    await sara.says('/share');
    expect(texts(await sara.says('   \n  '))).toBe('The title cannot be empty. Please send a title.');
    expect((await conversationData())?.step).toBe('title');
    expect(texts(await sara.says('/share   | A story without a title'))).toBe(
      'The title cannot be empty. Please send a title.',
    );
    expect(await experienceRows(h)).toEqual({ experiences: 0, attachments: 0, changes: 0, index: 0 });
  });

  it('GIVEN a story over 20,000 characters THEN it is refused whole, guided or in one line, and nothing is stored', async () => {
    await experienceCommunity(h);
    const sara = await member(h, 'sara', 'Sara');
    const paragraphs = corpusParagraphs('ru-libraries-partnership-resolution').join('\n\n');
    // No space at either end: a story is trimmed, and the lengths below are exact.
    const long = `${paragraphs.repeat(Math.ceil(20_001 / paragraphs.length)).slice(0, 14_999)}.`;

    const oneLine = await sara.says(`/share Резолюция | ${long}${long}`);
    expect(texts(oneLine)).toContain('That would make the story 30,000 characters long, over the limit of 20,000');

    await sara.says('/share');
    await sara.says('Резолюция');
    expect(texts(await sara.says(long))).toContain('Added.');
    const refused = await sara.says(`${long.slice(0, 5_999)}.`);
    expect(texts(refused)).toContain('That would make the story 21,002 characters long, over the limit of 20,000');
    expect((await conversationData())?.data.story).toBe(long);
    expect(await experienceRows(h)).toEqual({ experiences: 0, attachments: 0, changes: 0, index: 0 });
  });

  it('GIVEN an unsupported file type THEN it is refused by name and nothing is attached or stored', async () => {
    await experienceCommunity(h);
    const sara = await member(h, 'sara', 'Sara');
    await sara.says('/share');
    await sara.says('Title');
    const added = await sara.says('Story');
    await sara.presses(withButtons(added), 'Done ›');
    const refused = await sendFile(sara, { fileId: 'x', fileName: 'setup.exe', mimeType: 'application/x-msdownload' });
    expect(texts(refused)).toBe(
      'I can’t attach “setup.exe”: I accept pictures and pdf, doc, docx, odt, txt files. Nothing was attached.',
    );
    expect((await conversationData())?.data.attachments).toEqual([]);
    // A photo with no type but a name, and a document with a generic type: both recognised by the name.
    expect(texts(await sendFile(sara, { fileId: 'p', fileName: 'photo.JPG' }))).toContain('(1 of at most 10)');
    expect(
      texts(await sendFile(sara, { fileId: 'd', fileName: 'notes.docx', mimeType: 'application/octet-stream' })),
    ).toContain('(2 of at most 10)');
    expect(await experienceRows(h)).toEqual({ experiences: 0, attachments: 0, changes: 0, index: 0 });
  });
});
