import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/logger.ts';
import { createRoundJobs } from '../../../src/features/rounds/round-jobs.ts';
import { GROUP, Harness, privateChat, texts, type Person } from '../../support/harness.ts';
import type { SentMessage } from '../../support/memory-adapter.ts';
import { communityWithChair, member } from '../polls/support.ts';
import { bare, communityId, library, memberId } from './round-answer-support.ts';

/**
 * A report round from the chair's side: made with /round new, opened (every respondent asked once,
 * privately, in their language), chased only where answers are missing, never at night or on a
 * holiday, its status, a nudge, the compiled report at close, and a repeating round's next period.
 */

let h: Harness;
let chair: Person;
beforeEach(async () => {
  h = await Harness.create();
  ({ chair } = await communityWithChair(h));
  // The clock of these tests is the real one for what the chair types: no quiet hours, no holidays,
  // so that a test run at night or on a holiday reads the same. Those rules have their own tests below.
  expect(texts(await chair.says('/holidays quiet off'))).not.toMatch(/error|wrong/i);
  await chair.says('/holidays country none');
});
afterEach(async () => {
  await h.close();
});

const DAY = 24 * 3600_000;

/** Three libraries, one with two respondents, one answering in Persian. */
async function network(): Promise<{ people: Person[]; ids: number[] }> {
  const ali = await member(h, 'ali', { name: 'Ali' });
  const sara = await member(h, 'sara', { name: 'Sara' });
  const minh = await member(h, 'minh', { name: 'Minh' });
  const olga = await member(h, 'olga', { name: 'Olga' });
  await sara.says('/lang fa');
  const ids = [
    await library(h, 'Central Library', [ali, sara]),
    await library(h, 'کتابخانهٔ مرکزی دانشگاه', [minh]),
    await library(h, 'Hospital Library', [olga]),
  ];
  return { people: [ali, sara, minh, olga], ids };
}

/** A chaser on a clock of the test's choosing; the app's own runs on the real clock beside it. */
function chaserAt(clock: { now: Date }) {
  return createRoundJobs(
    {
      db: h.prisma,
      services: h.app.services,
      translator: h.app.translator,
      outbox: h.app.outbox,
      logger: silentLogger(),
    },
    () => clock.now,
  );
}

async function tickAt(jobs: ReturnType<typeof chaserAt>): Promise<SentMessage[]> {
  const before = h.adapter.sent.length;
  await jobs.chaser.tick();
  await h.app.outbox.drain();
  return h.adapter.sent.slice(before);
}

async function submit(roundId: number, libraryId: number, answers: Record<string, unknown>, at = new Date()) {
  await h.prisma.roundSubmission.create({
    data: { roundId, libraryId, answers: answers as object, submittedAt: at, firstSubmittedAt: at },
  });
}

async function newRound(line = '/round new quarterly-activity current quarter --due 10'): Promise<number> {
  const replies = await chair.says(line);
  const made = /#(\d+)/.exec(texts(replies));
  if (!made) throw new Error(texts(replies));
  // Opening is immediate; its first messages go out through the chaser, woken by the opening.
  await waitFor(
    async () => (await h.prisma.roundReminder.count({ where: { stage: 'open', status: 'planned' } })) === 0,
  );
  await h.app.outbox.drain();
  return Number(made[1]);
}

/** Polls `check` until it holds; 20 s, for a CI machine whose two cores are busy with other test files. */
async function waitFor(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('timed out');
}

const openMessages = (person: Person) =>
  h.adapter.sent.filter(
    (m) => m.chatId === `dm-${person.userId}` && m.buttons?.flat().some((b) => b.action === 'rnd.go'),
  );

describe('making and opening a round', () => {
  it('GIVEN three libraries WHEN the chair makes a round THEN every respondent is asked once, privately, in their language', async () => {
    const { people } = await network();
    const id = await newRound();
    const round = await h.prisma.reportRound.findUniqueOrThrow({ where: { id } });
    expect(round.openedAt).not.toBeNull();
    expect(round.audience).toBe('libraries');
    for (const person of people) expect(openMessages(person)).toHaveLength(1);
    const [ali, sara] = people as [Person, Person];
    expect(openMessages(ali)[0]!.text).toContain('For Central Library');
    expect(bare(openMessages(sara)[0]!.text)).toContain('برای Central Library');
    // Five stages for each of the four respondents, and the chair's list of the missing.
    expect(await h.prisma.roundReminder.count({ where: { roundId: id } })).toBe(4 * 5 + 1);
    // Opening again (another instance, the next tick) plans nothing more.
    await h.app.services.rounds.openDue(new Date());
    expect(await h.prisma.roundReminder.count({ where: { roundId: id } })).toBe(4 * 5 + 1);
  });

  it('GIVEN wrong input THEN the chair is told what was wrong and no round is written', async () => {
    await network();
    expect(texts(await chair.says('/round new nothing-like-it current quarter'))).toContain('quarterly-activity');
    expect(texts(await chair.says('/round new quarterly-activity 1405-Q9'))).toContain('1405-Q9');
    expect(texts(await chair.says('/round new quarterly-activity 2026-Q4 --every month'))).toMatch(/not a month/);
    expect(texts(await chair.says('/round status 999'))).toContain('/round list');
    const ali = h.person('ali');
    expect(texts(await ali.says('/round new quarterly-activity current quarter'))).not.toMatch(/#\d+ made/);
    expect(await h.prisma.reportRound.count()).toBe(0);
  });
});

describe('chasing', () => {
  it('GIVEN one library answered WHEN the reminder a day before the due date comes THEN only the others are reminded, once', async () => {
    const { people, ids } = await network();
    const id = await newRound();
    await submit(id, ids[0]!, { visits: { kind: 'number', value: 10 } });
    const dayBefore = await h.prisma.roundReminder.findFirstOrThrow({ where: { roundId: id, stage: 'due-1' } });
    const clock = { now: new Date(dayBefore.dueAt.getTime() + 60_000) };
    const jobs = chaserAt(clock);
    const sent = await tickAt(jobs);
    // Only the two libraries that have not answered: their two respondents; not Ali nor Sara.
    const [ali, sara, minh, olga] = people as [Person, Person, Person, Person];
    const to = new Set(sent.map((m) => m.chatId));
    expect(to).toEqual(new Set([`dm-${minh.userId}`, `dm-${olga.userId}`]));
    // Each is the day-before reminder (listed when one is not, so that a failure shows what went out).
    expect(sent.filter((m) => !/tomorrow/.test(m.text)).map((m) => m.text)).toEqual([]);
    expect(to.has(`dm-${ali.userId}`) || to.has(`dm-${sara.userId}`)).toBe(false);
    expect(await tickAt(jobs)).toEqual([]);
    await jobs.stop();
  });

  it('GIVEN a reminder due at night in the respondent’s zone THEN it waits for 08:00 there', async () => {
    const { ids } = await network();
    const minh = h.person('minh');
    await minh.says('/tz Asia/Ho_Chi_Minh');
    const id = await newRound();
    // Quiet hours from now on, not before the opening: its first messages would otherwise wait for the
    // morning too whenever the test runs in the evening in Ho Chi Minh City (14:00–01:00 UTC).
    await chair.says('/holidays quiet 21:00-08:00');
    await submit(id, ids[0]!, {});
    await submit(id, ids[2]!, {});
    // 23:30 in Ho Chi Minh City (16:30 UTC) on the day of the due-7 reminder.
    const row = await h.prisma.roundReminder.findFirstOrThrow({
      where: { roundId: id, stage: 'due-7', memberId: await memberId(h, minh) },
    });
    const day = new Date(row.dueAt.getTime() - (row.dueAt.getTime() % DAY));
    const night = new Date(day.getTime() + 16.5 * 3600_000);
    await h.prisma.roundReminder.update({ where: { id: row.id }, data: { dueAt: night } });
    const clock = { now: new Date(night.getTime() + 1000) };
    const jobs = chaserAt(clock);
    expect(await tickAt(jobs)).toEqual([]);
    const moved = await h.prisma.roundReminder.findUniqueOrThrow({ where: { id: row.id } });
    expect(moved.status).toBe('planned');
    // 08:00 the next morning in Ho Chi Minh City is 01:00 UTC.
    expect(moved.dueAt.toISOString()).toBe(new Date(day.getTime() + DAY + 3600_000).toISOString());
    clock.now = new Date(moved.dueAt.getTime() + 1000);
    const sent = await tickAt(jobs);
    expect(sent.map((m) => m.chatId)).toEqual([`dm-${minh.userId}`]);
    await jobs.stop();
  });

  it('GIVEN 1 Farvardin on the holiday list THEN no reminder goes out that day; it comes the next morning', async () => {
    await network();
    await chair.says('/holidays add 1406/01/01 Nowruz');
    const id = await newRound();
    const ali = h.person('ali');
    const row = await h.prisma.roundReminder.findFirstOrThrow({
      where: { roundId: id, stage: 'due', memberId: await memberId(h, ali) },
    });
    // 1 Farvardin 1406 is 2027-03-21; 09:00 in the community's zone (UTC here).
    const nowruz = new Date('2027-03-21T09:00:00Z');
    await h.prisma.roundReminder.update({ where: { id: row.id }, data: { dueAt: nowruz } });
    const clock = { now: new Date(nowruz.getTime() + 1000) };
    const jobs = chaserAt(clock);
    const sentOnNowruz = await tickAt(jobs);
    expect(sentOnNowruz.filter((m) => m.chatId === `dm-${ali.userId}`)).toEqual([]);
    const moved = await h.prisma.roundReminder.findUniqueOrThrow({ where: { id: row.id } });
    expect(moved.dueAt.toISOString()).toBe('2027-03-22T00:00:00.000Z');
    await jobs.stop();
  });

  it('GIVEN two libraries missing WHEN the chair says /round remind THEN only their respondents are reminded now', async () => {
    const { people, ids } = await network();
    const id = await newRound();
    await submit(id, ids[1]!, {});
    const before = h.adapter.sent.length;
    const reply = texts(await chair.says(`/round remind ${id}`));
    expect(reply).toMatch(/2 libraries \(3 people\)/);
    await waitFor(
      async () => (await h.prisma.roundReminder.count({ where: { stage: 'now-1', status: 'planned' } })) === 0,
    );
    await h.app.outbox.drain();
    const reminded = new Set(
      h.adapter.sent
        .slice(before)
        .filter((m) => m.buttons?.flat().some((b) => b.action === 'rnd.go'))
        .map((m) => m.chatId),
    );
    const [ali, sara, , olga] = people as [Person, Person, Person, Person];
    expect(reminded).toEqual(new Set([`dm-${ali.userId}`, `dm-${sara.userId}`, `dm-${olga.userId}`]));
  });
});

describe('status, report and close', () => {
  it('GIVEN two of three libraries answered THEN status names the missing one and the report sums their figures', async () => {
    const { ids } = await network();
    const id = await newRound();
    await submit(id, ids[0]!, { visits: { kind: 'number', value: 1200 }, loans: { kind: 'number', value: 300 } });
    await submit(id, ids[1]!, { visits: { kind: 'number', value: 34 }, loans: { kind: 'number', value: 5 } });
    const status = await chair.says(`/round status ${id}`);
    const statusText = texts(status);
    expect(statusText).toContain('Hospital Library');
    expect(statusText).toMatch(/Reporting rate: 66\.7%/);
    expect(status.some((m) => m.file?.mimeType === 'image/png')).toBe(true);

    const report = await chair.says(`/round report ${id}`);
    const names = report.flatMap((m) => (m.file ? [m.file.fileName] : []));
    expect(names.map((n) => n.slice(n.lastIndexOf('.')))).toEqual(['.md', '.html', '.csv', '.xlsx']);
    const xlsx = report.find((m) => m.file?.fileName.endsWith('.xlsx'))!.file!;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(xlsx.contentBase64, 'base64') as unknown as ArrayBuffer);
    const cells = book.worksheets.flatMap((sheet) =>
      sheet.getSheetValues().flatMap((row) => (Array.isArray(row) ? row : [])),
    );
    expect(cells).toContain(1234);
    expect(cells).toContain(305);
  });

  it('GIVEN the chair closes a round THEN answers stop, reminders are cancelled, and the report can be published', async () => {
    await network();
    const id = await newRound();
    const closed = await chair.says(`/round close ${id}`);
    expect(texts(closed)).toMatch(/closed/);
    expect(await h.prisma.roundReminder.count({ where: { roundId: id, status: 'planned' } })).toBe(0);
    const summary = closed.find((m) => m.buttons?.flat().some((b) => b.action === 'rnd.pub'))!;
    const published = await chair.presses(summary, 0, privateChat('chair'));
    expect(published.filter((m) => m.chatId === GROUP.chatId).some((m) => m.file?.fileName.endsWith('.xlsx'))).toBe(
      true,
    );
    expect(texts(await chair.says(`/round close ${id}`))).toMatch(/is closed/);
  });

  it('GIVEN a round past its closing time THEN it closes by itself and the chair gets the report privately, once', async () => {
    await network();
    const id = await newRound();
    const round = await h.prisma.reportRound.findUniqueOrThrow({ where: { id } });
    const clock = { now: new Date(round.dueAt.getTime() + 8 * DAY) };
    const closed = await h.app.services.rounds.closeDue(clock.now);
    expect(closed.map((r) => r.id)).toEqual([id]);
    expect(await h.app.services.rounds.closeDue(clock.now)).toEqual([]);
    // The report is sent at the chair's next allowed time (no quiet hours in this community).
    const jobs = chaserAt(clock);
    const sent = await tickAt(jobs);
    const toChair = sent.filter((m) => m.chatId === 'dm-chair');
    expect(toChair.filter((m) => m.file).map((m) => m.file!.fileName.split('.').pop())).toEqual([
      'md',
      'html',
      'csv',
      'xlsx',
    ]);
    expect(await tickAt(jobs)).toEqual([]);
    await jobs.stop();
  });
});

describe('a repeating round', () => {
  it('GIVEN a round every quarter WHEN it opens THEN the next quarter’s round is made, and opens by itself before that quarter ends', async () => {
    await network();
    // On a fixed clock: 7 December 2026, in the last quarter of 2026.
    const now = new Date('2026-12-07T10:00:00Z');
    const rounds = h.app.services.rounds;
    const first = await rounds.create({
      communityId: await communityId(h),
      memberId: await memberId(h, chair),
      templateName: 'quarterly-activity',
      period: '2026-Q4',
      due: '10',
      openDaysBefore: 30,
      every: 'quarter',
      calendar: 'gregorian',
      timeZone: 'UTC',
      now,
      readDate: () => now,
    });
    // 30 days before 31 December ends is 1 December, already past: it opens at once.
    expect(first.opensAt.toISOString()).toBe(now.toISOString());
    expect(first.dueAt.toISOString()).toBe('2027-01-11T00:00:00.000Z');
    expect((await rounds.openDue(now)).map((r) => r.id)).toEqual([first.id]);
    const next = await h.prisma.reportRound.findFirstOrThrow({ where: { id: { not: first.id } } });
    expect(next.periodLabel).toBe('2027-Q1');
    expect(next.seriesId).toBe(first.id);
    expect(next.openedAt).toBeNull();
    expect(next.opensAt.toISOString()).toBe('2027-03-01T00:00:00.000Z');
    // Nothing opens before its time; at its time it opens by itself and makes the quarter after.
    expect(await rounds.openDue(new Date('2027-02-28T23:00:00Z'))).toEqual([]);
    const opened = await rounds.openDue(new Date(next.opensAt.getTime() + 1000));
    expect(opened.map((r) => r.id)).toEqual([next.id]);
    const labels = (await h.prisma.reportRound.findMany({ orderBy: { id: 'asc' } })).map((r) => r.periodLabel);
    expect(labels).toEqual(['2026-Q4', '2027-Q1', '2027-Q2']);
  });
});
