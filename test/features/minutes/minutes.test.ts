import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GROUP, Harness, texts, type Person } from '../../support/harness.ts';
import { files, jalaliYearNow, minutesCommunity, weeklyMeetingUnderWay } from './minutes-support.ts';

/**
 * One meeting's minutes from the first entry to a version after closing, through the commands as a
 * chat sends them, over a real database; the actions feature's service is the real one.
 */
let h: Harness;
let chair: Person;
let sara: Person;
let ali: Person;
let reza: Person;
let meetingId: number;
const year = jalaliYearNow();
const DECISION_1 = 'کتابخانه‌های دیجیتال تا پایان سال راه‌اندازی می‌شوند';
const DECISION_2 = 'The spring workshop moves to Isfahan';

beforeAll(async () => {
  h = await Harness.create();
  ({ chair, sara, ali, reza } = await minutesCommunity(h));
  meetingId = await weeklyMeetingUnderWay(h, chair);
});
afterAll(() => h.close());

describe('recording minutes', () => {
  it('GIVEN a member who is not the secretary WHEN they write /note THEN they are refused and nothing is kept', async () => {
    const replies = texts(await ali.says('/note I was here', GROUP));
    expect(replies).toContain('Only the chair or the secretary records the minutes of “Budget review”');
    expect(await h.prisma.minutesEntry.count()).toBe(0);
    // Refused before anything is made: not even empty minutes.
    expect(await h.prisma.minutes.count()).toBe(0);
  });

  it('GIVEN the chair WHEN they name Sara secretary by name THEN Sara may record', async () => {
    expect(texts(await chair.says(`/minutes ${meetingId} secretary @Sara`, GROUP))).toContain(
      'Sara is the secretary of the minutes of “Budget review”.',
    );
    const minutes = await h.prisma.minutes.findFirstOrThrow({ include: { secretary: true } });
    expect(minutes.secretary?.displayName).toBe('Sara');
  });

  it('GIVEN the secretary WHEN she records 2 topics, 3 notes, 2 decisions and an action for two owners THEN each is kept in order, decisions numbered GEN-YEAR-01 and -02', async () => {
    expect(texts(await sara.says('/topic Budget', GROUP))).toContain('Agenda item: “Budget”');
    await sara.says('/note The draft was read', GROUP);
    expect(texts(await sara.says(`/decision ${DECISION_1}`, GROUP))).toContain(`Decision GEN-${year}-01 recorded.`);
    await sara.says('/note Costs were compared', GROUP);
    expect(texts(await sara.says(`/decision ${DECISION_2}`, GROUP))).toContain(`Decision GEN-${year}-02 recorded.`);
    await sara.says('/topic Workshops', GROUP);
    await sara.says('/note Two venues were offered', GROUP);
    const action = texts(await sara.says('/action @Sara @Ali Prepare the budget table --due tomorrow 18:00', GROUP));
    expect(action).toMatch(/Action #\d+ recorded for Sara and Ali, due /);

    const entries = await h.prisma.minutesEntry.findMany({ orderBy: { id: 'asc' } });
    expect(entries.map((e) => e.kind)).toEqual([
      'topic',
      'note',
      'decision',
      'note',
      'decision',
      'topic',
      'note',
      'action',
    ]);
    expect(entries.filter((e) => e.kind === 'decision').map((e) => e.decisionNumber)).toEqual([
      `GEN-${year}-01`,
      `GEN-${year}-02`,
    ]);
    // Each entry hangs under the topic recorded before it.
    expect(entries[6]!.topicId).toBe(entries[5]!.id);
    const item = await h.prisma.actionItem.findFirstOrThrow({ include: { owners: { include: { member: true } } } });
    expect(item.entryId).toBe(entries[7]!.id);
    expect(item.meetingId).toBe(meetingId);
    expect(item.owners.map((o) => o.member.displayName).sort()).toEqual(['Ali', 'Sara']);
  });

  it('GIVEN a wrong entry WHEN the secretary writes /undo THEN it is kept but marked removed', async () => {
    await sara.says('/note A mistake', GROUP);
    expect(texts(await sara.says('/undo', GROUP))).toContain('Taken back: note “A mistake”.');
    const mistake = await h.prisma.minutesEntry.findFirstOrThrow({ where: { text: 'A mistake' } });
    expect(mistake.removedAt).not.toBeNull();
  });

  it('GIVEN the meeting under way WHEN Ali says /here THEN he is counted present once', async () => {
    expect(texts(await ali.says('/here', GROUP))).toContain('Ali is present at “Budget review”.');
    expect(texts(await ali.says('/here', GROUP))).toContain('already');
    expect(await h.prisma.attendance.count()).toBe(1);
  });

  it('GIVEN the minutes WHEN the chair closes them twice THEN they are posted once: a message and the Markdown and HTML files', async () => {
    const before = h.adapter.sent.length;
    const replies = await chair.says(`/minutes ${meetingId} close`, GROUP);
    expect(texts(replies)).toContain('closed and posted here');
    const posted = h.adapter.sent.slice(before).filter((m) => m.chatId === GROUP.chatId);
    const message = posted.find((m) => m.text.startsWith('Minutes: Budget review'))!;
    expect(message.text).toContain(`GEN-${year}-01 — ${DECISION_1}`);
    // Decisions and actions come before the topics.
    expect(message.text.indexOf('Decisions (2)')).toBeLessThan(message.text.indexOf('Agenda:'));
    expect(message.text.indexOf('Prepare the budget table')).toBeLessThan(message.text.indexOf('Agenda:'));
    expect(message.text).toContain('Present (1): Ali');
    expect(message.text).toMatch(/Absent \(\d\): .*Reza/);
    const attached = files(posted);
    expect(attached.map((f) => f.mimeType)).toEqual(['text/markdown', 'text/html']);
    expect(attached[0]!.text).toContain(`**GEN-${year}-02** — ${DECISION_2}`);
    expect(attached[1]!.text).toContain('<html lang="en" dir="ltr">');

    const again = await chair.says(`/minutes ${meetingId} close`, GROUP);
    expect(texts(again)).toContain('are closed already');
    expect(files(again)).toHaveLength(0);
    const minutes = await h.prisma.minutes.findFirstOrThrow();
    expect(minutes.closedAt).not.toBeNull();
    expect(minutes.body).toContain(DECISION_1);
  });

  it('GIVEN closed minutes WHEN a member asks /minutes ID in private THEN they read the text, and nothing is recorded there', async () => {
    const text = texts(await reza.says(`/minutes ${meetingId}`));
    expect(text).toContain('Minutes: Budget review');
    expect(text).toContain(`GEN-${year}-02 — ${DECISION_2}`);
    expect(texts(await reza.says('/note Sneaky'))).toContain('No minutes are being kept in this chat');
  });

  it('GIVEN closed minutes WHEN a member asks /decisions THEN the register lists both, newest first, with their meeting', async () => {
    const register = texts(await reza.says('/decisions', GROUP));
    expect(register).toContain('Decisions 1–2 of 2');
    expect(register.indexOf(`GEN-${year}-02`)).toBeLessThan(register.indexOf(`GEN-${year}-01`));
    expect(register).toContain(`— Budget review (#${meetingId})`);
    expect(texts(await reza.says('/decisions Isfahan', GROUP))).toContain('Decisions 1–1 of 1');
  });

  it('GIVEN a decision in Persian WHEN /search types its words with Arabic letters and a space for the ZWNJ THEN the minutes are found', async () => {
    // «كتابخانه هاي ديجيتال»: Arabic kaf and yeh, and a space where the decision has a ZWNJ.
    const found = texts(await reza.says('/search كتابخانه هاي ديجيتال', GROUP));
    expect(found).toContain('In the minutes, for');
    expect(found).toContain(`Decision GEN-${year}-01: ${DECISION_1}`);
    expect(texts(await reza.says('/search venues', GROUP))).toContain('Note: Two venues were offered');
  });

  it('GIVEN the meeting over WHEN /meetings shows its next time THEN the agenda starts with the open action and the unfinished topic', async () => {
    // The first time ends: /meetings shows the series' next time.
    await h.prisma.meetingOccurrence.updateMany({
      where: { meetingId, minutes: { isNot: null } },
      data: { endsAt: new Date(Date.now() - 60_000) },
    });
    const list = texts(await reza.says('/meetings', GROUP));
    expect(list).toContain('Carried over from last time:');
    expect(list).toContain('• Action: Prepare the budget table — Sara and Ali');
    expect(list).toContain('• Unfinished: Workshops');
    // Budget had a decision under it: finished.
    expect(list).not.toContain('• Unfinished: Budget');
  });

  it('GIVEN closed minutes WHEN the secretary adds a note THEN version 2 is posted and version 1 is kept with who and when', async () => {
    const before = h.adapter.sent.length;
    const reply = texts(await sara.says(`/minutes ${meetingId}`, GROUP));
    expect(reply).toContain('edits the closed minutes');
    expect(texts(await sara.says('/note Added after the meeting', GROUP))).toContain('version 2 is posted');
    const minutes = await h.prisma.minutes.findFirstOrThrow({ include: { versions: { include: { editedBy: true } } } });
    expect(minutes.version).toBe(2);
    expect(minutes.versions.map((v) => [v.version, v.editedBy?.displayName])).toEqual([[1, 'Sara']]);
    expect(minutes.versions[0]!.body).not.toContain('Added after the meeting');
    expect(minutes.body).toContain('Added after the meeting');
    const reposted = h.adapter.sent.slice(before).find((m) => m.text.startsWith('Minutes: Budget review'));
    expect(reposted?.text).toContain('Version 2 (edited after closing)');
  });

  it('GIVEN Sara’s notes WHEN she asks /mydata THEN her entries are in it', async () => {
    const replies = await sara.says('/mydata');
    const data = replies.find((m) => m.file)!;
    const json = JSON.parse(Buffer.from(data.file!.contentBase64, 'base64').toString('utf8'));
    expect(json.minutesEntries.map((e: { text: string }) => e.text)).toContain('The draft was read');
  });
});
