import { describe, expect, it } from 'vitest';
import {
  daysOverdue,
  digestWeek,
  initialChases,
  nextOverdue,
  overdueNumber,
} from '../../../src/features/actions/action-schedule.ts';
import { dueText } from '../../../src/features/actions/action-text.ts';

/** When owners are chased and digests are due: pure, from instants and zones. */

const iso = (chases: Array<{ stage: string; at: Date }>) => chases.map((c) => [c.stage, c.at.toISOString()]);

describe('initialChases', () => {
  // Due at the end of 20 Tir 1405 (2026-07-11) in Tehran: the start of the next day there.
  const dueAt = new Date('2026-07-11T20:30:00Z');

  it('GIVEN a due date ahead THEN assigned now, and 09:00 Tehran three days before and on the due day', () => {
    const now = new Date('2026-07-01T12:00:00Z');
    expect(iso(initialChases(dueAt, 'Asia/Tehran', now))).toEqual([
      ['assigned', now.toISOString()],
      ['due-3', '2026-07-08T05:30:00.000Z'],
      ['due', '2026-07-11T05:30:00.000Z'],
    ]);
  });

  it('GIVEN the last millisecond of the day as the due time THEN the same due day', () => {
    const now = new Date('2026-07-01T12:00:00Z');
    const lastMs = new Date(dueAt.getTime() - 1);
    expect(iso(initialChases(lastMs, 'Asia/Tehran', now))).toEqual(iso(initialChases(dueAt, 'Asia/Tehran', now)));
  });

  it('GIVEN the owner in another zone THEN 09:00 is theirs', () => {
    const now = new Date('2026-07-01T12:00:00Z');
    // The same instant is the end of 11 July in Ho Chi Minh City too (it is 03:00 on the 12th there).
    const chases = initialChases(new Date('2026-07-11T17:00:00Z'), 'Asia/Ho_Chi_Minh', now);
    expect(iso(chases).at(-1)).toEqual(['due', '2026-07-11T02:00:00.000Z']);
  });

  it('GIVEN two days left THEN no "3 days left"; GIVEN the due day’s 09:00 past THEN the first overdue instead', () => {
    expect(iso(initialChases(dueAt, 'Asia/Tehran', new Date('2026-07-09T12:00:00Z'))).map(([s]) => s)).toEqual([
      'assigned',
      'due',
    ]);
    expect(iso(initialChases(dueAt, 'Asia/Tehran', new Date('2026-07-11T08:00:00Z'))).slice(1)).toEqual([
      ['overdue-1', '2026-07-18T05:30:00.000Z'],
    ]);
  });

  it('GIVEN no due date THEN only the first message', () => {
    expect(initialChases(null, 'UTC', new Date()).map((c) => c.stage)).toEqual(['assigned']);
  });

  it('GIVEN a DST change between THEN each reminder is still at 09:00 local time', () => {
    // Berlin moves to summer time on 28 March 2027: due-3 is 09:00 CET, due 09:00 CEST.
    const chases = initialChases(new Date('2027-03-30T22:00:00Z'), 'Europe/Berlin', new Date('2027-03-01T00:00:00Z'));
    expect(iso(chases).slice(1)).toEqual([
      ['due-3', '2027-03-27T08:00:00.000Z'],
      ['due', '2027-03-30T07:00:00.000Z'],
    ]);
  });
});

describe('nextOverdue', () => {
  const dueAt = new Date('2026-07-11T20:30:00Z');

  it('GIVEN due or overdue-n handed over THEN overdue-(n+1) seven days after the one before', () => {
    const now = new Date('2026-07-11T05:31:00Z');
    expect(nextOverdue('due', dueAt, 'Asia/Tehran', now)).toEqual({
      stage: 'overdue-1',
      at: new Date('2026-07-18T05:30:00Z'),
    });
    expect(nextOverdue('overdue-1', dueAt, 'Asia/Tehran', new Date('2026-07-18T05:31:00Z'))).toEqual({
      stage: 'overdue-2',
      at: new Date('2026-07-25T05:30:00Z'),
    });
  });

  it('GIVEN weeks missed THEN the first one still ahead, numbered by its week', () => {
    expect(nextOverdue('due', dueAt, 'Asia/Tehran', new Date('2026-08-02T00:00:00Z'))).toEqual({
      stage: 'overdue-4',
      at: new Date('2026-08-08T05:30:00Z'),
    });
  });

  it('GIVEN another stage THEN nothing follows it', () => {
    expect(nextOverdue('assigned', dueAt, 'UTC', new Date())).toBeNull();
    expect(nextOverdue('due-3', dueAt, 'UTC', new Date())).toBeNull();
    expect(overdueNumber('overdue-x')).toBeNull();
    expect(overdueNumber('overdue-12')).toBe(12);
  });
});

describe('daysOverdue and dueText', () => {
  it('GIVEN the due day and a week later THEN 0 and 7 days, counted in the zone', () => {
    const dueAt = new Date('2026-07-11T20:30:00Z');
    expect(daysOverdue(dueAt, 'Asia/Tehran', new Date('2026-07-11T19:00:00Z'))).toBe(0);
    expect(daysOverdue(dueAt, 'Asia/Tehran', new Date('2026-07-18T05:30:00Z'))).toBe(7);
  });

  it('GIVEN a day without a time THEN the day; GIVEN a time THEN date and time', () => {
    const reader = { language: 'en', calendar: 'gregorian', timeZone: 'Asia/Tehran' } as const;
    expect(dueText(new Date('2026-07-11T20:30:00Z'), reader)).toBe('11 July 2026');
    expect(dueText(new Date('2026-07-11T20:29:59.999Z'), reader)).toBe('11 July 2026');
    expect(dueText(new Date('2026-07-11T14:30:00Z'), reader)).toBe('11 July 2026, 18:00 (Asia/Tehran, +03:30)');
    expect(dueText(new Date('2026-07-11T20:30:00Z'), { ...reader, calendar: 'persian' })).toBe('20 Tir 1405');
  });
});

describe('digestWeek', () => {
  it('GIVEN Monday in Tehran THEN due from 09:00 there, for the ISO week', () => {
    // Monday 7 December 2026: 09:00 in Tehran is 05:30 UTC.
    expect(digestWeek(new Date('2026-12-07T05:29:00Z'), 'Asia/Tehran')).toEqual({ week: '2026-W50', due: false });
    expect(digestWeek(new Date('2026-12-07T05:30:00Z'), 'Asia/Tehran')).toEqual({ week: '2026-W50', due: true });
    expect(digestWeek(new Date('2026-12-13T20:00:00Z'), 'Asia/Tehran')).toEqual({ week: '2026-W50', due: true });
    // Sunday night in UTC is already Monday in Tehran, before 09:00.
    expect(digestWeek(new Date('2026-12-13T21:00:00Z'), 'Asia/Tehran')).toEqual({ week: '2026-W51', due: false });
  });

  it('GIVEN New Year’s Day 2027 (a Friday) THEN it belongs to 2026-W53', () => {
    expect(digestWeek(new Date('2027-01-01T12:00:00Z'), 'UTC').week).toBe('2026-W53');
  });
});
