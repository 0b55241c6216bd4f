import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { periodFromLabel } from '../../../src/features/rounds/round-period.ts';
import { chaseStages, dueDay, roundDates } from '../../../src/features/rounds/round-schedule.ts';

const Q3_1405 = periodFromLabel('1405-Q3')!; // 23 September – 21 December 2026
const TEHRAN = 'Asia/Tehran'; // UTC+03:30 all year (no DST since 2022)

describe('roundDates', () => {
  it('GIVEN 1405-Q3 opening on its last day and due 10 days after THEN it opens at 30 Azar 00:00 and is due at the end of 10 Dey, Tehran time', () => {
    const dates = roundDates({
      period: Q3_1405,
      timeZone: TEHRAN,
      openDaysBefore: 0,
      dueDaysAfter: 10,
      now: new Date('2026-10-01T00:00:00Z'),
    });
    expect(dates).toEqual({
      opensAt: new Date('2026-12-20T20:30:00Z'), // 21 December 00:00 in Tehran
      dueAt: new Date('2026-12-31T20:30:00Z'), // 1 January 00:00: the end of 31 December (10 Dey)
    });
    expect(dueDay(dates.dueAt, TEHRAN)).toBe('2026-12-31');
  });

  it('GIVEN a round opening 14 days before the period ends THEN it opens at the start of that day', () => {
    const { opensAt } = roundDates({
      period: Q3_1405,
      timeZone: TEHRAN,
      openDaysBefore: 14,
      dueDaysAfter: 0,
      now: new Date('2026-10-01T00:00:00Z'),
    });
    expect(opensAt).toEqual(new Date('2026-12-06T20:30:00Z')); // 7 December 00:00
  });

  it('GIVEN a round made after its opening day THEN it opens now', () => {
    const now = new Date('2026-12-25T08:17:00Z');
    const dates = roundDates({ period: Q3_1405, timeZone: TEHRAN, openDaysBefore: 0, dueDaysAfter: 10, now });
    expect(dates.opensAt).toEqual(now);
    expect(dates.dueAt).toEqual(new Date('2026-12-31T20:30:00Z'));
  });

  it('GIVEN New York, where the clock goes back on 1 November 2026 THEN the due instant is local midnight at the new offset', () => {
    const dates = roundDates({
      period: periodFromLabel('2026-10')!,
      timeZone: 'America/New_York',
      openDaysBefore: 0,
      dueDaysAfter: 5,
      now: new Date('2026-10-01T00:00:00Z'),
    });
    expect(dates.opensAt).toEqual(new Date('2026-10-31T04:00:00Z')); // EDT
    expect(dates.dueAt).toEqual(new Date('2026-11-06T05:00:00Z')); // EST: end of 5 November
  });
});

describe('chaseStages', () => {
  it('GIVEN a round open from 21 November and due at the end of 10 Dey 1405 THEN every stage is at 09:00 (the chair’s list at 10:00) Tehran time', () => {
    const stages = chaseStages(new Date('2026-11-20T20:30:00Z'), new Date('2026-12-31T20:30:00Z'), TEHRAN);
    expect(stages.map(({ stage, at }) => [stage, at.toISOString()])).toEqual([
      ['open', '2026-11-20T20:30:00.000Z'],
      ['due-7', '2026-12-24T05:30:00.000Z'],
      ['due-1', '2026-12-30T05:30:00.000Z'],
      ['due', '2026-12-31T05:30:00.000Z'],
      ['late-3', '2027-01-03T05:30:00.000Z'],
      ['missing', '2027-01-03T06:30:00.000Z'],
    ]);
  });

  it('GIVEN a short round that opens 3 days before its due day THEN the 7-day reminder is dropped, not moved', () => {
    const opensAt = new Date('2026-12-28T10:00:00Z');
    const stages = chaseStages(opensAt, new Date('2026-12-31T20:30:00Z'), TEHRAN);
    expect(stages.map((s) => s.stage)).toEqual(['open', 'due-1', 'due', 'late-3', 'missing']);
    expect(stages[0]!.at).toEqual(opensAt);
  });

  it('GIVEN a round opened on its due day after 09:00 THEN only the stages after the opening remain', () => {
    const stages = chaseStages(new Date('2026-12-31T07:00:00Z'), new Date('2026-12-31T20:30:00Z'), TEHRAN);
    expect(stages.map((s) => s.stage)).toEqual(['open', 'late-3', 'missing']);
  });

  it('GIVEN New York, where 8 March 2026 loses 02:00–03:00 THEN the 09:00 stages keep 09:00 local on both sides of the change', () => {
    // Due at the end of 10 March: due-7 on 3 March (EST), due-1 on 9 March (EDT).
    const stages = chaseStages(new Date('2026-02-01T05:00:00Z'), new Date('2026-03-11T04:00:00Z'), 'America/New_York');
    const at = Object.fromEntries(stages.map((s) => [s.stage, s.at.toISOString()]));
    expect(at['due-7']).toBe('2026-03-03T14:00:00.000Z');
    expect(at['due-1']).toBe('2026-03-09T13:00:00.000Z');
    expect(at.due).toBe('2026-03-10T13:00:00.000Z');
  });

  const zone = fc.constantFrom('Asia/Tehran', 'Asia/Ho_Chi_Minh', 'Europe/Moscow', 'America/New_York');
  const instant = fc.date({
    min: new Date('2024-01-01T00:00:00Z'),
    max: new Date('2030-01-01T00:00:00Z'),
    noInvalidDate: true,
  });

  it('PROPERTY: stages come in order, never before the opening, and open is always first', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 120 * 24 }), zone, (opensAt, hours, timeZone) => {
        const dueAt = new Date(opensAt.getTime() + hours * 3_600_000);
        const stages = chaseStages(opensAt, dueAt, timeZone);
        expect(stages[0]).toEqual({ stage: 'open', at: opensAt });
        for (let i = 1; i < stages.length; i += 1) {
          expect(stages[i]!.at.getTime()).toBeGreaterThanOrEqual(opensAt.getTime());
          expect(stages[i]!.at.getTime()).toBeGreaterThanOrEqual(stages[i - 1]!.at.getTime());
        }
        // The chair's list always comes: three days after the due day is after the opening.
        expect(stages.at(-1)!.stage).toBe('missing');
      }),
    );
  });
});
