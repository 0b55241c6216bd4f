import { describe, expect, it } from 'vitest';
import {
  decisionPrefix,
  decisionYear,
  formatDecisionNumber,
  prefixFromName,
} from '../../../src/features/minutes/decision-number.ts';
import { leadingOwners, readDue, splitDue } from '../../../src/features/minutes/action-input.ts';

describe('decision numbers', () => {
  it('GIVEN committees THEN the prefix is the code, else made from the Latin name, else C and the id', () => {
    expect(prefixFromName({ id: 3, name: 'Documentation', code: null })).toBe('DOC');
    expect(prefixFromName({ id: 3, name: 'Conferences and Meetings', code: null })).toBe('CM');
    expect(prefixFromName({ id: 4, name: 'مستندسازی', code: null })).toBe('C4');
    expect(decisionPrefix({ id: 3, name: 'Documentation', code: 'dox' }, [])).toBe('DOX');
    expect(decisionPrefix(null, [])).toBe('GEN');
  });

  it('GIVEN two committees whose names make the same prefix THEN each adds its id, so no number is printed twice', () => {
    const all = [
      { id: 1, name: 'Documents', code: null },
      { id: 2, name: 'Documentation', code: null },
    ];
    expect(decisionPrefix(all[0]!, all)).toBe('DOC1');
    expect(decisionPrefix(all[1]!, all)).toBe('DOC2');
    expect(decisionPrefix({ id: 5, name: 'General', code: null }, [])).toBe('GEN5');
  });

  it('GIVEN a date THEN the year is Jalali in a Persian-calendar community, Gregorian otherwise, in its zone', () => {
    // 20 March 2026 21:00 UTC is already 1 Farvardin 1405 in Tehran, still 20 March in UTC.
    const nowruz = new Date('2026-03-20T21:00:00Z');
    expect(decisionYear(nowruz, 'persian', 'Asia/Tehran')).toBe(1405);
    expect(decisionYear(nowruz, 'persian', 'UTC')).toBe(1404);
    expect(decisionYear(new Date('2026-12-31T21:00:00Z'), 'gregorian', 'Asia/Tehran')).toBe(2027);
    expect(formatDecisionNumber('DOC', 1405, 7)).toBe('DOC-1405-07');
    expect(formatDecisionNumber('DOC', 2026, 123)).toBe('DOC-2026-123');
  });
});

describe('/action text', () => {
  const members = [
    { id: 1, displayName: 'Sara Ahmadi' },
    { id: 2, displayName: 'Sara Karimi' },
    { id: 3, displayName: 'Ali' },
    { id: 4, displayName: 'کتایون' },
  ];

  it('GIVEN names with spaces, underscores, Arabic letters and mentions THEN the owners and the rest are told apart', () => {
    expect(leadingOwners('@Sara Ahmadi @Ali Prepare the table', members)).toEqual({
      owners: [
        { kind: 'member', memberId: 1 },
        { kind: 'member', memberId: 3 },
      ],
      rest: 'Prepare the table',
    });
    expect(leadingOwners('@sara_karimi Call', members).owners).toEqual([{ kind: 'member', memberId: 2 }]);
    expect(leadingOwners('@كتايون تماس', members).owners).toEqual([{ kind: 'member', memberId: 4 }]);
    expect(leadingOwners('<@123> Call', members).owners).toEqual([{ kind: 'platform', userId: '123' }]);
    expect(leadingOwners('@Sara Call', members).owners[0]).toMatchObject({ kind: 'ambiguous', typed: 'Sara' });
    expect(() => leadingOwners('@Nobody Call', members)).toThrow();
  });

  it('GIVEN --due THEN it is split off, a day alone is due at its end, a past one refused', () => {
    expect(splitDue('Prepare it --due tomorrow 18:00')).toEqual({ text: 'Prepare it', due: 'tomorrow 18:00' });
    expect(splitDue('Prepare it')).toEqual({ text: 'Prepare it' });
    const reader = { language: 'fa', calendar: 'persian', timeZone: 'Asia/Tehran' } as const;
    const now = new Date('2026-12-07T08:00:00Z');
    // 15 Dey 1405 is 5 January 2027; its end in Tehran (UTC+3:30) is 20:29:59.999 UTC.
    expect(readDue('۱۴۰۵/۱۰/۱۵', reader, now).toISOString()).toBe('2027-01-05T20:29:59.999Z');
    expect(() => readDue('1405/01/01', reader, now)).toThrow();
  });
});
