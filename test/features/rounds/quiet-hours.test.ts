import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { inQuietHours, nextAllowedTime, type QuietRules } from '../../../src/features/rounds/quiet-hours.ts';

const NO_HOLIDAYS = () => false;
/** The default quiet hours, 21:00–08:00. */
const NIGHT = { quietStartMinute: 21 * 60, quietEndMinute: 8 * 60 };

function rules(timeZone: string, extra: Partial<QuietRules> = {}): QuietRules {
  return { timeZone, ...NIGHT, isHoliday: NO_HOLIDAYS, ...extra };
}

const at = (iso: string) => new Date(iso);

describe('nextAllowedTime: quiet hours', () => {
  it('GIVEN Tehran at noon THEN the time stays as it is', () => {
    expect(nextAllowedTime(at('2026-10-05T08:30:00Z'), rules('Asia/Tehran'))).toEqual(at('2026-10-05T08:30:00Z'));
  });

  it('GIVEN Tehran at 22:00 THEN it waits until 08:00 the next morning (04:30 UTC)', () => {
    expect(nextAllowedTime(at('2026-10-05T18:30:00Z'), rules('Asia/Tehran'))).toEqual(at('2026-10-06T04:30:00Z'));
  });

  it('GIVEN Tehran at 06:15 THEN it waits until 08:00 the same morning', () => {
    expect(nextAllowedTime(at('2026-10-05T02:45:00Z'), rules('Asia/Tehran'))).toEqual(at('2026-10-05T04:30:00Z'));
  });

  it('GIVEN the edges of the window THEN 21:00 is quiet and 20:59 and 08:00 are not', () => {
    const tehran = rules('Asia/Tehran');
    expect(nextAllowedTime(at('2026-10-05T17:29:00Z'), tehran)).toEqual(at('2026-10-05T17:29:00Z')); // 20:59
    expect(nextAllowedTime(at('2026-10-05T17:30:00Z'), tehran)).toEqual(at('2026-10-06T04:30:00Z')); // 21:00
    expect(nextAllowedTime(at('2026-10-06T04:30:00Z'), tehran)).toEqual(at('2026-10-06T04:30:00Z')); // 08:00
  });

  it('GIVEN Ho Chi Minh City at 23:30 and Moscow at 03:00 THEN each waits for its own 08:00', () => {
    expect(nextAllowedTime(at('2026-10-05T16:30:00Z'), rules('Asia/Ho_Chi_Minh'))).toEqual(at('2026-10-06T01:00:00Z'));
    expect(nextAllowedTime(at('2026-10-05T00:00:00Z'), rules('Europe/Moscow'))).toEqual(at('2026-10-05T05:00:00Z'));
  });

  it('GIVEN a window that does not wrap (12:00–14:00) THEN 13:00 waits until 14:00 and 15:00 is allowed', () => {
    const lunch = rules('Europe/Moscow', { quietStartMinute: 12 * 60, quietEndMinute: 14 * 60 });
    expect(nextAllowedTime(at('2026-10-05T10:00:00Z'), lunch)).toEqual(at('2026-10-05T11:00:00Z'));
    expect(nextAllowedTime(at('2026-10-05T12:00:00Z'), lunch)).toEqual(at('2026-10-05T12:00:00Z'));
  });

  it('GIVEN start = end THEN there are no quiet hours', () => {
    const off = rules('Asia/Tehran', { quietStartMinute: 0, quietEndMinute: 0 });
    expect(nextAllowedTime(at('2026-10-05T20:00:00Z'), off)).toEqual(at('2026-10-05T20:00:00Z'));
    expect(inQuietHours(0, 0, 0)).toBe(false);
  });
});

describe('nextAllowedTime: around DST changes in New York', () => {
  it('GIVEN 22:00 on the evening before the clocks go forward THEN 08:00 EDT the next morning', () => {
    // 7 March 2026 22:00 EST → 8 March 08:00 EDT (12:00 UTC, not 13:00).
    expect(nextAllowedTime(at('2026-03-08T03:00:00Z'), rules('America/New_York'))).toEqual(at('2026-03-08T12:00:00Z'));
  });

  it('GIVEN quiet hours ending at 02:30, a time the change skips THEN the reminder waits until just after the gap', () => {
    const gap = rules('America/New_York', { quietStartMinute: 21 * 60, quietEndMinute: 2 * 60 + 30 });
    // 01:00 EST → 02:30 does not exist on 8 March 2026 → 03:30 EDT (07:30 UTC).
    expect(nextAllowedTime(at('2026-03-08T06:00:00Z'), gap)).toEqual(at('2026-03-08T07:30:00Z'));
  });

  it('GIVEN the second 01:15 of 1 November (the clocks went back) and quiet hours until 01:30 THEN the second 01:30, not the first', () => {
    const early = rules('America/New_York', { quietStartMinute: 0, quietEndMinute: 90 });
    const secondPass = at('2026-11-01T06:15:00Z'); // 01:15 EST
    expect(nextAllowedTime(secondPass, early)).toEqual(at('2026-11-01T06:30:00Z'));
    const firstPass = at('2026-11-01T05:15:00Z'); // 01:15 EDT
    expect(nextAllowedTime(firstPass, early)).toEqual(at('2026-11-01T05:30:00Z'));
  });
});

describe('nextAllowedTime: holidays', () => {
  /** Nowruz 1405: 1–4 Farvardin = 21–24 March 2026. */
  const nowruz = (day: string) => day >= '2026-03-21' && day <= '2026-03-24';

  it('GIVEN 22:00 on the eve of Nowruz in Tehran THEN the reminder waits until 08:00 on 5 Farvardin', () => {
    const result = nextAllowedTime(at('2026-03-20T18:30:00Z'), rules('Asia/Tehran', { isHoliday: nowruz }));
    expect(result).toEqual(at('2026-03-25T04:30:00Z'));
  });

  it('GIVEN noon on 1 Farvardin THEN 08:00 on the first working day after', () => {
    const result = nextAllowedTime(at('2026-03-21T08:30:00Z'), rules('Asia/Tehran', { isHoliday: nowruz }));
    expect(result).toEqual(at('2026-03-25T04:30:00Z'));
  });

  it('GIVEN a holiday and no quiet hours THEN the reminder waits until midnight after it', () => {
    const result = nextAllowedTime(
      at('2026-03-24T12:00:00Z'),
      rules('Asia/Tehran', { quietStartMinute: 0, quietEndMinute: 0, isHoliday: nowruz }),
    );
    expect(result).toEqual(at('2026-03-24T20:30:00Z'));
  });

  it('GIVEN a holiday in the recipient’s zone only (it is already 1 January in Ho Chi Minh City) THEN the zone decides', () => {
    const newYear = (day: string) => day === '2027-01-01';
    const evening = at('2026-12-31T18:00:00Z'); // 13:00 in New York, 01:00 on 1 January in Ho Chi Minh City
    expect(nextAllowedTime(evening, rules('America/New_York', { isHoliday: newYear }))).toEqual(evening);
    expect(nextAllowedTime(evening, rules('Asia/Ho_Chi_Minh', { isHoliday: newYear }))).toEqual(
      at('2027-01-02T01:00:00Z'),
    );
  });

  it('GIVEN every day a holiday THEN it gives up after about 60 days instead of looping for ever', () => {
    const result = nextAllowedTime(at('2026-01-01T12:00:00Z'), rules('Europe/Moscow', { isHoliday: () => true }));
    const days = (result.getTime() - at('2026-01-01T12:00:00Z').getTime()) / 86_400_000;
    expect(days).toBeGreaterThan(59);
    expect(days).toBeLessThan(63);
  });
});

describe('nextAllowedTime: properties', () => {
  const ZONES = ['Asia/Tehran', 'Asia/Ho_Chi_Minh', 'Europe/Moscow', 'America/New_York'] as const;
  const WINDOW_START = Date.parse('2026-01-01T00:00:00Z');
  const instant = fc
    .integer({ min: 0, max: 365 * 24 * 60 })
    .map((minutes) => new Date(WINDOW_START + minutes * 60_000 + 17_000));
  const minute = fc.integer({ min: 0, max: 24 * 60 - 1 });
  /** Up to 40 days off in 2026 (never 60 in a row, where the function gives up by design). */
  const holidays = fc
    .uniqueArray(fc.integer({ min: 0, max: 400 }), { maxLength: 40 })
    .map((offsets) => new Set(offsets.map((d) => Temporal.PlainDate.from('2026-01-01').add({ days: d }).toString())));

  function wall(instantAt: Date, timeZone: string) {
    const zoned = Temporal.Instant.fromEpochMilliseconds(instantAt.getTime()).toZonedDateTimeISO(timeZone);
    return { day: zoned.toPlainDate().toString(), minute: zoned.hour * 60 + zoned.minute };
  }

  it('PROPERTY: the result is never earlier than the time asked, never in quiet hours and never on a holiday', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), minute, minute, holidays, (asked, timeZone, start, end, days) => {
        const result = nextAllowedTime(asked, {
          timeZone,
          quietStartMinute: start,
          quietEndMinute: end,
          isHoliday: (day) => days.has(day),
        });
        expect(result.getTime()).toBeGreaterThanOrEqual(asked.getTime());
        const shown = wall(result, timeZone);
        expect(days.has(shown.day), `${result.toISOString()} is on a holiday`).toBe(false);
        expect(inQuietHours(shown.minute, start, end), `${result.toISOString()} is in quiet hours`).toBe(false);
      }),
    );
  });

  it('PROPERTY: a time already allowed is kept as it is', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), minute, minute, holidays, (asked, timeZone, start, end, days) => {
        const shown = wall(asked, timeZone);
        fc.pre(!days.has(shown.day) && !inQuietHours(shown.minute, start, end));
        const result = nextAllowedTime(asked, {
          timeZone,
          quietStartMinute: start,
          quietEndMinute: end,
          isHoliday: (day) => days.has(day),
        });
        expect(result).toEqual(asked);
      }),
    );
  });
});
