import { describe, it, expect } from 'vitest';
import { parseDuration } from '../../src/i18n/when-parser.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('parseDuration', () => {
  it('GIVEN compact forms 90m, 2h, 1h30m, 1h30, 3d, 12h THEN their milliseconds', () => {
    const cases: [string, number][] = [
      ['90m', 90 * MINUTE],
      ['2h', 2 * HOUR],
      ['1h30m', 90 * MINUTE],
      ['1h30', 90 * MINUTE],
      ['3d', 3 * DAY],
      ['12h', 12 * HOUR],
      ['1.5h', 90 * MINUTE],
      [' 45 min ', 45 * MINUTE],
      ['2 weeks', 14 * DAY],
    ];
    for (const [input, ms] of cases) expect(parseDuration(input), input).toBe(ms);
  });

  it('GIVEN Persian, Russian and Vietnamese words THEN their milliseconds', () => {
    const cases: [string, number][] = [
      ['۹۰ دقیقه', 90 * MINUTE],
      ['۱ ساعت و ۳۰ دقیقه', 90 * MINUTE],
      ['۲ روز', 2 * DAY],
      ['2 часа', 2 * HOUR],
      ['1 час 30 минут', 90 * MINUTE],
      ['3 дня', 3 * DAY],
      ['1 giờ 30 phút', 90 * MINUTE],
      ['٩٠ دقيقه', 90 * MINUTE],
    ];
    for (const [input, ms] of cases) expect(parseDuration(input), input).toBe(ms);
  });

  it('GIVEN a bare number, zero, an unknown unit or words THEN null', () => {
    for (const input of ['90', '0m', '2 months', 'soon', '', '1h30x', 'h']) {
      expect(parseDuration(input), input).toBeNull();
    }
  });
});
