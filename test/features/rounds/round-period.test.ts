import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  currentPeriod,
  nextPeriod,
  parsePeriod,
  periodFromLabel,
  periodName,
  periodRange,
  previousPeriod,
  type ParsePeriodOptions,
  type Period,
  type RepeatingPeriodKind,
} from '../../../src/features/rounds/round-period.ts';

/** 5 October 2026 in Tehran: 13 Mehr 1405, the third Jalali quarter. */
const NOW = new Date('2026-10-05T10:00:00Z');
const JALALI: ParsePeriodOptions = { calendar: 'jalali', timeZone: 'Asia/Tehran', now: NOW };
const GREGORIAN: ParsePeriodOptions = { calendar: 'gregorian', timeZone: 'Asia/Ho_Chi_Minh', now: NOW };

function days(period: Period | null) {
  return period && { kind: period.kind, label: period.label, firstDay: period.firstDay, lastDay: period.lastDay };
}

describe('parsePeriod: explicit periods', () => {
  it('GIVEN 1405-Q3 THEN it is 1 Mehr – 30 Azar 1405 (23 September – 21 December 2026)', () => {
    expect(days(parsePeriod('1405-Q3', JALALI))).toEqual({
      kind: 'jalali-quarter',
      label: '1405-Q3',
      firstDay: '2026-09-23',
      lastDay: '2026-12-21',
    });
  });

  it('GIVEN the same quarter in Persian digits, with ق, slashes, lower case or spaces THEN it is the same period', () => {
    for (const text of ['۱۴۰۵-ق۳', ' ۱۴۰۵/ق۳ ', '1405 q3', 'Q3-1405', '١٤٠٥-Q3', '1405 - Q3']) {
      expect(parsePeriod(text, GREGORIAN)?.label, text).toBe('1405-Q3');
    }
  });

  it('GIVEN the first and last Jalali quarters THEN Q1 is Farvardin–Khordad and Q4 ends with Esfand (29 or 30 days)', () => {
    expect(days(parsePeriod('1405-Q1', JALALI))).toMatchObject({ firstDay: '2026-03-21', lastDay: '2026-06-21' });
    // 1403 is a leap year: 30 Esfand 1403 = 20 March 2025.
    expect(days(parsePeriod('1403-Q4', JALALI))).toMatchObject({ firstDay: '2024-12-21', lastDay: '2025-03-20' });
    expect(days(parsePeriod('1404-Q4', JALALI))).toMatchObject({ firstDay: '2025-12-22', lastDay: '2026-03-20' });
  });

  it('GIVEN Jalali and Gregorian months and quarters THEN the year says the calendar, whatever the community uses', () => {
    expect(days(parsePeriod('1405-07', GREGORIAN))).toEqual({
      kind: 'jalali-month',
      label: '1405-07',
      firstDay: '2026-09-23',
      lastDay: '2026-10-22',
    });
    expect(days(parsePeriod('۱۴۰۵/۷', GREGORIAN))?.label).toBe('1405-07');
    expect(days(parsePeriod('2026-Q4', JALALI))).toEqual({
      kind: 'gregorian-quarter',
      label: '2026-Q4',
      firstDay: '2026-10-01',
      lastDay: '2026-12-31',
    });
    expect(days(parsePeriod('2026-10', JALALI))).toEqual({
      kind: 'gregorian-month',
      label: '2026-10',
      firstDay: '2026-10-01',
      lastDay: '2026-10-31',
    });
    expect(days(parsePeriod('2028/02', JALALI))).toMatchObject({ firstDay: '2028-02-01', lastDay: '2028-02-29' });
  });

  it('GIVEN explicit ranges THEN each end is read in the calendar of its year, and the label keeps it', () => {
    expect(days(parsePeriod('2026-10-01..2026-12-31', JALALI))).toEqual({
      kind: 'range',
      label: '2026-10-01..2026-12-31',
      firstDay: '2026-10-01',
      lastDay: '2026-12-31',
    });
    const jalali = parsePeriod('۱۴۰۵/۰۷/۰۱..۱۴۰۵/۰۹/۳۰', GREGORIAN);
    expect(days(jalali)).toEqual({
      kind: 'range',
      label: '1405-07-01..1405-09-30',
      firstDay: '2026-09-23',
      lastDay: '2026-12-21',
    });
    expect(parsePeriod('1405/07/01 تا 1405/09/30', GREGORIAN)?.label).toBe('1405-07-01..1405-09-30');
    expect(parsePeriod('2026-10-01…2026-12-31', GREGORIAN)?.label).toBe('2026-10-01..2026-12-31');
  });

  it('GIVEN something that is no period THEN null', () => {
    for (const text of [
      '',
      'Q3',
      '1405',
      '1405-Q5',
      '2026-13',
      '1299-Q1',
      '0999-10',
      '2026-12-31..2026-10-01',
      '1404/12/30..1405/01/10', // 1404 is not a leap year: no 30 Esfand
      '2026-02-30..2026-03-01',
      'soon',
    ]) {
      expect(parsePeriod(text, JALALI), text).toBeNull();
    }
  });
});

describe('parsePeriod: current, previous and next', () => {
  it('GIVEN a Jalali community on 13 Mehr 1405 THEN current is 1405-Q3, next 1405-Q4, previous month Shahrivar', () => {
    expect(parsePeriod('current', JALALI)?.label).toBe('1405-Q3');
    expect(parsePeriod('current quarter', JALALI)?.label).toBe('1405-Q3');
    expect(parsePeriod('next', JALALI)?.label).toBe('1405-Q4');
    expect(parsePeriod('previous month', JALALI)?.label).toBe('1405-06');
    expect(parsePeriod('فصل جاری', JALALI)?.label).toBe('1405-Q3');
    expect(parsePeriod('ماه بعد', JALALI)?.label).toBe('1405-08');
  });

  it('GIVEN a Gregorian community THEN the words name Gregorian quarters and months, in any of the four languages', () => {
    expect(parsePeriod('current', GREGORIAN)?.label).toBe('2026-Q4');
    expect(parsePeriod('Previous Quarter', GREGORIAN)?.label).toBe('2026-Q3');
    expect(parsePeriod('next month', GREGORIAN)?.label).toBe('2026-11');
    expect(parsePeriod('quý này', GREGORIAN)?.label).toBe('2026-Q4');
    expect(parsePeriod('tháng trước', GREGORIAN)?.label).toBe('2026-09');
    expect(parsePeriod('следующий квартал', GREGORIAN)?.label).toBe('2027-Q1');
  });

  it('GIVEN the last evening of a quarter in the zone THEN the zone, not UTC, decides the current quarter', () => {
    // 1 October 2026, 00:30 in Ho Chi Minh City (UTC+7) is Q4 there and still 30 September in UTC.
    const now = new Date('2026-09-30T17:30:00Z');
    expect(parsePeriod('current', { ...GREGORIAN, now })?.label).toBe('2026-Q4');
    expect(parsePeriod('current', { ...GREGORIAN, now, timeZone: 'UTC' })?.label).toBe('2026-Q3');
  });
});

describe('periods in sequence', () => {
  it('GIVEN quarters and months at a year’s end THEN next and previous cross into the neighbouring year', () => {
    expect(nextPeriod(periodFromLabel('1405-Q4')!)?.label).toBe('1406-Q1');
    expect(previousPeriod(periodFromLabel('1405-Q1')!)?.label).toBe('1404-Q4');
    expect(nextPeriod(periodFromLabel('2026-12')!)?.label).toBe('2027-01');
    expect(previousPeriod(periodFromLabel('2026-01')!)?.label).toBe('2025-12');
    expect(nextPeriod(periodFromLabel('2026-10-01..2026-12-31')!)).toBeNull();
    expect(previousPeriod(periodFromLabel('2026-10-01..2026-12-31')!)).toBeNull();
  });

  const repeating = fc.constantFrom<RepeatingPeriodKind>(
    'jalali-quarter',
    'jalali-month',
    'gregorian-quarter',
    'gregorian-month',
  );
  const instant = fc.date({
    min: new Date('2000-01-01T00:00:00Z'),
    max: new Date('2090-12-31T00:00:00Z'),
    noInvalidDate: true,
  });
  const zone = fc.constantFrom('Asia/Tehran', 'Asia/Ho_Chi_Minh', 'Europe/Moscow', 'America/New_York');

  it('PROPERTY: the next period starts the day after the current one ends, and previous undoes next', () => {
    fc.assert(
      fc.property(repeating, instant, zone, (kind, now, timeZone) => {
        const current = currentPeriod(kind, now, timeZone);
        const next = nextPeriod(current)!;
        expect(next.kind).toBe(kind);
        expect(periodRange(next, timeZone).start).toEqual(periodRange(current, timeZone).end);
        expect(previousPeriod(next)).toEqual(current);
      }),
    );
  });

  it('PROPERTY: a period’s label reads back as the same period, and `now` falls inside the current one', () => {
    fc.assert(
      fc.property(repeating, instant, zone, (kind, now, timeZone) => {
        const current = currentPeriod(kind, now, timeZone);
        expect(periodFromLabel(current.label)).toEqual(current);
        const { start, end } = periodRange(current, timeZone);
        expect(start.getTime()).toBeLessThanOrEqual(now.getTime());
        expect(now.getTime()).toBeLessThan(end.getTime());
      }),
    );
  });
});

describe('periodRange', () => {
  it('GIVEN 1405-Q3 in Tehran THEN it runs from midnight of 1 Mehr to midnight after 30 Azar, Tehran time', () => {
    expect(periodRange(periodFromLabel('1405-Q3')!, 'Asia/Tehran')).toEqual({
      start: new Date('2026-09-22T20:30:00Z'),
      end: new Date('2026-12-21T20:30:00Z'),
    });
  });

  it('GIVEN a month with a DST change in New York THEN both ends are local midnights at their own offsets', () => {
    expect(periodRange(periodFromLabel('2026-03')!, 'America/New_York')).toEqual({
      start: new Date('2026-03-01T05:00:00Z'),
      end: new Date('2026-04-01T04:00:00Z'),
    });
  });

  it('GIVEN a day whose midnight a DST change skips (Santiago, 6 September 2026) THEN the period starts at 01:00', () => {
    const range = periodRange(periodFromLabel('2026-09-06..2026-09-06')!, 'America/Santiago');
    expect(range.start).toEqual(new Date('2026-09-06T04:00:00Z'));
    expect(range.end).toEqual(new Date('2026-09-07T03:00:00Z'));
  });
});

describe('periodName', () => {
  it('GIVEN 1405-Q3 THEN each language names it with the Jalali months', () => {
    const q = periodFromLabel('1405-Q3')!;
    expect(periodName(q, 'en')).toBe('Q3 1405 (Mehr–Azar)');
    expect(periodName(q, 'fa')).toBe('سه‌ماههٔ سوم ۱۴۰۵ (مهر تا آذر)');
    expect(periodName(q, 'vi')).toBe('Quý 3/1405 (Mehr – Azar)');
    expect(periodName(q, 'ru')).toBe('III квартал 1405 (мехр — азер)');
  });

  it('GIVEN 2026-Q4 and 2026-10 THEN the names are the languages’ usual ones', () => {
    const q = periodFromLabel('2026-Q4')!;
    expect(periodName(q, 'en')).toBe('Q4 2026 (October–December)');
    expect(periodName(q, 'fa')).toBe('سه‌ماههٔ چهارم ۲۰۲۶ (اکتبر تا دسامبر)');
    expect(periodName(q, 'vi')).toBe('Quý 4/2026');
    expect(periodName(q, 'ru')).toBe('IV квартал 2026');
    const m = periodFromLabel('2026-10')!;
    expect(periodName(m, 'en')).toBe('October 2026');
    expect(periodName(m, 'vi')).toBe('Tháng 10/2026');
    expect(periodName(m, 'ru')).toBe('Октябрь 2026');
    expect(periodName(periodFromLabel('1405-07')!, 'fa')).toBe('مهر ۱۴۰۵');
  });

  it('GIVEN a range typed in Jalali dates THEN its name keeps the Jalali calendar', () => {
    const range = periodFromLabel('1405-07-01..1405-09-30')!;
    expect(periodName(range, 'en')).toBe('1 Mehr 1405 – 30 Azar 1405');
    expect(periodName(range, 'fa')).toBe('۱ مهر ۱۴۰۵ تا ۳۰ آذر ۱۴۰۵');
  });
});
